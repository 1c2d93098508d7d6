/// The training settings `symbolforge train` and the main job use when the user sets nothing.
///
/// Chosen by measurement on the bundled jets (50/50 split); the table that chose them is in
/// docs/symbolnet.md. They are kept general (no feature or class of one sample is special-cased).
public enum SymbolNetDefaults {
    /// Hidden layers as `UNARY:BINARY` per layer.
    public static let nodes = "20:5,20:5"
    public static let unary = "sin,tanh,gauss,square"
    public static let binary = "mul"
    public static let epochs = 100
    public static let learningRate = 0.005
    public static let loss = SymbolNetLoss.crossEntropy
    public static let warmupEpochs = 0
    public static let schedule = LearningRateSchedule.constant
    /// Sparsity targets when the user gives none and no validation choice is made.
    public static let sparsity = SparsityTargets(input: 0.5, weight: 0.9, unary: 0.4, binary: 0.4)

    /// The default configuration for `task`.
    public static func config(task: SymbolNetConfig.Task, seed: UInt64 = 1) -> SymbolNetConfig {
        // The operator lists are literals above; parsing them cannot fail.
        SymbolNetConfig(task: task, layers: try! LayerSpec.parseList(nodes), unaryOperators: try! UnaryOperator.parseList(unary),
                        binaryOperators: try! BinaryOperatorKind.parseList(binary), sparsity: sparsity, epochs: epochs,
                        learningRate: learningRate, seed: seed, loss: task == .classification ? loss : .mse,
                        warmupEpochs: warmupEpochs, learningRateSchedule: schedule)
    }
}

/// How the main job trains its SymbolNet on the bundled jets: every training jet, the defaults above,
/// sparsity targets chosen on a validation split, and the reference network on the same rows.
public struct MainJobTraining: Sendable {
    /// Training rows used (nil: all of the training half).
    public var trainRows: Int?
    public var plan: TrainingPlan

    public init(trainRows: Int? = nil, plan: TrainingPlan) {
        self.trainRows = trainRows
        self.plan = plan
    }

    /// The main job's configuration for `seed`.
    public static func standard(seed: UInt64 = 1) -> MainJobTraining {
        let cfg = SymbolNetDefaults.config(task: .classification, seed: seed)
        return MainJobTraining(plan: TrainingPlan(
            config: cfg, sparsityCandidates: TrainingPlan.defaultCandidates(binary: cfg.sparsity.binary),
            reference: ReferenceNetworkConfig(seed: seed)))
    }
}
