import Support
import XCTest
@testable import SymbolicExpression


final class RoundTripTests: XCTestCase {
    func randomExpr(_ rng: inout SplitMix64, depth: Int) -> Expr {
        let pick = depth == 0 ? Int.random(in: 0..<2, using: &rng) : Int.random(in: 0..<6, using: &rng)
        switch pick {
        case 0:
            let choices: [Double] = [0, 1, 2, -3, 0.5, -0.125, 1e-7, 3.14159, -2.5e12, 123456.75, -0.0]
            return .number(choices.randomElement(using: &rng)!)
        case 1: return .variable(Int.random(in: 0..<20, using: &rng))
        case 2: return .negate(randomExpr(&rng, depth: depth - 1))
        case 3: return .call(Function.allCases.randomElement(using: &rng)!, randomExpr(&rng, depth: depth - 1))
        default:
            return .binary(BinaryOperator.allCases.randomElement(using: &rng)!,
                           randomExpr(&rng, depth: depth - 1), randomExpr(&rng, depth: depth - 1))
        }
    }

    func testParsePrintRoundTrip() throws {
        let seed: UInt64 = 0x5EED_0001
        var rng = SplitMix64(seed: seed)
        for i in 0..<5000 {
            let e = randomExpr(&rng, depth: 5)
            let text = e.description
            let back = try Expr.parse(text)
            XCTAssertEqual(back, e, "case \(i) (seed \(seed)): \(text)")
            if back != e { return }
        }
    }

    func testPrintsMinimalParentheses() throws {
        XCTAssertEqual(try Expr.parse("(x0 + (x1*x2)) - (x3**2)").description, "x0 + x1*x2 - x3**2")
        XCTAssertEqual(try Expr.parse("x0 - (x1 - x2)").description, "x0 - (x1 - x2)")
        XCTAssertEqual(try Expr.parse("(-x0)**2").description, "(-x0)**2")
        XCTAssertEqual(Expr.number(-3).description, "(-3)")
        XCTAssertEqual(Expr.negate(.number(3)).description, "-(3)")
    }

    func testBatchedEvaluatorMatchesTreeWalk() throws {
        let e = try Expr.parse("sin(x0)*cos(x1) + x2**2 - gauss(x0) / (1 + abs(x1)) + sigmoid(x2) - tanh(x0*x1)")
        var rng = SplitMix64(seed: 7)
        let rows = 200
        let data = (0..<(rows * 3)).map { _ in Double.random(in: -3...3, using: &rng) }
        let batch = CompiledExpression(e).evaluate(rows: rows, columns: 3, data: data)
        for r in 0..<rows {
            XCTAssertEqual(batch[r], e.evaluate(Array(data[(r * 3)..<(r * 3 + 3)])))
        }
        XCTAssertEqual(try Expr.parse("gauss(2)").evaluate([]), Foundation.exp(-4.0))
    }
}
import Foundation
