import Foundation

/// A PySR front as PySR writes it: `hall_of_fame.csv` (columns Complexity, Loss, Equation; one row per
/// complexity on the front), or one `hall_of_fame_output<K>.csv` per output of a multi-output fit.
///
/// Equations use PySR's operator names (`square`, `neg`, `safe_log`, `plus(a, b)`, …; see
/// `OperatorTable.pysr`) and variables `x0`, `x1`, …. Errors name file, line and column of the CSV.
public struct HallOfFame: Sendable, Equatable {
    /// One equation of the front.
    public struct Entry: Sendable, Equatable {
        /// PySR's complexity (its own count, not our node count).
        public var complexity: Int
        /// PySR's loss on its training data (float model).
        public var loss: Double
        public var expr: Expr
        /// Line of the row in its file (1-based).
        public var line: Int
    }

    public var file: String
    /// The output's name: `y` for a single-output fit, `y<K>` for `hall_of_fame_output<K>.csv`.
    public var output: String
    public var entries: [Entry]

    /// True for the file names PySR writes (also its `.bak` copies).
    public static func isHallOfFameFile(_ path: String) -> Bool {
        let base = URL(fileURLWithPath: path).lastPathComponent
        return base.hasPrefix("hall_of_fame") && (base.hasSuffix(".csv") || base.hasSuffix(".csv.bak"))
    }

    /// The output name PySR's file name implies (`hall_of_fame_output2.csv` → `y2`).
    public static func outputName(forFile path: String) -> String {
        var base = URL(fileURLWithPath: path).lastPathComponent
        for suffix in [".bak", ".csv"] where base.hasSuffix(suffix) { base = String(base.dropLast(suffix.count)) }
        if let r = base.range(of: "_output"), let k = Int(base[r.upperBound...]) { return "y\(k)" }
        return "y"
    }

    /// Reads and parses one file.
    public static func load(_ path: String) throws -> HallOfFame {
        let text = try FormulaSource.readText(path)
        return try parse(text, file: path, output: outputName(forFile: path))
    }

    /// Parses the text of one file.
    public static func parse(_ text: String, file: String, output: String) throws(ParseError) -> HallOfFame {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        guard let headerIndex = lines.firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            throw ParseError(message: "empty file; a PySR hall of fame starts with the header Complexity,Loss,Equation",
                             line: 1, column: 1, sourceLine: "", file: file)
        }
        let headerLine = lines[headerIndex]
        // Old PySR versions separated with '|'.
        let separator: Character = headerLine.contains(",") || !headerLine.contains("|") ? "," : "|"
        let header = try fields(headerLine, separator: separator, line: headerIndex + 1, file: file).map { $0.text.lowercased() }
        func column(_ names: [String]) throws(ParseError) -> Int {
            guard let i = header.firstIndex(where: { names.contains($0) }) else {
                throw ParseError(message: "the header has no \(names[0].capitalized) column; PySR writes Complexity,Loss,Equation (found: \(header.joined(separator: ", ")))",
                                 line: headerIndex + 1, column: 1, sourceLine: headerLine, file: file)
            }
            return i
        }
        let cComplexity = try column(["complexity"]), cLoss = try column(["loss", "mse"]), cEquation = try column(["equation"])
        var parser = ExpressionParser(file: file)
        parser.operators = .pysr
        var entries: [Entry] = []
        for i in (headerIndex + 1)..<lines.count {
            let raw = lines[i]
            if raw.allSatisfy(\.isWhitespace) { continue }
            let lineNo = i + 1
            let cells = try fields(raw, separator: separator, line: lineNo, file: file)
            func fail(_ message: String, _ column: Int) -> ParseError {
                ParseError(message: message, line: lineNo, column: column, sourceLine: raw, file: file)
            }
            guard cells.count == header.count else {
                throw fail("row has \(cells.count) fields but the header has \(header.count); quote an equation that contains '\(separator)'", 1)
            }
            let c = cells[cComplexity], l = cells[cLoss], e = cells[cEquation]
            guard let complexity = Int(c.text), complexity > 0 else { throw fail("complexity '\(c.text)' is not a positive whole number", c.column) }
            guard let loss = Double(l.text) else { throw fail("loss '\(l.text)' is not a number", l.column) }
            do {
                parser.firstLine = lineNo
                let expr = try parser.parse(e.text)
                entries.append(Entry(complexity: complexity, loss: loss, expr: expr, line: lineNo))
            } catch {
                // The parser counts columns inside the equation; the user sees them inside the CSV line.
                var err = error
                err.line = lineNo
                err.column += e.column - 1
                err.sourceLine = raw
                throw err
            }
        }
        guard !entries.isEmpty else {
            throw ParseError(message: "no equations below the header", line: headerIndex + 1, column: 1, sourceLine: headerLine, file: file)
        }
        return HallOfFame(file: file, output: output, entries: entries)
    }

    /// A CSV field and the 1-based column where its text starts.
    struct Field { var text: String; var column: Int }

    /// Splits one CSV line; fields may be quoted with `"` (a doubled `""` inside is one quote).
    static func fields(_ line: String, separator: Character, line lineNo: Int, file: String) throws(ParseError) -> [Field] {
        let chars = Array(line)
        var out: [Field] = []
        var i = 0
        while true {
            while i < chars.count, chars[i] == " " { i += 1 }
            var text = ""
            let start: Int
            if i < chars.count, chars[i] == "\"" {
                let open = i
                i += 1
                start = i
                var closed = false
                while i < chars.count {
                    if chars[i] == "\"" {
                        if i + 1 < chars.count, chars[i + 1] == "\"" { text.append("\""); i += 2; continue }
                        closed = true
                        i += 1
                        break
                    }
                    text.append(chars[i])
                    i += 1
                }
                guard closed else {
                    throw ParseError(message: "the quote opened here is not closed", line: lineNo, column: open + 1, sourceLine: line, file: file)
                }
                while i < chars.count, chars[i] == " " { i += 1 }
                guard i == chars.count || chars[i] == separator else {
                    throw ParseError(message: "unexpected text after a quoted field", line: lineNo, column: i + 1, sourceLine: line, file: file)
                }
            } else {
                start = i
                while i < chars.count, chars[i] != separator { text.append(chars[i]); i += 1 }
                text = text.trimmingCharacters(in: .whitespaces)
            }
            out.append(Field(text: text, column: start + 1))
            if i >= chars.count { return out }
            i += 1  // the separator
        }
    }
}

/// The formula sets a PySR front offers as hardware: every equation of a single-output fit, or, for a
/// multi-output fit, one set per complexity cap (each output takes its best equation within the cap).
public struct PySRFront: Sendable, Equatable {
    public var outputs: [HallOfFame]

    /// One candidate model.
    public struct Model: Sendable, Equatable {
        /// "c7" for a single output, "cap7" for a multi-output set.
        public var label: String
        public var set: FormulaSet
        /// PySR's complexity per output.
        public var complexities: [Int]
        /// PySR's loss per output.
        public var losses: [Double]
    }

    public init(_ outputs: [HallOfFame]) { self.outputs = outputs }

    /// Loads one file per output, ordered by the output index in the file names.
    public static func load(_ paths: [String]) throws -> PySRFront {
        var fronts = try paths.map(HallOfFame.load)
        fronts.sort { ($0.output.count, $0.output) < ($1.output.count, $1.output) }
        for (a, b) in zip(fronts, fronts.dropFirst()) where a.output == b.output {
            throw FormulaFileError(path: b.file, message: "is the same output (\(a.output)) as \(a.file); give one hall_of_fame file per output")
        }
        return PySRFront(fronts)
    }

    public var models: [Model] {
        if outputs.count == 1 {
            let h = outputs[0]
            return h.entries.map { e in
                Model(label: "c\(e.complexity)", set: FormulaSet([.init(name: h.output, expr: e.expr, line: e.line)]),
                      complexities: [e.complexity], losses: [e.loss])
            }
        }
        let caps = Set(outputs.flatMap { $0.entries.map(\.complexity) }).sorted()
        var out: [Model] = []
        var seen = Set<[Int]>()
        for cap in caps {
            // PySR's front improves with complexity, so the best equation within the cap is the lowest loss there.
            let picks = outputs.map { h in h.entries.filter { $0.complexity <= cap }.min { ($0.loss, $0.complexity) < ($1.loss, $1.complexity) } }
            guard picks.allSatisfy({ $0 != nil }) else { continue }
            let chosen = picks.map { $0! }
            guard seen.insert(chosen.map(\.line)).inserted else { continue }
            out.append(Model(label: "cap\(cap)", set: FormulaSet(zip(outputs, chosen).map { .init(name: $0.output, expr: $1.expr, line: $1.line) }),
                             complexities: chosen.map(\.complexity), losses: chosen.map(\.loss)))
        }
        return out
    }
}
