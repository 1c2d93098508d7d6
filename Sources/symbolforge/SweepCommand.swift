import ArgumentParser
import FixedPoint
import Flows
import Foundation
import Verilator

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explore precision plans, accuracy targets, table sizes and clock targets of formulas; write the Pareto front.",
        discussion: """
            FORMULAS is a formula file (or one formula), or PySR's own output: hall_of_fame.csv, or one
            hall_of_fame_output<K>.csv per output of a multi-output fit (every equation of the front becomes
            a point). Every point is co-simulated bit for bit, synthesized (Yosys xc7) and placed and routed
            (nextpnr), and the Pareto front of quality (accuracy on labelled --data, else agreement with or
            error against the float model) against latency, LUTs and DSPs is written as front.json, front.md
            and index.html. See docs/exploration.md.
            """)

    @Argument(help: "A formula file or formula, or PySR hall_of_fame*.csv files.")
    var formulas: [String]

    @Option(help: "Number of inputs (default: one more than the highest variable index).")
    var inputs: Int?

    @Option(help: "Rows to score on: a labelled CSV (a `class` column, or --target; its test half is used, standardized) or input vectors (x0..xN). Default: standard-normal vectors.")
    var data: String?

    @Option(help: "Label column of --data.")
    var target: String?

    @Option(help: "Rows of --data (or random vectors) per point.")
    var rows: Int = 5000

    @Option(help: "Seed of the split or the random vectors.")
    var seed: UInt64 = 1

    @Option(help: "Fixed-point type of inputs, constants and outputs.")
    var precision: String = "ap_fixed<18,8>"

    @Option(help: "Precision plans, comma-separated (uniform, hls4ml, optimized).")
    var plans: String = "uniform,optimized"

    @Option(name: .customLong("max-error"), help: "Optimized plan: error bounds, comma-separated (one point each).")
    var maxError: String?

    @Option(name: .customLong("min-agreement"), help: "Optimized plan: agreement targets, comma-separated (one point each).")
    var minAgreement: String?

    @Option(name: .customLong("table-sizes"), help: "Entries per function table, comma-separated powers of two (default: the plan's).")
    var tableSizes: String?

    @Option(name: .customLong("clock-ns"), help: "Target clock periods, comma-separated.")
    var clockNs: String = "5"

    @OptionGroup var exploration: ExplorationOptions

    func run() throws {
        try reportingErrors {
            var axes = SweepJob.Axes(format: try FixedFormat(parsing: precision))
            axes.plans = plans.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            axes.maxErrors = try listOption(maxError, "--max-error", Double.init)
            axes.minAgreements = try listOption(minAgreement, "--min-agreement", Double.init)
            axes.tableSizes = try listOption(tableSizes, "--table-sizes", { Int($0) })
            axes.clocksNs = try listOption(clockNs, "--clock-ns", Double.init)
            axes.dspBudget = try exploration.checkedDSPBudget()
            var o = SweepJob.Options(formulas: formulas, axes: axes, out: exploration.out)
            (o.inputs, o.data, o.target, o.rows, o.seed) = (inputs, data, target, rows, seed)
            (o.shard, o.synthesis) = (try exploration.shardSpec(), try exploration.synthesis())
            exploration.report(try SweepJob.run(o, toolchain: try VerilatorToolchain(), log: say))
        }
    }
}
