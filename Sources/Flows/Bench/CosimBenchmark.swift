import Datapath
import FixedPoint
import Foundation
import SymbolicExpression
import Testbench
import Verilator
import VerilogBackend

/// Swift co-simulation against a plain C++ Verilator testbench on the same model, vectors and flags,
/// and the time to build a new and a cached design: `symbolforge-bench cosim`.
///
/// Both testbenches drive the same Verilated model with the same per-cycle input words and compare
/// every output word with the same expected words. Runs alternate Swift, C++, Swift, C++, ... and the
/// best of each is kept.
public enum CosimBenchmark {
    /// Two balanced sums of four products over x0..x15, multiplied: 4–5 cycles at the default 5 ns clock.
    ///
    /// A plain sum of eight products schedules into only 2 cycles; the final multiply makes it a
    /// 4-stage pipeline like the designs the bridge's figures were measured on.
    public static let defaultFormula =
        "((x0*x1 + x2*x3) + (x4*x5 + x6*x7)) * ((x8*x9 + x10*x11) + (x12*x13 + x14*x15))"

    public struct Options: Sendable {
        public var formula = CosimBenchmark.defaultFormula
        public var vectors = 2_000_000
        public var repeats = 5
        public var buildRepeats = 3
        public var precision = "ap_fixed<18,8>"
        public var clockNs = 5.0
        /// Folder for the exported vectors, harness.cpp and its binary.
        public var work = ".build/bench/cosim"
        public var skipBuild = false
        public init() {}
    }

    public static func run(_ o: Options, log: (String) -> Void) throws -> BenchResult {
        do {
            let (formula, vectors, repeats, buildRepeats, precision, clockNs, work) = (o.formula, o.vectors, o.repeats, o.buildRepeats, o.precision, o.clockNs, o.work)
            guard vectors > 0, repeats > 0, buildRepeats > 0 else { throw FlowError("--vectors, --repeats and --build-repeats must be positive") }
            let format = try FixedFormat(parsing: precision)
            let workDir = try Files.prepareDirectory(work)
            let toolchain = try VerilatorToolchain()
            let flow = CosimFlow(plan: .uniform(format), delays: DelayModel(clockPeriodNs: clockNs), toolchain: toolchain)
            let set = FormulaSet([.init(name: "y", expr: try ExpressionParser(file: "<formula>").parse(formula), line: 1)])
            let inputCount = max(16, set.inputCount)
            let (d, design) = try flow.emit(set, name: "bench", inputCount: inputCount)
            log("design: \(inputCount) inputs, \(d.outputs.count) output(s), latency \(design.latency) cycles at \(clockNs) ns, \(precision)")
            log("formula: \(formula)")

            // Loaded first and through the cache repair, so a damaged cached library is rebuilt before the
            // C++ harness compiles against its objects.
            let (built, sim) = try toolchain.buildAndLoad(Cosimulation.source(design, d))
            log("model: \(built.directory)")
            let stimulus = Stimulus.standardNormal(count: vectors, inputCount: inputCount, seed: 1, format: format)
            let n = stimulus.count

            let vectorsOut = try VectorExport(datapath: d, stimulus: stimulus, latency: design.latency, resetCycles: Cosimulation().resetCycles)
            try vectorsOut.write(to: workDir)
            let harness = try CppHarness(built: built, toolchain: toolchain, export: vectorsOut, directory: workDir)
            try harness.compile()
            log("C++ testbench: \(harness.binary.path) (model sources from \(built.directory)/obj, no shim)")
            log("cycles per run: \(vectorsOut.totalCycles) (\(n) vectors, reset and flush)")
            log("")

            var swiftRuns: [Double] = []
            var cppRuns: [Double] = []
            var bridgeRuns: [Double] = []
            var cppCPURuns: [Double] = []
            var bridgeCPURuns: [Double] = []
            for r in 0..<repeats {
                try sim.restart()
                var cosim = Cosimulation()
                let (outputs, cps, _, _) = try cosim.run(sim, datapath: d, formulas: set, stimulus: stimulus, predictedLatency: design.latency)
                let bad = outputs.reduce(0) { $0 + $1.mismatches }
                guard bad == 0, outputs.allSatisfy({ $0.latencyCycles == design.latency }) else {
                    throw FlowError("Swift co-simulation failed: \(bad) mismatches, latency \(outputs.map(\.latencyCycles)) vs \(design.latency)")
                }
                swiftRuns.append(cps)

                let cpp = try harness.run()
                guard cpp.mismatches == 0, cpp.received == n, cpp.latency == design.latency else {
                    throw FlowError("C++ testbench failed: \(cpp.mismatches) mismatches, \(cpp.received) of \(n) results, latency \(cpp.latency)")
                }
                cppRuns.append(cpp.cyclesPerSecond)
                cppCPURuns.append(cpp.cyclesPerCPUSecond)

                try sim.restart()
                let bridge = try vectorsOut.bridgeOnly(sim)
                bridgeRuns.append(bridge.wall)
                bridgeCPURuns.append(bridge.cpu)
                log(String(format: "run %d: Swift %.2f M cycles/s, C++ %.2f M cycles/s, Swift bridge only %.2f M cycles/s (per CPU second: C++ %.2f M, bridge %.2f M)",
                             r + 1, cps / 1e6, cpp.cyclesPerSecond / 1e6, bridge.wall / 1e6, cpp.cyclesPerCPUSecond / 1e6, bridge.cpu / 1e6))
            }

            var builds = BuildTimes(newSeconds: [], cachedSeconds: [])
            if !o.skipBuild {
                builds = try measureBuilds(formula: formula, repeats: buildRepeats, flow: flow, toolchain: toolchain, inputCount: inputCount, log: log)
            }

            let result = BenchResult(
                formula: formula, inputs: inputCount, latencyCycles: design.latency, clockPeriodNs: clockNs, precision: precision,
                vectors: n, cyclesPerRun: vectorsOut.totalCycles, repeats: repeats,
                swiftCyclesPerSecond: swiftRuns.max()!, cppCyclesPerSecond: cppRuns.max()!,
                swiftBridgeOnlyCyclesPerSecond: bridgeRuns.max()!,
                swiftRuns: swiftRuns, cppRuns: cppRuns, bridgeOnlyRuns: bridgeRuns,
                cppCPURuns: cppCPURuns, bridgeOnlyCPURuns: bridgeCPURuns,
                newBuildSeconds: builds.newSeconds.min(), cachedBuildMilliseconds: builds.cachedSeconds.min().map { $0 * 1e3 },
                newBuildRuns: builds.newSeconds, cachedBuildRuns: builds.cachedSeconds.map { $0 * 1e3 },
                tools: flow.toolVersions)
            return result
        }
    }

    /// Wall times of `toolchain.build` for designs never built before, and for a cache hit.
    static func measureBuilds(formula: String, repeats buildRepeats: Int, flow: CosimFlow, toolchain: VerilatorToolchain, inputCount: Int, log: (String) -> Void) throws -> BuildTimes {
        var times = BuildTimes(newSeconds: [], cachedSeconds: [])
        var rng = SystemRandomNumberGenerator()
        var lastSource: DesignSource?
        var attempts = 0
        while times.newSeconds.count < buildRepeats {
            attempts += 1
            guard attempts <= buildRepeats * 10 else { throw FlowError("could not find a formula that is not cached yet") }
            // k/64 is exact in the format, so every k gives different Verilog and a new hash.
            let k = Int.random(in: 1...8000, using: &rng)
            let text = "\(formula) + \(k)/64"
            let set = FormulaSet([.init(name: "y", expr: try ExpressionParser(file: "<formula>").parse(text), line: 1)])
            let (d, design) = try flow.emit(set, name: "bench", inputCount: inputCount)
            let source = Cosimulation.source(design, d)
            let built = try toolchain.build(source)
            if built.cacheHit { continue }
            times.newSeconds.append(built.buildSeconds)
            log(String(format: "new design build (+ %d/64): %.3f s", k, built.buildSeconds))
            lastSource = source
        }
        if let source = lastSource {
            for _ in 0..<buildRepeats {
                let built = try toolchain.build(source)
                guard built.cacheHit else { throw FlowError("a second build of the same design was not a cache hit") }
                times.cachedSeconds.append(built.buildSeconds)
            }
            log(String(format: "cached build: %@ ms", times.cachedSeconds.map { String(format: "%.3f", $0 * 1e3) }.joined(separator: ", ")))
        }
        return times
    }
}

/// Build wall times in seconds.
public struct BuildTimes {
    public var newSeconds: [Double]
    public var cachedSeconds: [Double]
}

/// The numbers one `bench cosim` run produced.
public struct BenchResult: Codable, Sendable {
    public var formula: String
    public var inputs: Int
    public var latencyCycles: Int
    public var clockPeriodNs: Double
    public var precision: String
    public var vectors: Int
    public var cyclesPerRun: Int
    public var repeats: Int
    public var swiftCyclesPerSecond: Double
    public var cppCyclesPerSecond: Double
    public var swiftBridgeOnlyCyclesPerSecond: Double
    public var swiftRuns: [Double]
    public var cppRuns: [Double]
    public var bridgeOnlyRuns: [Double]
    /// Cycles per thread-CPU second, which load on the shared machine barely moves.
    public var cppCPURuns: [Double]
    public var bridgeOnlyCPURuns: [Double]
    public var newBuildSeconds: Double?
    public var cachedBuildMilliseconds: Double?
    public var newBuildRuns: [Double]
    public var cachedBuildRuns: [Double]
    public var tools: [String: String]

    public var ratio: Double { swiftCyclesPerSecond / cppCyclesPerSecond }

    /// Median of Swift/C++ over runs taken back to back: less sensitive to one lucky run than best/best.
    public var medianRunRatio: Double {
        let r = zip(swiftRuns, cppRuns).map { $0 / $1 }.sorted()
        return r.count % 2 == 1 ? r[r.count / 2] : (r[r.count / 2 - 1] + r[r.count / 2]) / 2
    }

    /// A Markdown table of the best numbers, with every run listed below it.
    public var table: String {
        func m(_ x: Double) -> String { String(format: "%.2f M", x / 1e6) }
        func runs(_ xs: [Double]) -> String { xs.map { String(format: "%.2f", $0 / 1e6) }.joined(separator: ", ") }
        var lines = [
            "| testbench | cycles/s (best of \(repeats)) | vs C++ | all runs (M cycles/s) |",
            "|---|---:|---:|---|",
            "| plain C++ Verilator testbench | \(m(cppCyclesPerSecond)) | 1.00× | \(runs(cppRuns)) |",
            "| Swift testbench (full checking) | \(m(swiftCyclesPerSecond)) | \(String(format: "%.2f×", ratio)) | \(runs(swiftRuns)) |",
            "| Swift bridge only (`sim.run`, no packing or scoreboard) | \(m(swiftBridgeOnlyCyclesPerSecond)) | \(String(format: "%.2f×", swiftBridgeOnlyCyclesPerSecond / cppCyclesPerSecond)) | \(runs(bridgeOnlyRuns)) |",
            "",
            "Ratio Swift/C++: **\(String(format: "%.3f", ratio))** best/best (target ≥ 0.85); median of the per-run ratios (Swift and C++ run back to back): \(String(format: "%.3f", medianRunRatio)).",
            "",
            "Per thread-CPU second (best of \(repeats)): plain C++ \(m(cppCPURuns.max()!)), Swift bridge only \(m(bridgeOnlyCPURuns.max()!)) (\(String(format: "%.2f×", bridgeOnlyCPURuns.max()! / cppCPURuns.max()!))). The Swift testbench's own timer is wall-clock only.",
            "",
        ]
        if let s = newBuildSeconds, let c = cachedBuildMilliseconds {
            lines += [
                "| build | best of \(newBuildRuns.count) | all runs |",
                "|---|---:|---|",
                "| new design, runtime present | \(String(format: "%.3f s", s)) | \(newBuildRuns.map { String(format: "%.3f s", $0) }.joined(separator: ", ")) |",
                "| cached design (cache hit) | \(String(format: "%.3f ms", c)) | \(cachedBuildRuns.map { String(format: "%.3f ms", $0) }.joined(separator: ", ")) |",
                "",
            ]
        }
        return lines.joined(separator: "\n")
    }
}

