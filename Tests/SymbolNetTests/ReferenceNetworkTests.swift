import XCTest
@testable import SymbolNet

/// The dense reference network: its hand-written gradient, that it learns known functions, its errors.
final class ReferenceNetworkTests: XCTestCase {
    /// Mean loss of the engine on the rows already in `ws`.
    func loss(_ e: DenseEngine<Double>, _ ws: DenseWorkspace<Double>, classification: Bool) -> Double {
        e.forward(ws)
        e.lossAndSeed(ws, scale: 1, classification: classification)
        return ws.loss / Double(ws.rows)
    }

    /// Every weight and bias against central differences, for softmax cross-entropy and for MSE.
    func testGradientMatchesFiniteDifferences() {
        for classification in [true, false] {
            var rng = SeededGenerator(seed: 3)
            let widths = [4, 6, 5, 3]
            let p = ReferenceNetworkTrainer.initialParameters(widths, rng: &rng).map { $0 + 0.05 * rng.normal() }
            let rows = 7
            let e = DenseEngine<Double>(widths: widths, params: p)
            let ws = DenseWorkspace<Double>(widths: widths, capacity: rows, gradCount: e.layout.count)
            ws.rows = rows
            for i in 0..<(rows * 4) { ws.acts[0][i] = rng.normal() }
            for r in 0..<rows {
                for k in 0..<3 { ws.y[r * 3 + k] = classification ? (k == r % 3 ? 1 : 0) : rng.normal() }
            }
            _ = loss(e, ws, classification: classification)
            e.lossAndSeed(ws, scale: 1 / Double(rows), classification: classification)
            e.backward(ws)
            let analytic = Array(UnsafeBufferPointer(start: ws.grad, count: e.layout.count))
            let h = 1e-6
            for i in 0..<p.count {
                e.params[i] = p[i] + h
                let up = loss(e, ws, classification: classification)
                e.params[i] = p[i] - h
                let down = loss(e, ws, classification: classification)
                e.params[i] = p[i]
                let numeric = (up - down) / (2 * h)
                XCTAssertLessThanOrEqual(abs(analytic[i] - numeric), 1e-6 * max(1, abs(numeric)),
                                         "classification \(classification) parameter \(i): \(analytic[i]) vs \(numeric)")
            }
        }
    }

    /// Two classes split by the sign of x0·x1 (not linearly separable): the network learns it.
    func testLearnsANonlinearClassifier() throws {
        var rng = SeededGenerator(seed: 5)
        let x = (0..<3000).map { _ in [rng.normal(), rng.normal(), rng.normal()] }
        let labels = x.map { $0[0] * $0[1] > 0 ? 1 : 0 }
        let cfg = ReferenceNetworkConfig(hidden: [16, 16], maxEpochs: 80, learningRate: 0.01, seed: 2)
        let net = try ReferenceNetworkTrainer.train(x: Array(x[..<2000]), labels: Array(labels[..<2000]), classes: 2, config: cfg)
        let acc = Scoring.accuracy(try net.classify(Array(x[2000...])), Array(labels[2000...]))
        XCTAssertGreaterThan(acc, 0.93, "held-out accuracy \(acc)")
        XCTAssertLessThanOrEqual(net.bestEpoch, net.history.count)
        // Seeded: the same settings give the same network.
        let again = try ReferenceNetworkTrainer.train(x: Array(x[..<2000]), labels: Array(labels[..<2000]), classes: 2, config: cfg)
        XCTAssertEqual(again.parameters, net.parameters)
    }

    /// A regression on a scaled, shifted target: predictions come back on the target's own scale.
    func testLearnsARegression() throws {
        var rng = SeededGenerator(seed: 6)
        let x = (0..<3000).map { _ in [rng.normal(), rng.normal()] }
        let y = x.map { [100 + 20 * (sin($0[0]) + 0.5 * $0[1] * $0[1])] }
        let cfg = ReferenceNetworkConfig(hidden: [32, 16], maxEpochs: 80, learningRate: 0.01, seed: 2)
        let net = try ReferenceNetworkTrainer.train(x: Array(x[..<2000]), y: Array(y[..<2000]), config: cfg)
        let r2 = Scoring.r2(try net.predict(Array(x[2000...])), Array(y[2000...]))
        XCTAssertGreaterThan(r2, 0.95, "held-out R² \(r2)")
    }

    func testBadInput() {
        let x = (0..<20).map { [Double($0), 1] }
        XCTAssertThrowsError(try ReferenceNetworkTrainer.train(x: x, labels: [Int](repeating: 1, count: 20), classes: 2)) { e in
            XCTAssertTrue("\(e)".contains("single class"), "\(e)")
        }
        XCTAssertThrowsError(try ReferenceNetworkTrainer.train(x: [[1, 2]], labels: [0], classes: 2))
        XCTAssertThrowsError(try ReferenceNetworkTrainer.train(x: [[1, 2], [3, 4]], y: [[1], [2]],
                                                               config: ReferenceNetworkConfig(validationFraction: 0.2)))
        XCTAssertThrowsError(try ReferenceNetworkTrainer.train(x: x, labels: x.map { Int($0[0]) % 2 }, classes: 2,
                                                               config: ReferenceNetworkConfig(hidden: [0])))
    }

    func testScoring() {
        XCTAssertEqual(Scoring.accuracy([0, 1, 2, 2], [0, 1, 1, 2]), 0.75)
        XCTAssertEqual(Scoring.r2([[1], [2], [3]], [[1], [2], [3]]), 1)
        XCTAssertEqual(Scoring.r2([[2], [2], [2]], [[1], [2], [3]]), 0)
        let c = ReferenceComparison(task: .classification, symbolnet: 0.6, reference: 0.8, testRows: 10)
        XCTAssertEqual(c.ratio!, 0.75, accuracy: 1e-12)
        XCTAssertEqual(c.summary, "SymbolNet accuracy 0.6000, reference network 0.8000 (0.750 of it) on 10 test rows")
    }
}

/// Choices the training plan makes on a validation split, the new loss and schedule options, and the
/// stop at the first non-finite loss.
final class TrainingPlanTests: XCTestCase {
    /// Three classes decided by x0 and x1 among six inputs.
    func data(_ n: Int, seed: UInt64) -> ([[Double]], [Int]) {
        var rng = SeededGenerator(seed: seed)
        let x = (0..<n).map { _ in (0..<6).map { _ in rng.normal() } }
        let labels = x.map { $0[0] > 0.4 ? 2 : ($0[1] > 0 ? 1 : 0) }
        return (x, labels)
    }

    func testChoosesSparsityOnValidationSplit() throws {
        let (x, labels) = data(1500, seed: 9)
        var cfg = SymbolNetConfig(task: .classification, layers: [LayerSpec(unary: 4, binary: 1)],
                                  unaryOperators: [.identity, .tanh], binaryOperators: [.mul], epochs: 15, seed: 4)
        cfg.loss = .crossEntropy
        let candidates = [SparsityTargets(input: 0.3, weight: 0.8, unary: 0.4, binary: 0.4),
                          SparsityTargets(input: 0.6, weight: 0.9, unary: 0.4, binary: 0.4)]
        let plan = TrainingPlan(config: cfg, sparsityCandidates: candidates, selectionTolerance: 1.0,
                                reference: ReferenceNetworkConfig(hidden: [8], maxEpochs: 5))
        let out = try plan.run(x: x, labels: labels, classNames: ["a", "b", "c"])
        XCTAssertEqual(out.trials.count, 2)
        XCTAssertEqual(out.trials.filter(\.chosen).count, 1)
        // With a tolerance of 1 every candidate qualifies, so the smallest one is taken.
        let smallest = out.trials.min { $0.complexity < $1.complexity }!
        XCTAssertEqual(out.sparsity, smallest.targets)
        XCTAssertEqual(out.model.config.sparsity, smallest.targets)
        XCTAssertEqual(out.model.formulaNames(), ["a", "b", "c"])
        XCTAssertNotNil(out.reference)
        XCTAssertTrue(out.sparsityLine.contains("chosen on the validation split"), out.sparsityLine)
    }

    func testSingleClassIsRefused() {
        let (x, _) = data(100, seed: 1)
        let cfg = SymbolNetConfig(task: .classification, layers: [LayerSpec(unary: 2, binary: 1)], binaryOperators: [.mul], epochs: 1)
        XCTAssertThrowsError(try TrainingPlan(config: cfg).run(x: x, labels: [Int](repeating: 0, count: 100), classNames: ["a", "b"]))
    }

    /// Cross-entropy, warm-up and the cosine schedule train to a usable classifier.
    func testCrossEntropyWarmupCosine() throws {
        let (x, labels) = data(2000, seed: 10)
        let cfg = SymbolNetConfig(task: .classification, layers: [LayerSpec(unary: 6, binary: 2)],
                                  unaryOperators: [.identity, .tanh, .square], binaryOperators: [.mul],
                                  sparsity: SparsityTargets(input: 0.5, weight: 0.8, unary: 0.4, binary: 0.4),
                                  epochs: 30, seed: 3, loss: .crossEntropy, warmupEpochs: 5, learningRateSchedule: .cosine)
        let m = try SymbolNetTrainer.train(x: Array(x[..<1500]), labels: Array(labels[..<1500]), config: cfg)
        let acc = Scoring.accuracy(try m.classify(Array(x[1500...])), Array(labels[1500...]))
        XCTAssertGreaterThan(acc, 0.8)
        // No pruning pressure during warm-up: nothing is pruned in the first epoch.
        XCTAssertEqual(m.history[0].sparsityInput, 0)
        XCTAssertEqual(cfg.learningRate(epoch: 1), cfg.learningRate)
        XCTAssertEqual(cfg.learningRate(epoch: 30), cfg.learningRate * LearningRateSchedule.cosineFloor, accuracy: 1e-12)
    }

    /// pow of a negative base is NaN: training stops at once and names the operator.
    func testNonFiniteLossNamesTheOperator() {
        let (x, labels) = data(600, seed: 2)
        let cfg = SymbolNetConfig(task: .classification, layers: [LayerSpec(unary: 2, binary: 2)],
                                  unaryOperators: [.identity], binaryOperators: [.pow], epochs: 5)
        XCTAssertThrowsError(try SymbolNetTrainer.train(x: x, labels: labels, config: cfg)) { e in
            guard case SymbolNetError.nonFiniteLoss(let epoch, let step, let culprit) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(epoch, 1)
            XCTAssertEqual(step, 1)
            XCTAssertTrue(culprit.contains("binary operator 'pow'"), culprit)
            XCTAssertTrue("\(e)".contains("epoch 1, step 1"), "\(e)")
        }
    }

    /// The SymbolNet engine's cross-entropy seed against central differences through a whole network.
    func testCrossEntropyGradient() {
        var rng = SeededGenerator(seed: 12)
        let arch = SymbolNetArchitecture(inputs: 3, hidden: [.init(unary: [.tanh, .sin], binary: [.mul])], outputs: 3)
        let layout = ParameterLayout(arch)
        var p = [Double](repeating: 0, count: layout.count)
        for l in layout.layers { for i in 0..<l.weightCount { p[l.weights + i] = 0.5 * rng.normal() } }
        let rows = 6
        let e = Engine<Double>(arch: arch, targets: SparsityTargets(), params: p)
        let ws = Workspace<Double>(arch: arch, layout: layout, capacity: rows)
        ws.rows = rows
        for i in 0..<(3 * rows) { ws.xRaw[i] = rng.normal() }
        for r in 0..<rows { for k in 0..<3 { ws.y[k * rows + r] = k == r % 3 ? 1 : 0 } }
        func loss() -> Double {
            e.prepare()
            e.forward(ws)
            e.lossAndSeed(ws, scale: 1, classification: true, loss: .crossEntropy)
            return ws.loss / Double(rows)
        }
        _ = loss()
        e.lossAndSeed(ws, scale: 1 / Double(rows), classification: true, loss: .crossEntropy)
        e.backward(ws)
        let analytic = Array(UnsafeBufferPointer(start: ws.grad, count: layout.count))
        let h = 1e-6
        for l in layout.layers {
            for i in l.weights..<(l.weights + l.weightCount) {
                e.params[i] = p[i] + h
                let up = loss()
                e.params[i] = p[i] - h
                let down = loss()
                e.params[i] = p[i]
                let numeric = (up - down) / (2 * h)
                XCTAssertLessThanOrEqual(abs(analytic[i] - numeric), 1e-6 * max(1, abs(numeric)), "parameter \(i)")
            }
        }
    }

    /// Model files written before the loss, warm-up and schedule settings existed still load.
    func testOlderConfigDecodes() throws {
        let cfg = SymbolNetConfig(task: .classification, layers: [LayerSpec(unary: 2, binary: 1)], binaryOperators: [.mul])
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(cfg)) as! [String: Any]
        for k in ["loss", "warmupEpochs", "learningRateSchedule"] { XCTAssertNotNil(json.removeValue(forKey: k)) }
        let old = try JSONDecoder().decode(SymbolNetConfig.self, from: JSONSerialization.data(withJSONObject: json))
        XCTAssertEqual(old, cfg)
    }
}
