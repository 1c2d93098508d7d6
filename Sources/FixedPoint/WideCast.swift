import CGMP

/// The wide (GMP) path of conversion: the same model as the Int128 `convert`, on `BigRaw` values.
///
/// Kept line for line parallel to Cast.swift so a fix on one path is easy to carry to the other; both are
/// checked against the headers by the differential tests.
extension FixedFormat {
    /// Whether raw values of this format live in Int128 (the fast path) rather than in `BigRaw`.
    @inlinable public var isFastPath: Bool { width <= FixedFormat.fastPathMaxWidth }

    /// Smallest raw value, at any width.
    public var minBig: BigRaw { isSigned ? -BigRaw.pow2(width - 1) : BigRaw(0) }
    /// Largest raw value, at any width.
    public var maxBig: BigRaw { isSigned ? BigRaw.pow2(width - 1) - BigRaw(1) : BigRaw.pow2(width) - BigRaw(1) }

    /// Interprets the low `width` bits of `bits` as a raw value of this format.
    public func wrapBig(_ bits: BigRaw) -> BigRaw {
        let low = bits.lowBits(width)
        return isSigned ? low.signExtended(width: width) : low
    }

    /// Converts a wide raw of format `source` into this format, exactly as `ap_fixed` assignment does.
    public func cast(_ raw: BigRaw, from source: FixedFormat) -> BigRaw {
        convertWide(raw, sourceFraction: source.fractionBits, sourceWidth: source.width, sourceSigned: source.isSigned)
    }

    func convertWide(_ raw: BigRaw, sourceFraction f2: Int, sourceWidth w2: Int, sourceSigned: Bool) -> BigRaw {
        let d = f2 - fractionBits
        let negative = raw.signum < 0
        let q: BigRaw
        if d > 0 {
            q = Self.roundShift(raw, by: d, mode: quantization)
        } else if d == 0 {
            q = raw
        } else {
            q = raw << -d
        }
        let lo = minBig, hi = maxBig
        if q >= lo && q <= hi {
            if overflow == .satSym && isSigned && sourceSigned && negative && q == lo { return lo + BigRaw(1) }
            return q
        }
        let over = !negative
        switch overflow {
        case .sat:
            return over ? hi : lo
        case .satSym:
            return over ? hi : (isSigned ? lo + BigRaw(1) : lo)
        case .satZero:
            return BigRaw(0)
        case .wrap:
            var bits = q.lowBits(width)
            let n = saturationBits
            if n > 0 {
                if isSigned {
                    bits = bits.settingBit(width - 1, negative)
                    if n > 1 { bits = Self.setRange(bits, from: width - n, to: width - 2, ones: !negative) }
                } else {
                    bits = Self.setRange(bits, from: width - n, to: width - 1, ones: true)
                }
            }
            return wrapBig(bits)
        case .wrapSM:
            // As on the fast path: the headers reject AP_WRAP_SM on unsigned types; saturate.
            guard isSigned else { return over ? hi : lo }
            var bits = q.lowBits(width)
            let ro = bits.bit(width - 1)
            let n = saturationBits
            if n == 0 {
                let pos1 = d + width
                let ld = pos1 >= 0 && pos1 < w2 && raw.bit(pos1)
                if ld != ro {
                    bits = invert(bits).settingBit(width - 1, ld)
                }
            } else {
                if n == 1 && negative != ro {
                    bits = invert(bits)
                } else if n > 1 {
                    if bits.bit(width - n) == negative { bits = invert(bits) }
                    bits = Self.setRange(bits, from: width - n, to: width - 2, ones: !negative)
                }
                bits = bits.settingBit(width - 1, negative)
            }
            return wrapBig(bits)
        }
    }

    /// Complements a `width`-bit pattern (0 ≤ bits < 2^width).
    private func invert(_ bits: BigRaw) -> BigRaw { BigRaw.pow2(width) - BigRaw(1) - bits }

    static func roundShift(_ raw: BigRaw, by d: Int, mode: QuantizationMode) -> BigRaw {
        let floor = raw >> d
        if mode == .trn { return floor }
        let rem = raw.lowBits(d)
        if rem.signum == 0 { return floor }
        let half = BigRaw.pow2(d - 1)
        let above = rem > half, atHalf = rem == half
        let negative = raw.signum < 0
        let up: Bool
        switch mode {
        case .trn: up = false
        case .trnZero: up = negative
        case .rnd: up = above || atHalf
        case .rndZero: up = above || (atHalf && negative)
        case .rndMinInf: up = above
        case .rndInf: up = above || (atHalf && !negative)
        case .rndConv: up = above || (atHalf && floor.bit(0))
        }
        return up ? floor + BigRaw(1) : floor
    }

    static func setRange(_ v: BigRaw, from lo: Int, to hi: Int, ones: Bool) -> BigRaw {
        guard hi >= lo else { return v }
        var r = v
        for i in lo...hi { r = r.settingBit(i, ones) }
        return r
    }

    /// The raw value `ap_fixed<...>(x)` holds, at any width.
    public func bigRaw(fromDouble x: Double) -> BigRaw {
        let (man, fraction) = Self.decompose(x)
        return convertWide(BigRaw(man), sourceFraction: fraction, sourceWidth: 54, sourceSigned: true)
    }

    /// The value of a wide raw number as a Double (rounded by GMP's conversion, then scaled).
    public func double(fromBig raw: BigRaw) -> Double {
        var exp = 0
        let m = __gmpz_get_d_2exp(&exp, raw.z)
        return m * Self.pow2(exp - fractionBits)
    }
}
