import ArgumentParser
import Flows
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
            let r = try ReportJob.report(try ResultsFile.load(results), baseline: baseline, out: out, junit: nil)
            print(MarkdownSummary.text(r.document, checks: baseline == nil ? nil : r.checks))
            print("wrote report.html, summary.md, junit.xml and results.json to \(r.outDir.path)")
        }
    }
}
