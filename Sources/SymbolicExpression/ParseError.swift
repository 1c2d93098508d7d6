/// A parse failure with its position, printed compiler-style with the offending line and a caret.
public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What went wrong and, where possible, how to fix it.
    public var message: String
    /// 1-based line of the offending character.
    public var line: Int
    /// 1-based column of the offending character.
    public var column: Int
    /// The full source line, for the caret display.
    public var sourceLine: String
    /// The file the text came from, when known.
    public var file: String?

    public init(message: String, line: Int, column: Int, sourceLine: String, file: String? = nil) {
        self.message = message
        self.line = line
        self.column = column
        self.sourceLine = sourceLine
        self.file = file
    }

    public var description: String {
        let place = (file.map { "\($0):" } ?? "") + "\(line):\(column)"
        let caret = String(repeating: " ", count: max(0, column - 1)) + "^"
        return "\(place): error: \(message)\n    \(sourceLine)\n    \(caret)"
    }
}
