import Datapath
import Dataset
import FixedPoint
import Foundation
import Reporting
import Support
import SymbolNet
import SymbolicExpression
import Synthesis
import Testbench
import Verilator
import VerilogBackend

/// The main job: train a SymbolNet classifier on the bundled jets (or the user's labelled file), extract
/// its class formulas, co-simulate them and the published PySR and SymbolNet expressions through Verilator,
/// the HLS C simulation and Icarus Verilog, synthesize them, score float, fixed point and RTL side by side,
/// and end in the report page (index.html).
///
/// To add an option: give `Options` a field with a default (so existing callers keep working), use it
/// in `run`, and set it from the `run` command's arguments.
public enum MainJob {
    public struct Options {
        /// Folder for index.html, summary.md, results.json, junit.xml, model.json and every design's Verilog.
        public var out: String
        public var format: FixedFormat
        /// Training jets (a subset of the training half; nil: all of it).
        public var trainJets: Int?
        /// Test jets co-simulated and scored (from the test half).
        public var testJets = 25_000
        /// Training of the SymbolNet (its seed also splits the data).
        public var symbolNet: SymbolNetConfig
        /// Sparsity targets scored on a validation split of the training rows (empty: `symbolNet.sparsity`).
        public var sparsityCandidates: [SparsityTargets] = []
        /// The dense network trained on the same rows and scored beside the SymbolNet (nil: none).
        public var reference: ReferenceNetworkConfig?
        /// Vectors also simulated under Icarus Verilog (from the start of the test jets).
        public var icarusVectors = 1000
        /// Also run the HLS C simulation on every test jet.
        public var hlsCsim = true
        /// The user's labelled file (CSV, ARFF or `X.npy,y.npy`) instead of the bundled jets.
        public var data: String?
        /// Label column of `data` (default `class`).
        public var target: String?
        /// Feature columns of `data` (default: the 16 hls4ml features when present, else every numeric column).
        public var features: [String]?
        /// Resources and Fmax of every design; nil leaves them "not measured".
        public var synthesis: SynthesisOptions? = SynthesisOptions(families: [.ecp5_85k], seeds: 1, routerTimeLimit: 180)
        /// Constant multiplies with at most this many non-zero canonical signed digits are built from shifts
        /// and adds (bit for bit the same value). Under the uniform plan every constant × variable product
        /// was a multiplier: the trained design used 105 of the LFE5U-85F's 156 MULT18X18D, and nextpnr's
        /// placer did not finish within the route time limit (docs/symbolnet.md, "The main job's hardware").
        public var shiftAddMaxTerms = 8
        /// Where long stages report progress; nil is silent.
        public var progress: ProgressReporter?
        /// Epochs of quantization-aware fine-tuning against the job's uniform `format` after pruning
        /// (nil: none; docs/symbolnet.md has the measurements).
        public var quantizationAwareEpochs: Int?
        /// Clock period the pipeline registers are placed for (`--clock-mhz` gives 1000/MHz).
        public var clockNs = 5.0
        /// The delay model's family; nil is the default 7-series-class estimate. A named family refuses a clock
        /// it cannot reach, before training starts (`MainJobClock`).
        public var family: TimingFamily?

        /// How every design of the job becomes hardware: the uniform plan at `format`, scheduled for the clock.
        public var design: DesignOptions {
            var d = DesignOptions(plan: .uniform(format), clockNs: clockNs)
            d.family = family
            return d
        }

        public init(out: String, format: FixedFormat, symbolNet: SymbolNetConfig) {
            self.out = out
            self.format = format
            self.symbolNet = symbolNet
        }

        /// The job as `MainJobTraining` describes it (the default: every training row, the tuned SymbolNet
        /// configuration, sparsity chosen on a validation split, the reference network).
        public init(out: String, format: FixedFormat, training: MainJobTraining = .standard()) {
            self.init(out: out, format: format, symbolNet: training.plan.config)
            trainJets = training.trainRows
            sparsityCandidates = training.plan.sparsityCandidates
            reference = training.plan.reference
        }
    }

    public struct Result {
        public var results: [DesignResult]
        /// What the page shows (results.json holds it).
        public var document: ReportDocument
        /// The Markdown table comparing the designs.
        public var comparison: String
        /// Every file written.
        public var files: [String]
        /// Why the job fails (bit mismatches or latency off the schedule in any simulator), per design.
        public var failures: [String: [Verdict.Failure]]
        public var failed: Bool { failures.values.contains { !$0.isEmpty } }
    }

    /// Runs the job; `log` receives the job's lines, `epoch` each training epoch.
    public static func run(_ o: Options, toolchain: VerilatorToolchain, log: (String) -> Void, epoch: ((SymbolNetEpoch) -> Void)? = nil) throws -> Result {
        try DelayModel.checkClockPeriod(o.clockNs)
        try MainJobClock.check(o.design, unary: o.symbolNet.unaryOperators)
        let dir = try Files.prepareDirectory(o.out)
        let started = Date()
        let progress = o.progress ?? ProgressReporter(style: .silent) { _ in }
        var files: [String] = []
        func write(_ data: Data, _ name: String) throws {
            let path = dir.appendingPathComponent(name).path
            try Files.write(data, to: path)
            files.append(path)
        }
        // Check the tools before minutes of training.
        let synthesizer = try o.synthesis?.synthesizer()

        let data = try MainJobData.load(data: o.data, target: o.target, features: o.features, seed: o.symbolNet.seed,
                                        trainJets: o.trainJets ?? Int.max, testJets: o.testJets)
        let (train, test, classNames) = (data.train, data.test, data.classNames)
        let n = data.featureNames.count
        log("== data: \(data.description)")
        for note in data.notes { log("note: \(note)") }

        let x = (0..<train.count).map { Array(train.features.row($0)) }
        let layers = o.symbolNet.layers.map { "\($0.unary):\($0.binary)" }.joined(separator: ",")
        log("== train: SymbolNet \(layers), \(o.symbolNet.epochs) epochs, \(o.symbolNet.loss.rawValue) loss\(o.sparsityCandidates.isEmpty ? "" : ", \(o.sparsityCandidates.count) sparsity candidates")\(o.reference == nil ? "" : ", and the reference network")")
        var plan = TrainingPlan(config: o.symbolNet, sparsityCandidates: o.sparsityCandidates, reference: o.reference)
        if let epochs = o.quantizationAwareEpochs {
            let emulation = try QuantizationEmulationBuilder.emulation(plan: .uniform(o.format), tables: nil, unary: o.symbolNet.unaryOperators)
            plan.quantizationAware = QuantizationAwareTraining(emulation: emulation, epochs: epochs)
        }
        let training = progress.stage("train SymbolNet", total: o.symbolNet.epochs, unit: "epochs")
        let training_ = try plan.run(x: x, labels: data.trainLabels, classNames: classNames, inputNames: data.featureNames, log: log) { e in
            training.advance(detail: String(format: "loss %.4f%@", e.loss, e.accuracy.map { String(format: ", accuracy %.3f", $0) } ?? ""))
            epoch?(e)
        }
        training.finish()
        let model = training_.model
        log(training_.sparsityLine)
        let testX = (0..<test.count).map { Array(test.features.row($0)) }
        let reference = try training_.reference.map { try ReferenceComparison.classification(symbolnet: model, reference: $0, x: testX, labels: data.testLabels) }
        if let reference { log(reference.summary) }
        try write(try model.jsonData(), "model.json")
        let extracted = model.formulas(digits: 4)
        let trained = FormulaSet(zip(classNames, extracted).map { FormulaSet.Formula(name: $0, expr: $1.expr) })
        try write(Data((trained.formulas.map { "\($0.name): \($0.expr)" }.joined(separator: "\n") + "\n").utf8), "symbolnet_trained.txt")
        log("extracted: complexity \(extracted.map { String($0.complexity) }.joined(separator: ", "))")

        var delays = o.design.delays
        delays.shiftAddMaxTerms = o.shiftAddMaxTerms
        var flow = CosimFlow(plan: .uniform(o.format), delays: delays, toolchain: toolchain)
        flow.cosim.captureOutputs = true
        let stimulus = try Stimulus.rows(testX, inputCount: n, format: o.format, source: data.description)

        var designs: [(name: String, set: FormulaSet, title: String, classify: Bool)] = [("symbolnet_trained", trained, "SymbolNet trained here", true)]
        if data.hasJetFeatures {
            designs += [("jets_pysr", try BundledFiles.formulas("Examples/jets_pysr.txt"), "published PySR expressions (set A)", true),
                        ("jets_symbolnet", try BundledFiles.formulas("Examples/jets_symbolnet.txt"), "published SymbolNet expression (set B, one output)", false)]
        }
        var results: [DesignResult] = []
        var reports: [DesignReport] = []
        var failures: [String: [Verdict.Failure]] = [:]
        var tools = flow.toolVersions
        var designWarnings: [String: [String]] = [:]
        var placements: [SynthesisJobs.Job] = []
        for d in designs {
            log("== \(d.name): \(d.title)")
            let cosim = progress.stage("\(d.name): Verilator build and co-simulation", total: stimulus.count, unit: "vectors")
            flow.cosim.onChunk = { done, _ in cosim.advance(by: done - cosim.done) }
            let outcome = try flow.run(d.set, name: d.name, inputCount: n, stimulus: stimulus, seed: nil, stimulusLabel: "test half")
            cosim.finish(outcome.result.build.cacheHit ? "(cached build)" : String(format: "(build %.1f s)", outcome.result.build.seconds))
            var result = outcome.result
            // The same vectors through the HLS C simulation, and the first ones through Icarus Verilog.
            if let check = try progress.run("\(d.name): HLS C simulation of \(stimulus.count) vectors", {
                try SecondOpinions.hls(outcome, stimulus: stimulus, hls: o.hlsCsim, dump: nil).check
            }) {
                SecondOpinions.record(check, vectors: stimulus.count, in: &result)
            }
            try progress.run("\(d.name): Icarus Verilog on \(min(o.icarusVectors, stimulus.count)) vectors") {
                try SecondOpinions.icarus(outcome, stimulus: stimulus, vectors: o.icarusVectors, into: &result)
            }
            var report = DesignReport(cosim: result)
            report.addCurves(ClassifierScoring.scores(outcome, formulas: d.set, stimulus: stimulus), classNames: classNames,
                             labels: d.classify ? data.testLabels : nil)
            if let ref = reference?.reference { report.classification?.compare(withReference: ref) }
            result = report.cosim
            if synthesizer != nil { placements.append(.init(index: reports.count, name: d.name, design: outcome.design, datapath: outcome.datapath)) }
            for f in outcome.design.files { try write(Data(f.text.utf8), "\(d.name)/\(f.name)") }
            log(CosimSummary.text(result))
            log("")
            results.append(result)
            reports.append(report)
            failures[d.name] = Verdict.failures(result)
        }
        if let synthesizer, let s = o.synthesis {
            // Yosys and the single-threaded router, one design per core: the designs' runs are independent.
            let stage = "\(placements.map(\.name).joined(separator: ", ")): Yosys (xc7) and nextpnr (\(s.families.map(\.rawValue).joined(separator: ", ")), \(s.seeds) seed\(s.seeds == 1 ? "" : "s")), side by side"
            let outcomes = progress.run(stage) { SynthesisJobs.run(placements, synthesizer: synthesizer) }
            for (job, outcome) in zip(placements, outcomes) {
                if let r = outcome.result {
                    reports[job.index].attach(r)
                    tools.merge(r.tools) { a, _ in a }
                }
                if let reason = outcome.failure {
                    designWarnings[job.name, default: []].append("synthesis or place and route failed, so Fmax (and perhaps resources) were not measured: \(reason)")
                    log("warning: \(job.name): \(reason)")
                }
            }
        }
        let table = comparison(results)
        log(table)

        var notes = data.notes
        if let reference, let net = training_.reference {
            notes.append("Reference network \(net.widths.map(String.init).joined(separator: "-")) trained on the same rows: \(reference.summary).")
        }
        notes.append(training_.sparsityLine + ".")
        if designs.contains(where: { !$0.classify }) {
            notes.append("Set B has one output; it is not a five-class classifier, so it has no accuracy, ROC or confusion matrix here.")
        }
        if synthesizer == nil { notes.append("Synthesis was skipped: resources, Fmax and latency in ns were not measured.") }
        notes.append(String(format: "Total time %.0f s.", Date().timeIntervalSince(started)))
        let context = RunContext(
            title: data.hasJetFeatures ? "SymbolForge main job: jet tagging in fixed-point hardware" : "SymbolForge main job: a classifier in fixed-point hardware",
            description: [data.description,
                          "SymbolNet \(o.symbolNet.epochs) epochs; every design at \(o.format), scheduled for \(String(format: "%g", o.clockNs)) ns (\(o.family.map { "\($0.rawValue) delay model" } ?? "default 7-series-class estimates")), co-simulated on \(stimulus.count) vectors (\(stimulus.edgeCaseCount) edge cases, then the test rows)."],
            inputNames: data.featureNames,
            reference: reference.flatMap { r in training_.reference.map { ReferenceModel(name: "reference network \($0.widths.map(String.init).joined(separator: "-"))", accuracy: r.reference) } },
            designTitles: Dictionary(uniqueKeysWithValues: designs.map { ($0.name, $0.title) }), notes: notes, designWarnings: designWarnings)
        let doc = ReportDocument(designs: reports, tools: tools, context: context)
        try ReportPageJob.write(doc, to: dir.path, suite: "symbolforge.run")
        files += ["index.html", "summary.md", "results.json", "junit.xml"].map { dir.appendingPathComponent($0).path }
        return Result(results: results, document: doc, comparison: table, files: files, failures: failures)
    }

    /// A Markdown table: accuracy and AUC of float, fixed and RTL, latency and mismatches per design.
    public static func comparison(_ results: [DesignResult]) -> String {
        var lines = ["| design | accuracy float / fixed / RTL | relative to the reference network | AUC per class (RTL) | latency (cycles) | mismatches Verilator / HLS csim / Icarus |", "|---|---|---|---|---|---|"]
        for r in results {
            let mism = "\(r.outputs.map(\.mismatches).reduce(0, +)) / \(r.hlsCsim.map { String($0.mismatches.reduce(0, +)) } ?? "—") / \(r.icarus.map { String($0.mismatches.reduce(0, +)) } ?? "—")"
            if let c = r.classification {
                let auc = c.classes.map { String(format: "%@ %.3f", $0.name, $0.aucRtl) }.joined(separator: ", ")
                let rel = c.accuracyRelativeToNn.map { String(format: "%.3f", $0) } ?? "—"
                let fixed = c.accuracyFixed.map { String(format: "%.4f", $0) } ?? "—"
                lines.append(String(format: "| %@ | %.4f / %@ / %.4f | %@ | %@ | %d | %@ |", r.design, c.accuracyFloat, fixed, c.accuracyRtl, rel, auc, r.predictedLatencyCycles, mism))
            } else {
                lines.append("| \(r.design) | — | — | — | \(r.predictedLatencyCycles) | \(mism) |")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// The main job's synthesis runs, one design per core.
enum SynthesisJobs {
    struct Job: @unchecked Sendable {
        var index: Int
        var name: String
        var design: EmittedDesign
        var datapath: Datapath
    }

    struct Outcome: Sendable {
        /// Resources and timing, or resources alone when place and route failed.
        var result: SynthesisResult?
        /// Why Fmax (and perhaps resources) were not measured.
        var failure: String?
    }

    /// Runs every job, in parallel up to the number of cores; the outcomes are in `jobs` order.
    static func run(_ jobs: [Job], synthesizer: Synthesizer) -> [Outcome] {
        let box = OutcomeBox(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            box.set(i, run(jobs[i], synthesizer: synthesizer))
        }
        return box.all()
    }

    static func run(_ job: Job, synthesizer: Synthesizer) -> Outcome {
        // A design that does not fit the device (or does not route within the time limit) is a finding,
        // not a reason to lose the other designs' page; its resources are still counted.
        do {
            let (result, failures) = try synthesizer.runKeepingResources(job.design, datapath: job.datapath, name: job.name)
            return Outcome(result: result, failure: failures.first.map(reason))
        } catch {
            return Outcome(result: nil, failure: reason(error))
        }
    }

    /// The line of a tool's error that says what went wrong.
    static func reason(_ error: Error) -> String {
        let lines = "\(error)".split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return lines.first { $0.contains("ERROR") } ?? ((lines.first ?? "") + (lines.count > 1 ? " … " + lines.last! : ""))
    }

    final class OutcomeBox: @unchecked Sendable {
        private var outcomes: [Outcome?]
        private let lock = NSLock()
        init(count: Int) { outcomes = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ o: Outcome) { lock.lock(); outcomes[i] = o; lock.unlock() }
        func all() -> [Outcome] { lock.lock(); defer { lock.unlock() }; return outcomes.map { $0! } }
    }
}
