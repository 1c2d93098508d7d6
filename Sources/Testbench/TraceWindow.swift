import Datapath
import FixedPoint
import Foundation
import Verilator

/// Runs a few vectors through a traced build with the waveform open: the window around a failure, or the
/// first vectors of a run on demand.
public struct TraceWindow {
    /// Most signal bits (cycles × traced bits per cycle) one waveform may hold: about 32 MB of values
    /// before compression, which GTKWave and Surfer still open at once.
    public static let maxTracedBits = 1 << 28
    public var resetCycles = 2

    public init() {}

    /// Signal bits per cycle of an emitted design in a waveform: its ports and every node's wire.
    public static func tracedBits(_ d: Datapath) -> Int {
        d.inputs.reduce(0) { $0 + $1.format.width } * 2 + d.nodes.reduce(0) { $0 + $1.format.width }
            + d.outputs.reduce(0) { $0 + d.outputFormat($1).width } + 4
    }

    /// Cycles a window of `vectors` vectors takes: reset, the vectors, and the pipeline's drain.
    public func cycles(vectors: Int, latency: Int) -> Int { resetCycles + vectors + latency + 2 }

    /// Refuses a window too large to trace, naming the size and a window that fits.
    public static func check(vectors: Int, latency: Int, bitsPerCycle: Int, design: String) throws(TraceWindowError) {
        let cycles = TraceWindow().cycles(vectors: vectors, latency: latency)
        let (total, overflow) = cycles.multipliedReportingOverflow(by: max(bitsPerCycle, 1))
        guard overflow || total > maxTracedBits else { return }
        let fits = max(1, maxTracedBits / max(bitsPerCycle, 1) - TraceWindow().cycles(vectors: 0, latency: latency))
        throw TraceWindowError(message: "tracing \(vectors) vectors of \(design) (\(bitsPerCycle) signal bits per cycle, \(cycles) cycles) would record \(overflow ? "more than \(Int.max)" : "\(total)") bits, over the limit of \(maxTracedBits); give --trace-vectors \(fits) or fewer")
    }

    /// Drives reset, then `rawInputs` (row-major, one row per vector) back to back, then idle cycles, writing
    /// every signal to `path`; returns the cycles run. The port layout is `Cosimulation.ports`.
    public func run(_ sim: SimulatedDesign, datapath d: Datapath, rawInputs: [Int128], latency: Int, path: String) throws -> Int {
        let widths = d.inputs.map(\.format.width)
        let nIn = widths.count
        let vectors = nIn == 0 ? 0 : rawInputs.count / nIn
        let total = cycles(vectors: vectors, latency: latency)
        let inWords = sim.inputWordsPerCycle
        var words = [UInt32](repeating: 0, count: total * inWords)
        for c in 0..<total {
            var p = c * inWords
            let v = c - resetCycles
            words[p] = c < resetCycles ? 1 : 0
            words[p + 1] = v >= 0 && v < vectors ? 1 : 0
            p += 2
            for (k, w) in widths.enumerated() {
                Cosimulation.pack(v >= 0 && v < vectors ? rawInputs[v * nIn + k] : 0, width: w, into: &words, at: &p)
            }
        }
        try sim.restart()
        try sim.startTrace(path: path)
        defer { sim.stopTrace() }
        _ = try sim.run(cycles: total, inputs: words)
        return total
    }
}

/// A waveform request that cannot be met.
public struct TraceWindowError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// The vectors that reproduce a failure, as a CSV `cosim --data` replays.
public enum Repro {
    /// Vectors to write: each failing index with `fill` vectors before it (to fill the pipeline as in the run), in order, without repeats.
    public static func rows(failing: [Int], fill: Int, count: Int) -> [Int] {
        var keep = Set<Int>()
        for v in failing { for r in max(0, v - fill)...min(v, count - 1) { keep.insert(r) } }
        return keep.sorted()
    }

    /// CSV text: a header of input names, then each row's quantized inputs as exact real values, so the
    /// replay quantizes to the same bits. (A replay runs its own edge cases first.)
    public static func csv(datapath d: Datapath, rawInputs: [Int128], rows: [Int]) -> String {
        let nIn = d.inputs.count
        var s = d.inputs.map(\.name).joined(separator: ",") + "\n"
        for r in rows {
            s += d.inputs.enumerated().map { k, p in "\(p.format.double(fromRaw: rawInputs[r * nIn + k]))" }.joined(separator: ",") + "\n"
        }
        return s
    }
}
