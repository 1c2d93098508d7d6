import Datapath
import FixedPoint
import Foundation
import SymbolicExpression
import Testbench
import VerilogBackend
import XCTest

/// Designs scheduled by the ECP5 delay model at several clocks: deeper pipelines as the clock rises, still bit for
/// bit equal to the Swift model, and the testbench's measured latency equal to the schedule's prediction.
final class ClockScheduleTests: XCTestCase {
    func testECP5SchedulesMeetTheirPredictedLatency() throws {
        let set = try FormulaSet.parse("y: x0*x1 + x2*x3 - 0.75*x0\nz: sqrt(abs(x1 - x2)) + x3")
        let format = FixedFormat.fixed(12, 4)
        let stimulus = Stimulus.standardNormal(count: 800, inputCount: 4, seed: 5, format: format)
        var latencies: [Int] = []
        for mhz in [40.0, 80.0, 95.0] {
            let flow = CosimFlow(plan: .uniform(format), delays: DelayModel(family: .ecp5, clockPeriodNs: 1000 / mhz), toolchain: try Bench.tools())
            let out = try flow.run(set, name: "ecp5_sched_\(Int(mhz))", inputCount: 4, stimulus: stimulus, seed: 5, stimulusLabel: "test")
            for o in out.result.outputs {
                XCTAssertEqual(o.mismatches, 0, "\(mhz) MHz \(o.name)")
                XCTAssertEqual(o.latencyCycles, out.design.latency, "\(mhz) MHz: measured latency equals the prediction")
            }
            latencies.append(out.design.latency)
        }
        XCTAssertEqual(latencies, latencies.sorted(), "a faster clock never needs fewer cycles")
        XCTAssertLessThan(latencies[0], latencies[2], "a faster clock needs more registers: \(latencies)")
    }
}
