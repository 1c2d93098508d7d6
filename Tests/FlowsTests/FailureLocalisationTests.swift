import Datapath
import Flows
import Reporting
import FixedPoint
import Foundation
import Results
import SymbolicExpression
import Testbench
import Verilator
import VerilogBackend
import XCTest

/// Faults planted in the RTL: the failure report must name the vector, and the localisation the node, where they went wrong.
final class FailureLocalisationTests: XCTestCase {
    let format = try! FixedFormat(parsing: "ap_fixed<18,8>")

    /// Co-simulates `text` with the emitted files changed by `plant`, then runs the failure window.
    func runFaulty(_ text: String, format: FixedFormat, vectors: Int = 60, icarus: [OutputFailureLog] = [],
                   plant: ([(name: String, text: String)]) -> [(name: String, text: String)]) throws -> (CosimFlow.Outcome, FailureReport, URL) {
        let set = try FormulaSet.parse(text)
        var flow = CosimFlow(plan: .uniform(format), toolchain: try VerilatorToolchain())
        let (_, design) = try flow.emit(set, name: "fault", inputCount: set.inputCount)
        let planted = plant(design.files)
        XCTAssertNotEqual(planted.map(\.text), design.files.map(\.text), "the fault was planted")
        flow.rtl = (planted, design.top)
        let stimulus = Stimulus.standardNormal(count: vectors, inputCount: set.inputCount, seed: 7, format: format)
        let outcome = try flow.run(set, name: "fault", inputCount: set.inputCount, stimulus: stimulus, seed: 7, stimulusLabel: "test")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sf-failure-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        let reports = try FailureArtifacts(root: root.path).write(outcome, stimulus: stimulus, formulas: set, toolchain: try VerilatorToolchain(),
                                                                    implementation: "verilator", icarus: icarus, hls: nil)
        let report = try XCTUnwrap(reports.first)
        return (outcome, report, root.appendingPathComponent("fault"))
    }

    func testFlippedConstantBitIsNamedAsTheDivergingNode() throws {
        // A second implementation's failure (as Icarus would log it) gets its own repro file.
        var icarusLog = OutputFailureLog(output: 0)
        icarusLog.record(vector: 9, cycle: nil, actual: 1, expected: 2, cap: 20)
        let (outcome, report, dir) = try runFaulty("y: 1.5*x0*x1 + x2", format: format, icarus: [icarusLog]) { files in
            // 1.5 in ap_fixed<18,8> is 0x600; bit 7 flipped makes it 1.625.
            files.map { $0.name == "fault.v" ? ($0.name, $0.text.replacingOccurrences(of: "18'sh600", with: "18'sh680")) : $0 }
        }
        let d = outcome.datapath
        let constant = try XCTUnwrap(d.nodes.firstIndex { $0.op == .constant(0x600) })
        let dv = try XCTUnwrap(report.divergence, report.divergenceNote ?? "")
        XCTAssertEqual(dv.node, "n\(constant)")
        XCTAssertEqual(dv.signal, NodeSignals.name(constant))
        XCTAssertEqual(dv.expected.bits, "000000011000000000")
        XCTAssertEqual(dv.actual.bits, "000000011010000000")
        XCTAssertEqual(dv.output, "y")
        XCTAssertEqual(dv.formulaLine, 1)

        let first = try XCTUnwrap(report.outputs.first)
        XCTAssertEqual(first.failures, outcome.result.outputs[0].mismatches)
        XCTAssertEqual(first.vector, outcome.result.outputs[0].firstMismatch?.vector)
        XCTAssertEqual(first.indices.first, first.vector)
        XCTAssertEqual(first.differingBits, FailureRecords.marks(first.expected.bits, first.actual.bits))
        XCTAssertTrue(first.differingBits.contains("^"))
        // Its result left the design `latency` cycles after it entered (2 reset cycles first).
        XCTAssertEqual(first.cycle, 2 + first.vector + outcome.design.latency - 1)
        for f in ["first_failure.md", "repro.csv", "window.fst", "repro-icarus.csv"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent(f).path), f)
        }
        let md = try String(contentsOf: dir.appendingPathComponent("first_failure.md"), encoding: .utf8)
        XCTAssertTrue(md.contains("`n\(constant)`"), md)
        XCTAssertTrue(md.contains("## icarus"), md)
        // Vector 9 and the `latency` vectors before it, after the header.
        let icarusRows = try String(contentsOf: dir.appendingPathComponent("repro-icarus.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(icarusRows.count, 1 + outcome.design.latency + 1)
        XCTAssertEqual(icarusRows.first, "x0,x1,x2")
    }

    func testWrongRoundingModeInACopyOfSfCastIsNamedAtTheCast() throws {
        // RND (QMODE 0) behaving as truncation: only the output cast rounds, so that cast must be named.
        let rnd = try FixedFormat(parsing: "ap_fixed<12,5,AP_RND,AP_SAT>")
        let (outcome, report, _) = try runFaulty("y: x0*x1 - 0.75*x2", format: rnd, vectors: 200) { files in
            files.map { $0.name == "sf_cast.v" ? ($0.name, $0.text.replacingOccurrences(of: "(QMODE == 0) ? qb :", with: "(QMODE == 0) ? 1'b0 :")) : $0 }
        }
        let d = outcome.datapath
        let cast = d.outputs[0].node.index
        guard case .cast = d.nodes[cast].op else { return XCTFail("the output is a cast") }
        let dv = try XCTUnwrap(report.divergence, report.divergenceNote ?? "")
        XCTAssertEqual(dv.node, "n\(cast)")
        XCTAssertTrue(dv.operation.hasPrefix("cast "), dv.operation)
        XCTAssertEqual(dv.operands.count, 1)
        XCTAssertTrue(dv.format.contains("AP_RND"), dv.format)
    }

    func testIcarusLogsItsFailingVectorsForTheRepro() throws {
        try TestEnvironment.require("iverilog", hint: "bash Scripts/bootstrap.sh")
        let set = try FormulaSet.parse("y: 1.5*x0*x1 + x2")
        let flow = CosimFlow(plan: .uniform(format), toolchain: try VerilatorToolchain())
        let (d, emitted) = try flow.emit(set, name: "ifault", inputCount: 3)
        var design = emitted
        design.files = design.files.map { $0.name == "ifault.v" ? ($0.name, $0.text.replacingOccurrences(of: "18'sh600", with: "18'sh680")) : $0 }
        let stimulus = Stimulus.standardNormal(count: 30, inputCount: 3, seed: 3, format: format)
        let ic = try IcarusCrossCheck().run(design, datapath: d, stimulus: stimulus)
        let log = ic.failureLog[0]
        XCTAssertGreaterThan(log.count, 0)
        XCTAssertEqual(log.count, ic.mismatches[0])
        let v = try XCTUnwrap(log.firstVector)
        let raw = d.quantizeInputs(stimulus.values, stride: 3)
        XCTAssertEqual(GoldenModel(d).evaluate(Array(raw[(v * 3)..<(v * 3 + 3)]))[0], log.firstExpected)
        XCTAssertNotEqual(log.firstActual, log.firstExpected)
        XCTAssertNil(log.firstCycle, "Icarus results are not timed by the scoreboard")
    }

    func testReproRowsKeepThePipelineFill() {
        XCTAssertEqual(Repro.rows(failing: [5, 6, 20], fill: 2, count: 21), [3, 4, 5, 6, 18, 19, 20])
        XCTAssertEqual(Repro.rows(failing: [0], fill: 3, count: 10), [0])
    }

    func testTracedBuildIsCachedBesideTheUntracedOne() throws {
        let tools = try VerilatorToolchain()
        let set = try FormulaSet.parse("y: x0 + x1")
        let flow = CosimFlow(plan: .uniform(format), toolchain: tools)
        let (d, design) = try flow.emit(set, name: "traced", inputCount: 2)
        let plain = Cosimulation.source(design, d)
        let hashes = Set([plain, plain.traced(.fst), plain.traced(.vcd)].map { tools.hash(of: $0) })
        XCTAssertEqual(hashes.count, 3, "untraced, FST and VCD builds have distinct cache entries")
        XCTAssertFalse(tools.compileFlags.contains("-DVM_TRACE=1"), "the fast path stays untraced")
        let built = try tools.build(plain.traced(.vcd))
        XCTAssertEqual(built.trace, .vcd)
        let sim = try SimulatedDesign.load(built)
        let vcd = FileManager.default.temporaryDirectory.appendingPathComponent("sf-trace-\(UUID().uuidString).vcd")
        defer { try? FileManager.default.removeItem(at: vcd) }
        let raw: [Int128] = [3 << 10, 5 << 10]  // 3 and 5 in ap_fixed<18,8>
        _ = try TraceWindow().run(sim, datapath: d, rawInputs: raw, latency: design.latency, path: vcd.path)
        let trace = try VCDTrace(contentsOf: vcd.path)
        let y = try XCTUnwrap(trace.signal(endingWith: "traced.y"))
        // The scoreboard's "left the design" cycle; outputs are sampled after that cycle's rising edge.
        let cycle = TraceWindow().resetCycles + design.latency - 1
        let bits = try XCTUnwrap(VCDTrace.bits(y, at: UInt64(cycle) * TraceFormat.ticksPerCycle + TraceFormat.ticksPerCycle / 2))
        XCTAssertEqual(bits, FailureRecords.bits(8 << 10, d.outputFormat(d.outputs[0])))
        XCTAssertNotNil(trace.signal(endingWith: NodeSignals.name(d.outputs[0].node.index)))
        XCTAssertThrowsError(try SimulatedDesign.load(try tools.build(plain)).startTrace(path: vcd.path)) { e in
            guard case VerilatorError.notTraced = e else { return XCTFail("\(e)") }
        }
    }
}

/// `cosim --rtl` through the job: a user's module with a planted fault fails with the record in the results
/// file and the files in the failures folder; a correct one passes.
final class UserRTLJobTests: XCTestCase {
    func testUserModuleIsCheckedAgainstTheFormulas() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let format = try FixedFormat(parsing: "ap_fixed<16,6>")
        let (set, name) = try FormulaInput.load("y: 1.5*x0 - x1")
        let tools = try VerilatorToolchain()
        let (_, design) = try CosimFlow(plan: .uniform(format), toolchain: tools).emit(set, name: "user_top", inputCount: 2)
        // One file holding the design and its primitives, as a user would hand it in.
        let good = design.files.map(\.text).joined(separator: "\n")
        let top = try XCTUnwrap(design.files.first?.text)
        let constant = try XCTUnwrap(top.range(of: #"16'sh[0-9a-f]+"#, options: .regularExpression))
        let bad = good.replacingOccurrences(of: String(top[constant]), with: "16'sh0")

        func run(_ text: String, _ file: String) throws -> CosimJob.Result {
            let path = dir.appendingPathComponent(file).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            var o = CosimJob.Options(set: set, name: name, inputCount: 2, design: DesignOptions(plan: .uniform(format)),
                                     stimulus: .standardNormal(count: 40, seed: 5))
            o.rtl = path
            o.failures = dir.appendingPathComponent("failures").path
            o.json = dir.appendingPathComponent("\(file).json").path
            return try CosimJob.run(o, toolchain: tools)
        }
        let pass = try run(good, "good.v")
        XCTAssertEqual(pass.failures, [])
        XCTAssertNil(pass.result.failures)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("failures").path), "nothing written on a pass")

        let fail = try run(bad, "bad.v")
        XCTAssertFalse(fail.failures.isEmpty)
        let report = try XCTUnwrap(fail.result.failures?.first)
        XCTAssertEqual(report.implementation, "rtl")
        XCTAssertTrue(report.divergence?.operation.hasPrefix("const ") ?? false, "\(String(describing: report.divergence))")
        let doc = try ResultsFile.load(dir.appendingPathComponent("bad.v.json").path)
        XCTAssertEqual(doc.designs.first?.cosim.failures, fail.result.failures)
        for f in ["first_failure.md", "repro.csv", "window.fst"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("failures/\(name)/\(f)").path), f)
        }
    }
}
