import FixedPoint
import Flows
import Foundation
import Reporting
import Results
import ResultsFixtures
import Testbench
import Verilator
import XCTest

/// The smaller pieces of Flows: labelled data beside a design, the bundled examples, the report and merge
/// job, the HLS C simulation beside a co-simulation and the printed summary.
final class LabelledDataTests: XCTestCase {
    func testHeaderIsOptionalAndErrorsNameTheFilesLines() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let with = dir.appendingPathComponent("with.csv"), without = dir.appendingPathComponent("without.csv")
        try "x0,x1,label\n1,0.5,1\n\n-2,3,0\n".write(to: with, atomically: true, encoding: .utf8)
        try "1,0.5,1\n-2,3,0\n".write(to: without, atomically: true, encoding: .utf8)
        for f in [with, without] {
            let r = try LabelledData.read(f.path, inputCount: 2)
            XCTAssertEqual(r.features, [[1, 0.5], [-2, 3]], f.lastPathComponent)
            XCTAssertEqual(r.labels, [1, 0], f.lastPathComponent)
        }
        let badLabel = dir.appendingPathComponent("bad.csv")
        try "1,0.5,1\n-2,3,0.5\n".write(to: badLabel, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try LabelledData.read(badLabel.path, inputCount: 2)) { XCTAssertTrue("\($0)".contains("bad.csv:2: label 0.5"), "\($0)") }
        let notNumber = dir.appendingPathComponent("nan.csv")
        try "1,0.5,1\n-2,abc,0\n".write(to: notNumber, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try LabelledData.read(notNumber.path, inputCount: 2)) { e in
            XCTAssertTrue("\(e)".contains("nan.csv") && "\(e)".contains("2") && "\(e)".contains("abc"), "\(e)")
        }
        XCTAssertThrowsError(try LabelledData.read(with.path, inputCount: 3)) { XCTAssertTrue("\($0)".contains("expected 3 inputs and a label"), "\($0)") }
        XCTAssertThrowsError(try LabelledData.read(dir.appendingPathComponent("absent.csv").path, inputCount: 2))
    }
}

final class BundledFilesTests: XCTestCase {
    func testExamplesAreInTheBinary() throws {
        XCTAssertEqual(try BundledFiles.formulas("Examples/jets_pysr.txt").formulas.count, 5)
        XCTAssertThrowsError(try BundledFiles.text("Examples/absent.txt")) { XCTAssertTrue("\($0)".contains("Examples/jets_pysr.txt"), "\($0)") }
    }
}

final class ReportJobTests: XCTestCase {
    func testMergeNeedsEveryShardAndReadsVersion1Files() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let run = RunRecipe(designSet: "abc", precision: "ap_fixed<18,8>", clockNs: 5, vectors: 1000, seed: 1, synthesis: "none")
        func shard(_ k: Int, _ name: String) throws -> String {
            let p = dir.appendingPathComponent("shard\(k).json").path
            try ResultsFile.write(ReportDocument(designs: [Fixture.design(name)], tools: ["yosys": "Yosys 0.23"], shard: "\(k)/2", run: run), to: p)
            return p
        }
        let a = try shard(1, "a"), b = try shard(2, "b")
        let merged = try ReportJob.merge([b, a], baseline: nil, rules: RegressionRules(), out: dir.appendingPathComponent("m").path, junit: nil)
        XCTAssertEqual(merged.document.designs.map(\.name), ["a", "b"])
        XCTAssertFalse(merged.failed)
        for f in ["results.json", "summary.md", "report.html", "junit.xml"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: merged.outDir.appendingPathComponent(f).path), f)
        }
        XCTAssertThrowsError(try ReportJob.merge([a], baseline: nil, rules: RegressionRules(), out: dir.appendingPathComponent("n").path, junit: nil)) {
            XCTAssertTrue("\($0)".contains("2/2"), "\($0)")
        }
        // A version 1 report is read through migration and written back as version 2.
        let old = try ResultsFile.load(Fixture.v1File("report_v1.json"))
        let r = try ReportJob.report(old, baseline: nil, out: dir.appendingPathComponent("v1").path, junit: nil)
        let written = try ResultsFile.load(r.outDir.appendingPathComponent("results.json").path)
        XCTAssertEqual(written, old)
        XCTAssertEqual(written.schema, ReportDocument.schema)
    }
}

final class SecondOpinionsTests: XCTestCase {
    func testHLSCSimBesideACosimulationAndTheSummary() throws {
        try TestEnvironment.require("verilator", hint: "bash Scripts/bootstrap.sh")
        try TestEnvironment.require("g++", hint: "bash Scripts/bootstrap.sh")
        let dir = try TestEnvironment.temporaryDirectory()
        let format = try FixedFormat(parsing: "ap_fixed<16,6>")
        var flow = CosimFlow(plan: .uniform(format), toolchain: try VerilatorToolchain())
        flow.cosim.captureOutputs = true
        let (set, _) = try FormulaInput.load("a: x0*x1 + 0.5\nb: x1 - x0")
        let stimulus = Stimulus.standardNormal(count: 100, inputCount: 2, seed: 4, format: format)
        let outcome = try flow.run(set, name: "pair", inputCount: 2, stimulus: stimulus, seed: 4, stimulusLabel: "standard-normal")
        let (check, dump) = try SecondOpinions.hls(outcome, stimulus: stimulus, hls: true, dump: dir.appendingPathComponent("dump").path)
        let c = try XCTUnwrap(check)
        XCTAssertEqual(c.outputs.map(\.mismatches), [0, 0])
        let header = try String(contentsOf: try XCTUnwrap(dump), encoding: .utf8).split(separator: "\n").first.map(String.init) ?? ""
        XCTAssertTrue(header.contains("verilator") && header.contains("hls_csim"), header)
        var result = outcome.result
        SecondOpinions.record(c, vectors: stimulus.count, in: &result)
        XCTAssertEqual(result.hlsCsim?.vectors, stimulus.count)
        XCTAssertNil(result.hlsCsim?.latencyCycles, "the C simulation has no clock")
        let summary = CosimSummary.text(result)
        XCTAssertTrue(summary.contains("design pair") && summary.contains("HLS C simulation"), summary)
    }
}
