import FixedPoint

/// How formats are chosen when an expression is lowered.
public enum PrecisionPlan: Hashable, Sendable {
    /// hls4ml's convention: one type for inputs, constants and the output; intermediates at full precision.
    case uniform(FixedFormat)

    /// The type of every input port.
    public var inputFormat: FixedFormat {
        switch self {
        case .uniform(let t): return t
        }
    }

    /// The type constants are quantized into.
    public var constantFormat: FixedFormat {
        switch self {
        case .uniform(let t): return t
        }
    }

    /// The type of every output port.
    public var outputFormat: FixedFormat {
        switch self {
        case .uniform(let t): return t
        }
    }
}
