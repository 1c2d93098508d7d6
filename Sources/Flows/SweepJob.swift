import Datapath
import FixedPoint
import Foundation
import Reporting
import Support
import SymbolicExpression
import Verilator

/// `symbolforge sweep`: a formula set (or every equation of a PySR front) across precision plans,
/// accuracy targets, table sizes and clock targets; each point built bit-exact and synthesized, and the
/// Pareto front of quality against latency, LUTs and DSPs.
public enum SweepJob {
    /// The axes of the sweep; every combination is one point per formula set.
    public struct Axes: Sendable {
        public var plans: [String] = ["uniform", "optimized"]
        /// Optimized plan: one point per bound (with `minAgreements`); both empty gives the plan's default target.
        public var maxErrors: [Double] = []
        public var minAgreements: [Double] = []
        /// Entries per function table; empty keeps the plan's default.
        public var tableSizes: [Int] = []
        public var clocksNs: [Double] = [5]
        /// DSP slices every point may spend on constant multiplies; nil keeps each plan's choice.
        public var dspBudget: Int?
        /// Inputs, constants and outputs (and every node of the uniform and hls4ml plans).
        public var format: FixedFormat

        public init(format: FixedFormat) { self.format = format }

        /// Refuses an axis value before any work starts.
        public func validate() throws(FlowError) {
            guard !plans.isEmpty, !clocksNs.isEmpty else { throw FlowError("give at least one plan and one clock period") }
            for p in plans where !["uniform", "hls4ml", "optimized"].contains(p) {
                throw FlowError("unknown plan '\(p)' in --plans; use uniform, hls4ml or optimized")
            }
            for e in maxErrors where !(e > 0 && e.isFinite) { throw FlowError("--max-error \(e): give positive error bounds, e.g. --max-error 0.01,0.05") }
            for a in minAgreements where !(a > 0 && a <= 1) { throw FlowError("--min-agreement \(a): give fractions in (0, 1], e.g. 0.99,0.995") }
            for n in tableSizes where !(n >= 2 && n <= 1 << 16 && n & (n - 1) == 0) {
                throw FlowError("--table-sizes \(n): use powers of two between 2 and 65536")
            }
            for c in clocksNs {
                do { try DelayModel.checkClockPeriod(c) } catch { throw FlowError(error.message) }
            }
        }
    }

    /// A formula set the sweep varies.
    public struct Model: Sendable {
        public var label: String
        public var set: FormulaSet
        public var source: String
        public var pysrLoss: [Double]?
    }

    public struct Options {
        /// A formula file or formula, or PySR's `hall_of_fame*.csv` files (one per output).
        public var formulas: [String]
        public var inputs: Int?
        public var axes: Axes
        /// Labelled rows (a CSV with a `class` column, or `--target`) or input vectors; nil: random vectors.
        public var data: String?
        public var target: String?
        /// Rows of `data` used (from its test half when labelled), or random vectors without data.
        public var rows = 5000
        public var seed: UInt64 = 1
        public var out: String
        public var shard: Shard?
        public var synthesis: SynthesisOptions?

        public init(formulas: [String], axes: Axes, out: String) {
            self.formulas = formulas
            self.axes = axes
            self.out = out
        }
    }

    /// The formula sets named by the arguments.
    public static func models(_ arguments: [String]) throws -> [Model] {
        guard !arguments.isEmpty else { throw FlowError("give a formula file, a formula, or PySR hall_of_fame*.csv files") }
        if arguments.contains(where: HallOfFame.isHallOfFameFile) {
            guard arguments.allSatisfy(HallOfFame.isHallOfFameFile) else {
                throw FlowError("give either PySR hall_of_fame*.csv files (one per output) or one formula file, not both")
            }
            let front = try PySRFront.load(arguments)
            let base = URL(fileURLWithPath: arguments[0]).lastPathComponent
            return front.models.map { Model(label: $0.label, set: $0.set, source: "\(arguments.count == 1 ? base : "PySR front") \($0.label)", pysrLoss: $0.losses) }
        }
        guard arguments.count == 1 else { throw FlowError("give one formula file (or several hall_of_fame_output<K>.csv files of one PySR fit)") }
        let (set, name) = try FormulaInput.load(arguments[0])
        return [Model(label: name, set: set, source: FormulaSource.classify(arguments[0]) == .text(arguments[0]) ? "formula" : URL(fileURLWithPath: arguments[0]).lastPathComponent)]
    }

    /// Every point of the sweep: models × plans × accuracy targets (optimized only) × table sizes × clocks.
    public static func candidates(_ models: [Model], axes: Axes) throws -> [ExplorationCandidate] {
        try axes.validate()
        var out: [ExplorationCandidate] = []
        for m in models {
            for planName in axes.plans {
                var targets: [(plan: PrecisionPlan, tag: String, maxError: Double?, minAgreement: Double?)] = []
                switch planName {
                case "uniform": targets = [(.uniform(axes.format), "uniform", nil, nil)]
                case "hls4ml": targets = [(.hls4ml(axes.format), "hls4ml", nil, nil)]
                default:
                    targets = axes.maxErrors.map { (.optimized(OptimizationTarget(inputFormat: axes.format, maxError: $0)), "opt_e\(tag($0))", $0, nil) }
                        + axes.minAgreements.map { (.optimized(OptimizationTarget(inputFormat: axes.format, minAgreement: $0)), "opt_a\(tag($0))", nil, $0) }
                    if targets.isEmpty { targets = [(.optimized(OptimizationTarget(inputFormat: axes.format)), "optimized", nil, nil)] }
                }
                for t in targets {
                    for size in axes.tableSizes.isEmpty ? [nil] : axes.tableSizes.map(Optional.some) {
                        for clock in axes.clocksNs {
                            var tables = t.plan.defaultTables
                            if let size { tables = tables.withAddressBits(size.trailingZeroBitCount) }
                            var design = DesignOptions(plan: t.plan, clockNs: clock, tables: tables)
                            design.dspBudget = axes.dspBudget
                            let name = FormulaInput.designName("\(m.label)_\(t.tag)\(size.map { "_t\($0)" } ?? "")_\(tag(clock))ns")
                            var point = ExplorationPoint(exploration: "sweep", source: m.source, complexity: m.set.formulas.map(\.expr.nodeCount).reduce(0, +),
                                                         plan: planName, clockNs: clock, quality: .maxAbsError, value: 0)
                            (point.pysrLoss, point.maxError, point.minAgreement, point.tableEntries) = (m.pysrLoss, t.maxError, t.minAgreement, size)
                            out.append(ExplorationCandidate(name: name, set: m.set, design: design, point: point))
                        }
                    }
                }
            }
        }
        return out
    }

    /// A number as a name part: 0.01 → 0p01.
    static func tag(_ x: Double) -> String {
        String(format: "%g", x).replacingOccurrences(of: ".", with: "p").replacingOccurrences(of: "-", with: "m")
    }

    public static func run(_ o: Options, toolchain: VerilatorToolchain, log: (String) -> Void) throws -> ExplorationJob.Result {
        let models = try models(o.formulas)
        let inputCount = try FormulaInput.inputCount(FormulaSet(models.flatMap(\.set.formulas)), requested: o.inputs)
        let candidates = try candidates(models, axes: o.axes)
        guard o.rows >= 1 else { throw FlowError("--rows must be at least 1") }
        let data = try ExplorationInputs.data(o.data, target: o.target, inputCount: inputCount, rows: o.rows, seed: o.seed)
        var hash = ContentHash()
        for a in o.formulas {
            let bytes = FileManager.default.contents(atPath: a) ?? Data(a.utf8)
            hash.add("formulas", URL(fileURLWithPath: a).lastPathComponent)
            hash.add(bytes: Array(bytes))
        }
        hash.add("data", data.description)
        if let path = o.data { hash.add(bytes: Array(FileManager.default.contents(atPath: path) ?? Data())) }
        hash.add("axes", "\(o.axes.plans) \(o.axes.maxErrors) \(o.axes.minAgreements) \(o.axes.tableSizes) \(o.axes.clocksNs) \(o.axes.format) inputs \(inputCount) dsp \(o.axes.dspBudget.map(String.init) ?? "plan")")
        let run = RunRecipe(designSet: hash.hex, precision: "sweep \(o.axes.format)", clockNs: o.axes.clocksNs[0], vectors: data.rows?.count ?? data.vectors,
                            seed: o.seed, synthesis: o.synthesis?.summary ?? "none")
        var options = ExplorationJob.Options(kind: "sweep", out: o.out, shard: o.shard, synthesis: o.synthesis,
                                             title: "SymbolForge sweep: \(o.formulas.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", "))", run: run)
        options.description = [
            "\(candidates.count) points: \(models.count) formula set(s) × plans \(o.axes.plans.joined(separator: ", ")) × clock \(o.axes.clocksNs.map { "\(tag($0)) ns" }.joined(separator: ", "))\(o.axes.tableSizes.isEmpty ? "" : " × tables \(o.axes.tableSizes.map(String.init).joined(separator: ", "))").",
            "Scored on \(data.description); format \(o.axes.format).",
        ]
        return try ExplorationJob.run(candidates, data: data, inputCount: inputCount, options: options, toolchain: toolchain, log: log)
    }
}
