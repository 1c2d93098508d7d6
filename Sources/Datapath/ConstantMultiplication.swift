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

extension ConstantMultiplication {
    /// LUTs a shift-and-add chain of `digits` costs at a result width of `width` bits, estimated as one LUT per
    /// adder bit: each of the digits − 1 adders spans the result bits above the lowest shift (the bits below
    /// it are zero in every term), as a carry chain of one LUT per bit on 7-series parts.
    public static func adderBits(_ digits: [Digit], width: Int) -> Int {
        guard digits.count > 1 else { return 0 }
        let low = digits.map(\.shift).min() ?? 0
        return (digits.count - 1) * max(0, width - low)
    }
}

extension DelayModel {
    /// The shift-and-add digits for a constant multiply this model builds from adders, or nil for a multiplier.
    public func shiftAdd(_ node: Node, in d: Datapath) -> [ConstantMultiplication.Digit]? {
        guard shiftAddMaxTerms > 0, let (c, _) = ConstantMultiplication.constantOperand(node, in: d) else { return nil }
        let digits = ConstantMultiplication.digits(c)
        guard digits.count <= shiftAddMaxTerms else { return nil }
        if let cap = shiftAddMaxAdderBits, ConstantMultiplication.adderBits(digits, width: node.format.width) > cap { return nil }
        return digits
    }

    /// DSP48E1 slices (25×18 each) a `wa`×`wb`-bit multiplier takes, cascading for wide operands.
    public static func dspSlices(_ wa: Int, _ wb: Int) -> Int {
        ((max(wa, wb) + 24) / 25) * ((min(wa, wb) + 17) / 18)
    }

    /// DSP slices the multipliers of `d` take under this model (shift-and-add chains take none).
    public func dspSlices(in d: Datapath) -> Int {
        d.nodes.reduce(0) { sum, n in
            guard case .mul(let a, let b) = n.op, shiftAdd(n, in: d) == nil else { return sum }
            return sum + Self.dspSlices(d[a].format.width, d[b].format.width)
        }
    }

    /// This model with the shift-and-add limit that `dspBudget` chooses for `d`; itself without a budget or
    /// once the limit is set.
    ///
    /// A chain costs about one LUT per adder bit, a multiplier none but a DSP slice: with slices left under
    /// the budget, the chains with the most adder bits become multipliers first. The limit stops before the
    /// design would exceed the budget or take more cycles than with every chain built from adders (a
    /// multiplier is slower than a short chain), so the choice never trades latency for LUTs.
    public func resolved(for d: Datapath) -> DelayModel {
        guard let budget = dspBudget, shiftAddMaxAdderBits == nil, shiftAddMaxTerms > 0 else { return self }
        var chains = self
        chains.shiftAddMaxAdderBits = Int.max
        let latency = Schedule(d, delays: chains).latency
        let costs = Set(d.nodes.compactMap { n in chains.shiftAdd(n, in: d).map { ConstantMultiplication.adderBits($0, width: n.format.width) } })
        var best = chains
        for cost in costs.filter({ $0 > 0 }).sorted(by: >) {
            var m = self
            m.shiftAddMaxAdderBits = cost - 1
            guard m.dspSlices(in: d) <= budget, Schedule(d, delays: m).latency <= latency else { break }
            best = m
        }
        return best
    }
}

extension DelayModel {
    /// The arithmetic choices that go with a plan: the optimized plan builds constant multiplies of up to
    /// four CSD digits from adders (cheaper than a DSP slice at its narrow widths) and spends a budget of
    /// `optimizedDSPBudget` DSP slices on the longest of those chains; the others keep multipliers.
    public func adapted(to plan: PrecisionPlan) -> DelayModel {
        var m = self
        if case .optimized = plan, m.shiftAddMaxTerms == 0 {
            m.shiftAddMaxTerms = 4
            if m.dspBudget == nil { m.dspBudget = Self.optimizedDSPBudget }
        }
        return m
    }

    /// DSP slices the optimized plan may use by default: the DSP48E1 bound of the hardware goals
    /// (`docs/hardware.md`), a fraction of the smallest 7-series parts' 90 (xc7a35t).
    public static let optimizedDSPBudget = 32
}
