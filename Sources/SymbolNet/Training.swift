import Dispatch

/// Numbers logged for one training step (or averaged over an epoch).
struct StepLog {
    var totalLoss = 0.0
    var regressionLoss = 0.0
    var correct = 0
    var rows = 0
    var pruning = PruningState()
    /// Set when the step's loss or gradient was not finite: what went non-finite first. The
    /// parameters were left as they were before the step.
    var nonFinite: String?
}

/// Training state in scalar type `T`: engine, per-thread workspaces, Adam moments, and the data set
/// held row-major so that gathering one row of a batch touches one cache line.
final class TrainingState<T: SymbolNetScalar>: @unchecked Sendable {
    let engine: Engine<T>
    let workspaces: [Workspace<T>]
    let x: [T]
    let y: [T]
    let rowCount: Int
    let classification: Bool
    var adamM: [T]
    var adamV: [T]
    var stepCount = 0
    var learningRate: Double
    let loss: SymbolNetLoss
    /// Weight of the pruning terms: 0 during warm-up, 1 after.
    var regularization = 1.0
    let beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7
    /// Quantization-aware fine-tuning: the fixed-point forward pass and the frozen pruning masks
    /// (nil during ordinary training).
    var quantized: QuantizedForward<T>?
    var frozenMasks: [T]?
    /// With `quantized`: weight of the float forward pass's gradient added to the emulated one's.
    var floatLossWeight: T = 0
    /// Gradient of the last step with respect to the raw parameters (kept for tests and diagnostics).
    var lastGradient: [T]
    private var effGrad: [T]

    init(arch: SymbolNetArchitecture, targets: SparsityTargets, params: [T], x: [T], y: [T], rows: Int,
         classification: Bool, batchSize: Int, threads: Int, learningRate: Double, loss: SymbolNetLoss = .mse,
         operatorCosts: [String: Double]? = nil) {
        let eng = Engine(arch: arch, targets: targets, params: params, operatorCosts: operatorCosts)
        engine = eng
        let nThreads = Swift.max(1, Swift.min(2, threads, batchSize / 32))
        let cap = (Swift.min(batchSize, Swift.max(rows, 1)) + nThreads - 1) / nThreads
        workspaces = (0..<nThreads).map { _ in Workspace(arch: arch, layout: eng.layout, capacity: cap) }
        self.x = x
        self.y = y
        self.rowCount = rows
        self.classification = classification
        self.learningRate = learningRate
        self.loss = loss
        adamM = [T](repeating: 0, count: params.count)
        adamV = adamM
        lastGradient = adamM
        effGrad = adamM
    }

    /// One optimiser step on the rows `batch` (indices into the data set).
    @_specialize(where T == Float)
    func step(_ batch: ArraySlice<Int>) -> StepLog {
        let eng = engine
        eng.prepare()
        let quantized = self.quantized, frozen = self.frozenMasks
        if let frozen {
            // Constants are cast where the formulas hold them: the folded coefficients (corrections below).
            eng.prepareFrozen(frozen, constant: nil, written: [])
            if let quantized { eng.prepareFoldedConstants(quantized, masks: frozen) }
        }
        let n = batch.count
        let nIn = eng.arch.inputs, nOut = eng.arch.outputs
        let c = eng.pruning.total * regularization
        let lossKind = loss
        let scale = T((1 + c) / Double(n))
        let parts = workspaces.count
        let chunk = (n + parts - 1) / parts
        let start = batch.startIndex
        let classification = self.classification
        let floatWeight = quantized == nil ? 0 : floatLossWeight
        let work: @Sendable (Int) -> Void = { [x, y] t in
            let ws = self.workspaces[t]
            let lo = Swift.min(n, t * chunk), hi = Swift.min(n, lo + chunk)
            ws.rows = hi - lo
            let m = ws.rows
            x.withUnsafeBufferPointer { xb in
                y.withUnsafeBufferPointer { yb in
                    for r in 0..<m {
                        let row = batch[start + lo + r]
                        for k in 0..<nIn { ws.xRaw[k * m + r] = xb[row * nIn + k] }
                        for k in 0..<nOut { ws.y[k * m + r] = yb[row * nOut + k] }
                    }
                }
            }
            guard m > 0 else {
                for i in 0..<ws.gradCount { ws.grad[i] = 0 }
                ws.loss = 0; ws.correct = 0
                return
            }
            if let quantized { eng.forwardQuantized(ws, quantized) } else { eng.forward(ws) }
            eng.lossAndSeed(ws, scale: scale, classification: classification, loss: lossKind)
            if let quantized { eng.clipSaturatedOutputGradient(ws, quantized, scale: scale) }
            eng.backward(ws)
            if floatWeight > 0 {
                // The float pass's gradient on top; the step's loss and accuracy stay the emulated ones.
                let emulated = Array(UnsafeBufferPointer(start: ws.grad, count: ws.gradCount))
                let (loss, correct) = (ws.loss, ws.correct)
                eng.forward(ws)
                eng.lossAndSeed(ws, scale: scale, classification: classification, loss: lossKind)
                eng.backward(ws)
                for i in 0..<ws.gradCount { ws.grad[i] = emulated[i] + floatWeight * ws.grad[i] }
                (ws.loss, ws.correct) = (loss, correct)
            }
        }
        if parts == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: parts, execute: work)
        }
        var lossSum = 0.0, correct = 0
        effGrad.withUnsafeMutableBufferPointer { g in
            for i in 0..<g.count { g[i] = 0 }
            for ws in workspaces {
                lossSum += ws.loss
                correct += ws.correct
                for i in 0..<g.count { g[i] += ws.grad[i] }
            }
        }
        let L = lossSum / Double(n)
        effGrad.withUnsafeBufferPointer { g in
            if let frozen {
                eng.frozenParameterGradient(effGrad: g.baseAddress!, masks: frozen, into: &lastGradient)
            } else {
                eng.parameterGradient(effGrad: g.baseAddress!, lossValue: L, regularization: regularization, into: &lastGradient)
            }
        }
        if !L.isFinite || lastGradient.contains(where: { !$0.isFinite }) {
            // Stop before Adam spreads the NaN into every parameter; the workspaces still hold this step.
            let culprit = workspaces.first(where: { $0.rows > 0 && !$0.loss.isFinite }).map { eng.diagnoseNonFinite($0) }
                ?? workspaces.map { eng.diagnoseNonFinite($0) }.first { !$0.hasPrefix("the loss or its gradient") }
                ?? eng.diagnoseNonFinite(workspaces[0])
            return StepLog(totalLoss: .nan, regressionLoss: .nan, correct: correct, rows: n, pruning: eng.pruning, nonFinite: culprit)
        }
        applyAdam()
        return StepLog(totalLoss: L * (1 + c), regressionLoss: L, correct: correct, rows: n, pruning: eng.pruning)
    }

    /// Adam in Keras' form (ε added to the uncorrected √v), then the threshold constraints.
    private func applyAdam() {
        stepCount += 1
        let t = Double(stepCount)
        let alpha = T(learningRate * (1 - Double.mPow(beta2, t)).squareRoot() / (1 - Double.mPow(beta1, t)))
        let b1 = T(beta1), b2 = T(beta2), eps = T(epsilon)
        let layout = engine.layout
        engine.params.withUnsafeMutableBufferPointer { p in
            adamM.withUnsafeMutableBufferPointer { mm in
                adamV.withUnsafeMutableBufferPointer { vv in
                    lastGradient.withUnsafeBufferPointer { g in
                        for i in 0..<p.count {
                            mm[i] = b1 * mm[i] + (1 - b1) * g[i]
                            vv[i] = b2 * vv[i] + (1 - b2) * g[i] * g[i]
                            p[i] -= alpha * mm[i] / (vv[i].squareRoot() + eps)
                        }
                    }
                }
            }
            func clip01(_ start: Int, _ count: Int) {
                for i in start..<(start + count) { p[i] = Swift.min(1, Swift.max(0, p[i])) }
            }
            clip01(layout.inputThresholds, layout.inputCount)
            for l in layout.layers {
                for i in l.thresholds..<(l.thresholds + l.weightCount) { p[i] = Swift.abs(p[i]) }
                clip01(l.unaryThresholds, l.unaryCount)
                clip01(l.binaryThresholds, l.binaryCount)
            }
        }
    }
}
