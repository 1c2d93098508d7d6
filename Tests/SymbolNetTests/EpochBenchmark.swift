import Foundation
import SymbolNet
import XCTest

/// Training time per epoch on the benchmark data set written by `Scripts/bench/symbolnet_epoch.sh`.
///
/// Skipped unless `SYMBOLNET_BENCH_DATA` names the data folder; run it in a release build. Uses only
/// the public API, like the CLI would.
final class EpochBenchmark: XCTestCase {
    func testEpochTime() throws {
        guard let dir = ProcessInfo.processInfo.environment["SYMBOLNET_BENCH_DATA"] else {
            throw XCTSkip("set SYMBOLNET_BENCH_DATA to the folder made by Scripts/bench/symbolnet_epoch.sh")
        }
        let env = ProcessInfo.processInfo.environment
        let rows = Int(env["SYMBOLNET_BENCH_ROWS"] ?? "100000")!
        let inputs = Int(env["SYMBOLNET_BENCH_INPUTS"] ?? "16")!
        let epochs = Int(env["SYMBOLNET_BENCH_EPOCHS"] ?? "3")!
        let xData = try Data(contentsOf: URL(fileURLWithPath: dir).appendingPathComponent("x.f32"))
        let yData = try Data(contentsOf: URL(fileURLWithPath: dir).appendingPathComponent("labels.i32"))
        let xs: [Float] = xData.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        let ls: [Int32] = yData.withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }
        XCTAssertEqual(xs.count, rows * inputs)
        let x = (0..<rows).map { r in (0..<inputs).map { Double(xs[r * inputs + $0]) } }
        let labels = ls.map { Int($0) }
        let config = SymbolNetConfig(
            task: .classification, layers: try LayerSpec.parseList(env["SYMBOLNET_BENCH_LAYERS"] ?? "20:5,20:5"),
            unaryOperators: try UnaryOperator.parseList("sin,tanh,gauss,square"),
            binaryOperators: try BinaryOperatorKind.parseList("mul"),
            sparsity: try SparsityTargets.parse("input=0.75,weight=0.9,unary=0.4,binary=0.4"),
            epochs: epochs, batchSize: 256, seed: 1, threads: Int(env["SYMBOLNET_BENCH_THREADS"] ?? "2")!)
        let model = try SymbolNetTrainer.train(x: x, labels: labels, classes: 5, config: config) { e in
            print(String(format: "BENCH swift epoch %d seconds %.4f loss %.5f accuracy %.4f sparsity in %.3f w %.3f u %.3f b %.3f",
                         e.epoch, e.seconds, e.loss, e.accuracy ?? 0,
                         e.sparsityInput, e.sparsityWeight, e.sparsityUnary, e.sparsityBinary))
        }
        XCTAssertEqual(model.history.count, epochs)
    }
}
