import Foundation

extension ReportPage {
    /// The page as one self-contained HTML file: inline CSS and SVG, no script, no font or image to fetch.
    public static func html(_ m: Model) -> String {
        var body: [String] = []
        body.append("<header><h1>\(esc(m.title))</h1>" + m.description.map { "<p class=\"context\">\(esc($0))</p>" }.joined() + "</header>")
        body.append(statusSection(m))
        body.append(overviewSection(m))
        body.append(tradeoffSection(m))
        for d in m.designs { body.append(designSection(d, reference: m.reference)) }
        if !m.notes.isEmpty {
            body.append("<section id=\"notes\"><h2>Notes</h2><ul>" + m.notes.map { "<li>\(esc($0))</li>" }.joined() + "</ul></section>")
        }
        if !m.tools.isEmpty {
            body.append("<footer><h2>Tools</h2><p>" + m.tools.keys.sorted().map { "\(esc($0)): \(esc(m.tools[$0]!))" }.joined(separator: " · ") + "</p></footer>")
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc(m.title))</title>
            <style>
            \(css)
            </style></head><body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    static let css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 24px auto; padding: 0 16px; color: #222; max-width: 1180px; line-height: 1.4; }
        h1 { margin: 0 0 4px; font-size: 26px; } h2 { margin: 28px 0 8px; font-size: 20px; border-bottom: 1px solid #ddd; padding-bottom: 3px; }
        h3 { margin: 16px 0 6px; font-size: 15px; }
        .context { margin: 2px 0; color: #444; }
        .status { border-radius: 6px; padding: 10px 16px; margin: 16px 0; }
        .status h2 { border: none; margin: 0 0 4px; font-size: 18px; }
        .status.ok { background: #e8f5ea; border: 1px solid #8cc79a; } .status.ok h2 { color: #17752b; }
        .status.bad { background: #fdecee; border: 2px solid #b00020; } .status.bad h2 { color: #b00020; }
        .status.warn { background: #fff6e0; border: 1px solid #e0b040; } .status.warn h2 { color: #8a5a00; }
        .status ul { margin: 4px 0; padding-left: 20px; }
        table { border-collapse: collapse; margin: 8px 0 12px; font-size: 13px; }
        th, td { border: 1px solid #d4d4d4; padding: 4px 8px; text-align: right; vertical-align: top; }
        th { background: #f2f4f7; font-weight: 600; } th:first-child, td:first-child { text-align: left; }
        td.text, th.text { text-align: left; } tr.ref td { background: #f7f7f7; color: #444; font-style: italic; }
        .nm { color: #888; font-style: italic; } .na { color: #aaa; }
        .pass { color: #17752b; font-weight: 600; } .fail { color: #b00020; font-weight: 700; } .notrun { color: #888; }
        tr.failrow td:first-child { background: #fdecee; border-left: 4px solid #b00020; }
        .badges span { display: block; white-space: nowrap; }
        .formula { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; text-align: left; white-space: normal; word-break: break-word; max-width: 820px; }
        .formula .v { border-bottom: 1px dotted #1f77b4; color: #1f4f8f; cursor: help; }
        .features { font-size: 12px; color: #444; margin: 0 0 10px; }
        .plots { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
        .plots svg { border: 1px solid #ddd; background: #fff; }
        .caption { font-size: 12px; color: #555; margin: 2px 0 8px; }
        section.design { margin-top: 12px; }
        pre.failure { font-size: 12px; background: #fdecee; border-left: 4px solid #b00020; padding: 8px; overflow-x: auto; }
        footer { margin-top: 32px; font-size: 12px; color: #555; }
        """

    // MARK: sections

    static func statusSection(_ m: Model) -> String {
        let failures = m.problems.map { ("", $0) } + m.designs.flatMap { d in d.failures.map { (d.name, $0) } }
        var s: String
        if failures.isEmpty {
            let checked = Set(m.designs.flatMap { $0.bitExact.filter { $0.status == .pass }.map(\.implementation) })
            let names = BitExact.Implementation.allCases.filter(checked.contains).map(\.rawValue)
            let claim = names.isEmpty ? "No bit-exactness check was run." :
                "The bit-exact Swift fixed-point model and \(names.joined(separator: ", ")) agree on every vector checked."
            s = "<section id=\"status\" class=\"status ok\"><h2>All \(m.designs.count) design(s) pass</h2><p>\(esc(claim))</p></section>"
        } else {
            s = "<section id=\"status\" class=\"status bad\"><h2>\(failures.count) failure(s)</h2><ul>"
            for (design, text) in failures {
                s += design.isEmpty ? "<li>\(esc(text))</li>" : "<li><a href=\"#\(anchor(design))\">\(esc(design))</a>: \(esc(text))</li>"
            }
            s += "</ul></section>"
        }
        let warnings = m.designs.flatMap { d in d.warnings.map { (d.name, $0) } }
        if !warnings.isEmpty {
            s += "<section class=\"status warn\"><h2>\(warnings.count) warning(s)</h2><ul>"
            s += warnings.map { "<li><a href=\"#\(anchor($0.0))\">\(esc($0.0))</a>: \(esc($0.1))</li>" }.joined()
            s += "</ul></section>"
        }
        return s
    }

    static func overviewSection(_ m: Model) -> String {
        var s = "<section id=\"overview\"><h2>Designs at a glance</h2><table><tr>"
        s += ["design", "accuracy float", "fixed (Swift)", "RTL", "RTL vs reference", "latency (cycles)", "latency (ns)", "Fmax (MHz)",
              "LUT", "FF", "DSP", "BRAM18", "bit-exact"].map { "<th\($0 == "bit-exact" ? " class=\"text\"" : "")>\($0)</th>" }.joined() + "</tr>"
        for d in m.designs {
            let failed = !d.failures.isEmpty
            s += "<tr\(failed ? " class=\"failrow\"" : "")><td><a href=\"#\(anchor(d.name))\">\(esc(d.name))</a>"
            if let t = d.title { s += "<br><span class=\"caption\">\(esc(t))</span>" }
            s += "</td>"
            s += cell(d.accuracy?.float.map(acc)) + cell(d.accuracy?.fixed.map(acc)) + cell(d.accuracy?.rtl.map(acc))
            s += cell(relative(d.accuracy?.hardware, m.reference), missing: m.reference == nil ? "no reference" : nil)
            s += cell(d.latencyCycles.map(String.init)) + cell(d.latencyNs.map(ns))
            s += cell(d.timing.map { "\(mhz($0.fmaxMhz)) <span class=\"caption\">\(esc($0.family))</span>" }, escaped: true)
            s += cell(d.resources.map { "\($0.lut)" }) + cell(d.resources.map { "\($0.ff)" }) + cell(d.resources.map { "\($0.dsp)" }) + cell(d.resources.map { "\($0.bram18)" })
            s += "<td class=\"text badges\">" + bitExactBadges(d) + "</td></tr>"
        }
        if let r = m.reference {
            s += "<tr class=\"ref\"><td>\(esc(r.name))<br><span class=\"caption\">reference network (float, not built in hardware)</span></td><td>\(acc(r.accuracy))</td>"
            s += String(repeating: "<td class=\"na\">—</td>", count: 11) + "</tr>"
        }
        s += "</table>"
        s += "<p class=\"caption\">Accuracy on the same labelled test rows. Latency in ns = cycles at the measured Fmax (nextpnr). Resources: Yosys synth_xilinx (xc7) cell counts, a relative measure, not Vivado's. “not measured” means the figure was not measured in this run.</p></section>"
        return s
    }

    static func bitExactBadges(_ d: Design) -> String {
        guard !d.bitExact.isEmpty else { return "<span class=\"nm\">not measured</span>" }
        return d.bitExact.map { b in
            let short: String
            switch b.implementation {
            case .verilator: short = "Verilator"
            case .hlsCsim: short = "HLS csim"
            case .icarus: short = "Icarus"
            }
            switch b.status {
            case .pass: return "<span class=\"pass\" title=\"\(b.vectors ?? 0) vectors, 0 mismatches\">✓ \(short)</span>"
            case .fail: return "<span class=\"fail\" title=\"\(b.mismatches ?? 0) mismatches\">✗ \(short)</span>"
            case .notRun: return "<span class=\"notrun\" title=\"not run\">– \(short)</span>"
            }
        }.joined(separator: " ")
    }

    static func tradeoffSection(_ m: Model) -> String {
        let scored = m.designs.filter { $0.accuracy?.hardware != nil }
        var s = "<section id=\"tradeoff\"><h2>Accuracy against latency and size</h2>"
        guard !scored.isEmpty else {
            return s + "<p class=\"nm\">No design was scored on labelled data, so accuracy was not measured.</p></section>"
        }
        s += "<p class=\"caption\">Hardware (RTL) accuracy. Ringed points joined by the dashed line form the Pareto front: no other design is both faster (or smaller) and more accurate."
        if m.reference != nil { s += " The grey dashed line is the reference network's accuracy." }
        s += "</p><div class=\"plots\">"
        s += tradeoffPlot(m, scored, title: "Accuracy vs latency", xLabel: "latency (ns at measured Fmax)", x: \.latencyNs)
        s += tradeoffPlot(m, scored, title: "Accuracy vs LUTs", xLabel: "LUTs (Yosys, xc7)", x: { $0.resources.map { Double($0.lut) } })
        s += "</div></section>"
        return s
    }

    static func tradeoffPlot(_ m: Model, _ designs: [Design], title: String, xLabel: String, x: (Design) -> Double?) -> String {
        let placed = designs.filter { x($0) != nil }
        let missing = designs.filter { x($0) == nil }.map(\.name)
        var caption = missing.isEmpty ? "" : "<p class=\"caption\">Not on this plot (not measured): \(esc(missing.joined(separator: ", ")))</p>"
        guard !placed.isEmpty else {
            caption = "<p class=\"caption\">\(esc(xLabel)) was not measured for any design.</p>"
            return "<div><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"520\" height=\"60\" role=\"img\" aria-label=\"\(esc(title))\"><rect width=\"520\" height=\"60\" fill=\"#fff\"/><text x=\"260\" y=\"24\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">\(esc(title))</text><text x=\"260\" y=\"46\" text-anchor=\"middle\" font-size=\"12\" fill=\"#888\">not measured</text></svg>\(caption)</div>"
        }
        let pts = placed.map { (x: x($0)!, y: $0.accuracy!.hardware!) }
        let front = paretoFront(pts, higherYIsBetter: true)
        var p = SVGPlot(title: title, xLabel: xLabel, yLabel: "accuracy (RTL)")
        let ys = pts.map(\.y) + (m.reference.map { [$0.accuracy] } ?? [])
        p.yRange = (max(0, ys.min()! - 0.04), min(1, ys.max()! + 0.04))
        let frontPts = front.sorted().map { pts[$0] }.sorted { $0.x < $1.x }
        if frontPts.count > 1 {
            p.marks.append(.line(frontPts.map { ($0.x, $0.y) }, color: "#d62728", dashed: true, label: nil))
        }
        p.marks.append(.points(pts.map { ($0.x, $0.y) }, color: SVGPlot.palette[0], labels: placed.map(\.name), highlight: front))
        if let r = m.reference {
            p.marks.append(.hline(r.accuracy, color: "#666", label: "\(r.name) \(acc(r.accuracy))"))
        }
        return "<div>\(p.svg)\(caption)</div>"
    }

    static func designSection(_ d: Design, reference: ReferenceModel?) -> String {
        var s = "<section class=\"design\" id=\"\(anchor(d.name))\"><h2>\(esc(d.name))\(d.title.map { " — " + esc($0) } ?? "")</h2>"
        var facts: [String] = []
        if let p = d.precision { facts.append("precision \(esc(p))") }
        if let a = d.accuracy {
            facts.append("accuracy float \(opt(a.float.map(acc))) · fixed \(opt(a.fixed.map(acc))) · RTL \(opt(a.rtl.map(acc))) on \(a.samples) rows")
            if let r = relative(a.hardware, reference) { facts.append("\(r) of \(esc(reference!.name))") }
        }
        facts.append("latency \(opt(d.latencyCycles.map { "\($0) cycles" })) = \(opt(d.latencyNs.map { ns($0) + " ns" }))\(d.timing.map { " at \(mhz($0.fmaxMhz)) MHz (\(esc($0.family)) \(esc($0.device)), median of \($0.seeds) seed\($0.seeds == 1 ? "" : "s"))" } ?? "")")
        if let ii = d.ii { facts.append("II \(ii)") }
        if let e = d.meanAbsError, let x = d.maxAbsError { facts.append("|fixed − float| mean \(fmtErr(e)), max \(fmtErr(x))") }
        s += "<p class=\"context\">" + facts.joined(separator: "<br>") + "</p>"

        s += "<h3>Bit-exact against the Swift fixed-point model</h3><table><tr><th>implementation</th><th>vectors</th><th>mismatching values</th><th class=\"text\">status</th><th class=\"text\">first mismatch</th></tr>"
        for b in d.bitExact {
            let status: String
            switch b.status {
            case .pass: status = "<span class=\"pass\">bit-exact</span>"
            case .fail: status = "<span class=\"fail\">DIFFERS</span>"
            case .notRun: status = "<span class=\"nm\">not run</span>"
            }
            s += "<tr\(b.status == .fail ? " class=\"failrow\"" : "")><td>\(esc(b.implementation.rawValue))</td>\(cell(b.vectors.map(String.init), missing: "not run"))\(cell(b.mismatches.map(String.init), missing: "not run"))<td class=\"text\">\(status)</td><td class=\"text\">\(esc(b.firstMismatch ?? ""))</td></tr>"
        }
        s += "</table>"
        if !d.firstFailure.isEmpty {
            s += "<h3>First failure</h3><pre class=\"failure\">" + esc(d.firstFailure.joined(separator: "\n")) + "</pre>"
        }
        if !d.warnings.isEmpty { s += "<ul>" + d.warnings.map { "<li class=\"fail\">\(esc($0))</li>" }.joined() + "</ul>" }

        if !d.formulas.isEmpty {
            s += "<h3>Formulas</h3><table><tr><th>output</th><th class=\"text\">type</th><th class=\"text\">formula (hover a variable for its feature)</th></tr>"
            for f in d.formulas {
                s += "<tr><td>\(esc(f.output))</td><td class=\"text\">\(esc(f.format ?? ""))</td><td class=\"formula\">\(formulaHTML(f.text, names: d.inputNames))</td></tr>"
            }
            s += "</table>"
            let used = Set(d.formulas.flatMap { variables(in: $0.text) }).sorted()
            if !d.inputNames.isEmpty, !used.isEmpty {
                s += "<p class=\"features\">Features: " + used.map { i in "x\(i) = \(i < d.inputNames.count ? esc(d.inputNames[i]) : "?")" }.joined(separator: ", ") + "</p>"
            }
        }
        if !d.classes.isEmpty {
            s += "<h3>Per class (one vs rest)</h3><table><tr><th>class</th><th>AUC float</th><th>AUC fixed</th><th>AUC RTL</th></tr>"
            for c in d.classes {
                s += "<tr><td>\(esc(c.name))</td>\(cell(c.aucFloat.map(auc)))\(cell(c.aucFixed.map(auc)))\(cell(c.aucRtl.map(auc)))</tr>"
            }
            s += "</table>"
        }

        var plots: [String] = []
        let curves = d.classes.filter { !$0.rocRtl.isEmpty || !$0.rocFloat.isEmpty }
        if !curves.isEmpty {
            var p = SVGPlot(title: "ROC per class (solid: RTL, dashed: float)", xLabel: "false positive rate", yLabel: "true positive rate")
            p.xRange = (0, 1)
            p.yRange = (0, 1.02)
            p.width = 560
            p.height = 380
            p.legendBottom = true
            for (i, c) in curves.enumerated() {
                let color = SVGPlot.palette[i % SVGPlot.palette.count]
                if !c.rocFloat.isEmpty { p.marks.append(.line(c.rocFloat.compactMap(pair), color: color, dashed: true, label: nil)) }
                p.marks.append(.line(c.rocRtl.compactMap(pair), color: color, dashed: false,
                                     label: "\(c.name): AUC \(c.aucRtl.map(auc) ?? "not measured") (float \(c.aucFloat.map(auc) ?? "not measured"))"))
            }
            p.marks.append(.line([(0, 0), (1, 1)], color: "#bbb", dashed: true, label: nil))
            plots.append(p.svg)
        }
        if let c = d.confusion {
            plots.append(SVGHeatmap(title: "Confusion matrix (\(c.of))", rowLabel: "true class", columnLabel: "predicted class",
                                    rowNames: c.classes, columnNames: c.classes, counts: c.counts).svg)
        }
        for h in d.errorHistograms {
            var p = SVGPlot(title: "Fixed − float, \(h.output)", xLabel: "fixed − float", yLabel: "rows")
            p.width = 370
            p.height = 240
            p.marks = [.bars(edges: h.edges, counts: h.counts, color: SVGPlot.palette[2])]
            plots.append(p.svg)
        }
        if !plots.isEmpty { s += "<div class=\"plots\">\(plots.joined(separator: "\n"))</div>" }
        return s + "</section>"
    }

    // MARK: helpers

    static func pair(_ p: [Double]) -> (Double, Double)? { p.count == 2 ? (p[0], p[1]) : nil }

    /// A table cell: the value, or "not measured" (never 0) when there is none.
    static func cell(_ v: String?, missing: String? = nil, escaped: Bool = false) -> String {
        guard let v else { return "<td><span class=\"nm\">\(esc(missing ?? "not measured"))</span></td>" }
        return "<td>\(escaped ? v : esc(v))</td>"
    }

    static func opt(_ v: String?) -> String { v.map(esc) ?? "<span class=\"nm\">not measured</span>" }

    static func relative(_ a: Double?, _ r: ReferenceModel?) -> String? {
        guard let a, let r, r.accuracy > 0 else { return nil }
        return String(format: "%.1f %%", 100 * a / r.accuracy)
    }

    static func acc(_ x: Double) -> String { String(format: "%.4f", x) }
    static func auc(_ x: Double) -> String { String(format: "%.3f", x) }
    static func ns(_ x: Double) -> String { String(format: "%.1f", x) }
    static func mhz(_ x: Double) -> String { String(format: "%.1f", x) }

    /// An id attribute for a design name.
    static func anchor(_ name: String) -> String {
        "design-" + String(name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
    }

    /// Indices of the variables x0, x1, ... a formula mentions.
    static func variables(in text: String) -> [Int] {
        tokens(text).compactMap { if case .variable(let i) = $0 { return i }; return nil }
    }

    enum Token: Equatable { case text(String), variable(Int) }

    /// Splits formula text into variables (`x` followed by digits, not inside a longer word) and the rest.
    static func tokens(_ text: String) -> [Token] {
        var out: [Token] = []
        var buffer = ""
        let chars = Array(text)
        var i = 0
        func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "." }
        while i < chars.count {
            if chars[i] == "x", i + 1 < chars.count, chars[i + 1].isASCII, chars[i + 1].isNumber, i == 0 || !isWord(chars[i - 1]) {
                var j = i + 1
                while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
                if j == chars.count || !isWord(chars[j]), let n = Int(String(chars[(i + 1)..<j])) {
                    if !buffer.isEmpty { out.append(.text(buffer)); buffer = "" }
                    out.append(.variable(n))
                    i = j
                    continue
                }
            }
            buffer.append(chars[i])
            i += 1
        }
        if !buffer.isEmpty { out.append(.text(buffer)) }
        return out
    }

    /// The formula with every variable marked and titled with its feature name.
    static func formulaHTML(_ text: String, names: [String]) -> String {
        tokens(text).map { t in
            switch t {
            case .text(let s): return esc(s)
            case .variable(let i):
                let name = i < names.count ? names[i] : "input \(i)"
                return "<span class=\"v\" title=\"x\(i) = \(esc(name))\">x\(i)</span>"
            }
        }.joined()
    }
}
