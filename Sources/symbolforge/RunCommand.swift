import ArgumentParser
import FixedPoint
import Flows
import Foundation
import Verilator

/// The main job on the bundled jets (`MainJob`): train, extract, co-simulate and report.
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
            let net = try SymbolNetOptions.parse(["--epochs", "\(epochs)", "--nodes", nodes, "--seed", "\(seed)"])
            let cfg = try net.config(task: .classification)
            var o = MainJob.Options(out: out, format: try FixedFormat(parsing: precision), symbolNet: cfg)
            (o.trainJets, o.testJets) = (trainJets, testJets)
            let r = try MainJob.run(o, toolchain: try VerilatorToolchain(), log: say) { printEpoch($0, of: cfg.epochs) }
            print("wrote \(out)/results.json, \(out)/summary.md, \(out)/model.json and the Verilog of every design")
            for (design, failures) in r.failures.sorted(by: { $0.key < $1.key }) {
                for f in failures { FileHandle.standardError.write(Data("FAIL: \(design): \(f)\n".utf8)) }
            }
            if r.failed { throw ExitCode(2) }
        }
    }
}
