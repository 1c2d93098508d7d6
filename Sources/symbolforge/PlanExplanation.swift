import Datapath

/// The `--explain` table: node → operation → format → why.
enum PlanExplanation {
    static func text(_ d: Datapath, plan: PrecisionPlan, search: PrecisionSearch.Result?) -> String {
        let rows = search?.rows ?? PlanRows.rows(d, plan: plan)
        var lines = ["precision plan \(plan.name) for \(d.name): \(d.nodes.count) nodes, \(d.tables.count) tables"]
        if let s = search {
            lines.append("target: \(s.target)")
            let errs = s.metrics.maxError.map { String(format: "%.3g", $0) }.joined(separator: ", ")
            lines.append("reached on the search vectors: max |error| per output \(errs)"
                + (s.metrics.agreement.map { String(format: ", argmax agreement %.4f", $0) } ?? "") + " (\(s.evaluations) candidates evaluated)")
            let held = s.validated.maxError.map { String(format: "%.3g", $0) }.joined(separator: ", ")
            lines.append("reached on \(s.validationVectors) held-out vectors: max |error| per output \(held)"
                + (s.validated.agreement.map { String(format: ", argmax agreement %.4f", $0) } ?? "")
                + (s.validationBackoff > 0 ? " (after \(s.validationBackoff) more bit\(s.validationBackoff == 1 ? "" : "s") on every knob)" : ""))
        }
        let w0 = max(4, rows.map(\.node.count).max() ?? 0), w1 = max(9, rows.map(\.op.count).max() ?? 0)
        let w2 = max(6, rows.map(\.format.count).max() ?? 0)
        func pad(_ s: String, _ w: Int) -> String { s.padding(toLength: max(w, s.count), withPad: " ", startingAt: 0) }
        lines.append([pad("node", w0), pad("operation", w1), pad("format", w2), "why"].joined(separator: "  "))
        for r in rows { lines.append([pad(r.node, w0), pad(r.op, w1), pad(r.format, w2), r.why].joined(separator: "  ")) }
        return lines.joined(separator: "\n")
    }
}
