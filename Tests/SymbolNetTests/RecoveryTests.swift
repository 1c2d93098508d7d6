import Foundation
import SymbolicExpression
import XCTest
@testable import SymbolNet

/// End-to-end: SymbolNet finds the true inputs of y = 1.5·sin(x0) + x1·x2 among ten distractors.
///
/// One hidden layer of 4 unary (sin, identity) and 2 binary (mul) nodes, 2,048 rows, 150 epochs:
/// about 1.5 s in a debug build. Seeds 1–4 all recover {x0, x1, x2}; the test pins seed 3 (the 20-distractor
/// case below: seeds 1–6 recover them, about 0.3–0.9 s each).
final class RecoveryTests: XCTestCase {
    static func data(rows: Int, seed: UInt64, distractors: Int = 10) -> ([[Double]], [[Double]]) {
        var rng = SeededGenerator(seed: seed)
        var x: [[Double]] = [], y: [[Double]] = []
        for _ in 0..<rows {
            let row = (0..<(3 + distractors)).map { _ in Double(rng.next() >> 11) * 0x1p-53 * 4 - 2 }
            x.append(row)
            y.append([1.5 * Foundation.sin(row[0]) + row[1] * row[2]])
        }
        return (x, y)
    }

    func testRecoversTrueInputs() throws {
        let (x, y) = Self.data(rows: 2048, seed: 7)
        let config = SymbolNetConfig(
            task: .regression, layers: [LayerSpec(unary: 4, binary: 2)],
            unaryOperators: [.sin, .identity], binaryOperators: [.mul],
            sparsity: SparsityTargets(input: 0.75, weight: 0.9, unary: 0.4, binary: nil),
            epochs: Int(ProcessInfo.processInfo.environment["SYMBOLNET_RECOVERY_EPOCHS"] ?? "") ?? 150,
            batchSize: 256, learningRate: 0.005, seed: 3, initStd: 0.1)
        let start = Date()
        let model = try SymbolNetTrainer.train(x: x, y: y, config: config) { e in
            if e.epoch % 25 == 0 {
                print("epoch \(e.epoch) loss \(e.loss) mse \(e.regressionLoss) sparsity in \(e.sparsityInput) w \(e.sparsityWeight) u \(e.sparsityUnary)")
            }
        }
        let f = model.extract(digits: 3)[0]
        print("recovered: \(f)  (\(f.nodeCount) nodes, \(Date().timeIntervalSince(start)) s)")
        XCTAssertEqual(f.variables, [0, 1, 2], "extracted formula \(f) should read exactly x0, x1, x2")
        XCTAssertLessThan(model.history.last!.regressionLoss, 0.02)
    }

    /// Issue 15's recovery figure: the same formula among 20 distractors (23 inputs). The input target
    /// 0.85 lets the pruning stop at 20 pruned inputs (20/23 = 0.87; 19/23 = 0.83 is below it), so the
    /// test fails whenever a true input is pruned in place of a distractor or a distractor survives.
    func testRecoversTrueInputsAmongTwentyDistractors() throws {
        let (x, y) = Self.data(rows: 2048, seed: 11, distractors: 20)
        let config = SymbolNetConfig(
            task: .regression, layers: [LayerSpec(unary: 4, binary: 2)],
            unaryOperators: [.sin, .identity], binaryOperators: [.mul],
            sparsity: SparsityTargets(input: 0.85, weight: 0.9, unary: 0.4, binary: nil),
            epochs: Int(ProcessInfo.processInfo.environment["SYMBOLNET_RECOVERY_EPOCHS"] ?? "") ?? 300,
            batchSize: 256, learningRate: 0.005, seed: UInt64(ProcessInfo.processInfo.environment["SYMBOLNET_RECOVERY_SEED"] ?? "") ?? 3, initStd: 0.1)
        let start = Date()
        let model = try SymbolNetTrainer.train(x: x, y: y, config: config)
        let f = model.extract(digits: 3)[0]
        print("recovered among 20 distractors: \(f)  (\(f.nodeCount) nodes, \(Date().timeIntervalSince(start)) s)")
        XCTAssertEqual(f.variables, [0, 1, 2], "extracted formula \(f) should read exactly x0, x1, x2")
        XCTAssertLessThan(model.history.last!.regressionLoss, 0.1, "the fit explains y (its variance is about 3)")
    }
}
