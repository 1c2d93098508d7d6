import Foundation
import SymbolicExpression
import Support

/// A set of input vectors the precision search judges candidates on, with the float model's outputs at them.
///
/// The search keeps two: one it lowers knobs against, and a held-out one (another seed, other data rows) that the
/// chosen plan must also pass, because a plan tuned knob by knob to one sample meets the target on that sample
/// more easily than on vectors it never saw.
struct SearchSample {
    let vectors: Int
    let rawInputs: [Int128]
    let floats: [[Double]]
    /// Where `floats` evaluates the float model: at the real inputs or at the values the input ports hold.
    let errorReference: ErrorReference

    /// `normal` standard-normal vectors from `seed`, then `data` rows (the first `n` values of each).
    init(reference: Datapath, formulas: FormulaSet, normal: Int, seed: UInt64, data: [[Double]], errorReference: ErrorReference = .inputs) throws(LoweringError) {
        let n = reference.inputs.count
        var rows: [Double] = []
        rows.reserveCapacity((normal + data.count) * n)
        var rng = SplitMix64(seed: seed)
        for _ in 0..<(normal * n) { rows.append(rng.nextNormal()) }
        for r in data {
            guard r.count >= n else {
                throw LoweringError(output: reference.outputs.first?.name ?? "", line: 0, subexpression: "",
                                    message: "a data row has \(r.count) values but the design has \(n) inputs")
            }
            rows += r.prefix(n)
        }
        vectors = rows.count / Swift.max(n, 1)
        self.errorReference = errorReference
        rawInputs = reference.quantizeInputs(rows, stride: n)
        let count = vectors
        let raw = rawInputs
        let at: [Double]
        switch errorReference {
        case .inputs: at = rows
        case .quantizedInputs: at = raw.indices.map { reference.inputs[$0 % n].format.double(fromRaw: raw[$0]) }
        }
        floats = reference.outputs.map { o in
            let f = formulas.formulas.first { $0.name == o.name }!
            return CompiledExpression(f.expr).evaluate(rows: count, columns: n, data: at)
        }
    }

    /// Per output, the most the input ports' quantization alone moves the float model on this sample (the float
    /// model at the real inputs against it at the quantized ones): no plan's error against the real inputs can be
    /// guaranteed below it. Zero for a sample measured against the quantized inputs, where that error is not counted.
    ///
    /// Vectors where the float model at the real inputs is not finite are skipped, as `metrics` skips them; where only
    /// the quantized one is not finite the floor is infinite, since no finite output tracks the real one through it.
    func inputQuantizationFloor(reference: Datapath, formulas: FormulaSet) -> [Double] {
        guard errorReference == .inputs else { return [Double](repeating: 0, count: reference.outputs.count) }
        let n = reference.inputs.count
        let at = rawInputs.indices.map { reference.inputs[$0 % n].format.double(fromRaw: rawInputs[$0]) }
        return reference.outputs.enumerated().map { k, o in
            let f = formulas.formulas.first { $0.name == o.name }!
            let quantized = CompiledExpression(f.expr).evaluate(rows: vectors, columns: n, data: at)
            return zip(floats[k], quantized).reduce(0.0) { m, p in
                guard p.0.isFinite else { return m }
                return p.1.isFinite ? Swift.max(m, Swift.abs(p.0 - p.1)) : .infinity
            }
        }
    }

    /// Max |fixed − float| per output and, with two or more outputs, argmax agreement of `d` on this sample.
    func metrics(_ d: Datapath) -> PrecisionSearch.Metrics {
        let out = GoldenModel(d).evaluateBatch(count: vectors, inputs: rawInputs)
        let nOut = d.outputs.count
        let formats = d.outputs.map { d.outputFormat($0) }
        var maxErr = [Double](repeating: 0, count: nOut)
        var same = 0, counted = 0
        for r in 0..<vectors {
            var bf = 0, bx = 0
            var finite = true
            for k in 0..<nOut {
                let fl = floats[k][r]
                guard fl.isFinite else { finite = false; continue }
                let v = formats[k].double(fromRaw: out[r * nOut + k])
                maxErr[k] = Swift.max(maxErr[k], Swift.abs(v - fl))
                if k > 0 {
                    if fl > floats[bf][r] { bf = k }
                    if v > formats[bx].double(fromRaw: out[r * nOut + bx]) { bx = k }
                }
            }
            if finite { counted += 1; if bf == bx { same += 1 } }
        }
        return .init(maxError: maxErr, agreement: nOut >= 2 ? Double(same) / Double(Swift.max(counted, 1)) : nil)
    }
}
