import ArgumentParser
import Dataset
import Flows
import Foundation
import SymbolNet
import SymbolicExpression

/// Options describing a SymbolNet architecture and its training.
struct SymbolNetOptions: ParsableArguments {
    @Option(help: "Number of hidden symbolic layers (must match --nodes when both are given).")
    var layers: Int?

    @Option(help: "Nodes per layer: N (a quarter binary) or UNARY:BINARY, comma-separated per layer.")
    var nodes: String = SymbolNetDefaults.nodes

    @Option(help: "Unary operators, comma-separated (identity, sin, cos, exp, sinh, cosh, tanh, gauss, square, cube, log).")
    var unary: String = SymbolNetDefaults.unary

    @Option(help: "Binary operators, comma-separated (add, mul, pow, div).")
    var binary: String = SymbolNetDefaults.binary

    @Option(help: "Target sparsities, e.g. input=0.5,weight=0.9,unary=0.4,binary=0.4. Input and weight targets not given are chosen on a validation split (the smallest model within 0.015 accuracy or R² of the best).")
    var sparsity: String?

    @Option(help: "Training epochs.")
    var epochs: Int = SymbolNetDefaults.epochs

    @Option(help: "Mini-batch size.")
    var batch: Int = 256

    @Option(help: "Adam learning rate.")
    var lr: Double = SymbolNetDefaults.learningRate

    @Option(help: "Learning-rate schedule: constant or cosine (down to 0.05 of --lr).")
    var lrSchedule: String = SymbolNetDefaults.schedule.rawValue

    @Option(help: "Data loss: mse (the reference SymbolNet's) or cross-entropy (classification only; the default there).")
    var loss: String?

    @Option(help: "Epochs trained before the pruning terms switch on.")
    var warmup: Int = SymbolNetDefaults.warmupEpochs

    @Option(help: "Seed for initialisation, shuffling and the train/test split.")
    var seed: UInt64 = 1

    @Option(name: .customLong("early-stop"), help: "Stop after this many epochs without improvement.")
    var earlyStop: Int?

    @Flag(help: "Skip the dense reference network (16-64-32-32-k) trained beside the SymbolNet.")
    var noReference = false

    func config(task: SymbolNetConfig.Task) throws -> SymbolNetConfig {
        let specs = try LayerSpec.parseList(nodes)
        if let layers, layers != specs.count {
            throw CLIError("--layers \(layers) but --nodes '\(nodes)' describes \(specs.count) layer(s); give one node count per layer")
        }
        var cfg = SymbolNetDefaults.config(task: task, seed: seed)
        cfg.layers = specs
        cfg.unaryOperators = try UnaryOperator.parseList(unary)
        cfg.binaryOperators = try BinaryOperatorKind.parseList(binary)
        if let sparsity { cfg.sparsity = try SparsityTargets.parse(sparsity, defaults: cfg.sparsity) }
        cfg.epochs = epochs
        cfg.batchSize = batch
        cfg.learningRate = lr
        cfg.earlyStopPatience = earlyStop
        cfg.warmupEpochs = warmup
        try cfg.set("lr-schedule", lrSchedule)
        if let loss { try cfg.set("loss", loss) }
        try cfg.validate()
        return cfg
    }

    /// The configuration plus the choices left to the data: sparsity candidates for the keys the user
    /// did not give (input and weight) and the reference network.
    func plan(task: SymbolNetConfig.Task) throws -> TrainingPlan {
        let cfg = try config(task: task)
        var candidates: [SparsityTargets] = []
        let given = Set((sparsity ?? "").split(separator: ",").compactMap { $0.split(separator: "=").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } })
        let setsInput = !given.isDisjoint(with: ["input", "in"]), setsWeight = !given.isDisjoint(with: ["weight", "weights", "w"])
        if !(setsInput && setsWeight) {
            for c in TrainingPlan.defaultCandidates(binary: cfg.sparsity.binary) {
                var t = cfg.sparsity
                if !setsInput { t.input = c.input }
                if !setsWeight { t.weight = c.weight }
                if !candidates.contains(t) { candidates.append(t) }
            }
        }
        return TrainingPlan(config: cfg, sparsityCandidates: candidates, reference: noReference ? nil : ReferenceNetworkConfig(seed: seed))
    }
}

/// The reference comparison as results-JSON keys (snake case, as the results schema writes them).
struct ReferenceMetrics: Codable {
    var symbolnetAccuracy: Double?
    var referenceNnAccuracy: Double?
    var accuracyRelativeToNn: Double?
    var symbolnetR2: Double?
    var referenceNnR2: Double?
    var r2RelativeToNn: Double?
    var testRows: Int
    var sparsity: SparsityTargets
    var sparsityTrials: [SparsityTrial]

    init(_ c: ReferenceComparison, outcome: TrainingOutcome) {
        if c.task == .classification {
            symbolnetAccuracy = c.symbolnet
            referenceNnAccuracy = c.reference
            accuracyRelativeToNn = c.ratio
        } else {
            symbolnetR2 = c.symbolnet
            referenceNnR2 = c.reference
            r2RelativeToNn = c.ratio
        }
        testRows = c.testRows
        sparsity = outcome.sparsity
        sparsityTrials = outcome.trials
    }
}

/// Prints one epoch of progress.
func printEpoch(_ e: SymbolNetEpoch, of total: Int) {
    let acc = e.accuracy.map { String(format: " acc %.4f", $0) } ?? ""
    print(String(format: "epoch %3d/%d  loss %.5f (data %.5f)%@  sparsity in %.2f w %.2f un %.2f bin %.2f  %.1f s",
                 e.epoch, total, e.loss, e.regressionLoss, acc, e.sparsityInput, e.sparsityWeight, e.sparsityUnary, e.sparsityBinary, e.seconds))
    fflush(nil)
}
