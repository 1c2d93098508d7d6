import Foundation

/// Where the formulas of a command come from: a file named by the argument, or the argument's own text.
///
/// The rule for telling them apart: an argument naming an existing file is that file; any other argument
/// is formula text. When that text does not parse and looks like a path (it contains a path separator
/// or ends in a file extension such as `.txt` or `.csv`: a dot followed by a letter, which no formula
/// contains), the error says the file does not exist instead of reporting an unknown variable `ff` in
/// `ff.txt` or `models` in `models/set`.
public enum FormulaSource: Equatable, Sendable {
    case file(String)
    case text(String)

    /// Classifies a command-line argument (see the type's rule).
    public static func classify(_ argument: String, fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> FormulaSource {
        if fileExists(argument) { return .file(argument) }
        if looksLikePath(argument), (try? parseText(argument)) == nil { return .file(argument) }
        return .text(argument)
    }

    static func parseText(_ t: String) throws -> FormulaSet {
        if t.contains(":") { return try FormulaSet.parse(t, file: "<argument>") }
        let e = try ExpressionParser(file: "<argument>").parse(t)
        return FormulaSet([.init(name: "y", expr: e, line: 1)])
    }

    /// True for arguments that can only be meant as a path.
    public static func looksLikePath(_ argument: String) -> Bool {
        if argument.contains("/") || argument.contains("\\") { return true }
        let trimmed = argument.trimmingCharacters(in: .whitespaces)
        guard let dot = trimmed.lastIndex(of: "."), dot != trimmed.startIndex else { return false }
        let ext = trimmed[trimmed.index(after: dot)...]
        return !ext.isEmpty && ext.first!.isLetter && ext.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            && !trimmed.contains(where: { "+*^() ".contains($0) })
    }

    /// Reads and parses the formulas; returns them with the file's base name (or nil for text).
    public static func load(_ argument: String) throws -> (set: FormulaSet, baseName: String?) {
        switch classify(argument) {
        case .text(let t):
            return (try parseText(t), nil)
        case .file(let path):
            let text = try readText(path)
            let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            return (try FormulaSet.parse(text, file: path), base)
        }
    }

    /// The text of a formula file, or a message saying why it cannot be one.
    public static func readText(_ path: String) throws(FormulaFileError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FormulaFileError(path: path, message: "formula file does not exist; give an existing file or a formula such as \"2*x0 + x1\"")
        }
        guard !isDirectory.boolValue else { throw FormulaFileError(path: path, message: "is a directory, not a formula file") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FormulaFileError(path: path, message: "cannot be opened for reading (check its permissions)")
        }
        defer { try? handle.close() }
        // The character limit bounds the bytes worth reading (4 bytes per UTF-8 character at most).
        let cap = ExpressionLimits.maxOutputs * ExpressionLimits.maxFormulaCharacters / 64
        let data = (try? handle.read(upToCount: cap + 1)) ?? Data()
        guard data.count <= cap else {
            throw FormulaFileError(path: path, message: "is larger than \(cap) bytes, beyond the formula limits (docs/limits.md)")
        }
        if data.contains(0) {
            throw FormulaFileError(path: path, message: "holds binary data (a NUL byte), not formula text")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FormulaFileError(path: path, message: "is not UTF-8 text; save it as UTF-8")
        }
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }
}

/// A formula file that cannot be read as text.
public struct FormulaFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}
