/// Prints expressions as SymPy/PySR text with the fewest parentheses that re-parse to the same tree.
extension Expr: CustomStringConvertible {
    public var description: String { ExpressionPrinter().print(self) }
}

/// Prints `Expr` so that `ExpressionParser().parse(print(e)) == e`.
public struct ExpressionPrinter {
    /// Names for variables in index order; nil prints `x0`, `x1`, …
    public var variableNames: [String]?

    public init(variableNames: [String]? = nil) { self.variableNames = variableNames }

    // Binding strength, loosest first; mirrors the parser's grammar levels.
    enum Level: Int, Comparable {
        case sum = 0, product, unary, power, atom
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    public func print(_ e: Expr) -> String { text(e).0 }

    /// Checks that `names` can stand for variables in printed text that parses back: identifiers
    /// (a letter or `_`, then letters, digits, `_`), distinct, and not a function name or `pi`.
    public static func checkVariableNames(_ names: [String]) throws(VariableNameError) {
        var seen = Set<String>()
        for (i, n) in names.enumerated() {
            let chars = Array(n)
            guard let first = chars.first, first.isLetter || first == "_",
                  chars.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw VariableNameError(name: n, index: i, reason: "it is not an identifier (a letter or '_', then letters, digits or '_')")
            }
            if Function(rawValue: n) != nil || n == "pi" {
                throw VariableNameError(name: n, index: i, reason: "it is a function or constant of the expression language")
            }
            guard seen.insert(n).inserted else { throw VariableNameError(name: n, index: i, reason: "it is used twice") }
        }
    }

    /// Prints a constant with the shortest text that round-trips to the same Double.
    public static func number(_ v: Double) -> String {
        if v == v.rounded(), Swift.abs(v) < 1e15 { return String(Int64(v)) + (v == 0 && v.sign == .minus ? ".0" : "") }
        return "\(v)"
    }

    func name(_ i: Int) -> String {
        if let names = variableNames, i < names.count { return names[i] }
        return "x\(i)"
    }

    func text(_ e: Expr) -> (String, Level) {
        switch e {
        case .number(let v):
            if v.sign == .minus { return ("(-\(Self.number(-v)))", .atom) }
            return (Self.number(v), .atom)
        case .variable(let i):
            return (name(i), .atom)
        case .call(let f, let a):
            return ("\(f.rawValue)(\(text(a).0))", .atom)
        case .negate(let a):
            // A bare literal after '-' would fold into a negative constant; parenthesise it.
            if case .number(let v) = a, v.sign == .plus { return ("-(\(Self.number(v)))", .unary) }
            return ("-" + wrap(a, atLeast: .unary), .unary)
        case .binary(let op, let a, let b):
            switch op {
            case .add, .sub:
                return (chain(e, level: .sum, operand: .product), .sum)
            case .mul, .div:
                return (chain(e, level: .product, operand: .unary), .product)
            case .pow:
                return ("\(wrap(a, atLeast: .atom))**\(wrap(b, atLeast: .unary))", .power)
            }
        }
    }

    /// A left-nested chain of one level (`a + b - c`, `a*b/c`) printed in a loop, so a long flat sum
    /// costs one stack frame, not one per term.
    func chain(_ e: Expr, level: Level, operand: Level) -> String {
        func link(_ x: Expr) -> (BinaryOperator, Expr, Expr)? {
            guard case .binary(let op, let l, let r) = x else { return nil }
            switch (op, level) {
            case (.add, .sum), (.sub, .sum), (.mul, .product), (.div, .product): return (op, l, r)
            default: return nil
            }
        }
        var rights: [(BinaryOperator, Expr)] = []
        var base = e
        while let (op, l, r) = link(base) {
            rights.append((op, r))
            base = l
        }
        var out = wrap(base, atLeast: level)
        // A negative constant factor in front prints bare (`-0.44*x14`): the parser folds a '-' before a
        // literal that is not a power base into the constant, so this reads back as the same tree.
        if level == .product, case .number(let v) = base, v.sign == .minus, v != 0 {
            out = "-" + Self.number(-v)
        }
        for (op, r) in rights.reversed() {
            out += level == .sum ? " \(op.rawValue) " : op.rawValue
            out += wrap(r, atLeast: operand)
        }
        return out
    }

    func wrap(_ e: Expr, atLeast level: Level) -> String {
        let (s, l) = text(e)
        return l >= level ? s : "(\(s))"
    }
}

/// A name that cannot be printed as a variable of the expression language.
public struct VariableNameError: Error, Equatable, CustomStringConvertible, Sendable {
    public var name: String
    /// Position of the name in its list (the input column).
    public var index: Int
    public var reason: String
    public var description: String {
        "variable name '\(name)' (input \(index)) cannot be printed in a formula: \(reason); print x\(index) instead (--variables x)"
    }
}
