import FixedPoint

/// The functions a lookup table can hold.
public enum TableFunction: String, CaseIterable, Hashable, Sendable, Codable {
    case sin, cos, tan, exp, log, sqrt, inv, tanh, sigmoid, sinh, cosh, gauss
    /// sin(x)·cos(x) (= sin(2x)/2) in one table: the pattern PySR's jet expressions use.
    case sinCos

    /// The float function the table samples.
    public func apply(_ x: Double) -> Double {
        switch self {
        case .sin: return _sin(x)
        case .cos: return _cos(x)
        case .tan: return _tan(x)
        case .exp: return _exp(x)
        case .log: return _log(x)
        case .sqrt: return x.squareRoot()
        case .inv: return 1 / x
        case .tanh: return _tanh(x)
        case .sigmoid: return 1 / (1 + _exp(-x))
        case .sinh: return _sinh(x)
        case .cosh: return _cosh(x)
        case .gauss: return _exp(-x * x)
        case .sinCos: return _sin(x) * _cos(x)
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
    /// Raw entries in `outputFormat`, written out explicitly.
    public var entries: [Int128]

    public var size: Int { 1 << addressBits }
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

    /// Raw value of `start` in the input format (exact by construction of the table).
    public var startRaw: Int128 { inputFormat.raw(fromDouble: start) }

    /// Right shift from `(x − start)` to the index; negative means a left shift.
    public var indexShift: Int { inputFormat.fractionBits - (addressBits - spanLog2) }

    /// The entry index for a raw argument, and whether the argument was inside the table's range.
    @inlinable
    public func index(_ x: Int128) -> (index: Int, inRange: Bool) {
        let d = x - startRaw
        let shift = indexShift
        let q = shift >= 0 ? (shift >= 127 ? (d < 0 ? -1 : 0) : d >> shift) : d << -shift
        let n = Int128(size)
        if periodic { return (Int(q & (n - 1)), true) }
        if q < 0 { return (0, false) }
        if q >= n { return (size - 1, false) }
        return (Int(q), true)
    }
}
