/// Full-precision arithmetic on raw values, as ap_fixed's operators compute it.
///
/// Every result is exact in its result format (`FixedFormat.sum`, `.difference`, `.product`, `.negation`),
/// so the operations only align binary points; quantization and overflow happen in a later `cast`.
/// The Int128 functions are the fast path for the datapath evaluator's hot loops: no allocation, inlinable.
/// Callers must keep result formats within `fastPathMaxWidth` (checked in debug builds); `FixedRaw`
/// chooses the path by itself.
extension FixedFormat {
    /// Raw of `a + b` in `FixedFormat.sum(fa, fb)`.
    @inlinable
    public static func add(_ a: Int128, _ fa: FixedFormat, _ b: Int128, _ fb: FixedFormat) -> Int128 {
        let f = Swift.max(fa.fractionBits, fb.fractionBits)
        assert(sum(fa, fb).width <= fastPathMaxWidth, "sum exceeds the Int128 fast path; use FixedRaw")
        return (a << (f - fa.fractionBits)) + (b << (f - fb.fractionBits))
    }

    /// Raw of `a − b` in `FixedFormat.difference(fa, fb)`.
    @inlinable
    public static func subtract(_ a: Int128, _ fa: FixedFormat, _ b: Int128, _ fb: FixedFormat) -> Int128 {
        let f = Swift.max(fa.fractionBits, fb.fractionBits)
        assert(difference(fa, fb).width <= fastPathMaxWidth, "difference exceeds the Int128 fast path; use FixedRaw")
        return (a << (f - fa.fractionBits)) - (b << (f - fb.fractionBits))
    }

    /// Raw of `a · b` in `FixedFormat.product(fa, fb)`: the raw values simply multiply.
    @inlinable
    public static func multiply(_ a: Int128, _ fa: FixedFormat, _ b: Int128, _ fb: FixedFormat) -> Int128 {
        assert(fa.width + fb.width <= fastPathMaxWidth, "product exceeds the Int128 fast path; use FixedRaw")
        return a * b
    }

    /// Raw of `−a` in `FixedFormat.negation(fa)`.
    @inlinable
    public static func negate(_ a: Int128, _ fa: FixedFormat) -> Int128 {
        -a
    }

    /// Numeric order of the values `a` (format fa) and `b` (format fb): −1, 0 or 1. ap_fixed's own
    /// operators differ from it for some mixed-signedness pairs; use `holds` to match them.
    @inlinable
    public static func compare(_ a: Int128, _ fa: FixedFormat, _ b: Int128, _ fb: FixedFormat) -> Int {
        let f = Swift.max(fa.fractionBits, fb.fractionBits)
        let sa = f - fa.fractionBits, sb = f - fb.fractionBits
        // Aligning can overflow Int128 when fraction bits differ wildly; fall back to exact wide compare.
        if sa + fa.width > 126 || sb + fb.width > 126 {
            return compareWide(BigRaw(a), fa, BigRaw(b), fb)
        }
        let x = a << sa, y = b << sb
        return x < y ? -1 : (x == y ? 0 : 1)
    }

    public static func compareWide(_ a: BigRaw, _ fa: FixedFormat, _ b: BigRaw, _ fb: FixedFormat) -> Int {
        let f = Swift.max(fa.fractionBits, fb.fractionBits)
        let x = a << (f - fa.fractionBits), y = b << (f - fb.fractionBits)
        return x < y ? -1 : (x == y ? 0 : 1)
    }

    public static func addWide(_ a: BigRaw, _ fa: FixedFormat, _ b: BigRaw, _ fb: FixedFormat) -> BigRaw {
        let f = Swift.max(fa.fractionBits, fb.fractionBits)
        return (a << (f - fa.fractionBits)) + (b << (f - fb.fractionBits))
    }

    public static func subtractWide(_ a: BigRaw, _ fa: FixedFormat, _ b: BigRaw, _ fb: FixedFormat) -> BigRaw {
        let f = Swift.max(fa.fractionBits, fb.fractionBits)
        return (a << (f - fa.fractionBits)) - (b << (f - fb.fractionBits))
    }
}

/// A raw value on whichever path its format needs: Int128 up to `fastPathMaxWidth` bits, GMP beyond.
///
/// Invariant: a raw of format `f` is `.small` exactly when `f.isFastPath`; every operation below keeps it.
public enum FixedRaw: Hashable, Sendable, CustomStringConvertible {
    case small(Int128)
    case wide(BigRaw)

    /// The value as a BigRaw, whichever path holds it.
    public var big: BigRaw {
        switch self {
        case .small(let v): return BigRaw(v)
        case .wide(let b): return b
        }
    }

    /// Puts a wide result on the path its format calls for.
    static func normalized(_ b: BigRaw, _ f: FixedFormat) -> FixedRaw {
        if f.isFastPath, let v = b.int128 { return .small(v) }
        return .wide(b)
    }

    public var description: String {
        switch self {
        case .small(let v): return "\(v)"
        case .wide(let b): return b.description
        }
    }
}

extension FixedFormat {
    /// Converts a raw of format `source` into this format, on the fast path when both fit Int128.
    public func cast(_ raw: FixedRaw, from source: FixedFormat) -> FixedRaw {
        if case .small(let v) = raw, isFastPath, source.isFastPath { return .small(cast(v, from: source)) }
        return .normalized(cast(raw.big, from: source), self)
    }

    /// The raw `ap_fixed<...>(x)` holds, on the path this format calls for.
    public func fixedRaw(fromDouble x: Double) -> FixedRaw {
        isFastPath ? .small(raw(fromDouble: x)) : .wide(bigRaw(fromDouble: x))
    }

    public func double(from raw: FixedRaw) -> Double {
        switch raw {
        case .small(let v): return double(fromRaw: v)
        case .wide(let b): return double(fromBig: b)
        }
    }

    /// `a + b` exactly, in `sum(fa, fb)`.
    public static func add(_ a: FixedRaw, _ fa: FixedFormat, _ b: FixedRaw, _ fb: FixedFormat) -> FixedRaw {
        let r = sum(fa, fb)
        if r.isFastPath, case .small(let x) = a, case .small(let y) = b { return .small(add(x, fa, y, fb)) }
        return .normalized(addWide(a.big, fa, b.big, fb), r)
    }

    /// `a − b` exactly, in `difference(fa, fb)`.
    public static func subtract(_ a: FixedRaw, _ fa: FixedFormat, _ b: FixedRaw, _ fb: FixedFormat) -> FixedRaw {
        let r = difference(fa, fb)
        if r.isFastPath, case .small(let x) = a, case .small(let y) = b { return .small(subtract(x, fa, y, fb)) }
        return .normalized(subtractWide(a.big, fa, b.big, fb), r)
    }

    /// `a · b` exactly, in `product(fa, fb)`.
    public static func multiply(_ a: FixedRaw, _ fa: FixedFormat, _ b: FixedRaw, _ fb: FixedFormat) -> FixedRaw {
        let r = product(fa, fb)
        if r.isFastPath, case .small(let x) = a, case .small(let y) = b { return .small(x * y) }
        return .normalized(a.big * b.big, r)
    }

    /// `−a` exactly, in `negation(fa)`.
    public static func negate(_ a: FixedRaw, _ fa: FixedFormat) -> FixedRaw {
        if negation(fa).isFastPath, case .small(let x) = a { return .small(-x) }
        return .normalized(-a.big, negation(fa))
    }

    /// Numeric order of two values of any formats: −1, 0 or 1 (see `holds` for ap_fixed's operators).
    public static func compare(_ a: FixedRaw, _ fa: FixedFormat, _ b: FixedRaw, _ fb: FixedFormat) -> Int {
        if case .small(let x) = a, case .small(let y) = b { return compare(x, fa, y, fb) }
        return compareWide(a.big, fa, b.big, fb)
    }
}

/// A fast-path fixed-point number: a raw Int128 and its format, with ap_fixed's full-precision operators.
public struct FixedValue: Hashable, Sendable, CustomStringConvertible {
    public var raw: Int128
    public var format: FixedFormat

    @inlinable public init(raw: Int128, format: FixedFormat) {
        self.raw = raw
        self.format = format
    }

    /// `ap_fixed<...>(x)`.
    public init(_ x: Double, _ format: FixedFormat) {
        self.init(raw: format.raw(fromDouble: x), format: format)
    }

    public var doubleValue: Double { format.double(fromRaw: raw) }

    /// Assignment to another type: quantization and overflow with the target's modes.
    @inlinable public func cast(to f: FixedFormat) -> FixedValue {
        FixedValue(raw: f.cast(raw, from: format), format: f)
    }

    @inlinable public static func + (a: FixedValue, b: FixedValue) -> FixedValue {
        FixedValue(raw: FixedFormat.add(a.raw, a.format, b.raw, b.format), format: .sum(a.format, b.format))
    }

    @inlinable public static func - (a: FixedValue, b: FixedValue) -> FixedValue {
        FixedValue(raw: FixedFormat.subtract(a.raw, a.format, b.raw, b.format), format: .difference(a.format, b.format))
    }

    @inlinable public static func * (a: FixedValue, b: FixedValue) -> FixedValue {
        FixedValue(raw: FixedFormat.multiply(a.raw, a.format, b.raw, b.format), format: .product(a.format, b.format))
    }

    @inlinable public static prefix func - (a: FixedValue) -> FixedValue {
        FixedValue(raw: -a.raw, format: .negation(a.format))
    }

    /// `a < b` as ap_fixed computes it (see `FixedFormat.holds` for the mixed-signedness corner).
    @inlinable public static func < (a: FixedValue, b: FixedValue) -> Bool {
        FixedFormat.holds(.lessThan, a.raw, a.format, b.raw, b.format)
    }

    /// `a == b` as ap_fixed computes it: values, not formats, are compared.
    @inlinable public func isEqual(to b: FixedValue) -> Bool {
        FixedFormat.holds(.equal, raw, format, b.raw, b.format)
    }

    public var description: String { "\(doubleValue) (\(format), raw \(raw))" }
}

/// ap_fixed's six comparison operators.
public enum FixedRelation: String, CaseIterable, Sendable {
    case lessThan = "<", lessOrEqual = "<=", greaterThan = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="
}

extension FixedFormat {
    /// Whether `a rel b` holds as ap_fixed's operators compute it.
    ///
    /// This differs from the numeric order (`compare`) in one corner, kept for bit-exactness with csim: the
    /// headers align the binary points, then compare the two raw words the way C compares integers of mixed
    /// signedness. When the unsigned word is at least as wide as the signed one (and the left word is 32 bits
    /// or wider when it is a single machine word), a negative value is compared as a large unsigned one, and
    /// `==` compares bit patterns in max(W1, W2) bits (at least 32 for a single-word left side, 64 when the
    /// widths are equal).
    public static func holds(_ rel: FixedRelation, _ a: FixedRaw, _ fa: FixedFormat, _ b: FixedRaw, _ fb: FixedFormat) -> Bool {
        switch rel {
        case .lessThan: return orderedByHeader(a, fa, b, fb, greater: false)
        case .greaterThan: return orderedByHeader(a, fa, b, fb, greater: true)
        case .lessOrEqual: return !orderedByHeader(a, fa, b, fb, greater: true)
        case .greaterOrEqual: return !orderedByHeader(a, fa, b, fb, greater: false)
        case .equal: return equalByHeader(a, fa, b, fb)
        case .notEqual: return !equalByHeader(a, fa, b, fb)
        }
    }

    /// Fast-path form of `holds`.
    @inlinable
    public static func holds(_ rel: FixedRelation, _ a: Int128, _ fa: FixedFormat, _ b: Int128, _ fb: FixedFormat) -> Bool {
        // Same signedness (the usual case in datapaths) is plain numeric order.
        if fa.isSigned == fb.isSigned {
            let c = compare(a, fa, b, fb)
            switch rel {
            case .lessThan: return c < 0
            case .lessOrEqual: return c <= 0
            case .greaterThan: return c > 0
            case .greaterOrEqual: return c >= 0
            case .equal: return c == 0
            case .notEqual: return c != 0
            }
        }
        return holds(rel, .small(a), fa, .small(b), fb)
    }

    /// The two aligned words the header compares: (value, width, signed) for each side.
    static func headerAligned(_ a: BigRaw, _ fa: FixedFormat, _ b: BigRaw, _ fb: FixedFormat)
        -> (l: BigRaw, lw: Int, ls: Bool, r: BigRaw, rw: Int, rs: Bool) {
        let d = fa.fractionBits - fb.fractionBits
        if d == 0 { return (a, fa.width, fa.isSigned, b, fb.width, fb.isSigned) }
        if d > 0 { return (a, fa.width, fa.isSigned, b << d, Swift.max(fb.width + d, 1), fb.isSigned) }
        return (a << -d, Swift.max(fa.width - d + 1, 1), fa.isSigned, b, fb.width, fb.isSigned)
    }

    static func orderedByHeader(_ a: FixedRaw, _ fa: FixedFormat, _ b: FixedRaw, _ fb: FixedFormat, greater: Bool) -> Bool {
        let (l, lw, ls, r, rw, rs) = headerAligned(a.big, fa, b.big, fb)
        var x = l, y = r
        if ls != rs {
            let singleWordBoth32 = lw <= 64 && lw < 32 && rw < 32
            let unsignedCompare = !singleWordBoth32 && (ls ? rw >= lw : lw >= rw)
            if unsignedCompare {
                let m = Swift.max(lw, rw) + 1
                x = l.lowBits(m)
                y = r.lowBits(m)
            }
        }
        return greater ? x > y : x < y
    }

    static func equalByHeader(_ a: FixedRaw, _ fa: FixedFormat, _ b: FixedRaw, _ fb: FixedFormat) -> Bool {
        let (l, lw, _, r, rw, _) = headerAligned(a.big, fa, b.big, fb)
        // Equal widths take a non-template overload: one machine word compares the 64-bit sign- or
        // zero-extended words, so a negative value never equals an unsigned one below 64 bits.
        let m = lw == rw ? Swift.max(lw, 64) : (lw <= 64 ? Swift.max(lw, rw, 32) : Swift.max(lw, rw))
        return l.lowBits(m) == r.lowBits(m)
    }
}
