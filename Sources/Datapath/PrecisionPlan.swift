import FixedPoint

/// How formats are chosen when an expression is lowered: one typed choice for the whole design.
public enum PrecisionPlan: Hashable, Sendable {
    /// One type for inputs, constants, table arguments and outputs; intermediates at full precision.
    case uniform(FixedFormat)
    /// hls4ml's conventions on top of `uniform`: its constant printing (`sympy`) and its table defaults
    /// (PySR's clamped ranges, left-edge entries), so the design equals hls4ml's csim bit for bit.
    case hls4ml(FixedFormat)
    /// A format per node: integer bits from interval analysis, fraction bits and table sizes searched for the
    /// fewest bits that still meet the accuracy target (see `PrecisionSearch`).
    case optimized(OptimizationTarget)

    /// The plan's name as the command line spells it.
    public var name: String {
        switch self {
        case .uniform: return "uniform"
        case .hls4ml: return "hls4ml"
        case .optimized: return "optimized"
        }
    }

    /// The type of every input port.
    public var inputFormat: FixedFormat {
        switch self {
        case .uniform(let t), .hls4ml(let t): return t
        case .optimized(let target): return target.inputFormat
        }
    }

    /// The type constants are quantized into while lowering. The optimized plan lowers at a reference
    /// precision first and requantizes every constant afterwards.
    public var constantFormat: FixedFormat {
        switch self {
        case .uniform(let t), .hls4ml(let t): return t
        case .optimized: return PrecisionSearch.referenceFormat
        }
    }

    /// The nominal type of the output ports (the optimized plan picks the actual one per design).
    public var outputFormat: FixedFormat {
        switch self {
        case .uniform(let t), .hls4ml(let t): return t
        case .optimized: return PrecisionSearch.referenceFormat
        }
    }

    /// The table defaults the plan implies when no table option overrides them.
    public var defaultTables: TableConfig {
        switch self {
        case .uniform: return .standard
        case .hls4ml: return .hls4ml
        case .optimized: return .standard
        }
    }

    /// The constant convention the plan implies.
    public var defaultConstantStyle: Lowering.ConstantStyle {
        switch self {
        case .hls4ml: return .sympy
        case .uniform, .optimized: return .asWritten
        }
    }
}

/// The float values the optimized plan's error is measured against.
public enum ErrorReference: String, CaseIterable, Hashable, Sendable {
    /// The float model at the real input values: the error includes the input ports' quantization.
    case inputs
    /// The float model at the values the input ports hold: the error the datapath itself adds. Where input
    /// quantization alone exceeds the target (sqrt near 0 turns an input step of 2^-F into 2^(-F/2)), this is the
    /// only error a plan can be held to.
    case quantizedInputs = "quantized-inputs"
}

/// What the optimized plan must achieve, and what it may learn from.
public struct OptimizationTarget: Hashable, Sendable {
    /// The type of every input port (the worst-case range analysis starts from it).
    public var inputFormat: FixedFormat
    /// Largest allowed |fixed − float| on every output, over the search vectors (also measured on the held-out ones).
    public var maxError: Double?
    /// Smallest allowed fraction of vectors whose argmax over the outputs equals the float model's.
    public var minAgreement: Double?
    /// Standard-normal vectors the search evaluates (besides `data`).
    public var randomVectors: Int = 8192
    /// Seed of those vectors (distinct from the co-simulation's default seed so the check is not the search).
    public var seed: UInt64 = 0x5EED_F00D
    /// Held-out standard-normal vectors the chosen plan's agreement must also pass (besides the data rows the
    /// search skipped); four times the search's, so their standard error is half as large.
    public var validationVectors: Int = 32768
    /// Seed of the held-out vectors (distinct from `seed` and from the co-simulation's default seed).
    public var validationSeed: UInt64 = 0x5EED_0A1D
    /// Agreement margin on the search's own vectors, in binomial standard errors of the agreement target at that
    /// sample size: lowering knobs one by one against a fixed sample favours plans that happen to suit it.
    public var searchConfidence: Double = 4
    /// Agreement margin on the held-out vectors, in binomial standard errors at that sample size: the chosen
    /// plan's true agreement is then below the target with a probability of about 2 %.
    public var validationConfidence: Double = 2
    /// Extra input vectors (rows of real values) the search also evaluates.
    public var data: [[Double]] = []
    /// Where the float model that `maxError` and the agreement compare against is evaluated.
    public var errorReference: ErrorReference = .inputs

    public init(inputFormat: FixedFormat, maxError: Double? = nil, minAgreement: Double? = nil, data: [[Double]] = []) {
        self.inputFormat = inputFormat
        self.maxError = maxError
        self.minAgreement = minAgreement
        self.data = data
    }

    /// The agreement target in force for a design with `outputs` outputs: the explicit one, else 0.995
    /// for classifiers (two or more outputs).
    public func agreementTarget(outputs: Int) -> Double? {
        if let p = minAgreement { return p }
        return outputs >= 2 && maxError == nil ? 0.995 : nil
    }

    /// The agreement demanded of a sample of `vectors` vectors: the target plus `confidence` binomial standard
    /// errors, sqrt(p(1 − p)/n), capped at 1.
    public static func agreementGoal(_ p: Double, vectors: Int, confidence: Double) -> Double {
        Swift.min(1, p + confidence * (p * (1 - p) / Double(Swift.max(vectors, 1))).squareRoot())
    }
}
