/// A named list of formulas over one input vector: a multi-output model.
public struct FormulaSet: Hashable, Sendable {
    /// One output of the model.
    public struct Formula: Hashable, Sendable {
        public var name: String
        public var expr: Expr
        /// Line of the formula in its source file (1-based), for error messages from later stages.
        public var line: Int
        public init(name: String, expr: Expr, line: Int = 0) {
            self.name = name
            self.expr = expr
            self.line = line
        }
    }

    public var formulas: [Formula]

    public init(_ formulas: [Formula]) { self.formulas = formulas }

    /// One more than the highest variable index used (0 for all-constant sets).
    public var inputCount: Int {
        formulas.compactMap(\.expr.maxVariableIndex).max().map { $0 + 1 } ?? 0
    }

    /// Parses `name: formula` lines; `#` starts a comment, blank lines are skipped, and a line without a
    /// name becomes `y<k>`. Names must be identifiers (they become port names) and unique.
    public static func parse(_ text: String, file: String? = nil, variableNames: [String]? = nil) throws(ParseError) -> FormulaSet {
        var out: [Formula] = []
        var seen = Set<String>()
        // "\r\n" is one Character in Swift, so lines are split on any newline, not on "\n" alone.
        for (i, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNo = i + 1
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            if line.allSatisfy(\.isWhitespace) { continue }
            var name = "y\(out.count)"
            var body = line
            var bodyOffset = 0
            if let colon = line.firstIndex(of: ":") {
                let candidate = line[..<colon].trimmingSpaces
                guard isOutputName(candidate) else {
                    throw ParseError(
                        message: "output name '\(candidate)' must be an identifier (letters, digits, _)",
                        line: lineNo, column: 1, sourceLine: String(rawLine), file: file)
                }
                name = String(candidate)
                body = line[line.index(after: colon)...]
                bodyOffset = line.distance(from: line.startIndex, to: colon) + 1
            }
            guard out.count < ExpressionLimits.maxOutputs else {
                throw ParseError(message: "more than \(ExpressionLimits.maxOutputs) formulas; the limit is \(ExpressionLimits.maxOutputs) outputs per design (docs/limits.md)",
                                 line: lineNo, column: 1, sourceLine: String(rawLine), file: file)
            }
            guard seen.insert(name).inserted else {
                throw ParseError(message: "output name '\(name)' is used twice", line: lineNo, column: 1,
                                 sourceLine: String(rawLine), file: file)
            }
            do {
                let e = try ExpressionParser(variableNames: variableNames, file: file, firstLine: lineNo).parse(String(body))
                out.append(Formula(name: name, expr: e, line: lineNo))
            } catch {
                var err = error
                err.column += bodyOffset
                err.sourceLine = String(rawLine)
                throw err
            }
        }
        guard !out.isEmpty else {
            throw ParseError(message: "no formulas found; write one `name: formula` per line", line: 1, column: 1,
                             sourceLine: "", file: file)
        }
        return FormulaSet(out)
    }
}

extension FormulaSet {
    /// True when `name` can name an output: an ASCII identifier (letters, digits, _, not starting with a digit).
    public static func isOutputName<S: StringProtocol>(_ name: S) -> Bool {
        guard let f = name.first, f.isASCII, f.isLetter || f == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// Checks a list of output names given outside a formula file (e.g. `extract --names`): identifiers, no repeats.
    public static func checkOutputNames(_ names: [String], option: String) throws(LimitError) {
        var seen = Set<String>()
        for (i, n) in names.enumerated() {
            guard isOutputName(n) else {
                throw LimitError("\(option): name \(i + 1) '\(n)' must be an identifier (letters, digits, _, not starting with a digit)")
            }
            guard seen.insert(n).inserted else { throw LimitError("\(option): the name '\(n)' is given twice; output names must be unique") }
        }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return s
    }
}
