import Foundation
import XCTest

@testable import Dataset

/// ARFF (the format OpenML serves the hls4ml jets in) and reading a user's labelled jet file.
final class ARFFTests: XCTestCase {
    /// The header OpenML writes for hls4ml_lhc_jets_hlf, with two data rows.
    static func jetsARFF(rows: [String]? = nil, classes: String = "{'g','q','t','w','z'}") -> String {
        var s = "% hls4ml jets\n@RELATION hls4ml_lhc_jets_hlf\n\n"
        for f in JetDataset.featureNames { s += "@ATTRIBUTE \(f) NUMERIC\n" }
        s += "@ATTRIBUTE class \(classes)\n\n@DATA\n"
        let body = rows ?? [
            (0..<16).map { String(Double($0) * 0.5) }.joined(separator: ",") + ",'t'",
            (0..<16).map { String(-Double($0)) }.joined(separator: ",") + ",g",
            (0..<16).map { String(Double($0) + 0.25) }.joined(separator: ",") + ",'w'",
            (0..<16).map { String(Double($0) * 2) }.joined(separator: ",") + ",z",
        ]
        return s + body.joined(separator: "\n") + "\n"
    }

    var dir: URL!
    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("arff-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func file(_ name: String, _ text: String) throws -> String {
        let p = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }

    func testReadsNumericAndNominalColumnsWithLines() throws {
        let t = try DataTable.arff(data: Data(Self.jetsARFF().utf8), source: "jets.arff")
        XCTAssertEqual(t.columnNames, JetDataset.featureNames)
        XCTAssertEqual(try t.text("class"), ["t", "g", "w", "z"])
        XCTAssertEqual(t[1, 3], -3)
        XCTAssertEqual(t.sourceLines.first, 23)
    }

    func testErrorsNameFileLineAndColumn() {
        let bad = Self.jetsARFF(rows: [(0..<16).map(String.init).joined(separator: ",") + ",t",
                                       (0..<15).map(String.init).joined(separator: ",") + ",oops,t"])
        XCTAssertThrowsError(try DataTable.arff(data: Data(bad.utf8), source: "j.arff")) { e in
            let e = e as! DatasetError
            XCTAssertEqual(e.line, 24)
            XCTAssertEqual(e.column, "multiplicity")
            XCTAssertEqual(e.kind, .nonNumeric("oops"))
        }
        let unknown = Self.jetsARFF(rows: [(0..<16).map(String.init).joined(separator: ",") + ",'h'"])
        XCTAssertThrowsError(try DataTable.arff(data: Data(unknown.utf8), source: "j.arff")) { e in
            XCTAssertEqual("\(e)", "j.arff:23 column 'class': value 'h' is not one of the declared values {g,q,t,w,z}")
        }
        let ragged = Self.jetsARFF(rows: ["1,2,t"])
        XCTAssertThrowsError(try DataTable.arff(data: Data(ragged.utf8), source: "j.arff")) { e in
            XCTAssertEqual((e as! DatasetError).kind, .raggedRow(expected: 17, found: 3))
        }
        XCTAssertThrowsError(try DataTable.arff(data: Data("a,b\n1,2\n".utf8), source: "notarff.arff")) { e in
            XCTAssertEqual((e as! DatasetError).line, 1, "\(e)")
        }
        let missing = Self.jetsARFF(rows: [(0..<15).map(String.init).joined(separator: ",") + ",?,t"])
        XCTAssertThrowsError(try DataTable.arff(data: Data(missing.utf8), source: "j.arff")) { e in
            XCTAssertEqual((e as! DatasetError).column, "multiplicity")
        }
    }

    func testGzipARFFIsALabelledJetFile() throws {
        let p = try file("jets.arff", Self.jetsARFF())
        let gz = Process()
        gz.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gz.arguments = ["-f", p]
        try gz.run()
        gz.waitUntilExit()
        let f = try LabelledFile.load(p + ".gz")
        XCTAssertTrue(f.hasJetFeatures)
        XCTAssertEqual(f.dataset.classNames, JetDataset.classNames)
        XCTAssertEqual(f.dataset.labels, [2, 0, 3, 4])
    }

    func testCSVFeaturesAreMatchedByNameInAnyOrder() throws {
        let names = JetDataset.featureNames.reversed() + ["extra"]
        var csv = "class," + names.joined(separator: ",") + "\n"
        csv += "q," + (0..<17).map(String.init).joined(separator: ",") + "\n"
        csv += "t," + (0..<17).map { String($0 * 2) }.joined(separator: ",") + "\n"
        let f = try LabelledFile.load(try file("j.csv", csv))
        XCTAssertTrue(f.hasJetFeatures)
        XCTAssertEqual(f.dataset.featureNames, JetDataset.featureNames)
        // zlogz is the 16th column after the label, holding 15.
        XCTAssertEqual(f.dataset.features[0, 0], 15)
        XCTAssertEqual(f.dataset.labels, [1, 2])
    }

    func testOtherDataIsReadWithoutTheJetSets() throws {
        let p = try file("o.csv", "a,b,label\n1,2,sig\n3,4,bkg\n5,6,sig\n")
        let f = try LabelledFile.load(p, target: "label")
        XCTAssertFalse(f.hasJetFeatures)
        XCTAssertEqual(f.dataset.featureNames, ["a", "b"])
        XCTAssertEqual(f.dataset.classNames, ["bkg", "sig"])
        XCTAssertEqual(f.notes.count, 1)
    }

    func testBadUserDataIsNamed() throws {
        XCTAssertThrowsError(try LabelledFile.load(dir.appendingPathComponent("none.csv").path)) { e in
            XCTAssertEqual((e as! DatasetError).kind, .fileNotFound)
        }
        let noLabel = try file("n.csv", "a,b\n1,2\n")
        XCTAssertThrowsError(try LabelledFile.load(noLabel)) { e in
            XCTAssertTrue("\(e)".hasPrefix("\(noLabel):1 column 'class': no label column 'class' (columns: a, b)"), "\(e)")
        }
        let csv = "class," + JetDataset.featureNames.joined(separator: ",") + "\nt," + (0..<16).map(String.init).joined(separator: ",")
            + "\nhiggs," + (0..<16).map(String.init).joined(separator: ",") + "\n"
        XCTAssertThrowsError(try LabelledFile.load(try file("u.csv", csv))) { e in
            let e = e as! DatasetError
            XCTAssertEqual(e.kind, .unknownLabel("higgs"))
            XCTAssertEqual(e.line, 3)
            XCTAssertEqual(e.column, "class")
        }
        let partial = "class," + JetDataset.featureNames.dropLast().joined(separator: ",") + "\nt," + (0..<15).map(String.init).joined(separator: ",") + "\n"
        XCTAssertThrowsError(try LabelledFile.load(try file("p.csv", partial))) { e in
            XCTAssertEqual((e as! DatasetError).column, "multiplicity")
            XCTAssertTrue("\(e)".contains("--features"), "\(e)")
        }
        XCTAssertThrowsError(try LabelledFile.load(noLabel, target: "b", features: ["a", "zlogz"])) { e in
            XCTAssertEqual((e as! DatasetError).column, "zlogz")
        }
        XCTAssertThrowsError(try LabelledFile.load(dir.appendingPathComponent("x.npy").path)) { e in
            XCTAssertTrue("\(e)".contains("--data X.npy,y.npy"), "\(e)")
        }
    }

    func testNumPyPairWithOneHotLabels() throws {
        let x = Fixtures.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 16), }",
                             payload: Fixtures.littleEndian((0..<48).map(Double.init)))
        let y = Fixtures.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 5), }",
                             payload: Fixtures.littleEndian([0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]))
        let xp = dir.appendingPathComponent("X.npy"), yp = dir.appendingPathComponent("y.npy")
        try x.write(to: xp)
        try y.write(to: yp)
        let f = try LabelledFile.load("\(xp.path),\(yp.path)")
        XCTAssertTrue(f.hasJetFeatures)
        XCTAssertEqual(f.dataset.labels, [2, 0, 4])
        XCTAssertEqual(f.dataset.features[1, 0], 16)
        let bad = Fixtures.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 5), }",
                               payload: Fixtures.littleEndian([0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1]))
        try bad.write(to: yp)
        XCTAssertThrowsError(try LabelledFile.load("\(xp.path),\(yp.path)")) { e in
            XCTAssertEqual((e as! DatasetError).line, 2)
        }
    }
}
