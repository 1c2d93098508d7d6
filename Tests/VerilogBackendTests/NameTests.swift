import Datapath
import SymbolicExpression
import XCTest
@testable import VerilogBackend

final class VerilogNameTests: XCTestCase {
    func testModuleNamesThatAreVerilogKeywordsAreRefused() throws {
        let set = try FormulaSet.parse("y: x0 + 1")
        for name in ["small", "module", "logic"] {
            let d = try Lowering(plan: .uniform(.fixed(16, 6)), inputCount: 1).lower(set, name: name)
            XCTAssertThrowsError(try VerilogEmitter().emit(d), name)
        }
    }
}
