import Datapath
import FixedPoint
import Foundation
import SymbolicExpression
import Testbench
import VerilogBackend
import XCTest

/// The optimized plan's per-node formats, CSD multiplies and analysed tables through Verilator and Icarus:
/// bit for bit equal to the Swift model, measured latency equal to the schedule's.
final class OptimizedPlanTests: XCTestCase {
    static let formulas = """
    a: sin(2*x0 - 1.03)*cos(2*x0 - 1.03) + 0.3*x1*x2 - 0.84
    b: sin(x0 - 0.39*x1 + x2) + tanh(0.7*x1)
    c: log(1 + x0**2) + sqrt(abs(x1)) - x2/(1 + abs(x3))
    """
    static let format = FixedFormat.fixed(12, 4)

    static func plan() -> PrecisionPlan {
        var target = OptimizationTarget(inputFormat: format, maxError: 0.1)
        target.randomVectors = 256
        return .optimized(target)
    }

    func testOptimizedDesignIsBitExactUnderVerilatorAndIcarus() throws {
        let set = try FormulaSet.parse(Self.formulas)
        let flow = CosimFlow(plan: Self.plan(), toolchain: try Bench.tools())
        let stimulus = Stimulus.standardNormal(count: 3000, inputCount: 4, seed: 21, format: Self.format)
        let out = try flow.run(set, name: "optimized_dut", inputCount: 4, stimulus: stimulus, seed: 21, stimulusLabel: "test")
        XCTAssertNotNil(out.search)
        XCTAssertEqual(out.result.plan?.name, "optimized")
        XCTAssertEqual(out.result.plan?.nodes.count, out.datapath.nodes.count)
        for o in out.result.outputs {
            XCTAssertEqual(o.mismatches, 0, "\(o.name): \(String(describing: o.firstMismatch))")
            XCTAssertEqual(o.latencyCycles, out.design.latency)
        }
        XCTAssertTrue(out.design.files[0].text.contains("// sf_n"), "node formats are printed beside their wires")
        let k = 600
        let sub = Stimulus(values: Array(stimulus.values.prefix(k * 4)), inputCount: 4, edgeCaseCount: min(stimulus.edgeCaseCount, k))
        let ic = try IcarusCrossCheck().run(out.design, datapath: out.datapath, stimulus: sub)
        XCTAssertEqual(ic.mismatches, [0, 0, 0])
        XCTAssertEqual(ic.latencyCycles, out.design.latency)
    }
}
