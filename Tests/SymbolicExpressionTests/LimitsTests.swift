import XCTest
@testable import SymbolicExpression

/// Deep and long input up to the documented limits works in every pass; beyond them it fails with a located error.
final class LimitsTests: XCTestCase {
    /// A left-nested chain of `n` terms: `x0 + x1 - x2 + …`, the tree a flat sum parses to.
    func flatSum(_ n: Int) -> String {
        (0..<n).map { "x\($0 % 16)" }.enumerated().map { $0 == 0 ? $1 : ($0 % 3 == 0 ? " - " : " + ") + $1 }.joined()
    }

    func testFlatSumAtTheDepthLimitPassesEveryPass() throws {
        let text = flatSum(ExpressionLimits.maxDepth)
        let e = try Expr.parse(text)
        XCTAssertEqual(e.nodeCount, 2 * ExpressionLimits.maxDepth - 1)
        XCTAssertEqual(try Expr.parse(e.description), e, "parse(print(e)) == e on the deepest allowed chain")
        XCTAssertEqual(e.maxVariableIndex, 15)
        XCTAssertEqual(e.variables.count, 16)
        let x = (0..<16).map { Double($0) }
        let v = e.evaluate(x)
        XCTAssertEqual(CompiledExpression(e).evaluate(rows: 1, columns: 16, data: x), [v])
        let s = e.simplified()
        XCTAssertEqual(s.evaluate(x), v, accuracy: 1e-6 * abs(v))
        XCTAssertEqual(Set([e, e]).count, 1)
    }

    func testOneLevelBeyondTheDepthLimitIsALocatedError() {
        let text = flatSum(ExpressionLimits.maxDepth + 1)
        XCTAssertThrowsError(try Expr.parse(text)) { error in
            let e = error as! ParseError
            XCTAssertTrue(e.message.contains("levels deep"), e.message)
            XCTAssertEqual(e.line, 1)
            // The operator that made the tree too deep: the last one.
            XCTAssertEqual(e.column, text.range(of: " ", options: .backwards).map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? 0)
            XCTAssertTrue(e.description.count < 400, "the caret line is a window, not the whole formula")
        }
    }

    func testFiftyThousandParenthesesFailAtTheNestingLimit() {
        let text = String(repeating: "(", count: 50_000) + "x0" + String(repeating: ")", count: 50_000)
        XCTAssertThrowsError(try Expr.parse(text)) { error in
            let e = error as! ParseError
            XCTAssertTrue(e.message.contains("nested more than \(ExpressionLimits.maxNesting)"), e.message)
            XCTAssertEqual(e.column, ExpressionLimits.maxNesting + 1)
        }
        let ok = String(repeating: "(", count: ExpressionLimits.maxNesting - 1) + "x0" + String(repeating: ")", count: ExpressionLimits.maxNesting - 1)
        XCTAssertEqual(try Expr.parse(ok), .variable(0))
        let signs = String(repeating: "-", count: 50_000) + "x0"
        XCTAssertThrowsError(try Expr.parse(signs))
        let calls = String(repeating: "sin(", count: 50_000) + "x0" + String(repeating: ")", count: 50_000)
        XCTAssertThrowsError(try Expr.parse(calls))
        let powers = Array(repeating: "x0", count: 50_000).joined(separator: "**")
        XCTAssertThrowsError(try Expr.parse(powers))
    }

    /// The printer writes negative constants as `(-1)`, which must not cost a nesting
    /// level, or a formula at the nesting limit prints to text that is refused.
    func testPrintedFormulaAtTheNestingLimitParses() throws {
        for k in (ExpressionLimits.maxNesting - 3)..<ExpressionLimits.maxNesting {
            for leaf in ["x0*-1", "--1", "x0**-2.5", "-(1)"] {
                let s = String(repeating: "x0*(", count: k) + leaf + String(repeating: ")", count: k)
                guard let e = try? Expr.parse(s) else { continue }
                XCTAssertEqual(try Expr.parse(e.description), e, "\(k) \(leaf)")
            }
        }
        XCTAssertEqual(try Expr.parse("(-1)**2"), .binary(.pow, .number(-1), .number(2)))
        XCTAssertEqual(try Expr.parse("-(1)"), .negate(.number(1)))
        XCTAssertEqual(try Expr.parse("(-x0)"), .negate(.variable(0)))
        XCTAssertThrowsError(try Expr.parse("(-1"))
    }

    func testVariableIndexBeyondTheInputLimitIsRefusedWithoutOverflow() {
        for name in ["x999999999999999999", "x99999999999999999999999999", "x4096", "x_4096"] {
            XCTAssertThrowsError(try Expr.parse("1 + " + name), name) { error in
                let e = error as! ParseError
                XCTAssertTrue(e.message.contains("beyond the limit of \(ExpressionLimits.maxInputs) inputs"), e.message)
                XCTAssertEqual(e.column, 5)
            }
        }
        XCTAssertEqual(try Expr.parse("x4095"), .variable(4095))
        XCTAssertThrowsError(try LimitError.checkInputCount(1_000_000_000_000))
        XCTAssertThrowsError(try LimitError.checkInputCount(-1))
        XCTAssertNoThrow(try LimitError.checkInputCount(ExpressionLimits.maxInputs))
    }

    func testCRLFFormulaFilesParseLikeLF() throws {
        let lf = try FormulaSet.parse("a: x0 + 1\n# note\nb: x1*2\n")
        let crlf = try FormulaSet.parse("a: x0 + 1\r\n# note\r\nb: x1*2\r\n")
        XCTAssertEqual(lf, crlf)
        XCTAssertThrowsError(try FormulaSet.parse("a: x0\r\nb: x0 +\r\n")) { e in
            XCTAssertEqual((e as! ParseError).line, 2)
        }
    }

    func testOutputNameListsAreIdentifiersWithoutRepeats() {
        XCTAssertNoThrow(try FormulaSet.checkOutputNames(["a", "b_2"], option: "--names"))
        XCTAssertThrowsError(try FormulaSet.checkOutputNames(["a", "a"], option: "--names"))
        XCTAssertThrowsError(try FormulaSet.checkOutputNames(["a", ""], option: "--names"))
        XCTAssertThrowsError(try FormulaSet.checkOutputNames(["2a"], option: "--names"))
    }

    func testFormulaArgumentsThatLookLikePathsAreFiles() {
        let none: (String) -> Bool = { _ in false }
        XCTAssertEqual(FormulaSource.classify("ff.txt", fileExists: none), .file("ff.txt"))
        XCTAssertEqual(FormulaSource.classify("dir/set", fileExists: none), .file("dir/set"))
        XCTAssertEqual(FormulaSource.classify("formulas.sympy", fileExists: none), .file("formulas.sympy"))
        XCTAssertEqual(FormulaSource.classify("x0*1.5", fileExists: none), .text("x0*1.5"))
        XCTAssertEqual(FormulaSource.classify("x0/0", fileExists: none), .text("x0/0"))
        XCTAssertEqual(FormulaSource.classify("x0/x1", fileExists: none), .text("x0/x1"))
        XCTAssertEqual(FormulaSource.classify("a: x0 + 2.5e3", fileExists: none), .text("a: x0 + 2.5e3"))
        XCTAssertEqual(FormulaSource.classify("ff", fileExists: { $0 == "ff" }), .file("ff"))
        XCTAssertThrowsError(try FormulaSource.load("/nonexistent/ff.txt")) { e in
            XCTAssertTrue("\(e)".contains("does not exist"), "\(e)")
        }
    }
}
