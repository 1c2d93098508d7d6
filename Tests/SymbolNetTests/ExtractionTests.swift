import Foundation
import SymbolicExpression
import XCTest
@testable import SymbolNet

/// The extracted formulas against the network's own forward pass.
final class ExtractionTests: XCTestCase {
    /// A network using every operator, with some inputs, weights and operators pruned by hand.
    static func prunedModel(unary: [UnaryOperator] = UnaryOperator.allCases,
                            binary: [BinaryOperatorKind] = BinaryOperatorKind.allCases) -> SymbolNetModel {
        let arch = SymbolNetArchitecture(inputs: 4, hidden: [
            .init(unary: unary, binary: binary),
            .init(unary: [.tanh, .sin, .square], binary: [.mul, .div]),
        ], outputs: 2)
        let layout = ParameterLayout(arch)
        var rng = SeededGenerator(seed: 5)
        var p = [Double](repeating: 0, count: layout.count)
        for l in layout.layers {
            for i in 0..<l.weightCount { p[l.weights + i] = 0.4 * rng.normal() }
            // Threshold 0.2 prunes the small weights.
            for i in 0..<l.weightCount { p[l.thresholds + i] = 0.2 }
            for i in 0..<l.unaryCount { p[l.unaryThresholds + i] = i % 3 == 0 ? 1 : 0.3 }
            for i in 0..<l.binaryCount { p[l.binaryThresholds + i] = i == 1 ? 1 : 0 }
        }
        p[layout.inputThresholds + 2] = 1
        // pow needs a positive base: make its first operand a positive constant plus a small term.
        if let j = binary.firstIndex(of: .pow) {
            let h = layout.layers[0], a = unary.count + 2 * j
            for k in 0..<4 { p[h.weights + k * h.width + a] = k == 0 ? 0.3 : 0 }
            p[h.biases + a] = 1.5
        }
        return SymbolNetModel(architecture: arch, config: SymbolNetConfig(), parameters: p)
    }

    static func rows(_ n: Int) -> [[Double]] {
        var rng = SeededGenerator(seed: 9)
        return (0..<n).map { _ in (0..<4).map { _ in Double(rng.next() >> 11) * 0x1p-53 * 2 - 1 } }
    }

    func testFullPrecisionFormulaEqualsForwardPass() throws {
        let model = Self.prunedModel()
        let formulas = model.extract(digits: nil)
        let x = Self.rows(200)
        let net = try model.predict(x)
        for (o, f) in formulas.enumerated() {
            XCTAssertFalse(f.variables.contains(2), "pruned input x2 must vanish from \(f)")
            for (r, row) in x.enumerated() {
                let v = f.evaluate(row)
                // Float rounding only: simplification reassociates sums.
                XCTAssertEqual(v, net[r][o], accuracy: 1e-9 * max(1, abs(net[r][o])), "output \(o) row \(r): \(f)")
            }
        }
    }

    /// Tolerance after rounding: every constant carries a relative error of at most 0.5·10^(1−digits);
    /// with 4 digits the outputs of this network stay within 1e-2·(1 + |y|). Protected division and
    /// log(0.001 + |x|) are left out here: near their poles no fixed number of digits bounds the error.
    func testRoundedFormulaWithinTolerance() throws {
        let model = Self.prunedModel(unary: [.identity, .sin, .cos, .exp, .sinh, .cosh, .tanh, .gauss, .square, .cube],
                                     binary: [.add, .mul, .pow])
        let x = Self.rows(200)
        let net = try model.predict(x)
        for (o, f) in model.extract(digits: 4).enumerated() {
            for (r, row) in x.enumerated() {
                XCTAssertEqual(f.evaluate(row), net[r][o], accuracy: 1e-2 * (1 + abs(net[r][o])), "output \(o): \(f)")
            }
        }
    }

    func testPrunedPiecesDisappear() {
        // One unary sin node (pruned) and one binary mul node (pruned): the result is linear.
        let arch = SymbolNetArchitecture(inputs: 2, hidden: [.init(unary: [.sin], binary: [.mul])], outputs: 1)
        let l = ParameterLayout(arch)
        var p = [Double](repeating: 0, count: l.count)
        let h = l.layers[0], o = l.layers[1]
        // z0 = x0, z1 = x1, z2 = 2·x0; W is row-major inputs × width.
        p[h.weights + 0] = 1; p[h.weights + 1] = 0; p[h.weights + 2] = 2
        p[h.weights + 3] = 0; p[h.weights + 4] = 1; p[h.weights + 5] = 0
        p[h.unaryThresholds] = 1
        p[h.binaryThresholds] = 1
        p[o.weights + 0] = 1; p[o.weights + 1] = 1
        let model = SymbolNetModel(architecture: arch, config: SymbolNetConfig(), parameters: p)
        // x0 + (x1 + 2·x0) collects to 3·x0 + x1.
        XCTAssertEqual(model.extract(digits: 3)[0].description, "3*x0 + x1")
        XCTAssertEqual(model.complexity(digits: 3), [5])
    }

    func testFormulasUseInputNames() {
        var model = Self.prunedModel()
        model.inputNames = ["a", "b", "c", "d"]
        let text = model.formulas(digits: 2, variableNames: model.inputNames).map(\.text).joined(separator: " ")
        XCTAssertFalse(text.contains("x0"))
        XCTAssertTrue(text.contains("a") || text.contains("b") || text.contains("d"))
    }
}
