import Foundation

/// The self-contained HTML report: tables and inline SVG plots, no scripts and no external files.
public enum HTMLReport {
    public static func html(_ doc: ReportDocument, checks: [Check]? = nil, title: String = "SymbolForge hardware report") -> String {
        var body: [String] = ["<h1>\(esc(title))</h1>"]
        if let checks {
            let failed = checks.filter { $0.status == .fail }
            body.append(failed.isEmpty ? "<p class=\"ok\">Regression: no metric got worse.</p>"
                                       : "<p class=\"bad\">Regression: \(failed.count) check(s) failed.</p>")
        }
        body.append(summaryTable(doc))
        body.append(acrossDesigns(doc))
        for d in doc.designs { body.append(designSection(d)) }
        if let checks, !checks.isEmpty { body.append(checkTable(checks)) }
        if !doc.tools.isEmpty {
            body.append("<h2>Tools</h2><ul>" + doc.tools.keys.sorted().map { "<li>\(esc($0)): \(esc(doc.tools[$0]!))</li>" }.joined() + "</ul>")
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(esc(title))</title>
            <style>
            body { font-family: sans-serif; margin: 24px; color: #222; max-width: 1200px; }
            table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
            th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            th { background: #f2f2f2; }
            .plots { display: flex; flex-wrap: wrap; gap: 12px; }
            .plots svg { border: 1px solid #ddd; }
            .ok { color: #17752b; font-weight: bold; } .bad, td.fail { color: #b00020; font-weight: bold; }
            </style></head><body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    static func summaryTable(_ doc: ReportDocument) -> String {
        var s = "<h2>Designs</h2><table><tr><th>design</th><th>precision</th><th>vectors</th><th>mismatches</th><th>latency (cycles)</th><th>II</th><th>mean |err|</th><th>max |err|</th><th>accuracy float / RTL</th><th>LUT</th><th>FF</th><th>CARRY4</th><th>DSP48E1</th><th>BRAM18</th><th>Fmax (MHz)</th><th>latency (ns)</th></tr>"
        for d in doc.designs {
            let r = d.resources, t = d.timing?.first
            let cells: [String] = [
                esc(d.name), esc(d.cosim.precision), "\(d.cosim.vectors)", "\(d.totalMismatches)", "\(d.latencyCycles)", "\(d.ii)",
                fmtErr(d.meanAbsError), fmtErr(d.maxAbsError),
                d.classification.map { "\(fmtAcc($0.accuracyFloat)) / \(fmtAcc($0.accuracyRtl))" } ?? "-",
                r.map { "\($0.lut)" } ?? "-", r.map { "\($0.ff)" } ?? "-", r.map { "\($0.carry4)" } ?? "-", r.map { "\($0.dsp48e1)" } ?? "-",
                r.map { "\($0.bram18)" } ?? "-", t.map { "\(fmtMHz($0.fmaxMhz)) (\(esc($0.family.rawValue)))" } ?? "-", t.map { fmtNs($0.latencyNs) } ?? "-",
            ]
            s += "<tr>" + cells.enumerated().map { i, c in i == 3 && d.totalMismatches > 0 ? "<td class=\"fail\">\(c)</td>" : "<td>\(c)</td>" }.joined() + "</tr>"
        }
        return s + "</table>"
    }

    /// Accuracy against cost across designs, with the Pareto front ringed.
    static func acrossDesigns(_ doc: ReportDocument) -> String {
        guard doc.designs.count >= 1 else { return "" }
        let useAccuracy = doc.designs.allSatisfy { $0.classification != nil }
        let yLabel = useAccuracy ? "accuracy (RTL)" : "mean |fixed − float|"
        func y(_ d: DesignReport) -> Double { useAccuracy ? d.classification!.accuracyRtl : d.meanAbsError }
        var plots: [String] = []
        let withNs = doc.designs.allSatisfy { $0.latencyNs != nil }
        let latencyPts = doc.designs.map { (x: withNs ? $0.latencyNs! : Double($0.latencyCycles), y: y($0)) }
        plots.append(scatter("Accuracy vs latency", xLabel: withNs ? "latency (ns)" : "latency (cycles)", yLabel: yLabel,
                             points: latencyPts, names: doc.designs.map(\.name), higherYIsBetter: useAccuracy))
        let sized = doc.designs.filter { $0.resources != nil }
        if !sized.isEmpty {
            plots.append(scatter("Accuracy vs LUTs", xLabel: "LUTs (xc7)", yLabel: yLabel,
                                 points: sized.map { (x: Double($0.resources!.lut), y: y($0)) }, names: sized.map(\.name), higherYIsBetter: useAccuracy))
        }
        return "<h2>Accuracy against cost</h2><p>Ringed points are on the Pareto front (no other design is both cheaper and more accurate).</p><div class=\"plots\">\(plots.joined(separator: "\n"))</div>"
    }

    static func scatter(_ title: String, xLabel: String, yLabel: String, points: [(x: Double, y: Double)], names: [String], higherYIsBetter: Bool) -> String {
        var p = SVGPlot(title: title, xLabel: xLabel, yLabel: yLabel)
        p.logY = !higherYIsBetter && points.allSatisfy { $0.y > 0 }
        if higherYIsBetter, let lo = points.map(\.y).min(), let hi = points.map(\.y).max() {
            // Accuracy lives in [0, 1]; padding a single point by ±1 would suggest otherwise.
            p.yRange = (max(0, lo - 0.05), min(1, hi + 0.05))
        }
        p.marks = [.points(points.map { ($0.x, $0.y) }, color: SVGPlot.palette[0], labels: names, highlight: paretoFront(points, higherYIsBetter: higherYIsBetter))]
        return p.svg
    }

    static func designSection(_ d: DesignReport) -> String {
        var s = "<h2>\(esc(d.name))</h2>"
        s += "<table><tr><th>output</th><th>format</th><th>formula</th><th>mismatches</th><th>latency</th><th>II</th><th>mean |err|</th><th>max |err|</th></tr>"
        for o in d.cosim.outputs {
            s += "<tr><td>\(esc(o.name))</td><td>\(esc(o.format))</td><td style=\"text-align:left\">\(esc(o.formula))</td><td>\(o.mismatches)</td><td>\(o.latencyCycles)</td><td>\(o.ii)</td><td>\(fmtErr(o.meanAbsError))</td><td>\(fmtErr(o.maxAbsError))</td></tr>"
        }
        s += "</table>"
        if let t = d.timing, !t.isEmpty {
            s += "<table><tr><th>family</th><th>device</th><th>Fmax median (MHz)</th><th>per seed</th><th>latency (ns)</th></tr>"
            for x in t {
                s += "<tr><td>\(esc(x.family.rawValue))</td><td>\(esc(x.device))</td><td>\(fmtMHz(x.fmaxMhz))</td><td>\(x.fmaxMhzPerSeed.map(fmtMHz).joined(separator: ", "))</td><td>\(fmtNs(x.latencyNs))</td></tr>"
            }
            s += "</table>"
        }
        if let v = d.tableRangeViolations, v.reduce(0, +) > 0 {
            s += "<p class=\"bad\">Table arguments outside their range: \(v.map(String.init).joined(separator: ", ")) (per table).</p>"
        }
        var plots: [String] = []
        if let c = d.classification {
            var p = SVGPlot(title: "ROC (accuracy float \(fmtAcc(c.accuracyFloat)), RTL \(fmtAcc(c.accuracyRtl)))", xLabel: "false positive rate", yLabel: "true positive rate")
            p.xRange = (0, 1)
            p.yRange = (0, 1.02)
            p.width = 560
            p.legendBottom = true
            for (i, cls) in c.classes.enumerated() {
                let color = SVGPlot.palette[i % SVGPlot.palette.count]
                p.marks.append(.line(cls.rocFloat.map { ($0[0], $0[1]) }, color: color, dashed: true, label: nil))
                p.marks.append(.line(cls.rocRtl.map { ($0[0], $0[1]) }, color: color, dashed: false,
                                     label: "\(cls.name): AUC \(String(format: "%.3f", cls.aucRtl)) (float \(String(format: "%.3f", cls.aucFloat)))"))
            }
            plots.append(p.svg)
        }
        for h in d.errorHistograms ?? [] {
            var p = SVGPlot(title: "Fixed − float error, \(h.output)", xLabel: "fixed − float", yLabel: "vectors")
            p.marks = [.bars(edges: h.binEdges, counts: h.counts, color: SVGPlot.palette[2])]
            plots.append(p.svg)
        }
        if let sweep = d.precisionSweep, !sweep.isEmpty {
            var p = SVGPlot(title: "Precision sweep", xLabel: "total bits", yLabel: "mean |fixed − float|")
            let pts = sweep.map { (Double($0.totalBits), $0.meanAbsError) }
            p.logY = pts.allSatisfy { $0.1 > 0 }
            p.marks = [.line(pts, color: SVGPlot.palette[3], dashed: false, label: "mean |err|"),
                       .points(pts, color: SVGPlot.palette[3], labels: sweep.map(\.precision), highlight: [])]
            plots.append(p.svg)
        }
        if !plots.isEmpty { s += "<div class=\"plots\">\(plots.joined(separator: "\n"))</div>" }
        return s
    }

    static func checkTable(_ checks: [Check]) -> String {
        var s = "<h2>Checks</h2><table><tr><th>design</th><th>metric</th><th>baseline</th><th>current</th><th>status</th><th>rule</th></tr>"
        for c in checks {
            s += "<tr><td>\(esc(c.design))</td><td style=\"text-align:left\">\(esc(c.metric))</td><td>\(esc(c.baseline ?? "-"))</td><td>\(esc(c.current ?? "-"))</td><td\(c.status == .fail ? " class=\"fail\"" : "")>\(c.status.rawValue)</td><td style=\"text-align:left\">\(esc(c.message))</td></tr>"
        }
        return s + "</table>"
    }
}
