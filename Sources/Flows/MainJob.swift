import Dataset
import FixedPoint
import Foundation
import Reporting
import SymbolNet
import SymbolicExpression
import Testbench
import Verilator

/// The main job on the bundled jets: train a SymbolNet classifier, extract its class formulas,
/// co-simulate them and the published PySR and SymbolNet expressions through Verilator, the HLS C
/// simulation and Icarus Verilog, and score float, fixed point and RTL side by side.
///
/// To add an option: give `Options` a field with a default (so existing callers keep working), use it
/// in `run`, and set it from the `run` command's arguments.
public enum MainJob {
    public struct Options {
        /// Folder for results.json, summary.md, model.json and every design's Verilog.
        public var out: String
        public var format: FixedFormat
        /// Training jets (a subset of the training half).
        public var trainJets = 20_000
        /// Test jets co-simulated and scored (from the test half).
        public var testJets = 25_000
        /// Training of the SymbolNet (its seed also splits the data).
        public var symbolNet: SymbolNetConfig
        /// Vectors also simulated under Icarus Verilog (from the start of the test jets).
        public var icarusVectors = 1000
        /// Also run the HLS C simulation on every test jet.
        public var hlsCsim = true

        public init(out: String, format: FixedFormat, symbolNet: SymbolNetConfig) {
            self.out = out
            self.format = format
            self.symbolNet = symbolNet
        }
    }

    public struct Result {
        public var results: [DesignResult]
        /// The Markdown table comparing the designs.
        public var comparison: String
        /// Every file written.
        public var files: [String]
        /// Why the job fails (bit mismatches or latency off the schedule in any simulator), per design.
        public var failures: [String: [Verdict.Failure]]
        public var failed: Bool { failures.values.contains { !$0.isEmpty } }
    }

    /// Runs the job; `log` receives progress lines, `epoch` each training epoch.
    public static func run(_ o: Options, toolchain: VerilatorToolchain, log: (String) -> Void, epoch: ((SymbolNetEpoch) -> Void)? = nil) throws -> Result {
        let dir = try Files.prepareDirectory(o.out)
        let started = Date()
        var files: [String] = []
        func write(_ data: Data, _ name: String) throws {
            let path = dir.appendingPathComponent(name).path
            try Files.write(data, to: path)
            files.append(path)
        }

        log("== data: bundled jets (\(JetDataset.bundledRelativePath))")
        let data = try JetDataset.loadBundled(testFraction: 0.5, seed: o.symbolNet.seed)
        let train = data.train.selecting(rows: Array(0..<min(o.trainJets, data.train.count)))
        let test = data.test.selecting(rows: Array(0..<min(o.testJets, data.test.count)))
        guard case .classes(let trainLabels, let classNames) = train.target, case .classes(let testLabels, _) = test.target else {
            throw FlowError("the bundled jets must be labelled with classes")
        }
        log("\(train.count) training and \(test.count) test jets, 16 standardized features, classes \(classNames.joined(separator: " "))")

        log("== train: SymbolNet, \(o.symbolNet.epochs) epochs")
        let x = (0..<train.count).map { Array(train.features.row($0)) }
        let model = try SymbolNetTrainer.train(x: x, labels: trainLabels, classes: classNames.count, config: o.symbolNet, inputNames: JetDataset.featureNames) {
            epoch?($0)
        }
        try write(try model.jsonData(), "model.json")
        let extracted = model.formulas(digits: 4)
        let trained = FormulaSet(zip(classNames, extracted).map { FormulaSet.Formula(name: $0, expr: $1.expr) })
        try write(Data((trained.formulas.map { "\($0.name): \($0.expr)" }.joined(separator: "\n") + "\n").utf8), "symbolnet_trained.txt")
        log("extracted: complexity \(extracted.map { String($0.complexity) }.joined(separator: ", "))")

        var flow = CosimFlow(plan: .uniform(o.format), toolchain: toolchain)
        flow.cosim.captureOutputs = true
        let rows = (0..<test.count).map { Array(test.features.row($0)) }
        let stimulus = try Stimulus.rows(rows, inputCount: 16, format: o.format, source: "bundled jets (test half)")

        var results: [DesignResult] = []
        var failures: [String: [Verdict.Failure]] = [:]
        var summary = ["# SymbolForge main job", "", "Bundled jets: \(train.count) training, \(test.count) test (classes \(classNames.joined(separator: ", "))); precision \(o.format).", ""]
        let pysr = try BundledFiles.formulas("Examples/jets_pysr.txt")
        let setB = try BundledFiles.formulas("Examples/jets_symbolnet.txt")
        for (name, set, label, classify) in [("symbolnet_trained", trained, "SymbolNet trained here", true),
                                             ("jets_pysr", pysr, "published PySR expressions (set A)", true),
                                             ("jets_symbolnet", setB, "published SymbolNet expression (set B, one output)", false)] {
            log("== co-simulate: \(label)")
            let outcome = try flow.run(set, name: name, inputCount: 16, stimulus: stimulus, seed: nil, stimulusLabel: "bundled jets, test half")
            var result = outcome.result
            // The same vectors through the HLS C simulation, and the first ones through Icarus Verilog.
            if let check = try SecondOpinions.hls(outcome, stimulus: stimulus, hls: o.hlsCsim, dump: nil).check {
                SecondOpinions.record(check, vectors: stimulus.count, in: &result)
            }
            try SecondOpinions.icarus(outcome, stimulus: stimulus, vectors: o.icarusVectors, into: &result)
            if classify {
                result.classification = ClassifierScoring.score(outcome, formulas: set, stimulus: stimulus, labels: testLabels, classes: classNames)
            }
            for f in outcome.design.files { try write(Data(f.text.utf8), "\(name)/\(f.name)") }
            let text = CosimSummary.text(result)
            log(text)
            log("")
            summary += ["## \(label)", "", "```", text, "```", ""]
            results.append(result)
            failures[name] = Verdict.failures(result)
        }
        let table = comparison(results)
        log(table)
        summary += ["## Side by side", "", table, ""]
        summary.append(String(format: "Total time %.0f s.", Date().timeIntervalSince(started)))
        try write(try Files.json(CosimResults(designs: results, tools: flow.toolVersions)), "results.json")
        try write(Data(summary.joined(separator: "\n").utf8), "summary.md")
        return Result(results: results, comparison: table, files: files, failures: failures)
    }

    /// A Markdown table: accuracy and AUC of float, fixed and RTL, latency and mismatches per design.
    public static func comparison(_ results: [DesignResult]) -> String {
        var lines = ["| design | accuracy float / fixed / RTL | AUC per class (RTL) | latency (cycles) | mismatches Verilator / HLS csim / Icarus |", "|---|---|---|---|---|"]
        for r in results {
            let mism = "\(r.outputs.map(\.mismatches).reduce(0, +)) / \(r.hlsCsim.map { String($0.mismatches.reduce(0, +)) } ?? "—") / \(r.icarus.map { String($0.mismatches.reduce(0, +)) } ?? "—")"
            if let c = r.classification {
                let auc = zip(c.classes, c.aucRtl).map { String(format: "%@ %.3f", $0, $1) }.joined(separator: ", ")
                lines.append(String(format: "| %@ | %.4f / %.4f / %.4f | %@ | %d | %@ |", r.design, c.accuracyFloat, c.accuracyFixed, c.accuracyRtl, auc, r.predictedLatencyCycles, mism))
            } else {
                lines.append("| \(r.design) | — | — | \(r.predictedLatencyCycles) | \(mism) |")
            }
        }
        return lines.joined(separator: "\n")
    }
}
