import ArgumentParser
import Datapath
import FixedPoint
import Foundation
import Reporting
import SymbolicExpression
import Synthesis
import Testbench
import Verilator

struct Regress: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "CI hardware regression: rebuild and re-simulate every bundled design and compare with the baselines.",
        discussion: """
            Every DESIGNS/*.txt formula file is a design. Each is lowered, emitted, co-simulated bit for bit
            (CosimFlow), synthesized (Yosys, xc7) and placed and routed (nextpnr), then compared with
            BASELINE/<design>.json: mismatches must stay 0, latency and every integer resource count must not
            grow, errors and accuracy may move only within their tolerances, Fmax within --fmax-tolerance.
            Exit status 0: no regression; 1: a regression or a failed build. See docs/regression.md.
            """)

    @Option(help: "Directory of designs (one formula file, *.txt, per design).")
    var designs: String = "Examples/regression"

    @Option(help: "Directory of baselines (<design>.json).")
    var baseline: String = "Reports/baseline"

    @Option(help: "Directory for results.json, summary.md and report.html.")
    var out: String = "Reports/out/regress"

    @Option(help: "Also write JUnit XML here (one test case per design and check).")
    var junit: String?

    @Option(help: "Also write the report page (index.html, summary.md, junit.xml, results.json) into this directory, failing checks at the top.")
    var report: String?

    @Option(help: "Run only shard K of N (e.g. 2/4); combine shard results with `symbolforge merge`.")
    var shard: String?

    @Flag(help: "Rewrite the baselines of this run's designs with its results (only if every design built and matched bit for bit).")
    var updateBaseline = false

    @Option(help: "Random vectors per design (standard normal), after the edge cases.")
    var vectors: Int = 2000

    @Option(help: "Seed of the random vectors.")
    var seed: UInt64 = 1

    @Option(help: "Fixed-point type of inputs, constants and outputs.")
    var precision: String = "ap_fixed<18,8>"

    @Option(name: .customLong("clock-ns"), help: "Target clock period used to place pipeline registers.")
    var clockNs: Double = 5.0

    @Option(help: "Router seeds per family (Fmax is their median).")
    var seeds: Int = 3

    @Option(name: .customLong("family"), help: "Family to place and route on (ecp5, ice40, ecp5-85k); repeat for several. Default: ecp5 and ice40.")
    var families: [String] = []

    @Flag(help: "Skip place and route (resources only).")
    var noTiming = false

    @Flag(help: "Skip synthesis altogether (co-simulation only).")
    var noSynth = false

    @Option(help: "Largest allowed drop of accuracy or AUC (absolute).")
    var maxAccuracyDrop: Double = 0.002

    @Option(help: "Largest allowed relative growth of a float-vs-fixed error.")
    var maxErrorGrowth: Double = 0.01

    @Option(help: "Largest allowed relative Fmax drop (and latency-in-ns growth).")
    var fmaxTolerance: Double = 0.10

    func run() throws {
        try reportingErrors {
            let shardSpec = try shard.map { try Shard(parsing: $0) }
            guard vectors >= 0 else { throw CLIError("--vectors must be zero or more") }
            let format = try FixedFormat(parsing: precision)
            let sources = try designFiles(designs)
            let store = BaselineStore(directory: baseline)
            let (baselines, baselineFiles) = try store.load()

            // Designs and stale baselines are sharded together, so each stale baseline is reported by exactly one job.
            let all = Array(Set(sources.keys).union(baselines.keys))
            let mine = Set(shardSpec?.select(all) ?? all.sorted())
            let toBuild = sources.keys.filter { mine.contains($0) }.sorted()
            let outDir = try prepareDirectory(out)
            if let junit { _ = try prepareDirectory(URL(fileURLWithPath: junit).deletingLastPathComponent().path) }
            if updateBaseline { _ = try prepareDirectory(baseline) }

            let synth = noSynth ? nil : try makeSynthesizer(families: families, seeds: seeds, noTiming: noTiming, keep: nil)
            if let synth {
                // Fail before the first build rather than after it.
                _ = try synth.tools.requireYosys()
                for f in synth.families { _ = try synth.tools.requireRouter(f) }
            }
            let builder = DesignBuilder(format: format, precision: precision, clockNs: clockNs, vectors: vectors, seed: seed,
                                        toolchain: try VerilatorToolchain(), synthesizer: synth)

            say("regress: \(toBuild.count) design(s)\(shardSpec.map { " in shard \($0)" } ?? "") from \(designs), baselines in \(baseline)")
            var reports: [DesignReport] = []
            var buildFailures: [Check] = []
            var tools = builder.toolVersions
            for name in toBuild {
                let start = Date()
                do {
                    let (report, synthTools) = try builder.build(name: name, source: sources[name]!)
                    reports.append(report)
                    tools.merge(synthTools) { a, _ in a }
                    say("  \(name): built in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
                } catch {
                    say("  \(name): FAILED: \(error)")
                    buildFailures.append(Check(design: name, metric: "build", baseline: nil, current: "failed", status: .fail, message: "\(error)"))
                }
            }

            let myBaselines = baselines.filter { mine.contains($0.key) }
            let rules = RegressionRules(maxAccuracyDrop: maxAccuracyDrop, maxErrorGrowth: maxErrorGrowth, fmaxTolerance: fmaxTolerance)
            var checks = buildFailures + Regression(rules: rules).compare(current: reports, baselines: myBaselines, baselineFiles: baselineFiles)
            // A design that failed to build is already reported; it is not also "missing".
            let failedNames = Set(buildFailures.map(\.design))
            checks.removeAll { $0.metric == "design exists" && failedNames.contains($0.design) }

            let doc = ReportDocument(designs: reports, tools: tools, shard: shardSpec?.description)
            try writeOutputs(doc, checks: checks, outDir: outDir, junit: junit)
            if let report { try writeReportPage(doc, checks: checks, to: report) }
            print("")
            print(Regression.table(checks))

            if updateBaseline {
                try updateBaselines(store: store, reports: reports, checks: checks, buildFailures: buildFailures, tools: tools,
                                    stale: myBaselines.keys.filter { sources[$0] == nil }.compactMap { baselineFiles[$0] })
                return
            }
            if Regression.failed(checks) {
                print("FAIL: hardware regression (results in \(outDir.path))")
                throw ExitCode(1)
            }
            print("PASS: no regression (results in \(outDir.path))")
        }
    }

    /// Rewrites baselines only after a clean run; a failed build or a mismatch leaves every baseline as it was.
    func updateBaselines(store: BaselineStore, reports: [DesignReport], checks: [Check], buildFailures: [Check], tools: [String: String], stale: [String]) throws {
        let absolute = checks.filter { $0.status == .fail && ["bit-exact mismatches", "latency = schedule", "build"].contains($0.metric) }
        guard absolute.isEmpty else {
            print("FAIL: baselines NOT updated: \(absolute.count) check(s) fail whatever the baseline says (build, bit-exactness, latency):")
            for c in absolute { print("  \(c.design): \(c.metric): \(c.message)") }
            throw ExitCode(1)
        }
        do { try store.write(reports, tools: tools) } catch { throw CLIError("baselines NOT updated: \(error)") }
        for file in stale {
            try? FileManager.default.removeItem(atPath: file)
            print("removed stale baseline \(file) (its design no longer exists)")
        }
        print("updated \(reports.count) baseline(s) in \(store.directory)")
    }
}

/// Prints and flushes, so a CI log shows each design as it finishes rather than all at the end.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// Writes results.json, summary.md, report.html and (if asked) JUnit for a run.
func writeOutputs(_ doc: ReportDocument, checks: [Check], outDir: URL, junit: String?) throws {
    try ResultsFile.write(doc, to: outDir.appendingPathComponent("results.json").path)
    try writeAtomically(Data(MarkdownSummary.text(doc, checks: checks).utf8), to: outDir.appendingPathComponent("summary.md").path)
    try writeAtomically(Data(HTMLReport.html(doc, checks: checks).utf8), to: outDir.appendingPathComponent("report.html").path)
    let xml = Data(JUnit.xml(checks, suite: "symbolforge").utf8)
    try writeAtomically(xml, to: outDir.appendingPathComponent("junit.xml").path)
    if let junit { try writeAtomically(xml, to: junit) }
}

/// The designs of a directory: every `*.txt` formula file, keyed by its sanitized base name.
func designFiles(_ dir: String) throws -> [String: String] {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
        throw CLIError("design directory \(dir) does not exist; pass --designs DIR (a folder of *.txt formula files)")
    }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
    var out: [String: String] = [:]
    for n in names.sorted() where n.hasSuffix(".txt") {
        let path = URL(fileURLWithPath: dir).appendingPathComponent(n).path
        let name = designName(String(n.dropLast(4)))
        if let other = out[name] { throw CLIError("\(path) and \(other) both give design name \(name); rename one") }
        out[name] = path
    }
    return out
}

/// The name `FormulaOptions` gives a formula file, so `cosim FILE` and `regress` agree.
func designName(_ base: String) -> String {
    var out = String(base.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    if let f = out.first, f.isNumber { out = "d_" + out }
    return out.isEmpty ? "expr" : out
}

/// Builds, co-simulates and synthesizes one design into a report entry; the library behind `regress`.
struct DesignBuilder {
    var format: FixedFormat
    var precision: String
    var clockNs: Double
    var vectors: Int
    var seed: UInt64
    var toolchain: VerilatorToolchain
    var synthesizer: Synthesizer?

    var flow: CosimFlow { CosimFlow(plan: .uniform(format), delays: DelayModel(clockPeriodNs: clockNs), toolchain: toolchain) }
    var toolVersions: [String: String] { flow.toolVersions }

    func build(name: String, source: String) throws -> (DesignReport, [String: String]) {
        let text: String
        do { text = try String(contentsOfFile: source, encoding: .utf8) } catch { throw CLIError("cannot read \(source): \(error.localizedDescription)") }
        let set = try FormulaSet.parse(text, file: source)
        let n = set.inputCount
        // A labelled data set beside the formulas replaces the random vectors, so the RTL is checked on
        // exactly the rows whose accuracy is reported.
        let dataFile = String(source.dropLast(4)) + ".csv"
        let labelled = FileManager.default.fileExists(atPath: dataFile) ? try readLabelled(dataFile, inputCount: n) : nil
        let stimulus: Stimulus
        if let labelled {
            stimulus = try Stimulus.rows(labelled.features, inputCount: n, format: format, source: dataFile)
        } else {
            stimulus = Stimulus.standardNormal(count: vectors, inputCount: n, seed: seed, format: format)
        }
        let outcome = try flow.run(set, name: name, inputCount: n, stimulus: stimulus, seed: labelled == nil ? seed : nil,
                                   stimulusLabel: labelled == nil ? "standard-normal" : "csv:\(dataFile)")
        let recipe = Recipe(source: labelled == nil ? source : "\(source) + \(dataFile)", precision: precision, clockNs: clockNs,
                            vectors: labelled?.labels.count ?? vectors, seed: labelled == nil ? seed : 0)
        var report = DesignReport(cosim: outcome.result, recipe: recipe)
        let detail = accuracyDetail(outcome.datapath, set, stimulus)
        report.errorHistograms = detail.histograms
        report.tableRangeViolations = detail.violations.isEmpty ? nil : detail.violations
        if let labelled {
            // The golden model's outputs are the RTL's: the scoreboard has just compared them on these rows.
            report.classification = ClassificationFigures.evaluate(
                classNames: outcome.datapath.outputs.count == 1 ? ["0", outcome.datapath.outputs[0].name] : outcome.datapath.outputs.map(\.name),
                floatScores: detail.float, rtlScores: detail.fixed, labels: labelled.labels)
        }
        var tools: [String: String] = [:]
        if let synthesizer {
            let s = try synthesizer.run(outcome.design, datapath: outcome.datapath, name: name)
            report.attach(s)
            tools = s.tools
        }
        return (report, tools)
    }

    /// Per-output fixed − float error histograms, table range violations, and the fixed and float output
    /// rows after the edge cases, from the golden model (which the co-simulation has just shown equal to the RTL).
    func accuracyDetail(_ d: Datapath, _ set: FormulaSet, _ stimulus: Stimulus) -> (histograms: [ErrorHistogram], violations: [Int], fixed: [[Double]], float: [[Double]]) {
        let golden = GoldenModel(d)
        let n = stimulus.count, nIn = d.inputs.count, nOut = d.outputs.count
        var raw = [Int128](repeating: 0, count: n * nIn)
        for r in 0..<n {
            for c in 0..<nIn { raw[r * nIn + c] = d.inputs[c].format.raw(fromDouble: stimulus.values[r * stimulus.inputCount + c]) }
        }
        let (fixedRaw, violations) = golden.evaluateBatchCountingTableRange(count: n, inputs: raw)
        let first = n > stimulus.edgeCaseCount ? stimulus.edgeCaseCount : 0
        var histograms: [ErrorHistogram] = []
        var fixedRows = [[Double]](repeating: [Double](repeating: 0, count: nOut), count: n - first)
        var floatRows = fixedRows
        for (k, o) in d.outputs.enumerated() {
            guard let f = set.formulas.first(where: { $0.name == o.name }) else { continue }
            let float = CompiledExpression(f.expr).evaluate(rows: n, columns: stimulus.inputCount, data: stimulus.values)
            let fmt = d.outputFormat(o)
            var errors: [Double] = []
            for r in first..<n {
                let fx = fmt.double(fromRaw: fixedRaw[r * nOut + k])
                fixedRows[r - first][k] = fx
                floatRows[r - first][k] = float[r]
                errors.append(fx - float[r])
            }
            histograms.append(ErrorHistogram(output: o.name, errors: errors))
        }
        return (histograms, violations, fixedRows, floatRows)
    }
}

/// Feature rows and integer labels (the last column) of a labelled CSV.
func readLabelled(_ path: String, inputCount n: Int) throws -> (features: [[Double]], labels: [Int]) {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CLIError("cannot read data file \(path)") }
    var rows: [[Double]] = []
    for (i, line) in text.split(separator: "\n").enumerated() {
        let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        if cells.allSatisfy(\.isEmpty) { continue }
        let values = cells.map { Double($0) }
        if values.contains(nil) {
            // The first line may be a header; anything else that is not a number is an error.
            if i == 0 { continue }
            throw CLIError("\(path):\(i + 1): '\(cells[values.firstIndex { $0 == nil }!])' is not a number")
        }
        rows.append(values.map { $0! })
    }
    guard !rows.isEmpty else { throw CLIError("\(path) holds no data rows") }
    var features: [[Double]] = [], labels: [Int] = []
    for (i, row) in rows.enumerated() {
        guard row.count == n + 1 else {
            throw CLIError("\(path): data row \(i + 1) has \(row.count) columns; expected \(n) inputs and a label")
        }
        guard let label = Int(exactly: row[n]), label >= 0 else {
            throw CLIError("\(path): data row \(i + 1): label \(row[n]) is not a class index (0, 1, 2, ...)")
        }
        features.append(Array(row.prefix(n)))
        labels.append(label)
    }
    return (features, labels)
}
