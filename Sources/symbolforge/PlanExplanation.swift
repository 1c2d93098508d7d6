import Datapath

/// The `--explain` table: node → operation → format → stage → why, then where each table lives.
enum PlanExplanation {
    static func text(_ d: Datapath, plan: PrecisionPlan, search: PrecisionSearch.Result?, delays: DelayModel) -> String {
        let rows = search?.rows ?? PlanRows.rows(d, plan: plan)
        let schedule = Schedule(d, delays: delays)
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
            lines += s.unenforced.map(\.explanation)
        }
        lines.append("schedule: \(schedule.latency) cycles at \(delays.clockPeriodNs) ns (\(delays.family.rawValue) delay model)")
        let w0 = max(4, rows.map(\.node.count).max() ?? 0), w1 = max(9, rows.map(\.op.count).max() ?? 0)
        let w2 = max(6, rows.map(\.format.count).max() ?? 0)
        func pad(_ s: String, _ w: Int) -> String { s.padding(toLength: max(w, s.count), withPad: " ", startingAt: 0) }
        lines.append([pad("node", w0), pad("operation", w1), pad("format", w2), "stage", "why"].joined(separator: "  "))
        for (i, r) in rows.enumerated() {
            lines.append([pad(r.node, w0), pad(r.op, w1), pad(r.format, w2), pad("\(schedule.stage[i])", 5), r.why].joined(separator: "  "))
        }
        var reads: [Int: [Int]] = [:]
        for (i, n) in d.nodes.enumerated() { if case .table(_, let t) = n.op { reads[t, default: []].append(i) } }
        for (t, tb) in d.tables.enumerated() {
            let storage = delays.storage(of: tb)
            let r = reads[t] ?? []
            let how = storage == .distributed
                ? "LUT ROM (≤ \(delays.lutROMMaxEntries) entries), read in its address stage"
                : (storage == .block ? "block ROM" : "ROM left to synthesis") + ", registered read" + (r.count >= 2 ? ", \(r.count / 2) dual-port RAM(s)" + (r.count % 2 == 1 ? " + 1 single-port" : "") : "")
            let layout = tb.segments.map { " (\($0.count) segments of \(1 << $0.mantissaBits), indexed by the argument's leading one)" } ?? ""
            lines.append("table t\(t): \(tb.function.rawValue), \(tb.size) entries\(layout) × \(tb.outputFormat.width) bits, \(how); read by \(r.map { "n\($0)" }.joined(separator: ", "))")
        }
        let model = delays.resolved(for: d)
        let chains = d.nodes.enumerated().compactMap { i, n -> String? in
            guard let digits = model.shiftAdd(n, in: d) else { return nil }
            return "n\(i) (\(digits.count) digit\(digits.count == 1 ? "" : "s"), \(ConstantMultiplication.adderBits(digits, width: n.format.width)) adder bits)"
        }
        let multipliers = d.nodes.indices.filter { i in
            if case .mul = d.nodes[i].op { return model.shiftAdd(d.nodes[i], in: d) == nil }
            return false
        }
        let budget: String = model.dspBudget.map { " (budget \($0))" } ?? ""
        let multiplierList: String = multipliers.map { "n\($0)" }.joined(separator: ", ")
        lines.append("multiplies: \(multipliers.count) multiplier(s), \(model.dspSlices(in: d)) DSP slice(s)\(budget): \(multiplierList)")
        let chainList: String = chains.isEmpty ? "none" : chains.joined(separator: ", ")
        lines.append("shift-and-add: \(chainList)")
        return lines.joined(separator: "\n")
    }
}
