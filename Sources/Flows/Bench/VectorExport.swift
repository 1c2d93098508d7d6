import Datapath
import Foundation
import Testbench
import Verilator
#if canImport(Glibc)
import Glibc
#endif

/// The per-cycle input words and expected output words the Swift testbench uses, written to files.
///
/// Layout follows `Cosimulation.run`: `resetCycles` cycles of rst, then one vector per cycle with
/// in_valid high, then `latency + 2` idle cycles to flush the pipeline.
public struct VectorExport {
    public let inputPorts: [PortSpec]
    public let outputPorts: [PortSpec]
    public let inWords: Int
    public let outDataWords: Int
    public let vectors: Int
    public let latency: Int
    public let resetCycles: Int
    public let totalCycles: Int
    public let inputWords: [UInt32]
    public let expectedWords: [UInt32]

    public init(datapath d: Datapath, stimulus: Stimulus, latency: Int, resetCycles: Int) throws {
        let ports = Cosimulation.ports(d)
        inputPorts = ports.filter { $0.direction == .input }
        outputPorts = ports.filter { $0.direction == .output }
        inWords = inputPorts.reduce(0) { $0 + $1.words }
        outDataWords = outputPorts.dropFirst().reduce(0) { $0 + $1.words }
        let n = stimulus.count
        let nIn = d.inputs.count
        vectors = n
        self.latency = latency
        self.resetCycles = resetCycles
        totalCycles = resetCycles + n + max(latency, 1) + 2

        let raw = d.quantizeInputs(stimulus.values, stride: stimulus.inputCount)
        let expected = GoldenModel(d).evaluateBatch(count: n, inputs: raw)
        let nOut = d.outputs.count

        var words = [UInt32](repeating: 0, count: totalCycles * inWords)
        let dataPorts = Array(inputPorts.dropFirst(2))
        for c in 0..<totalCycles {
            var p = c * inWords
            let v = c - resetCycles
            words[p] = c < resetCycles ? 1 : 0
            words[p + 1] = (v >= 0 && v < n) ? 1 : 0
            p += 2
            guard v >= 0 && v < n else { continue }
            for (k, port) in dataPorts.enumerated() { Cosimulation.pack(raw[v * nIn + k], width: port.width, into: &words, at: &p) }
        }
        inputWords = words

        var exp = [UInt32](repeating: 0, count: n * outDataWords)
        let outWidths = outputPorts.dropFirst().map(\.width)
        for r in 0..<n {
            var p = r * outDataWords
            for (k, w) in outWidths.enumerated() { Cosimulation.pack(expected[r * nOut + k], width: w, into: &exp, at: &p) }
        }
        expectedWords = exp
    }

    /// Writes inputs.bin, expected.bin (raw little-endian words) and ports.txt (the layout).
    public func write(to dir: URL) throws {
        try Files.write(inputWords.withUnsafeBytes { Data($0) }, to: dir.appendingPathComponent("inputs.bin").path)
        try Files.write(expectedWords.withUnsafeBytes { Data($0) }, to: dir.appendingPathComponent("expected.bin").path)
        var layout = [
            "# one line per port in packing order: direction name width words",
            "# inputs.bin: \(totalCycles) cycles x \(inWords) words; expected.bin: \(vectors) vectors x \(outDataWords) words (out_valid excluded)",
            "cycles \(totalCycles)", "vectors \(vectors)", "reset_cycles \(resetCycles)", "latency \(latency)",
        ]
        for p in inputPorts + outputPorts { layout.append("\(p.direction.rawValue) \(p.name) \(p.width) \(p.words)") }
        try Files.write(Data((layout.joined(separator: "\n") + "\n").utf8), to: dir.appendingPathComponent("ports.txt").path)
    }

    /// Cycles per wall-clock second and per thread-CPU second of `sim.run` alone on the exported
    /// words, in the testbench's chunk size.
    public func bridgeOnly(_ sim: SimulatedDesign) throws -> (wall: Double, cpu: Double) {
        let chunk = Cosimulation().chunkCycles
        let outWords = sim.outputWordsPerCycle
        var out = [UInt32](repeating: 0, count: chunk * outWords)
        let cpu0 = threadCPUSeconds()
        let start = DispatchTime.now().uptimeNanoseconds
        try inputWords.withUnsafeBufferPointer { i in
            try out.withUnsafeMutableBufferPointer { o in
                var c = 0
                while c < totalCycles {
                    let k = min(chunk, totalCycles - c)
                    try sim.run(cycles: k, inputs: i.baseAddress! + c * inWords, outputs: o.baseAddress!)
                    c += k
                }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = threadCPUSeconds() - cpu0
        return (Double(totalCycles) / max(seconds, 1e-9), Double(totalCycles) / max(cpu, 1e-9))
    }
}

/// CPU time of the calling thread: unlike wall time, it does not grow while other jobs hold the cores.
public func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

