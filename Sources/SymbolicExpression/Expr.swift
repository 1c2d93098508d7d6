/// A symbolic expression over an input vector `x0..xN`: the IR every importer produces and every
/// lowering consumes.
///
/// Variables are resolved to indices at parse time so that later stages never look names up.
/// The enum is exhaustive on purpose: adding a node kind must break every pass that does not handle it.
public indirect enum Expr: Hashable, Sendable {
    case number(Double)
    case variable(Int)
    case negate(Expr)
    case binary(BinaryOperator, Expr, Expr)
    case call(Function, Expr)
}

/// The binary operators of the expression language.
public enum BinaryOperator: String, CaseIterable, Hashable, Sendable, Codable {
    case add = "+"
    case sub = "-"
    case mul = "*"
    case div = "/"
    case pow = "**"
}

/// The unary functions of the expression language (SymPy/PySR spelling).
public enum Function: String, CaseIterable, Hashable, Sendable, Codable {
    case sin, cos, tan, exp, log, sqrt, abs, tanh, sinh, cosh, sigmoid, gauss, square, cube, inv

    /// The float definition of the function; `gauss(z) = exp(-z²)`.
    @inlinable
    public func apply(_ x: Double) -> Double {
        switch self {
        case .sin: return _sin(x)
        case .cos: return _cos(x)
        case .tan: return _tan(x)
        case .exp: return _exp(x)
        case .log: return _log(x)
        case .sqrt: return x.squareRoot()
        case .abs: return Swift.abs(x)
        case .tanh: return _tanh(x)
        case .sinh: return _sinh(x)
        case .cosh: return _cosh(x)
        case .sigmoid: return 1 / (1 + _exp(-x))
        case .gauss: return _exp(-x * x)
        case .square: return x * x
        case .cube: return x * x * x
        case .inv: return 1 / x
        }
    }
}

extension Expr {
    public static func + (a: Expr, b: Expr) -> Expr { .binary(.add, a, b) }
    public static func - (a: Expr, b: Expr) -> Expr { .binary(.sub, a, b) }
    public static func * (a: Expr, b: Expr) -> Expr { .binary(.mul, a, b) }
    public static func / (a: Expr, b: Expr) -> Expr { .binary(.div, a, b) }
    public static prefix func - (a: Expr) -> Expr { .negate(a) }

    /// The highest variable index used, or nil for a constant expression.
    public var maxVariableIndex: Int? {
        switch self {
        case .number: return nil
        case .variable(let i): return i
        case .negate(let a), .call(_, let a): return a.maxVariableIndex
        case .binary(_, let a, let b):
            switch (a.maxVariableIndex, b.maxVariableIndex) {
            case let (x?, y?): return Swift.max(x, y)
            case let (x?, nil): return x
            case let (nil, y?): return y
            case (nil, nil): return nil
            }
        }
    }

    /// The sorted set of variable indices the expression reads.
    public var variables: Set<Int> {
        var out = Set<Int>()
        func walk(_ e: Expr) {
            switch e {
            case .number: break
            case .variable(let i): out.insert(i)
            case .negate(let a), .call(_, let a): walk(a)
            case .binary(_, let a, let b): walk(a); walk(b)
            }
        }
        walk(self)
        return out
    }

    /// Number of nodes in the tree: the complexity measure reported for extracted formulas.
    public var nodeCount: Int {
        switch self {
        case .number, .variable: return 1
        case .negate(let a), .call(_, let a): return 1 + a.nodeCount
        case .binary(_, let a, let b): return 1 + a.nodeCount + b.nodeCount
        }
    }
}
