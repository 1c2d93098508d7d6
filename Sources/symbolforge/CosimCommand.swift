import ArgumentParser
import Flows
import Foundation
import Verilator

struct Cosim: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Co-simulate formulas: Swift golden model against the Verilated RTL, bit for bit.")

    @OptionGroup var options: FormulaOptions
    @OptionGroup var schedule: ScheduleFamilyOption

    @Option(help: "Number of random vectors (standard normal), in addition to the edge cases.")
    var vectors: Int = 10_000

    @Option(help: "Seed of the random vectors.")
    var seed: UInt64 = 1

    @Option(help: "CSV or .npy file whose rows are input vectors (a header naming x0..xN, or the first N columns).")
    var data: String?

    @Option(help: "Write the results JSON here.")
    var json: String?

    @Option(help: "Also write the Verilog into this directory.")
    var out: String?

    @Flag(help: "Also build the HLS C++ project, run its C simulation (g++ with the ap_types headers) and compare with the Swift model.")
    var hls = false

    @Option(help: "Write the input vectors and every implementation's outputs (raw bits and real values) as CSV into this directory.")
    var dump: String?

    @Flag(help: "Also synthesize (Yosys, xc7 resources) and place and route (nextpnr) the design; the JSON then uses the report schema.")
    var synth = false

    @Option(name: .customLong("synth-family"), help: "Families to place and route on with --synth (ecp5, ice40, ecp5-85k; repeatable).")
    var synthFamilies: [String] = ["ecp5"]

    @Option(name: .customLong("synth-seeds"), help: "Place-and-route seeds per family with --synth (Fmax is their median).")
    var synthSeeds: Int = 3

    @Option(name: .customLong("route-time-limit"), help: "Seconds one place-and-route run may take with --synth; a design that routes longer shows Fmax as not measured, with a warning (default: no limit).")
    var routeTimeLimit: Double?

    @Option(help: "Also write the report page (index.html, summary.md, junit.xml, results.json) into this directory.")
    var report: String?

    @Option(name: .customLong("icarus"), help: "Also simulate this many vectors under Icarus Verilog and compare with the Swift model (0: skip).")
    var icarusVectors: Int = 0

    @Option(help: "Write a waveform of the first --trace-vectors vectors here (.vcd: VCD, anything else: FST), from a traced build cached beside the fast one.")
    var trace: String?

    @Option(name: .customLong("trace-vectors"), help: "Vectors in the --trace waveform.")
    var traceVectors: Int = 100

    @Option(help: "On a mismatch, write first_failure.md, repro CSVs and window.fst into <folder>/<design>/ (default: <report>/failures with --report, else build/failures).")
    var failures: String?

    @Option(help: "Check this Verilog module (the file's last module, with the emitted designs' ports) against the formulas' golden model instead of the emitted RTL.")
    var rtl: String?

    func validate() throws {
        guard traceVectors >= 1 else { throw ValidationError("--trace-vectors \(traceVectors): give one or more vectors") }
        guard icarusVectors >= 0 else { throw ValidationError("--icarus \(icarusVectors): give 0 (skip) or a number of vectors") }
        guard vectors >= 0 else { throw ValidationError("--vectors \(vectors): give zero or more vectors") }
        if let routeTimeLimit, !(routeTimeLimit > 0 && routeTimeLimit.isFinite) {
            throw ValidationError("--route-time-limit \(routeTimeLimit): give a positive number of seconds")
        }
    }

    func run() throws {
        try reportingErrors {
            let (set, name, n) = try options.load()
            var o = CosimJob.Options(set: set, name: name, inputCount: n, design: try options.design(family: schedule.family),
                                     stimulus: data.map { .file($0) } ?? .standardNormal(count: vectors, seed: seed))
            (o.hlsCsim, o.dump, o.icarusVectors, o.verilogOut, o.json) = (hls, dump, icarusVectors, out, json)
            (o.trace, o.traceVectors, o.rtl) = (trace, traceVectors, rtl)
            o.failures = failures ?? FailureArtifacts.defaultRoot(report: report)
            if synth {
                o.synthesis = try SynthesisOptions(familyNames: synthFamilies, seeds: synthSeeds, timing: true, keep: nil)
                o.synthesis?.routerTimeLimit = routeTimeLimit
            }
            if let report { try Files.prepareDirectory(report) }
            let r = try CosimJob.run(o, toolchain: try VerilatorToolchain())
            if let report { print("wrote the report page \(try ReportPageJob.write(cosim: r, to: report).path)/index.html") }
            if let f = r.dumpFile { print("wrote \(f.path)") }
            if let f = r.traceFile { print("wrote the waveform \(f.path)") }
            if let s = r.synthesis { print(SynthSummary.text(s)) }
            print(CosimSummary.text(r.result))
            for f in r.failures { FileHandle.standardError.write(Data("FAIL: \(f)\n".utf8)) }
            if !r.failures.isEmpty { throw ExitCode(2) }
        }
    }
}
