/// Quantization modes of ap_fixed: how bits below the least significant bit are dropped.
public enum QuantizationMode: String, CaseIterable, Hashable, Sendable, Codable {
    /// Round half toward plus infinity.
    case rnd = "AP_RND"
    /// Round half toward zero.
    case rndZero = "AP_RND_ZERO"
    /// Round half toward minus infinity.
    case rndMinInf = "AP_RND_MIN_INF"
    /// Round half away from zero.
    case rndInf = "AP_RND_INF"
    /// Round half to even (convergent).
    case rndConv = "AP_RND_CONV"
    /// Truncate toward minus infinity (floor); the default.
    case trn = "AP_TRN"
    /// Truncate toward zero.
    case trnZero = "AP_TRN_ZERO"
}

/// Overflow modes of ap_fixed: what happens when a value does not fit the integer bits.
public enum OverflowMode: String, CaseIterable, Hashable, Sendable, Codable {
    case sat = "AP_SAT"
    case satZero = "AP_SAT_ZERO"
    case satSym = "AP_SAT_SYM"
    /// Two's-complement wrap; the default.
    case wrap = "AP_WRAP"
    /// Sign-magnitude wrap.
    case wrapSM = "AP_WRAP_SM"
}

/// An `ap_fixed<W,I,Q,O,N>` / `ap_ufixed` type: a value is `raw · 2^-F` with `F = W − I`.
public struct FixedFormat: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Total bits W (≥ 1).
    public var width: Int
    /// Integer bits I, including the sign bit for signed types; may be negative or exceed W.
    public var integerBits: Int
    public var isSigned: Bool
    public var quantization: QuantizationMode
    public var overflow: OverflowMode
    /// N: saturation bits for the wrap modes.
    public var saturationBits: Int

    public init(width: Int, integerBits: Int, isSigned: Bool = true, quantization: QuantizationMode = .trn,
                overflow: OverflowMode = .wrap, saturationBits: Int = 0) {
        precondition(width >= 1, "fixed-point width must be at least 1")
        self.width = width
        self.integerBits = integerBits
        self.isSigned = isSigned
        self.quantization = quantization
        self.overflow = overflow
        self.saturationBits = saturationBits
    }

    /// Shorthand for a signed format with the default modes.
    public static func fixed(_ w: Int, _ i: Int, _ q: QuantizationMode = .trn, _ o: OverflowMode = .wrap, _ n: Int = 0) -> FixedFormat {
        FixedFormat(width: w, integerBits: i, isSigned: true, quantization: q, overflow: o, saturationBits: n)
    }

    /// Shorthand for an unsigned format with the default modes.
    public static func ufixed(_ w: Int, _ i: Int, _ q: QuantizationMode = .trn, _ o: OverflowMode = .wrap, _ n: Int = 0) -> FixedFormat {
        FixedFormat(width: w, integerBits: i, isSigned: false, quantization: q, overflow: o, saturationBits: n)
    }

    /// Fraction bits F = W − I (may be negative).
    @inlinable public var fractionBits: Int { width - integerBits }

    /// The same bits with other modes: full-precision results carry the default modes.
    public func with(quantization q: QuantizationMode = .trn, overflow o: OverflowMode = .wrap, saturationBits n: Int = 0) -> FixedFormat {
        FixedFormat(width: width, integerBits: integerBits, isSigned: isSigned, quantization: q, overflow: o, saturationBits: n)
    }

    /// The C++ spelling, with modes only when they differ from the defaults.
    public var description: String {
        let base = isSigned ? "ap_fixed" : "ap_ufixed"
        var args = ["\(width)", "\(integerBits)"]
        if quantization != .trn || overflow != .wrap || saturationBits != 0 { args.append(quantization.rawValue) }
        if overflow != .wrap || saturationBits != 0 { args.append(overflow.rawValue) }
        if saturationBits != 0 { args.append("\(saturationBits)") }
        return "\(base)<\(args.joined(separator: ","))>"
    }

    /// The C++ spelling with every template argument written out.
    public var fullDescription: String {
        "\(isSigned ? "ap_fixed" : "ap_ufixed")<\(width),\(integerBits),\(quantization.rawValue),\(overflow.rawValue),\(saturationBits)>"
    }

    /// Modes and N play no part in the bits a value occupies; two formats with the same layout hold the same raw values.
    public var layout: Layout { Layout(width: width, fractionBits: fractionBits, isSigned: isSigned) }

    /// The bit layout of a format, without its modes.
    public struct Layout: Hashable, Sendable, Codable {
        public var width: Int
        public var fractionBits: Int
        public var isSigned: Bool
    }
}

// MARK: Full-precision result formats (ap_fixed's RType rules)

extension FixedFormat {
    /// Exact result type of `a + b`: one more integer bit than the wider side, the finer fraction.
    @inlinable public static func sum(_ a: FixedFormat, _ b: FixedFormat) -> FixedFormat {
        let i = Swift.max(a.integerBits + (b.isSigned && !a.isSigned ? 1 : 0), b.integerBits + (a.isSigned && !b.isSigned ? 1 : 0)) + 1
        let f = Swift.max(a.fractionBits, b.fractionBits)
        return FixedFormat(width: i + f, integerBits: i, isSigned: a.isSigned || b.isSigned)
    }

    /// Exact result type of `a − b`: as for the sum, but always signed.
    @inlinable public static func difference(_ a: FixedFormat, _ b: FixedFormat) -> FixedFormat {
        var s = sum(a, b)
        s.isSigned = true
        return s
    }

    /// Exact result type of `a · b`: W and I add.
    @inlinable public static func product(_ a: FixedFormat, _ b: FixedFormat) -> FixedFormat {
        FixedFormat(width: a.width + b.width, integerBits: a.integerBits + b.integerBits, isSigned: a.isSigned || b.isSigned)
    }

    /// Exact result type of `−a`: one more bit, signed.
    @inlinable public static func negation(_ a: FixedFormat) -> FixedFormat {
        FixedFormat(width: a.width + 1, integerBits: a.integerBits + 1, isSigned: true)
    }
}
