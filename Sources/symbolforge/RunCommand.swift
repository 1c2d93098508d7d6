import ArgumentParser
import FixedPoint
import Flows
import Foundation
import SymbolNet
import Verilator

/// The main job on the bundled jets (`MainJob`): train, extract, co-simulate and report.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the main job on the bundled jets: train, extract, co-simulate and report.")

    @Option(help: "Directory for results.json, summary.md, the model and the Verilog.")
    var out: String = "Reports/out"

    @Option(help: "Fixed-point type of inputs, constants and outputs.")
    var precision: String = "ap_fixed<18,8>"

    @Option(help: "Training jets (default: the whole training half).")
    var trainJets: Int?

    @Option(help: "Test jets co-simulated and scored (from the test half).")
    var testJets: Int = 25_000

    @Option(help: "Training epochs of the SymbolNet (default: the main job's configuration, docs/symbolnet.md).")
    var epochs: Int?

    @Option(help: "SymbolNet nodes per layer (UNARY:BINARY, comma-separated per layer; default: the main job's configuration).")
    var nodes: String?

    @Option(help: "Seed of the split, the initialisation and the shuffling.")
    var seed: UInt64 = 1

    func run() throws {
        try reportingErrors {
            var training = MainJobTraining.standard(seed: seed)
            if let trainJets { training.trainRows = trainJets }
            if let epochs { training.plan.config.epochs = epochs }
            if let nodes { training.plan.config.layers = try LayerSpec.parseList(nodes) }
            try training.plan.config.validate()
            var o = MainJob.Options(out: out, format: try FixedFormat(parsing: precision), training: training)
            o.testJets = testJets
            let total = training.plan.config.epochs
            let r = try MainJob.run(o, toolchain: try VerilatorToolchain(), log: say) {
                if $0.epoch % 10 == 0 || $0.epoch == total { printEpoch($0, of: total) }
            }
            print("wrote \(out)/results.json, \(out)/summary.md, \(out)/model.json and the Verilog of every design")
            for (design, failures) in r.failures.sorted(by: { $0.key < $1.key }) {
                for f in failures { FileHandle.standardError.write(Data("FAIL: \(design): \(f)\n".utf8)) }
            }
            if r.failed { throw ExitCode(2) }
        }
    }
}
