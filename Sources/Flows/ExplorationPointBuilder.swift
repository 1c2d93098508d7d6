import Datapath
import Foundation
import Reporting
import Synthesis
import Testbench
import Verilator

/// Builds one exploration point: co-simulated bit for bit against the Swift model, scored, and synthesized.
struct ExplorationPointBuilder {
    var data: ExplorationData
    var inputCount: Int
    var toolchain: VerilatorToolchain
    var synthesizer: Synthesizer?

    /// The design report of `c`, with its exploration point (quality measured) attached.
    /// The warning says why Fmax was not measured when place and route failed.
    func build(_ c: ExplorationCandidate) throws -> (DesignReport, tools: [String: String], warning: String?) {
        var plan = c.design.plan
        let format = plan.inputFormat
        let stimulus: Stimulus
        if let rows = data.rows {
            stimulus = try Stimulus.rows(rows, inputCount: inputCount, format: format, source: data.description)
            if case .optimized(var target) = plan, target.data.isEmpty {
                // The optimized plan searches its formats over the same rows it is judged on.
                target.data = rows
                plan = .optimized(target)
            }
        } else {
            try Stimulus.checkCount(vectors: data.vectors, inputCount: inputCount)
            stimulus = Stimulus.standardNormal(count: data.vectors, inputCount: inputCount, seed: data.seed, format: format)
        }
        var design = c.design
        design.plan = plan
        var flow = CosimFlow(plan: plan, delays: design.delays, toolchain: toolchain)
        flow.tables = c.design.tables
        flow.constantStyle = c.design.constantStyle
        flow.cosim.captureOutputs = true
        let outcome = try flow.run(c.set, name: c.name, inputCount: inputCount, stimulus: stimulus,
                                   seed: data.rows == nil ? data.seed : nil, stimulusLabel: data.description)
        let recipe = Recipe(source: c.point.source, precision: "\(plan.name) \(format)", clockNs: c.design.clockNs,
                            vectors: data.rows?.count ?? data.vectors, seed: data.rows == nil ? data.seed : 0)
        var report = DesignReport(cosim: outcome.result, recipe: recipe)
        let detail = AccuracyDetail(outcome, c.set, stimulus)
        report.errorHistograms = detail.histograms
        report.tableRangeViolations = detail.violations.isEmpty ? nil : detail.violations

        var point = c.point
        point.referenceAccuracy = data.referenceAccuracy
        if let labels = data.labels {
            let outputs = outcome.datapath.outputs
            let names = outputs.count == 1 ? ["0", outputs[0].name] : (data.classNames.count == outputs.count ? data.classNames : outputs.map(\.name))
            let figures = ClassificationFigures.evaluate(classNames: names, floatScores: detail.float, rtlScores: detail.rtl, labels: labels)
            report.classification = figures
            (point.quality, point.value, point.floatValue) = (.accuracy, figures.accuracyRtl, figures.accuracyFloat)
        } else if outcome.datapath.outputs.count > 1 {
            let agree = zip(detail.rtl, detail.float).filter { argmax($0) == argmax($1) }.count
            (point.quality, point.value) = (.agreement, detail.rtl.isEmpty ? 0 : Double(agree) / Double(detail.rtl.count))
        } else {
            let worst = zip(detail.rtl, detail.float).map { abs($0[0] - $1[0]) }.max() ?? 0
            (point.quality, point.value) = (.maxAbsError, worst)
        }
        report.exploration = point

        var tools: [String: String] = [:]
        var warning: String?
        if var synthesizer {
            do {
                let s = try synthesizer.run(outcome.design, datapath: outcome.datapath, name: c.name)
                report.attach(s)
                tools = s.tools
            } catch {
                // A point that does not route (or routes too slowly) still has its resources measured.
                let reason = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
                warning = "place and route failed, so Fmax was not measured: \(reason)"
                synthesizer.families = []
                let s = try synthesizer.run(outcome.design, datapath: outcome.datapath, name: c.name)
                report.attach(s)
                tools = s.tools
            }
        }
        return (report, tools, warning)
    }

    func argmax(_ row: [Double]) -> Int {
        row.indices.max { row[$0] < row[$1] } ?? 0
    }
}
