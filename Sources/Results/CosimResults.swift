/// The results JSON every report, baseline and regression reads. Versioned: readers migrate version 1
/// (`SchemaV1`) and reject other versions.
public struct CosimResults: Codable, Sendable, Equatable {
    public static let schema = "symbolforge.results/2"
    public var schema: String = CosimResults.schema
    public var designs: [DesignResult]
    public var tools: [String: String]

    public init(designs: [DesignResult], tools: [String: String]) {
        self.designs = designs
        self.tools = tools
    }
}

/// One design: how it was built and what every output measured.
public struct DesignResult: Codable, Sendable, Equatable {
    public var design: String
    public var precision: String
    public var inputs: Int
    public var vectors: Int
    public var edgeCaseVectors: Int
    public var seed: UInt64?
    public var stimulus: String
    public var predictedLatencyCycles: Int
    public var clockPeriodNs: Double
    public var build: BuildInfo
    /// Total simulated cycles per wall-clock second, scoreboard included.
    public var cyclesPerSecond: Double
    public var outputs: [OutputResult]
    /// Per lookup table: how many vectors sent its argument outside the table's range.
    public var tables: [TableUsage]?
    /// With several outputs read as class scores: how often argmax of the fixed-point outputs equals
    /// argmax of the float model (over the non-edge-case vectors).
    public var argmaxAgreement: Double?
    /// With labelled vectors and one output per class: accuracy, AUC and ROC curves of the float model,
    /// the Swift fixed-point model and the RTL.
    public var classification: ClassificationFigures?
    /// The cross-check under a second simulator (Icarus Verilog) on the first vectors, when run.
    public var icarus: SecondSimulator?
    /// The HLS C simulation (g++ with the ap_types headers) on every vector, when run.
    public var hlsCsim: SecondSimulator?
    /// The precision plan the design was built with and each node's format (with the optimized plan's reasons).
    public var plan: PlanInfo? = nil
    /// Where each failing implementation first disagreed (FailureReport.swift); nil when every check passed.
    public var failures: [FailureReport]? = nil

    /// A precision plan as applied to one design.
    public struct PlanInfo: Codable, Sendable, Equatable {
        public var name: String
        /// The optimized plan's accuracy target, as searched.
        public var target: String?
        /// Candidates the optimized plan's search evaluated.
        public var evaluations: Int?
        /// What the optimized plan reached on its held-out vectors (not the ones it was tuned on): the
        /// vector count, max |fixed − float| per output and, with several outputs, argmax agreement.
        public var validationVectors: Int?
        public var validatedMaxError: [Double]?
        public var validatedAgreement: Double?
        /// Outputs whose held-out max |error| against the real inputs is measured but not held to the target:
        /// the input quantization alone moves them that far (nil or empty: every output's is held to it).
        public var maxErrorNotEnforced: [NotEnforced]?
        public var nodes: [NodeFormat]

        /// An output exempt from the held-out max |error| target, with what input quantization alone costs it there.
        public struct NotEnforced: Codable, Sendable, Equatable {
            public var output: String
            public var inputQuantizationFloor: Double
            public init(output: String, inputQuantizationFloor: Double) {
                self.output = output
                self.inputQuantizationFloor = inputQuantizationFloor
            }
        }

        public init(name: String, target: String? = nil, evaluations: Int? = nil, validationVectors: Int? = nil,
                    validatedMaxError: [Double]? = nil, validatedAgreement: Double? = nil, maxErrorNotEnforced: [NotEnforced]? = nil,
                    nodes: [NodeFormat]) {
            self.name = name
            self.target = target
            self.evaluations = evaluations
            self.validationVectors = validationVectors
            self.validatedMaxError = validatedMaxError
            self.validatedAgreement = validatedAgreement
            self.maxErrorNotEnforced = maxErrorNotEnforced
            self.nodes = nodes
        }
    }

    /// One node's format and the reason for it.
    public struct NodeFormat: Codable, Sendable, Equatable {
        public var node: String
        public var op: String
        public var format: String
        public var why: String
        public init(node: String, op: String, format: String, why: String) {
            self.node = node
            self.op = op
            self.format = format
            self.why = why
        }
    }

    /// A second simulator's verdict on the same RTL.
    public struct SecondSimulator: Codable, Sendable, Equatable {
        public var vectors: Int
        /// Per output, in `outputs` order.
        public var mismatches: [Int]
        /// Cycles from input to result on every vector; nil for an untimed simulator (the HLS C simulation).
        public var latencyCycles: Int?
        /// Vectors whose latency differed from the schedule (0 when not counted).
        public var latencyMismatches: Int?
        public init(vectors: Int, mismatches: [Int], latencyCycles: Int?, latencyMismatches: Int? = nil) {
            self.vectors = vectors
            self.mismatches = mismatches
            self.latencyCycles = latencyCycles
            self.latencyMismatches = latencyMismatches
        }
    }

    public struct BuildInfo: Codable, Sendable, Equatable {
        public var hash: String
        public var cacheHit: Bool
        public var seconds: Double

        public init(hash: String, cacheHit: Bool, seconds: Double) {
            self.hash = hash
            self.cacheHit = cacheHit
            self.seconds = seconds
        }
}

    public init(design: String, precision: String, inputs: Int, vectors: Int, edgeCaseVectors: Int, seed: UInt64? = nil, stimulus: String, predictedLatencyCycles: Int, clockPeriodNs: Double, build: BuildInfo, cyclesPerSecond: Double, outputs: [OutputResult], tables: [TableUsage]? = nil, argmaxAgreement: Double? = nil, classification: ClassificationFigures? = nil, icarus: SecondSimulator? = nil, hlsCsim: SecondSimulator? = nil) {
        self.design = design
        self.precision = precision
        self.inputs = inputs
        self.vectors = vectors
        self.edgeCaseVectors = edgeCaseVectors
        self.seed = seed
        self.stimulus = stimulus
        self.predictedLatencyCycles = predictedLatencyCycles
        self.clockPeriodNs = clockPeriodNs
        self.build = build
        self.cyclesPerSecond = cyclesPerSecond
        self.outputs = outputs
        self.tables = tables
        self.argmaxAgreement = argmaxAgreement
        self.classification = classification
        self.icarus = icarus
        self.hlsCsim = hlsCsim
    }
}

/// Per-output measurements.
public struct OutputResult: Codable, Sendable, Equatable {
    public var name: String
    public var format: String
    public var formula: String
    public var vectors: Int
    /// Outputs whose bits differ from the Swift golden model (must be 0).
    public var mismatches: Int
    /// Measured cycles from `in_valid` to `out_valid`.
    public var latencyCycles: Int
    /// Largest gap between results of back-to-back vectors (1 means a new result every cycle).
    public var ii: Int
    /// |fixed − float| against the float model at the unquantized inputs, over the non-edge-case vectors.
    public var maxAbsError: Double
    public var meanAbsError: Double
    public var cyclesPerSecond: Double
    /// The first disagreement, if any, for the user to reproduce.
    public var firstMismatch: Mismatch?

    public init(name: String, format: String, formula: String, vectors: Int, mismatches: Int, latencyCycles: Int, ii: Int, maxAbsError: Double, meanAbsError: Double, cyclesPerSecond: Double, firstMismatch: Mismatch? = nil) {
        self.name = name
        self.format = format
        self.formula = formula
        self.vectors = vectors
        self.mismatches = mismatches
        self.latencyCycles = latencyCycles
        self.ii = ii
        self.maxAbsError = maxAbsError
        self.meanAbsError = meanAbsError
        self.cyclesPerSecond = cyclesPerSecond
        self.firstMismatch = firstMismatch
    }
}

/// One disagreement between the RTL and the golden model.
public struct Mismatch: Codable, Sendable, Equatable {
    public var vector: Int
    public var inputs: [Double]
    public var expectedBits: String
    public var actualBits: String

    public init(vector: Int, inputs: [Double], expectedBits: String, actualBits: String) {
        self.vector = vector
        self.inputs = inputs
        self.expectedBits = expectedBits
        self.actualBits = actualBits
    }
}

/// How one lookup table was used during a run.
public struct TableUsage: Codable, Sendable, Equatable {
    public var table: Int
    public var function: String
    public var entries: Int
    public var rangeStart: Double
    public var rangeEnd: Double
    public var periodic: Bool
    /// Lookups (vector × call site) whose argument fell outside [start, end); 0 for periodic tables.
    public var outOfRangeLookups: Int

    public init(table: Int, function: String, entries: Int, rangeStart: Double, rangeEnd: Double, periodic: Bool, outOfRangeLookups: Int) {
        self.table = table
        self.function = function
        self.entries = entries
        self.rangeStart = rangeStart
        self.rangeEnd = rangeEnd
        self.periodic = periodic
        self.outOfRangeLookups = outOfRangeLookups
    }
}
