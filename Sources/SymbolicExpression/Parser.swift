/// Parses SymPy/PySR expression text into `Expr`.
///
/// Grammar (Python precedence): `sum := product (('+'|'-') product)*`,
/// `product := unary (('*'|'/') unary)*`, `unary := ('-'|'+') unary | power`,
/// `power := atom (('**'|'^') unary)?` (right-associative, so `-x**2` is `-(x**2)`),
/// `atom := number | name | name '(' sum ')' | '(' sum ')'`.
/// A minus directly before a literal that is not a power base folds into a negative constant,
/// which keeps `parse(print(e)) == e` for negative constants.
public struct ExpressionParser {
    /// Names of the variables in index order; nil means only `x0`, `x1`, … are accepted.
    public var variableNames: [String]?
    /// The file the text came from, for error messages.
    public var file: String?
    /// Line number (1-based) of the first line of the text inside its file.
    public var firstLine: Int
    /// Operator names beyond the language's own functions (PySR's `square`, `neg`, `safe_log`, `plus(a, b)` …);
    /// nil accepts only `Function`'s names.
    public var operators: OperatorTable?

    public init(variableNames: [String]? = nil, file: String? = nil, firstLine: Int = 1) {
        self.variableNames = variableNames
        self.file = file
        self.firstLine = firstLine
    }

    /// Parses a whole expression; trailing text is an error.
    public func parse(_ text: String) throws(ParseError) -> Expr {
        var state = State(text: text, parser: self)
        guard state.chars.count <= ExpressionLimits.maxFormulaCharacters else {
            throw state.error("formula is \(state.chars.count) characters long; the limit is \(ExpressionLimits.maxFormulaCharacters) (docs/limits.md)", offset: 0)
        }
        try state.advance()
        let e = try state.parseSum().expr
        if state.token.kind != .end {
            throw state.error("unexpected \(state.token.kind.display) after a complete expression", at: state.token)
        }
        return e
    }

    struct Token {
        enum Kind: Equatable {
            case number(Double), name(String), plus, minus, star, slash, power, lparen, rparen, comma, end
            var display: String {
                switch self {
                case .number(let v): return "number \(v)"
                case .name(let n): return "'\(n)'"
                case .plus: return "'+'"
                case .minus: return "'-'"
                case .star: return "'*'"
                case .slash: return "'/'"
                case .power: return "'**'"
                case .lparen: return "'('"
                case .rparen: return "')'"
                case .comma: return "','"
                case .end: return "end of input"
                }
            }
        }
        var kind: Kind
        var offset: Int
    }

    struct State {
        let chars: [Character]
        let parser: ExpressionParser
        var pos = 0
        var token = Token(kind: .end, offset: 0)
        var peeked: Token?
        /// Current recursion depth of the descent (parentheses, calls, signs, powers).
        var nesting = 0

        init(text: String, parser: ExpressionParser) {
            self.chars = Array(text)
            self.parser = parser
        }

        func error(_ message: String, at token: Token) -> ParseError { error(message, offset: token.offset) }

        func error(_ message: String, offset: Int) -> ParseError {
            var line = 0, lineStart = 0
            var i = 0
            while i < offset && i < chars.count {
                if chars[i] == "\n" { line += 1; lineStart = i + 1 }
                i += 1
            }
            var lineEnd = lineStart
            while lineEnd < chars.count && chars[lineEnd] != "\n" { lineEnd += 1 }
            return ParseError(
                message: message, line: parser.firstLine + line, column: offset - lineStart + 1,
                sourceLine: String(chars[lineStart..<lineEnd]), file: parser.file)
        }

        mutating func advance() throws(ParseError) {
            if let p = peeked { token = p; peeked = nil; return }
            token = try lex()
        }

        mutating func peek() throws(ParseError) -> Token {
            if let p = peeked { return p }
            let t = try lex()
            peeked = t
            return t
        }

        mutating func lex() throws(ParseError) -> Token {
            while pos < chars.count, chars[pos].isWhitespace { pos += 1 }
            let start = pos
            guard pos < chars.count else { return Token(kind: .end, offset: start) }
            let c = chars[pos]
            switch c {
            case "+": pos += 1; return Token(kind: .plus, offset: start)
            case "-": pos += 1; return Token(kind: .minus, offset: start)
            case "/": pos += 1; return Token(kind: .slash, offset: start)
            case "^": pos += 1; return Token(kind: .power, offset: start)
            case "(": pos += 1; return Token(kind: .lparen, offset: start)
            case ")": pos += 1; return Token(kind: .rparen, offset: start)
            // Only operator tables have calls of two arguments; plain text keeps its old message for a comma.
            case "," where parser.operators != nil: pos += 1; return Token(kind: .comma, offset: start)
            case "*":
                pos += 1
                if pos < chars.count, chars[pos] == "*" { pos += 1; return Token(kind: .power, offset: start) }
                return Token(kind: .star, offset: start)
            default: break
            }
            if c.isASCII && (c.isNumber || c == ".") { return try lexNumber(start) }
            if c.isLetter || c == "_" {
                while pos < chars.count, chars[pos].isLetter || chars[pos].isNumber || chars[pos] == "_" { pos += 1 }
                return Token(kind: .name(String(chars[start..<pos])), offset: start)
            }
            throw error("unexpected character '\(c)'", offset: start)
        }

        mutating func lexNumber(_ start: Int) throws(ParseError) -> Token {
            var sawDigit = false
            while pos < chars.count, chars[pos].isASCII, chars[pos].isNumber { pos += 1; sawDigit = true }
            if pos < chars.count, chars[pos] == "." {
                pos += 1
                while pos < chars.count, chars[pos].isASCII, chars[pos].isNumber { pos += 1; sawDigit = true }
            }
            guard sawDigit else { throw error("a number needs at least one digit", offset: start) }
            if pos < chars.count, chars[pos] == "e" || chars[pos] == "E" {
                var p = pos + 1
                if p < chars.count, chars[p] == "+" || chars[p] == "-" { p += 1 }
                let digitsStart = p
                while p < chars.count, chars[p].isASCII, chars[p].isNumber { p += 1 }
                guard p > digitsStart else { throw error("exponent of a number needs digits", offset: pos) }
                pos = p
            }
            let text = String(chars[start..<pos])
            guard let v = Double(text), v.isFinite else {
                throw error("number '\(text)' is out of range", offset: start)
            }
            return Token(kind: .number(v), offset: start)
        }

        mutating func expect(_ kind: Token.Kind, _ what: String) throws(ParseError) {
            guard token.kind == kind else {
                throw error("expected \(what) but found \(token.kind.display)", at: token)
            }
            try advance()
        }

        /// A parsed sub-tree and its depth (a leaf is 1), so that deep trees are refused where they get too deep.
        struct Parsed {
            var expr: Expr
            var depth: Int
        }

        func combine(_ op: BinaryOperator, _ a: Parsed, _ b: Parsed, at t: Token) throws(ParseError) -> Parsed {
            let depth = Swift.max(a.depth, b.depth) + 1
            guard depth <= ExpressionLimits.maxDepth else { throw tooDeep(at: t) }
            return Parsed(expr: .binary(op, a.expr, b.expr), depth: depth)
        }

        func tooDeep(at t: Token) -> ParseError {
            error("expression is more than \(ExpressionLimits.maxDepth) levels deep (each operator of a chain like a + b + c adds one); split it into several formulas (docs/limits.md)", at: t)
        }

        mutating func parseSum() throws(ParseError) -> Parsed {
            var lhs = try parseProduct()
            while true {
                let t = token
                switch t.kind {
                case .plus: try advance(); lhs = try combine(.add, lhs, try parseProduct(), at: t)
                case .minus: try advance(); lhs = try combine(.sub, lhs, try parseProduct(), at: t)
                default: return lhs
                }
            }
        }

        mutating func parseProduct() throws(ParseError) -> Parsed {
            var lhs = try parseUnary()
            while true {
                let t = token
                switch t.kind {
                case .star: try advance(); lhs = try combine(.mul, lhs, try parseUnary(), at: t)
                case .slash: try advance(); lhs = try combine(.div, lhs, try parseUnary(), at: t)
                default: return lhs
                }
            }
        }

        /// Every descent passes through here, so this is where the nesting limit is kept.
        mutating func parseUnary() throws(ParseError) -> Parsed {
            guard nesting < ExpressionLimits.maxNesting else {
                throw error("parentheses, calls, signs and powers are nested more than \(ExpressionLimits.maxNesting) deep; simplify the formula (docs/limits.md)", at: token)
            }
            nesting += 1
            defer { nesting -= 1 }
            let t = token
            switch t.kind {
            case .minus:
                try advance()
                if case .number(let v) = token.kind, try peek().kind != .power {
                    try advance()
                    return Parsed(expr: .number(-v), depth: 1)
                }
                let a = try parseUnary()
                return try wrap(.negate(a.expr), a, at: t)
            case .plus:
                try advance()
                return try parseUnary()
            default:
                return try parsePower()
            }
        }

        func wrap(_ e: Expr, _ inner: Parsed, at t: Token) throws(ParseError) -> Parsed {
            guard inner.depth < ExpressionLimits.maxDepth else { throw tooDeep(at: t) }
            return Parsed(expr: e, depth: inner.depth + 1)
        }

        mutating func parsePower() throws(ParseError) -> Parsed {
            let base = try parseAtom()
            let t = token
            if t.kind == .power {
                try advance()
                return try combine(.pow, base, try parseUnary(), at: t)
            }
            return base
        }

        mutating func parseAtom() throws(ParseError) -> Parsed {
            let t = token
            switch t.kind {
            case .number(let v):
                try advance()
                return Parsed(expr: .number(v), depth: 1)
            case .lparen:
                // `(-2.5)` is how the printer writes a negative constant: a leaf, so it costs no nesting and
                // printed text never nests deeper than the text it came from.
                var probe = self
                if let v = probe.parenthesizedLiteral() {
                    self = probe
                    return Parsed(expr: .number(v), depth: 1)
                }
                try advance()
                let e = try parseSum()
                try expect(.rparen, "')' to close the '(' at column \(error("", at: t).column)")
                return e
            case .name(let name):
                try advance()
                if token.kind == .lparen {
                    if Function(rawValue: name) == nil, let table = parser.operators {
                        return try parseTableCall(name, table, at: t)
                    }
                    guard let f = Function(rawValue: name) else {
                        let known = Function.allCases.map(\.rawValue).joined(separator: ", ")
                        throw error("unknown function '\(name)'; known functions: \(known)", at: t)
                    }
                    try advance()
                    let arg = try parseSum()
                    try expect(.rparen, "')' to close the call of \(name)")
                    return try wrap(.call(f, arg.expr), arg, at: t)
                }
                return Parsed(expr: try variable(name, t), depth: 1)
            case .end:
                throw error("expression ends where an operand was expected", at: t)
            default:
                throw error("expected a number, variable, function call or '(' but found \(t.kind.display)", at: t)
            }
        }

        /// A call of an operator from `table` (the name is read, the current token is its '(').
        mutating func parseTableCall(_ name: String, _ table: OperatorTable, at t: Token) throws(ParseError) -> Parsed {
            guard let op = table.operators[name] else {
                let known = (Function.allCases.map(\.rawValue) + table.operators.keys.sorted()).joined(separator: ", ")
                throw error("unknown \(table.name) operator '\(name)'; known: \(known)", at: t)
            }
            try advance()
            var args: [Parsed] = [try parseSum()]
            while token.kind == .comma {
                try advance()
                args.append(try parseSum())
            }
            guard args.count == op.arity else {
                throw error("\(name) takes \(op.arity) argument\(op.arity == 1 ? "" : "s") but is given \(args.count)", at: t)
            }
            try expect(.rparen, "')' to close the call of \(name)")
            let depth = (args.map(\.depth).max() ?? 0) + op.depth
            guard depth <= ExpressionLimits.maxDepth else { throw tooDeep(at: t) }
            return Parsed(expr: op.build(args.map(\.expr)), depth: depth)
        }

        /// `( NUMBER )` or `( - NUMBER )`, consumed whole, or nil (and the caller discards this state).
        /// No error is built on the way: that would copy the source line once per parenthesis.
        mutating func parenthesizedLiteral() -> Double? {
            guard (try? advance()) != nil else { return nil }
            var sign = 1.0
            if token.kind == .minus {
                sign = -1
                guard (try? advance()) != nil else { return nil }
            }
            guard case .number(let v) = token.kind, (try? advance()) != nil, token.kind == .rparen,
                  (try? advance()) != nil else { return nil }
            return sign * v
        }

        func variable(_ name: String, _ t: Token) throws(ParseError) -> Expr {
            if name == "pi" { return .number(Double.pi) }
            if let names = parser.variableNames {
                if let i = names.firstIndex(of: name) { return .variable(i) }
                throw error("unknown variable '\(name)'; declared variables: \(names.joined(separator: ", "))", at: t)
            }
            if name.first == "x" {
                var digits = Substring(name.dropFirst())
                if digits.first == "_" { digits = digits.dropFirst() }
                if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                    // Compared as text first: an index too long for Int must not overflow.
                    guard digits.count <= 9, let i = Int(digits), i < ExpressionLimits.maxInputs else {
                        throw error("variable '\(name)' is beyond the limit of \(ExpressionLimits.maxInputs) inputs (x0 … x\(ExpressionLimits.maxInputs - 1); docs/limits.md)", at: t)
                    }
                    return .variable(i)
                }
            }
            throw error("unknown variable '\(name)'; variables are x0, x1, … (or declare names)", at: t)
        }
    }
}

extension Expr {
    /// Parses SymPy/PySR text with variables `x0..xN`.
    public static func parse(_ text: String) throws(ParseError) -> Expr {
        try ExpressionParser().parse(text)
    }
}
