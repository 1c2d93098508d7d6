import ArgumentParser
import Flows
import Foundation

/// Benchmarks of the hardware path for the scripts in Scripts/bench: numbers, not pass/fail tests.
@main
struct SymbolForgeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "symbolforge-bench",
        abstract: "Benchmarks: co-simulation throughput against a plain C++ Verilator testbench, and build times.",
        subcommands: [BenchCosim.self]
    )
}

struct BenchCosim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cosim",
        abstract: "Swift testbench vs plain C++ Verilator testbench (cycles/s), and new/cached build times.",
        discussion: """
        Both testbenches drive the same Verilated model with the same per-cycle input words and compare \
        every output word with the same expected words. The C++ testbench is one translation unit of the \
        model's generated sources and harness.cpp, compiled with the bridge's flags and linked against the \
        bridge's runtime library. Runs alternate Swift, C++, Swift, C++, ... and the best of each is kept.
        """)

    @Option(help: "Formula over x0..x15.")
    var formula: String = CosimBenchmark.defaultFormula

    @Option(help: "Random vectors per run (plus edge cases).")
    var vectors: Int = 2_000_000

    @Option(help: "Runs of each testbench; the best is reported.")
    var repeats: Int = 5

    @Option(help: "Builds timed for the build benchmark; the best is reported.")
    var buildRepeats: Int = 3

    @Option(help: "Fixed-point type of inputs, constants and outputs.")
    var precision: String = "ap_fixed<18,8>"

    @Option(name: .customLong("clock-ns"), help: "Target clock period used to place pipeline registers.")
    var clockNs: Double = 5.0

    @Option(help: "Directory for the exported vectors, harness.cpp and its binary.")
    var work: String = ".build/bench/cosim"

    @Option(help: "Also write the results as JSON here.")
    var json: String?

    @Option(help: "Also write the results as a Markdown table here.")
    var markdown: String?

    @Flag(help: "Skip the build-time benchmark.")
    var skipBuild = false

    func run() throws {
        do {
            var o = CosimBenchmark.Options()
            (o.formula, o.vectors, o.repeats, o.buildRepeats) = (formula, vectors, repeats, buildRepeats)
            (o.precision, o.clockNs, o.work, o.skipBuild) = (precision, clockNs, work, skipBuild)
            let result = try CosimBenchmark.run(o) { print($0); fflush(nil) }
            print("")
            print(result.table)
            if let json { try Files.write(try Files.json(result), to: json) }
            if let markdown { try Files.write(result.table, to: markdown) }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
