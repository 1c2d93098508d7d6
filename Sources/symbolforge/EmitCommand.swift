import ArgumentParser
import Flows
import HLSBackend
import Foundation

struct Emit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a design out without simulating it.",
        subcommands: [EmitVerilog.self, EmitHLS.self]
    )
}

struct EmitVerilog: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verilog", abstract: "Write synthesizable Verilog (top module + primitives).")

    @OptionGroup var options: FormulaOptions
    @OptionGroup var schedule: ScheduleFamilyOption

    @Option(help: "Output directory.")
    var out: String

    @Flag(help: "Print every node's format and why the plan chose it (node, operation, format, reason).")
    var explain = false

    func run() throws {
        try reportingErrors {
            let (set, name, n) = try options.load()
            let options = try options.design(family: schedule.family)
            let (d, search) = try options.lowerWithPlan(set, name: name, inputCount: n)
            if explain { print(PlanExplanation.text(d, plan: options.plan, search: search, delays: options.delays)) }
            let design = try EmitJobs.verilog(d, design: options, out: out)
            print("wrote \(design.files.count) Verilog files to \(out): top \(design.top), latency \(design.latency) cycles, II 1")
        }
    }
}

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
    @OptionGroup var schedule: ScheduleFamilyOption

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
            let (set, name, n) = try options.load()
            var o = EmitJobs.HLSOptions(out: out, vectors: vectors, seed: seed, part: part)
            (o.csim, o.dump) = (csim, dump)
            let r = try EmitJobs.hls(set, name: name, inputCount: n, design: try options.design(family: schedule.family), o)
            print("wrote HLS project \(r.project.top) to \(out): \(r.project.files.count) files, \(r.vectors) vectors in tb_data (\(r.edgeCases) edge cases)")
            if let c = r.csim { print(c.summary) }
            if let f = r.dumpFile { print("wrote \(f.path)") }
            if r.failed { throw ExitCode(2) }
        }
    }
}
