import Foundation
import Reporting
import Testbench

/// The report page (index.html with summary.md, junit.xml and results.json) at the end of any command.
public enum ReportPageJob {
    /// Writes the page of `doc` into `dir`, all files or none; failing `checks` (a regression) go to the top.
    @discardableResult
    public static func write(_ doc: ReportDocument, checks: [Check] = [], to dir: String, suite: String = "symbolforge") throws -> URL {
        let url = try Files.prepareDirectory(dir)
        try ReportPage.write(ReportPage.Model(document: doc, checks: checks), results: try ResultsFile.encoder().encode(doc),
                             to: url.path, suite: suite, extraChecks: checks)
        return url
    }

    /// The page of one `cosim` run.
    @discardableResult
    public static func write(cosim r: CosimJob.Result, to dir: String) throws -> URL {
        var design = DesignReport(cosim: r.result)
        if let s = r.synthesis { design.attach(s) }
        let context = RunContext(title: "SymbolForge co-simulation: \(r.result.design)", description: [
            "\(r.result.vectors) vectors (\(r.result.edgeCaseVectors) edge cases, \(r.result.stimulus)), precision \(r.result.precision).",
        ])
        return try write(ReportDocument(designs: [design], tools: r.tools, context: context), to: dir, suite: "symbolforge.cosim")
    }

    /// `symbolforge report`: the designs of every results file on one page, compared with `baseline` when given.
    /// Every file is read and checked before anything is written; a design name in two files is an error.
    public static func report(_ files: [String], baseline: String?, rules: RegressionRules = RegressionRules(), out: String) throws -> (document: ReportDocument, checks: [Check], outDir: URL) {
        guard !files.isEmpty else { throw FlowError("give one or more results files (results.json of run, regress or merge, or cosim --json)") }
        let docs = try files.map { ($0, try ResultsFile.load($0)) }
        var seen: [String: String] = [:]
        var doc = ReportDocument(designs: [], tools: [:])
        for (file, d) in docs {
            for design in d.designs {
                if let other = seen[design.name] { throw FlowError("\(file): design \(design.name) is also in \(other); give each design once") }
                seen[design.name] = file
                doc.designs.append(design)
            }
            doc.tools.merge(d.tools) { a, _ in a }
            if doc.context == nil { doc.context = d.context }
            if doc.run == nil { doc.run = d.run }
        }
        var checks: [Check] = []
        if let baseline {
            let (baselines, baselineFiles) = try BaselineStore(directory: baseline).load()
            checks = Regression(rules: rules).compare(current: doc.designs, baselines: baselines, baselineFiles: baselineFiles)
        }
        let dir = try write(doc, checks: checks, to: out)
        return (doc, checks, dir)
    }
}
