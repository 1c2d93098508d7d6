/// Bit-exact ap_fixed conversion between formats on the 128-bit fast path.
///
/// The model is the header's behaviour expressed on values: round the exact source value to the target
/// LSB with the quantization mode, then, if the result leaves the target range, apply the overflow
/// mode. The wrap modes with saturation bits and AP_WRAP_SM rewrite specific bits the way the
/// vendor headers do, and AP_SAT_SYM turns a negative result equal to the minimum into −max.
extension FixedFormat {
    /// Widest format the Int128 engine holds exactly (sums of two such values still fit).
    public static let fastPathMaxWidth = 126

    /// Smallest raw value of the format.
    @inlinable public var minRaw: Int128 { isSigned ? -(Int128(1) << (width - 1)) : 0 }
    /// Largest raw value of the format.
    @inlinable public var maxRaw: Int128 { isSigned ? (Int128(1) << (width - 1)) - 1 : (Int128(1) << width) - 1 }

    /// AP_SAT_SYM's negative limit: the header sets the minimum's bit 0, which is −max except at W = 1,
    /// where bit 0 is the sign bit and the limit stays −1.
    @inlinable public var symmetricMinRaw: Int128 { minRaw | 1 }

    /// Interprets the low `width` bits of `bits` as a raw value of this format (two's complement when signed).
    @inlinable
    public func wrapRaw(_ bits: Int128) -> Int128 {
        if width >= 128 { return bits }
        let shift = 128 - width
        return isSigned ? (bits << shift) >> shift : Int128(bitPattern: (UInt128(bitPattern: bits) << shift) >> shift)
    }

    /// Converts `raw` of format `source` into this format, exactly as `ap_fixed` assignment does.
    @inlinable
    public func cast(_ raw: Int128, from source: FixedFormat) -> Int128 {
        convert(raw, sourceFraction: source.fractionBits, sourceWidth: source.width, sourceSigned: source.isSigned)
    }

    /// The core of every conversion: `raw · 2^-sourceFraction` of a `sourceWidth`-bit value into this format.
    @usableFromInline
    func convert(_ raw: Int128, sourceFraction f2: Int, sourceWidth w2: Int, sourceSigned: Bool) -> Int128 {
        let f = fractionBits
        let d = f2 - f
        let negative = raw < 0
        var q: Int128
        var huge = false
        if d > 0 {
            q = Self.roundShift(raw, by: d, mode: quantization)
        } else if d == 0 {
            q = raw
        } else {
            let s = -d
            // A left shift that leaves Int128 is far outside any fast-path format; keep only what wrapping needs.
            if s >= 127 || (raw != 0 && (raw.magnitude.leadingZeroBitCount - 1) < s) {
                huge = raw != 0
                q = s >= width ? 0 : (raw & ((Int128(1) << (width - s)) - 1)) << s
            } else {
                q = raw << s
            }
        }
        if !huge && q >= minRaw && q <= maxRaw {
            if overflow == .satSym && isSigned && sourceSigned && negative && q == minRaw { return symmetricMinRaw }
            return q
        }
        let over = !negative
        switch overflow {
        case .sat:
            return over ? maxRaw : minRaw
        case .satSym:
            return over ? maxRaw : (isSigned ? symmetricMinRaw : minRaw)
        case .satZero:
            return 0
        case .wrap:
            var bits = UInt128(bitPattern: wrapRaw(q)) & Self.mask(width)
            let n = saturationBits
            if n > 0 {
                if isSigned {
                    bits = Self.setBit(bits, width - 1, negative)
                    if n > 1 { bits = Self.setRange(bits, from: width - n, to: width - 2, ones: !negative) }
                } else {
                    bits = Self.setRange(bits, from: width - n, to: width - 1, ones: true)
                }
            }
            return wrapRaw(Int128(bitPattern: bits))
        case .wrapSM:
            guard isSigned else { return over ? maxRaw : minRaw }
            var bits = UInt128(bitPattern: wrapRaw(q)) & Self.mask(width)
            let ro = (bits >> (width - 1)) & 1 == 1
            let n = saturationBits
            if n == 0 {
                // The header compares against the source bit that lands just above the target MSB.
                let pos1 = d + width
                let ld = pos1 >= 0 && pos1 < w2 && Self.bit(raw, pos1)
                if ld != ro {
                    bits = ~bits & Self.mask(width)
                    bits = Self.setBit(bits, width - 1, ld)
                }
            } else {
                if n == 1 && negative != ro {
                    bits = ~bits & Self.mask(width)
                } else if n > 1 {
                    let lNo = (bits >> (width - n)) & 1 == 1
                    if lNo == negative { bits = ~bits & Self.mask(width) }
                    bits = Self.setRange(bits, from: width - n, to: width - 2, ones: !negative)
                }
                bits = Self.setBit(bits, width - 1, negative)
            }
            return wrapRaw(Int128(bitPattern: bits))
        }
    }

    /// Shifts right by `d` bits, rounding the dropped bits with `mode`.
    @inlinable
    static func roundShift(_ raw: Int128, by d: Int, mode: QuantizationMode) -> Int128 {
        if d >= 127 {
            // Everything is below the LSB: the floor is 0 or −1 and the dropped part is nonzero unless raw == 0.
            if raw == 0 { return 0 }
            switch mode {
            case .trn: return raw < 0 ? -1 : 0
            default: return 0 // every rounding mode sends a value smaller than half an LSB to 0
            }
        }
        let floor = raw >> d
        if mode == .trn { return floor }
        let rem = raw & ((Int128(1) << d) - 1)
        if rem == 0 { return floor }
        let half = Int128(1) << (d - 1)
        let negative = raw < 0
        switch mode {
        case .trn: return floor
        case .trnZero: return negative ? floor + 1 : floor
        case .rnd: return rem >= half ? floor + 1 : floor
        case .rndZero: return rem > half || (rem == half && negative) ? floor + 1 : floor
        case .rndMinInf: return rem > half ? floor + 1 : floor
        case .rndInf: return rem > half || (rem == half && !negative) ? floor + 1 : floor
        case .rndConv: return rem > half || (rem == half && floor & 1 == 1) ? floor + 1 : floor
        }
    }

    @inlinable static func mask(_ w: Int) -> UInt128 { w >= 128 ? ~0 : (UInt128(1) << w) - 1 }

    @inlinable static func bit(_ v: Int128, _ i: Int) -> Bool { i >= 127 ? v < 0 : (v >> i) & 1 == 1 }

    @inlinable static func setBit(_ v: UInt128, _ i: Int, _ on: Bool) -> UInt128 {
        on ? v | (UInt128(1) << i) : v & ~(UInt128(1) << i)
    }

    @inlinable static func setRange(_ v: UInt128, from lo: Int, to hi: Int, ones: Bool) -> UInt128 {
        guard hi >= lo else { return v }
        let m = mask(hi - lo + 1) << lo
        return ones ? v | m : v & ~m
    }
}
