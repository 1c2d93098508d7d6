import ArgumentParser
import Datapath
import FixedPoint
import Flows
import Foundation
import Reporting
import Verilator

struct Regress: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "CI hardware regression: rebuild and re-simulate every bundled design and compare with the baselines.",
        discussion: """
            Every DESIGNS/*.txt formula file is a design. Each is lowered, emitted, co-simulated bit for bit
            (CosimFlow), synthesized (Yosys, xc7) and placed and routed (nextpnr), then compared with
            BASELINE/<design>.json: mismatches must stay 0, latency and every integer resource count must not
            grow, errors and accuracy may move only within their tolerances, Fmax within --fmax-tolerance.
            Only a complete, passing measurement of the same recipe replaces a baseline; a baseline is removed
            only with --remove-baseline NAME. Exit status 0: no regression; 1: a regression, a failed build or
            a refused update. See docs/regression.md.
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

    @Flag(help: "Rewrite the baselines of this run's designs with its results (only a complete, passing measurement of the same recipe replaces a baseline).")
    var updateBaseline = false

    @Option(name: .customLong("remove-baseline"), help: "With --update-baseline: delete this design's baseline (a removed design), or record it afresh with a new recipe or fewer measurements (repeatable).")
    var removeBaseline: [String] = []

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
            let format = try FixedFormat(parsing: precision)
            var o = RegressionJob.Options(
                designs: designs, baseline: baseline, out: out, vectors: vectors, seed: seed, precision: precision,
                design: DesignOptions(plan: .uniform(format), clockNs: clockNs),
                synthesis: noSynth ? nil : try SynthesisOptions(familyNames: families, seeds: seeds, timing: !noTiming, keep: nil),
                rules: try RegressionRules(validatingMaxAccuracyDrop: maxAccuracyDrop, maxErrorGrowth: maxErrorGrowth, fmaxTolerance: fmaxTolerance))
            (o.junit, o.shard, o.updateBaseline, o.removeBaseline) = (junit, try shard.map { try Shard(parsing: $0) }, updateBaseline, removeBaseline)
            if let report { try Files.prepareDirectory(report) }
            let r = try RegressionJob.run(o, toolchain: try VerilatorToolchain(), log: say)
            if let report { print("wrote the report page \(try ReportPageJob.write(r.document, checks: r.checks, to: report).path)/index.html") }
            print("")
            print(Regression.table(r.checks))
            if let refused = r.updateRefused {
                FileHandle.standardError.write(Data("error: \(refused)\n".utf8))
                throw ExitCode(1)
            } else if let update = r.update {
                for (design, file) in update.remove.sorted(by: { $0.key < $1.key }) { print("removed the baseline of \(design) (\(file))") }
                print("updated \(update.write.count) baseline(s) in \(baseline)")
            } else if r.failed {
                print("FAIL: hardware regression (results in \(r.outDir.path))")
                throw ExitCode(1)
            } else {
                print("PASS: no regression (results in \(r.outDir.path))")
            }
        }
    }
}
