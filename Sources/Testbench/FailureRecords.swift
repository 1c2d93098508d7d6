import Datapath
import FixedPoint
import Foundation
import Results

/// Turns the scoreboard's failure logs into the results file's `FailureReport` and its Markdown page.
public enum FailureRecords {
    /// The raw two's-complement bits of `raw` in `format`, most significant first.
    public static func bits(_ raw: Int128, _ format: FixedFormat) -> String {
        let u = UInt128(bitPattern: raw)
        return String((0..<format.width).reversed().map { (u >> UInt128($0)) & 1 == 1 ? "1" : "0" })
    }

    static func value(_ raw: Int128, _ format: FixedFormat) -> FailureReport.Value {
        .init(value: format.double(fromRaw: raw), bits: bits(raw, format))
    }

    /// `^` under each differing bit, `.` elsewhere.
    public static func marks(_ a: String, _ b: String) -> String {
        String(zip(a, b).map { $0 == $1 ? "." : "^" })
    }

    /// The report of one implementation's failures; `rawInputs` holds the run's quantized inputs, row-major.
    public static func report(implementation: String, datapath d: Datapath, rawInputs: [Int128], logs: [OutputFailureLog], cap: Int) -> FailureReport? {
        let nIn = d.inputs.count
        let outputs: [FailureReport.OutputFailure] = logs.compactMap { log in
            guard let v = log.firstVector else { return nil }
            let o = d.outputs[log.output]
            let f = d.outputFormat(o)
            let inputs = d.inputs.enumerated().map { k, p in
                FailureReport.Input(name: p.name, format: p.format.fullDescription, value: value(rawInputs[v * nIn + k], p.format))
            }
            let e = value(log.firstExpected, f), a = value(log.firstActual, f)
            return .init(output: o.name, format: f.fullDescription, vector: v, inputs: inputs, expected: e, actual: a,
                         differingBits: marks(e.bits, a.bits), cycle: log.firstCycle, failures: log.count, indices: log.indices, indicesCap: cap)
        }
        return outputs.isEmpty ? nil : FailureReport(implementation: implementation, outputs: outputs)
    }

    /// `first_failure.md`: every failing implementation of one design.
    public static func markdown(design: String, reports: [FailureReport]) -> String {
        var s = "# First failure: \(design)\n\n"
        for r in reports {
            s += "## \(r.implementation)\n\n"
            for o in r.outputs {
                s += "### Output `\(o.output)` (\(o.format))\n\n"
                s += "First failing vector: **\(o.vector)** (edge cases first)"
                s += o.cycle.map { "; its result left the design in cycle \($0) (counted from the first reset cycle).\n\n" } ?? ".\n\n"
                s += "| input | format | value | bits |\n|---|---|---|---|\n"
                for i in o.inputs { s += "| \(i.name) | \(i.format) | \(fmt(i.value.value)) | `\(i.value.bits)` |\n" }
                s += "\n```\nexpected \(o.expected.bits)  \(fmt(o.expected.value))\nactual   \(o.actual.bits)  \(fmt(o.actual.value))\n         \(o.differingBits)\n```\n\n"
                s += "Failing vectors of this output: \(o.failures)"
                if o.failures > 1 {
                    s += " (\(o.indices.map(String.init).joined(separator: ", "))\(o.failures > o.indices.count ? ", …; the first \(o.indicesCap) are listed" : ""))"
                }
                s += ".\n\n"
            }
            if let dv = r.divergence {
                s += "### First diverging node\n\n"
                s += "`\(dv.node)` (signal `\(dv.signal)`) = `\(dv.operation)` : \(dv.format), compared for vector \(dv.vector) in cycle \(dv.cycle) of the re-run window.\n\n"
                s += "```\nexpected \(dv.expected.bits)  \(fmt(dv.expected.value))\nRTL      \(dv.actual.bits)  \(fmt(dv.actual.value))\n         \(marks(dv.expected.bits, dv.actual.bits))\n```\n\n"
                if !dv.operands.isEmpty {
                    s += "| operand | operation | format | value | bits |\n|---|---|---|---|---|\n"
                    for op in dv.operands { s += "| \(op.node) | \(op.operation) | \(op.format) | \(fmt(op.value.value)) | `\(op.value.bits)` |\n" }
                    s += "\n"
                }
                s += "From output `\(dv.output)`\(dv.formulaLine > 0 ? " (line \(dv.formulaLine))" : ""): `\(dv.formula)`\n\n"
            } else if r.divergenceNote != nil {
                s += "### Diverging node not localised\n\n"
            }
            if let note = r.divergenceNote { s += "Note: \(note)\n\n" }
            if !r.files.isEmpty {
                s += "Files: " + r.files.keys.sorted().map { "\($0) `\(r.files[$0]!)`" }.joined(separator: ", ") + "\n\n"
            }
        }
        return s
    }

    static func fmt(_ x: Double) -> String { "\(x)" }
}
