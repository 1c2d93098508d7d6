import SymbolicExpression
import XCTest
@testable import SymbolNet

/// Sums rebuilt as balanced trees: same value, logarithmic adder depth.
final class BalancedSumsTests: XCTestCase {
    /// Longest chain of additions and subtractions from the root (other nodes count as leaves).
    func adderDepth(_ e: Expr) -> Int {
        switch e {
        case .binary(.add, let a, let b), .binary(.sub, let a, let b): return 1 + max(adderDepth(a), adderDepth(b))
        default: return 0
        }
    }

    func testChainBecomesBalancedWithTheSameValue() throws {
        // Eight terms with mixed signs, one of them a call whose argument is itself a chain of four.
        let e = try Expr.parse("0.5*x0 - 1.25*x1 + 2*x2 - x3 + 0.75*sin(x0 - x1 + 0.3*x2 - 0.1) - 0.25*x2*x3 + 3 - x1")
        let b = e.balancingSums()
        XCTAssertEqual(adderDepth(e), 7)
        XCTAssertEqual(adderDepth(b), 3)
        guard case .binary(_, _, _) = b else { return XCTFail("root is not a sum: \(b)") }
        var argument: Expr?
        func findSin(_ x: Expr) {
            switch x {
            case .call(.sin, let a): argument = a
            case .binary(_, let l, let r): findSin(l); findSin(r)
            case .negate(let a), .call(_, let a): findSin(a)
            default: break
            }
        }
        findSin(b)
        XCTAssertEqual(argument.map(adderDepth), 2)
        for x in [[0.3, -1.2, 0.7, 2.0], [-2.5, 0.1, 1.9, -0.4], [0, 0, 0, 0]] {
            XCTAssertEqual(b.evaluate(x), e.evaluate(x), accuracy: 1e-12)
        }
    }

    func testAllNegativeSumIsNegatedOnceAndSingleTermsStay() throws {
        let e = try Expr.parse("-x0 - x1 - x2")
        let b = e.balancingSums()
        guard case .negate = b else { return XCTFail("expected one negation at the root: \(b)") }
        XCTAssertEqual(b.evaluate([1, 2, 4]), -7)
        let single = try Expr.parse("tanh(2*x0)")
        XCTAssertEqual(single.balancingSums(), single)
    }
}
