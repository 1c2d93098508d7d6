import ArgumentParser
import Datapath
import FixedPoint
import Flows
import Foundation
import Reporting
import Support
import SymbolNet
import Verilator

/// The main job (`MainJob`): train, extract, co-simulate, synthesize and end in the report page.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the main job on the bundled jets (or --data): train, extract, co-simulate, synthesize and write the report page (index.html).")

    @Option(help: "Directory for index.html, summary.md, results.json, junit.xml, the model and the Verilog.")
    var out: String = "Reports/out"

    @Option(help: "Labelled jets instead of the bundled sample: CSV (plain or .gz), ARFF (.arff, .arff.gz; OpenML's hls4ml jets) or FEATURES.npy,LABELS.npy.")
    var data: String?

    @Option(help: "Label column of --data (default: class).")
    var target: String?

    @Option(help: "Feature columns of --data, comma-separated (default: the 16 hls4ml features when present, else every numeric column).")
    var features: String?

    @Option(name: .customLong("synth-family"), help: "FPGA family for the Fmax on the page (ecp5, ecp5-85k, ice40).")
    var synthFamily: String = "ecp5-85k"

    @Option(name: .customLong("synth-seeds"), help: "Place-and-route seeds per design (Fmax is their median).")
    var synthSeeds: Int = 1

    @Option(name: .customLong("route-time-limit"), help: "Seconds one place-and-route run may take; a design that routes longer shows Fmax as not measured, with a warning.")
    var routeTimeLimit: Double = 180

    @Flag(name: .customLong("no-synth"), help: "Skip Yosys and nextpnr (resources and Fmax then show as not measured).")
    var noSynth = false

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

    @Option(name: .customLong("clock-mhz"), help: "Target clock frequency the pipeline registers are placed for (default 200, i.e. 5 ns); a frequency the delay model cannot reach is an error naming the fastest reachable schedule, before training.")
    var clockMhz: Double?

    @OptionGroup var schedule: ScheduleFamilyOption

    @Flag(name: .customLong("quantization-aware"), help: "After pruning, fine-tune the SymbolNet with the forward pass emulating the --precision design (its function tables, straight-through rounding).")
    var quantizationAware = false

    func run() throws {
        try reportingErrors {
            var training = MainJobTraining.standard(seed: seed)
            if let trainJets { training.trainRows = trainJets }
            if let epochs { training.plan.config.epochs = epochs }
            if let nodes { training.plan.config.layers = try LayerSpec.parseList(nodes) }
            try training.plan.config.validate()
            var o = MainJob.Options(out: out, format: try FixedFormat(parsing: precision), training: training)
            o.testJets = testJets
            if let clockMhz { o.clockNs = try clockPeriod(mhz: clockMhz) }
            // A frequency is a promise to meet it, as in `emit` and `cosim`: the default family's estimates refuse a clock they cannot reach.
            o.family = schedule.family ?? (clockMhz != nil ? .xc7 : nil)
            if quantizationAware { o.quantizationAwareEpochs = QuantizationAwareTraining.defaultEpochs }
            (o.data, o.target) = (data, target)
            o.features = features.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            o.synthesis = noSynth ? nil : try SynthesisOptions(familyNames: [synthFamily], seeds: synthSeeds, timing: true, keep: nil)
            o.synthesis?.routerTimeLimit = routeTimeLimit
            o.progress = ProgressReporter.standardError()
            let r = try MainJob.run(o, toolchain: try VerilatorToolchain(), log: say)
            print("wrote \(out)/index.html (the report page), summary.md, results.json, junit.xml, model.json and the Verilog of every design")
            for (design, failures) in r.failures.sorted(by: { $0.key < $1.key }) {
                for f in failures { FileHandle.standardError.write(Data("FAIL: \(design): \(f)\n".utf8)) }
            }
            if r.failed { throw ExitCode(2) }
        }
    }
}
