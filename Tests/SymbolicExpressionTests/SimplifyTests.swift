import XCTest
@testable import SymbolicExpression

final class SimplifyTests: XCTestCase {
    func s(_ text: String) throws -> String { try Expr.parse(text).simplified().description }

    func testIdentities() throws {
        XCTAssertEqual(try s("x0*1"), "x0")
        XCTAssertEqual(try s("1*x0"), "x0")
        XCTAssertEqual(try s("x0*0 + x1"), "x1")
        XCTAssertEqual(try s("x0 + 0"), "x0")
        XCTAssertEqual(try s("-(-x0)"), "x0")
        XCTAssertEqual(try s("x0/1"), "x0")
        XCTAssertEqual(try s("x0**1"), "x0")
        XCTAssertEqual(try s("x0**0"), "1")
        XCTAssertEqual(try s("x0 - x0"), "0")
    }

    func testConstantFolding() throws {
        XCTAssertEqual(try s("2*3 + 1"), "7")
        XCTAssertEqual(try s("sin(0) + x0"), "x0")
        XCTAssertEqual(try s("2**3*x0"), "8*x0")
        XCTAssertEqual(try s("exp(0)*cos(x1)"), "cos(x1)")
        XCTAssertEqual(try s("x0/2"), "0.5*x0")
    }

    func testLikeTermsAndLinearCombinations() throws {
        XCTAssertEqual(try s("x0 + x1 + 2*x0"), "3*x0 + x1")
        XCTAssertEqual(try s("0.5*(2*x0 + 4*x1) - x1 + 3"), "x0 + x1 + 3")
        XCTAssertEqual(try s("2*(3*(x0 + 1)) - 6"), "6*x0")
        XCTAssertEqual(try s("x1*x2 + x2*x1"), "2*(x1*x2)")
        XCTAssertEqual(try s("(2*x1)*(3*x2)"), "6*(x1*x2)")
        XCTAssertEqual(try s("-x0 - 2*x1"), "-x0 - 2*x1")
        XCTAssertEqual(try s("sin(x0 + x0) + sin(2*x0)"), "2*sin(2*x0)")
    }

    func testValuePreserved() throws {
        let texts = ["0.3*(sin(1.2*x0 - 0.5) + 0.7*x1) - 0.2*(x1 - 4*x0) + x0*x1*0.5",
                     "2*(x0 + 1)*(x1 - 3) - tanh(x0/3)", "gauss(x0 - x1 + x0) / (0.001 + abs(x1))"]
        for t in texts {
            let e = try Expr.parse(t), f = e.simplified()
            for x in [[0.3, -1.2], [1.5, 0.4], [-0.7, 2.2]] {
                XCTAssertEqual(f.evaluate(x), e.evaluate(x), accuracy: 1e-12 * max(1, abs(e.evaluate(x))), "\(t) -> \(f)")
            }
            XCTAssertEqual(f.simplified(), f, "simplification is idempotent for \(t)")
        }
    }

    func testRoundingConstants() throws {
        let e = try Expr.parse("0.123456*x0 + 98765.4 - 0.000123456*x1")
        XCTAssertEqual(e.roundingConstants(toSignificantDigits: 3).description, "0.123*x0 + 98800 - 0.000123*x1")
        XCTAssertEqual(Expr.number(0.3).roundingConstants(toSignificantDigits: 2), .number(0.3))
        XCTAssertEqual(Expr.number(-2.55).roundingConstants(toSignificantDigits: 2), .number(-2.6))
    }
}
