import ArgumentParser
import Datapath
import FixedPoint
import Flows
import Foundation
import SymbolNet
import Verilator

struct Front: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a ladder of SymbolNet models and write the Pareto front of accuracy against hardware cost.",
        discussion: """
            Every rung (a width from --widths × a weight sparsity from --weight-sparsities) is trained on the
            training half, extracted, co-simulated bit for bit on the test rows, synthesized (Yosys xc7) and
            placed and routed (nextpnr). A dense reference network is trained once on the same rows; the front
            of accuracy (and accuracy relative to it) against latency, LUTs and DSPs is written as front.json,
            front.md and index.html. See docs/exploration.md.
            """)

    @Option(help: "Labelled file (CSV, ARFF or X.npy,y.npy). Default: the bundled jets.")
    var data: String?

    @Option(help: "Label column of --data.")
    var target: String?

    @Option(help: "Hidden layers per rung, separated by ';' (each UNARY:BINARY[,UNARY:BINARY…]).")
    var widths: String = FrontJob.Options.defaultWidths

    @Option(name: .customLong("weight-sparsities"), help: "Weight sparsity targets, comma-separated.")
    var weightSparsities: String = "0.9,0.95,0.98"

    @Option(name: .customLong("input-sparsity"), help: "Input sparsity target of every rung.")
    var inputSparsity: Double = 0.5

    @Option(help: "Unary operators of every rung, comma-separated (the SymbolNet defaults are \(SymbolNetDefaults.unary)).")
    var unary: String = FrontJob.Options.defaultUnary

    @Option(help: "Training epochs per rung.")
    var epochs: Int = 100

    @Option(name: .customLong("train-rows"), help: "Training rows (default: the whole training half).")
    var trainRows: Int?

    @Option(name: .customLong("test-rows"), help: "Test rows every model is co-simulated and scored on.")
    var testRows: Int = 5000

    @Option(help: "Seed of the split and the training.")
    var seed: UInt64 = 1

    @Option(help: "Precision plan of the extracted formulas: uniform, hls4ml or optimized.")
    var plan: PlanName = .optimized

    @Option(help: "Fixed-point type of inputs (and constants and outputs for uniform and hls4ml).")
    var precision: String = "ap_fixed<18,8>"

    @Option(name: .customLong("min-agreement"), help: "Optimized plan: smallest argmax agreement with the float model.")
    var minAgreement: Double?

    @Option(name: .customLong("clock-ns"), help: "Target clock period.")
    var clockNs: Double = 5

    @Flag(name: .customLong("no-reference"), help: "Skip the reference network (no relative accuracy).")
    var noReference = false

    @OptionGroup var exploration: ExplorationOptions

    func run() throws {
        try reportingErrors {
            let format = try FixedFormat(parsing: precision)
            let precisionPlan = try plan.precisionPlan(format: format, maxError: nil, minAgreement: minAgreement)
            var o = FrontJob.Options(plan: precisionPlan, out: exploration.out)
            o.widths = widths.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            o.weightSparsities = try listOption(weightSparsities, "--weight-sparsities", Double.init)
            (o.data, o.target, o.inputSparsity, o.epochs, o.trainRows, o.testRows, o.seed, o.clockNs) = (data, target, inputSparsity, epochs, trainRows, testRows, seed, clockNs)
            if noReference { o.reference = nil }
            if let budget = try exploration.checkedDSPBudget() { o.dspBudget = budget }
            o.unaryOperators = try UnaryOperator.parseList(unary)
            (o.shard, o.synthesis) = (try exploration.shardSpec(), try exploration.synthesis())
            exploration.report(try FrontJob.run(o, toolchain: try VerilatorToolchain(), log: say))
        }
    }
}
