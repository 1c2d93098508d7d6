import Datapath
import FixedPoint
import Foundation

/// The outcome of running the HLS C simulation beside the Swift model on the same raw vectors.
public struct HLSCSimCheck: Sendable {
    /// One output's agreement with the Swift model.
    public struct OutputCheck: Sendable, Equatable {
        public var name: String
        public var mismatches: Int
        /// First disagreeing vector, with the raw bits of both sides.
        public var firstMismatch: (vector: Int, expected: Int128, csim: Int128)?

        public static func == (a: OutputCheck, b: OutputCheck) -> Bool {
            a.name == b.name && a.mismatches == b.mismatches && a.firstMismatch?.vector == b.firstMismatch?.vector
                && a.firstMismatch?.expected == b.firstMismatch?.expected && a.firstMismatch?.csim == b.firstMismatch?.csim
        }
    }

    public var binary: HLSCSim.Binary
    /// The csim's raw outputs, row-major (for `VectorDump`).
    public var rawOutputs: [Int128]
    public var outputs: [OutputCheck]

    public var mismatches: Int { outputs.reduce(0) { $0 + $1.mismatches } }

    /// A short human-readable summary, one line per output.
    public var summary: String {
        var lines = ["HLS csim: g++ \(binary.cacheHit ? "cached" : String(format: "%.1f s", binary.seconds)) (\(binary.hash.prefix(12)))"]
        for o in outputs {
            lines.append("  \(o.name): \(o.mismatches) mismatches" + (o.firstMismatch.map { ", first at vector \($0.vector): swift \($0.expected), csim \($0.csim)" } ?? ""))
        }
        lines.append(mismatches == 0 ? "PASS: HLS csim equals the Swift model bit for bit on every output" : "FAIL: \(mismatches) outputs of the HLS csim differ from the Swift model")
        return lines.joined(separator: "\n")
    }
}

extension HLSCSim {
    /// Emits, compiles (or reuses) and runs `d`, and compares every output with `expected` (the Swift model's raw outputs).
    public func check(datapath d: Datapath, rawInputs: [Int128], expected: [Int128], emitter: HLSEmitter = HLSEmitter()) throws -> HLSCSimCheck {
        let binary = try build(try emitter.emit(d))
        let actual = try run(binary, datapath: d, rawInputs: rawInputs)
        let nOut = d.outputs.count
        precondition(expected.count == actual.count, "expected outputs do not match the vector count")
        var checks = d.outputs.map { HLSCSimCheck.OutputCheck(name: $0.name, mismatches: 0, firstMismatch: nil) }
        for i in 0..<actual.count where actual[i] != expected[i] {
            let k = i % nOut
            checks[k].mismatches += 1
            if checks[k].firstMismatch == nil { checks[k].firstMismatch = (i / nOut, expected[i], actual[i]) }
        }
        return HLSCSimCheck(binary: binary, rawOutputs: actual, outputs: checks)
    }
}
