import ArgumentParser
import Datapath
import FixedPoint
import Foundation
import SymbolicExpression
import Testbench
import Verilator
import VerilogBackend

/// Benchmarks of the hardware path; numbers, not pass/fail tests.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks: co-simulation throughput against a plain C++ Verilator testbench, and build times.",
        subcommands: [BenchCosim.self]
    )
}

/// Swift co-simulation against a plain C++ Verilator testbench on the same model, vectors and flags.
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

    /// Two balanced sums of four products over x0..x15, multiplied: 4–5 cycles at the default 5 ns clock.
    ///
    /// A plain sum of eight products schedules into only 2 cycles; the final multiply makes it a
    /// 4-stage pipeline like the designs the bridge's figures were measured on.
    static let defaultFormula =
        "((x0*x1 + x2*x3) + (x4*x5 + x6*x7)) * ((x8*x9 + x10*x11) + (x12*x13 + x14*x15))"

    @Option(help: "Formula over x0..x15.")
    var formula: String = Self.defaultFormula

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
        try reportingErrors {
            guard vectors > 0, repeats > 0, buildRepeats > 0 else { throw CLIError("--vectors, --repeats and --build-repeats must be positive") }
            let format = try FixedFormat(parsing: precision)
            let workDir = try prepareDirectory(work)
            let toolchain = try VerilatorToolchain()
            let flow = CosimFlow(plan: .uniform(format), delays: DelayModel(clockPeriodNs: clockNs), toolchain: toolchain)
            let set = FormulaSet([.init(name: "y", expr: try ExpressionParser(file: "<formula>").parse(formula), line: 1)])
            let inputCount = max(16, set.inputCount)
            let (d, design) = try flow.emit(set, name: "bench", inputCount: inputCount)
            print("design: \(inputCount) inputs, \(d.outputs.count) output(s), latency \(design.latency) cycles at \(clockNs) ns, \(precision)")
            print("formula: \(formula)")

            let built = try toolchain.build(Cosimulation.source(design, d))
            print("model: \(built.directory)")
            let stimulus = Stimulus.standardNormal(count: vectors, inputCount: inputCount, seed: 1, format: format)
            let n = stimulus.count

            let vectorsOut = try VectorExport(datapath: d, stimulus: stimulus, latency: design.latency, resetCycles: Cosimulation().resetCycles)
            try vectorsOut.write(to: workDir)
            let harness = try CppHarness(built: built, toolchain: toolchain, export: vectorsOut, directory: workDir)
            try harness.compile()
            print("C++ testbench: \(harness.binary.path) (model sources from \(built.directory)/obj, no shim)")
            print("cycles per run: \(vectorsOut.totalCycles) (\(n) vectors, reset and flush)")
            print("")

            let sim = try SimulatedDesign.load(built)
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
                    throw CLIError("Swift co-simulation failed: \(bad) mismatches, latency \(outputs.map(\.latencyCycles)) vs \(design.latency)")
                }
                swiftRuns.append(cps)

                let cpp = try harness.run()
                guard cpp.mismatches == 0, cpp.received == n, cpp.latency == design.latency else {
                    throw CLIError("C++ testbench failed: \(cpp.mismatches) mismatches, \(cpp.received) of \(n) results, latency \(cpp.latency)")
                }
                cppRuns.append(cpp.cyclesPerSecond)
                cppCPURuns.append(cpp.cyclesPerCPUSecond)

                try sim.restart()
                let bridge = try vectorsOut.bridgeOnly(sim)
                bridgeRuns.append(bridge.wall)
                bridgeCPURuns.append(bridge.cpu)
                print(String(format: "run %d: Swift %.2f M cycles/s, C++ %.2f M cycles/s, Swift bridge only %.2f M cycles/s (per CPU second: C++ %.2f M, bridge %.2f M)",
                             r + 1, cps / 1e6, cpp.cyclesPerSecond / 1e6, bridge.wall / 1e6, cpp.cyclesPerCPUSecond / 1e6, bridge.cpu / 1e6))
            }

            var builds = BuildTimes(newSeconds: [], cachedSeconds: [])
            if !skipBuild {
                builds = try measureBuilds(flow: flow, toolchain: toolchain, inputCount: inputCount)
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
            print("")
            print(result.table)
            if let json {
                let enc = JSONEncoder()
                enc.keyEncodingStrategy = .convertToSnakeCase
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                try writeAtomically(try enc.encode(result), to: json)
            }
            if let markdown { try writeAtomically(Data(result.table.utf8), to: markdown) }
        }
    }

    /// Wall times of `toolchain.build` for designs never built before, and for a cache hit.
    func measureBuilds(flow: CosimFlow, toolchain: VerilatorToolchain, inputCount: Int) throws -> BuildTimes {
        var times = BuildTimes(newSeconds: [], cachedSeconds: [])
        var rng = SystemRandomNumberGenerator()
        var lastSource: DesignSource?
        var attempts = 0
        while times.newSeconds.count < buildRepeats {
            attempts += 1
            guard attempts <= buildRepeats * 10 else { throw CLIError("could not find a formula that is not cached yet") }
            // k/64 is exact in the format, so every k gives different Verilog and a new hash.
            let k = Int.random(in: 1...8000, using: &rng)
            let text = "\(formula) + \(k)/64"
            let set = FormulaSet([.init(name: "y", expr: try ExpressionParser(file: "<formula>").parse(text), line: 1)])
            let (d, design) = try flow.emit(set, name: "bench", inputCount: inputCount)
            let source = Cosimulation.source(design, d)
            let built = try toolchain.build(source)
            if built.cacheHit { continue }
            times.newSeconds.append(built.buildSeconds)
            print(String(format: "new design build (+ %d/64): %.3f s", k, built.buildSeconds))
            lastSource = source
        }
        if let source = lastSource {
            for _ in 0..<buildRepeats {
                let built = try toolchain.build(source)
                guard built.cacheHit else { throw CLIError("a second build of the same design was not a cache hit") }
                times.cachedSeconds.append(built.buildSeconds)
            }
            print(String(format: "cached build: %@ ms", times.cachedSeconds.map { String(format: "%.3f", $0 * 1e3) }.joined(separator: ", ")))
        }
        return times
    }
}

/// Build wall times in seconds.
struct BuildTimes {
    var newSeconds: [Double]
    var cachedSeconds: [Double]
}

/// The numbers one `bench cosim` run produced.
struct BenchResult: Codable {
    var formula: String
    var inputs: Int
    var latencyCycles: Int
    var clockPeriodNs: Double
    var precision: String
    var vectors: Int
    var cyclesPerRun: Int
    var repeats: Int
    var swiftCyclesPerSecond: Double
    var cppCyclesPerSecond: Double
    var swiftBridgeOnlyCyclesPerSecond: Double
    var swiftRuns: [Double]
    var cppRuns: [Double]
    var bridgeOnlyRuns: [Double]
    /// Cycles per thread-CPU second, which load on the shared machine barely moves.
    var cppCPURuns: [Double]
    var bridgeOnlyCPURuns: [Double]
    var newBuildSeconds: Double?
    var cachedBuildMilliseconds: Double?
    var newBuildRuns: [Double]
    var cachedBuildRuns: [Double]
    var tools: [String: String]

    var ratio: Double { swiftCyclesPerSecond / cppCyclesPerSecond }

    /// Median of Swift/C++ over runs taken back to back: less sensitive to one lucky run than best/best.
    var medianRunRatio: Double {
        let r = zip(swiftRuns, cppRuns).map { $0 / $1 }.sorted()
        return r.count % 2 == 1 ? r[r.count / 2] : (r[r.count / 2 - 1] + r[r.count / 2]) / 2
    }

    /// A Markdown table of the best numbers, with every run listed below it.
    var table: String {
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

/// The per-cycle input words and expected output words the Swift testbench uses, written to files.
///
/// Layout follows `Cosimulation.run`: `resetCycles` cycles of rst, then one vector per cycle with
/// in_valid high, then `latency + 2` idle cycles to flush the pipeline.
struct VectorExport {
    let inputPorts: [PortSpec]
    let outputPorts: [PortSpec]
    let inWords: Int
    let outDataWords: Int
    let vectors: Int
    let latency: Int
    let resetCycles: Int
    let totalCycles: Int
    let inputWords: [UInt32]
    let expectedWords: [UInt32]

    init(datapath d: Datapath, stimulus: Stimulus, latency: Int, resetCycles: Int) throws {
        let ports = Cosimulation.ports(d)
        inputPorts = ports.filter { $0.direction == .input }
        outputPorts = ports.filter { $0.direction == .output }
        inWords = inputPorts.reduce(0) { $0 + $1.words }
        outDataWords = outputPorts.dropFirst().reduce(0) { $0 + $1.words }
        let n = stimulus.count
        let nIn = d.inputs.count
        vectors = n
        self.latency = latency
        self.resetCycles = resetCycles
        totalCycles = resetCycles + n + max(latency, 1) + 2

        var raw = [Int128](repeating: 0, count: n * nIn)
        for r in 0..<n {
            for c in 0..<nIn { raw[r * nIn + c] = d.inputs[c].format.raw(fromDouble: stimulus.values[r * stimulus.inputCount + c]) }
        }
        let expected = GoldenModel(d).evaluateBatch(count: n, inputs: raw)
        let nOut = d.outputs.count

        var words = [UInt32](repeating: 0, count: totalCycles * inWords)
        let dataPorts = Array(inputPorts.dropFirst(2))
        for c in 0..<totalCycles {
            var p = c * inWords
            let v = c - resetCycles
            words[p] = c < resetCycles ? 1 : 0
            words[p + 1] = (v >= 0 && v < n) ? 1 : 0
            p += 2
            guard v >= 0 && v < n else { continue }
            for (k, port) in dataPorts.enumerated() { Self.pack(raw[v * nIn + k], width: port.width, into: &words, at: &p) }
        }
        inputWords = words

        var exp = [UInt32](repeating: 0, count: n * outDataWords)
        let outWidths = outputPorts.dropFirst().map(\.width)
        for r in 0..<n {
            var p = r * outDataWords
            for (k, w) in outWidths.enumerated() { Self.pack(expected[r * nOut + k], width: w, into: &exp, at: &p) }
        }
        expectedWords = exp
    }

    /// Two's complement words, little-endian, masked to `width`: the bridge's C ABI layout.
    static func pack(_ value: Int128, width: Int, into buf: inout [UInt32], at p: inout Int) {
        var u = UInt128(bitPattern: value)
        if width < 128 { u &= (UInt128(1) << width) - 1 }
        for _ in 0..<((width + 31) / 32) {
            buf[p] = UInt32(truncatingIfNeeded: u)
            u >>= 32
            p += 1
        }
    }

    /// Writes inputs.bin, expected.bin (raw little-endian words) and ports.txt (the layout).
    func write(to dir: URL) throws {
        try writeAtomically(inputWords.withUnsafeBytes { Data($0) }, to: dir.appendingPathComponent("inputs.bin").path)
        try writeAtomically(expectedWords.withUnsafeBytes { Data($0) }, to: dir.appendingPathComponent("expected.bin").path)
        var layout = [
            "# one line per port in packing order: direction name width words",
            "# inputs.bin: \(totalCycles) cycles x \(inWords) words; expected.bin: \(vectors) vectors x \(outDataWords) words (out_valid excluded)",
            "cycles \(totalCycles)", "vectors \(vectors)", "reset_cycles \(resetCycles)", "latency \(latency)",
        ]
        for p in inputPorts + outputPorts { layout.append("\(p.direction.rawValue) \(p.name) \(p.width) \(p.words)") }
        try writeAtomically(Data((layout.joined(separator: "\n") + "\n").utf8), to: dir.appendingPathComponent("ports.txt").path)
    }

    /// Cycles per wall-clock second and per thread-CPU second of `sim.run` alone on the exported
    /// words, in the testbench's chunk size.
    func bridgeOnly(_ sim: SimulatedDesign) throws -> (wall: Double, cpu: Double) {
        let chunk = Cosimulation().chunkCycles
        let outWords = sim.outputWordsPerCycle
        var out = [UInt32](repeating: 0, count: chunk * outWords)
        let cpu0 = threadCPUSeconds()
        let start = DispatchTime.now().uptimeNanoseconds
        try inputWords.withUnsafeBufferPointer { i in
            try out.withUnsafeMutableBufferPointer { o in
                var c = 0
                while c < totalCycles {
                    let k = min(chunk, totalCycles - c)
                    try sim.run(cycles: k, inputs: i.baseAddress! + c * inWords, outputs: o.baseAddress!)
                    c += k
                }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = threadCPUSeconds() - cpu0
        return (Double(totalCycles) / max(seconds, 1e-9), Double(totalCycles) / max(cpu, 1e-9))
    }
}

/// A plain C++ Verilator testbench for one built design: generated, compiled and run.
struct CppHarness {
    let built: BuiltDesign
    let toolchain: VerilatorToolchain
    let export: VectorExport
    let directory: URL
    let runtime: URL

    var source: URL { directory.appendingPathComponent("harness.cpp") }
    var binary: URL { directory.appendingPathComponent("harness") }

    /// What one run of the binary reported.
    struct Outcome {
        var cycles: Int
        var seconds: Double
        var cpuSeconds: Double
        var received: Int
        var mismatches: Int
        var latency: Int
        var cyclesPerSecond: Double { Double(cycles) / max(seconds, 1e-9) }
        var cyclesPerCPUSecond: Double { Double(cycles) / max(cpuSeconds, 1e-9) }
    }

    init(built: BuiltDesign, toolchain: VerilatorToolchain, export: VectorExport, directory: URL) throws {
        self.built = built
        self.toolchain = toolchain
        self.export = export
        self.directory = directory
        runtime = try Self.findRuntime(toolchain)
    }

    /// The flags of `VerilatorToolchain.compileFlags`, which is internal to the bridge; keep in step.
    static func compileFlags(_ root: String) -> [String] {
        [
            "-std=gnu++17", "-O2", "-fPIC", "-fvisibility=hidden", "-fvisibility-inlines-hidden",
            "-faligned-new", "-fcf-protection=none", "-pthread", "-w",
            "-DVL_USER_STOP", "-DVL_USER_FATAL", "-DVL_USER_FINISH",
            "-DVM_COVERAGE=0", "-DVM_SC=0", "-DVM_TRACE=0", "-DVM_TRACE_FST=0", "-DVM_TRACE_VCD=0",
            "-I\(root)/include", "-I\(root)/include/vltstd",
        ]
    }

    /// The runtime directory the design was linked against: the newest `runtime-*` holding the library.
    static func findRuntime(_ toolchain: VerilatorToolchain) throws -> URL {
        let fm = FileManager.default
        let base = toolchain.runtimeDirectory
        let names = (try? fm.contentsOfDirectory(atPath: base.path)) ?? []
        var best: (URL, Date)?
        for name in names where name.hasPrefix("runtime-") && !name.hasSuffix(".lock") && !name.contains("-tmp-") {
            let lib = base.appendingPathComponent(name).appendingPathComponent("libsfverilated.a")
            guard let date = (try? fm.attributesOfItem(atPath: lib.path))?[.modificationDate] as? Date else { continue }
            if best == nil || date > best!.1 { best = (base.appendingPathComponent(name), date) }
        }
        guard let best else { throw CLIError("no Verilator runtime under \(base.path); build a design first") }
        return best.0
    }

    /// The harness text: the model's generated sources plus a loop that drives and checks every cycle.
    func text() throws -> String {
        let obj = URL(fileURLWithPath: built.directory).appendingPathComponent("obj")
        let prefix = "V" + built.hash.prefix(16)
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: obj.path)) ?? [])
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".cpp") }.sorted()
        guard !files.isEmpty else { throw CLIError("no generated model sources in \(obj.path)") }

        func mask(_ p: PortSpec) -> String {
            let bits = p.width - (p.words - 1) * 32
            return bits == 32 ? "0xFFFFFFFFu" : String(format: "0x%Xu", (UInt32(1) << UInt32(bits)) - 1)
        }
        var drive: [String] = []
        var offset = 0
        for p in export.inputPorts {
            switch p.width {
            case ...32: drive.append("t.\(p.name) = i[\(offset)] & \(mask(p));")
            case ...64: drive.append("t.\(p.name) = (QData)i[\(offset)] | ((QData)(i[\(offset + 1)] & \(mask(p))) << 32);")
            default:
                for w in 0..<p.words { drive.append("t.\(p.name).data()[\(w)] = i[\(offset + w)]\(w == p.words - 1 ? " & " + mask(p) : "");") }
            }
            offset += p.words
        }
        // Compare word by word, as the Swift scoreboard does; one count per differing output.
        var check: [String] = []
        offset = 0
        for (k, p) in export.outputPorts.dropFirst().enumerated() {
            var terms: [String] = []
            switch p.width {
            case ...32: terms.append("((uint32_t)t.\(p.name) & \(mask(p))) != e[\(offset)]")
            case ...64:
                terms.append("(uint32_t)t.\(p.name) != e[\(offset)]")
                terms.append("((uint32_t)(t.\(p.name) >> 32) & \(mask(p))) != e[\(offset + 1)]")
            default:
                for w in 0..<p.words { terms.append("(t.\(p.name).data()[\(w)]\(w == p.words - 1 ? " & " + mask(p) : "")) != e[\(offset + w)]") }
            }
            check.append("if (\(terms.joined(separator: " || "))) ++mismatches[\(k)];")
            offset += p.words
        }
        let nOut = export.outputPorts.count - 1
        let out = export.outputPorts[0].name

        return """
        // Generated by `symbolforge bench cosim` for design \(built.hash).
        // A plain Verilator testbench: the model's generated sources and this loop in one translation unit,
        // built with the bridge's flags and precompiled header and linked against its libsfverilated.a.
        #include <chrono>
        #include <cstdarg>
        #include <cstdint>
        #include <cstdio>
        #include <cstdlib>
        #include <ctime>
        #include <vector>

        \(files.map { "#include \"\($0)\"" }.joined(separator: "\n"))

        // The runtime was built with VL_PRINTF=sf_vl_printf and VL_USER_STOP/FATAL/FINISH, so a
        // program linking it supplies these.
        int sf_vl_printf(const char* format, ...) {
            va_list ap;
            va_start(ap, format);
            int n = std::vprintf(format, ap);
            va_end(ap);
            return n;
        }
        void vl_stop(const char* f, int l, const char*) { std::fprintf(stderr, "$stop at %s:%d\\n", f, l); std::exit(3); }
        void vl_fatal(const char* f, int l, const char*, const char* m) { std::fprintf(stderr, "$fatal at %s:%d: %s\\n", f, l, m); std::exit(3); }
        void vl_finish(const char* f, int l, const char*) { std::fprintf(stderr, "$finish at %s:%d\\n", f, l); std::exit(3); }

        static std::vector<uint32_t> load(const char* path, size_t words) {
            std::vector<uint32_t> v(words);
            FILE* f = std::fopen(path, "rb");
            if (!f || std::fread(v.data(), 4, words, f) != words) { std::fprintf(stderr, "cannot read %zu words from %s\\n", words, path); std::exit(2); }
            std::fclose(f);
            return v;
        }

        int main(int argc, char** argv) {
            const char* dir = argc > 1 ? argv[1] : ".";
            const uint64_t kCycles = \(export.totalCycles), kVectors = \(export.vectors);
            const uint64_t kInWords = \(export.inWords), kOutWords = \(export.outDataWords);
            const uint64_t kReset = \(export.resetCycles);
            std::string d(dir);
            std::vector<uint32_t> in = load((d + "/inputs.bin").c_str(), kCycles * kInWords);
            std::vector<uint32_t> expected = load((d + "/expected.bin").c_str(), kVectors * kOutWords);

            VerilatedContext context;
            \(prefix)* top = new \(prefix)(&context, "TOP");
            \(prefix)& t = *top;
            uint64_t mismatches[\(max(nOut, 1))] = {0};
            uint64_t received = 0, spurious = 0, latencyChanges = 0;
            int64_t latency = -1;

            timespec cpu0, cpu1;
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu0);
            auto start = std::chrono::steady_clock::now();
            for (uint64_t c = 0; c < kCycles; ++c) {
                const uint32_t* i = in.data() + c * kInWords;
        \(drive.map { "        " + $0 }.joined(separator: "\n"))
                t.\(built.clock) = 0;
                t.eval();
                t.\(built.clock) = 1;
                t.eval();
                if (!(t.\(out) & 1)) continue;
                if (received >= kVectors) { ++spurious; continue; }
                int64_t lat = int64_t(c) - int64_t(kReset + received) + 1;
                if (latency < 0) latency = lat; else if (lat != latency) ++latencyChanges;
                const uint32_t* e = expected.data() + received * kOutWords;
        \(check.map { "        " + $0 }.joined(separator: "\n"))
                ++received;
            }
            double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu1);
            double cpuSeconds = double(cpu1.tv_sec - cpu0.tv_sec) + 1e-9 * double(cpu1.tv_nsec - cpu0.tv_nsec);

            uint64_t total = 0;
            for (int k = 0; k < \(nOut); ++k) total += mismatches[k];
            std::printf("cycles %llu seconds %.9f cpu_seconds %.9f received %llu mismatches %llu latency %lld spurious %llu latency_changes %llu\\n",
                        (unsigned long long)kCycles, seconds, cpuSeconds, (unsigned long long)received, (unsigned long long)total,
                        (long long)latency, (unsigned long long)spurious, (unsigned long long)latencyChanges);
            top->final();
            delete top;
            return 0;
        }

        """
    }

    /// Compiles harness.cpp with the bridge's flags, precompiled header and runtime.
    func compile() throws {
        try writeAtomically(Data(try text().utf8), to: source.path)
        let obj = URL(fileURLWithPath: built.directory).appendingPathComponent("obj")
        let args = Self.compileFlags(toolchain.verilatorRoot) + [
            "-Winvalid-pch", "-include", runtime.appendingPathComponent("sf_pch.h").path,
            "-I" + obj.path, source.path, "-o", binary.path,
            runtime.appendingPathComponent("libsfverilated.a").path, "-latomic",
        ]
        let r = try execute(toolchain.compilerPath, args)
        guard r.status == 0 else { throw CLIError("compiling \(source.path) failed:\n\(r.output)") }
    }

    /// Runs the binary once on the exported files and parses its report line.
    func run() throws -> Outcome {
        let r = try execute(binary.path, [directory.path])
        guard r.status == 0 else { throw CLIError("\(binary.path) exited with \(r.status):\n\(r.output)") }
        var fields: [String: String] = [:]
        let words = r.output.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        var k = 0
        while k + 1 < words.count { fields[words[k]] = words[k + 1]; k += 2 }
        guard let cycles = fields["cycles"].flatMap(Int.init), let seconds = fields["seconds"].flatMap(Double.init),
              let cpuSeconds = fields["cpu_seconds"].flatMap(Double.init),
              let received = fields["received"].flatMap(Int.init), let mismatches = fields["mismatches"].flatMap(Int.init),
              let latency = fields["latency"].flatMap(Int.init), fields["spurious"] == "0", fields["latency_changes"] == "0"
        else { throw CLIError("unexpected output from \(binary.path): \(r.output)") }
        return Outcome(cycles: cycles, seconds: seconds, cpuSeconds: cpuSeconds, received: received, mismatches: mismatches, latency: latency)
    }
}

/// CPU time of the calling thread: unlike wall time, it does not grow while other jobs hold the cores.
func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Runs a program to completion and returns its exit status and combined output.
func execute(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("symbolforge-bench-\(getpid())-\(UUID().uuidString).log")
    guard FileManager.default.createFile(atPath: log.path, contents: nil) else { throw CLIError("cannot create \(log.path)") }
    defer { try? FileManager.default.removeItem(at: log) }
    // A file rather than a pipe: compiler output cannot fill a pipe and stall the child.
    let handle = try FileHandle(forWritingTo: log)
    p.standardOutput = handle
    p.standardError = handle
    p.standardInput = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    try? handle.close()
    let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    return (p.terminationStatus, output)
}
