import ArgumentParser
import Foundation
import Reporting

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write report.html, summary.md and junit.xml from a results file (cosim, regress or merge output).")

    @Argument(help: "A results file: symbolforge.results/1 (cosim --json) or symbolforge.report/1 (regress, merge).")
    var results: String

    @Option(help: "Output directory.")
    var out: String = "Reports/out/report"

    @Option(help: "Compare with these baselines and include the checks.")
    var baseline: String?

    func run() throws {
        try reportingErrors {
            let doc = try ResultsFile.load(results)
            var checks = JUnit.checks(for: doc)
            if let baseline {
                let (baselines, files) = try BaselineStore(directory: baseline).load()
                checks = Regression().compare(current: doc.designs, baselines: baselines, baselineFiles: files)
            }
            let outDir = try prepareDirectory(out)
            try writeOutputs(doc, checks: checks, outDir: outDir, junit: nil)
            print(MarkdownSummary.text(doc, checks: baseline == nil ? nil : checks))
            print("wrote report.html, summary.md, junit.xml and results.json to \(outDir.path)")
        }
    }
}
