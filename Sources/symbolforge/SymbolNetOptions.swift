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

    @Option(name: .customLong("operator-costs"), help: "Operator-pruning pressure: 'none' (every operator the same) or 'measured' (proportional to each operator's synthesized cost, so cheaper operators survive).")
    var operatorCosts: String = "none"

    /// The options as typed settings (the task is decided by the data, in the flow).
    func settings() throws -> SymbolNetSettings {
        var s = SymbolNetSettings()
        s.layers = try LayerSpec.parseList(nodes)
        if let layers, layers != s.layers.count {
            throw CLIError("--layers \(layers) but --nodes '\(nodes)' describes \(s.layers.count) layer(s); give one node count per layer")
        }
        s.unary = try UnaryOperator.parseList(unary)
        s.binary = try BinaryOperatorKind.parseList(binary)
        if let sparsity {
            s.sparsity = try SparsityTargets.parse(sparsity, defaults: s.sparsity)
            let keys: [String: SymbolNetSettings.SparsityKey] = ["input": .input, "in": .input, "weight": .weight, "weights": .weight, "w": .weight,
                                                                 "unary": .unary, "u": .unary, "binary": .binary, "bin": .binary, "b": .binary]
            s.givenSparsity = Set(sparsity.split(separator: ",").compactMap { part in
                part.split(separator: "=").first.flatMap { keys[$0.trimmingCharacters(in: .whitespaces).lowercased()] }
            })
        }
        s.epochs = epochs
        s.batch = batch
        s.learningRate = lr
        var probe = SymbolNetDefaults.config(task: .classification)
        try probe.set("lr-schedule", lrSchedule)
        s.schedule = probe.learningRateSchedule
        if let loss {
            try probe.set("loss", loss)
            s.loss = probe.loss
        }
        s.warmup = warmup
        s.seed = seed
        s.earlyStop = earlyStop
        s.reference = !noReference
        switch operatorCosts {
        case "none": s.operatorCosts = nil
        case "measured": s.operatorCosts = OperatorCosts.measured
        default: throw CLIError("--operator-costs '\(operatorCosts)': use 'none' (every operator weighs the same) or 'measured' (Yosys xc7 costs, Reports/benchmarks/operator_costs.md)")
        }
        return s
    }
}

/// Prints one epoch of progress; epochs past `total` are quantization-aware fine-tuning.
func printEpoch(_ e: SymbolNetEpoch, of total: Int) {
    let acc = e.accuracy.map { String(format: " acc %.4f", $0) } ?? ""
    let label = e.epoch > total ? String(format: "fine-tuning epoch %3d", e.epoch - total) : String(format: "epoch %3d/%d", e.epoch, total)
    print(String(format: "%@  loss %.5f (data %.5f)%@  sparsity in %.2f w %.2f un %.2f bin %.2f  %.1f s",
                 label, e.loss, e.regressionLoss, acc, e.sparsityInput, e.sparsityWeight, e.sparsityUnary, e.sparsityBinary, e.seconds))
    fflush(nil)
}
