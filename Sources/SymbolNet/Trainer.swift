import Dispatch
import Foundation

/// Trains SymbolNets: validates the inputs, runs Adam with adaptive dynamic pruning, returns the model.
public enum SymbolNetTrainer {
    /// Trains on `x` (rows of inputs) and `y` (rows of targets).
    ///
    /// For regression every column of `y` is a target. For classification `y` is either one column of
    /// integer labels 0..<C (turned into one-hot targets) or already one-hot rows.
    /// `progress` is called after every epoch.
    public static func train(x: [[Double]], y: [[Double]], config: SymbolNetConfig, inputNames: [String]? = nil,
                             outputNames: [String]? = nil,
                             progress: ((SymbolNetEpoch) -> Void)? = nil) throws(SymbolNetError) -> SymbolNetModel {
        try config.validate()
        guard !x.isEmpty else { throw .emptyData }
        let nIn = x[0].count
        guard nIn > 0 else { throw .shapeMismatch("rows have no input columns") }
        guard y.count == x.count else { throw .shapeMismatch("\(x.count) input rows but \(y.count) target rows") }
        try checkFinite(x, what: "input", width: nIn)
        let yWidth = y[0].count
        guard yWidth > 0 else { throw .shapeMismatch("target rows are empty") }
        try checkFinite(y, what: "target", width: yWidth)
        if let names = inputNames, names.count != nIn {
            throw .shapeMismatch("\(names.count) input names for \(nIn) input columns")
        }
        if let names = outputNames, config.task == .classification, yWidth == 1 {
            // Labels are expanded below; the names must cover every class that occurs.
            let classes = Int(y.map { $0[0] }.max()!) + 1
            guard names.count == classes else { throw .shapeMismatch("\(names.count) output names for \(classes) classes") }
        } else if let names = outputNames, names.count != yWidth {
            throw .shapeMismatch("\(names.count) output names for \(yWidth) target columns")
        }
        var targets = y
        if config.task == .classification, yWidth == 1 {
            let labels = y.map { $0[0] }
            let classes = Int(labels.max()!) + 1
            for (r, v) in labels.enumerated() where v < 0 || v != v.rounded() {
                throw .badLabel(row: r, value: v, classes: classes)
            }
            guard classes >= 2 else { throw .shapeMismatch("classification needs at least two classes; labels are all 0") }
            targets = labels.map { l in (0..<classes).map { $0 == Int(l) ? 1.0 : 0.0 } }
        }
        return try run(x: x, y: targets, config: config, inputNames: inputNames, outputNames: outputNames, progress: progress)
    }

    /// Classification from integer labels in 0..<classes (classes defaults to max label + 1).
    public static func train(x: [[Double]], labels: [Int], classes: Int? = nil, config: SymbolNetConfig,
                             inputNames: [String]? = nil, classNames: [String]? = nil,
                             progress: ((SymbolNetEpoch) -> Void)? = nil) throws(SymbolNetError) -> SymbolNetModel {
        let c = classes ?? ((labels.max() ?? 0) + 1)
        for (r, l) in labels.enumerated() where l < 0 || l >= c {
            throw .badLabel(row: r, value: Double(l), classes: c)
        }
        guard c >= 2 else { throw .shapeMismatch("classification needs at least two classes") }
        if let names = classNames, names.count != c { throw .shapeMismatch("\(names.count) class names for \(c) classes") }
        var cfg = config
        cfg.task = .classification
        let y = labels.map { l in (0..<c).map { $0 == l ? 1.0 : 0.0 } }
        return try train(x: x, y: y, config: cfg, inputNames: inputNames, outputNames: classNames, progress: progress)
    }

    /// Converts a table of text cells to numbers, naming the first cell that is not a finite number.
    public static func numericRows(_ rows: [[String]], what: String = "data") throws(SymbolNetError) -> [[Double]] {
        var out: [[Double]] = []
        out.reserveCapacity(rows.count)
        for (r, row) in rows.enumerated() {
            var vals: [Double] = []
            vals.reserveCapacity(row.count)
            for (c, cell) in row.enumerated() {
                let t = cell.trimmingCharacters()
                guard let v = Double(t) else { throw .nonNumeric(what: what, row: r, column: c, text: cell) }
                guard v.isFinite else { throw .nonFinite(what: what, row: r, column: c) }
                vals.append(v)
            }
            out.append(vals)
        }
        return out
    }

    static func checkFinite(_ rows: [[Double]], what: String, width: Int) throws(SymbolNetError) {
        for (r, row) in rows.enumerated() {
            guard row.count == width else {
                throw .shapeMismatch("\(what) row \(r) has \(row.count) values; row 0 has \(width)")
            }
            for (c, v) in row.enumerated() where !v.isFinite {
                throw .nonFinite(what: what, row: r, column: c)
            }
        }
    }

    /// Initial parameters: weights and biases from N(0, initStd²), every threshold 0.
    static func initialParameters(_ arch: SymbolNetArchitecture, std: Double, rng: inout SeededGenerator) -> [Double] {
        let layout = ParameterLayout(arch)
        var p = [Double](repeating: 0, count: layout.count)
        for l in layout.layers {
            for i in l.weights..<(l.weights + l.weightCount) { p[i] = std * rng.normal() }
        }
        return p
    }

    static func run(x: [[Double]], y: [[Double]], config: SymbolNetConfig, inputNames: [String]?, outputNames: [String]?,
                    progress: ((SymbolNetEpoch) -> Void)?) throws(SymbolNetError) -> SymbolNetModel {
        let arch = SymbolNetArchitecture(inputs: x[0].count, outputs: y[0].count, config: config)
        var rng = SeededGenerator(seed: config.seed)
        let p0 = initialParameters(arch, std: config.initStd, rng: &rng)
        let n = x.count
        let state = TrainingState<Float>(
            arch: arch, targets: config.sparsity, params: p0.map { Float($0) },
            x: x.flatMap { $0.map { Float($0) } }, y: y.flatMap { $0.map { Float($0) } }, rows: n,
            classification: config.task == .classification, batchSize: config.batchSize,
            threads: config.threads, learningRate: config.learningRate, loss: config.loss, operatorCosts: config.operatorCosts)
        var order = Array(0..<n)
        var history: [SymbolNetEpoch] = []
        var best = Double.infinity, sinceBest = 0
        for epoch in stride(from: 1, through: config.epochs, by: 1) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            order.shuffle(using: &rng)
            state.learningRate = config.learningRate(epoch: epoch)
            state.regularization = epoch <= config.warmupEpochs ? 0 : 1
            var total = 0.0, reg = 0.0, correct = 0, steps = 0
            var start = 0
            while start < n {
                let end = Swift.min(n, start + config.batchSize)
                let log = state.step(order[start..<end])
                if let culprit = log.nonFinite { throw .nonFiniteLoss(epoch: epoch, step: steps + 1, culprit: culprit) }
                total += log.totalLoss
                reg += log.regressionLoss
                correct += log.correct
                steps += 1
                start = end
            }
            state.engine.prepare()
            let st = state.engine.pruning
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            let rec = SymbolNetEpoch(
                epoch: epoch, loss: total / Double(steps), regressionLoss: reg / Double(steps),
                accuracy: config.task == .classification ? Double(correct) / Double(n) : nil,
                sparsityInput: st.sparsityInput, sparsityWeight: st.sparsityWeight,
                sparsityUnary: st.sparsityUnary, sparsityBinary: st.sparsityBinary, seconds: seconds)
            history.append(rec)
            progress?(rec)
            if let patience = config.earlyStopPatience, epoch > config.warmupEpochs {
                if rec.loss < best - config.earlyStopMinDelta {
                    best = rec.loss
                    sinceBest = 0
                } else {
                    sinceBest += 1
                    if sinceBest >= patience { break }
                }
            }
        }
        return SymbolNetModel(architecture: arch, config: config, parameters: state.engine.params.map { Double($0) },
                              inputNames: inputNames, outputNames: outputNames, history: history)
    }
}

extension SymbolNetTrainer {
    /// Quantization-aware fine-tuning of a pruned model: the structure (inputs, weights and operators
    /// that survived pruning) is frozen, and the live weights are trained further with the forward
    /// pass emulating the fixed-point design (`qat.emulation`), rounding passed straight through in the
    /// backward pass, and the float pass's loss added with weight `qat.floatWeight`. The returned model's live constants sit on the constant grid (for a truncating
    /// type, at the centre of the bin that truncates to the grid value), so the extracted formulas
    /// carry the constants the hardware uses.
    ///
    /// `y` as for `train`: regression targets, or one-hot rows for classification.
    public static func fineTune(_ model: SymbolNetModel, x: [[Double]], y: [[Double]], qat: QuantizationAwareTraining,
                                progress: ((SymbolNetEpoch) -> Void)? = nil) throws(SymbolNetError) -> SymbolNetModel {
        try qat.validate()
        guard !x.isEmpty else { throw .emptyData }
        let arch = model.architecture
        guard x[0].count == arch.inputs else { throw .shapeMismatch("rows have \(x[0].count) values; the model has \(arch.inputs) inputs") }
        guard y.count == x.count, y.allSatisfy({ $0.count == arch.outputs }) else {
            throw .shapeMismatch("fine-tuning needs one target row of \(arch.outputs) values per input row")
        }
        try checkFinite(x, what: "input", width: arch.inputs)
        let config = model.config
        var rng = SeededGenerator(seed: config.seed ^ 0x0A7_F1E)
        let n = x.count
        let state = TrainingState<Float>(
            arch: arch, targets: config.sparsity, params: model.parameters.map { Float($0) },
            x: x.flatMap { $0.map { Float($0) } }, y: y.flatMap { $0.map { Float($0) } }, rows: n,
            classification: config.task == .classification, batchSize: config.batchSize,
            threads: config.threads, learningRate: qat.learningRate, loss: config.loss)
        let masks = state.engine.currentMasks()
        state.frozenMasks = masks
        let quantized = QuantizedForward<Float>(emulation: qat.emulation, arch: arch)
        let written = state.engine.writtenConstants(masks: masks)
        quantized.writtenConstants = written
        state.quantized = quantized
        state.floatLossWeight = Float(qat.floatWeight)
        state.regularization = 0
        var order = Array(0..<n)
        var history = model.history
        let first = (history.last?.epoch ?? 0) + 1
        for epoch in first..<(first + qat.epochs) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            order.shuffle(using: &rng)
            var total = 0.0, correct = 0, steps = 0, start = 0
            while start < n {
                let end = Swift.min(n, start + config.batchSize)
                let log = state.step(order[start..<end])
                if let culprit = log.nonFinite { throw .nonFiniteLoss(epoch: epoch, step: steps + 1, culprit: culprit) }
                total += log.regressionLoss
                correct += log.correct
                steps += 1
                start = end
            }
            let st = state.engine.pruning
            let rec = SymbolNetEpoch(
                epoch: epoch, loss: total / Double(steps), regressionLoss: total / Double(steps),
                accuracy: config.task == .classification ? Double(correct) / Double(n) : nil,
                sparsityInput: st.sparsityInput, sparsityWeight: st.sparsityWeight, sparsityUnary: st.sparsityUnary,
                sparsityBinary: st.sparsityBinary, seconds: Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            history.append(rec)
            progress?(rec)
        }
        // Snap live constants onto the grid; keep each live weight above its threshold so that the
        // extraction sees the same structure the fine-tuning trained.
        var p = state.engine.params.map { Double($0) }
        let layout = ParameterLayout(arch)
        for l in layout.layers {
            for i in 0..<l.weightCount where masks[l.weights + i] != 0 && written[l.weights + i] {
                let k = l.weights + i, t = l.thresholds + i
                var w = p[k]
                if let grid = qat.emulation.constant {
                    w = grid.quantize(w)
                    // A truncating type maps the whole bin [g, g + step) to g; the bin's centre survives the
                    // rounding of constants to a few significant digits when formulas are printed, where
                    // g itself (0.703125 → 0.7031) would truncate to the grid point below.
                    if grid.rounding == .floor, w != 0 { w += grid.step / 2 }
                }
                p[k] = w
                if w != 0, abs(w) <= p[t] { p[t] = abs(w) / 2 }
            }
        }
        return SymbolNetModel(architecture: arch, config: config, parameters: p, inputNames: model.inputNames,
                              outputNames: model.outputNames, history: history)
    }

    /// One-hot rows for labels in 0..<classes.
    public static func oneHot(_ labels: [Int], classes: Int) -> [[Double]] {
        labels.map { l in (0..<classes).map { $0 == l ? 1.0 : 0.0 } }
    }
}
