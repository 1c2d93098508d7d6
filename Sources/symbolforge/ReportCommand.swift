import ArgumentParser
import Flows
import Foundation
import Reporting

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the report page (index.html), summary.md, junit.xml and results.json from results files (run, cosim, regress or merge output).")

    @Argument(help: "Results files: symbolforge.results/2 (cosim --json) or symbolforge.report/2 (run, regress, merge), or their version 1; their designs are shown together.")
    var results: [String]

    @Option(help: "Output directory.")
    var out: String = "Reports/out/report"

    @Option(help: "Compare with these baselines and list failing checks at the top of the page.")
    var baseline: String?

    func run() throws {
        try reportingErrors {
            let r = try ReportPageJob.report(results, baseline: baseline, out: out)
            print(ReportPage.markdown(ReportPage.Model(document: r.document, checks: r.checks)))
            print("wrote index.html, summary.md, junit.xml and results.json to \(r.outDir.path)")
        }
    }
}
