import FixedPoint
import SymbolicExpression

/// The functions a lookup table can hold.
public enum TableFunction: String, CaseIterable, Hashable, Sendable, Codable {
    case sin, cos, tan, exp, log, sqrt, inv, tanh, sigmoid, sinh, cosh, gauss
    /// sin(x)·cos(x) (= sin(2x)/2) in one table: the pattern PySR's jet expressions use.
    case sinCos

    /// The float function the table samples: the expression language's own definition.
    public func apply(_ x: Double) -> Double {
        switch self {
        case .sinCos: return Function.sin.apply(x) * Function.cos.apply(x)
        default: return Function(rawValue: rawValue)!.apply(x)
        }
    }
}

/// Where in its bin each entry samples the function.
public enum TableSampling: String, Hashable, Sendable, Codable {
    /// f(start + i·step): hls4ml's convention.
    case leftEdge
    /// f(start + (i + ½)·step): half the worst-case error for monotone functions.
    case midpoint
}

/// A lookup table: one object that the golden model, the C++ arrays and the Verilog ROM all read.
///
/// The argument `x` (raw, in `inputFormat`) indexes as `floor((x − start)·N/span)`; with `N = 2^addressBits`
/// and `span = 2^spanLog2` that is a shift, so hardware takes a bit slice. A periodic table keeps the
/// low `addressBits` of the index (one period per span); otherwise the index is clamped to `[0, N−1]`.
/// Entry `i` holds `f(scale · (start + (i + o)·span/N))` quantized to `outputFormat`.
///
/// A segmented table (`segments` non-nil) indexes by the leading one of `u = x − start` instead (see
/// `TableSegments`), so steep functions near `start` (sqrt, log) get fine steps with few entries.
public struct FunctionTable: Hashable, Sendable {
    public var function: TableFunction
    public var addressBits: Int
    public var start: Double
    public var spanLog2: Int
    public var periodic: Bool
    /// Multiplies the argument before `function` (2π for a sine indexed in periods).
    public var scale: Double
    public var sampling: TableSampling
    public var inputFormat: FixedFormat
    public var outputFormat: FixedFormat
    /// Leading-one indexing, or nil for the uniform bit-slice index.
    public var segments: TableSegments?
    /// Raw entries in `outputFormat`, written out explicitly.
    public var entries: [Int128]

    public var size: Int { entries.count }
    public var span: Double { FixedFormat.pow2(spanLog2) }
    public var end: Double { start + span }

    /// Builds a table and fills its entries.
    public init(function: TableFunction, addressBits: Int, start: Double, spanLog2: Int, periodic: Bool = false, scale: Double = 1,
                sampling: TableSampling = .midpoint, inputFormat: FixedFormat, outputFormat: FixedFormat) {
        self.function = function
        self.addressBits = addressBits
        self.start = start
        self.spanLog2 = spanLog2
        self.periodic = periodic
        self.scale = scale
        self.sampling = sampling
        self.inputFormat = inputFormat
        self.outputFormat = outputFormat
        segments = nil
        let n = 1 << addressBits
        let step = FixedFormat.pow2(spanLog2 - addressBits)
        let offset = sampling == .midpoint ? 0.5 : 0
        entries = (0..<n).map { i in
            // Values beyond the output range (poles, exp's growth) saturate instead of wrapping.
            let v = function.apply(scale * (start + (Double(i) + offset) * step))
            let clamped = v.isNaN ? 0 : Swift.min(Swift.max(v, outputFormat.minValue), outputFormat.maxValue)
            return outputFormat.raw(fromDouble: clamped)
        }
    }

    /// Builds a segmented table over `[start, start + 2^(segments.coveredBits)·lsb)` of `inputFormat` and fills
    /// its entries; `addressBits` is the width of its address.
    public init(function: TableFunction, segments: TableSegments, start: Double, scale: Double = 1, sampling: TableSampling = .midpoint,
                inputFormat: FixedFormat, outputFormat: FixedFormat) {
        self.function = function
        self.segments = segments
        self.addressBits = segments.addressBits
        self.start = start
        self.spanLog2 = segments.coveredBits - inputFormat.fractionBits
        self.periodic = false
        self.scale = scale
        self.sampling = sampling
        self.inputFormat = inputFormat
        self.outputFormat = outputFormat
        let lsb = inputFormat.lsb
        entries = (0..<segments.entries).map { i in
            let (first, count) = segments.bin(i)
            // The bin holds the integers first ..< first + count: its centre is exact, and a one-value bin is exact.
            let u = sampling == .midpoint ? Double(first) + Double(count - 1) / 2 : Double(first)
            var v = function.apply(scale * (start + u * lsb))
            // A pole on the bin's only point (log 0, 1/0) samples half an LSB inside, as a uniform midpoint does.
            if !v.isFinite { v = function.apply(scale * (start + (u + 0.5) * lsb)) }
            let clamped = v.isNaN ? 0 : Swift.min(Swift.max(v, outputFormat.minValue), outputFormat.maxValue)
            return outputFormat.raw(fromDouble: clamped)
        }
    }

    /// Raw value of `start` in the input format (exact by construction of the table).
    public var startRaw: Int128 { inputFormat.raw(fromDouble: start) }

    /// Right shift from `(x − start)` to the index; negative means a left shift.
    public var indexShift: Int { inputFormat.fractionBits - (addressBits - spanLog2) }

    /// The entry index for a raw argument, and whether the argument was inside the table's range.
    @inlinable
    public func index(_ x: Int128) -> (index: Int, inRange: Bool) {
        let d = x - startRaw
        if let g = segments { return g.index(d) }
        let shift = indexShift
        let q = shift >= 0 ? (shift >= 127 ? (d < 0 ? -1 : 0) : d >> shift) : d << -shift
        let n = Int128(size)
        if periodic { return (Int(q & (n - 1)), true) }
        if q < 0 { return (0, false) }
        if q >= n { return (size - 1, false) }
        return (Int(q), true)
    }
}

/// Leading-one (floating-point-like) indexing of a table argument `u = x − start`, in input LSBs.
///
/// Segment 0 holds `u` in `[0, 2^m)` at one entry per LSB. Segment `k ≥ 1` holds `u` in `[2^(m+k−1), 2^(m+k))`:
/// the leading one of `u` picks the segment and the `m` bits below it pick the entry, so the step is
/// `2^(k−1)` LSBs and the relative step stays below `2^−m`. The address is `{k, m bits}`: a leading-one
/// detector and a shift, no multiplier. `u < 0` reads entry 0 and `u ≥ 2^(m+count−1)` the last entry; both
/// count as out of range.
public struct TableSegments: Hashable, Sendable {
    /// Entry bits per segment (`m`).
    public var mantissaBits: Int
    /// Number of segments, segment 0 included.
    public var count: Int

    public init(mantissaBits: Int, count: Int) {
        precondition(mantissaBits >= 1 && count >= 1)
        self.mantissaBits = mantissaBits
        self.count = count
    }

    /// The fewest segments that cover `u` in `[0, 2^bits)`.
    public init(mantissaBits m: Int, covering bits: Int) {
        self.init(mantissaBits: m, count: Swift.max(bits - m + 1, 1))
    }

    public var entries: Int { count << mantissaBits }
    /// log2 of the covered range of `u`, in LSBs.
    public var coveredBits: Int { mantissaBits + count - 1 }
    /// Address width: segment bits above the `m` entry bits.
    public var addressBits: Int { mantissaBits + Self.bits(count - 1) }

    /// Bits needed to write `v ≥ 0` (0 for 0).
    static func bits(_ v: Int) -> Int { v <= 0 ? 0 : Int.bitWidth - v.leadingZeroBitCount }

    /// The first `u` of entry `i`'s bin and how many integers the bin holds.
    public func bin(_ i: Int) -> (first: Int128, count: Int128) {
        let k = i >> mantissaBits, j = Int128(i & ((1 << mantissaBits) - 1))
        if k == 0 { return (j, 1) }
        let step = Int128(1) << (k - 1)
        return ((Int128(1) << (mantissaBits + k - 1)) + j * step, step)
    }

    /// The entry for `u`, and whether `u` was inside the covered range.
    @inlinable
    public func index(_ u: Int128) -> (index: Int, inRange: Bool) {
        if u < 0 { return (0, false) }
        let m = mantissaBits
        if u < Int128(1) << m { return (Int(u), true) }
        let e = 127 - u.leadingZeroBitCount
        let k = e - m + 1
        if k >= count { return (entries - 1, false) }
        let j = Int((u >> (e - m)) & ((Int128(1) << m) - 1))
        return (k << m | j, true)
    }
}
