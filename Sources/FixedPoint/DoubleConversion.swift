/// Exact conversion between Double and fixed point.
///
/// A double is decomposed into its integer significand and exponent and then treated as a
/// 54-bit signed fixed-point value, as the vendor headers do; nothing is rounded in floating point.
extension FixedFormat {
    /// The raw value `ap_fixed<...>(x)` holds. `x` must be finite.
    public func raw(fromDouble x: Double) -> Int128 {
        let (man, fraction) = Self.decompose(x)
        return convert(man, sourceFraction: fraction, sourceWidth: 54, sourceSigned: true)
    }

    /// `x` as the header reads it: a 54-bit signed mantissa and its fraction bits, `x = man · 2^-fraction`.
    ///
    /// The header always sets the implicit bit and takes the exponent field minus the bias, so a subnormal
    /// is read as (1.f)·2^-1023 rather than its true value (0.f)·2^-1022; this matches it bit for bit.
    static func decompose(_ x: Double) -> (man: Int128, fraction: Int) {
        precondition(x.isFinite, "cannot convert a non-finite value to fixed point")
        if x == 0 { return (0, 0) }
        let sig = Int128(x.significandBitPattern) | Int128(1) << 52
        let exp = Int(x.exponentBitPattern) - 1023
        return (x.sign == .minus ? -sig : sig, 52 - exp)
    }

    /// The value of a raw number of this format as a Double (exact when it fits 53 bits).
    public func double(fromRaw raw: Int128) -> Double {
        Double(raw) * Self.pow2(-fractionBits)
    }

    /// 2^e as a Double.
    public static func pow2(_ e: Int) -> Double {
        Double(sign: .plus, exponent: e, significand: 1)
    }

    /// Smallest value of the format.
    public var minValue: Double { double(fromRaw: minRaw) }
    /// Largest value of the format.
    public var maxValue: Double { double(fromRaw: maxRaw) }
    /// Value of one LSB.
    public var lsb: Double { Self.pow2(-fractionBits) }
}
