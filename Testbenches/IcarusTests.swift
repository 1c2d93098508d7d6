import Datapath
import FixedPoint
import Foundation
import SymbolicExpression
import Testbench
import VerilogBackend
import XCTest

/// The same emitted designs under Icarus Verilog: a second simulator must agree with the golden model too.
final class IcarusTests: XCTestCase {
    func check(_ text: String, precision: FixedFormat, inputs: Int? = nil, vectors: Int = 1500) throws {
        let set = try FormulaSet.parse(text)
        let n = inputs ?? set.inputCount
        let d = try Lowering(plan: .uniform(precision), inputCount: n).lower(set, name: "icarus_dut")
        let design = try VerilogEmitter().emit(d)
        let stimulus = Stimulus.standardNormal(count: vectors, inputCount: n, seed: 11, format: precision)
        let out = try IcarusCrossCheck().run(design, datapath: d, stimulus: stimulus)
        XCTAssertEqual(out.vectors, stimulus.count)
        XCTAssertEqual(out.mismatches, Array(repeating: 0, count: d.outputs.count))
        XCTAssertEqual(out.latencyCycles, design.latency)
    }

    func testPolynomialUnderIcarus() throws {
        try check("y: 2*x0 + x1*x2 - x3**2\nz: -(x0*x1) + 0.375", precision: .fixed(12, 5, .rndConv, .satSym))
    }

    func testJetExpressionsUnderIcarus() throws {
        let dir = JetDesignTests.examples()
        try check(try String(contentsOf: dir.appendingPathComponent("jets_pysr.txt"), encoding: .utf8), precision: .fixed(18, 8), inputs: 16, vectors: 800)
        try check(try String(contentsOf: dir.appendingPathComponent("jets_symbolnet.txt"), encoding: .utf8), precision: .fixed(18, 8), inputs: 16, vectors: 800)
    }

    func testIcarusDetectsAWrongDesign() throws {
        let set = try FormulaSet.parse("y: x0 + x1")
        let d = try Lowering(plan: .uniform(.fixed(8, 4)), inputCount: 2).lower(set, name: "wrong")
        var design = try VerilogEmitter().emit(d)
        design.files[0].text = design.files[0].text.replacingOccurrences(of: " + ", with: " - ")
        let out = try IcarusCrossCheck().run(design, datapath: d, stimulus: Stimulus.standardNormal(count: 300, inputCount: 2, seed: 1, format: .fixed(8, 4)))
        XCTAssertGreaterThan(out.mismatches[0], 100)
    }
}
