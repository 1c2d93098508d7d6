import Datapath
import Foundation
import Support
import VerilogBackend

/// Resources and timing of an emitted design: Yosys for Xilinx cell counts, nextpnr for Fmax.
///
/// Resources are counted on the bare design so they compare with other flows. Timing is measured on
/// the design inside `TimingWrapper`, which feeds every input from a shift register and captures every
/// output into one, so the router sees register-to-register paths through all of the logic instead of
/// pad-to-register paths whose delay depends on where the pins happen to be.
public struct Synthesizer: Sendable {
    public var tools: SynthesisTools
    /// Families to place and route on; empty skips timing.
    public var families: [FPGAFamily] = FPGAFamily.defaults
    /// Router seeds; the reported Fmax is their median.
    public var seeds: [UInt64] = [1, 2, 3]
    /// Keep the work files here instead of a temporary directory that is removed afterwards.
    public var workDirectory: URL?
    /// Seconds one router run may take (nil: no limit); a congested design can route for hours, and a run
    /// over the limit fails with a timeout instead.
    public var routerTimeLimit: Double?

    public init(tools: SynthesisTools = .discover()) { self.tools = tools }

    /// Synthesizes `design` (emitted from `datapath`) and places and routes it on every family.
    public func run(_ design: EmittedDesign, datapath: Datapath, name: String) throws -> SynthesisResult {
        try run(design, datapath: datapath, name: name, keepingResources: false).result
    }

    /// Like `run`, but a family whose place and route fails (a design that does not fit, a router over its
    /// time limit) is left out of `timing` and its error returned, instead of losing the resources counted.
    public func runKeepingResources(_ design: EmittedDesign, datapath: Datapath, name: String) throws -> (result: SynthesisResult, timingFailures: [Error]) {
        try run(design, datapath: datapath, name: name, keepingResources: true)
    }

    func run(_ design: EmittedDesign, datapath: Datapath, name: String, keepingResources: Bool) throws -> (result: SynthesisResult, timingFailures: [Error]) {
        let yosys = try tools.requireYosys()
        // Find every router before spending minutes on the first one.
        let routers = try families.map { ($0, try tools.requireRouter($0)) }
        guard families.isEmpty || !seeds.isEmpty else { throw SynthesisError.badOption("timing needs at least one seed") }

        let dir = try workDirectory ?? makeTemporaryDirectory()
        defer { if workDirectory == nil { try? FileManager.default.removeItem(at: dir) } }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for f in design.files {
            try Data(f.text.utf8).write(to: dir.appendingPathComponent(f.name))
        }
        let sources = design.files.map(\.name)
        let resources = try xilinxResources(yosys: yosys, sources: sources, top: design.top, in: dir)

        var timing: [TimingResult] = []
        var failures: [Error] = []
        if !routers.isEmpty {
            let wrapper = TimingWrapper(datapath: datapath, top: design.top)
            try Data(wrapper.text.utf8).write(to: dir.appendingPathComponent(TimingWrapper.fileName))
            for (family, router) in routers {
                do {
                    timing.append(try place(family, yosys: yosys, router: router, sources: sources + [TimingWrapper.fileName],
                                            latency: design.latency, in: dir))
                } catch where keepingResources {
                    failures.append(error)
                }
            }
        }
        var versions = tools.versions()
        if !families.contains(where: { $0 == .ecp5 || $0 == .ecp5_85k }) { versions["nextpnr-ecp5"] = nil }
        if !families.contains(.ice40) { versions["nextpnr-ice40"] = nil }
        return (SynthesisResult(design: name, top: design.top, resources: resources, timing: timing, tools: versions), failures)
    }

    func makeTemporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("symbolforge-synth-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// `synth_xilinx -family xc7` cell counts and logic depth of the bare design.
    func xilinxResources(yosys: String, sources: [String], top: String, in dir: URL) throws -> XilinxResources {
        let script = """
            read_verilog \(sources.joined(separator: " "))
            synth_xilinx -family xc7 -flatten -noiopad -noclkbuf -top \(top)
            tee -q -o xc7_stat.json stat -json
            tee -q -o xc7_ltp.txt ltp -noff
            """
        try Data(script.utf8).write(to: dir.appendingPathComponent("xc7.ys"))
        try runChecked(yosys, ["-q", "-s", "xc7.ys"], tool: "yosys (synth_xilinx)", log: "xc7.log", in: dir)
        let stat = try read(dir.appendingPathComponent("xc7_stat.json"), tool: "yosys")
        let ltpFile = dir.appendingPathComponent("xc7_ltp.txt")
        let ltp = String(decoding: try read(ltpFile, tool: "yosys"), as: UTF8.self)
        return XilinxResources(cells: try Self.cellCounts(statJSON: stat, top: top), logicLevels: try Self.longestPath(ltp, file: ltpFile.path))
    }

    /// Synthesizes the wrapped design for `family` and routes it once per seed.
    func place(_ family: FPGAFamily, yosys: String, router: String, sources: [String], latency: Int, in dir: URL) throws -> TimingResult {
        // Both ECP5 sizes read the same netlist; the name keeps their files apart all the same.
        let netlist = "\(family.rawValue).json"
        let script = """
            read_verilog \(sources.joined(separator: " "))
            \(family.yosysCommand) -top \(TimingWrapper.module) -json \(netlist)
            """
        try Data(script.utf8).write(to: dir.appendingPathComponent("\(family.rawValue).ys"))
        try runChecked(yosys, ["-q", "-s", "\(family.rawValue).ys"], tool: "yosys (\(family.yosysCommand))", log: "\(family.rawValue)_yosys.log", in: dir)
        let toolName = URL(fileURLWithPath: router).lastPathComponent
        // Seeds are independent runs of a single-threaded router: run them side by side.
        let outcomes = SeedResults(count: seeds.count)
        let seeds = self.seeds
        DispatchQueue.concurrentPerform(iterations: seeds.count) { i in
            let seed = seeds[i]
            let report = "\(family.rawValue)_seed\(seed).json"
            outcomes.set(i, Result {
                try runChecked(router, family.routerArguments + ["--json", netlist, "--seed", "\(seed)", "--timing-allow-fail", "--report", report],
                               tool: toolName, log: "\(family.rawValue)_seed\(seed).log", in: dir, timeout: routerTimeLimit)
                return try Self.parseRouterReport(try read(dir.appendingPathComponent(report), tool: toolName), file: report, tool: toolName)
            })
        }
        var fmax: [Double] = []
        var utilization: [String: Int] = [:]
        for r in outcomes.all() {
            let parsed = try r.get()
            fmax.append(parsed.fmaxMhz)
            utilization = parsed.utilization
        }
        return TimingResult(family: family, device: family.device, tool: toolName, seeds: seeds, fmaxMhzPerSeed: fmax,
                            latencyCycles: latency, utilization: utilization)
    }

    func runChecked(_ tool: String, _ args: [String], tool name: String, log: String, in dir: URL, timeout: Double? = nil) throws {
        let logURL = dir.appendingPathComponent(log)
        let r = try ProcessRunner.run(tool, args, .init(directory: dir, timeout: timeout, mergeStderr: true, log: logURL))
        guard r.status == 0 else {
            throw SynthesisError.toolFailed(tool: name, status: r.status, log: ToolRunner.tail(r.stdout), logFile: logURL.path)
        }
    }

    func read(_ url: URL, tool: String) throws -> Data {
        do { return try Data(contentsOf: url) } catch {
            throw SynthesisError.unreadableOutput(tool: tool, file: url.path, problem: "it was not written")
        }
    }

    /// Cell counts of `top` from `stat -json`.
    public static func cellCounts(statJSON: Data, top: String) throws(SynthesisError) -> [String: Int] {
        struct Stat: Decodable {
            struct Module: Decodable { var num_cells_by_type: [String: Int]? }
            var modules: [String: Module]?
            var design: Module?
        }
        let stat: Stat
        do { stat = try JSONDecoder().decode(Stat.self, from: statJSON) } catch {
            throw .unreadableOutput(tool: "yosys", file: "stat -json", problem: "\(error)")
        }
        // After flattening the top holds every cell; the design total is the fallback for hierarchical runs.
        if let m = stat.modules?["\\" + top] ?? stat.modules?[top], let cells = m.num_cells_by_type { return cells }
        if let cells = stat.design?.num_cells_by_type { return cells }
        throw .unreadableOutput(tool: "yosys", file: "stat -json", problem: "no cell counts for module \(top)")
    }

    /// The length in `Longest topological path in M (length=N):`, 0 when absent.
    /// The logic depth from Yosys `ltp` output. A depth that cannot be read is an error, never 0: a 0
    /// would make "must not grow" pass whatever the design did.
    public static func longestPath(_ ltpOutput: String, file: String = "ltp output") throws(SynthesisError) -> Int {
        guard let r = ltpOutput.range(of: "(length="), let n = Int(ltpOutput[r.upperBound...].prefix { $0.isNumber }) else {
            throw .unreadableOutput(tool: "yosys ltp", file: file, problem: "no \"Longest topological path ... (length=N)\" line")
        }
        return n
    }

    /// Fmax (slowest clock) and used cells from a nextpnr `--report` file.
    public static func parseRouterReport(_ data: Data, file: String, tool: String) throws(SynthesisError) -> (fmaxMhz: Double, utilization: [String: Int]) {
        struct Report: Decodable {
            struct Clock: Decodable { var achieved: Double }
            struct Use: Decodable { var used: Int }
            var fmax: [String: Clock]?
            var utilization: [String: Use]?
        }
        let report: Report
        do { report = try JSONDecoder().decode(Report.self, from: data) } catch {
            throw .unreadableOutput(tool: tool, file: file, problem: "\(error)")
        }
        guard let fmax = report.fmax?.values.map(\.achieved).min() else {
            throw .unreadableOutput(tool: tool, file: file, problem: "no clock frequency in the report (no register-to-register path?)")
        }
        let used = (report.utilization ?? [:]).filter { $0.value.used > 0 }.mapValues(\.used)
        return (fmax, used)
    }
}

/// Results of parallel router runs, filled in from several threads.
final class SeedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<(fmaxMhz: Double, utilization: [String: Int]), Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ r: Result<(fmaxMhz: Double, utilization: [String: Int]), Error>) {
        lock.lock()
        results[i] = r
        lock.unlock()
    }

    func all() -> [Result<(fmaxMhz: Double, utilization: [String: Int]), Error>] {
        lock.lock()
        defer { lock.unlock() }
        return results.map { $0! }
    }
}
