import Foundation

/// Operator names another tool prints, each rewritten into the expression language when parsed.
///
/// The rewrite happens at parse time, so every later stage (simplifier, lowering, printer) sees only
/// `Expr`'s own node kinds; a PySR `safe_log(x)` is `log(x)` from then on.
public struct OperatorTable: Sendable {
    public struct Operator: Sendable {
        public var arity: Int
        /// Nodes the rewrite adds above its arguments (for the depth limit).
        public var depth: Int
        public var build: @Sendable ([Expr]) -> Expr

        public init(arity: Int, depth: Int = 1, build: @escaping @Sendable ([Expr]) -> Expr) {
            self.arity = arity
            self.depth = depth
            self.build = build
        }
    }

    /// The tool's name, for messages ("unknown PySR operator ...").
    public var name: String
    public var operators: [String: Operator]

    public init(name: String, operators: [String: Operator]) {
        self.name = name
        self.operators = operators
    }

    /// The operator names PySR (SymbolicRegression.jl) writes into `hall_of_fame.csv`.
    ///
    /// PySR's `safe_*` operators return NaN outside their domain where the plain function would throw;
    /// in hardware the function table's range decides what happens there, so they map to the plain
    /// function. Its `pow` keeps the sign of the base in some versions; here it is `**`, as SymPy exports it.
    public static let pysr: OperatorTable = {
        func unary(_ f: @escaping @Sendable (Expr) -> Expr, depth: Int = 1) -> Operator { Operator(arity: 1, depth: depth) { f($0[0]) } }
        func binary(_ op: BinaryOperator) -> Operator { Operator(arity: 2) { .binary(op, $0[0], $0[1]) } }
        let ln2 = 1 / Foundation.log(2.0), ln10 = 1 / Foundation.log(10.0)
        return OperatorTable(name: "PySR", operators: [
            "neg": unary { .negate($0) },
            "safe_sqrt": unary { .call(.sqrt, $0) },
            "sqrt_abs": unary({ .call(.sqrt, .call(.abs, $0)) }, depth: 2),
            "safe_log": unary { .call(.log, $0) },
            "log_abs": unary({ .call(.log, .call(.abs, $0)) }, depth: 2),
            "safe_log2": unary({ .binary(.mul, .call(.log, $0), .number(ln2)) }, depth: 2),
            "safe_log10": unary({ .binary(.mul, .call(.log, $0), .number(ln10)) }, depth: 2),
            "log2": unary({ .binary(.mul, .call(.log, $0), .number(ln2)) }, depth: 2),
            "log10": unary({ .binary(.mul, .call(.log, $0), .number(ln10)) }, depth: 2),
            "safe_log1p": unary({ .call(.log, .binary(.add, .number(1), $0)) }, depth: 2),
            "log1p": unary({ .call(.log, .binary(.add, .number(1), $0)) }, depth: 2),
            "plus": binary(.add),
            "add": binary(.add),
            "sub": binary(.sub),
            "mult": binary(.mul),
            "mul": binary(.mul),
            "div": binary(.div),
            "pow": binary(.pow),
            "safe_pow": binary(.pow),
        ])
    }()
}
