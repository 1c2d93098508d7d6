import Datapath
import FixedPoint
import Foundation
import SymbolicExpression
import Testbench
import Verilator
import VerilogBackend
import XCTest

/// Emitted designs run through Verilator and checked bit for bit against the golden model.
final class EmittedDesignTests: XCTestCase {
    func cosim(_ text: String, precision: String = "ap_fixed<18,8>", vectors: Int = 3000, clock: Double = 5,
               inputs: Int? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> CosimFlow.Outcome {
        let set = try FormulaSet.parse(text)
        let format = try FixedFormat(parsing: precision)
        let flow = CosimFlow(plan: .uniform(format), delays: DelayModel(clockPeriodNs: clock), toolchain: try Bench.tools())
        let n = inputs ?? set.inputCount
        let stimulus = Stimulus.standardNormal(count: vectors, inputCount: n, seed: 42, format: format)
        let out = try flow.run(set, name: "dut", inputCount: n, stimulus: stimulus, seed: 42, stimulusLabel: "test")
        for o in out.result.outputs {
            XCTAssertEqual(o.mismatches, 0, "\(o.name): first mismatch \(String(describing: o.firstMismatch))", file: file, line: line)
            XCTAssertEqual(o.latencyCycles, out.design.latency, "measured latency equals the schedule", file: file, line: line)
            XCTAssertEqual(o.ii, 1, file: file, line: line)
            XCTAssertEqual(o.vectors, vectors + stimulus.edgeCaseCount, file: file, line: line)
        }
        return out
    }

    func testIssueExampleIsBitExact() throws {
        let out = try cosim("y: 2*x0 + x1*x2 - x3**2")
        XCTAssertLessThan(out.result.outputs[0].maxAbsError, 0.02, "ap_fixed<18,8> truncation error of a 4-term sum")
    }

    func testEveryOperatorAndMixedWidths() throws {
        _ = try cosim("""
        a: x0*x1 - 3*x2
        b: -x3 + x0**3 - x1/4
        c: square(x2) * cube(x1) - 0.125
        d: -(x0 - x1) * (x2 + 1.5)
        """, precision: "ap_fixed<12,5,AP_RND_CONV,AP_SAT>")
    }

    func testEveryQuantizationAndOverflowModeAtTheOutput() throws {
        // The primitive is exhaustively tested in every mode; here each mode is exercised once in a full design.
        let combos = QuantizationMode.allCases.map { ($0, OverflowMode.sat) } + OverflowMode.allCases.map { (QuantizationMode.rnd, $0) }
        for (q, o) in combos {
            _ = try cosim("y: x0*x1 + x2*x2*4 - x3", precision: FixedFormat.fixed(10, 4, q, o, o == .wrap || o == .wrapSM ? 1 : 0).description, vectors: 300)
        }
    }

    func testDeepPipelineAtAFastClock() throws {
        let out = try cosim("y: ((x0*x1 + x2)*(x3*x4 - x5) + x6)*x7 - x0*x0*x0*x0", clock: 2.5)
        XCTAssertGreaterThanOrEqual(out.design.latency, 5)
    }

    func testSixteenInputsUnusedInputsAllowed() throws {
        _ = try cosim("y: x0*x15 + x3", inputs: 16)
    }

    func testTwoDesignsInOneProcessBothRight() throws {
        // Same module name, same ports, different logic: each must run its own code.
        let a = try cosim("y: x0 + x1", vectors: 500)
        let b = try cosim("y: x0 - x1", vectors: 500)
        XCTAssertNotEqual(a.result.build.hash, b.result.build.hash)
    }

    func testEmittedVerilogIsLintCleanAndSynthesizes() throws {
        let set = try FormulaSet.parse("y: 2*x0 + x1*x2 - x3**2\nz: x0*x1*x2 - 0.75")
        let d = try Lowering(plan: .uniform(.fixed(18, 8, .rnd, .sat)), inputCount: 4).lower(set, name: "lint_dut")
        let design = try VerilogEmitter().emit(d)
        try Bench.lint(design.files, top: design.top)
        let dir = try Bench.scratch(design.files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = "read_verilog \(design.files.map(\.name).joined(separator: " ")); synth_xilinx -family xc7 -top \(design.top); stat"
        let (rc, log) = try Bench.shell(["yosys", "-q", "-p", script], in: dir)
        XCTAssertEqual(rc, 0, log)
        XCTAssertFalse(log.lowercased().contains("warning"), "yosys warnings:\n\(log)")
    }

    func testWatchdogFailsADesignThatNeverRaisesValid() throws {
        let set = try FormulaSet.parse("y: x0 + x1")
        let d = try Lowering(plan: .uniform(.fixed(8, 4)), inputCount: 2).lower(set, name: "stuck")
        var design = try VerilogEmitter().emit(d)
        design.files[0].text = design.files[0].text.replacingOccurrences(of: ".din(in_valid)", with: ".din(1'b0)")
        let sim = try SimulatedDesign.load(try Bench.tools().build(Cosimulation.source(design, d)))
        var cosim = Cosimulation()
        cosim.watchdogCycles = 200
        let stimulus = Stimulus.standardNormal(count: 100, inputCount: 2, seed: 1, format: .fixed(8, 4))
        XCTAssertThrowsError(try cosim.run(sim, datapath: d, formulas: set, stimulus: stimulus, predictedLatency: design.latency)) { error in
            guard case TestbenchError.watchdog(_, let cycles, let received, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(received, 0)
            XCTAssertGreaterThan(cycles, 200)
            XCTAssertTrue("\(error)".contains("watchdog"))
        }
    }

    func testScoreboardCatchesAWrongDesign() throws {
        // A design whose logic differs from the datapath must be reported, not passed.
        let set = try FormulaSet.parse("y: x0 + x1")
        let d = try Lowering(plan: .uniform(.fixed(8, 4)), inputCount: 2).lower(set, name: "wrong")
        var design = try VerilogEmitter().emit(d)
        XCTAssertTrue(design.files[0].text.contains(" + "))
        design.files[0].text = design.files[0].text.replacingOccurrences(of: " + ", with: " - ")
        let sim = try SimulatedDesign.load(try Bench.tools().build(Cosimulation.source(design, d)))
        let stimulus = Stimulus.standardNormal(count: 200, inputCount: 2, seed: 1, format: .fixed(8, 4))
        var cosim = Cosimulation()
        let (outputs, _, _, _) = try cosim.run(sim, datapath: d, formulas: set, stimulus: stimulus, predictedLatency: design.latency)
        XCTAssertGreaterThan(outputs[0].mismatches, 100)
        XCTAssertNotNil(outputs[0].firstMismatch)
    }
}
