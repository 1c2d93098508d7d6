import FixedPoint

/// A closed interval of real values a node can take, for worst-case range analysis.
public struct Interval: Hashable, Sendable {
    public var lo: Double
    public var hi: Double
    public init(_ lo: Double, _ hi: Double) {
        self.lo = lo
        self.hi = hi
    }

    /// Every value of a format.
    public init(_ f: FixedFormat) { self.init(f.minValue, f.maxValue) }

    public static func + (a: Interval, b: Interval) -> Interval { Interval(a.lo + b.lo, a.hi + b.hi) }
    public static func - (a: Interval, b: Interval) -> Interval { Interval(a.lo - b.hi, a.hi - b.lo) }
    public static prefix func - (a: Interval) -> Interval { Interval(-a.hi, -a.lo) }
    public static func * (a: Interval, b: Interval) -> Interval {
        let p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi]
        return Interval(p.min()!, p.max()!)
    }
}

/// Narrows exact result formats to the integer bits their value range needs.
///
/// ap_fixed's result types assume worst-case operands (a constant 0.04 typed with 8 integer bits
/// makes every product 8 bits wider than needed). Dropping integer bits that can only ever hold
/// sign copies changes no value, so the golden model, the C++ and the RTL stay bit-exact, while
/// widths stop growing with expression depth.
public enum RangeAnalysis {
    /// The format `f` with integer bits reduced to what `range` needs (never widened, fraction kept).
    public static func narrow(_ f: FixedFormat, to range: Interval) -> FixedFormat {
        // A relative guard keeps the bound sound despite rounding in the interval arithmetic.
        let m = Swift.max(Swift.abs(range.lo), Swift.abs(range.hi)) * (1 + 0x1p-40) + f.lsb
        var i = f.isSigned ? 1 - f.fractionBits : -f.fractionBits
        i = Swift.max(i, -f.fractionBits + 1)
        while FixedFormat.pow2(f.isSigned ? i - 1 : i) < m { i += 1 }
        guard i < f.integerBits else { return f }
        return FixedFormat(width: i + f.fractionBits, integerBits: i, isSigned: f.isSigned)
    }

    /// The interval of one node's result, from its operands' intervals.
    public static func interval(of node: Node, in d: Datapath, operands r: (NodeID) -> Interval) -> Interval {
        switch node.op {
        case .input: return Interval(node.format)
        case .constant(let raw): let v = node.format.double(fromRaw: raw); return Interval(v, v)
        case .add(let a, let b): return r(a) + r(b)
        case .sub(let a, let b): return r(a) - r(b)
        case .mul(let a, let b): return r(a) * r(b)
        case .neg(let a): return -r(a)
        case .abs(let a):
            let x = r(a)
            return x.lo >= 0 ? x : (x.hi <= 0 ? -x : Interval(0, Swift.max(-x.lo, x.hi)))
        case .cast(let a):
            // Rounding moves a value by less than one target LSB; overflow keeps it inside the format.
            let f = node.format
            let x = r(a)
            return Interval(Swift.max(x.lo - f.lsb, f.minValue), Swift.min(x.hi + f.lsb, f.maxValue))
        case .table(_, let t):
            let tb = d.tables[t]
            let vals = tb.entries.map { tb.outputFormat.double(fromRaw: $0) }
            return Interval(vals.min() ?? 0, vals.max() ?? 0)
        }
    }
}
