/// Exact conversion between Double and fixed point.
///
/// A double is decomposed into its integer significand and exponent and then treated as a
/// 54-bit signed fixed-point value, as the vendor headers do; nothing is rounded in floating point.
extension FixedFormat {
    /// The raw value `ap_fixed<...>(x)` holds. `x` must be finite.
    public func raw(fromDouble x: Double) -> Int128 {
        precondition(x.isFinite, "cannot convert a non-finite value to fixed point")
        if x == 0 { return 0 }
        // x = ±significand · 2^(exponent − 52), significand a 53-bit integer (subnormals included).
        let sig = Int128(x.significandBitPattern) | (x.isNormal ? Int128(1) << 52 : 0)
        let exp = x.isNormal ? Int(x.exponent) : Int(Double.leastNormalMagnitude.exponent)
        let man = x.sign == .minus ? -sig : sig
        return convert(man, sourceFraction: 52 - exp, sourceWidth: 54, sourceSigned: true)
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
