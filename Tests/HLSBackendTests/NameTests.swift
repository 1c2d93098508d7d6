import Datapath
import SymbolicExpression
import XCTest
@testable import HLSBackend

final class HLSNameTests: XCTestCase {
    func testFunctionNamesThatAreCxxKeywordsAreRefused() throws {
        let set = try FormulaSet.parse("y: x0 + 1")
        for name in ["class", "int", "main"] {
            let d = try Lowering(plan: .uniform(.fixed(16, 6)), inputCount: 1).lower(set, name: name)
            XCTAssertThrowsError(try HLSEmitter().emit(d), name)
        }
    }

    func testPartAndClockCannotInjectTcl() throws {
        let d = try Lowering(plan: .uniform(.fixed(16, 6)), inputCount: 1).lower(try FormulaSet.parse("y: x0 + 1"), name: "d")
        for part in ["x} ; exec touch F ; set y {", "a b", "[exec ls]", "$env(HOME)", ""] {
            XCTAssertThrowsError(try HLSEmitter(part: part).emit(d), part)
        }
        for clock in [0, -1, .nan, .infinity] as [Double] {
            XCTAssertThrowsError(try HLSEmitter(clockPeriodNs: clock).emit(d), "\(clock)")
        }
        XCTAssertNoThrow(try HLSEmitter(part: "xc7a35t-cpg236-1").emit(d))
    }
}
