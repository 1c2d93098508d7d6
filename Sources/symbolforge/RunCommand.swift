import ArgumentParser
import Datapath
import Dataset
import FixedPoint
import Foundation
import Reporting
import SymbolNet
import SymbolicExpression
import Testbench
import Verilator

/// The main job: train a SymbolNet classifier on the bundled jets (or the user's `--data`), extract its
/// class formulas, co-simulate them through Verilator, check them under the HLS C simulation and Icarus,
/// synthesize them, and score float, fixed point and RTL side by side with the published PySR and
/// SymbolNet expressions; it ends in the report page Reports/out/index.html.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the main job: train, extract, co-simulate, synthesize and write the report page (index.html).")

    @Option(help: "Directory for index.html, summary.md, results.json, junit.xml, the model and the Verilog.")
    var out: String = "Reports/out"

    @Option(help: "Labelled jets instead of the bundled sample: CSV (plain or .gz), ARFF (.arff, .arff.gz; OpenML's hls4ml jets) or FEATURES.npy,LABELS.npy.")
    var data: String?

    @Option(help: "Label column of --data (default: class).")
    var target: String?

    @Option(help: "Feature columns of --data, comma-separated (default: the 16 hls4ml features when present, else every numeric column).")
    var features: String?

    @Option(help: "Fixed-point type of inputs, constants and outputs.")
    var precision: String = "ap_fixed<18,8>"

    @Option(help: "Training jets (a random subset of the training half).")
    var trainJets: Int = 20_000

    @Option(help: "Test jets co-simulated and scored (from the test half).")
    var testJets: Int = 25_000

    @Option(help: "Training epochs of the SymbolNet.")
    var epochs: Int = 30

    @Option(help: "SymbolNet nodes per layer (UNARY:BINARY, comma-separated per layer).")
    var nodes: String = "12:3"

    @Option(help: "Seed of the split, the initialisation and the shuffling.")
    var seed: UInt64 = 1

    @Option(name: .customLong("synth-family"), help: "FPGA family for the Fmax on the page (ecp5, ecp5-85k, ice40).")
    var synthFamily: String = "ecp5-85k"

    @Option(name: .customLong("synth-seeds"), help: "Place-and-route seeds per design (Fmax is their median).")
    var synthSeeds: Int = 1

    @Flag(name: .customLong("no-synth"), help: "Skip Yosys and nextpnr (resources and Fmax then show as not measured).")
    var noSynth = false

    func run() throws {
        try reportingErrors {
            let format = try FixedFormat(parsing: precision)
            let root = try packageRoot()
            let dir = try prepareDirectory(out)
            let started = Date()
            let progress = ProgressReporter.standardError()
            let synthesizer = noSynth ? nil : try makeSynthesizer(families: [synthFamily], seeds: synthSeeds, noTiming: false, keep: nil)

            let featureList = features.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            let data = try MainJobData.load(data: self.data, target: target, features: featureList, seed: seed, trainJets: trainJets, testJets: testJets)
            let (train, test, classNames) = (data.train, data.test, data.classNames)
            let n = data.featureNames.count
            print("== data: \(data.description)")
            for note in data.notes { print("note: \(note)") }

            let net = try SymbolNetOptions.parse(["--epochs", "\(epochs)", "--nodes", nodes, "--seed", "\(seed)"])
            let cfg = try net.config(task: .classification)
            let x = (0..<train.count).map { Array(train.features.row($0)) }
            let training = progress.stage("train SymbolNet", total: cfg.epochs, unit: "epochs")
            let model = try SymbolNetTrainer.train(x: x, labels: data.trainLabels, classes: classNames.count, config: cfg, inputNames: data.featureNames) { e in
                training.advance(detail: String(format: "loss %.4f%@", e.loss, e.accuracy.map { String(format: ", accuracy %.3f", $0) } ?? ""))
            }
            training.finish()
            try writeAtomically(try model.jsonData(), to: dir.appendingPathComponent("model.json").path)
            let extracted = model.formulas(digits: 4)
            let trained = FormulaSet(zip(classNames, extracted).map { FormulaSet.Formula(name: $0, expr: $1.expr) })
            let formulaText = trained.formulas.map { "\($0.name): \($0.expr)" }.joined(separator: "\n") + "\n"
            try writeAtomically(Data(formulaText.utf8), to: dir.appendingPathComponent("symbolnet_trained.txt").path)
            print("extracted: complexity \(extracted.map { String($0.complexity) }.joined(separator: ", "))")

            var flow = CosimFlow(plan: .uniform(format), toolchain: try VerilatorToolchain())
            flow.cosim.captureOutputs = true
            let rows = (0..<test.count).map { Array(test.features.row($0)) }
            let stimulus = try Stimulus.rows(rows, inputCount: n, format: format, source: data.description)

            var designs: [(String, FormulaSet, String, Bool)] = [("symbolnet_trained", trained, "SymbolNet trained here", true)]
            if data.hasJetFeatures {
                let pysr = try FormulaSet.parse(try String(contentsOf: root.appendingPathComponent("Examples/jets_pysr.txt"), encoding: .utf8), file: "Examples/jets_pysr.txt")
                let setB = try FormulaSet.parse(try String(contentsOf: root.appendingPathComponent("Examples/jets_symbolnet.txt"), encoding: .utf8), file: "Examples/jets_symbolnet.txt")
                designs += [("jets_pysr", pysr, "published PySR expressions (set A)", true),
                            ("jets_symbolnet", setB, "published SymbolNet expression (set B, one output)", false)]
            }
            var results: [DesignResult] = []
            var reports: [DesignReport] = []
            var tools = flow.toolVersions
            var designWarnings: [String: [String]] = [:]
            for (name, set, label, classify) in designs {
                print("== \(name): \(label)")
                let cosim = progress.stage("\(name): Verilator build and co-simulation", total: stimulus.count, unit: "vectors")
                flow.cosim.onChunk = { done, _ in cosim.advance(by: done - cosim.done) }
                let outcome = try flow.run(set, name: name, inputCount: n, stimulus: stimulus, seed: nil, stimulusLabel: "test half")
                cosim.finish(outcome.result.build.cacheHit ? "(cached build)" : String(format: "(build %.1f s)", outcome.result.build.seconds))
                var result = outcome.result
                // The same vectors through the HLS C simulation, and the first ones through Icarus Verilog.
                if let check = try progress.run("\(name): HLS C simulation", { try CosimHLSExtras.run(outcome, stimulus: stimulus, hls: true, dump: nil) }) {
                    result.hlsCsim = .init(vectors: stimulus.count, mismatches: check.outputs.map(\.mismatches), latencyCycles: result.predictedLatencyCycles)
                }
                let k = min(1000, stimulus.count)
                let ic = try progress.run("\(name): Icarus Verilog on \(k) vectors") {
                    try IcarusCrossCheck().run(outcome.design, datapath: outcome.datapath,
                                               stimulus: Stimulus(values: Array(stimulus.values.prefix(k * n)), inputCount: n, edgeCaseCount: min(k, stimulus.edgeCaseCount)))
                }
                result.icarus = .init(vectors: ic.vectors, mismatches: ic.mismatches, latencyCycles: ic.latencyCycles)
                if classify {
                    result.classification = ClassifierScoring.score(outcome, formulas: set, stimulus: stimulus, labels: data.testLabels, classes: classNames)
                }
                var report = DesignReport(cosim: result)
                report.addCurves(ClassifierScoring.scores(outcome, formulas: set, stimulus: stimulus), classNames: classNames,
                                 labels: classify ? data.testLabels : nil)
                if let synthesizer {
                    let stage = "\(name): Yosys (xc7) and nextpnr (\(synthFamily), \(synthSeeds) seed\(synthSeeds == 1 ? "" : "s"))"
                    do {
                        let s = try progress.run(stage) { try synthesizer.run(outcome.design, datapath: outcome.datapath, name: name) }
                        report.attach(s)
                        tools.merge(s.tools) { a, _ in a }
                    } catch {
                        // A design that does not fit the device is a finding, not a reason to lose the other designs' page.
                        let reason = "\(error)".split(separator: "\n").first { $0.contains("ERROR") }.map(String.init) ?? String("\(error)".prefix(300))
                        designWarnings[name, default: []].append("synthesis or place and route on \(synthFamily) failed, so Fmax (and perhaps resources) were not measured: \(reason)")
                        print("warning: \(name): \(reason)")
                        var resourcesOnly = synthesizer
                        resourcesOnly.families = []
                        if let s = try? progress.run("\(name): Yosys (xc7) resources only", { try resourcesOnly.run(outcome.design, datapath: outcome.datapath, name: name) }) {
                            report.attach(s)
                        }
                    }
                }
                let designDir = dir.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: designDir, withIntermediateDirectories: true)
                for f in outcome.design.files { try writeAtomically(Data(f.text.utf8), to: designDir.appendingPathComponent(f.name).path) }
                print(Summary.text(result))
                print("")
                results.append(result)
                reports.append(report)
            }
            print(Self.comparison(results))

            var notes = data.notes
            if designs.contains(where: { !$0.3 }) {
                notes.append("Set B has one output; it is not a five-class classifier, so it has no accuracy or ROC here.")
            }
            if synthesizer == nil { notes.append("Synthesis was skipped (--no-synth): resources, Fmax and latency in ns were not measured.") }
            notes.append(String(format: "Total time %.0f s.", Date().timeIntervalSince(started)))
            let context = RunContext(
                title: "SymbolForge main job: jet tagging in fixed-point hardware",
                description: [data.description,
                              "SymbolNet \(cfg.epochs) epochs, nodes \(nodes); every design at \(format), co-simulated on \(stimulus.count) vectors (\(stimulus.edgeCaseCount) edge cases, then the test rows)."],
                inputNames: data.featureNames, reference: nil,
                designTitles: Dictionary(uniqueKeysWithValues: designs.map { ($0.0, $0.2) }), notes: notes, designWarnings: designWarnings)
            let doc = ReportDocument(designs: reports, tools: tools, context: context)
            try writeMainJobReport(doc, to: dir)
            print("wrote \(out)/index.html, summary.md, results.json, junit.xml, model.json and the Verilog of every design")
            let disagree = results.contains { r in
                r.outputs.contains { $0.mismatches > 0 } || (r.hlsCsim?.mismatches.contains { $0 > 0 } ?? false)
                    || (r.icarus?.mismatches.contains { $0 > 0 } ?? false)
            }
            if disagree { throw ExitCode(2) }
        }
    }

    /// A Markdown table: accuracy and AUC of float, fixed and RTL, latency and mismatches per design.
    static func comparison(_ results: [DesignResult]) -> String {
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

/// The SymbolForge checkout: the current directory or one above it holding Examples/, else the source tree this binary came from.
func packageRoot() throws -> URL {
    var dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    for _ in 0..<6 {
        if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Examples/jets_pysr.txt").path) { return dir }
        dir.deleteLastPathComponent()
    }
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    if FileManager.default.fileExists(atPath: source.appendingPathComponent("Examples/jets_pysr.txt").path) { return source }
    throw CLIError("cannot find the bundled data (Examples/); run from the SymbolForge checkout")
}
