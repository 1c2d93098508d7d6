import Foundation

/// A loading or preparation failure, located by file, 1-based line (or row) and column.
///
/// CSV errors carry the physical line number in the file, counting the header as line 1,
/// so the position can be opened directly in an editor. NumPy errors carry the 1-based row
/// of the array instead, since a binary file has no lines.
public struct DatasetError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// What went wrong, independent of where.
    public enum Kind: Equatable, Sendable {
        case fileNotFound
        case unreadable(String)
        case emptyFile
        case duplicateColumn(String)
        case missingColumn(String)
        case raggedRow(expected: Int, found: Int)
        case nonNumeric(String)
        case nonFinite(String)
        case unknownLabel(String)
        case corruptGzip(String)
        case malformedNPY(String)
        case unsupportedNPY(String)
        case invalidArgument(String)
        /// The bytes are some other format (an archive, a binary file), named in the message.
        case notCSV(String)
    }

    public let kind: Kind
    /// Path or name of the input (as given by the caller).
    public let file: String
    /// 1-based line in a text file, or 1-based row in a binary array; nil when not row-specific.
    public let line: Int?
    /// Column name when the problem is in one column.
    public let column: String?

    public init(_ kind: Kind, file: String, line: Int? = nil, column: String? = nil) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += " column '\(column)'" }
        return "\(location): \(reason)"
    }

    public var errorDescription: String? { description }

    private var reason: String {
        switch kind {
        case .fileNotFound: return "file not found"
        case .unreadable(let why): return "cannot read file (\(why))"
        case .emptyFile: return "file is empty (no header or no data rows)"
        case .duplicateColumn(let name): return "duplicate column name '\(name)'"
        case .missingColumn(let name): return "no column named '\(name)'"
        case .raggedRow(let expected, let found): return "expected \(expected) cells, found \(found)"
        case .nonNumeric(let cell): return "non-numeric cell '\(cell)'"
        case .nonFinite(let cell): return "non-finite value '\(cell)'"
        case .unknownLabel(let label): return "unknown class label '\(label)'"
        case .corruptGzip(let why): return "corrupt gzip data (\(why))"
        case .malformedNPY(let why): return "malformed .npy file (\(why))"
        case .unsupportedNPY(let why): return "unsupported .npy file (\(why))"
        case .invalidArgument(let why): return why
        case .notCSV(let what): return what
        }
    }
}
