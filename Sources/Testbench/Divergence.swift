import Datapath
import FixedPoint
import Results
import SymbolicExpression
import Verilator
import VerilogBackend

/// Finds the first datapath node whose value in a traced re-run differs from the golden model's.
///
/// Each node's wire (`NodeSignals`) is read from the waveform at the cycle the schedule puts that vector's
/// value there, and compared with the golden model's value of the same node; nodes are visited in
/// topological order, so the first difference is where the error entered the datapath.
public enum DivergenceLocator {
    /// - Parameters:
    ///   - rawInputs: the window's quantized inputs, row-major.
    ///   - vector: the failing vector's index in the window; `runVector` its index in the original run.
    ///   - resetCycles: reset cycles before the window's first vector (the trace starts at cycle 0).
    public static func locate(datapath d: Datapath, schedule: Schedule, formulas: FormulaSet, trace: VCDTrace, rawInputs: [Int128],
                              vector: Int, runVector: Int, resetCycles: Int) -> (divergence: FailureReport.Divergence?, note: String?) {
        let nIn = d.inputs.count
        let values = GoldenModel(d).nodeValues(Array(rawInputs[(vector * nIn)..<((vector + 1) * nIn)]))
        let inCycle = resetCycles + vector
        var seen = 0
        for (i, node) in d.nodes.enumerated() {
            guard let signal = trace.signal(endingWith: NodeSignals.name(i)) else { continue }
            seen += 1
            let cycle = inCycle + NodeSignals.cycleOffset(node: i, schedule: schedule)
            guard let got = VCDTrace.bits(signal, at: UInt64(cycle) * TraceFormat.ticksPerCycle) else { continue }
            let want = FailureRecords.bits(values[i], node.format)
            guard got != want else { continue }
            let actual: FailureReport.Value
            if let raw = raw(got, node.format) {
                actual = .init(value: node.format.double(fromRaw: raw), bits: got)
            } else {
                actual = .init(value: .nan, bits: got)
            }
            let operands = node.op.operands.map { o in
                FailureReport.Operand(node: o.description, operation: operation(d, o.index), format: d[o].format.fullDescription,
                                      value: FailureRecords.value(values[o.index], d[o].format))
            }
            let (output, line, text) = origin(d, formulas, node: i)
            return (.init(node: "n\(i)", signal: NodeSignals.name(i), operation: operation(d, i), format: node.format.fullDescription,
                          operands: operands, expected: FailureRecords.value(values[i], node.format), actual: actual,
                          vector: runVector, cycle: cycle, output: output, formulaLine: line, formula: text), nil)
        }
        if seen == 0 {
            return (nil, "the waveform has no node signals (sf_n<index>); the RTL does not use the emitter's names")
        }
        return (nil, "every traced node (\(seen) of \(d.nodes.count)) equals the golden model in the re-run window; the difference is after the datapath (output wiring or valid timing)")
    }

    /// A node's operation as in the datapath listing: `mul n3, n5`, `cast n7`, `table n2, t0 sin`.
    static func operation(_ d: Datapath, _ i: Int) -> String {
        let n = d.nodes[i]
        switch n.op {
        case .input(let k): return "in \(d.inputs[k].name)"
        case .constant(let raw): return "const \(n.format.double(fromRaw: raw))"
        case .table(let a, let t): return "table \(a), t\(t) \(d.tables[t].function.rawValue) \(d.tables[t].size) entries"
        default: return n.op.mnemonic + " " + n.op.operands.map(\.description).joined(separator: ", ")
        }
    }

    /// The first output whose cone holds node `i`: its name, line and formula.
    static func origin(_ d: Datapath, _ formulas: FormulaSet, node i: Int) -> (String, Int, String) {
        for o in d.outputs {
            var stack = [o.node.index], seen = Set<Int>()
            while let n = stack.popLast() {
                guard seen.insert(n).inserted else { continue }
                if n == i {
                    let f = formulas.formulas.first { $0.name == o.name }
                    return (o.name, f?.line ?? 0, f?.expr.description ?? "")
                }
                stack += d.nodes[n].op.operands.map(\.index)
            }
        }
        return ("", 0, "")
    }

    /// Raw value of a bit string in `format` (sign-extended); nil when it holds x or z.
    static func raw(_ bits: String, _ format: FixedFormat) -> Int128? {
        var u = UInt128(0)
        for c in bits {
            guard c == "0" || c == "1" else { return nil }
            u = (u << 1) | (c == "1" ? 1 : 0)
        }
        return format.wrapRaw(Int128(bitPattern: u))
    }
}
