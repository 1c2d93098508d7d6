import Dispatch

/// Step function H(z) = 1 for z > 0, else 0.
@inlinable func heaviside<T: SymbolNetScalar>(_ z: T) -> T { z > 0 ? 1 : 0 }

/// Surrogate derivative of H: a·e^{−az}/(1+e^{−az})², written as a·σ(az)(1−σ(az)) so that it stays
/// finite for large |z|.
@inlinable func heavisideSlope<T: SymbolNetScalar>(_ z: T) -> T {
    let a: T = 5
    let s = 1 / (1 + T.mExp(-a * z))
    return a * s * (1 - s)
}

/// Decay factor D(s; s*) = exp(1 − (s*/(s* − min(s, s*)))^d); zero once the target is reached.
func sparsityDecay(_ s: Double, target: Double, d: Double = 0.01) -> Double {
    let ratio = target / (target - Swift.min(s, target))
    return Double.mExp(1 - Double.mPow(ratio, d))
}

/// Pruning state of the current parameters: sparsities, regularisation factors and their sum C.
///
/// The total loss is L·(1 + C); C depends only on thresholds (its decay factors are constants).
public struct PruningState: Sendable, Equatable {
    public var sparsityInput = 0.0, sparsityWeight = 0.0, sparsityUnary = 0.0, sparsityBinary = 0.0
    public var meanInputThreshold = 0.0, meanWeightThreshold = 0.0, meanUnaryThreshold = 0.0, meanBinaryThreshold = 0.0
    /// e^{−mean t_in}·D_in and the like: the regularisation terms divided by L.
    public var factorInput = 0.0, factorWeight = 0.0, factorUnary = 0.0, factorBinary = 0.0
    /// Decay factors D of the four groups (the binary one is 0 when the binary term is off).
    public var decayInput = 0.0, decayWeight = 0.0, decayUnary = 0.0, decayBinary = 0.0
    public var total: Double { factorInput + factorWeight + factorUnary + factorBinary }
}

/// Per-thread buffers for one slice of a batch, stored feature-major (`[feature][row]`) so that every
/// inner loop runs over contiguous rows.
final class Workspace<T: SymbolNetScalar>: @unchecked Sendable {
    let capacity: Int
    var rows = 0
    let xRaw: UnsafeMutablePointer<T>
    let y: UnsafeMutablePointer<T>
    /// acts[0]: masked input; acts[l+1]: output of hidden layer l. The last layer's z is the prediction.
    var acts: [UnsafeMutablePointer<T>] = []
    var gActs: [UnsafeMutablePointer<T>] = []
    var zs: [UnsafeMutablePointer<T>] = []
    var gZs: [UnsafeMutablePointer<T>] = []
    /// Activation values f(z) / g(za, zb) of the hidden layers, kept for the backward pass.
    var fs: [UnsafeMutablePointer<T>] = []
    /// Gradient with respect to effective quantities (masked weights, masks), laid out like the parameters.
    let grad: UnsafeMutablePointer<T>
    let gradCount: Int
    var loss = 0.0
    var correct = 0
    private var owned: [UnsafeMutablePointer<T>] = []

    init(arch: SymbolNetArchitecture, layout: ParameterLayout, capacity: Int) {
        self.capacity = capacity
        func alloc(_ n: Int) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(n, 1))
            p.initialize(repeating: 0, count: Swift.max(n, 1))
            return p
        }
        xRaw = alloc(arch.inputs * capacity)
        y = alloc(arch.outputs * capacity)
        gradCount = layout.count
        grad = alloc(layout.count)
        acts.append(alloc(arch.inputs * capacity))
        gActs.append(alloc(arch.inputs * capacity))
        for l in arch.hidden {
            zs.append(alloc(l.width * capacity))
            gZs.append(alloc(l.width * capacity))
            fs.append(alloc(l.outputs * capacity))
            acts.append(alloc(l.outputs * capacity))
            gActs.append(alloc(l.outputs * capacity))
        }
        zs.append(alloc(arch.outputs * capacity))
        gZs.append(alloc(arch.outputs * capacity))
        owned = [xRaw, y, grad] + acts + gActs + zs + gZs + fs
    }

    deinit {
        for p in owned { p.deallocate() }
    }
}

/// Forward and hand-written reverse pass of a SymbolNet over contiguous buffers.
///
/// `params` holds the raw parameters; `prepare()` derives `eff`, which holds the masked weights and
/// biases at the weight offsets and the masks H(1−t) at the threshold offsets of inputs and operators.
final class Engine<T: SymbolNetScalar>: @unchecked Sendable {
    let arch: SymbolNetArchitecture
    let layout: ParameterLayout
    let targets: SparsityTargets
    var params: [T]
    var eff: [T]
    var pruning = PruningState()
    /// Pruning weight of every unary and binary node (in layer order), mean 1 within each group.
    let unaryCost: [Double]
    let binaryCost: [Double]

    init(arch: SymbolNetArchitecture, targets: SparsityTargets, params: [T], operatorCosts: [String: Double]? = nil) {
        self.arch = arch
        self.layout = ParameterLayout(arch)
        self.targets = targets
        func normalized(_ c: [Double]) -> [Double] {
            let mean = c.reduce(0, +) / Double(Swift.max(c.count, 1))
            return mean > 0 ? c.map { $0 / mean } : c
        }
        unaryCost = normalized(arch.hidden.flatMap { $0.unary.map { operatorCosts?[$0.rawValue] ?? 1 } })
        binaryCost = normalized(arch.hidden.flatMap { $0.binary.map { operatorCosts?[$0.rawValue] ?? 1 } })
        precondition(params.count == layout.count, "parameter vector does not match the architecture")
        self.params = params
        self.eff = [T](repeating: 0, count: layout.count)
    }

    /// Recomputes masked weights, masks and the pruning state from `params`.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func prepare() {
        var st = PruningState()
        params.withUnsafeBufferPointer { p in
            eff.withUnsafeMutableBufferPointer { e in
                var pruned = 0, sum = 0.0
                for i in 0..<layout.inputCount {
                    let t = p[layout.inputThresholds + i]
                    let m = heaviside(1 - t)
                    e[layout.inputThresholds + i] = m
                    if m == 0 { pruned += 1 }
                    sum += Double(t)
                }
                st.sparsityInput = Double(pruned) / Double(Swift.max(layout.inputCount, 1))
                st.meanInputThreshold = sum / Double(Swift.max(layout.inputCount, 1))

                var wPruned = 0, expSum = 0.0, tSum = 0.0
                var uPruned = 0, uSum = 0.0, bPruned = 0, bSum = 0.0
                var uNode = 0, bNode = 0
                for l in layout.layers {
                    for i in 0..<l.weightCount {
                        let w = p[l.weights + i], t = p[l.thresholds + i]
                        let m = heaviside(Swift.abs(w) - t)
                        e[l.weights + i] = w * m
                        if m == 0 { wPruned += 1 }
                        expSum += Double.mExp(-Double(t))
                        tSum += Double(t)
                    }
                    for i in 0..<l.unaryCount {
                        let t = p[l.unaryThresholds + i]
                        let m = heaviside(1 - t)
                        e[l.unaryThresholds + i] = m
                        if m == 0 { uPruned += 1 }
                        uSum += unaryCost[uNode] * Double(t)
                        uNode += 1
                    }
                    for i in 0..<l.binaryCount {
                        let t = p[l.binaryThresholds + i]
                        let m = heaviside(1 - t)
                        e[l.binaryThresholds + i] = m
                        if m == 0 { bPruned += 1 }
                        bSum += binaryCost[bNode] * Double(t)
                        bNode += 1
                    }
                }
                let nw = Double(layout.weightCount), nu = Double(Swift.max(layout.unaryCount, 1))
                let nb = Double(Swift.max(layout.binaryCount, 1))
                st.sparsityWeight = Double(wPruned) / nw
                st.meanWeightThreshold = tSum / nw
                st.sparsityUnary = Double(uPruned) / nu
                st.meanUnaryThreshold = uSum / nu
                st.sparsityBinary = Double(bPruned) / nb
                st.meanBinaryThreshold = bSum / nb

                st.decayInput = sparsityDecay(st.sparsityInput, target: targets.input)
                st.decayWeight = sparsityDecay(st.sparsityWeight, target: targets.weight)
                st.decayUnary = layout.unaryCount > 0 ? sparsityDecay(st.sparsityUnary, target: targets.unary) : 0
                if let tb = targets.binary, layout.binaryCount > 0 {
                    st.decayBinary = sparsityDecay(st.sparsityBinary, target: tb)
                }
                st.factorInput = Double.mExp(-st.meanInputThreshold) * st.decayInput
                st.factorWeight = expSum / nw * st.decayWeight
                st.factorUnary = Double.mExp(-st.meanUnaryThreshold) * st.decayUnary
                st.factorBinary = Double.mExp(-st.meanBinaryThreshold) * st.decayBinary
            }
        }
        pruning = st
    }

    /// Forward pass over the `ws.rows` rows already in `ws.xRaw`; the prediction ends in `ws.zs.last`.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func forward(_ ws: Workspace<T>) {
        let m = ws.rows
        eff.withUnsafeBufferPointer { e in
            let x0 = ws.acts[0]
            for k in 0..<arch.inputs {
                let mask = e[layout.inputThresholds + k]
                let src = ws.xRaw + k * m, dst = x0 + k * m
                for r in 0..<m { dst[r] = src[r] * mask }
            }
            for (li, lin) in layout.layers.enumerated() {
                let a = ws.acts[li], z = ws.zs[li]
                linearForward(e, lin, input: a, output: z, rows: m)
                guard li < arch.hidden.count else { break }
                let layer = arch.hidden[li]
                let f = ws.fs[li], h = ws.acts[li + 1]
                for (i, op) in layer.unary.enumerated() {
                    let mask = e[lin.unaryThresholds + i]
                    let zi = z + i * m, fi = f + i * m, hi = h + i * m
                    for r in 0..<m {
                        let v = zi[r]
                        let fv = op.value(v)
                        fi[r] = fv
                        hi[r] = mask * fv + (1 - mask) * v
                    }
                }
                binaryForward(e, lin, layer, z: z, f: f, h: h, rows: m)
            }
        }
    }

    /// Binary operator nodes of one hidden layer: each mixes its operator's value with the pair's sum by its
    /// mask (shared by `forward` and the fixed-point `forwardQuantized`, where binary operators are exact).
    @inline(__always)
    func binaryForward(_ e: UnsafeBufferPointer<T>, _ lin: ParameterLayout.Linear, _ layer: SymbolNetArchitecture.Layer,
                       z: UnsafeMutablePointer<T>, f: UnsafeMutablePointer<T>, h: UnsafeMutablePointer<T>, rows m: Int) {
        let u = layer.unary.count
        for (j, op) in layer.binary.enumerated() {
            let mask = e[lin.binaryThresholds + j]
            let za = z + (u + 2 * j) * m, zb = z + (u + 2 * j + 1) * m
            let gj = f + (u + j) * m, hj = h + (u + j) * m
            for r in 0..<m {
                let a = za[r], b = zb[r]
                let g = op.value(a, b)
                gj[r] = g
                hj[r] = mask * g + (1 - mask) * (a + b)
            }
        }
    }

    @inline(__always)
    func linearForward(_ e: UnsafeBufferPointer<T>, _ lin: ParameterLayout.Linear,
                               input a: UnsafeMutablePointer<T>, output z: UnsafeMutablePointer<T>, rows m: Int) {
        let w = e.baseAddress! + lin.weights, b = e.baseAddress! + lin.biases
        for j in 0..<lin.width {
            let zj = z + j * m
            let bj = b[j]
            for r in 0..<m { zj[r] = bj }
            for k in 0..<lin.inDim {
                let wkj = w[k * lin.width + j]
                if wkj == 0 { continue }
                let ak = a + k * m
                for r in 0..<m { zj[r] += wkj * ak[r] }
            }
        }
    }

    /// Data loss of the slice (summed over rows; the caller divides by the batch size) and its seed
    /// gradient times `scale` in the last layer's gradient buffer.
    ///
    /// MSE sums the squared error over the outputs; cross-entropy applies a softmax over the outputs
    /// and takes −log p of the target class (the targets are one-hot).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func lossAndSeed(_ ws: Workspace<T>, scale: T, classification: Bool, loss kind: SymbolNetLoss = .mse) {
        let m = ws.rows, o = arch.outputs
        let yHat = ws.zs[layout.layers.count - 1], g = ws.gZs[layout.layers.count - 1]
        var loss = 0.0
        switch kind {
        case .mse:
            for k in 0..<o {
                let yk = ws.y + k * m, pk = yHat + k * m, gk = g + k * m
                for r in 0..<m {
                    let d = pk[r] - yk[r]
                    loss += Double(d) * Double(d)
                    gk[r] = scale * 2 * d
                }
            }
        case .crossEntropy:
            for r in 0..<m {
                var mx = yHat[r]
                for k in 1..<Swift.max(o, 1) where yHat[k * m + r] > mx { mx = yHat[k * m + r] }
                var sum: T = 0
                for k in 0..<o {
                    let e = T.mExp(yHat[k * m + r] - mx)
                    g[k * m + r] = e
                    sum += e
                }
                let logSum = T.mLog(sum) + mx
                for k in 0..<o {
                    let y = ws.y[k * m + r]
                    g[k * m + r] = scale * (g[k * m + r] / sum - y)
                    if y != 0 { loss += Double(y * (logSum - yHat[k * m + r])) }
                }
            }
        }
        ws.loss = loss
        if classification { ws.correct = countCorrect(ws) }
    }

    /// The first non-finite quantity of the slice's last forward and backward pass, named by layer,
    /// node and operator, so that a diverging run says which operator to drop or guard.
    func diagnoseNonFinite(_ ws: Workspace<T>) -> String {
        let m = ws.rows
        func bad(_ p: UnsafeMutablePointer<T>, _ count: Int) -> Bool {
            for r in 0..<count where !p[r].isFinite { return true }
            return false
        }
        if params.contains(where: { !$0.isFinite }) {
            return "a parameter is already NaN or infinite (an earlier step's gradient overflowed); lower the learning rate or drop pow/exp/sinh/cosh from the operator library"
        }
        for k in 0..<arch.inputs where bad(ws.xRaw + k * m, m) { return "input column \(k)" }
        for (li, layer) in arch.hidden.enumerated() {
            let z = ws.zs[li], f = ws.fs[li]
            let u = layer.unary.count
            for i in 0..<layer.width where bad(z + i * m, m) {
                return "the linear part of hidden layer \(li + 1), output \(i) (weights overflowed); lower the learning rate"
            }
            for (i, op) in layer.unary.enumerated() where bad(f + i * m, m) {
                return "unary operator '\(op.rawValue)' (hidden layer \(li + 1), node \(i)); drop it from --unary or lower the learning rate"
            }
            for (j, op) in layer.binary.enumerated() where bad(f + (u + j) * m, m) {
                return "binary operator '\(op.rawValue)' (hidden layer \(li + 1), binary node \(j)); drop it from --binary\(op == .pow ? " (pow of a negative base or a large exponent is NaN or infinite)" : "")"
            }
        }
        if bad(ws.zs[layout.layers.count - 1], arch.outputs * m) {
            return "the output layer (weights overflowed); lower the learning rate"
        }
        for (li, layer) in arch.hidden.enumerated().reversed() {
            let gz = ws.gZs[li]
            let u = layer.unary.count
            for (i, op) in layer.unary.enumerated() where bad(gz + i * m, m) {
                return "the derivative of unary operator '\(op.rawValue)' (hidden layer \(li + 1), node \(i)); drop it from --unary"
            }
            for (j, op) in layer.binary.enumerated() where bad(gz + (u + 2 * j) * m, 2 * m) {
                return "the derivative of binary operator '\(op.rawValue)' (hidden layer \(li + 1), binary node \(j)); drop it from --binary"
            }
        }
        return "the loss or its gradient (no single node is non-finite); lower the learning rate"
    }

    /// Rows of the slice whose predicted argmax equals the target argmax.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func countCorrect(_ ws: Workspace<T>) -> Int {
        let m = ws.rows, o = arch.outputs
        let yHat = ws.zs[layout.layers.count - 1]
        var correct = 0
        for r in 0..<m {
            var bp = 0, by = 0
            for k in 1..<Swift.max(o, 1) {
                if yHat[k * m + r] > yHat[bp * m + r] { bp = k }
                if ws.y[k * m + r] > ws.y[by * m + r] { by = k }
            }
            if bp == by { correct += 1 }
        }
        return correct
    }

    /// Reverse pass from the seed gradient; accumulates into `ws.grad` the gradient with respect to the
    /// masked weights, the operator masks and the input masks.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func backward(_ ws: Workspace<T>) {
        let m = ws.rows
        let grad = ws.grad
        for i in 0..<ws.gradCount { grad[i] = 0 }
        eff.withUnsafeBufferPointer { e in
            for li in stride(from: layout.layers.count - 1, through: 0, by: -1) {
                let lin = layout.layers[li]
                let z = ws.zs[li], gz = ws.gZs[li]
                if li < arch.hidden.count {
                    let layer = arch.hidden[li]
                    let f = ws.fs[li], gh = ws.gActs[li + 1]
                    let u = layer.unary.count
                    for (i, op) in layer.unary.enumerated() {
                        let mask = e[lin.unaryThresholds + i]
                        let zi = z + i * m, fi = f + i * m, ghi = gh + i * m, gzi = gz + i * m
                        var gm: T = 0
                        for r in 0..<m {
                            let v = zi[r], fv = fi[r], g = ghi[r]
                            gzi[r] = g * (mask * op.derivative(v, value: fv) + (1 - mask))
                            gm += g * (fv - v)
                        }
                        grad[lin.unaryThresholds + i] += gm
                    }
                    for (j, op) in layer.binary.enumerated() {
                        let mask = e[lin.binaryThresholds + j]
                        let za = z + (u + 2 * j) * m, zb = z + (u + 2 * j + 1) * m
                        let gza = gz + (u + 2 * j) * m, gzb = gz + (u + 2 * j + 1) * m
                        let fj = f + (u + j) * m, ghj = gh + (u + j) * m
                        var gn: T = 0
                        for r in 0..<m {
                            let a = za[r], b = zb[r], gv = fj[r], g = ghj[r]
                            let (da, db) = op.derivatives(a, b, value: gv)
                            gza[r] = g * (mask * da + (1 - mask))
                            gzb[r] = g * (mask * db + (1 - mask))
                            gn += g * (gv - a - b)
                        }
                        grad[lin.binaryThresholds + j] += gn
                    }
                }
                linearBackward(e, lin, input: ws.acts[li], gz: gz, gInput: ws.gActs[li], grad: grad, rows: m)
            }
            // Input mask: x0 = x·mask, so dL/dmask_k = Σ_r dL/dx0[k,r]·x[k,r].
            let g0 = ws.gActs[0]
            for k in 0..<arch.inputs {
                grad[layout.inputThresholds + k] += dot(g0 + k * m, ws.xRaw + k * m, m)
            }
        }
    }

    @inline(__always)
    private func linearBackward(_ e: UnsafeBufferPointer<T>, _ lin: ParameterLayout.Linear,
                                input a: UnsafeMutablePointer<T>, gz: UnsafeMutablePointer<T>,
                                gInput ga: UnsafeMutablePointer<T>, grad: UnsafeMutablePointer<T>, rows m: Int) {
        let w = e.baseAddress! + lin.weights
        let gw = grad + lin.weights, gb = grad + lin.biases
        for j in 0..<lin.width {
            let gzj = gz + j * m
            var s: T = 0
            for r in 0..<m { s += gzj[r] }
            gb[j] += s
            for k in 0..<lin.inDim {
                gw[k * lin.width + j] += dot(a + k * m, gzj, m)
            }
        }
        for k in 0..<lin.inDim {
            let gak = ga + k * m
            for r in 0..<m { gak[r] = 0 }
            for j in 0..<lin.width {
                let wkj = w[k * lin.width + j]
                if wkj == 0 { continue }
                let gzj = gz + j * m
                for r in 0..<m { gak[r] += wkj * gzj[r] }
            }
        }
    }

    /// Converts the gradient with respect to effective quantities into the gradient of the total loss
    /// with respect to the raw parameters, adding the regularisation terms' own threshold gradients.
    ///
    /// `lossValue` is the batch regression loss L (the regularisers are L times a threshold function).
    /// `regularization` scales the pruning terms (0 during warm-up, 1 after).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func parameterGradient(effGrad g: UnsafePointer<T>, lossValue: Double, regularization: Double = 1, into out: inout [T]) {
        let st = pruning
        let L = lossValue * regularization
        params.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<o.count { o[i] = 0 }
                let nIn = Double(Swift.max(layout.inputCount, 1))
                let regIn = T(-L * Double.mExp(-st.meanInputThreshold) * st.decayInput / nIn)
                for i in 0..<layout.inputCount {
                    let k = layout.inputThresholds + i
                    o[k] = -g[k] * heavisideSlope(1 - p[k]) + regIn
                }
                let nw = Double(layout.weightCount)
                let regW = -L * st.decayWeight / nw
                let nu = Double(Swift.max(layout.unaryCount, 1)), nb = Double(Swift.max(layout.binaryCount, 1))
                let regU = -L * Double.mExp(-st.meanUnaryThreshold) * st.decayUnary / nu
                let regB = -L * Double.mExp(-st.meanBinaryThreshold) * st.decayBinary / nb
                var uNode = 0, bNode = 0
                for l in layout.layers {
                    for i in 0..<l.weightCount {
                        let wi = l.weights + i, ti = l.thresholds + i
                        let w = p[wi], t = p[ti]
                        let zArg = Swift.abs(w) - t
                        let slope = heavisideSlope(zArg)
                        let sign: T = w > 0 ? 1 : (w < 0 ? -1 : 0)
                        o[wi] = g[wi] * (heaviside(zArg) + w * slope * sign)
                        o[ti] = -g[wi] * w * slope + T(regW * Double.mExp(-Double(t)))
                    }
                    for i in 0..<l.unaryCount {
                        let k = l.unaryThresholds + i
                        o[k] = -g[k] * heavisideSlope(1 - p[k]) + T(regU * unaryCost[uNode])
                        uNode += 1
                    }
                    for i in 0..<l.binaryCount {
                        let k = l.binaryThresholds + i
                        o[k] = -g[k] * heavisideSlope(1 - p[k]) + T(regB * binaryCost[bNode])
                        bNode += 1
                    }
                }
            }
        }
    }
}

/// Dot product with four independent accumulators (floating-point sums are not reassociated by the
/// compiler, so a single accumulator would serialise on the add latency).
@inline(__always)
@_specialize(where T == Float)
@_specialize(where T == Double)
func dot<T: SymbolNetScalar>(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ n: Int) -> T {
    var s0: T = 0, s1: T = 0, s2: T = 0, s3: T = 0
    var i = 0
    while i + 4 <= n {
        s0 += a[i] * b[i]
        s1 += a[i + 1] * b[i + 1]
        s2 += a[i + 2] * b[i + 2]
        s3 += a[i + 3] * b[i + 3]
        i += 4
    }
    while i < n { s0 += a[i] * b[i]; i += 1 }
    return (s0 + s1) + (s2 + s3)
}
