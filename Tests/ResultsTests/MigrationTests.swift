import Foundation
import Results
import ResultsFixtures
import XCTest

/// Version 1 files (committed fixtures, written the way version 1 wrote them) read as version 2 documents.
final class MigrationTests: XCTestCase {
    func testResultsV1ClassificationBecomesOneRecord() throws {
        let doc = try ResultsFile.load(Fixture.v1File("results_v1.json"))
        XCTAssertEqual(doc.schema, ReportDocument.schema)
        XCTAssertEqual(doc.tools["verilator"], "Verilator 5.020")
        XCTAssertEqual(doc.designs.map(\.name), ["tagger", "plain"])
        let c = try XCTUnwrap(doc.designs[0].classification)
        XCTAssertEqual(c.samples, 4)
        XCTAssertEqual([c.accuracyFloat, c.accuracyFixed, c.accuracyRtl], [0.75, 0.5, 0.5])
        XCTAssertEqual(c.classes.map(\.name), ["g", "q"])
        XCTAssertEqual(c.classes.map(\.aucFloat), [0.75, 0.75])
        XCTAssertEqual(c.classes.map(\.aucFixed), [0.625, 0.5])
        XCTAssertEqual(c.classes.map(\.aucRtl), [0.625, 0.5])
        XCTAssertEqual(c.classes.map(\.rocRtl), [[], []], "results/1 kept no curves")
        XCTAssertNil(c.confusionRtl)
        XCTAssertEqual(c.referenceNnAccuracy, 0.8)
        XCTAssertEqual(c.accuracyRelativeToNn, 0.9375)
        XCTAssertEqual(doc.designs[0].cosim.argmaxAgreement, 1)
        XCTAssertNil(doc.designs[1].classification)
        XCTAssertEqual(doc.designs[1].cosim.seed, 1)
    }

    func testReportV1MergesTheScorersAndTheCurvesRecords() throws {
        let doc = try ResultsFile.load(Fixture.v1File("report_v1.json"))
        let c = try XCTUnwrap(doc.designs[0].classification)
        XCTAssertEqual(c, doc.designs[0].cosim.classification)
        // The curves record's class order and curves, with the scorer's fixed-point AUC found by class name.
        XCTAssertEqual(c.classes.map(\.name), ["q", "g"])
        XCTAssertEqual(c.classes.map(\.aucFixed), [0.5, 0.625])
        XCTAssertEqual(c.classes.map(\.aucRtl), [0.5, 0.625])
        XCTAssertEqual(c.classes[1].rocRtl, [[0, 0], [0.25, 0.5], [1, 1]])
        XCTAssertEqual(c.confusionRtl, [[1, 1], [1, 1]])
        XCTAssertEqual(c.accuracyFixed, 0.5)
        XCTAssertEqual(c.referenceNnAccuracy, 0.8)
        XCTAssertEqual(doc.designs[0].resources?.lut, 12)
        XCTAssertEqual(doc.designs[0].errorHistograms?.first?.counts, [2, 2])
        // A report-only record (regress on labelled data) keeps its figures and has no fixed-point ones.
        let b = try XCTUnwrap(doc.designs[1].classification)
        XCTAssertEqual(b.samples, 3)
        XCTAssertNil(b.accuracyFixed)
        XCTAssertEqual(b.classes.map(\.name), ["s"])
        XCTAssertEqual(doc.designs[1].recipe?.seed, 0)
    }

    func testMigratedFileWritesAsVersion2AndReadsBackEqual() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["results_v1.json", "report_v1.json"] {
            let doc = try ResultsFile.load(Fixture.v1File(name))
            let p = dir.appendingPathComponent(name).path
            try ResultsFile.write(doc, to: p)
            XCTAssertEqual(try ResultsFile.load(p), doc)
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: p))) as! [String: Any]
            XCTAssertEqual(object["schema"] as? String, "symbolforge.report/2")
        }
    }

    func testCommittedBaselinesLoad() throws {
        // The regression baselines under Reports/baseline were written as report/1 and are read through migration.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = root.appendingPathComponent("Reports/baseline")
        let files = try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }
        XCTAssertGreaterThanOrEqual(files.count, 7)
        for f in files {
            let doc = try ResultsFile.load(dir.appendingPathComponent(f).path)
            XCTAssertFalse(doc.designs.isEmpty, f)
            if f == "classifier3.json" {
                let c = try XCTUnwrap(doc.designs[0].classification, f)
                XCTAssertEqual(c.classes.count, 3)
                XCTAssertFalse(c.classes[0].rocRtl.isEmpty)
            }
        }
    }

    func testBadVersion1RecordIsNamed() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = try String(contentsOfFile: Fixture.v1File("results_v1.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"auc_fixed\" : [ 0.625, 0.5 ],", with: "")
        let p = dir.appendingPathComponent("bad.json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: p))
        XCTAssertThrowsError(try ResultsFile.load(p)) { e in
            let m = "\(e)"
            XCTAssertTrue(m.hasPrefix(p), m)
            XCTAssertTrue(m.contains("designs[0].classification") && m.contains("auc_fixed") || m.contains("aucFixed"), m)
        }
    }
}
