import Results

/// The one rule for failing a run, shared by `cosim`, `run` and `regress`: every simulator that ran must
/// equal the Swift model bit for bit and show the scheduled latency on every vector.
public enum Verdict {
    /// One reason a result fails.
    public struct Failure: Sendable, Equatable, CustomStringConvertible {
        public var kind: Check.Kind
        public var message: String
        public var description: String { message }
    }

    /// Every reason `r` fails; empty when it passes.
    public static func failures(_ r: DesignResult) -> [Failure] {
        var out: [Failure] = []
        let mm = r.outputs.reduce(0) { $0 + $1.mismatches }
        if mm > 0 {
            let first = r.outputs.first { $0.firstMismatch != nil }.map { ", first at vector \($0.firstMismatch!.vector) of output \($0.name)" } ?? ""
            out.append(Failure(kind: .mismatches, message: "\(mm) output value(s) differ from the Swift model\(first)"))
        }
        for o in r.outputs where o.latencyCycles != r.predictedLatencyCycles {
            out.append(Failure(kind: .latencySchedule, message: "output \(o.name): measured latency \(o.latencyCycles) cycles, scheduled \(r.predictedLatencyCycles)"))
        }
        for (label, s) in [("Icarus Verilog", r.icarus), ("HLS C simulation", r.hlsCsim)] {
            guard let s else { continue }
            let n = s.mismatches.reduce(0, +)
            if n > 0 { out.append(Failure(kind: .mismatches, message: "\(label): \(n) output value(s) differ from the Swift model")) }
            if let l = s.latencyCycles, l != r.predictedLatencyCycles || (s.latencyMismatches ?? 0) > 0 {
                let count = (s.latencyMismatches ?? 0) > 0 ? " on \(s.latencyMismatches!) vector(s)" : ""
                out.append(Failure(kind: .latencySchedule, message: "\(label): measured latency \(l) cycles\(count), scheduled \(r.predictedLatencyCycles)"))
            }
        }
        return out
    }
}
