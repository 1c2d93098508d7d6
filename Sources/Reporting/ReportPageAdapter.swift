import Foundation

extension ReportPage.Model {
    /// The page for a results file (either schema), with its run context when the file has one.
    ///
    /// This is the only place that knows both the results schema and the page model; when the schema
    /// moves, only this file follows it. Failing regression `checks` are listed at the top of the page.
    public init(document doc: ReportDocument, checks: [Check] = []) {
        let context = doc.context
        let designs = doc.designs.map { ReportPage.Design(report: $0, context: context) }
        var problems = context?.problems ?? []
        for c in checks where c.status == .fail {
            problems.append("\(c.design): \(c.metric) \(c.baseline ?? "-") → \(c.current ?? "-"): \(c.message)")
        }
        self.init(title: context?.title ?? "SymbolForge hardware report", description: context?.description ?? [],
                  designs: designs, reference: context?.reference, tools: doc.tools, problems: problems, notes: context?.notes ?? [])
    }
}

extension ReportPage.Design {
    /// One design of a results file.
    init(report d: DesignReport, context: RunContext?) {
        let r = d.cosim
        let c = d.classification
        let accuracy = c.map { ReportPage.Accuracy(samples: $0.samples, float: $0.accuracyFloat, fixed: $0.accuracyFixed, rtl: $0.accuracyRtl) }
        let classes = c?.classes.map {
            ReportPage.ClassCurves(name: $0.name, aucFloat: $0.aucFloat, aucFixed: $0.aucFixed, aucRtl: $0.aucRtl, rocFloat: $0.rocFloat, rocRtl: $0.rocRtl)
        } ?? []
        var confusion: ReportPage.Confusion?
        if let c, let counts = c.confusionRtl {
            confusion = .init(classes: c.classes.count == counts.count ? c.classes.map(\.name) : counts.indices.map(String.init), counts: counts)
        }

        var bitExact = [ReportPage.BitExact(.verilator, vectors: r.vectors, mismatches: d.totalMismatches, firstMismatch: Self.firstMismatch(r))]
        bitExact.append(r.hlsCsim.map { .init(.hlsCsim, vectors: $0.vectors, mismatches: $0.mismatches.reduce(0, +)) } ?? .init(.hlsCsim, vectors: nil, mismatches: nil))
        bitExact.append(r.icarus.map { .init(.icarus, vectors: $0.vectors, mismatches: $0.mismatches.reduce(0, +)) } ?? .init(.icarus, vectors: nil, mismatches: nil))

        var warnings: [String] = []
        if let tables = r.tables {
            // One line per function and range: a design may hold several tables of the same kind.
            var order: [String] = []
            var counts: [String: (count: Int, tables: Int)] = [:]
            for t in tables where t.outOfRangeLookups > 0 {
                let key = "\(t.function) table\u{0}[\(SVGPlot.label(t.rangeStart)), \(SVGPlot.label(t.rangeEnd)))"
                if counts[key] == nil { order.append(key) }
                counts[key, default: (0, 0)].count += t.outOfRangeLookups
                counts[key, default: (0, 0)].tables += 1
            }
            for key in order {
                let parts = key.split(separator: "\u{0}").map(String.init)
                let c = counts[key]!
                warnings.append("\(c.count) lookup(s) of \(c.tables == 1 ? "the" : "\(c.tables)") \(parts[0])\(c.tables == 1 ? "" : "s") fell outside the range \(parts[1]) and were clamped")
            }
        } else if let v = d.tableRangeViolations, v.reduce(0, +) > 0 {
            warnings.append("\(v.reduce(0, +)) table argument(s) fell outside their table's range and were clamped")
        }

        warnings += context?.designWarnings?[d.name] ?? []

        // ECP5 first (the page's latency in ns), the larger ECP5 next, else whatever family was placed.
        let runs: [TimingResult] = d.timing ?? []
        let preferred: TimingResult? = runs.first { $0.family == .ecp5 } ?? runs.first { $0.family == .ecp5_85k } ?? runs.first
        let timing = preferred.map { ReportPage.Timing(family: $0.family.rawValue, device: $0.device, fmaxMhz: $0.fmaxMhz, seeds: $0.fmaxMhzPerSeed.count) }
        self.init(
            name: d.name, title: context?.designTitles[d.name], precision: r.precision,
            formulas: r.outputs.map { .init(output: $0.name, text: $0.formula, format: $0.format) },
            inputNames: context?.inputNames ?? [], accuracy: accuracy, classes: classes, confusion: confusion,
            latencyCycles: r.outputs.isEmpty ? nil : d.latencyCycles, ii: r.outputs.isEmpty ? nil : d.ii, timing: timing,
            resources: d.resources.map { .init(lut: $0.lut, ff: $0.ff, dsp: $0.dsp48e1, bram18: $0.bram18) },
            bitExact: bitExact,
            errorHistograms: (d.errorHistograms ?? []).map { .init(output: $0.output, edges: $0.binEdges, counts: $0.counts) },
            meanAbsError: r.outputs.isEmpty ? nil : d.meanAbsError, maxAbsError: r.outputs.isEmpty ? nil : d.maxAbsError,
            warnings: warnings)
        firstFailure = (r.failures ?? []).flatMap(\.summaryLines)
    }

    static func firstMismatch(_ r: DesignResult) -> String? {
        guard let o = r.outputs.first(where: { $0.firstMismatch != nil }), let m = o.firstMismatch else { return nil }
        return "output \(o.name), vector \(m.vector): expected \(m.expectedBits), RTL gave \(m.actualBits)"
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
