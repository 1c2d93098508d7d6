import Datapath
import Foundation
import HLSBackend
import SymbolicExpression
import Testbench
import Verilator

/// What a failed co-simulation leaves for the user: per failing implementation the first-failure record
/// (terminal, results.json, report page), and in `<root>/<design>/`: `first_failure.md`, a repro CSV per
/// implementation (`repro.csv` for the Verilated RTL, `repro-icarus.csv`, `repro-hls_csim.csv`), and for the
/// RTL a waveform of the cycles around the first failure (`window.fst`) with the first diverging node.
public struct FailureArtifacts {
    /// Folder that receives `<design>/`.
    public var root: String
    /// Vectors traced before and after the first failing one.
    public var windowBefore = 8
    public var windowAfter = 4
    /// Waveform format of the window.
    public var windowFormat: TraceFormat = .fst

    public init(root: String) { self.root = root }

    /// The default folder: `<report>/failures` when a report folder is given, else `build/failures`.
    public static func defaultRoot(report: String?) -> String {
        report.map { URL(fileURLWithPath: $0).appendingPathComponent("failures").path } ?? "build/failures"
    }

    /// Writes everything for the failing implementations; returns their reports (empty when all passed).
    /// The folder is built beside its final place and renamed into it, so it is never half-written.
    public func write(_ outcome: CosimFlow.Outcome, stimulus: Stimulus, formulas: FormulaSet, toolchain: VerilatorToolchain,
                      implementation: String, icarus: [OutputFailureLog], hls: HLSCSimCheck?) throws -> [FailureReport] {
        let d = outcome.datapath
        let raw = d.quantizeInputs(stimulus.values, stride: stimulus.inputCount)
        let cap = 20
        var pending: [(FailureReport, [OutputFailureLog], String)] = []
        if let r = FailureRecords.report(implementation: implementation, datapath: d, rawInputs: raw, logs: outcome.failureLog, cap: cap) {
            pending.append((r, outcome.failureLog, "repro.csv"))
        }
        if let r = FailureRecords.report(implementation: "icarus", datapath: d, rawInputs: raw, logs: icarus, cap: cap) {
            pending.append((r, icarus, "repro-icarus.csv"))
        }
        if let hls {
            let golden = GoldenModel(d).evaluateBatch(count: stimulus.count, inputs: raw)
            let logs = OutputFailureLog.compare(actual: hls.rawOutputs, expected: golden, outputs: d.outputs.count, cap: cap)
            if let r = FailureRecords.report(implementation: "hls_csim", datapath: d, rawInputs: raw, logs: logs, cap: cap) {
                pending.append((r, logs, "repro-hls_csim.csv"))
            }
        }
        guard !pending.isEmpty else { return [] }

        let final = URL(fileURLWithPath: root).appendingPathComponent(d.name)
        try Files.prepareDirectory(root)
        let stage = URL(fileURLWithPath: root).appendingPathComponent(".\(d.name).tmp-\(getpid())-\(UUID().uuidString)")
        try Files.prepareDirectory(stage.path)
        defer { try? FileManager.default.removeItem(at: stage) }

        var reports: [FailureReport] = []
        for (var report, logs, reproName) in pending {
            let failing = Array(Set(logs.flatMap(\.indices))).sorted()
            let rows = Repro.rows(failing: failing, fill: outcome.design.latency, count: stimulus.count)
            try Files.write(Repro.csv(datapath: d, rawInputs: raw, rows: rows), to: stage.appendingPathComponent(reproName).path)
            report.files["repro"] = final.appendingPathComponent(reproName).path
            report.files["report"] = final.appendingPathComponent("first_failure.md").path
            if report.implementation == implementation, let source = outcome.source {
                // The record and the repro stand on their own: a window that cannot be traced is noted, not fatal.
                do {
                    try window(&report, logs: logs, source: source, outcome: outcome, raw: raw, formulas: formulas, toolchain: toolchain,
                               stage: stage, final: final)
                } catch {
                    report.files["waveform"] = nil
                    report.divergenceNote = "the failure window was not traced: \(error)"
                }
            }
            reports.append(report)
        }
        try Files.write(FailureRecords.markdown(design: d.name, reports: reports), to: stage.appendingPathComponent("first_failure.md").path)
        do {
            if FileManager.default.fileExists(atPath: final.path) { try FileManager.default.removeItem(at: final) }
            try FileManager.default.moveItem(at: stage, to: final)
        } catch {
            throw FlowError("cannot move the failure files into \(final.path): \(error.localizedDescription)")
        }
        return reports
    }

    /// Re-runs the window around the first failure on the traced builds: the waveform the user opens, and a
    /// VCD read back to find the first diverging node.
    func window(_ report: inout FailureReport, logs: [OutputFailureLog], source: DesignSource, outcome: CosimFlow.Outcome, raw: [Int128],
                formulas: FormulaSet, toolchain: VerilatorToolchain, stage: URL, final: URL) throws {
        let d = outcome.datapath
        let nIn = d.inputs.count
        guard let first = logs.compactMap(\.firstVector).min() else { return }
        let count = nIn == 0 ? 0 : raw.count / nIn
        let lo = max(0, first - windowBefore), hi = min(count, first + windowAfter + 1)
        let windowInputs = Array(raw[(lo * nIn)..<(hi * nIn)])
        let latency = outcome.design.latency
        let runner = TraceWindow()
        try TraceWindow.check(vectors: hi - lo, latency: latency, bitsPerCycle: TraceWindow.tracedBits(d), design: d.name)

        let name = "window.\(windowFormat.rawValue)"
        let (_, waveSim) = try toolchain.buildAndLoad(source.traced(windowFormat))
        _ = try runner.run(waveSim, datapath: d, rawInputs: windowInputs, latency: latency, path: stage.appendingPathComponent(name).path)
        report.files["waveform"] = final.appendingPathComponent(name).path

        let vcd = stage.appendingPathComponent(".nodes.vcd")
        defer { try? FileManager.default.removeItem(at: vcd) }
        let (_, nodeSim) = try toolchain.buildAndLoad(source.traced(.vcd))
        _ = try runner.run(nodeSim, datapath: d, rawInputs: windowInputs, latency: latency, path: vcd.path)
        let trace = try VCDTrace(contentsOf: vcd.path)
        let found = DivergenceLocator.locate(datapath: d, schedule: outcome.design.schedule, formulas: formulas, trace: trace,
                                             rawInputs: windowInputs, vector: first - lo, runVector: first, resetCycles: runner.resetCycles)
        report.divergence = found.divergence
        report.divergenceNote = found.note
        if report.divergence != nil || found.note != nil {
            report.divergenceNote = (found.note.map { $0 + "; " } ?? "") + "window: vectors \(lo)–\(hi - 1) of the run, traced from cycle 0 (\(runner.resetCycles) reset cycles first, \(TraceFormat.ticksPerCycle) time units per cycle)"
        }
    }
}
