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
        // Long lines are shown as a window around the column, so the caret stays on screen.
        let chars = Array(sourceLine)
        let width = 100
        var lo = 0, hi = chars.count
        if chars.count > width {
            lo = max(0, min(column - 1 - width / 2, chars.count - width))
            hi = min(chars.count, lo + width)
        }
        let shown = (lo > 0 ? "…" : "") + String(chars[lo..<hi]) + (hi < chars.count ? "…" : "")
        let caret = String(repeating: " ", count: max(0, column - 1 - lo + (lo > 0 ? 1 : 0))) + "^"
        return "\(place): error: \(message)\n    \(shown)\n    \(caret)"
    }
}
