import SymbolicExpression
import XCTest
@testable import SymbolNet

/// Extracted formulas that read well: canonical signs, class names, feature names that parse back.
final class ReadableExtractionTests: XCTestCase {
    func testLeadingNegativeTermPrintsWithoutParentheses() throws {
        let e = try Expr.parse("0 - 0.4415*x14 + 0.25*x2").simplified()
        XCTAssertEqual(e.description, "-0.4415*x14 + 0.25*x2")
        XCTAssertEqual(try Expr.parse(e.description), e)
        // A unit coefficient stays a negation; a lone negative constant keeps its parentheses.
        XCTAssertEqual(try Expr.parse("-(x3) + x1").simplified().description, "-x3 + x1")
        for text in ["-0.5*x0", "-2/x1", "x0*(-0.5*x1)", "sin(-0.3*x2) - 1.5*x0", "(-0.5*x0)**2", "-0.5*x0*x1"] {
            let parsed = try Expr.parse(text)
            XCTAssertEqual(try Expr.parse(parsed.description), parsed, text)
        }
        XCTAssertEqual(Expr.binary(.mul, .number(-0.5), .variable(0)).description, "-0.5*x0")
    }

    func testFeatureNamesPrintAndParseBack() throws {
        let model = ExtractionTests.prunedModel(unary: [.identity, .sin, .tanh], binary: [.mul])
        let names = ["mass_mmdt", "zlogz", "c1_b0_mmdt", "multiplicity"]
        try ExpressionPrinter.checkVariableNames(names)
        let parser = ExpressionParser(variableNames: names)
        for f in model.formulas(digits: 4, variableNames: names) {
            XCTAssertFalse(f.text.contains("x1"), f.text)
            XCTAssertEqual(try parser.parse(f.text), f.expr, f.text)
        }
        XCTAssertThrowsError(try ExpressionPrinter.checkVariableNames(["a-b"]))
        XCTAssertThrowsError(try ExpressionPrinter.checkVariableNames(["sin"]))
        XCTAssertThrowsError(try ExpressionPrinter.checkVariableNames(["a", "a"]))
        XCTAssertThrowsError(try ExpressionPrinter.checkVariableNames(["2x"]))
    }

    func testClassNamesNameTheFormulas() throws {
        var model = ExtractionTests.prunedModel()
        XCTAssertEqual(model.formulaNames(), ["y0", "y1"])
        model.outputNames = ["g", "q"]
        XCTAssertEqual(model.formulaNames(), ["g", "q"])
        // Names that cannot head a formula line fall back to y0, y1.
        model.outputNames = ["g q", "t"]
        XCTAssertEqual(model.formulaNames(), ["y0", "y1"])
        let reloaded = try SymbolNetModel.load(from: try ExtractionTests.prunedModel().jsonData())
        XCTAssertNil(reloaded.outputNames)
    }
}
