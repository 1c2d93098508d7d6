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

    func run() throws {
        try reportingErrors {
            let (set, name) = try options.load()
            let format = try options.format()
            guard vectors >= 0 else { throw CLIError("--vectors must be zero or more") }
            let dir = try prepareDirectory(out)
            let dumpDir = try dump.map(prepareDirectory)
            let n = try options.inputCount(set)
            let d = try Lowering(plan: .uniform(format), inputCount: n, tables: try options.tableConfig()).lower(set, name: name)
            let stimulus = Stimulus.standardNormal(count: vectors, inputCount: n, seed: seed, format: format)
            let raw = HLSRun.rawInputs(d, stimulus)
            let count = stimulus.count
            let expected = GoldenModel(d).evaluateBatch(count: count, inputs: raw)
            let project = try HLSEmitter(part: part, clockPeriodNs: options.clockNs).emit(d)
                .withVectors(rawInputs: raw, inputCount: n, expected: expected, outputCount: d.outputs.count)
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
                let sim = try HLSCSim()
                let binary = try sim.build(project)
                let actual = try sim.run(binary, datapath: d, rawInputs: raw)
                implementations.append(.init(name: "hls_csim", rawOutputs: actual))
                let report = HLSRun.compare(d, expected: expected, actual: actual, rawInputs: raw)
                print("csim: g++ \(binary.cacheHit ? "cached" : String(format: "%.1f s", binary.seconds)), \(count) vectors")
                print(report.text)
                failed = report.mismatches > 0
            }
            if let dumpDir {
                let url = try VectorDump.write(datapath: d, rawInputs: raw, implementations: implementations, to: dumpDir)
                print("wrote \(url.path)")
            }
            if failed { throw ExitCode(2) }
        }
    }
}

/// Helpers shared by `emit hls` and, once wired, `cosim`.
enum HLSRun {
    /// Quantizes the stimulus into each input's format, row-major.
    static func rawInputs(_ d: Datapath, _ s: Stimulus) -> [Int128] {
        var raw = [Int128](repeating: 0, count: s.count * d.inputs.count)
        for r in 0..<s.count {
            for (c, p) in d.inputs.enumerated() { raw[r * d.inputs.count + c] = p.format.raw(fromDouble: s.values[r * s.inputCount + c]) }
        }
        return raw
    }

    /// Per-output mismatch counts between the Swift model and the csim, with the first disagreement.
    static func compare(_ d: Datapath, expected: [Int128], actual: [Int128], rawInputs: [Int128]) -> (mismatches: Int, text: String) {
        let nOut = d.outputs.count, nIn = d.inputs.count
        var lines: [String] = []
        var total = 0
        for (k, o) in d.outputs.enumerated() {
            var bad = 0
            var first: Int?
            for r in 0..<(expected.count / nOut) where expected[r * nOut + k] != actual[r * nOut + k] {
                bad += 1
                if first == nil { first = r }
            }
            total += bad
            lines.append("  \(o.name): \(bad) mismatches")
            if let r = first {
                let ins = rawInputs[(r * nIn)..<((r + 1) * nIn)].map(String.init).joined(separator: " ")
                lines.append("    first at vector \(r) (input bits \(ins)): swift \(expected[r * nOut + k]), csim \(actual[r * nOut + k])")
            }
        }
        lines.append(total == 0 ? "PASS: HLS csim equals the Swift model bit for bit on every output" : "FAIL: \(total) outputs differ from the Swift model")
        return (total, lines.joined(separator: "\n"))
    }
}
