import ArgumentParser
import Datapath
import FixedPoint
import Foundation
import HLSBackend
import Testbench

/// `symbolforge emit hls`: the HLS C++ project, its test vectors, and optionally its g++ C simulation.
struct EmitHLS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hls",
        abstract: "Write an HLS C++ project (firmware, testbench, tb_data, build_prj.tcl, Makefile with a g++ csim target).",
        discussion: """
        Vectors in tb_data/ are raw integer bits, one vector per line; tb_output_bits.dat holds the Swift model's \
        outputs, which the testbench compares with ==. `make csim` in the project needs only g++ and the ap_types \
        headers (Scripts/ap_types/install.sh). With --csim the project is compiled and run here and every output is \
        compared with the Swift model.
        """)

    @OptionGroup var options: FormulaOptions

    @Option(help: "Output directory.")
    var out: String

    @Option(help: "Random vectors (standard normal) written to tb_data, in addition to the edge cases.")
    var vectors: Int = 1000

    @Option(help: "Seed of the random vectors.")
    var seed: UInt64 = 1

    @Option(name: .customLong("part"), help: "FPGA part written into build_prj.tcl.")
    var part: String = "xcvu13p-flga2577-2-e"

    @Flag(help: "Compile the project with g++ and check its C simulation against the Swift model on every vector.")
    var csim = false

    @Option(help: "Write the vectors and every implementation's outputs (raw bits and real values) as CSV into this directory.")
    var dump: String?

    func validate() throws {
        guard vectors >= 0 else { throw ValidationError("--vectors \(vectors): give zero or more vectors") }
        try HLSEmitter.checkPart(part)
    }

    func run() throws {
        try reportingErrors {
            let (set, name) = try options.load()
            let format = try options.format()
            let n = try options.inputCount(set)
            try Stimulus.checkCount(vectors: vectors, inputCount: n)
            var lowering = Lowering(plan: .uniform(format), inputCount: n, tables: try options.tableConfig())
            lowering.constantStyle = try options.constantStyle()
            let d = try lowering.lower(set, name: name)
            let stimulus = Stimulus.standardNormal(count: vectors, inputCount: n, seed: seed, format: format)
            let raw = HLSVectors.quantize(d, values: stimulus.values, stride: stimulus.inputCount)
            let count = stimulus.count
            let expected = GoldenModel(d).evaluateBatch(count: count, inputs: raw)
            let emitter = HLSEmitter(part: part, clockPeriodNs: options.clockNs)
            let project = try emitter.emit(d)
                .withVectors(rawInputs: raw, inputCount: n, expected: expected, outputCount: d.outputs.count)
            // Created only now, so rejected input leaves nothing behind.
            let dir = try prepareDirectory(out)
            let dumpDir = try dump.map(prepareDirectory)
            for f in project.files {
                let url = dir.appendingPathComponent(f.path)
                _ = try prepareDirectory(url.deletingLastPathComponent().path)
                try writeAtomically(Data(f.text.utf8), to: url.path)
            }
            try writeAtomically(Data(d.listing.utf8), to: dir.appendingPathComponent("\(name).datapath.txt").path)
            print("wrote HLS project \(project.top) to \(out): \(project.files.count) files, \(count) vectors in tb_data (\(stimulus.edgeCaseCount) edge cases)")

            var implementations = [VectorDump.Implementation(name: "swift", rawOutputs: expected)]
            var failed = false
            if csim {
                let check = try HLSCSim().check(datapath: d, rawInputs: raw, expected: expected, emitter: emitter)
                implementations.append(.init(name: "hls_csim", rawOutputs: check.rawOutputs))
                print(check.summary)
                failed = check.mismatches > 0
            }
            if let dumpDir {
                let url = try VectorDump.write(datapath: d, rawInputs: raw, implementations: implementations, to: dumpDir)
                print("wrote \(url.path)")
            }
            if failed { throw ExitCode(2) }
        }
    }
}

/// The HLS csim and the CSV dump beside a finished `cosim` run, for `cosim --hls` and `cosim --dump DIR`.
enum CosimHLSExtras {
    /// Runs the HLS C simulation on the cosim's vectors (when `hls`) and writes `vectors.csv` into `dump`
    /// with the Swift model's, the RTL's (when captured) and the csim's outputs. Returns false when the
    /// csim differs from the Swift model on any output. Set `flow.cosim.captureOutputs = true` before
    /// `flow.run` so the RTL outputs are in the dump.
    static func run(_ outcome: CosimFlow.Outcome, stimulus: Stimulus, hls: Bool, dump: String?) throws -> HLSCSimCheck? {
        let d = outcome.datapath
        let raw = HLSVectors.quantize(d, values: stimulus.values, stride: stimulus.inputCount)
        let golden = outcome.goldenOutputs.count == stimulus.count * d.outputs.count
            ? outcome.goldenOutputs : GoldenModel(d).evaluateBatch(count: stimulus.count, inputs: raw)
        var implementations = [VectorDump.Implementation(name: "swift", rawOutputs: golden)]
        if outcome.rtlOutputs.count == golden.count { implementations.append(.init(name: "verilator", rawOutputs: outcome.rtlOutputs)) }
        var result: HLSCSimCheck? = nil
        if hls {
            let check = try HLSCSim().check(datapath: d, rawInputs: raw, expected: golden)
            implementations.append(.init(name: "hls_csim", rawOutputs: check.rawOutputs))
            result = check
        }
        if let dump {
            let url = try VectorDump.write(datapath: d, rawInputs: raw, implementations: implementations, to: try prepareDirectory(dump))
            print("wrote \(url.path)")
        }
        return result
    }
}
