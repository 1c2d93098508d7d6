import XCTest
@testable import SymbolicExpression

final class ParserTests: XCTestCase {
    func testPrecedenceAndAssociativity() throws {
        XCTAssertEqual(try Expr.parse("1 + 2*x0"), .number(1) + .number(2) * .variable(0))
        XCTAssertEqual(try Expr.parse("x0 - x1 - x2"), (.variable(0) - .variable(1)) - .variable(2))
        XCTAssertEqual(try Expr.parse("x0**x1**2"), .binary(.pow, .variable(0), .binary(.pow, .variable(1), .number(2))))
        XCTAssertEqual(try Expr.parse("-x0**2"), .negate(.binary(.pow, .variable(0), .number(2))))
        XCTAssertEqual(try Expr.parse("x0^-2"), .binary(.pow, .variable(0), .number(-2)))
        XCTAssertEqual(try Expr.parse("-2**2"), .negate(.binary(.pow, .number(2), .number(2))))
        XCTAssertEqual(try Expr.parse("x3 / 4 * x1"), (.variable(3) / .number(4)) * .variable(1))
        XCTAssertEqual(try Expr.parse("sin(x14 - 1e-3)"), .call(.sin, .variable(14) - .number(0.001)))
        XCTAssertEqual(try Expr.parse("2.5E+2"), .number(250))
        XCTAssertEqual(try Expr.parse(".5"), .number(0.5))
    }

    func testNamedVariables() throws {
        let p = ExpressionParser(variableNames: ["mass", "pt"])
        XCTAssertEqual(try p.parse("mass*pt"), .variable(0) * .variable(1))
        XCTAssertThrowsError(try p.parse("mass*eta")) { e in
            let err = e as! ParseError
            XCTAssertEqual(err.column, 6)
            XCTAssertTrue(err.message.contains("unknown variable 'eta'"))
        }
    }

    func testErrorsNameLineColumnWithCaret() {
        func failure(_ s: String) -> ParseError {
            do { _ = try Expr.parse(s); XCTFail("expected an error for \(s)"); return ParseError(message: "", line: 0, column: 0, sourceLine: "") }
            catch { return error }
        }
        let e1 = failure("x0 + * x1")
        XCTAssertEqual([e1.line, e1.column], [1, 6])
        XCTAssertEqual(e1.description, "1:6: error: expected a number, variable, function call or '(' but found '*'\n    x0 + * x1\n         ^")
        let e2 = failure("foo(x0)")
        XCTAssertEqual(e2.column, 1)
        XCTAssertTrue(e2.message.contains("unknown function 'foo'"))
        let e3 = failure("(x0 + 1")
        XCTAssertEqual(e3.column, 8)
        XCTAssertTrue(e3.message.contains("')'"))
        let e4 = failure("x0 $ 2")
        XCTAssertEqual(e4.column, 4)
        let e5 = failure("x0 x1")
        XCTAssertEqual(e5.column, 4)
        let e6 = failure("1e")
        XCTAssertTrue(e6.message.contains("exponent"))
        let e7 = failure("x0 +\n  y")
        XCTAssertEqual([e7.line, e7.column], [2, 3])
        XCTAssertEqual(e7.sourceLine, "  y")
    }

    func testFormulaSetNamesAndLocations() throws {
        let set = try FormulaSet.parse("# jets\ng: x0 + 1\n\nq: sin(x3)*x1 # comment\n", file: "f.txt")
        XCTAssertEqual(set.formulas.map(\.name), ["g", "q"])
        XCTAssertEqual(set.formulas.map(\.line), [2, 4])
        XCTAssertEqual(set.inputCount, 4)
        do {
            _ = try FormulaSet.parse("a: x0\nb: x1 +* 2\n", file: "f.txt")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual([error.line, error.column], [2, 8])
            XCTAssertTrue(error.description.hasPrefix("f.txt:2:8: error:"))
        }
        XCTAssertThrowsError(try FormulaSet.parse("a: x0\na: x1\n"))
        XCTAssertThrowsError(try FormulaSet.parse("\n# nothing\n"))
    }
}
