import XCTest
@testable import SymbolNet

/// The operator-pruning term weighted by hardware cost: each node's threshold is pushed in proportion to
/// its operator's cost, and equal costs give the reference's unweighted term.
final class OperatorCostTests: XCTestCase {
    func pressure(costs: [String: Double]?) -> [Double] {
        let config = SymbolNetConfig(task: .regression, layers: [LayerSpec(unary: 4, binary: 1)], unaryOperators: [.sin, .tanh],
                                     binaryOperators: [.mul], sparsity: SparsityTargets(input: 0.5, weight: 0.5, unary: 0.5, binary: 0.5),
                                     operatorCosts: costs)
        let arch = SymbolNetArchitecture(inputs: 3, outputs: 1, config: config)
        var rng = SeededGenerator(seed: 4)
        let p = SymbolNetTrainer.initialParameters(arch, std: 0.1, rng: &rng)
        let e = Engine<Double>(arch: arch, targets: config.sparsity, params: p, operatorCosts: costs)
        e.prepare()
        let zero = [Double](repeating: 0, count: p.count)
        var out = zero
        zero.withUnsafeBufferPointer { e.parameterGradient(effGrad: $0.baseAddress!, lossValue: 1, into: &out) }
        let l = e.layout.layers[0]
        return (0..<l.unaryCount).map { out[l.unaryThresholds + $0] }
    }

    func testPressureFollowsTheCost() {
        let plain = pressure(costs: nil)
        // Nodes are sin, tanh, sin, tanh (round-robin); without costs every node is pushed the same.
        XCTAssertEqual(Set(plain).count, 1)
        XCTAssertLessThan(plain[0], 0, "the pruning term raises thresholds (negative gradient)")
        let weighted = pressure(costs: ["sin": 3, "tanh": 1])
        XCTAssertEqual(weighted[0] / weighted[1], 3, accuracy: 1e-12)
        XCTAssertEqual(weighted[2], weighted[0])
        // Costs are normalised to mean 1 over the nodes, so the total push is unchanged.
        XCTAssertEqual(weighted.reduce(0, +), plain.reduce(0, +), accuracy: 1e-12)
        XCTAssertEqual(pressure(costs: ["sin": 7, "tanh": 7]), plain)
    }

    func testMeasuredCostsCoverTheOperatorLibrary() {
        for op in UnaryOperator.allCases { XCTAssertGreaterThan(OperatorCosts.measured[op.rawValue] ?? 0, 0, op.rawValue) }
        // pow of two variables has no hardware implementation (only constant integer powers lower), so it
        // has no synthesized cost and weighs 1 like any operator without one.
        for op in BinaryOperatorKind.allCases where op != .pow { XCTAssertGreaterThan(OperatorCosts.measured[op.rawValue] ?? 0, 0, op.rawValue) }
        XCTAssertNil(OperatorCosts.measured["pow"])
        XCTAssertGreaterThan(OperatorCosts.measured["sin"]!, OperatorCosts.measured["tanh"]!, "sin adds a range-reduction multiply to its table")
    }

    func testNonPositiveCostIsRefused() {
        var c = SymbolNetConfig()
        c.operatorCosts = ["sin": 0]
        XCTAssertThrowsError(try c.validate()) { XCTAssertTrue("\($0)".contains("operator cost of 'sin' is 0.0"), "\($0)") }
    }
}
