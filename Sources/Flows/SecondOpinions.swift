import Datapath
import Foundation
import HLSBackend
import Testbench

/// The other implementations run beside a finished co-simulation: the HLS C simulation on every vector,
/// Icarus Verilog on the first ones, and a CSV dump of everything for the user to inspect.
public enum SecondOpinions {
    /// Runs the HLS C simulation on the cosim's vectors (when `hls`) and writes `vectors.csv` into `dump`
    /// with the Swift model's, the RTL's (when captured) and the csim's outputs. Set
    /// `flow.cosim.captureOutputs = true` before `flow.run` so the RTL outputs are in the dump.
    /// Returns the csim's verdict when it ran, and the dump file when written.
    public static func hls(_ outcome: CosimFlow.Outcome, stimulus: Stimulus, hls: Bool, dump: String?) throws -> (check: HLSCSimCheck?, dumpFile: URL?) {
        let d = outcome.datapath
        let raw = HLSVectors.quantize(d, values: stimulus.values, stride: stimulus.inputCount)
        let golden = outcome.goldenOutputs.count == stimulus.count * d.outputs.count
            ? outcome.goldenOutputs : GoldenModel(d).evaluateBatch(count: stimulus.count, inputs: raw)
        var implementations = [VectorDump.Implementation(name: "swift", rawOutputs: golden)]
        if outcome.rtlOutputs.count == golden.count { implementations.append(.init(name: "verilator", rawOutputs: outcome.rtlOutputs)) }
        var result: HLSCSimCheck? = nil
        if hls {
            let check = try HLSCSim().check(datapath: d, rawInputs: raw, expected: golden)
            implementations.append(.init(name: "hls_csim", rawOutputs: check.rawOutputs))
            result = check
        }
        var file: URL? = nil
        if let dump {
            file = try VectorDump.write(datapath: d, rawInputs: raw, implementations: implementations, to: try Files.prepareDirectory(dump))
        }
        return (result, file)
    }

    /// Adds the HLS csim verdict to a result; the csim has no clock, so its latency is "not measured".
    public static func record(_ check: HLSCSimCheck, vectors: Int, in result: inout DesignResult) {
        result.hlsCsim = .init(vectors: vectors, mismatches: check.outputs.map(\.mismatches), latencyCycles: nil)
    }

    /// Simulates the first `vectors` vectors under Icarus Verilog and records its verdict in `result`.
    /// Returns Icarus's failures per output (empty when it did not run).
    @discardableResult
    public static func icarus(_ outcome: CosimFlow.Outcome, stimulus: Stimulus, vectors: Int, into result: inout DesignResult) throws -> [OutputFailureLog] {
        guard vectors > 0 else { return [] }
        let k = min(vectors, stimulus.count)
        let sub = Stimulus(values: Array(stimulus.values.prefix(k * stimulus.inputCount)), inputCount: stimulus.inputCount,
                           edgeCaseCount: min(stimulus.edgeCaseCount, k))
        let ic = try IcarusCrossCheck().run(outcome.design, datapath: outcome.datapath, stimulus: sub)
        result.icarus = .init(vectors: ic.vectors, mismatches: ic.mismatches, latencyCycles: ic.latencyCycles, latencyMismatches: ic.latencyMismatches)
        return ic.failureLog
    }
}
