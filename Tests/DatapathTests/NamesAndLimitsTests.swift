import FixedPoint
import SymbolicExpression
import XCTest
@testable import Datapath

final class NamesAndLimitsTests: XCTestCase {
    func lower(_ text: String, name: String = "d") throws -> Datapath {
        let set = try FormulaSet.parse(text)
        return try Lowering(plan: .uniform(.fixed(18, 8)), inputCount: set.inputCount).lower(set, name: name)
    }

    func testFlatSumOfFiveThousandTermsLowersWithoutRecursionPerTerm() throws {
        let text = "y: " + (0..<5000).map { "x\($0 % 16)" }.joined(separator: " + ")
        let d = try lower(text)
        let adds = d.nodes.filter { if case .add = $0.op { return true } else { return false } }
        XCTAssertEqual(adds.count, 4999)
    }

    func testChainLoweringMatchesTheRecursiveRule() throws {
        // A constant prefix of a chain folds into one constant, as the recursive rule folds constant sub-trees.
        let a = try lower("y: 3 - 1 + x0 - x1 + 2.5 - x2")
        let constants = a.nodes.compactMap { n -> Int128? in if case .constant(let v) = n.op { return v } else { return nil } }
        XCTAssertEqual(constants, [FixedFormat.fixed(18, 8).raw(fromDouble: 2), FixedFormat.fixed(18, 8).raw(fromDouble: 2.5)])
        var sympy = Lowering(plan: .uniform(.fixed(18, 8)), inputCount: 3)
        sympy.constantStyle = .sympy
        let s = try sympy.lower(try FormulaSet.parse("y: x0 - 0.7 - x1 - 0.25"), name: "d")
        XCTAssertFalse(s.nodes.contains { if case .sub(_, let k) = $0.op, case .constant = s[k].op { return true } else { return false } },
                       "sympy style adds a subtracted constant as its negative, in chains too")
    }

    func testReservedOutputNamesAreRefusedWithTheirLine() {
        for name in ["int", "class", "module", "logic", "main", "input_t", "sf_x", "_a", "a__b"] {
            XCTAssertThrowsError(try lower("ok: x0\n\(name): x0 + 1", name: "d"), name) { error in
                let e = error as! LoweringError
                XCTAssertEqual(e.line, 2)
                XCTAssertEqual(e.output, name)
            }
        }
        XCTAssertThrowsError(try lower("x0: x0 + 1")) { error in
            XCTAssertTrue((error as! LoweringError).message.contains("also the name of an input"))
        }
        // The design name is each emitter's to check, in its own language.
        XCTAssertNoThrow(try lower("y: x0", name: "small"))
        XCTAssertNotNil(HardwareNames.problem(with: "small", in: [.verilog]))
        XCTAssertNil(HardwareNames.problem(with: "small", in: [.cxx]))
        XCTAssertThrowsError(try lower("y: x0", name: "a b"))
    }

    func testDesignNamesFromFileNamesAreAlwaysUsable() {
        XCTAssertEqual(HardwareNames.designName(fromFileName: "module"), "module_design")
        XCTAssertEqual(HardwareNames.designName(fromFileName: "int"), "int_design")
        XCTAssertEqual(HardwareNames.designName(fromFileName: "jets-pysr"), "jets_pysr")
        XCTAssertEqual(HardwareNames.designName(fromFileName: "3d"), "d_3d")
        XCTAssertEqual(HardwareNames.designName(fromFileName: "__x__y"), "x_y")
        XCTAssertEqual(HardwareNames.designName(fromFileName: "ünï"), "n_")
        XCTAssertEqual(HardwareNames.designName(fromFileName: "..."), "expr")
        for base in ["module", "class", "sf_top", "ap_fixed", "main", "void", "x", "a b", "-", "1", "endmodule"] {
            XCTAssertNil(HardwareNames.problem(with: HardwareNames.designName(fromFileName: base)), base)
        }
    }

    func testClockPeriodMustBePositiveAndFinite() {
        for bad in [0, -1, .nan, .infinity, 2e6] as [Double] {
            XCTAssertThrowsError(try DelayModel.checkClockPeriod(bad), "\(bad)")
        }
        XCTAssertNoThrow(try DelayModel.checkClockPeriod(2.5))
    }
}
