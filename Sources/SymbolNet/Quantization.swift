/// The values a fixed-point type can hold, reached from a real number the way an ap_fixed cast does.
///
/// Values are `k·step` for `k` in `minIndex...maxIndex`; a real number is truncated (floor) or rounded
/// half up onto the grid, then saturated or wrapped into range. SymbolNet has no fixed-point dependency:
/// the caller describes the grid from its format (ap_fixed<W,I>: step 2^(I−W), indices ±2^(W−1)).
public struct FixedGrid: Sendable, Equatable, Codable {
    public enum Rounding: String, Sendable, Codable {
        /// Toward −∞ (TRN, ap_fixed's default).
        case floor
        /// To the nearest grid value, ties up (RND).
        case halfUp
    }

    public var step: Double
    public var minIndex: Int
    public var maxIndex: Int
    public var rounding: Rounding
    /// Saturate out-of-range values (SAT); false wraps around (WRAP).
    public var saturates: Bool

    public init(step: Double, minIndex: Int, maxIndex: Int, rounding: Rounding, saturates: Bool) {
        self.step = step
        self.minIndex = minIndex
        self.maxIndex = maxIndex
        self.rounding = rounding
        self.saturates = saturates
    }

    public var count: Int { maxIndex - minIndex + 1 }

    /// Grid index of `x` after rounding and overflow handling.
    @inlinable
    public func index(_ x: Double) -> Int {
        let s = x / step
        var k = rounding == .floor ? s.rounded(.down) : (s + 0.5).rounded(.down)
        // Keep the conversion to Int defined for any input (NaN maps to 0).
        if !(k == k) { k = 0 }
        k = Swift.min(Swift.max(k, -9.0e15), 9.0e15)
        let i = Int(k)
        if saturates { return Swift.min(Swift.max(i, minIndex), maxIndex) }
        let n = count
        var r = (i - minIndex) % n
        if r < 0 { r += n }
        return minIndex + r
    }

    /// `x` on the grid.
    @inlinable
    public func quantize(_ x: Double) -> Double { Double(index(x)) * step }
}

/// What a unary operator computes in hardware: its argument cast onto `argument`, then one value per
/// grid point (read from the same function tables the hardware uses).
public struct HardwareFunction: Sendable, Equatable {
    public var argument: FixedGrid
    /// Indexed by `argument.index(z) − argument.minIndex`.
    public var values: [Double]

    public init(argument: FixedGrid, values: [Double]) {
        precondition(values.count == argument.count, "one value per argument grid point")
        self.argument = argument
        self.values = values
    }

    @inlinable
    public func value(_ z: Double) -> Double { values[argument.index(z) - argument.minIndex] }
}

/// How the forward pass of quantization-aware fine-tuning emulates a fixed-point design.
///
/// Inputs, constants (weights and biases) and outputs are cast onto their grids; unary operators with a
/// hardware implementation (function tables) return the hardware's value; sums and products stay exact,
/// as a plan with full-precision intermediates computes them. The backward pass is the float one
/// (straight-through estimator: rounding counts as the identity).
public struct QuantizationEmulation: Sendable {
    /// What is emulated, for logs (e.g. `uniform ap_fixed<10,4>`).
    public var name: String
    public var input: FixedGrid?
    public var constant: FixedGrid?
    public var output: FixedGrid?
    /// Operators missing here are computed exactly (identity, square, cube: exact products in hardware).
    public var unary: [UnaryOperator: HardwareFunction]

    public init(name: String, input: FixedGrid?, constant: FixedGrid?, output: FixedGrid?, unary: [UnaryOperator: HardwareFunction]) {
        self.name = name
        self.input = input
        self.constant = constant
        self.output = output
        self.unary = unary
    }
}

/// Settings of the quantization-aware fine-tuning phase that follows pruning.
public struct QuantizationAwareTraining: Sendable {
    public var emulation: QuantizationEmulation
    /// Epochs of fine-tuning with the pruned structure frozen.
    public var epochs: Int
    public var learningRate: Double
    /// Weight of the float forward pass's loss beside the emulated one (0: the emulated pass alone).
    ///
    /// The emulated pass alone trains weights for the fixed-point design; the same formulas evaluated in
    /// float (exact inputs, functions and outputs) can then drift away from it, which is the gap the
    /// hardware check measures. A positive weight trains the weights to work in both. The default 1 was
    /// chosen on the bundled jets (Reports/benchmarks/symbolnet_qat.md): at `ap_fixed<6,3,AP_RND,AP_SAT>`
    /// the float–fixed gap was 4.22 points with 0 and 0.19 with 1; at `ap_fixed<18,8>` 0.04 and 0.03.
    public var floatWeight: Double

    public static let defaultEpochs = 20
    public static let defaultLearningRate = 0.001
    public static let defaultFloatWeight = 1.0

    public init(emulation: QuantizationEmulation, epochs: Int = defaultEpochs, learningRate: Double = defaultLearningRate,
                floatWeight: Double = defaultFloatWeight) {
        self.emulation = emulation
        self.epochs = epochs
        self.learningRate = learningRate
        self.floatWeight = floatWeight
    }

    public func validate() throws(SymbolNetError) {
        guard epochs >= 1 else { throw .badHyperparameter("quantization-aware fine-tuning needs at least one epoch") }
        guard learningRate > 0, learningRate.isFinite else { throw .badHyperparameter("quantization-aware learning rate must be > 0") }
        guard floatWeight >= 0, floatWeight.isFinite else { throw .badHyperparameter("quantization-aware float weight must be ≥ 0 and finite") }
    }
}

/// What casting the written coefficients of one linear output changes: a constant and, per atom
/// (a buffer of `Workspace.acts` and a node in it), a coefficient difference.
struct FoldedCorrection<T: SymbolNetScalar> {
    var output: Int
    var constant: T
    var terms: [(Int, Int, T)]
}

extension Double {
    /// ⌊log10 |self|⌋ for a finite non-zero value.
    var log10Floor: Int {
        var e = Int((Swift.abs(self)).exponentLog10Estimate)
        while Double.mPow(10, Double(e)) > Swift.abs(self) { e -= 1 }
        while Double.mPow(10, Double(e + 1)) <= Swift.abs(self) { e += 1 }
        return e
    }

    private var exponentLog10Estimate: Double { (Double(exponent) * 0.30103).rounded(.down) }
}

/// The emulation resolved per node of one architecture (which unary nodes read a hardware function).
final class QuantizedForward<T: SymbolNetScalar>: @unchecked Sendable {
    let emulation: QuantizationEmulation
    /// Per layer, per unary node: the hardware function of the node's operator (nil: exact).
    let nodes: [[HardwareFunction?]]
    /// Per parameter: a constant the formulas write as trained; set by the trainer.
    var writtenConstants: [Bool] = []
    /// Per linear layer: the constant-quantization corrections of its written outputs (recomputed every
    /// step by `Engine.prepareFoldedConstants`).
    var corrections: [[FoldedCorrection<T>]] = []
    /// Significant digits the formulas print constants with before the hardware quantizes them.
    var digits = 4

    /// The output grid with saturation, and its bounds.
    let saturatingOutput: FixedGrid?
    let outputBounds: (T, T)

    init(emulation: QuantizationEmulation, arch: SymbolNetArchitecture) {
        self.emulation = emulation
        nodes = arch.hidden.map { layer in layer.unary.map { emulation.unary[$0] } }
        var out = emulation.output
        out?.saturates = true
        saturatingOutput = out
        outputBounds = out.map { (T(Double($0.minIndex) * $0.step), T(Double($0.maxIndex) * $0.step)) } ?? (-T.infinity, T.infinity)
    }
}

extension Engine {
    /// Forward pass with the fixed-point emulation: like `forward`, with inputs, operator values and
    /// outputs cast the way the hardware casts them (`eff` already holds quantized constants). Kept
    /// apart from `forward` so that ordinary training's hot loop carries no branch for it.
    func forwardQuantized(_ ws: Workspace<T>, _ q: QuantizedForward<T>) {
        let m = ws.rows
        let em = q.emulation
        eff.withUnsafeBufferPointer { e in
            let x0 = ws.acts[0]
            for k in 0..<arch.inputs {
                let mask = e[layout.inputThresholds + k]
                let src = ws.xRaw + k * m, dst = x0 + k * m
                if let g = em.input {
                    for r in 0..<m { dst[r] = T(g.quantize(Double(src[r]))) * mask }
                } else {
                    for r in 0..<m { dst[r] = src[r] * mask }
                }
            }
            for (li, lin) in layout.layers.enumerated() {
                let a = ws.acts[li], z = ws.zs[li]
                linearForward(e, lin, input: a, output: z, rows: m)
                if li < q.corrections.count {
                    for c in q.corrections[li] {
                        let zj = z + c.output * m
                        for r in 0..<m { zj[r] += c.constant }
                        for (buffer, node, d) in c.terms {
                            let src = ws.acts[buffer] + node * m
                            for r in 0..<m { zj[r] += d * src[r] }
                        }
                    }
                }
                guard li < arch.hidden.count else {
                    // Outputs saturate here even when the hardware type wraps: a wrapped class score
                    // would turn the loss's push toward a larger margin into a jump to the other end,
                    // and training diverges. `clipSaturatedOutputGradient` stops the push at the bound.
                    if let g = q.saturatingOutput {
                        for i in 0..<(lin.width * m) { z[i] = T(g.quantize(Double(z[i]))) }
                    }
                    break
                }
                let layer = arch.hidden[li]
                let f = ws.fs[li], h = ws.acts[li + 1]
                for (i, op) in layer.unary.enumerated() {
                    let mask = e[lin.unaryThresholds + i]
                    let zi = z + i * m, fi = f + i * m, hi = h + i * m
                    let hw = mask != 0 ? q.nodes[li][i] : nil
                    for r in 0..<m {
                        let v = zi[r]
                        let fv = hw.map { T($0.value(Double(v))) } ?? op.value(v)
                        fi[r] = fv
                        hi[r] = mask * fv + (1 - mask) * v
                    }
                }
                binaryForward(e, lin, layer, z: z, f: f, h: h, rows: m)
            }
        }
    }

    /// Straight-through estimator at the outputs, clipped at the type's bounds: a saturating type gives
    /// no gradient through a saturated score; a wrapping type, where such a score turns into the other
    /// extreme in hardware, gets a gradient that pulls it back into range.
    func clipSaturatedOutputGradient(_ ws: Workspace<T>, _ q: QuantizedForward<T>, scale: T) {
        guard q.saturatingOutput != nil else { return }
        let last = layout.layers.count - 1
        let z = ws.zs[last], g = ws.gZs[last]
        let (lo, hi) = q.outputBounds
        let wraps = !(q.emulation.output?.saturates ?? true)
        for i in 0..<(arch.outputs * ws.rows) {
            if z[i] >= hi { g[i] = wraps ? scale : 0 } else if z[i] <= lo { g[i] = wraps ? -scale : 0 }
        }
    }

    /// Masks of the current parameters at every parameter position: 1 or 0 at weights (H(|w| − T)) and at
    /// the input and operator thresholds (H(1 − t)); weight-threshold positions hold 0.
    func currentMasks() -> [T] {
        prepare()
        var masks = [T](repeating: 0, count: layout.count)
        for i in 0..<layout.inputCount { masks[layout.inputThresholds + i] = eff[layout.inputThresholds + i] }
        for l in layout.layers {
            for i in 0..<l.weightCount {
                masks[l.weights + i] = heaviside(Swift.abs(params[l.weights + i]) - params[l.thresholds + i])
            }
            for i in 0..<l.unaryCount { masks[l.unaryThresholds + i] = eff[l.unaryThresholds + i] }
            for i in 0..<l.binaryCount { masks[l.binaryThresholds + i] = eff[l.binaryThresholds + i] }
        }
        return masks
    }

    /// The constants the extracted formulas hold, and what casting them changes.
    ///
    /// The extraction unrolls the pruned network into linear forms over atoms (the inputs and the live
    /// operators' values): a pruned unary node passes its argument's form on, a pruned binary node the sum
    /// of its two, and like terms collect, so a written coefficient is a sum of products of weights along
    /// linear paths. The hardware holds each such coefficient rounded to `digits` significant digits and
    /// quantized once. For every form the formulas write (a live operator's argument, an output) this
    /// computes, from the current weights, the difference between the hardware's coefficients and the
    /// exact ones; the forward pass adds it (the straight-through backward pass ignores it).
    func prepareFoldedConstants(_ q: QuantizedForward<T>, masks: [T]) {
        guard let grid = q.emulation.constant else { q.corrections = []; return }
        let digits = q.digits
        // Atoms: inputs (buffer 0, node k), then live operators (buffer li + 1, node j).
        var atoms: [(Int, Int)] = (0..<arch.inputs).map { (0, $0) }
        // Forms of the current layer's inputs: coefficient per atom and a constant.
        var forms: [(coef: [Double], constant: Double)] = (0..<arch.inputs).map { k in
            var c = [Double](repeating: 0, count: arch.inputs)
            c[k] = masks[layout.inputThresholds + k] != 0 ? 1 : 0
            return (c, 0)
        }
        func rounded(_ v: Double) -> Double {
            guard v != 0, v.isFinite else { return v }
            let e = (Swift.abs(v)).log10Floor
            let scale = Double.mPow(10, Double(digits - 1 - e))
            return (v * scale).rounded() / scale
        }
        var all: [[FoldedCorrection<T>]] = []
        for (li, l) in layout.layers.enumerated() {
            let nAtoms = atoms.count
            var z: [(coef: [Double], constant: Double)] = []
            for j in 0..<l.width {
                var coef = [Double](repeating: 0, count: nAtoms)
                var constant = Double(eff[l.biases + j])
                for k in 0..<l.inDim {
                    let w = Double(eff[l.weights + k * l.width + j])
                    guard w != 0 else { continue }
                    let f = forms[k]
                    for a in 0..<f.coef.count where f.coef[a] != 0 { coef[a] += w * f.coef[a] }
                    constant += w * f.constant
                }
                z.append((coef, constant))
            }
            var layerCorrections: [FoldedCorrection<T>] = []
            let hidden = li < arch.hidden.count
            let u = hidden ? arch.hidden[li].unary.count : 0
            for j in 0..<l.width {
                let written = !hidden || (j < u ? masks[l.unaryThresholds + j] != 0 : masks[l.binaryThresholds + (j - u) / 2] != 0)
                guard written else { continue }
                var terms: [(Int, Int, T)] = []
                for a in 0..<nAtoms where z[j].coef[a] != 0 {
                    let c = z[j].coef[a]
                    let d = grid.quantize(rounded(c)) - c
                    if d != 0 { terms.append((atoms[a].0, atoms[a].1, T(d))) }
                }
                let c0 = z[j].constant
                layerCorrections.append(FoldedCorrection(output: j, constant: T(grid.quantize(rounded(c0)) - c0), terms: terms))
            }
            all.append(layerCorrections)
            guard hidden else { break }
            // The layer's outputs become the next layer's input forms.
            let layer = arch.hidden[li]
            var next: [(coef: [Double], constant: Double)] = []
            for i in 0..<layer.unary.count {
                if masks[l.unaryThresholds + i] != 0 {
                    atoms.append((li + 1, i))
                    next.append(([], 0))
                } else {
                    next.append(z[i])
                }
            }
            for j in 0..<layer.binary.count {
                if masks[l.binaryThresholds + j] != 0 {
                    atoms.append((li + 1, u + j))
                    next.append(([], 0))
                } else {
                    let a = z[u + 2 * j], b = z[u + 2 * j + 1]
                    next.append((zip(a.coef, b.coef).map { $0 + $1 }, a.constant + b.constant))
                }
            }
            // Live operators are atoms of their own: a unit coefficient on their new index.
            let n = atoms.count
            var atomIndex = nAtoms
            for i in 0..<next.count {
                let live = i < u ? masks[l.unaryThresholds + i] != 0 : masks[l.binaryThresholds + (i - u)] != 0
                if live {
                    var c = [Double](repeating: 0, count: n)
                    c[atomIndex] = 1
                    atomIndex += 1
                    next[i] = (c, 0)
                } else {
                    next[i].coef += [Double](repeating: 0, count: n - next[i].coef.count)
                }
            }
            forms = next
        }
        q.corrections = all
    }

    /// Which weights and biases reach the extracted formulas as written constants.
    ///
    /// The extraction collapses linear paths: a pruned unary node is the identity and a pruned binary
    /// node a sum, so the weights into and out of such a node multiply into one folded constant (like
    /// terms collect), which the hardware quantizes once. Only constants outside those paths — into a
    /// live operator or an output, from an input or a live operator — are written as trained; they are
    /// the ones the emulation casts. (Casting folded weights one by one would train for constants the
    /// design never holds.)
    func writtenConstants(masks: [T]) -> [Bool] {
        var written = [Bool](repeating: false, count: layout.count)
        for (li, l) in layout.layers.enumerated() {
            // Output j of this linear layer is written as the argument of a live operator (or an output).
            func feedsLiveOperator(_ j: Int) -> Bool {
                guard li < arch.hidden.count else { return true }
                let u = arch.hidden[li].unary.count
                return j < u ? masks[l.unaryThresholds + j] != 0 : masks[l.binaryThresholds + (j - u) / 2] != 0
            }
            // Input k of this layer is a variable or a live operator's value (not a collapsed sum).
            func direct(_ k: Int) -> Bool {
                guard li > 0 else { return true }
                let prev = layout.layers[li - 1], u = arch.hidden[li - 1].unary.count
                return k < u ? masks[prev.unaryThresholds + k] != 0 : masks[prev.binaryThresholds + (k - u)] != 0
            }
            for j in 0..<l.width where feedsLiveOperator(j) {
                var folded = false
                for k in 0..<l.inDim {
                    let idx = l.weights + k * l.width + j
                    if direct(k) { written[idx] = true } else if masks[idx] != 0 { folded = true }
                }
                // A bias beside a collapsed sum merges with that sum's constant.
                written[l.biases + j] = !folded
            }
        }
        return written
    }

    /// `eff` from frozen masks, with every written constant cast onto `constant`.
    func prepareFrozen(_ masks: [T], constant: FixedGrid?, written: [Bool]) {
        for i in 0..<layout.inputCount { eff[layout.inputThresholds + i] = masks[layout.inputThresholds + i] }
        for l in layout.layers {
            for i in 0..<l.weightCount {
                let k = l.weights + i
                let w = params[k] * masks[k]
                if let constant, written[k] { eff[k] = T(constant.quantize(Double(w))) } else { eff[k] = w }
            }
            for i in 0..<l.unaryCount { eff[l.unaryThresholds + i] = masks[l.unaryThresholds + i] }
            for i in 0..<l.binaryCount { eff[l.binaryThresholds + i] = masks[l.binaryThresholds + i] }
        }
    }

    /// Gradient with the structure frozen: live weights get the effective gradient (straight through the
    /// constant cast), thresholds and pruned weights get none.
    func frozenParameterGradient(effGrad g: UnsafePointer<T>, masks: [T], into out: inout [T]) {
        for i in 0..<out.count { out[i] = 0 }
        for l in layout.layers {
            for i in 0..<l.weightCount {
                let k = l.weights + i
                out[k] = g[k] * masks[k]
            }
        }
    }
}
