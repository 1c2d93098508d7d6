import Foundation
import SymbolicExpression
import XCTest

final class HallOfFameTests: XCTestCase {
    /// Rows as SymbolicRegression.jl writes them: header, then complexity, loss and the quoted equation.
    let sample = """
        Complexity,Loss,Equation
        1,0.8123,"x0"
        3,0.4,"(x0 * 1.5)"
        6,0.02,"safe_log(square(x1) + 1.0e-3)"
        8,0.0125,"plus(neg(x0), cube(x1 * -0.5))"

        """

    func testRowsBecomeExpressions() throws {
        let h = try HallOfFame.parse(sample, file: "hall_of_fame.csv", output: "y")
        XCTAssertEqual(h.entries.map(\.complexity), [1, 3, 6, 8])
        XCTAssertEqual(h.entries.map(\.loss), [0.8123, 0.4, 0.02, 0.0125])
        XCTAssertEqual(h.entries.map(\.line), [2, 3, 4, 5])
        XCTAssertEqual(h.entries[1].expr, .binary(.mul, .variable(0), .number(1.5)))
        XCTAssertEqual(h.entries[2].expr, .call(.log, .binary(.add, .call(.square, .variable(1)), .number(1e-3))))
        XCTAssertEqual(h.entries[3].expr, .binary(.add, .negate(.variable(0)), .call(.cube, .binary(.mul, .variable(1), .number(-0.5)))))
    }

    func testPySROperatorsEvaluateAsPySRDefinesThem() throws {
        var p = ExpressionParser()
        p.operators = .pysr
        let x = [2.0, 3.0]
        func value(_ text: String) throws -> Double { try p.parse(text).evaluate(x) }
        XCTAssertEqual(try value("safe_sqrt(x0)"), 2.0.squareRoot())
        XCTAssertEqual(try value("sqrt_abs(neg(x1))"), 3.0.squareRoot())
        XCTAssertEqual(try value("safe_log2(x0)"), 1, accuracy: 1e-15)
        XCTAssertEqual(try value("safe_log10(x0 * 50)"), 2, accuracy: 1e-15)
        XCTAssertEqual(try value("safe_log1p(x0)"), Foundation.log(3.0), accuracy: 1e-15)
        XCTAssertEqual(try value("safe_pow(x0, x1)"), 8)
        XCTAssertEqual(try value("sub(mult(x0, x1), div(x1, x0))"), 6 - 1.5)
        XCTAssertEqual(try value("x0 ^ 2 + inv(x0)"), 4.5)
    }

    func testErrorsNameFileLineAndColumnOfTheCSV() {
        let bad = "Complexity,Loss,Equation\n3,0.4,\"(x0 * 1.5)\"\n5,0.2,\"x0 + relu(x1)\"\n"
        XCTAssertThrowsError(try HallOfFame.parse(bad, file: "hof.csv", output: "y")) { error in
            let e = error as! ParseError
            XCTAssertEqual(e.file, "hof.csv")
            XCTAssertEqual(e.line, 3)
            // "x0 + relu" starts at column 8 of the line; relu is the 6th character of the equation.
            XCTAssertEqual(e.column, 13)
            XCTAssertTrue(e.message.contains("unknown PySR operator 'relu'"), e.message)
            XCTAssertEqual(e.sourceLine, "5,0.2,\"x0 + relu(x1)\"")
        }
        XCTAssertThrowsError(try HallOfFame.parse("Complexity,Equation\n1,\"x0\"\n", file: "a.csv", output: "y")) { error in
            XCTAssertTrue("\(error)".contains("no Loss column"), "\(error)")
        }
        XCTAssertThrowsError(try HallOfFame.parse("Complexity,Loss,Equation\nthree,0.1,\"x0\"\n", file: "a.csv", output: "y")) { error in
            XCTAssertTrue("\(error)".contains("a.csv:2:1: error: complexity 'three'"), "\(error)")
        }
        XCTAssertThrowsError(try HallOfFame.parse("Complexity,Loss,Equation\n2,0.1,\"neg(x0\n", file: "a.csv", output: "y")) { error in
            XCTAssertTrue("\(error)".contains("a.csv:2:7: error: the quote opened here is not closed"), "\(error)")
        }
        XCTAssertThrowsError(try HallOfFame.parse("Complexity,Loss,Equation\n2,0.1,\"plus(x0)\"\n", file: "a.csv", output: "y")) { error in
            XCTAssertTrue("\(error)".contains("plus takes 2 arguments but is given 1"), "\(error)")
        }
    }

    func testPlainFormulasStillRefuseCommas() {
        // Only an operator table turns on calls with several arguments.
        XCTAssertThrowsError(try Expr.parse("plus(x0, x1)")) { error in
            XCTAssertTrue("\(error)".contains("unknown function 'plus'"), "\(error)")
        }
    }

    func testMultiOutputFrontsGiveOneSetPerComplexityCap() throws {
        let a = try HallOfFame.parse("Complexity,Loss,Equation\n1,0.5,\"x0\"\n3,0.1,\"(x0 * 2.0)\"\n", file: "hall_of_fame_output1.csv", output: "y1")
        let b = try HallOfFame.parse("Complexity,Loss,Equation\n2,0.3,\"neg(x1)\"\n5,0.05,\"(x1 - x0) * 0.5\"\n", file: "hall_of_fame_output2.csv", output: "y2")
        let models = PySRFront([a, b]).models
        XCTAssertEqual(models.map(\.label), ["cap2", "cap3", "cap5"])
        XCTAssertEqual(models.map(\.complexities), [[1, 2], [3, 2], [3, 5]])
        XCTAssertEqual(models[0].set.formulas.map(\.name), ["y1", "y2"])
        XCTAssertEqual(HallOfFame.outputName(forFile: "/runs/x/hall_of_fame_output2.csv.bak"), "y2")
        XCTAssertEqual(HallOfFame.outputName(forFile: "hall_of_fame.csv"), "y")
        let single = PySRFront([a]).models
        XCTAssertEqual(single.map(\.label), ["c1", "c3"])
    }
}
