import Foundation
import Verilator

/// A user's own Verilog module checked against the golden model (`cosim --rtl top.v`).
///
/// It must follow the emitted designs' port convention: `clk`, `rst` (synchronous, active high), `in_valid`,
/// one input per formula input, `out_valid`, one output per formula, with the plan's widths.
public struct UserRTL: Sendable {
    public var path: String
    public var fileName: String
    public var text: String
    /// The module simulated: the first module no other module of the file instantiates.
    public var top: String

    /// Reads the file and finds its top module.
    public static func read(_ path: String) throws(FlowError) -> UserRTL {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
            throw FlowError("--rtl \(path): no such file; give the Verilog file holding the module to check")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw FlowError("--rtl \(path): cannot read it as UTF-8 text")
        }
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard name.hasSuffix(".v") || name.hasSuffix(".sv") else {
            throw FlowError("--rtl \(path): the file name must end in .v or .sv")
        }
        let (modules, words) = scan(text)
        let top = modules.first { words[$0, default: 0] == 1 } ?? modules.first
        // No module at all is for Verilator to report (with its file:line), like any other parse error.
        return UserRTL(path: path, fileName: name, text: text, top: top ?? URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent)
    }

    /// Names after the `module` keyword and how often every identifier occurs, outside comments.
    static func scan(_ text: String) -> (modules: [String], words: [String: Int]) {
        var names: [String] = []
        var counts: [String: Int] = [:]
        var inBlock = false
        for raw in text.split(whereSeparator: \.isNewline) {
            var line = Substring(raw)
            if inBlock {
                guard let end = line.range(of: "*/") else { continue }
                line = line[end.upperBound...]
                inBlock = false
            }
            while let open = line.range(of: "/*") {
                if let close = line[open.upperBound...].range(of: "*/") {
                    line = line[..<open.lowerBound] + line[close.upperBound...]
                } else {
                    line = line[..<open.lowerBound]
                    inBlock = true
                }
            }
            if let c = line.range(of: "//") { line = line[..<c.lowerBound] }
            let words = line.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "$") })
            for (i, w) in words.enumerated() {
                counts[String(w), default: 0] += 1
                if w == "module" && i + 1 < words.count { names.append(String(words[i + 1])) }
            }
        }
        return (names, counts)
    }

    /// Verilator's complaint about the user's file, said in terms of the file and the port convention.
    static func explain(_ e: VerilatorError, path: String, ports: [PortSpec]) -> FlowError {
        switch e {
        case .verilatorFailed(let stderr):
            // Verilator names the copy in the build folder; the user knows the file by the path they gave.
            let named = stderr.replacingOccurrences(of: #"[^\s:]*/src/"# + NSRegularExpression.escapedPattern(for: URL(fileURLWithPath: path).lastPathComponent),
                                                    with: path, options: .regularExpression)
            let lines = named.split(separator: "\n").filter { $0.hasPrefix("%Error") || $0.hasPrefix("%Warning") }.prefix(10)
            return FlowError("--rtl \(path): Verilator cannot parse it:\n" + (lines.isEmpty ? named : lines.joined(separator: "\n")))
        case .portMismatch(let message):
            let convention = (["clk [1 bit]"] + ports.map { "\($0.direction.rawValue) \($0.name) [\($0.width) bit\($0.width == 1 ? "" : "s")]" }).joined(separator: ", ")
            return FlowError("--rtl \(path): \(message); the formulas need the ports: \(convention)")
        default:
            return FlowError("--rtl \(path): \(e)")
        }
    }
}
