import Datapath
import FixedPoint
import Flows
import Foundation
import Reporting
import SymbolicExpression
import Synthesis
import Testbench
import Verilator
import VerilogBackend
import XCTest

final class FormulaInputTests: XCTestCase {
    func testLiteralFileAndNames() throws {
        let (single, name) = try FormulaInput.load("x0*x1 + 2")
        XCTAssertEqual(name, "expr")
        XCTAssertEqual(single.formulas.map(\.name), ["y"])
        let dir = try TestEnvironment.temporaryDirectory()
        let file = dir.appendingPathComponent("3-my set.txt")
        try "a: x0\nb: x4 - x1\n".write(to: file, atomically: true, encoding: .utf8)
        let (set, fileName) = try FormulaInput.load(file.path)
        XCTAssertEqual(fileName, "d_3_my_set")
        XCTAssertEqual(set.formulas.map(\.name), ["a", "b"])
        XCTAssertEqual(try FormulaInput.inputCount(set, requested: nil), 5)
        XCTAssertEqual(try FormulaInput.inputCount(set, requested: 8), 8)
        XCTAssertThrowsError(try FormulaInput.inputCount(set, requested: 3)) { e in
            XCTAssertTrue("\(e)".contains("--inputs 3 is too small") && "\(e)".contains("'b' (line 2)") && "\(e)".contains("x4"), "\(e)")
        }
    }

    func testSynthesisFamiliesAreChecked() throws {
        XCTAssertEqual(try SynthesisOptions(familyNames: [], seeds: 3, timing: true, keep: nil).families, FPGAFamily.defaults)
        XCTAssertEqual(try SynthesisOptions(familyNames: ["ECP5-85K"], seeds: 1, timing: true, keep: nil).families, [.ecp5_85k])
        XCTAssertEqual(try SynthesisOptions(familyNames: ["ecp5"], seeds: 1, timing: false, keep: nil).families, [])
        XCTAssertThrowsError(try SynthesisOptions(familyNames: ["virtex"], seeds: 1, timing: true, keep: nil)) { XCTAssertTrue("\($0)".contains("unknown family 'virtex'"), "\($0)") }
        XCTAssertThrowsError(try SynthesisOptions(families: [], seeds: 0).synthesizer(requireTools: false)) { XCTAssertTrue("\($0)".contains("--seeds"), "\($0)") }
    }
}

final class DesignOptionsTests: XCTestCase {
    /// A named family reaches the emitter: its schedule, its refusal of an unreachable clock.
    func testFamilyAndClockReachTheSchedule() throws {
        let set = try FormulaSet.parse("y: x0*x1 + x2*x3 - x0")
        var o = DesignOptions(plan: .uniform(.fixed(12, 4)), clockNs: 1000 / 120.0)
        let (_, estimate) = try o.emit(set, name: "d", inputCount: 4)
        XCTAssertFalse(o.delays.enforceClock)
        o.family = .ecp5
        XCTAssertEqual(o.delays.family, .ecp5)
        XCTAssertTrue(o.delays.enforceClock)
        let (d, ecp5) = try o.emit(set, name: "d", inputCount: 4)
        XCTAssertEqual(ecp5.latency, try VerilogEmitter(delays: DelayModel(family: .ecp5, clockPeriodNs: 1000 / 120.0)).emit(d).latency)
        XCTAssertGreaterThan(ecp5.latency, estimate.latency, "a multiply takes most of an ECP5 stage at 120 MHz")
        o.clockNs = 1000 / 500.0
        XCTAssertThrowsError(try o.emit(set, name: "d", inputCount: 4)) { XCTAssertTrue("\($0)".contains("fastest reachable schedule"), "\($0)") }
    }
}

extension DesignOptionsTests {
    /// Shift-and-add constant multiplies on the uniform plan (the main job's choice): the same datapath, fewer
    /// multipliers in the Verilog, and the RTL still equal to the golden model bit for bit.
    func testShiftAddConstantMultipliesUnderTheUniformPlan() throws {
        let format = try FixedFormat(parsing: "ap_fixed<18,8>")
        let set = try FormulaSet.parse("g: 1.447*tanh(0.8302*x0 - 0.3036*sin(0.6487*x1 - 0.3177*x2)) - 0.1366*x2\nq: -0.7679*x1*x0 + 0.5365*x2")
        var o = DesignOptions(plan: .uniform(format))
        XCTAssertEqual(o.delays.shiftAddMaxTerms, 0, "uniform plan: every multiply a multiplier unless asked")
        let (plain, plainDesign) = try o.emit(set, name: "d", inputCount: 3)
        o.shiftAddMaxTerms = 8
        let (shifted, shiftedDesign) = try o.emit(set, name: "d", inputCount: 3)
        XCTAssertEqual(plain, shifted, "an emission choice: the datapath and so the golden model are unchanged")
        func multiplies(_ d: EmittedDesign) -> Int {
            d.files[0].text.split(separator: "\n").filter { $0.contains("assign") && $0.contains(" * ") }.count
        }
        XCTAssertLessThan(multiplies(shiftedDesign), multiplies(plainDesign))
        XCTAssertEqual(MainJob.Options(out: "o", format: format).shiftAddMaxTerms, 8)

        try TestEnvironment.require("verilator", hint: "bash Scripts/bootstrap.sh")
        let flow = CosimFlow(plan: .uniform(format), delays: o.delays, toolchain: try VerilatorToolchain())
        let stimulus = Stimulus.standardNormal(count: 300, inputCount: 3, seed: 9, format: format)
        let outcome = try flow.run(set, name: "shift_add", inputCount: 3, stimulus: stimulus, seed: 9, stimulusLabel: "standard-normal")
        XCTAssertEqual(outcome.result.outputs.map(\.mismatches), [0, 0])
    }
}

extension DesignOptionsTests {
    /// A DSP budget turns the longest shift-and-add chains back into multipliers: more multiplies in the
    /// Verilog, no longer a pipeline, and Verilator and Icarus still equal to the golden model bit for bit.
    func testDSPBudgetMovesChainsToMultipliersBitExact() throws {
        let format = try FixedFormat(parsing: "ap_fixed<18,8>")
        let set = try FormulaSet.parse("g: 1.447*tanh(0.8302*x0 - 0.3036*sin(0.6487*x1 - 0.3177*x2)) - 0.1366*x2\nq: -0.7679*x1*x0 + 0.5365*x2 + 0.7071*x1")
        var o = DesignOptions(plan: .uniform(format))
        o.shiftAddMaxTerms = 8
        let (chains, chainsDesign) = try o.emit(set, name: "d", inputCount: 3)
        o.dspBudget = 64
        let (budgeted, budgetedDesign) = try o.emit(set, name: "d", inputCount: 3)
        XCTAssertEqual(chains, budgeted, "an emission choice: the datapath and so the golden model are unchanged")
        func multiplies(_ d: EmittedDesign) -> Int {
            d.files[0].text.split(separator: "\n").filter { $0.contains("assign") && $0.contains(" * ") }.count
        }
        XCTAssertGreaterThan(multiplies(budgetedDesign), multiplies(chainsDesign))
        XCTAssertLessThanOrEqual(budgetedDesign.latency, chainsDesign.latency)
        XCTAssertLessThanOrEqual(o.delays.resolved(for: budgeted).dspSlices(in: budgeted), 64)

        try TestEnvironment.require("verilator", hint: "bash Scripts/bootstrap.sh")
        let stimulus = Stimulus.standardNormal(count: 300, inputCount: 3, seed: 9, format: format)
        let flow = CosimFlow(plan: .uniform(format), delays: o.delays, toolchain: try VerilatorToolchain())
        let outcome = try flow.run(set, name: "dsp_budget", inputCount: 3, stimulus: stimulus, seed: 9, stimulusLabel: "standard-normal")
        XCTAssertEqual(outcome.design.latency, budgetedDesign.latency)
        XCTAssertEqual(outcome.result.outputs.map(\.mismatches), [0, 0])
        try TestEnvironment.require("iverilog", hint: "apt-get install iverilog")
        let icarus = try IcarusCrossCheck().run(budgetedDesign, datapath: budgeted, stimulus: stimulus)
        XCTAssertEqual(icarus.mismatches, [0, 0])
        XCTAssertEqual(icarus.latencyMismatches, 0)
    }
}

final class EmitJobsTests: XCTestCase {
    func testVerilogAndHLSProjectsAreWritten() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let (set, _) = try FormulaInput.load("x0*x1 - 3*x2")
        let design = DesignOptions(plan: .uniform(try FixedFormat(parsing: "ap_fixed<18,8>")))
        let v = try EmitJobs.verilog(set, name: "expr", inputCount: 3, design: design, out: dir.appendingPathComponent("v").path)
        for f in v.files.map(\.name) + ["expr.datapath.txt"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("v/\(f)").path), f)
        }
        let h = try EmitJobs.hls(set, name: "expr", inputCount: 3, design: design,
                                 .init(out: dir.appendingPathComponent("h").path, vectors: 20, seed: 1, part: "xcvu13p-flga2577-2-e"))
        XCTAssertEqual(h.vectors, 20 + h.edgeCases)
        XCTAssertNil(h.csim)
        for f in h.project.files { XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("h/\(f.path)").path), f.path) }
        XCTAssertThrowsError(try EmitJobs.hls(set, name: "expr", inputCount: 3, design: design, .init(out: dir.path, vectors: -1, seed: 1, part: "p")))
    }
}

final class CosimJobTests: XCTestCase {
    func testCosimWithIcarusWritesJSONAndVerilog() throws {
        try TestEnvironment.require("verilator", hint: "bash Scripts/bootstrap.sh")
        try TestEnvironment.require("iverilog", hint: "bash Scripts/bootstrap.sh")
        let dir = try TestEnvironment.temporaryDirectory()
        let (set, name) = try FormulaInput.load("a: x0*x1 + 0.5\nb: x2 - x0")
        var o = CosimJob.Options(set: set, name: name, inputCount: 3, design: DesignOptions(plan: .uniform(try FixedFormat(parsing: "ap_fixed<16,6>"))),
                                 stimulus: .standardNormal(count: 200, seed: 3))
        o.icarusVectors = 50
        o.json = dir.appendingPathComponent("r/out.json").path
        o.verilogOut = dir.appendingPathComponent("v").path
        o.dump = dir.appendingPathComponent("dump").path
        let r = try CosimJob.run(o, toolchain: try VerilatorToolchain())
        XCTAssertEqual(r.failures, [])
        XCTAssertEqual(r.result.outputs.map(\.mismatches), [0, 0])
        XCTAssertEqual(r.result.icarus?.vectors, 50)
        XCTAssertEqual(r.result.icarus?.mismatches, [0, 0])
        XCTAssertEqual(r.result.icarus?.latencyCycles, r.result.predictedLatencyCycles)
        let doc = try ResultsFile.load(o.json!)
        XCTAssertEqual(doc.designs.first?.cosim.design, "expr")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("v/expr.v").path))
        XCTAssertNotNil(r.dumpFile)
        // The same seed gives the same vectors and so the same errors.
        let again = try CosimJob.run(o, toolchain: try VerilatorToolchain())
        XCTAssertEqual(again.result.outputs.map(\.maxAbsError), r.result.outputs.map(\.maxAbsError))
    }

    /// A LUT ROM read in its address stage beside a block ROM shared by three reads (one dual-port RAM and one
    /// single-port): bit-exact on Verilator and Icarus, and the latency Icarus measures is the prediction.
    func testLUTAndSharedBlockROMsAreBitExactWithThePredictedLatency() throws {
        try TestEnvironment.require("verilator", hint: "bash Scripts/bootstrap.sh")
        try TestEnvironment.require("iverilog", hint: "bash Scripts/bootstrap.sh")
        let (set, name) = try FormulaInput.load("a: sin(x0) + sin(x1)*x2\nb: sin(x2) - tanh(x1)")
        var tables = TableConfig.standard
        try tables.apply(override: "tanh=-8,8,64")
        var o = CosimJob.Options(set: set, name: name, inputCount: 3,
                                 design: DesignOptions(plan: .uniform(try FixedFormat(parsing: "ap_fixed<16,6>")), tables: tables),
                                 stimulus: .standardNormal(count: 300, seed: 5))
        o.icarusVectors = 60
        let (d, emitted) = try o.design.emit(set, name: name, inputCount: 3)
        XCTAssertEqual(d.tables.map { o.design.delays.storage(of: $0) }.sorted { $0.rawValue < $1.rawValue }, [.block, .distributed])
        XCTAssertTrue(emitted.files.contains { $0.name.hasSuffix("_dp.v") }, emitted.files.map(\.name).joined(separator: " "))
        let r = try CosimJob.run(o, toolchain: try VerilatorToolchain())
        XCTAssertEqual(r.failures, [])
        XCTAssertEqual(r.result.outputs.map(\.mismatches), [0, 0])
        XCTAssertEqual(r.result.icarus?.mismatches, [0, 0])
        XCTAssertEqual(r.result.icarus?.latencyCycles, r.result.predictedLatencyCycles)
        XCTAssertEqual(r.result.predictedLatencyCycles, emitted.latency)
    }

    func testVectorsFromAFileAndBadCounts() throws {
        try TestEnvironment.require("verilator", hint: "bash Scripts/bootstrap.sh")
        let dir = try TestEnvironment.temporaryDirectory()
        let csv = dir.appendingPathComponent("v.csv")
        try "x1,x0\n1,2\n0.5,-3\n".write(to: csv, atomically: true, encoding: .utf8)
        let (set, name) = try FormulaInput.load("x0 - x1")
        let design = DesignOptions(plan: .uniform(try FixedFormat(parsing: "ap_fixed<18,8>")))
        let r = try CosimJob.run(.init(set: set, name: name, inputCount: 2, design: design, stimulus: .file(csv.path)), toolchain: try VerilatorToolchain())
        XCTAssertEqual(r.result.vectors - r.result.edgeCaseVectors, 2)
        XCTAssertEqual(r.result.stimulus, "csv:\(csv.path)")
        XCTAssertThrowsError(try CosimJob.run(.init(set: set, name: name, inputCount: 2, design: design, stimulus: .standardNormal(count: -1, seed: 1)),
                                              toolchain: try VerilatorToolchain())) { XCTAssertTrue("\($0)".contains("--vectors"), "\($0)") }
    }
}

final class VerdictTests: XCTestCase {
    func result(mismatches: Int = 0, latency: Int = 3, icarusLatency: Int? = nil, icarusOff: Int = 0, csim: Bool = false) throws -> DesignResult {
        let json = """
            {"design": "d", "precision": "ap_fixed<18,8>", "inputs": 2, "vectors": 10, "edge_case_vectors": 0, "stimulus": "s",
             "predicted_latency_cycles": 3, "clock_period_ns": 5, "build": {"hash": "h", "cache_hit": true, "seconds": 0},
             "cycles_per_second": 1, "outputs": [{"name": "y", "format": "f", "formula": "x0", "vectors": 10, "mismatches": \(mismatches),
             "latency_cycles": \(latency), "ii": 1, "max_abs_error": 0, "mean_abs_error": 0, "cycles_per_second": 1}]
             \(icarusLatency.map { #", "icarus": {"vectors": 5, "mismatches": [0], "latency_cycles": \#($0), "latency_mismatches": \#(icarusOff)}"# } ?? "")
             \(csim ? #", "hls_csim": {"vectors": 10, "mismatches": [0]}"# : "")}
            """
        return try ResultsFile.decoder().decode(DesignResult.self, from: Data(json.utf8))
    }

    func testOneRuleForEverySimulator() throws {
        XCTAssertEqual(Verdict.failures(try result()), [])
        XCTAssertEqual(Verdict.failures(try result(mismatches: 2)).map(\.kind), [.mismatches])
        XCTAssertEqual(Verdict.failures(try result(latency: 4)).map(\.kind), [.latencySchedule])
        XCTAssertEqual(Verdict.failures(try result(icarusLatency: 3)), [])
        let ic = Verdict.failures(try result(icarusLatency: 2))
        XCTAssertEqual(ic.map(\.kind), [.latencySchedule])
        XCTAssertTrue(ic[0].message.contains("Icarus"), ic[0].message)
        // Every vector counts, not only the last one.
        XCTAssertEqual(Verdict.failures(try result(icarusLatency: 3, icarusOff: 2)).map(\.kind), [.latencySchedule])
        // The HLS C simulation has no clock: its latency is not measured, and not a failure.
        let csim = try result(csim: true)
        XCTAssertNil(csim.hlsCsim?.latencyCycles)
        XCTAssertEqual(Verdict.failures(csim), [])
        // The regression's absolute checks use the same rule.
        let checks = Regression().compare(DesignReport(cosim: try result(icarusLatency: 2)), nil)
        XCTAssertEqual(checks.first { $0.kind == .latencySchedule }?.status, .fail)
    }
}
