import ArgumentParser
import Foundation
import Reporting

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the report page (index.html), summary.md, junit.xml and results.json from results files (run, cosim, regress or merge output).")

    @Argument(help: "Results files: symbolforge.results/1 (cosim --json) or symbolforge.report/1 (run, regress, merge); their designs are shown together.")
    var results: [String]

    @Option(help: "Output directory.")
    var out: String = "Reports/out/report"

    @Option(help: "Compare with these baselines and list failing checks at the top of the page.")
    var baseline: String?

    func run() throws {
        try reportingErrors {
            guard !results.isEmpty else { throw CLIError("give one or more results files (results.json of run, cosim --json, regress or merge)") }
            // Every file is read and checked before anything is written.
            let docs = try results.map { ($0, try ResultsFile.load($0)) }
            var (doc, warnings) = try Merge.merge(docs)
            doc.designs = docs.flatMap { $0.1.designs }
            doc.context = docs.lazy.compactMap { $0.1.context }.first
            for w in warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            var checks: [Check] = []
            if let baseline {
                let (baselines, files) = try BaselineStore(directory: baseline).load()
                checks = Regression().compare(current: doc.designs, baselines: baselines, baselineFiles: files)
            }
            let outDir = try prepareDirectory(out)
            try ReportPage.write(ReportPage.Model(document: doc, checks: checks), results: try ResultsFile.encoder().encode(doc),
                                 to: outDir.path, extraChecks: checks)
            print(ReportPage.markdown(ReportPage.Model(document: doc, checks: checks)))
            print("wrote index.html, summary.md, junit.xml and results.json to \(outDir.path)")
        }
    }
}
