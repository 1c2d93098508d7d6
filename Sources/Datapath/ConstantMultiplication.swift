/// Multiplication by a constant as shifts and adds: the canonical signed digit (non-adjacent form) recoding.
///
/// CSD has the fewest non-zero digits of any signed-digit form (on average a third of the bits), so a
/// constant with k non-zero digits costs k − 1 adders instead of a multiplier.
public enum ConstantMultiplication {
    /// One non-zero digit: ±2^shift.
    public struct Digit: Hashable, Sendable {
        public var shift: Int
        public var negative: Bool
    }

    /// The CSD digits of `c`, lowest first; their signed sum of powers of two equals `c`.
    public static func digits(_ c: Int128) -> [Digit] {
        var c = c
        var shift = 0
        var out: [Digit] = []
        while c != 0 {
            if c & 1 != 0 {
                // c ≡ 1 (mod 4) → digit +1; c ≡ 3 (mod 4) → digit −1 (so the next bit becomes 0).
                let negative = c & 3 == 3
                out.append(Digit(shift: shift, negative: negative))
                c = negative ? c + 1 : c - 1
            }
            c >>= 1
            shift += 1
        }
        return out
    }

    /// The constant operand and the other operand of a multiply, when one side is a constant.
    public static func constantOperand(_ node: Node, in d: Datapath) -> (constant: Int128, other: NodeID)? {
        guard case .mul(let a, let b) = node.op else { return nil }
        if case .constant(let c) = d[b].op { return (c, a) }
        if case .constant(let c) = d[a].op { return (c, b) }
        return nil
    }
}

extension DelayModel {
    /// The shift-and-add digits for a constant multiply this model builds from adders, or nil for a multiplier.
    public func shiftAdd(_ node: Node, in d: Datapath) -> [ConstantMultiplication.Digit]? {
        guard shiftAddMaxTerms > 0, let (c, _) = ConstantMultiplication.constantOperand(node, in: d) else { return nil }
        let digits = ConstantMultiplication.digits(c)
        return digits.count <= shiftAddMaxTerms ? digits : nil
    }
}

extension DelayModel {
    /// The arithmetic choices that go with a plan: the optimized plan builds constant multiplies of up to
    /// four CSD digits from adders (cheaper than a DSP slice at its narrow widths); the others keep multipliers.
    public func adapted(to plan: PrecisionPlan) -> DelayModel {
        var m = self
        if case .optimized = plan, m.shiftAddMaxTerms == 0 { m.shiftAddMaxTerms = 4 }
        return m
    }
}
