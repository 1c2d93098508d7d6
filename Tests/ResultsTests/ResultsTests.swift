import Foundation
import ResultsFixtures
import Results
import XCTest

final class ClassificationTests: XCTestCase {
    func testAUCOfPerfectReversedAndTiedScores() {
        XCTAssertEqual(ROC(scores: [0.9, 0.8, 0.2, 0.1], positive: [true, true, false, false]).auc, 1, accuracy: 1e-12)
        XCTAssertEqual(ROC(scores: [0.1, 0.2, 0.8, 0.9], positive: [true, true, false, false]).auc, 0, accuracy: 1e-12)
        XCTAssertEqual(ROC(scores: [0.5, 0.5, 0.5, 0.5], positive: [true, false, true, false]).auc, 0.5, accuracy: 1e-12)
    }

    func testAUCEqualsPairwiseProbability() {
        // AUC = P(score of a positive > score of a negative), ties counting one half.
        var rng = SystemRandomNumberGenerator()
        let scores = (0..<300).map { _ in Double(Int.random(in: 0..<40, using: &rng)) }
        let positive = (0..<300).map { _ in Bool.random(using: &rng) }
        var wins = 0.0, pairs = 0.0
        for i in scores.indices where positive[i] {
            for j in scores.indices where !positive[j] {
                pairs += 1
                wins += scores[i] > scores[j] ? 1 : (scores[i] == scores[j] ? 0.5 : 0)
            }
        }
        XCTAssertEqual(ROC(scores: scores, positive: positive).auc, wins / pairs, accuracy: 1e-12)
    }

    func testAccuracyArgmaxAndBinary() {
        let f = ClassificationFigures.evaluate(classNames: ["a", "b", "c"], floatScores: [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]],
                                               rtlScores: [[1, 0, 0], [0, 1, 0], [1, 0, 0], [1, 0, 0]], labels: [0, 1, 2, 1])
        XCTAssertEqual(f.accuracyFloat, 0.75)
        XCTAssertEqual(f.accuracyRtl, 0.5)
        XCTAssertEqual(f.classes.map(\.name), ["a", "b", "c"])
        let b = ClassificationFigures.evaluate(classNames: ["bkg", "sig"], floatScores: [[0.9], [0.1], [0.7]], rtlScores: [[0.9], [0.1], [0.4]], labels: [1, 0, 1])
        XCTAssertEqual(b.accuracyFloat, 1)
        XCTAssertEqual(b.accuracyRtl, 2.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(b.classes.count, 1)
        XCTAssertEqual(b.classes[0].name, "sig")
    }

    func testROCThinningKeepsEnds() {
        let roc = ROC(scores: (0..<1000).map(Double.init), positive: (0..<1000).map { $0 % 3 == 0 })
        let t = roc.thinned(50)
        XCTAssertEqual(t.count, 50)
        XCTAssertEqual(t.first, [0, 0])
        XCTAssertEqual(t.last, [1, 1])
    }

    func testHistogramCountsEveryFiniteValue() {
        let h = ErrorHistogram(output: "y", errors: [-1, -0.5, 0, 0.25, 1, .nan], bins: 4)
        XCTAssertEqual(h.binEdges, [-1, -0.5, 0, 0.5, 1])
        XCTAssertEqual(h.counts.reduce(0, +), 5)
        XCTAssertEqual(h.counts, [1, 1, 2, 1])
    }
}

final class ResultsFileTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws { dir = try Fixture.temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func write(_ text: String, _ name: String = "r.json") throws -> String {
        let p = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }

    func testRoundTripAndSnakeCaseKeys() throws {
        let doc = ReportDocument(designs: [Fixture.design("a")], tools: ["yosys": "Yosys 0.23"])
        let p = dir.appendingPathComponent("doc.json").path
        try ResultsFile.write(doc, to: p)
        XCTAssertEqual(try ResultsFile.load(p), doc)
        let text = try String(contentsOfFile: p, encoding: .utf8)
        XCTAssertTrue(text.contains("\"fmax_mhz\""), text)
        XCTAssertTrue(text.contains("\"schema\" : \"symbolforge.report\\/2\"") || text.contains("\"schema\" : \"symbolforge.report/2\""), text)
    }

    func testCosimResultsAreReadAsReports() throws {
        let results = CosimResults(designs: [Fixture.designResult("plain")], tools: ["verilator": "5"])
        let data = try ResultsFile.encoder().encode(results)
        let p = try write(String(decoding: data, as: UTF8.self))
        let doc = try ResultsFile.load(p)
        XCTAssertEqual(doc.designs.map(\.name), ["plain"])
        XCTAssertNil(doc.designs[0].resources)
        XCTAssertEqual(doc.tools["verilator"], "5")
    }

    func testWrongSchemaVersionNamesFileAndVersions() throws {
        let p = try write(#"{"schema": "symbolforge.results/3", "designs": [], "tools": {}}"#)
        XCTAssertThrowsError(try ResultsFile.load(p)) { e in
            let m = "\(e)"
            XCTAssertTrue(m.hasPrefix(p), m)
            XCTAssertTrue(m.contains("symbolforge.results/3") && m.contains("symbolforge.results/2") && m.contains("symbolforge.results/1"), m)
        }
    }

    func testCorruptJSONNamesFileAndLine() throws {
        let p = try write("{\n  \"schema\": \"symbolforge.report/1\",\n  \"designs\": [ ,\n")
        XCTAssertThrowsError(try ResultsFile.load(p)) { e in
            let m = "\(e)"
            XCTAssertTrue(m.hasPrefix(p), m)
            XCTAssertTrue(m.contains("not valid JSON"), m)
        }
        let empty = try write("", "empty.json")
        XCTAssertThrowsError(try ResultsFile.load(empty)) { XCTAssertTrue("\($0)".contains("empty"), "\($0)") }
    }

    func testMissingFieldsAndFilesAreNamed() throws {
        let p = try write(#"{"schema": "symbolforge.report/2", "designs": [{"cosim": {"design": "x"}}], "tools": {}}"#)
        XCTAssertThrowsError(try ResultsFile.load(p)) { e in
            XCTAssertTrue("\(e)".contains("missing field"), "\(e)")
            XCTAssertTrue("\(e)".contains("designs[0].cosim"), "\(e)")
        }
        let noSchema = try write(#"{"designs": []}"#, "n.json")
        XCTAssertThrowsError(try ResultsFile.load(noSchema)) { XCTAssertTrue("\($0)".contains("no \"schema\" field"), "\($0)") }
        XCTAssertThrowsError(try ResultsFile.load(dir.appendingPathComponent("absent.json").path)) { XCTAssertTrue("\($0)".contains("no such file"), "\($0)") }
    }
}


/// The schema types synthesis produces and reports read: one type each, old files still decode.
final class SchemaTests: XCTestCase {
    func testResourcesAndTimingOmitEmptyDetailAndDecodeOldFiles() throws {
        var r = XilinxResources(lut: 5, ff: 4, logicLevels: 2)
        var json = String(decoding: try ResultsFile.encoder().encode(r), as: UTF8.self)
        XCTAssertFalse(json.contains("cells"), json)
        r.cells = ["LUT4": 5]
        json = String(decoding: try ResultsFile.encoder().encode(r), as: UTF8.self)
        XCTAssertTrue(json.contains("\"LUT4\" : 5"), json)
        XCTAssertEqual(try ResultsFile.decoder().decode(XilinxResources.self, from: Data(json.utf8)), r)
        // A baseline written before the types were merged: no cells, no utilization, family as text.
        let old = #"{"family": "ecp5-85k", "device": "d", "tool": "t", "seeds": [1, 2], "fmax_mhz_per_seed": [100, 120], "fmax_mhz": 110, "latency_cycles": 3, "latency_ns": 27.27}"#
        let t = try ResultsFile.decoder().decode(TimingResult.self, from: Data(old.utf8))
        XCTAssertEqual(t.family, .ecp5_85k)
        XCTAssertEqual(t.utilization, [:])
        XCTAssertEqual("\(t.family)", "ecp5-85k")
        XCTAssertFalse(String(decoding: try ResultsFile.encoder().encode(t), as: UTF8.self).contains("utilization"))
        XCTAssertThrowsError(try ResultsFile.decoder().decode(TimingResult.self, from: Data(old.replacingOccurrences(of: "ecp5-85k", with: "virtex").utf8)))
    }

    func testArgmaxTakesTheFirstOnTies() {
        XCTAssertEqual(argmax([0.1, 0.7, 0.7, 0.2]), 1)
        XCTAssertEqual(argmax([3.0]), 0)
        XCTAssertEqual(argmax([Double]()), 0)
        XCTAssertEqual(argmax([0, 1, 5, 2, 9, 9][3..<6]), 1)
    }

    func testAUCMatchesHandComputedValues() {
        XCTAssertEqual(ROC(scores: [0.1, 0.4, 0.35, 0.8], positive: [false, false, true, true]).auc, 0.75)
        XCTAssertEqual(ROC(scores: [1, 2, 3, 4], positive: [false, false, true, true]).auc, 1)
        XCTAssertEqual(ROC(scores: [1, 1, 1, 1], positive: [false, true, false, true]).auc, 0.5)
        let roc = ROC(scores: [0.1, 0.4, 0.35, 0.8], positive: [false, false, true, true]).thinned(200)
        XCTAssertEqual(roc.first, [0, 0])
        XCTAssertEqual(roc.last, [1, 1])
    }

    func testFixedPointFiguresAreScoredLikeTheOthers() {
        // The fixed-point scores go through the same accuracy and AUC as the float and RTL ones.
        var rng = SystemRandomNumberGenerator()
        let rows = (0..<200).map { _ in (0..<3).map { _ in Double(Int.random(in: 0..<20, using: &rng)) } }
        let other = (0..<200).map { _ in (0..<3).map { _ in Double(Int.random(in: 0..<20, using: &rng)) } }
        let labels = (0..<200).map { _ in Int.random(in: 0..<3, using: &rng) }
        let f = ClassificationFigures.evaluate(classNames: ["a", "b", "c"], floatScores: other, fixedScores: rows, rtlScores: rows, labels: labels)
        XCTAssertEqual(f.accuracyFixed, f.accuracyRtl)
        XCTAssertEqual(f.classes.map(\.aucFixed), f.classes.map(\.aucRtl))
        let g = ClassificationFigures.evaluate(classNames: ["a", "b", "c"], floatScores: other, rtlScores: rows, labels: labels)
        XCTAssertNil(g.accuracyFixed)
        XCTAssertEqual(g.classes.map(\.aucFixed), [nil, nil, nil])
        XCTAssertEqual(g.accuracyFloat, f.accuracyFloat)
        let scores: [[Double]] = [[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]]
        let h = ClassificationFigures.evaluate(classNames: ["x", "y"], floatScores: scores, fixedScores: scores, rtlScores: scores, labels: [0, 1, 1])
        XCTAssertEqual(h.accuracyFixed, 2.0 / 3.0)
    }

    func testReferenceComparison() {
        var f = ClassificationFigures(samples: 10, accuracyFloat: 0.6, accuracyRtl: 0.6, classes: [])
        f.compare(withReference: 0)
        XCTAssertNil(f.referenceNnAccuracy)
        f.compare(withReference: 0.8)
        XCTAssertEqual(f.referenceNnAccuracy, 0.8)
        XCTAssertEqual(f.accuracyRelativeToNn!, 0.75, accuracy: 1e-12)
    }
}
