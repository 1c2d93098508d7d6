import Datapath
import FixedPoint
import Foundation
import SymbolicExpression
import Verilator
import VerilogBackend

/// A testbench failure that is the design's fault or the setup's, with what to do about it.
public enum TestbenchError: Error, CustomStringConvertible {
    case watchdog(design: String, cycles: Int, received: Int, expected: Int)
    case spuriousValid(design: String, cycle: Int)
    case latencyChanged(design: String, vector: Int, first: Int, now: Int)

    public var description: String {
        switch self {
        case .watchdog(let d, let c, let r, let e):
            return "\(d): out_valid delivered \(r) of \(e) results and then stayed low for \(c) cycles (watchdog); check the valid pipeline and the reset"
        case .spuriousValid(let d, let c):
            return "\(d): out_valid rose at cycle \(c) with no vector in flight; check that the valid pipeline is cleared by rst"
        case .latencyChanged(let d, let v, let first, let now):
            return "\(d): vector \(v) took \(now) cycles but the first took \(first); a fixed pipeline must have a fixed latency"
        }
    }
}

/// Drives a Verilated design with a stream of vectors and checks every output bit against the golden model.
public struct Cosimulation {
    public var chunkCycles = 1 << 15
    /// Cycles to wait for the first result (or the rest) before failing.
    public var watchdogCycles = 10_000
    public var resetCycles = 2
    /// Keep the RTL's raw outputs (row-major, one per output per vector) for metrics computed on the RTL itself.
    public var captureOutputs = false
    /// Called after every chunk with (vectors checked, vectors in all), for progress on long runs.
    public var onChunk: ((Int, Int) -> Void)?
    /// The RTL outputs of the last run when `captureOutputs` is set.
    public private(set) var capturedOutputs: [Int128] = []
    /// The golden model's raw outputs of the last run (row-major) when `captureOutputs` is set.
    public private(set) var capturedGolden: [Int128] = []
    /// Per output of the last run: its failing vectors (indices up to `failureIndexCap`), and the first one's
    /// values and cycle. Filled only on the failure path, so a passing run pays nothing for it.
    public private(set) var failureLog: [OutputFailureLog] = []
    /// How many failing vector indices are kept per output.
    public var failureIndexCap = 20

    public init() {}

    /// The port list the bridge packs, in order: rst, in_valid, inputs, out_valid, outputs.
    public static func ports(_ d: Datapath) -> [PortSpec] {
        [PortSpec(name: "rst", direction: .input, width: 1), PortSpec(name: "in_valid", direction: .input, width: 1)]
            + d.inputs.map { PortSpec(name: $0.name, direction: .input, width: $0.format.width) }
            + [PortSpec(name: "out_valid", direction: .output, width: 1)]
            + d.outputs.map { PortSpec(name: $0.name, direction: .output, width: d.outputFormat($0).width) }
    }

    /// The bridge's description of an emitted design.
    public static func source(_ design: EmittedDesign, _ d: Datapath) -> DesignSource {
        DesignSource(files: design.files, top: design.top, ports: ports(d))
    }

    /// Runs every vector of `stimulus` through `sim` and the golden model; `formulas` gives the float reference.
    public mutating func run(
        _ sim: SimulatedDesign, datapath d: Datapath, formulas: FormulaSet, stimulus: Stimulus, predictedLatency: Int
    ) throws -> (outputs: [OutputResult], cyclesPerSecond: Double, tables: [TableUsage], argmaxAgreement: Double?) {
        let golden = GoldenModel(d)
        let n = stimulus.count
        let nIn = d.inputs.count
        let nOut = d.outputs.count

        // Golden model and float reference, computed up front so the simulation loop only compares words.
        let rawInputs = d.quantizeInputs(stimulus.values, stride: stimulus.inputCount)
        let (expected, violations) = golden.evaluateBatchCountingTableRange(count: n, inputs: rawInputs)

        let inWidths = d.inputs.map(\.format.width)
        let outFormats = d.outputs.map { d.outputFormat($0) }
        let outWidths = d.outputs.map { d.outputFormat($0).width }
        let inWords = 2 + inWidths.reduce(0) { $0 + ($1 + 31) / 32 }
        let outDataWords = outWidths.reduce(0) { $0 + ($1 + 31) / 32 }
        let outWords = 1 + outDataWords
        precondition(sim.inputWordsPerCycle == inWords && sim.outputWordsPerCycle == outWords, "port table does not match the datapath")

        var expectedWords = [UInt32](repeating: 0, count: n * outDataWords)
        for r in 0..<n {
            var p = r * outDataWords
            for (k, w) in outWidths.enumerated() { Self.pack(expected[r * nOut + k], width: w, into: &expectedWords, at: &p) }
        }

        // Input data words packed once, like the golden words: the timed loop only copies them.
        let dataInWords = inWords - 2
        var packedInputs = [UInt32](repeating: 0, count: max(n * dataInWords, 1))
        for r in 0..<n {
            var p = r * dataInWords
            for (k, w) in inWidths.enumerated() { Self.pack(rawInputs[r * nIn + k], width: w, into: &packedInputs, at: &p) }
        }
        let outWordCounts = outWidths.map { ($0 + 31) / 32 }

        var mismatches = [Int](repeating: 0, count: nOut)
        capturedOutputs = captureOutputs ? [Int128](repeating: 0, count: n * nOut) : []
        capturedGolden = captureOutputs ? expected : []
        var firstMismatch = [Mismatch?](repeating: nil, count: nOut)
        var log = (0..<nOut).map { OutputFailureLog(output: $0) }
        let indexCap = failureIndexCap
        var latency: Int? = nil
        var maxGap = 1
        var received = 0
        var lastOutCycle = -1
        var idle = 0

        let resetCycles = self.resetCycles
        let flush = max(predictedLatency, 1) + 2
        let totalCycles = resetCycles + n + flush
        var cycle = 0
        var inBuf = [UInt32](repeating: 0, count: chunkCycles * inWords)
        var outBuf = [UInt32](repeating: 0, count: chunkCycles * outWords)
        let start = DispatchTime.now().uptimeNanoseconds
        var simulated = 0

        while cycle < totalCycles || received < n {
            let chunk = min(chunkCycles, max(totalCycles - cycle, received < n ? chunkCycles : 0))
            if chunk == 0 { break }
            // Fill the input words for this chunk: reset, then vectors back to back, then idle.
            inBuf.withUnsafeMutableBufferPointer { dst in
                packedInputs.withUnsafeBufferPointer { src in
                    let d = dst.baseAddress!, s = src.baseAddress!
                    for j in 0..<chunk {
                        let c = cycle + j
                        let p = j * inWords
                        let v = c - resetCycles
                        let live = v >= 0 && v < n
                        d[p] = c < resetCycles ? 1 : 0
                        d[p + 1] = live ? 1 : 0
                        if live {
                            (d + p + 2).update(from: s + v * dataInWords, count: dataInWords)
                        } else {
                            (d + p + 2).update(repeating: 0, count: dataInWords)
                        }
                    }
                }
            }
            try inBuf.withUnsafeBufferPointer { i in
                try outBuf.withUnsafeMutableBufferPointer { o in
                    try sim.run(cycles: chunk, inputs: i.baseAddress!, outputs: o.baseAddress!)
                }
            }
            simulated += chunk
            // Scoreboard. Pointers are taken once per chunk; a whole result is compared in one memcmp
            // and split per output only when it differs or the outputs are kept.
            try outBuf.withUnsafeBufferPointer { ob in
                try expectedWords.withUnsafeBufferPointer { eb in
                    let o = ob.baseAddress!
                    for j in 0..<chunk {
                        let c = cycle + j
                        let base = j * outWords
                        guard o[base] & 1 == 1 else {
                            if received > 0 || c >= resetCycles { idle += 1 }
                            continue
                        }
                        guard received < n else { throw TestbenchError.spuriousValid(design: d.name, cycle: c) }
                        let inCycle = resetCycles + received
                        let lat = c - inCycle + 1
                        guard lat >= 1 else { throw TestbenchError.spuriousValid(design: d.name, cycle: c) }
                        if let l = latency {
                            if l != lat { throw TestbenchError.latencyChanged(design: d.name, vector: received, first: l, now: lat) }
                        } else {
                            latency = lat
                        }
                        if lastOutCycle >= 0 { maxGap = max(maxGap, c - lastOutCycle) }
                        lastOutCycle = c
                        idle = 0
                        if let ex = eb.baseAddress,
                           captureOutputs || memcmp(o + base + 1, ex + received * outDataWords, outDataWords * 4) != 0 {
                            var p = base + 1
                            var e = received * outDataWords
                            for k in 0..<nOut {
                                let w = outWidths[k]
                                let words = outWordCounts[k]
                                if captureOutputs {
                                    var u = UInt128(0)
                                    for q in (0..<words).reversed() { u = (u << 32) | UInt128(o[p + q]) }
                                    capturedOutputs[received * nOut + k] = outFormats[k].wrapRaw(Int128(bitPattern: u))
                                }
                                if memcmp(o + p, ex + e, words * 4) != 0 {
                                    mismatches[k] += 1
                                    var u = UInt128(0)
                                    for q in (0..<words).reversed() { u = (u << 32) | UInt128(o[p + q]) }
                                    log[k].record(vector: received, cycle: c, actual: outFormats[k].wrapRaw(Int128(bitPattern: u)),
                                                  expected: expected[received * nOut + k], cap: indexCap)
                                    if firstMismatch[k] == nil {
                                        firstMismatch[k] = Mismatch(
                                            vector: received,
                                            inputs: Array(stimulus.values[(received * stimulus.inputCount)..<(received * stimulus.inputCount + nIn)]),
                                            expectedBits: Self.bits(Array(UnsafeBufferPointer(start: ex + e, count: words)), width: w),
                                            actualBits: Self.bits(Array(UnsafeBufferPointer(start: o + p, count: words)), width: w))
                                    }
                                }
                                p += words
                                e += words
                            }
                        }
                        received += 1
                    }
                }
            }
            cycle += chunk
            onChunk?(received, n)
            if received < n && idle > watchdogCycles {
                throw TestbenchError.watchdog(design: d.name, cycles: idle, received: received, expected: n)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        failureLog = log
        let cps = Double(simulated) / max(seconds, 1e-9)

        let tables = d.tables.enumerated().map { i, t in
            TableUsage(table: i, function: t.function.rawValue, entries: t.size, rangeStart: t.start, rangeEnd: t.end,
                       periodic: t.periodic, outOfRangeLookups: violations[i])
        }

        // Float-vs-fixed error against the float model at the unquantized inputs.
        var results: [OutputResult] = []
        var floats: [[Double]] = []
        for (k, o) in d.outputs.enumerated() {
            let f = formulas.formulas.first { $0.name == o.name }!
            let float = CompiledExpression(f.expr).evaluate(rows: n, columns: stimulus.inputCount, data: stimulus.values)
            floats.append(float)
            let fmt = d.outputFormat(o)
            // Edge cases probe overflow behaviour, not accuracy; errors are taken over the other vectors.
            let first = n > stimulus.edgeCaseCount ? stimulus.edgeCaseCount : 0
            var maxErr = 0.0, sum = 0.0
            for r in first..<n {
                let err = abs(fmt.double(fromRaw: expected[r * nOut + k]) - float[r])
                maxErr = max(maxErr, err.isNaN ? .infinity : err)
                sum += err
            }
            results.append(OutputResult(
                name: o.name, format: fmt.fullDescription, formula: f.expr.description, vectors: n, mismatches: mismatches[k],
                latencyCycles: latency ?? 0, ii: maxGap, maxAbsError: maxErr, meanAbsError: n > first ? sum / Double(n - first) : 0,
                cyclesPerSecond: cps, firstMismatch: firstMismatch[k]))
        }
        var agreement: Double? = nil
        let first = n > stimulus.edgeCaseCount ? stimulus.edgeCaseCount : 0
        if nOut >= 2 && n > first {
            var same = 0
            let formats = d.outputs.map { d.outputFormat($0) }
            for r in first..<n {
                let bf = argmax((0..<nOut).lazy.map { floats[$0][r] })
                let bx = argmax((0..<nOut).lazy.map { formats[$0].double(fromRaw: expected[r * nOut + $0]) })
                if bf == bx { same += 1 }
            }
            agreement = Double(same) / Double(n - first)
        }
        return (results, cps, tables, agreement)
    }

    /// Appends `value` as little-endian 32-bit words, masked to `width`: the bridge's C ABI layout.
    @inline(__always)
    public static func pack(_ value: Int128, width: Int, into buf: inout [UInt32], at p: inout Int) {
        var u = UInt128(bitPattern: value)
        if width < 128 { u &= (UInt128(1) << width) - 1 }
        for _ in 0..<((width + 31) / 32) {
            buf[p] = UInt32(truncatingIfNeeded: u)
            u >>= 32
            p += 1
        }
    }

    /// Binary text of a value held in little-endian words.
    static func bits(_ words: [UInt32], width: Int) -> String {
        var out = ""
        for i in stride(from: width - 1, through: 0, by: -1) {
            let bit: UInt32 = (words[i / 32] >> UInt32(i % 32)) & 1
            out.append(bit == 1 ? "1" : "0")
        }
        return out
    }
}
