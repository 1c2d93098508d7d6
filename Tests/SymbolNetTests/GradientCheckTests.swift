import XCTest
@testable import SymbolNet

/// Hand-written derivatives against central finite differences, per operator and through a whole network.
final class GradientCheckTests: XCTestCase {
    /// Relative tolerance of a central difference with h = 1e-6 in Double.
    static let tol = 1e-6

    func close(_ a: Double, _ b: Double, _ what: String, tol: Double = GradientCheckTests.tol, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertLessThanOrEqual(abs(a - b), tol * max(1, abs(a), abs(b)), "\(what): analytic \(a) vs numeric \(b)", file: file, line: line)
    }

    func testUnaryDerivatives() {
        let h = 1e-6
        for op in UnaryOperator.allCases {
            for z in [-1.7, -0.4, 0.3, 0.9, 2.1] {
                let f = op.value(z)
                let numeric = (op.value(z + h) - op.value(z - h)) / (2 * h)
                close(op.derivative(z, value: f), numeric, "\(op) at \(z)")
            }
        }
    }

    func testBinaryDerivatives() {
        let h = 1e-6
        for op in BinaryOperatorKind.allCases {
            for (a, b) in [(0.7, 1.3), (1.9, -0.6), (0.4, 0.2), (2.2, 0.8)] {
                let (da, db) = op.derivatives(a, b, value: op.value(a, b))
                close(da, (op.value(a + h, b) - op.value(a - h, b)) / (2 * h), "\(op) d/da at (\(a), \(b))")
                close(db, (op.value(a, b + h) - op.value(a, b - h)) / (2 * h), "\(op) d/db at (\(a), \(b))")
            }
        }
    }

    /// Loss of `engine` on the rows in `ws` (data already gathered), in Double.
    func loss(_ e: Engine<Double>, _ ws: Workspace<Double>) -> Double {
        e.prepare()
        e.forward(ws)
        e.lossAndSeed(ws, scale: 1, classification: false)
        return ws.loss / Double(ws.rows)
    }

    /// Every weight and bias of a two-layer network, for each operator placed in both hidden layers.
    /// Thresholds stay at 0, so all masks are 1 and locally constant: dL/dW equals the gradient the
    /// engine accumulates for the masked weights.
    func testNetworkGradientEveryOperator() {
        var rng = SeededGenerator(seed: 11)
        let unaryCases = UnaryOperator.allCases.map { ([$0, .identity], [BinaryOperatorKind.mul]) }
        let binaryCases = BinaryOperatorKind.allCases.map { ([UnaryOperator.identity, .tanh], [$0]) }
        for (unary, binary) in unaryCases + binaryCases {
            let arch = SymbolNetArchitecture(inputs: 3, hidden: [.init(unary: unary, binary: binary),
                                                                 .init(unary: unary, binary: binary)], outputs: 2)
            let layout = ParameterLayout(arch)
            var p = [Double](repeating: 0, count: layout.count)
            // pow needs positive bases; positive inputs and weights keep every z > 0.
            let positive = binary == [.pow]
            for l in layout.layers {
                for i in 0..<l.weightCount {
                    let v = 0.2 + 0.6 * Double(rng.next() >> 11) * 0x1p-53
                    p[l.weights + i] = positive || rng.next() & 1 == 0 ? v : -v
                }
            }
            let rows = 5
            let e = Engine<Double>(arch: arch, targets: SparsityTargets(), params: p)
            let ws = Workspace<Double>(arch: arch, layout: layout, capacity: rows)
            ws.rows = rows
            for i in 0..<(3 * rows) { ws.xRaw[i] = 0.1 + Double(rng.next() >> 11) * 0x1p-53 * (positive ? 1 : 1.5) }
            for i in 0..<(2 * rows) { ws.y[i] = Double(rng.next() >> 11) * 0x1p-53 }
            _ = loss(e, ws)
            e.lossAndSeed(ws, scale: 1 / Double(rows), classification: false)
            e.backward(ws)
            let analytic = Array(UnsafeBufferPointer(start: ws.grad, count: layout.count))
            let h = 1e-6
            for l in layout.layers {
                for i in l.weights..<(l.weights + l.weightCount) {
                    e.params[i] = p[i] + h
                    let up = loss(e, ws)
                    e.params[i] = p[i] - h
                    let down = loss(e, ws)
                    e.params[i] = p[i]
                    close(analytic[i], (up - down) / (2 * h), "\(unary) \(binary) parameter \(i)", tol: 1e-5)
                }
            }
        }
    }
}
