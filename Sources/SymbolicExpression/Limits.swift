/// The documented limits of the expression language (docs/limits.md), each enforced with a located error.
///
/// Every pass over `Expr` recurses once per tree level, so the tree depth is what must stay bounded:
/// a chain `a + b + c + …` is one level per operator, a parenthesis or a unary minus one level each.
public enum ExpressionLimits {
    /// Deepest tree a formula may parse to (a flat sum of 10,000 terms is 9,999 levels).
    public static let maxDepth = 10_000
    /// Deepest nesting of parentheses, function calls, unary signs and powers the parser descends into.
    public static let maxNesting = 200
    /// Most inputs a design may have: variables are `x0 … x4095`.
    public static let maxInputs = 4096
    /// Most outputs (formulas) one design may have.
    public static let maxOutputs = 1024
    /// Longest formula text, in characters (one line of a formula file).
    public static let maxFormulaCharacters = 1 << 20
}

/// A count the user asked for that is beyond a documented limit.
public struct LimitError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// Checks an input count (`--inputs`) against `ExpressionLimits.maxInputs` before anything is sized by it.
    public static func checkInputCount(_ n: Int, option: String = "--inputs") throws(LimitError) {
        guard n >= 0 else { throw LimitError("\(option) \(n): the number of inputs cannot be negative") }
        guard n <= ExpressionLimits.maxInputs else {
            throw LimitError("\(option) \(n) is beyond the limit of \(ExpressionLimits.maxInputs) inputs (docs/limits.md)")
        }
    }
}
