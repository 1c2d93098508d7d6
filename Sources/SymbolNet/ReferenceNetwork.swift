import Dispatch

/// Settings of the dense reference network that every SymbolNet is compared against.
///
/// The defaults are the 16→64→32→32→k network of the SymbolNet and PySR papers: ReLU hidden layers,
/// softmax cross-entropy (classification) or mean squared error (regression), Adam, early stopping on
/// a validation split taken from the training rows, the best epoch's weights kept.
public struct ReferenceNetworkConfig: Codable, Equatable, Sendable {
    /// Widths of the hidden ReLU layers.
    public var hidden: [Int]
    /// Upper bound on epochs; early stopping usually ends training well before.
    public var maxEpochs: Int
    public var batchSize: Int
    public var learningRate: Double
    /// Fraction of the training rows held out to pick the stopping epoch.
    public var validationFraction: Double
    /// Epochs without a lower validation loss before training stops.
    public var patience: Int
    public var seed: UInt64
    /// Worker threads for one step (at most 2 are used).
    public var threads: Int

    public init(hidden: [Int] = [64, 32, 32], maxEpochs: Int = 200, batchSize: Int = 256, learningRate: Double = 0.001,
                validationFraction: Double = 0.2, patience: Int = 10, seed: UInt64 = 1, threads: Int = 2) {
        self.hidden = hidden
        self.maxEpochs = maxEpochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.validationFraction = validationFraction
        self.patience = patience
        self.seed = seed
        self.threads = threads
    }

    /// Refuses, before any training, a configuration or a row count the network cannot be trained with.
    public func checkTrainable(rows: Int) throws(SymbolNetError) {
        try validate()
        let nVal = Int((Double(rows) * validationFraction).rounded())
        guard nVal >= 1, rows - nVal >= 1 else {
            throw .referenceUntrainable("\(rows) training row(s) are too few: early stopping holds out \(Int(validationFraction * 100))% of them for validation and needs at least one row on each side; give more rows or skip the network (--no-reference)")
        }
    }

    public func validate() throws(SymbolNetError) {
        guard hidden.allSatisfy({ $0 >= 1 }) else { throw .badHyperparameter("reference network: every hidden layer needs at least one unit") }
        guard maxEpochs >= 1 else { throw .badHyperparameter("reference network: epochs must be >= 1") }
        guard batchSize >= 1 else { throw .badHyperparameter("reference network: batch size must be >= 1") }
        guard learningRate > 0, learningRate.isFinite else { throw .badHyperparameter("reference network: learning rate must be > 0") }
        guard validationFraction > 0, validationFraction < 1 else {
            throw .badHyperparameter("reference network: validation fraction \(validationFraction) must lie strictly between 0 and 1")
        }
        guard patience >= 1 else { throw .badHyperparameter("reference network: patience must be >= 1") }
    }
}

/// One epoch of reference-network training.
public struct ReferenceEpoch: Codable, Equatable, Sendable {
    public var epoch: Int
    public var trainLoss: Double
    public var validationLoss: Double
    /// Validation accuracy (classification only).
    public var validationAccuracy: Double?
    public var seconds: Double
}

/// A trained dense reference network: weights, the target scaling of a regression, and its training log.
public struct ReferenceNetwork: Codable, Equatable, Sendable {
    public var task: SymbolNetConfig.Task
    public var config: ReferenceNetworkConfig
    /// Inputs, the hidden widths, outputs.
    public var widths: [Int]
    /// Per layer W (inputs × outputs, row-major) then b.
    public var parameters: [Double]
    /// Regression targets are standardised for training; predictions are mapped back with these.
    public var targetMean: [Double]
    public var targetScale: [Double]
    public var history: [ReferenceEpoch]
    /// The epoch whose weights were kept (lowest validation loss).
    public var bestEpoch: Int
    public var trainingSeconds: Double

    /// Network outputs per row: class scores (logits) for classification, targets for regression.
    public func predict(_ rows: [[Double]]) throws(SymbolNetError) -> [[Double]] {
        let nIn = widths[0], nOut = widths[widths.count - 1]
        for (r, row) in rows.enumerated() where row.count != nIn {
            throw .shapeMismatch("row \(r) has \(row.count) values; the reference network has \(nIn) inputs")
        }
        guard !rows.isEmpty else { return [] }
        let engine = DenseEngine<Double>(widths: widths, params: parameters)
        let chunk = Swift.min(1024, rows.count)
        let ws = DenseWorkspace<Double>(widths: widths, capacity: chunk, gradCount: 0)
        var out: [[Double]] = []
        out.reserveCapacity(rows.count)
        var start = 0
        while start < rows.count {
            let m = Swift.min(chunk, rows.count - start)
            ws.rows = m
            for r in 0..<m { for k in 0..<nIn { ws.acts[0][r * nIn + k] = rows[start + r][k] } }
            engine.forward(ws)
            let z = ws.acts[widths.count - 1]
            for r in 0..<m {
                out.append((0..<nOut).map { k in
                    task == .regression ? z[r * nOut + k] * targetScale[k] + targetMean[k] : z[r * nOut + k]
                })
            }
            start += m
        }
        return out
    }

    /// Predicted class (argmax of the scores) per row.
    public func classify(_ rows: [[Double]]) throws(SymbolNetError) -> [Int] {
        try predict(rows).map { o in o.indices.max(by: { o[$0] < o[$1] }) ?? 0 }
    }
}

/// Trains the dense reference network on the same rows a SymbolNet is trained on.
public enum ReferenceNetworkTrainer {
    /// Classification from integer labels in 0..<classes.
    public static func train(x: [[Double]], labels: [Int], classes: Int,
                             config: ReferenceNetworkConfig = ReferenceNetworkConfig()) throws(SymbolNetError) -> ReferenceNetwork {
        guard classes >= 2 else { throw .shapeMismatch("classification needs at least two classes") }
        guard labels.count == x.count else { throw .shapeMismatch("\(x.count) input rows but \(labels.count) labels") }
        var counts = [Int](repeating: 0, count: classes)
        for (r, l) in labels.enumerated() {
            guard l >= 0, l < classes else { throw .badLabel(row: r, value: Double(l), classes: classes) }
            counts[l] += 1
        }
        guard counts.filter({ $0 > 0 }).count >= 2 else {
            throw .shapeMismatch("the training rows hold a single class; the reference network needs at least two")
        }
        let y = labels.map { l in (0..<classes).map { $0 == l ? 1.0 : 0.0 } }
        return try run(x: x, y: y, task: .classification, config: config)
    }

    /// Regression on every column of `y`.
    public static func train(x: [[Double]], y: [[Double]],
                             config: ReferenceNetworkConfig = ReferenceNetworkConfig()) throws(SymbolNetError) -> ReferenceNetwork {
        try run(x: x, y: y, task: .regression, config: config)
    }

    static func run(x: [[Double]], y: [[Double]], task: SymbolNetConfig.Task,
                    config: ReferenceNetworkConfig) throws(SymbolNetError) -> ReferenceNetwork {
        try config.validate()
        guard !x.isEmpty else { throw .emptyData }
        guard y.count == x.count else { throw .shapeMismatch("\(x.count) input rows but \(y.count) target rows") }
        let nIn = x[0].count, nOut = y[0].count
        guard nIn > 0, nOut > 0 else { throw .shapeMismatch("rows have no input or no target columns") }
        try SymbolNetTrainer.checkFinite(x, what: "input", width: nIn)
        try SymbolNetTrainer.checkFinite(y, what: "target", width: nOut)
        let nVal = Int((Double(x.count) * config.validationFraction).rounded())
        guard nVal >= 1, x.count - nVal >= 1 else {
            throw .shapeMismatch("\(x.count) rows are too few to hold out a validation fraction of \(config.validationFraction); the reference network needs at least one row on each side")
        }

        // Regression targets are standardised so that one learning rate suits every scale.
        var mean = [Double](repeating: 0, count: nOut), scale = [Double](repeating: 1, count: nOut)
        if task == .regression {
            for k in 0..<nOut {
                let col = y.map { $0[k] }
                let mu = col.reduce(0, +) / Double(col.count)
                let sd = (col.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(col.count)).squareRoot()
                mean[k] = mu
                scale[k] = sd > 0 ? sd : 1
            }
        }

        var rng = SeededGenerator(seed: config.seed ^ 0x5EED_0F_2EF)
        var order = Array(0..<x.count)
        order.shuffle(using: &rng)
        let valRows = Array(order[..<nVal]), trainRows = Array(order[nVal...])
        func pack(_ rows: [Int]) -> (x: [Float], y: [Float]) {
            var xs = [Float](), ys = [Float]()
            xs.reserveCapacity(rows.count * nIn)
            ys.reserveCapacity(rows.count * nOut)
            for r in rows {
                for v in x[r] { xs.append(Float(v)) }
                for k in 0..<nOut { ys.append(Float((y[r][k] - mean[k]) / scale[k])) }
            }
            return (xs, ys)
        }
        let train = pack(trainRows), val = pack(valRows)

        let widths = [nIn] + config.hidden + [nOut]
        let state = DenseTrainingState<Float>(widths: widths, params: initialParameters(widths, rng: &rng).map { Float($0) },
                                              classification: task == .classification, batchSize: config.batchSize,
                                              threads: config.threads, learningRate: config.learningRate)
        let t0 = DispatchTime.now().uptimeNanoseconds
        var history: [ReferenceEpoch] = []
        var best = Double.infinity, bestParams = state.engine.params, bestEpoch = 0, since = 0
        var batchOrder = Array(0..<trainRows.count)
        for epoch in 1...config.maxEpochs {
            let e0 = DispatchTime.now().uptimeNanoseconds
            batchOrder.shuffle(using: &rng)
            var lossSum = 0.0, start = 0
            while start < batchOrder.count {
                let end = Swift.min(batchOrder.count, start + config.batchSize)
                lossSum += state.step(batchOrder[start..<end], x: train.x, y: train.y)
                start = end
            }
            let trainLoss = lossSum / Double(trainRows.count)
            guard trainLoss.isFinite else {
                throw .nonFiniteLoss(epoch: epoch, step: nil, culprit: "the reference network (learning rate \(config.learningRate)); lower the learning rate")
            }
            let (vLoss, vCorrect) = state.evaluate(x: val.x, y: val.y, rows: nVal)
            let rec = ReferenceEpoch(epoch: epoch, trainLoss: trainLoss, validationLoss: vLoss,
                                     validationAccuracy: task == .classification ? Double(vCorrect) / Double(nVal) : nil,
                                     seconds: Double(DispatchTime.now().uptimeNanoseconds - e0) / 1e9)
            history.append(rec)
            if vLoss < best {
                best = vLoss
                bestParams = state.engine.params
                bestEpoch = epoch
                since = 0
            } else {
                since += 1
                if since >= config.patience { break }
            }
        }
        return ReferenceNetwork(task: task, config: config, widths: widths, parameters: bestParams.map { Double($0) },
                                targetMean: task == .regression ? mean : [], targetScale: task == .regression ? scale : [],
                                history: history, bestEpoch: bestEpoch,
                                trainingSeconds: Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }

    /// Glorot-uniform weights (Keras' default), zero biases.
    static func initialParameters(_ widths: [Int], rng: inout SeededGenerator) -> [Double] {
        let layout = DenseLayout(widths)
        var p = [Double](repeating: 0, count: layout.count)
        for l in 0..<(widths.count - 1) {
            let limit = (6.0 / Double(widths[l] + widths[l + 1])).squareRoot()
            for i in layout.weights[l]..<layout.biases[l] {
                p[i] = (Double(rng.next() >> 11) * 0x1p-53 * 2 - 1) * limit
            }
        }
        return p
    }
}

/// Offsets of each layer's W and b in the flat parameter vector.
struct DenseLayout: Equatable, Sendable {
    var widths: [Int]
    var weights: [Int] = []
    var biases: [Int] = []
    var count = 0

    init(_ widths: [Int]) {
        self.widths = widths
        for l in 0..<(widths.count - 1) {
            weights.append(count)
            count += widths[l] * widths[l + 1]
            biases.append(count)
            count += widths[l + 1]
        }
    }
}

/// Buffers for one slice of a batch, row-major (`[row][unit]`), so that the inner loops run over the
/// units of one row, which are contiguous in both the activations and the weight rows.
final class DenseWorkspace<T: SymbolNetScalar>: @unchecked Sendable {
    let capacity: Int
    var rows = 0
    /// acts[0]: inputs; acts[l]: output of layer l (ReLU applied for hidden layers, logits last).
    var acts: [UnsafeMutablePointer<T>] = []
    /// Gradient with respect to each layer's pre-activation (index l for layer l's output).
    var gActs: [UnsafeMutablePointer<T>] = []
    let y: UnsafeMutablePointer<T>
    let grad: UnsafeMutablePointer<T>
    let gradCount: Int
    var loss = 0.0
    var correct = 0
    private var owned: [UnsafeMutablePointer<T>] = []

    init(widths: [Int], capacity: Int, gradCount: Int) {
        self.capacity = capacity
        self.gradCount = gradCount
        func alloc(_ n: Int) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(n, 1))
            p.initialize(repeating: 0, count: Swift.max(n, 1))
            return p
        }
        for w in widths {
            acts.append(alloc(w * capacity))
            gActs.append(alloc(w * capacity))
        }
        y = alloc(widths[widths.count - 1] * capacity)
        grad = alloc(gradCount)
        owned = acts + gActs + [y, grad]
    }

    deinit { for p in owned { p.deallocate() } }
}

/// Forward and reverse pass of a dense ReLU network.
final class DenseEngine<T: SymbolNetScalar>: @unchecked Sendable {
    let layout: DenseLayout
    var params: [T]

    init(widths: [Int], params: [T]) {
        layout = DenseLayout(widths)
        precondition(params.count == layout.count, "parameter vector does not match the widths")
        self.params = params
    }

    var layerCount: Int { layout.widths.count - 1 }

    func forward(_ ws: DenseWorkspace<T>) {
        let m = ws.rows
        params.withUnsafeBufferPointer { pb in
            let p = pb.baseAddress!
            for l in 0..<layerCount {
                let nIn = layout.widths[l], nOut = layout.widths[l + 1]
                let a = ws.acts[l], z = ws.acts[l + 1]
                let w = p + layout.weights[l], b = p + layout.biases[l]
                let relu = l < layerCount - 1
                for r in 0..<m {
                    let zr = z + r * nOut, ar = a + r * nIn
                    for j in 0..<nOut { zr[j] = b[j] }
                    for k in 0..<nIn {
                        let av = ar[k]
                        // ReLU zeros are common; skipping them saves a whole row of multiply-adds.
                        if av == 0 { continue }
                        let wk = w + k * nOut
                        for j in 0..<nOut { zr[j] += av * wk[j] }
                    }
                    if relu { for j in 0..<nOut where zr[j] < 0 { zr[j] = 0 } }
                }
            }
        }
    }

    /// Loss summed over the slice's rows and the seed gradient `scale·dLoss/dlogits` in the last
    /// gradient buffer: softmax cross-entropy for classification, squared error for regression.
    func lossAndSeed(_ ws: DenseWorkspace<T>, scale: T, classification: Bool) {
        let m = ws.rows, o = layout.widths[layout.widths.count - 1]
        let z = ws.acts[layerCount], g = ws.gActs[layerCount], y = ws.y
        var loss = 0.0, correct = 0
        for r in 0..<m {
            let zr = z + r * o, gr = g + r * o, yr = y + r * o
            if classification {
                var mx = zr[0], arg = 0, target = 0
                for k in 1..<o where zr[k] > mx { mx = zr[k]; arg = k }
                for k in 1..<o where yr[k] > yr[target] { target = k }
                var sum: T = 0
                for k in 0..<o { let e = T.mExp(zr[k] - mx); gr[k] = e; sum += e }
                for k in 0..<o { gr[k] = scale * (gr[k] / sum - yr[k]) }
                loss += Double(T.mLog(sum) + mx - zr[target])
                if arg == target { correct += 1 }
            } else {
                for k in 0..<o {
                    let d = zr[k] - yr[k]
                    loss += Double(d * d)
                    gr[k] = scale * 2 * d
                }
            }
        }
        ws.loss = loss
        ws.correct = correct
    }

    /// Reverse pass from the seed; writes the parameter gradient into `ws.grad`.
    func backward(_ ws: DenseWorkspace<T>) {
        let m = ws.rows
        let grad = ws.grad
        for i in 0..<ws.gradCount { grad[i] = 0 }
        params.withUnsafeBufferPointer { pb in
            let p = pb.baseAddress!
            for l in stride(from: layerCount - 1, through: 0, by: -1) {
                let nIn = layout.widths[l], nOut = layout.widths[l + 1]
                let a = ws.acts[l], gz = ws.gActs[l + 1], ga = ws.gActs[l]
                let w = p + layout.weights[l]
                let gw = grad + layout.weights[l], gb = grad + layout.biases[l]
                for r in 0..<m {
                    let gzr = gz + r * nOut, ar = a + r * nIn
                    for j in 0..<nOut { gb[j] += gzr[j] }
                    for k in 0..<nIn {
                        let av = ar[k]
                        if av == 0 { continue }
                        let gwk = gw + k * nOut
                        for j in 0..<nOut { gwk[j] += av * gzr[j] }
                    }
                    guard l > 0 else { continue }
                    // a = ReLU(z), so dL/dz = dL/da where a > 0 and 0 elsewhere.
                    let gar = ga + r * nIn
                    for k in 0..<nIn {
                        gar[k] = ar[k] > 0 ? dot(gzr, w + k * nOut, nOut) : 0
                    }
                }
            }
        }
    }
}

/// Adam on a dense network, the batch split over up to two threads.
final class DenseTrainingState<T: SymbolNetScalar>: @unchecked Sendable {
    let engine: DenseEngine<T>
    let workspaces: [DenseWorkspace<T>]
    let classification: Bool
    let learningRate: Double
    let beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7
    var adamM: [T], adamV: [T], gradient: [T]
    var stepCount = 0

    init(widths: [Int], params: [T], classification: Bool, batchSize: Int, threads: Int, learningRate: Double) {
        let eng = DenseEngine(widths: widths, params: params)
        engine = eng
        let parts = Swift.max(1, Swift.min(2, threads, batchSize / 32))
        let cap = Swift.max(1, (batchSize + parts - 1) / parts)
        workspaces = (0..<parts).map { _ in DenseWorkspace(widths: widths, capacity: cap, gradCount: eng.layout.count) }
        self.classification = classification
        self.learningRate = learningRate
        adamM = [T](repeating: 0, count: params.count)
        adamV = adamM
        gradient = adamM
    }

    /// One Adam step on `batch` (row indices into the packed `x`, `y`); returns the summed loss.
    func step(_ batch: ArraySlice<Int>, x: [T], y: [T]) -> Double {
        let n = batch.count
        let nIn = engine.layout.widths[0], nOut = engine.layout.widths[engine.layout.widths.count - 1]
        let parts = workspaces.count
        let chunk = (n + parts - 1) / parts
        let start = batch.startIndex
        let scale = classification ? T(1) / T(n) : T(1) / T(n * nOut)
        let classification = self.classification
        let eng = engine
        let work: @Sendable (Int) -> Void = { [x, y] t in
            let ws = self.workspaces[t]
            let lo = Swift.min(n, t * chunk), hi = Swift.min(n, lo + chunk)
            ws.rows = hi - lo
            x.withUnsafeBufferPointer { xb in
                y.withUnsafeBufferPointer { yb in
                    for r in 0..<ws.rows {
                        let row = batch[start + lo + r]
                        for k in 0..<nIn { ws.acts[0][r * nIn + k] = xb[row * nIn + k] }
                        for k in 0..<nOut { ws.y[r * nOut + k] = yb[row * nOut + k] }
                    }
                }
            }
            eng.forward(ws)
            eng.lossAndSeed(ws, scale: scale, classification: classification)
            eng.backward(ws)
        }
        if parts == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: work) }
        var loss = 0.0
        gradient.withUnsafeMutableBufferPointer { g in
            for i in 0..<g.count { g[i] = 0 }
            for ws in workspaces {
                loss += ws.loss
                for i in 0..<g.count { g[i] += ws.grad[i] }
            }
        }
        applyAdam()
        return classification ? loss : loss / Double(nOut)
    }

    private func applyAdam() {
        stepCount += 1
        let t = Double(stepCount)
        let alpha = T(learningRate * (1 - Double.mPow(beta2, t)).squareRoot() / (1 - Double.mPow(beta1, t)))
        let b1 = T(beta1), b2 = T(beta2), eps = T(epsilon)
        engine.params.withUnsafeMutableBufferPointer { p in
            adamM.withUnsafeMutableBufferPointer { mm in
                adamV.withUnsafeMutableBufferPointer { vv in
                    gradient.withUnsafeBufferPointer { g in
                        for i in 0..<p.count {
                            mm[i] = b1 * mm[i] + (1 - b1) * g[i]
                            vv[i] = b2 * vv[i] + (1 - b2) * g[i] * g[i]
                            p[i] -= alpha * mm[i] / (vv[i].squareRoot() + eps)
                        }
                    }
                }
            }
        }
    }

    /// Mean loss and correct count over packed rows (one thread, no gradient).
    func evaluate(x: [T], y: [T], rows: Int) -> (Double, Int) {
        let ws = workspaces[0]
        let nIn = engine.layout.widths[0], nOut = engine.layout.widths[engine.layout.widths.count - 1]
        var loss = 0.0, correct = 0, start = 0
        while start < rows {
            let m = Swift.min(ws.capacity, rows - start)
            ws.rows = m
            for i in 0..<(m * nIn) { ws.acts[0][i] = x[start * nIn + i] }
            for i in 0..<(m * nOut) { ws.y[i] = y[start * nOut + i] }
            engine.forward(ws)
            engine.lossAndSeed(ws, scale: 1, classification: classification)
            loss += ws.loss
            correct += ws.correct
            start += m
        }
        return (classification ? loss / Double(rows) : loss / Double(rows * nOut), correct)
    }
}
