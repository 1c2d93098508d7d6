import Foundation

/// The exploration (sweep or front) part of reports: a Markdown table of the Pareto front and an HTML
/// section with its plots, drawn from the front's plain figures.
public enum ExplorationReport {
    /// front.md: the front first, then every point, each with its parameters and figures.
    public static func markdown(_ f: ParetoFront, title: String) -> String {
        var s = "# \(title)\n\n"
        s += "Quality: \(f.quality.label) (\(f.quality.higherIsBetter ? "higher" : "lower") is better). "
        s += "Front over \(f.costs.map(costLabel).joined(separator: ", ")); a point is on the front when no other bit-exact point is at least as good in every figure and better in one.\n\n"
        s += "Latency in ns = cycles at the Fmax nextpnr measured (ECP5); LUT, FF and DSP are Yosys `synth_xilinx` (xc7) cell counts; “not measured” means the figure was not measured in this run.\n\n"
        s += "## Pareto front (\(f.front.count) of \(f.points.count) points)\n\n" + table(f.front, f) + "\n"
        s += "## Every point\n\n" + table(f.points, f) + "\n"
        if !f.failed.isEmpty {
            s += "## Points that did not build\n\n"
            for (name, why) in f.failed.sorted(by: { $0.key < $1.key }) { s += "- `\(name)`: \(why.split(separator: "\n").first ?? "")\n" }
        }
        return s
    }

    static func table(_ entries: [ParetoFront.Entry], _ f: ParetoFront) -> String {
        let relative = entries.contains { $0.point.relativeToReference != nil }
        let loss = entries.contains { $0.point.pysrLoss != nil }
        var s = "| point | source | plan | complexity | \(f.quality.rawValue) |\(relative ? " × reference |" : "")\(loss ? " PySR loss |" : "") cycles | ns | Fmax MHz | LUT | FF | DSP | BRAM18 | mismatches |\n"
        s += "|---|---|---|---:|---:|\(relative ? "---:|" : "")\(loss ? "---:|" : "")---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for e in entries {
            let p = e.point
            var plan = p.plan
            if let m = p.maxError { plan += " err≤\(m)" }
            if let a = p.minAgreement { plan += " agree≥\(a)" }
            if let t = p.tableEntries { plan += " tables \(t)" }
            plan += " @\(fmt(p.clockNs)) ns"
            s += "| \(e.onFront ? "**\(e.name)**" : e.name) | \(p.source) | \(plan) | \(p.complexity) | \(String(format: "%.4g", p.value)) |"
            if relative { s += " \(p.relativeToReference.map { String(format: "%.3f", $0) } ?? "–") |" }
            if loss { s += " \(p.pysrLoss.map { $0.map { String(format: "%.4g", $0) }.joined(separator: ", ") } ?? "–") |" }
            s += " \(e.latencyCycles) | \(opt(e.latencyNs.map { String(format: "%.1f", $0) })) | \(opt(e.fmaxMhz.map { String(format: "%.1f", $0) })) |"
            s += " \(opt(e.lut.map(String.init))) | \(opt(e.ff.map(String.init))) | \(opt(e.dsp.map(String.init))) | \(opt(e.bram18.map(String.init))) | \(e.mismatches) |\n"
        }
        return s
    }

    static func opt(_ s: String?) -> String { s ?? "not measured" }
    static func fmt(_ x: Double) -> String { String(format: "%g", x) }

    static func costLabel(_ c: String) -> String {
        switch c {
        case "pysr_loss": return "PySR's float loss"
        case "latency_ns": return "latency (ns)"
        case "latency_cycles": return "latency (cycles)"
        case "lut": return "LUTs"
        default: return "DSPs"
        }
    }

    /// The page section: quality against each cost, front points ringed, and the front's table.
    public static func htmlSection(_ f: ParetoFront, reference: ReferenceModel?) -> String {
        var s = "<section id=\"front\"><h2>Pareto front: \(esc(f.quality.label)) against latency and size</h2>"
        s += "<p class=\"caption\">\(f.front.count) of \(f.points.count) points are on the front (ringed): no other bit-exact point is as good in \(esc(f.quality.rawValue)), \(esc(f.costs.map(costLabel).joined(separator: ", "))) and better in one. Each plot shows one cost; a point ringed there may be beaten on that cost alone.</p><div class=\"plots\">"
        let costs: [(String, String, (ParetoFront.Entry) -> Double?)] = [
            ("latency", "latency (ns at measured Fmax)", { $0.latencyNs }),
            ("latency in cycles", "latency (cycles)", { Double($0.latencyCycles) }),
            ("LUTs", "LUTs (Yosys, xc7)", { $0.lut.map(Double.init) }),
            ("DSPs", "DSP48E1 (Yosys, xc7)", { $0.dsp.map(Double.init) }),
        ]
        for (name, axis, x) in costs {
            let placed = f.points.filter { x($0) != nil }
            guard !placed.isEmpty else { continue }
            var p = SVGPlot(title: "\(f.quality.rawValue) vs \(name)", xLabel: axis, yLabel: f.quality.label)
            p.logY = f.quality == .maxAbsError && placed.allSatisfy { $0.point.value > 0 }
            let pts = placed.map { (x($0)!, $0.point.value) }
            let ring = Set(placed.indices.filter { placed[$0].onFront })
            let line = placed.filter(\.onFront).map { (x($0)!, $0.point.value) }.sorted { $0.0 < $1.0 }
            if line.count > 1 { p.marks.append(.line(line, color: "#d62728", dashed: true, label: nil)) }
            p.marks.append(.points(pts, color: SVGPlot.palette[0], labels: placed.map { $0.onFront ? $0.name : "" }, highlight: ring))
            if let r = reference, f.quality == .accuracy { p.marks.append(.hline(r.accuracy, color: "#666", label: "\(r.name) \(String(format: "%.4f", r.accuracy))")) }
            s += "<div>\(p.svg)</div>"
        }
        s += "</div><table><tr><th>point</th><th>source</th><th>plan</th><th>complexity</th><th>\(esc(f.quality.rawValue))</th><th>cycles</th><th>ns</th><th>LUT</th><th>DSP</th><th>mismatches</th></tr>"
        let nm = "<span class=\"nm\">not measured</span>"
        for e in f.front {
            s += "<tr><td>\(esc(e.name))</td><td>\(esc(e.point.source))</td><td>\(esc(e.point.plan))</td><td>\(e.point.complexity)</td><td>\(String(format: "%.4g", e.point.value))</td><td>\(e.latencyCycles)</td>"
            s += "<td>\(e.latencyNs.map { String(format: "%.1f", $0) } ?? nm)</td><td>\(e.lut.map(String.init) ?? nm)</td><td>\(e.dsp.map(String.init) ?? nm)</td><td>\(e.mismatches)</td></tr>"
        }
        return s + "</table></section>"
    }
}
