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

    /// The function set at ap_fixed<18,8> inputs (10 fraction bits) with --max-error 0.01 against the float model at
    /// the quantized inputs: sqrt, log and 1/x need segmented tables there (uniform ones reach 0.7), the design is
    /// bit-exact under Verilator and Icarus, and no lookup is clamped, not even at the format's edges.
    func testFunctionSetAt18x8MeetsTheDatapathErrorWithSegmentedTables() throws {
        let set = try FormulaSet.parse("y: log(1 + x0**2) + sqrt(abs(x1)) - x2/(1 + abs(x3))")
        let format = FixedFormat.fixed(18, 8)
        var target = OptimizationTarget(inputFormat: format, maxError: 0.01)
        target.errorReference = .quantizedInputs
        var flow = CosimFlow(plan: .optimized(target), toolchain: try Bench.tools())
        flow.cosim.captureOutputs = true
        let stimulus = Stimulus.standardNormal(count: 4000, inputCount: 4, seed: 31, format: format)
        let out = try flow.run(set, name: "function_set", inputCount: 4, stimulus: stimulus, seed: 31, stimulusLabel: "test")
        let search = try XCTUnwrap(out.search)
        XCTAssertLessThanOrEqual(search.metrics.maxError[0], 0.01)
        let d = out.datapath
        XCTAssertEqual(Set(d.tables.filter { $0.segments != nil }.map(\.function)), [.log, .sqrt, .inv])
        let o = out.result.outputs[0]
        XCTAssertEqual(o.mismatches, 0, "\(String(describing: o.firstMismatch))")
        XCTAssertEqual(o.latencyCycles, out.design.latency)
        XCTAssertEqual(out.result.tables?.map(\.outOfRangeLookups), [Int](repeating: 0, count: d.tables.count), "no lookup clamps, edge vectors included")
        // The error the datapath adds, on fresh vectors: the float model at the values the ports hold. Fresh vectors
        // are not the search's, so the named factor 1.5 of the other fresh-vector checks applies.
        let freshFactor = 1.5
        let n = stimulus.values.count / 4
        let raw = d.quantizeInputs(stimulus.values, stride: 4)
        let held = raw.indices.map { format.double(fromRaw: raw[$0]) }
        let float = CompiledExpression(set.formulas[0].expr).evaluate(rows: n, columns: 4, data: held)
        let fmt = d.outputFormat(d.outputs[0])
        XCTAssertEqual(out.rtlOutputs.count, n)
        var datapathError = 0.0
        for r in stimulus.edgeCaseCount..<n { datapathError = max(datapathError, abs(fmt.double(fromRaw: out.rtlOutputs[r]) - float[r])) }
        XCTAssertLessThanOrEqual(datapathError, 0.01 * freshFactor)
        // Against the float model at the real inputs the input quantization adds up to sqrt(2^-10) ≈ 0.031 (sqrt of
        // a truncated argument near 0): the named floor plus the datapath's own budget.
        let inputQuantizationFloor = FixedFormat.pow2(-5)
        XCTAssertLessThanOrEqual(o.maxAbsError, inputQuantizationFloor + 0.01 * freshFactor)
        let k = 800
        let sub = Stimulus(values: Array(stimulus.values.prefix(k * 4)), inputCount: 4, edgeCaseCount: min(stimulus.edgeCaseCount, k))
        let ic = try IcarusCrossCheck().run(out.design, datapath: d, stimulus: sub)
        XCTAssertEqual(ic.mismatches, [0])
        XCTAssertEqual(ic.latencyCycles, out.design.latency)
    }
}
