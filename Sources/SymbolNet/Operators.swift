import SymbolicExpression

/// A unary activation of the SymbolNet library; a pruned node falls back to `identity`.
public enum UnaryOperator: String, CaseIterable, Codable, Sendable {
    case identity, sin, cos, exp, sinh, cosh, tanh, gauss, square, cube
    /// `log(0.001 + |x|)`: the offset keeps the activation finite at zero, as in the reference.
    case log

    /// The operator for a library name; `x`, `id` and `linear` also mean identity, `x^2`/`x^3` square/cube.
    public init(name: String) throws(SymbolNetError) {
        let key = name.trimmingCharacters().lowercased()
        switch key {
        case "x", "id", "linear": self = .identity
        case "x^2", "x**2", "pow2": self = .square
        case "x^3", "x**3", "pow3": self = .cube
        default:
            guard let op = UnaryOperator(rawValue: key) else {
                throw .unknownOperator(name: name, known: UnaryOperator.allCases.map(\.rawValue))
            }
            self = op
        }
    }

    /// Parses a comma-separated list such as `"sin,tanh,gauss,square"`.
    public static func parseList(_ text: String) throws(SymbolNetError) -> [UnaryOperator] {
        var out: [UnaryOperator] = []
        for part in text.split(separator: ",") where !part.trimmingCharacters().isEmpty {
            out.append(try UnaryOperator(name: String(part)))
        }
        return out
    }

    /// Value at `z`.
    @inlinable
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func value<T: SymbolNetScalar>(_ z: T) -> T {
        switch self {
        case .identity: return z
        case .sin: return T.mSin(z)
        case .cos: return T.mCos(z)
        case .exp: return T.mExp(z)
        case .sinh: return T.mSinh(z)
        case .cosh: return T.mCosh(z)
        case .tanh: return T.mTanh(z)
        case .gauss: return T.mExp(-z * z)
        case .square: return z * z
        case .cube: return z * z * z
        case .log: return T.mLog(T(0.001) + Swift.abs(z))
        }
    }

    /// Derivative at `z`, given `f = value(z)` so the cheap cases reuse it.
    @inlinable
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func derivative<T: SymbolNetScalar>(_ z: T, value f: T) -> T {
        switch self {
        case .identity: return 1
        case .sin: return T.mCos(z)
        case .cos: return -T.mSin(z)
        case .exp: return f
        case .sinh: return T.mCosh(z)
        case .cosh: return T.mSinh(z)
        case .tanh: return 1 - f * f
        case .gauss: return -2 * z * f
        case .square: return 2 * z
        case .cube: return 3 * z * z
        case .log:
            // |x|' is taken as 0 at 0, like TensorFlow's sign().
            let s: T = z > 0 ? 1 : (z < 0 ? -1 : 0)
            return s / (T(0.001) + Swift.abs(z))
        }
    }

    /// The operator applied to an expression, in the expression language.
    public func expr(_ z: Expr) -> Expr {
        switch self {
        case .identity: return z
        case .sin: return .call(.sin, z)
        case .cos: return .call(.cos, z)
        case .exp: return .call(.exp, z)
        case .sinh: return .call(.sinh, z)
        case .cosh: return .call(.cosh, z)
        case .tanh: return .call(.tanh, z)
        case .gauss: return .call(.gauss, z)
        case .square: return .call(.square, z)
        case .cube: return .call(.cube, z)
        case .log: return .call(.log, .number(0.001) + .call(.abs, z))
        }
    }
}

/// A binary activation of the SymbolNet library, applied to a pair of linear outputs; a pruned node
/// falls back to `add`.
public enum BinaryOperatorKind: String, CaseIterable, Codable, Sendable {
    case add, mul, pow
    /// `x / (0.001 + |y|)`: protected division as in the reference.
    case div

    /// The operator for a library name (`+`, `*`, `pow`/`**`/`^`, `/` and the word forms).
    public init(name: String) throws(SymbolNetError) {
        switch name.trimmingCharacters().lowercased() {
        case "+", "add", "plus": self = .add
        case "*", "mul", "times", "multiply": self = .mul
        case "pow", "**", "^", "power": self = .pow
        case "/", "div", "divide": self = .div
        default: throw .unknownOperator(name: name, known: ["+", "*", "pow", "/"])
        }
    }

    /// Parses a comma-separated list such as `"*,/"` or `"mul,div"`.
    public static func parseList(_ text: String) throws(SymbolNetError) -> [BinaryOperatorKind] {
        var out: [BinaryOperatorKind] = []
        for part in text.split(separator: ",") where !part.trimmingCharacters().isEmpty {
            out.append(try BinaryOperatorKind(name: String(part)))
        }
        return out
    }

    /// Value at `(a, b)`.
    @inlinable
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func value<T: SymbolNetScalar>(_ a: T, _ b: T) -> T {
        switch self {
        case .add: return a + b
        case .mul: return a * b
        case .pow: return T.mPow(a, b)
        case .div: return a / (T(0.001) + Swift.abs(b))
        }
    }

    /// Partial derivatives at `(a, b)` given `g = value(a, b)`.
    @inlinable
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func derivatives<T: SymbolNetScalar>(_ a: T, _ b: T, value g: T) -> (T, T) {
        switch self {
        case .add: return (1, 1)
        case .mul: return (b, a)
        case .pow:
            // TensorFlow's convention: d/db is taken as 0 where a <= 0 (log undefined).
            let da = b * T.mPow(a, b - 1)
            let db = a > 0 ? g * T.mLog(a) : 0
            return (da, db)
        case .div:
            let d = T(0.001) + Swift.abs(b)
            let s: T = b > 0 ? 1 : (b < 0 ? -1 : 0)
            return (1 / d, -a * s / (d * d))
        }
    }

    /// The operator applied to two expressions, in the expression language.
    func expr(_ a: Expr, _ b: Expr) -> Expr {
        switch self {
        case .add: return a + b
        case .mul: return a * b
        case .pow: return .binary(.pow, a, b)
        case .div: return a / (.number(0.001) + .call(.abs, b))
        }
    }
}

extension StringProtocol {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
