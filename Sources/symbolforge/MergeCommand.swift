import ArgumentParser
import Flows
import Foundation
import Reporting

struct MergeResults: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the results.json of regression shards into one results file and report.",
        discussion: "With --baseline the merged designs are compared with the baselines again, so the combined JUnit, summary and exit status cover every shard and a baseline whose design no shard built is caught. Shards of different runs (other formulas, precision, seed or synthesis) are refused.")

    @Argument(help: "Shard results files (results.json of each `regress --shard K/N`).")
    var files: [String]

    @Option(help: "Directory for the merged results.json, summary.md, report.html and junit.xml.")
    var out: String = "Reports/out/merged"

    @Option(help: "Compare the merged designs with these baselines (the directory must exist).")
    var baseline: String?

    @Option(help: "Also write the JUnit XML here.")
    var junit: String?

    @Option(help: "Largest allowed drop of accuracy or AUC (absolute).")
    var maxAccuracyDrop: Double = 0.002
    @Option(help: "Largest allowed relative growth of a float-vs-fixed error.")
    var maxErrorGrowth: Double = 0.01
    @Option(help: "Largest allowed relative Fmax drop.")
    var fmaxTolerance: Double = 0.10

    func run() throws {
        try reportingErrors {
            let rules = try RegressionRules(validatingMaxAccuracyDrop: maxAccuracyDrop, maxErrorGrowth: maxErrorGrowth, fmaxTolerance: fmaxTolerance)
            let r = try ReportJob.merge(files, baseline: baseline, rules: rules, out: out, junit: junit)
            for w in r.warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            print("merged \(files.count) file(s), \(r.document.designs.count) design(s) into \(r.outDir.path)")
            print(Regression.table(r.checks))
            if r.failed { throw ExitCode(1) }
        }
    }
}
