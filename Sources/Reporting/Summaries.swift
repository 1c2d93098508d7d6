import Foundation

/// The Markdown summary: short enough to read in a CI log, complete enough to paste into a review.
public enum MarkdownSummary {
    public static func text(_ doc: ReportDocument, checks: [Check]? = nil) -> String {
        var lines = ["# SymbolForge hardware report", ""]
        lines.append("| design | outputs | mismatches | latency (cycles) | II | mean \\|err\\| | max \\|err\\| | accuracy (float / RTL) | LUT | FF | DSP | BRAM18 | CARRY4 | Fmax ECP5 (MHz) | latency (ns) |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        for d in doc.designs {
            let r = d.resources
            let t = d.timing?.first { $0.family == .ecp5 } ?? d.timing?.first
            let acc = d.classification.map { "\(fmtAcc($0.accuracyFloat)) / \(fmtAcc($0.accuracyRtl))" } ?? "-"
            lines.append("| \(d.name) | \(d.cosim.outputs.count) | \(d.totalMismatches) | \(d.latencyCycles) | \(d.ii) | \(fmtErr(d.meanAbsError)) | \(fmtErr(d.maxAbsError)) | \(acc) | \(r.map { "\($0.lut)" } ?? "-") | \(r.map { "\($0.ff)" } ?? "-") | \(r.map { "\($0.dsp48e1)" } ?? "-") | \(r.map { "\($0.bram18)" } ?? "-") | \(r.map { "\($0.carry4)" } ?? "-") | \(t.map { fmtMHz($0.fmaxMhz) } ?? "-") | \(t.map { fmtNs($0.latencyNs) } ?? "-") |")
        }
        let other = doc.designs.flatMap { d in (d.timing ?? []).filter { $0.family != .ecp5 }.map { (d.name, $0) } }
        if !other.isEmpty {
            lines += ["", "| design | family | device | Fmax median (MHz) | per seed | latency (ns) |", "|---|---|---|---:|---|---:|"]
            for (name, t) in other {
                lines.append("| \(name) | \(t.family) | \(t.device) | \(fmtMHz(t.fmaxMhz)) | \(t.fmaxMhzPerSeed.map(fmtMHz).joined(separator: ", ")) | \(fmtNs(t.latencyNs)) |")
            }
        }
        let violations = doc.designs.filter { ($0.tableRangeViolations ?? []).reduce(0, +) > 0 }
        for d in violations {
            lines.append("")
            lines.append("Warning: \(d.name): \(d.tableRangeViolations!.reduce(0, +)) table argument(s) fell outside their table's range.")
        }
        if let checks {
            let failed = checks.filter { $0.status == .fail }
            let changed = checks.filter { $0.changed && $0.status != .fail }
            lines += ["", "## Regression against the baseline", ""]
            if failed.isEmpty { lines.append("No regression.") }
            if !failed.isEmpty || !changed.isEmpty {
                lines += ["", "| design | metric | baseline | current | status |", "|---|---|---:|---:|---|"]
                for c in failed + changed {
                    lines.append("| \(c.design) | \(c.metric) | \(c.baseline ?? "-") | \(c.current ?? "-") | \(c.status == .fail ? "**FAIL**: \(c.message)" : c.status.rawValue) |")
                }
            }
        }
        if !doc.tools.isEmpty {
            lines += ["", "Tools: " + doc.tools.keys.sorted().map { "\($0) \(doc.tools[$0]!)" }.joined(separator: "; ")]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Indices of the points no other point beats on both axes (lower x; lower or higher y as asked).
public func paretoFront(_ points: [(x: Double, y: Double)], higherYIsBetter: Bool) -> Set<Int> {
    var front = Set<Int>()
    for (i, p) in points.enumerated() {
        let dominated = points.enumerated().contains { j, q in
            guard j != i else { return false }
            let yBetterOrEqual = higherYIsBetter ? q.y >= p.y : q.y <= p.y
            let strictly = q.x < p.x || (higherYIsBetter ? q.y > p.y : q.y < p.y)
            return q.x <= p.x && yBetterOrEqual && strictly
        }
        if !dominated { front.insert(i) }
    }
    return front
}
