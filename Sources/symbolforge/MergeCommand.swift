import ArgumentParser
import Foundation
import Reporting

struct MergeResults: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the results.json of regression shards into one results file and report.",
        discussion: "With --baseline the merged designs are compared with the baselines again, so the combined JUnit, summary and exit status cover every shard and a baseline whose design no shard built is caught.")

    @Argument(help: "Shard results files (results.json of each `regress --shard K/N`).")
    var files: [String]

    @Option(help: "Directory for the merged results.json, summary.md, report.html and junit.xml.")
    var out: String = "Reports/out/merged"

    @Option(help: "Compare the merged designs with these baselines.")
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
            guard !files.isEmpty else { throw CLIError("give the shard results files to merge") }
            let docs = try files.map { ($0, try ResultsFile.load($0)) }
            // Every shard of a K/N run must be present, or designs would silently go unchecked.
            let shards = docs.compactMap { $0.1.shard }
            if let total = shards.first.flatMap({ Int($0.split(separator: "/").last ?? "") }) {
                let present = Set(shards.compactMap { Int($0.split(separator: "/").first ?? "") })
                let missing = (1...total).filter { !present.contains($0) }
                if !missing.isEmpty {
                    throw CLIError("shard(s) \(missing.map { "\($0)/\(total)" }.joined(separator: ", ")) missing from the merge; every shard's results.json is needed")
                }
            }
            let (merged, warnings) = try Merge.merge(docs)
            for w in warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            var checks = JUnit.checks(for: merged)
            if let baseline {
                let (baselines, files) = try BaselineStore(directory: baseline).load()
                let rules = RegressionRules(maxAccuracyDrop: maxAccuracyDrop, maxErrorGrowth: maxErrorGrowth, fmaxTolerance: fmaxTolerance)
                checks = Regression(rules: rules).compare(current: merged.designs, baselines: baselines, baselineFiles: files)
            }
            let outDir = try prepareDirectory(out)
            if let junit { _ = try prepareDirectory(URL(fileURLWithPath: junit).deletingLastPathComponent().path) }
            try writeOutputs(merged, checks: checks, outDir: outDir, junit: junit)
            print("merged \(files.count) file(s), \(merged.designs.count) design(s) into \(outDir.path)")
            print(Regression.table(checks))
            if Regression.failed(checks) { throw ExitCode(1) }
        }
    }
}
