import ArgumentParser
import Flows
import Foundation
import Reporting

/// Options `sweep` and `front` share: where to write, which shard, and how to synthesize.
struct ExplorationOptions: ParsableArguments {
    @Option(help: "Directory for index.html, front.json, front.md, results.json, summary.md and junit.xml (written only when a point builds).")
    var out: String

    @Option(help: "Build only shard K of N of the points (e.g. 2/4); combine the shards' results.json with `symbolforge merge`.")
    var shard: String?

    @Flag(help: "Skip synthesis (co-simulation only: latency in cycles, no LUT, DSP or Fmax).")
    var noSynth = false

    @Flag(help: "Count resources only (Yosys, xc7); skip place and route, so latency is in cycles.")
    var noTiming = false

    @Option(name: .customLong("family"), help: "Family to place and route on (ecp5, ice40, ecp5-85k; repeatable).")
    var families: [String] = ["ecp5-85k"]

    @Option(help: "Router seeds per family (Fmax is their median).")
    var seeds: Int = 1

    @Option(name: .customLong("route-time-limit"), help: "Seconds one place-and-route run may take; a point that routes longer keeps its resources and shows Fmax as not measured.")
    var routeTimeLimit: Double = 120

    @Option(name: .customLong("dsp-budget"), help: "DSP slices each point may spend on constant multiplies instead of shift-and-add chains (default: sweep, the plan's; front, 0).")
    var dspBudget: Int?

    /// The DSP budget, checked.
    func checkedDSPBudget() throws -> Int? {
        try checkDSPBudget(dspBudget)
        return dspBudget
    }

    func shardSpec() throws -> Shard? {
        try shard.map { try Shard(parsing: $0) }
    }

    func synthesis() throws -> SynthesisOptions? {
        guard !noSynth else { return nil }
        var s = try SynthesisOptions(familyNames: families, seeds: seeds, timing: !noTiming, keep: nil)
        s.routerTimeLimit = routeTimeLimit
        return s
    }

    /// Prints the front and the files written.
    func report(_ r: ExplorationJob.Result) {
        let f = r.front
        print("\n\(f.front.count) of \(f.points.count) point(s) on the Pareto front (\(f.quality.label) against \(f.costs.joined(separator: ", "))):")
        for e in f.front {
            let p = e.point
            var line = "  \(e.name): \(p.quality.rawValue) \(String(format: "%.4g", p.value))"
            if let rel = p.relativeToReference { line += String(format: " (%.3f × reference)", rel) }
            line += ", complexity \(p.complexity), \(e.latencyCycles) cycles"
            if let ns = e.latencyNs { line += String(format: " = %.1f ns", ns) }
            line += ", LUT \(e.lut.map(String.init) ?? "not measured"), DSP \(e.dsp.map(String.init) ?? "not measured")"
            print(line)
        }
        if !f.failed.isEmpty { print("\(f.failed.count) point(s) did not build: \(f.failed.keys.sorted().joined(separator: ", "))") }
        print("wrote \(r.files.joined(separator: ", "))")
    }
}

/// A comma-separated list option ("0.01,0.05").
func listOption<T>(_ text: String?, _ name: String, _ parse: (String) -> T?) throws -> [T] {
    guard let text else { return [] }
    return try text.split(separator: ",").map { part in
        let s = part.trimmingCharacters(in: .whitespaces)
        guard let v = parse(s) else { throw CLIError("\(name) '\(s)' is not valid; give a comma-separated list, e.g. \(name) 0.01,0.05") }
        return v
    }
}
