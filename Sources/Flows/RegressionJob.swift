import Datapath
import FixedPoint
import Foundation
import Reporting
import Support
import Testbench
import Verilator

/// `symbolforge regress`: every design of a folder built, co-simulated and synthesized, compared with
/// its baseline, and (when asked) recorded as the new baseline.
public enum RegressionJob {
    public struct Options {
        /// Folder of designs, one `*.txt` formula file each.
        public var designs: String
        public var baseline: String
        public var out: String
        public var junit: String?
        public var shard: Shard?
        /// Record this run as the baselines (see `BaselineUpdate` for when that is refused).
        public var updateBaseline = false
        /// Designs whose baselines are removed (or recorded afresh) by the update.
        public var removeBaseline: [String] = []
        public var vectors: Int
        public var seed: UInt64
        /// The precision as written, for recipes.
        public var precision: String
        public var design: DesignOptions
        /// nil: co-simulation only.
        public var synthesis: SynthesisOptions?
        public var rules: RegressionRules

        public init(designs: String, baseline: String, out: String, vectors: Int, seed: UInt64, precision: String, design: DesignOptions,
                    synthesis: SynthesisOptions?, rules: RegressionRules) {
            self.designs = designs
            self.baseline = baseline
            self.out = out
            self.vectors = vectors
            self.seed = seed
            self.precision = precision
            self.design = design
            self.synthesis = synthesis
            self.rules = rules
        }
    }

    public struct Result {
        public var document: ReportDocument
        public var checks: [Check]
        public var outDir: URL
        /// The baseline update made, when asked for and allowed.
        public var update: BaselineUpdate?
        /// Why the asked-for update was refused (no file was changed).
        public var updateRefused: String?
        /// True when a check failed or the update was refused (an update run that recorded its baselines
        /// accepts changed metrics on purpose).
        public var failed: Bool { updateRefused != nil || (update == nil && Regression.failed(checks)) }
    }

    /// Runs the regression; `log` receives one line per design as it finishes.
    public static func run(_ o: Options, toolchain: VerilatorToolchain, log: (String) -> Void) throws -> Result {
        guard o.vectors >= 0 else { throw FlowError("--vectors must be zero or more") }
        // Refused before any design is built: the count per design is checked again with its input count.
        try Stimulus.checkCount(vectors: o.vectors, inputCount: 1)
        do { try DelayModel.checkClockPeriod(o.design.clockNs) } catch { throw FlowError(error.message) }
        guard o.removeBaseline.isEmpty || o.updateBaseline else { throw FlowError("--remove-baseline only takes effect with --update-baseline") }
        let sources = try designFiles(o.designs)
        let store = BaselineStore(directory: o.baseline)
        let (baselines, baselineFiles) = try store.load()
        let runRecipe = RunRecipe(designSet: try designSetHash(sources), precision: o.precision, clockNs: o.design.clockNs, vectors: o.vectors,
                                  seed: o.seed, synthesis: o.synthesis?.summary ?? "none")

        // Designs and stale baselines are sharded together, so each stale baseline is reported by exactly one job.
        let all = Array(Set(sources.keys).union(baselines.keys))
        let mine = Set(o.shard?.select(all) ?? all.sorted())
        let toBuild = sources.keys.filter { mine.contains($0) }.sorted()
        let outDir = try Files.prepareDirectory(o.out)
        if let junit = o.junit { try Files.prepareParent(of: junit) }
        let synth = try o.synthesis?.synthesizer()
        let builder = DesignBuilder(design: o.design, precision: o.precision, vectors: o.vectors, seed: o.seed, toolchain: toolchain, synthesizer: synth)

        log("regress: \(toBuild.count) design(s)\(o.shard.map { " in shard \($0)" } ?? "") from \(o.designs), baselines in \(o.baseline)")
        var reports: [DesignReport] = []
        var buildFailures: [Check] = []
        var tools = builder.toolVersions
        for name in toBuild {
            let start = Date()
            do {
                let (report, synthTools) = try builder.build(name: name, source: sources[name]!)
                reports.append(report)
                tools.merge(synthTools) { a, _ in a }
                log("  \(name): built in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
            } catch {
                log("  \(name): FAILED: \(error)")
                buildFailures.append(Check(design: name, kind: .build, metric: "build", baseline: nil, current: "failed", status: .fail, message: "\(error)"))
            }
        }

        let myBaselines = baselines.filter { mine.contains($0.key) }
        var checks = buildFailures + Regression(rules: o.rules).compare(current: reports, baselines: myBaselines, baselineFiles: baselineFiles)
        // A design that failed to build is already reported; it is not also "missing".
        let failedNames = Set(buildFailures.map(\.design))
        checks.removeAll { $0.kind == .designExists && failedNames.contains($0.design) }

        let doc = ReportDocument(designs: reports, tools: tools, shard: o.shard?.description, run: runRecipe)
        try ReportOutputs.write(doc, checks: checks, outDir: outDir, junit: o.junit)
        var update: BaselineUpdate? = nil
        var refused: String? = nil
        if o.updateBaseline {
            let relevant = baselineFiles.filter { mine.contains($0.key) || o.removeBaseline.contains($0.key) }
            do {
                let planned = try BaselineUpdate.plan(current: reports, checks: checks, baselineFiles: relevant, removing: o.removeBaseline)
                try store.apply(planned, tools: tools)
                update = planned
            } catch {
                refused = error.problem
            }
        }
        return Result(document: doc, checks: checks, outDir: outDir, update: update, updateRefused: refused)
    }

    /// The designs of a directory: every `*.txt` formula file, keyed by its sanitized base name.
    public static func designFiles(_ dir: String) throws(FlowError) -> [String: String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw FlowError("design directory \(dir) does not exist; pass --designs DIR (a folder of *.txt formula files)")
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
            throw FlowError("design directory \(dir) cannot be listed: \(error.localizedDescription)")
        }
        var out: [String: String] = [:]
        for n in names.sorted() where n.hasSuffix(".txt") {
            let path = URL(fileURLWithPath: dir).appendingPathComponent(n).path
            let name = FormulaInput.designName(String(n.dropLast(4)))
            if let other = out[name] { throw FlowError("\(path) and \(other) both give design name \(name); rename one") }
            out[name] = path
        }
        return out
    }

    /// SHA-256 over every design file and the labelled data beside it, so shards of runs on different
    /// formulas are told apart.
    public static func designSetHash(_ sources: [String: String]) throws(FlowError) -> String {
        var h = ContentHash()
        for (name, path) in sources.sorted(by: { $0.key < $1.key }) {
            for file in [path, String(path.dropLast(4)) + ".csv"] where FileManager.default.fileExists(atPath: file) {
                guard let data = FileManager.default.contents(atPath: file) else { throw FlowError("cannot read \(file)") }
                h.add(name, URL(fileURLWithPath: file).lastPathComponent)
                h.add(bytes: Array(data))
            }
        }
        return h.hex
    }
}

/// results.json, summary.md, report.html and junit.xml of a run, written whole.
public enum ReportOutputs {
    public static func write(_ doc: ReportDocument, checks: [Check], outDir: URL, junit: String?) throws {
        try ResultsFile.write(doc, to: outDir.appendingPathComponent("results.json").path)
        try Files.write(MarkdownSummary.text(doc, checks: checks), to: outDir.appendingPathComponent("summary.md").path)
        try Files.write(HTMLReport.html(doc, checks: checks), to: outDir.appendingPathComponent("report.html").path)
        let xml = JUnit.xml(checks, suite: "symbolforge")
        try Files.write(xml, to: outDir.appendingPathComponent("junit.xml").path)
        if let junit { try Files.write(xml, to: junit) }
        // Merged sweep or front shards: the front over every shard's points, and its page.
        if ExplorationOutputs.isExploration(doc) {
            _ = try ExplorationOutputs.write(doc, front: ParetoFront(designs: doc.designs, failed: doc.failedPoints ?? [:]), to: outDir.path)
        }
    }
}

/// `symbolforge merge` and `symbolforge report`: result files turned into one report, optionally
/// compared with baselines.
public enum ReportJob {
    public struct Result {
        public var document: ReportDocument
        public var checks: [Check]
        public var warnings: [String]
        public var outDir: URL
        public var failed: Bool { Regression.failed(checks) }
    }

    /// Merges the results of every shard of one run; every shard of a K/N set must be present.
    public static func merge(_ files: [String], baseline: String?, rules: RegressionRules, out: String, junit: String?) throws -> Result {
        guard !files.isEmpty else { throw FlowError("give the shard results files to merge") }
        let docs = try files.map { ($0, try ResultsFile.load($0)) }
        let shards = docs.compactMap { $0.1.shard }
        if let total = shards.first.flatMap({ Int($0.split(separator: "/").last ?? "") }) {
            let present = Set(shards.compactMap { Int($0.split(separator: "/").first ?? "") })
            let missing = (1...total).filter { !present.contains($0) }
            if !missing.isEmpty {
                throw FlowError("shard(s) \(missing.map { "\($0)/\(total)" }.joined(separator: ", ")) missing from the merge; every shard's results.json is needed")
            }
        }
        var (merged, warnings) = try Merge.merge(docs)
        if merged.context == nil { merged.context = docs.first?.1.context }
        for (name, why) in (merged.failedPoints ?? [:]).sorted(by: { $0.key < $1.key }) {
            warnings.append("point \(name) did not build: \(why.split(separator: "\n").first ?? "")")
        }
        return try report(merged, baseline: baseline, rules: rules, out: out, junit: junit, warnings: warnings)
    }

    /// Writes the report of one document, compared with `baseline` when given (else its absolute checks).
    public static func report(_ doc: ReportDocument, baseline: String?, rules: RegressionRules = RegressionRules(), out: String, junit: String?,
                              warnings: [String] = []) throws -> Result {
        var checks = JUnit.checks(for: doc)
        if let baseline {
            let (baselines, files) = try BaselineStore(directory: baseline).load()
            checks = Regression(rules: rules).compare(current: doc.designs, baselines: baselines, baselineFiles: files)
        }
        let outDir = try Files.prepareDirectory(out)
        if let junit { try Files.prepareParent(of: junit) }
        try ReportOutputs.write(doc, checks: checks, outDir: outDir, junit: junit)
        return Result(document: doc, checks: checks, warnings: warnings, outDir: outDir)
    }
}
