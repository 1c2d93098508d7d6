import Foundation
import Reporting

/// The files of an exploration run or of merged exploration shards: the report page (index.html,
/// summary.md, junit.xml, results.json), front.json and front.md.
public enum ExplorationOutputs {
    /// Writes every file (each written whole); returns their paths.
    public static func write(_ doc: ReportDocument, front: ParetoFront, notes: [String] = [], to dir: String) throws -> [String] {
        var doc = doc
        if !notes.isEmpty { doc.context?.notes += notes }
        let url = try ReportPageJob.write(doc, to: dir, suite: "symbolforge.\(doc.designs.first?.exploration?.exploration ?? "front")")
        let frontJSON = url.appendingPathComponent("front.json").path
        let frontMD = url.appendingPathComponent("front.md").path
        try Files.write(try Files.json(front), to: frontJSON)
        try Files.write(ExplorationReport.markdown(front, title: doc.context?.title ?? "Pareto front"), to: frontMD)
        return ["index.html", "summary.md", "junit.xml", "results.json"].map { url.appendingPathComponent($0).path } + [frontJSON, frontMD]
    }

    /// True when the document holds sweep or front points.
    public static func isExploration(_ doc: ReportDocument) -> Bool {
        doc.designs.contains { $0.exploration != nil }
    }
}
