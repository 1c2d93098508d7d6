import SymbolicExpression

extension Expr {
    /// The expression with every sum of terms rebuilt as a balanced tree of additions and subtractions.
    ///
    /// Simplification leaves an extracted linear layer as a left-leaning chain `((a + b) - c) + d`, which
    /// the datapath lowers to as many adders in series as there are terms; the balanced tree
    /// `(a + b) - (c - d)` has the same value (up to float rounding) and ⌈log₂ n⌉ adders on its longest
    /// path, so fewer pipeline stages at a given clock. Terms keep their order; a term's sign is carried
    /// into the operator that joins it, so no negation is added unless every term of the sum is negative.
    public func balancingSums() -> Expr {
        switch self {
        case .number, .variable: return self
        case .negate(let a): return .negate(a.balancingSums())
        case .call(let f, let a): return .call(f, a.balancingSums())
        case .binary(let op, _, _) where op == .add || op == .sub:
            var terms: [SignedTerm] = []
            SignedTerm.collect(self, negative: false, into: &terms)
            let built = SignedTerm.balanced(terms.map { SignedTerm(expr: $0.expr.balancingSums(), negative: $0.negative) }[...])
            return built.negative ? .negate(built.expr) : built.expr
        case .binary(let op, let a, let b): return .binary(op, a.balancingSums(), b.balancingSums())
        }
    }
}

/// One term of a sum and whether it is subtracted.
private struct SignedTerm {
    var expr: Expr
    var negative: Bool

    /// The terms of the sum `e` in order, through nested additions, subtractions and negations.
    static func collect(_ e: Expr, negative: Bool, into terms: inout [SignedTerm]) {
        switch e {
        case .binary(.add, let a, let b):
            collect(a, negative: negative, into: &terms)
            collect(b, negative: negative, into: &terms)
        case .binary(.sub, let a, let b):
            collect(a, negative: negative, into: &terms)
            collect(b, negative: !negative, into: &terms)
        case .negate(let a):
            collect(a, negative: !negative, into: &terms)
        default:
            terms.append(SignedTerm(expr: e, negative: negative))
        }
    }

    /// The halves joined pairwise: a subtracted half is subtracted from an added one, two subtracted
    /// halves are added and the pair is marked subtracted.
    static func balanced(_ terms: ArraySlice<SignedTerm>) -> SignedTerm {
        if terms.count == 1 { return terms.first! }
        let mid = terms.startIndex + terms.count / 2
        let l = balanced(terms[..<mid]), r = balanced(terms[mid...])
        switch (l.negative, r.negative) {
        case (false, false): return SignedTerm(expr: .binary(.add, l.expr, r.expr), negative: false)
        case (false, true): return SignedTerm(expr: .binary(.sub, l.expr, r.expr), negative: false)
        case (true, false): return SignedTerm(expr: .binary(.sub, r.expr, l.expr), negative: false)
        case (true, true): return SignedTerm(expr: .binary(.add, l.expr, r.expr), negative: true)
        }
    }
}
