import Foundation
import Synthesis
import Testbench

/// The human-readable co-simulation summary the CLI prints.
public enum CosimSummary {
    public static func text(_ r: DesignResult) -> String {
        var lines = [
            "design \(r.design): \(r.inputs) inputs, \(r.vectors) vectors (\(r.edgeCaseVectors) edge cases, \(r.stimulus)), precision \(r.precision)",
            "build \(r.build.cacheHit ? "cached" : String(format: "%.2f s", r.build.seconds)), \(String(format: "%.2f", r.cyclesPerSecond / 1e6)) M cycles/s with full checking",
            "",
            pad(["output", "mismatches", "latency", "predicted", "II", "max |err|", "mean |err|"]),
        ]
        for o in r.outputs {
            lines.append(pad([o.name, "\(o.mismatches)", "\(o.latencyCycles)", "\(r.predictedLatencyCycles)", "\(o.ii)",
                              String(format: "%.3g", o.maxAbsError), String(format: "%.3g", o.meanAbsError)]))
            if let m = o.firstMismatch {
                lines.append("  first mismatch at vector \(m.vector): expected \(m.expectedBits), RTL \(m.actualBits)")
            }
        }
        if let a = r.argmaxAgreement {
            lines.append(String(format: "argmax of the fixed-point outputs equals the float model's on %.2f%% of vectors", a * 100))
        }
        for t in r.tables ?? [] {
            let range = t.periodic ? "periodic" : "[\(t.rangeStart), \(t.rangeEnd))"
            let note = t.outOfRangeLookups > 0 ? " — \(t.outOfRangeLookups) lookups outside the range were clamped" : ""
            lines.append("table \(t.table): \(t.function), \(t.entries) entries, \(range)\(note)")
        }
        if let h = r.hlsCsim {
            lines.append("HLS C simulation on all \(h.vectors) vectors: \(h.mismatches.reduce(0, +)) mismatches against the Swift model")
        }
        if let ic = r.icarus {
            let total = ic.mismatches.reduce(0, +)
            lines.append("Icarus Verilog on the first \(ic.vectors) vectors: \(total) mismatches against the Swift model, latency \(ic.latencyCycles.map(String.init) ?? "not measured")\((ic.latencyMismatches ?? 0) > 0 ? " (\(ic.latencyMismatches!) vectors off the schedule)" : "")")
        }
        for f in r.failures ?? [] { lines += [""] + f.summaryLines }
        let bad = r.outputs.filter { $0.mismatches > 0 }.count
        lines.append("")
        lines.append(bad == 0 ? "PASS: RTL equals the Swift model bit for bit on every output" : "FAIL: \(bad) output(s) differ from the Swift model")
        return lines.joined(separator: "\n")
    }

    static func pad(_ cells: [String]) -> String {
        let widths = [12, 11, 8, 10, 4, 11, 11]
        return zip(cells, widths).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }.joined(separator: " ")
    }
}

/// The human-readable synthesis summary the CLI prints.
public enum SynthSummary {
    public static func text(_ r: SynthesisResult) -> String {
        let x = r.resources
        var lines = [
            "design \(r.design) (top \(r.top)), Yosys synth_xilinx -family xc7:",
            "  LUT \(x.lut)  FF \(x.ff)  CARRY4 \(x.carry4)  DSP48E1 \(x.dsp48e1)  BRAM18 \(x.bram18)  SRL \(x.srl)  LUTRAM \(x.lutram)  logic levels \(x.logicLevels)",
        ]
        for t in r.timing {
            lines.append("  \(t.family) \(t.device): Fmax \(String(format: "%.1f", t.fmaxMhz)) MHz (median of \(t.fmaxMhzPerSeed.map { String(format: "%.1f", $0) }.joined(separator: ", "))), latency \(t.latencyCycles) cycles = \(String(format: "%.2f", t.latencyNs)) ns")
        }
        if r.timing.isEmpty { lines.append("  timing not measured") }
        return lines.joined(separator: "\n")
    }
}
