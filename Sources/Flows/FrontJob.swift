import Datapath
import FixedPoint
import Foundation
import Reporting
import Support
import SymbolNet
import SymbolicExpression
import Verilator

/// `symbolforge front`: a ladder of SymbolNet widths and weight sparsities trained on one split, each
/// model extracted, co-simulated bit-exact and synthesized, and the Pareto front of accuracy (also
/// relative to a reference network trained once on the same rows) against complexity, latency, LUTs and DSPs.
public enum FrontJob {
    public struct Options {
        /// Labelled file (nil: the bundled jets).
        public var data: String?
        public var target: String?
        /// Hidden layers per rung, each as `UNARY:BINARY[,UNARY:BINARY…]`. One hidden layer by default: a
        /// second one puts a second table read, so another pipeline stage, on every path
        /// (Reports/benchmarks/front.md).
        public var widths = Options.defaultWidths.split(separator: ";").map(String.init)
        /// The default ladder's widths as `--widths` writes them.
        public static let defaultWidths = "12:3;16:0;24:0"
        /// Weight sparsity targets per rung (the fraction of weights pruned).
        public var weightSparsities = [0.9, 0.95, 0.98]
        public var inputSparsity = 0.5
        /// Unary operators every rung may use.
        public var unaryOperators = try! UnaryOperator.parseList(Options.defaultUnary)
        /// The front's unary operators as `--unary` writes them: the SymbolNet defaults without `square`. Each of
        /// these is one table read, while a square is a multiplier (a DSP slice, about 3 ns after its input sum);
        /// measured in docs/symbolnet.md ("The `front` ladder").
        public static let defaultUnary = "sin,tanh,gauss"
        public var epochs = SymbolNetDefaults.epochs
        /// Training rows (nil: the whole training half).
        public var trainRows: Int?
        /// Test rows every model is co-simulated and scored on.
        public var testRows = 5000
        public var seed: UInt64 = 1
        /// How the extracted formulas become hardware.
        public var plan: PrecisionPlan
        public var clockNs = 5.0
        /// DSP slices each point may spend on constant multiplies (`DesignOptions.dspBudget`). The front's
        /// default is 0: its points are judged on LUT and DSP together, and a formula's constant multiplies
        /// stay shift-and-add chains unless the user trades DSP slices for LUTs with a budget.
        public var dspBudget: Int? = 0
        /// Train the reference network (off only in tests that do not need it).
        public var reference: ReferenceNetworkConfig? = ReferenceNetworkConfig()
        public var out: String
        public var shard: Shard?
        public var synthesis: SynthesisOptions?

        public init(plan: PrecisionPlan, out: String) {
            self.plan = plan
            self.out = out
        }
    }

    /// One rung of the ladder.
    public struct Rung: Sendable, Equatable {
        public var layers: String
        public var weight: Double
        public var name: String {
            FormulaInput.designName("n\(layers.replacingOccurrences(of: ":", with: "x").replacingOccurrences(of: ",", with: "_"))_w\(SweepJob.tag(weight))")
        }
    }

    /// Every rung, checked before any training.
    public static func ladder(_ o: Options) throws -> [Rung] {
        guard !o.widths.isEmpty, !o.weightSparsities.isEmpty else { throw FlowError("give at least one width (--widths) and one weight sparsity (--weight-sparsities)") }
        for w in o.widths {
            do { _ = try LayerSpec.parseList(w) } catch { throw FlowError("--widths '\(w)': \(error); write layers as UNARY:BINARY, e.g. 12:3 or 20:5,20:5") }
        }
        for s in o.weightSparsities + [o.inputSparsity] where !(s >= 0 && s < 1) {
            throw FlowError("sparsity \(s): give a fraction in [0, 1), e.g. 0.95")
        }
        guard !o.unaryOperators.isEmpty else { throw FlowError("--unary: give at least one unary operator, e.g. sin,tanh,gauss") }
        guard o.epochs >= 1 else { throw FlowError("--epochs must be at least 1") }
        guard o.testRows >= 1 else { throw FlowError("--test-rows must be at least 1") }
        do { try DelayModel.checkClockPeriod(o.clockNs) } catch { throw FlowError(error.message) }
        return o.widths.flatMap { w in o.weightSparsities.map { Rung(layers: w, weight: $0) } }
    }

    public static func run(_ o: Options, toolchain: VerilatorToolchain, log: (String) -> Void) throws -> ExplorationJob.Result {
        let rungs = try ladder(o)
        let mine = Set(o.shard?.select(rungs.map(\.name)) ?? rungs.map(\.name))
        guard !mine.isEmpty else { throw FlowError("shard \(o.shard!) holds no point: the front has \(rungs.count) rung(s); use at most \(rungs.count) shards") }
        // Tools are checked before minutes of training.
        _ = try o.synthesis?.synthesizer()
        let data = try MainJobData.load(data: o.data, target: o.target, features: nil, seed: o.seed, trainJets: o.trainRows ?? Int.max, testJets: o.testRows)
        log("front: \(data.description)")
        let x = (0..<data.train.count).map { Array(data.train.features.row($0)) }
        let testX = (0..<data.test.count).map { Array(data.test.features.row($0)) }
        var scoring = ExplorationData(rows: testX, labels: data.testLabels, classNames: data.classNames, seed: o.seed,
                                      description: "\(testX.count) test rows of \(o.data ?? "the bundled jets")")
        if let rc = o.reference {
            let net = try ReferenceNetworkTrainer.train(x: x, labels: data.trainLabels, classes: data.classNames.count, config: rc)
            scoring.referenceAccuracy = Scoring.accuracy(try net.classify(testX), data.testLabels)
            scoring.referenceName = "network \(net.widths.map(String.init).joined(separator: "-"))"
            log(String(format: "reference %@: test accuracy %.4f (%d epochs, %.1f s)", scoring.referenceName!, scoring.referenceAccuracy!, net.history.count, net.trainingSeconds))
        }
        var candidates: [ExplorationCandidate] = []
        var failed: [String: String] = [:]
        for rung in rungs where mine.contains(rung.name) {
            var cfg = SymbolNetDefaults.config(task: .classification, seed: o.seed)
            cfg.layers = try LayerSpec.parseList(rung.layers)
            cfg.epochs = o.epochs
            cfg.unaryOperators = o.unaryOperators
            // A rung without binary nodes (e.g. 16:0) has no binary pruning term.
            let binaryNodes = cfg.layers.reduce(0) { $0 + $1.binary }
            cfg.sparsity = SparsityTargets(input: o.inputSparsity, weight: rung.weight, unary: cfg.sparsity.unary,
                                           binary: cfg.binaryOperators.isEmpty || binaryNodes == 0 ? nil : cfg.sparsity.binary)
            let started = Date()
            do {
                let outcome = try TrainingPlan(config: cfg, reference: nil).run(x: x, labels: data.trainLabels, classNames: data.classNames, inputNames: data.featureNames)
                let extracted = outcome.model.formulas(digits: 4)
                // Balanced sums: the output layer's terms (and each node's inputs) go through ⌈log₂ n⌉ adders
                // in series instead of n − 1, which saves a pipeline stage on the wider rungs.
                let set = FormulaSet(zip(data.classNames, extracted).map { FormulaSet.Formula(name: FormulaInput.designName($0), expr: $1.expr.balancingSums()) })
                let complexity = extracted.map(\.complexity).reduce(0, +)
                log(String(format: "  %@: trained in %.1f s, complexity %d", rung.name, Date().timeIntervalSince(started), complexity))
                var point = ExplorationPoint(exploration: "front", source: "SymbolNet \(rung.layers) weight \(rung.weight)", complexity: complexity,
                                             plan: o.plan.name, clockNs: o.clockNs, quality: .accuracy, value: 0)
                if case .optimized(let t) = o.plan { (point.maxError, point.minAgreement) = (t.maxError, t.minAgreement) }
                var design = DesignOptions(plan: o.plan, clockNs: o.clockNs)
                design.dspBudget = o.dspBudget
                candidates.append(ExplorationCandidate(name: rung.name, set: set, design: design, point: point))
            } catch {
                failed[rung.name] = "training failed: \(error)"
                log("  \(rung.name): training FAILED: \(error)")
            }
        }
        var hash = ContentHash()
        hash.add("data", o.data.map { path in FileManager.default.contents(atPath: path).map(ContentHash.sha256) ?? path } ?? "bundled jets")
        hash.add("ladder", "\(rungs.map(\.name)) input \(o.inputSparsity) epochs \(o.epochs) train \(o.trainRows ?? -1) test \(o.testRows) target \(o.target ?? "class")")
        hash.add("reference", "\(o.reference.map { "\($0)" } ?? "none")")
        hash.add("unary", o.unaryOperators.map(\.rawValue).joined(separator: ","))
        hash.add("dsp budget", o.dspBudget.map(String.init) ?? "plan")
        let run = RunRecipe(designSet: hash.hex, precision: "front \(o.plan.name) \(o.plan.inputFormat)", clockNs: o.clockNs, vectors: testX.count,
                            seed: o.seed, synthesis: o.synthesis?.summary ?? "none")
        var options = ExplorationJob.Options(kind: "front", out: o.out, shard: o.shard, synthesis: o.synthesis,
                                             title: "SymbolForge front: SymbolNet accuracy against hardware cost", run: run)
        options.preselected = true
        options.description = [
            data.description,
            "\(rungs.count) rungs: widths \(o.widths.joined(separator: " | ")) × weight sparsity \(o.weightSparsities.map { "\($0)" }.joined(separator: ", ")) (input sparsity \(o.inputSparsity), \(o.epochs) epochs, unary operators \(o.unaryOperators.map(\.rawValue).joined(separator: ","))); plan \(o.plan.name), \(o.clockNs) ns clock target.",
        ]
        if let r = scoring.referenceAccuracy { options.description.append(String(format: "Reference %@ on the same test rows: accuracy %.4f.", scoring.referenceName!, r)) }
        var result = try ExplorationJob.run(candidates, data: scoring, inputCount: data.featureNames.count, options: options, toolchain: toolchain,
                                            failedEarly: failed, log: log)
        result.files += try writeFormulas(candidates, to: o.out)
        return result
    }

    /// Writes each rung's extracted formulas (as lowered, sums balanced) to `formulas/NAME.txt` in `out`, one
    /// `class: formula` line each, so that a point can be rebuilt or explained (`emit verilog --explain`) alone.
    static func writeFormulas(_ candidates: [ExplorationCandidate], to out: String) throws -> [String] {
        try candidates.sorted { $0.name < $1.name }.map { c in
            let path = URL(fileURLWithPath: out).appendingPathComponent("formulas").appendingPathComponent("\(c.name).txt").path
            try Files.write(c.set.formulas.map { "\($0.name): \($0.expr)" }.joined(separator: "\n") + "\n", to: path)
            return path
        }
    }
}
