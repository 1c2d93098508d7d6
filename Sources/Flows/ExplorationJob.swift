import Datapath
import Foundation
import Reporting
import Support
import Verilator

/// The shared part of `sweep` and `front`: a list of points, each built bit-exact and synthesized
/// (`ExplorationPointBuilder`), then their Pareto front written as JSON, Markdown and the report page.
///
/// A shard builds every N-th point by name; its results merge with `symbolforge merge` like `regress`
/// shards, and the run recipe (formulas, data, axes, synthesis) keeps shards of different runs apart.
public enum ExplorationJob {
    public struct Options {
        /// "sweep" or "front".
        public var kind: String
        public var out: String
        public var shard: Shard?
        /// nil: co-simulation only (no resources or Fmax).
        public var synthesis: SynthesisOptions?
        /// The page's title and lines under it.
        public var title: String
        public var description: [String] = []
        public var notes: [String] = []
        /// The candidates are already this shard's (the caller selected them with `shard`).
        public var preselected = false
        /// What every shard of the run shares (hash of the inputs and the axes).
        public var run: RunRecipe

        public init(kind: String, out: String, shard: Shard?, synthesis: SynthesisOptions?, title: String, run: RunRecipe) {
            self.kind = kind
            self.out = out
            self.shard = shard
            self.synthesis = synthesis
            self.title = title
            self.run = run
        }
    }

    public struct Result {
        public var document: ReportDocument
        public var front: ParetoFront
        public var outDir: URL
        /// Every file written.
        public var files: [String]
    }

    /// Builds this shard's points and writes results.json, front.json, front.md and index.html into `out`.
    /// Nothing is written when no point builds.
    ///
    /// `candidates` may already be this shard's only (`front` trains only its own models): then the points
    /// that failed before they were candidates are in `failedEarly`.
    public static func run(_ candidates: [ExplorationCandidate], data: ExplorationData, inputCount: Int, options o: Options,
                           toolchain: VerilatorToolchain, failedEarly: [String: String] = [:], log: (String) -> Void) throws -> Result {
        var byName: [String: ExplorationCandidate] = [:]
        for c in candidates {
            guard byName[c.name] == nil else { throw FlowError("two \(o.kind) points are both named \(c.name)") }
            byName[c.name] = c
        }
        let all = Array(byName.keys) + failedEarly.keys
        guard !all.isEmpty else { throw FlowError("the \(o.kind) has no point to build") }
        let selected = o.preselected ? all.sorted() : (o.shard?.select(all) ?? all.sorted())
        let mine = selected.filter { byName[$0] != nil }
        guard !mine.isEmpty || !failedEarly.isEmpty else {
            throw FlowError("shard \(o.shard!) holds no point: the \(o.kind) has \(all.count) point(s); use at most \(all.count) shards")
        }
        let synthesizer = try o.synthesis?.synthesizer()
        var warnings: [String] = []
        let builder = ExplorationPointBuilder(data: data, inputCount: inputCount, toolchain: toolchain, synthesizer: synthesizer)
        log("\(o.kind): \(mine.count) point(s)\(o.shard.map { " in shard \($0)" } ?? "") on \(data.description)")
        var reports: [DesignReport] = []
        var failed = failedEarly
        var tools: [String: String] = [:]
        for name in mine {
            let started = Date()
            do {
                let (report, t, warning) = try builder.build(byName[name]!)
                if let warning { log("  \(name): \(warning)"); warnings.append("\(name): \(warning)") }
                reports.append(report)
                tools.merge(t) { a, _ in a }
                let p = report.exploration!
                log("  \(name): \(p.quality.rawValue) \(String(format: "%.4g", p.value)), \(report.latencyCycles) cycles\(report.resources.map { ", \($0.lut) LUT, \($0.dsp48e1) DSP" } ?? ""), \(report.totalMismatches) mismatches (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
            } catch {
                let reason = "\(error)"
                failed[name] = reason
                log("  \(name): FAILED: \(reason)")
            }
        }
        guard !reports.isEmpty else {
            let why = failed.sorted { $0.key < $1.key }.prefix(3).map { "\($0.key): \($0.value.split(separator: "\n").first ?? "")" }.joined(separator: "; ")
            throw FlowError("no point of the \(o.kind) built, so there is no front (nothing was written): \(why)")
        }
        var context = RunContext(title: o.title, description: o.description)
        if let r = data.referenceAccuracy { context.reference = ReferenceModel(name: data.referenceName ?? "reference network", accuracy: r) }
        let doc = ReportDocument(designs: reports.sorted { $0.name < $1.name }, tools: tools, shard: o.shard?.description, run: o.run, context: context,
                                 failedPoints: failed.isEmpty ? nil : failed)
        let front = ParetoFront(designs: doc.designs, failed: failed)
        let files = try ExplorationOutputs.write(doc, front: front, notes: o.notes + warnings, to: o.out)
        return Result(document: doc, front: front, outDir: URL(fileURLWithPath: o.out), files: files)
    }
}
