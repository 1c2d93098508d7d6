import Foundation
import XCTest
@testable import SymbolNet

/// Reproduces one training step of the reference implementation (`symbolnet_golden.json`).
///
/// The reference ran in float32; the engine runs here in Double, so the differences measure the
/// reference's own rounding. Tolerance: |ours − ref| ≤ 1e-5·|ref| + 1e-7. The absolute floor covers
/// entries that are zero on one side and float32 round-off on the other, and the Adam deltas: the
/// reference's delta is a difference of float32 parameters (ulp ≈ 6e-8 near 0.9), about 1.2e-5 of a
/// 0.005 step.
final class GoldenTests: XCTestCase {
    static let relTol = 1e-5
    static let absTol = 1e-7

    struct Golden {
        let json: [String: Any]
        var setup: [String: Any] { json["setup"] as! [String: Any] }
    }

    /// The reference step, from this test target's fixtures (a copy of the shared reference, so the test
    /// never depends on a path outside the checkout).
    static func loadGolden() throws -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/symbolnet_golden.json")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    static func flat(_ v: Any?) -> [Double] {
        if let a = v as? [Any] { return a.flatMap { flat($0) } }
        if let d = v as? Double { return [d] }
        if let n = v as? NSNumber { return [n.doubleValue] }
        return []
    }

    /// Parameter names of the reference, in the flat layout of `ParameterLayout`.
    static func ranges(_ layout: ParameterLayout) -> [(String, Range<Int>)] {
        let h = layout.layers[0], o = layout.layers[1]
        func r(_ s: Int, _ n: Int) -> Range<Int> { s..<(s + n) }
        return [
            ("input_sparsity/threshold:0", r(layout.inputThresholds, layout.inputCount)),
            ("symbolic__layer/weight:0", r(h.weights, h.inDim * h.width)),
            ("symbolic__layer/bias:0", r(h.biases, h.width)),
            ("symbolic__layer/weight_threshold:0", r(h.thresholds, h.inDim * h.width)),
            ("symbolic__layer/bias_threshold:0", r(h.biasThresholds, h.width)),
            ("symbolic__layer/unary_threshold:0", r(h.unaryThresholds, h.unaryCount)),
            ("symbolic__layer/binary_threshold:0", r(h.binaryThresholds, h.binaryCount)),
            ("symbolic__layer_1/weight:0", r(o.weights, o.inDim * o.width)),
            ("symbolic__layer_1/bias:0", r(o.biases, o.width)),
            ("symbolic__layer_1/weight_threshold:0", r(o.thresholds, o.inDim * o.width)),
            ("symbolic__layer_1/bias_threshold:0", r(o.biasThresholds, o.width)),
        ]
    }

    /// Builds the reference network and runs one step; returns the state and the step log.
    static func runStep() throws -> (TrainingState<Double>, StepLog, [Double], [String: Any]) {
        let g = try loadGolden()
        let s = g["setup"] as! [String: Any]
        let hidden = s["hidden"] as! [String: Any], out = s["output"] as! [String: Any]
        let arch = SymbolNetArchitecture(inputs: 3, hidden: [.init(unary: [.sin, .gauss], binary: [.mul])], outputs: 2)
        let layout = ParameterLayout(arch)
        var p = [Double](repeating: 0, count: layout.count)
        func put(_ start: Int, _ v: [Double]) { for (i, x) in v.enumerated() { p[start + i] = x } }
        let h = layout.layers[0], o = layout.layers[1]
        put(layout.inputThresholds, flat(s["input_thresholds_t_in"]))
        put(h.weights, flat(hidden["W"])); put(h.biases, flat(hidden["b"]))
        put(h.thresholds, flat(hidden["weight_thresholds_T"])); put(h.biasThresholds, flat(hidden["bias_thresholds_T"]))
        put(h.unaryThresholds, flat(hidden["unary_thresholds_t"])); put(h.binaryThresholds, flat(hidden["binary_thresholds_t"]))
        put(o.weights, flat(out["W"])); put(o.biases, flat(out["b"]))
        put(o.thresholds, flat(out["weight_thresholds_T"])); put(o.biasThresholds, flat(out["bias_thresholds_T"]))
        let ts = s["target_sparsity"] as! [String: Any]
        let targets = SparsityTargets(input: flat(ts["input"])[0], weight: flat(ts["weight"])[0],
                                      unary: flat(ts["unary"])[0], binary: flat(ts["binary"])[0])
        let x = flat(s["X"]), y = flat(s["Y"])
        let state = TrainingState<Double>(arch: arch, targets: targets, params: p, x: x, y: y, rows: 2,
                                          classification: true, batchSize: 2, threads: 1, learningRate: 0.005)
        let log = state.step([0, 1])
        return (state, log, p, g)
    }

    func assertClose(_ ours: [Double], _ ref: [Double], _ what: String, file: StaticString = #filePath, line: UInt = #line) -> Double {
        XCTAssertEqual(ours.count, ref.count, "\(what): length", file: file, line: line)
        var worst = 0.0
        for (a, b) in zip(ours, ref) {
            let err = Swift.abs(a - b)
            XCTAssertLessThanOrEqual(err, Self.relTol * Swift.abs(b) + Self.absTol, "\(what): ours \(a) vs reference \(b)",
                                     file: file, line: line)
            if b != 0 { worst = Swift.max(worst, err / Swift.abs(b)) } else { worst = Swift.max(worst, err) }
        }
        return worst
    }

    func testForwardAndLossTerms() throws {
        let (state, log, _, g) = try Self.runStep()
        let ws = state.workspaces[0]
        let yHat = ws.zs.last!
        // Workspace is feature-major: output k of row r sits at k·rows + r.
        let ours = (0..<2).flatMap { r in (0..<2).map { k in yHat[k * 2 + r] } }
        var report: [String] = []
        report.append("forward \(assertClose(ours, Self.flat(g["forward"]), "forward"))")
        let logs = g["logs"] as! [String: Any]
        let st = log.pruning
        let L = log.regressionLoss
        let pairs: [(String, Double)] = [
            ("loss", log.totalLoss), ("regression_loss", L),
            ("threshold_input_reg_loss", L * st.factorInput), ("threshold_input_mean", st.meanInputThreshold),
            ("threshold_model_reg_loss", L * st.factorWeight), ("threshold_model_mean", st.meanWeightThreshold),
            ("threshold_unary_reg_loss", L * st.factorUnary), ("threshold_unary_mean", st.meanUnaryThreshold),
            ("threshold_binary_reg_loss", L * st.factorBinary), ("threshold_binary_mean", st.meanBinaryThreshold),
            ("sparsity_input", st.sparsityInput), ("sparsity_model", st.sparsityWeight),
            ("sparsity_unary", st.sparsityUnary), ("sparsity_binary", st.sparsityBinary),
            ("accuracy", Double(log.correct) / Double(log.rows)),
        ]
        var worst = 0.0
        for (k, v) in pairs { worst = Swift.max(worst, assertClose([v], Self.flat(logs[k]), k)) }
        report.append("logs \(worst)")
        print("golden max relative error: " + report.joined(separator: ", "))
    }

    func testGradientsAndAdamStep() throws {
        let (state, _, before, g) = try Self.runStep()
        let grads = g["grads"] as! [String: Any]
        let delta = g["adam_step1_delta"] as! [String: Any]
        let after = g["after_step1"] as! [String: Any]
        var worstG = 0.0, worstD = 0.0, worstA = 0.0
        for (name, r) in Self.ranges(state.engine.layout) {
            worstG = Swift.max(worstG, assertClose(Array(state.lastGradient[r]), Self.flat(grads[name]), "grad \(name)"))
            let d = r.map { state.engine.params[$0] - before[$0] }
            worstD = Swift.max(worstD, assertClose(d, Self.flat(delta[name]), "delta \(name)"))
            worstA = Swift.max(worstA, assertClose(Array(state.engine.params[r]), Self.flat(after[name]), "after \(name)"))
        }
        print("golden max relative error: gradients \(worstG), adam delta \(worstD), parameters after step \(worstA)")
    }

    func testStepFunctionAndSurrogate() throws {
        let g = try Self.loadGolden()
        let step = g["step"] as! [String: Any]
        let z = Self.flat(step["z"])
        _ = assertClose(z.map { heaviside(Float($0)) }.map(Double.init), Self.flat(step["value"]), "H")
        _ = assertClose(z.map { heavisideSlope($0) }, Self.flat(step["grad"]), "H'")
    }
}
