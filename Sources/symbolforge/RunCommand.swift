import ArgumentParser
import Datapath
import Dataset
import FixedPoint
import Foundation
import SymbolNet
import SymbolicExpression
import Testbench
import Verilator

/// The main job on the bundled jets: train a SymbolNet classifier, extract its five class formulas,
/// co-simulate them through Verilator, and score float, fixed point and RTL side by side with the
/// published PySR and SymbolNet expressions.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the main job on the bundled jets: train, extract, co-simulate and report.")

    @Option(help: "Directory for results.json, summary.md, the model and the Verilog.")
    var out: String = "Reports/out"

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

    func run() throws {
        try reportingErrors {
            let format = try FixedFormat(parsing: precision)
            let root = try packageRoot()
            let started = Date()

            print("== data: bundled jets (\(JetDataset.bundledRelativePath))")
            let net = try SymbolNetOptions.parse(["--epochs", "\(epochs)", "--nodes", nodes, "--seed", "\(seed)"])
            _ = try net.config(task: .classification)
            let dir = try prepareDirectory(out)
            let data = try JetDataset.loadBundled(testFraction: 0.5, seed: seed)
            let train = data.train.selecting(rows: Array(0..<min(trainJets, data.train.count)))
            let test = data.test.selecting(rows: Array(0..<min(testJets, data.test.count)))
            guard case .classes(let trainLabels, let classNames) = train.target, case .classes(let testLabels, _) = test.target else {
                throw CLIError("the bundled jets must be labelled with classes")
            }
            print("\(train.count) training and \(test.count) test jets, 16 standardized features, classes \(classNames.joined(separator: " "))")

            print("== train: SymbolNet, \(net.epochs) epochs")
            let cfg = try net.config(task: .classification)
            let x = (0..<train.count).map { Array(train.features.row($0)) }
            let model = try SymbolNetTrainer.train(x: x, labels: trainLabels, classes: classNames.count, config: cfg, inputNames: JetDataset.featureNames) {
                printEpoch($0, of: cfg.epochs)
            }
            try writeAtomically(try model.jsonData(), to: dir.appendingPathComponent("model.json").path)
            let extracted = model.formulas(digits: 4)
            let trained = FormulaSet(zip(classNames, extracted).map { FormulaSet.Formula(name: $0, expr: $1.expr) })
            let formulaText = trained.formulas.map { "\($0.name): \($0.expr)" }.joined(separator: "\n") + "\n"
            try writeAtomically(Data(formulaText.utf8), to: dir.appendingPathComponent("symbolnet_trained.txt").path)
            print("extracted: complexity \(extracted.map { String($0.complexity) }.joined(separator: ", "))")

            let flow: CosimFlow = {
                var f = CosimFlow(plan: .uniform(format), toolchain: try! VerilatorToolchain())
                f.cosim.captureOutputs = true
                return f
            }()
            let rows = (0..<test.count).map { Array(test.features.row($0)) }
            let stimulus = try Stimulus.rows(rows, inputCount: 16, format: format, source: "bundled jets (test half)")

            var results: [DesignResult] = []
            var summary = ["# SymbolForge main job", "", "Bundled jets: \(train.count) training, \(test.count) test (classes \(classNames.joined(separator: ", "))); precision \(format).", ""]
            let pysr = try FormulaSet.parse(try String(contentsOf: root.appendingPathComponent("Examples/jets_pysr.txt"), encoding: .utf8), file: "Examples/jets_pysr.txt")
            let setB = try FormulaSet.parse(try String(contentsOf: root.appendingPathComponent("Examples/jets_symbolnet.txt"), encoding: .utf8), file: "Examples/jets_symbolnet.txt")
            for (name, set, label, classify) in [("symbolnet_trained", trained, "SymbolNet trained here", true),
                                                 ("jets_pysr", pysr, "published PySR expressions (set A)", true),
                                                 ("jets_symbolnet", setB, "published SymbolNet expression (set B, one output)", false)] {
                print("== co-simulate: \(label)")
                let outcome = try flow.run(set, name: name, inputCount: 16, stimulus: stimulus, seed: nil, stimulusLabel: "bundled jets, test half")
                var result = outcome.result
                // The same vectors through the HLS C simulation, and the first ones through Icarus Verilog.
                if let check = try CosimHLSExtras.run(outcome, stimulus: stimulus, hls: true, dump: nil) {
                    result.hlsCsim = .init(vectors: stimulus.count, mismatches: check.outputs.map(\.mismatches), latencyCycles: result.predictedLatencyCycles)
                }
                let k = min(1000, stimulus.count)
                let ic = try IcarusCrossCheck().run(outcome.design, datapath: outcome.datapath,
                                                    stimulus: Stimulus(values: Array(stimulus.values.prefix(k * 16)), inputCount: 16, edgeCaseCount: min(k, stimulus.edgeCaseCount)))
                result.icarus = .init(vectors: ic.vectors, mismatches: ic.mismatches, latencyCycles: ic.latencyCycles)
                if classify {
                    result.classification = ClassifierScoring.score(outcome, formulas: set, stimulus: stimulus, labels: testLabels, classes: classNames)
                }
                let designDir = dir.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: designDir, withIntermediateDirectories: true)
                for f in outcome.design.files { try writeAtomically(Data(f.text.utf8), to: designDir.appendingPathComponent(f.name).path) }
                let text = Summary.text(result)
                print(text)
                print("")
                summary += ["## \(label)", "", "```", text, "```", ""]
                results.append(result)
            }
            let table = Self.comparison(results)
            print(table)
            summary += ["## Side by side", "", table, ""]
            summary.append(String(format: "Total time %.0f s.", Date().timeIntervalSince(started)))

            let enc = JSONEncoder()
            enc.keyEncodingStrategy = .convertToSnakeCase
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            try writeAtomically(try enc.encode(CosimResults(designs: results, tools: flow.toolVersions)), to: dir.appendingPathComponent("results.json").path)
            try writeAtomically(Data(summary.joined(separator: "\n").utf8), to: dir.appendingPathComponent("summary.md").path)
            print("wrote \(out)/results.json, \(out)/summary.md, \(out)/model.json and the Verilog of every design")
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
