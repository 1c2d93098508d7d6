import Foundation
import ResultsFixtures
import FoundationXML
@testable import Reporting
import XCTest

final class ReportPageTests: XCTestCase {
    func model(failing: Bool = false) -> ReportPage.Model { ReportPage.Model(document: PageFixture.document(failing: failing)) }

    func testAdapterCarriesEveryMeasuredFigureAndLeavesTheRestEmpty() throws {
        let m = model()
        XCTAssertEqual(m.designs.map(\.name), ["symbolnet_trained", "jets_pysr", "jets_symbolnet"])
        XCTAssertEqual(m.reference?.accuracy, 0.67)
        let a = m.designs[0]
        XCTAssertEqual(a.title, "SymbolNet trained here")
        XCTAssertEqual(a.accuracy?.fixed, 0.6515)
        XCTAssertEqual(a.classes.count, 5)
        XCTAssertEqual(a.classes[2].aucFixed, 0.95)
        XCTAssertFalse(a.classes[0].rocRtl.isEmpty)
        XCTAssertEqual(a.confusion?.counts.flatMap { $0 }.reduce(0, +), 2000)
        XCTAssertEqual(a.resources, .init(lut: 1480, ff: 610, dsp: 9, bram18: 4))
        XCTAssertEqual(try XCTUnwrap(a.latencyNs), 4000 / 151, accuracy: 1e-12)
        XCTAssertEqual(a.bitExact.map(\.status), [.pass, .pass, .pass])
        let b = m.designs[2]
        XCTAssertNil(b.accuracy)
        XCTAssertNil(b.resources)
        XCTAssertNil(b.latencyNs)
        XCTAssertEqual(b.bitExact.map(\.status), [.pass, .notRun, .notRun])
        XCTAssertTrue(m.failures.isEmpty)
    }

    func testConfusionMatrixCountsRTLPredictions() {
        let f = ClassificationFigures.evaluate(classNames: ["a", "b"], floatScores: [[1, 0], [0, 1], [1, 0]], rtlScores: [[1, 0], [1, 0], [0, 1]], labels: [0, 1, 1])
        XCTAssertEqual(f.confusionRtl, [[1, 0], [1, 1]])
    }

    func testPageIsSelfContainedAndHasEverySection() {
        let html = ReportPage.html(model())
        for forbidden in ["<script", "src=", "@import", "url(", "<link", "http://www.w3.org/1999", "https://"] {
            XCTAssertFalse(html.contains(forbidden), "the page must not load anything: found \(forbidden)")
        }
        for part in ["id=\"status\"", "All 3 design(s) pass", "Designs at a glance", "Accuracy vs latency", "Accuracy vs LUTs",
                     "ROC per class", "Confusion matrix", "Fixed − float, g", "MLP 16-64-32-32-5", "published PySR expressions (set A)",
                     "title=\"x14 = mass_mmdt\"", "x3 = c1_b2_mmdt", "Verilator 5.006"] {
            XCTAssertTrue(html.contains(part), "missing: \(part)")
        }
        // Two trade-off plots; ROC, confusion and five histograms; ROC, confusion and one histogram; set B none.
        XCTAssertEqual(html.components(separatedBy: "<svg").count - 1, 2 + (2 + 5) + (2 + 1))
    }

    func testNotMeasuredIsNeverZero() {
        let html = ReportPage.html(model())
        let row = html.components(separatedBy: "<tr").first { $0.contains("#design-jets_symbolnet") }!
        XCTAssertEqual(row.components(separatedBy: "not measured").count - 1, 10, row)
        XCTAssertFalse(row.contains("<td>0</td>"), row)
        let md = ReportPage.markdown(model())
        let line = md.split(separator: "\n").first { $0.hasPrefix("| jets_symbolnet |") }!
        XCTAssertTrue(line.contains("| not measured | not measured | not measured |"), String(line))
        XCTAssertTrue(line.contains("not run"), String(line))
    }

    func testParetoFrontAndReferenceLineAreDrawn() {
        let html = ReportPage.html(model())
        // The trained design is faster, smaller and more accurate: alone on both fronts, so two rings.
        XCTAssertEqual(html.components(separatedBy: "r=\"8\"").count - 1, 2)
        XCTAssertTrue(html.contains("MLP 16-64-32-32-5 0.6700</text>"))
        XCTAssertFalse(html.contains("Not on this plot"), "set B has no accuracy, so it is no candidate for either plot")
    }

    func testFailureIsListedAboveEverythingElse() throws {
        let html = ReportPage.html(model(failing: true))
        let status = try XCTUnwrap(html.range(of: "class=\"status bad\""))
        let overview = try XCTUnwrap(html.range(of: "Designs at a glance"))
        XCTAssertLessThan(status.lowerBound, overview.lowerBound)
        XCTAssertTrue(html.contains("Verilator (RTL) differs from the bit-exact Swift model in 15 output value(s) over 2007 vectors"), html)
        XCTAssertTrue(html.contains("expected 0x00a1f, RTL gave 0x00a20"))
        let md = ReportPage.markdown(model(failing: true))
        XCTAssertTrue(md.contains("**1 failure(s):**"))
        XCTAssertLessThan(md.range(of: "failure(s)")!.lowerBound, md.range(of: "## Designs")!.lowerBound)
    }

    func testMarkdownIsTablesNotConsoleText() {
        let md = ReportPage.markdown(model())
        XCTAssertFalse(md.contains("```"))
        let tables = md.split(separator: "\n").filter { $0.hasPrefix("|") }
        XCTAssertGreaterThan(tables.count, 10)
        // Every table row of one table has the same number of cells as its header.
        var columns: Int?
        for line in md.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else { columns = nil; continue }
            let n = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            if let c = columns { XCTAssertEqual(n, c, String(line)) } else { columns = n }
        }
    }

    func testJUnitHasBitExactCasesAndFailsOnMismatch() throws {
        let xml = JUnit.xml(ReportPage.checks(model(failing: true)), suite: "main")
        let doc = try XMLDocument(data: Data(xml.utf8))
        let failures = try doc.nodes(forXPath: "//failure")
        XCTAssertEqual(failures.count, 1)
        XCTAssertEqual(try doc.nodes(forXPath: "//testcase").count, 3 * 3 + 3)
    }

    func testWriteIsAllOrNothing() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        try ReportPage.write(model(), results: Data("{}".utf8), to: out)
        for f in ["index.html", "summary.md", "junit.xml", "results.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/" + f), f)
        }
        // A file where the directory should be.
        let blocked = dir.appendingPathComponent("blocked").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocked))
        XCTAssertThrowsError(try ReportPage.write(model(), to: blocked)) { e in
            XCTAssertTrue("\(e)".contains(blocked), "\(e)")
        }
        // A read-only directory (root may write anywhere, so only checked as a normal user).
        if getuid() != 0 {
            let ro = dir.appendingPathComponent("ro").path
            try FileManager.default.createDirectory(atPath: ro, withIntermediateDirectories: true)
            chmod(ro, 0o555)
            defer { chmod(ro, 0o755) }
            XCTAssertThrowsError(try ReportPage.write(model(), to: ro))
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: ro), [])
        }
    }

    func testFormulaVariablesAreFoundOnlyAsWholeWords() {
        XCTAssertEqual(ReportPage.variables(in: "exp(x1) + 2*x12 - sin(x0)*max_x3 + 1e-3*x2"), [1, 12, 0, 2])
        XCTAssertEqual(ReportPage.formulaHTML("x1<x2", names: ["a", "b"]),
                       "<span class=\"v\" title=\"x1 = b\">x1</span>&lt;<span class=\"v\" title=\"x2 = input 2\">x2</span>")
    }

    func testHeatmapShadesByRowShare() {
        let svg = SVGHeatmap(title: "c", rowLabel: "true", columnLabel: "predicted", rowNames: ["a", "b"], columnNames: ["a", "b"],
                             counts: [[9, 1], [0, 0]]).svg
        XCTAssertTrue(svg.contains(">90%<"))
        XCTAssertTrue(svg.contains(">10%<"))
        XCTAssertTrue(svg.contains(">–<"), "an empty row has no share")
        XCTAssertEqual(SVGHeatmap.shade(0).fill, "#ffffff")
        XCTAssertEqual(SVGHeatmap.shade(1).fill, "#1f77b4")
    }

    func testTableRangeWarningsAreSummedPerFunctionAndRange() {
        func table(_ i: Int, _ f: String, _ lo: Double, _ hi: Double, _ n: Int) -> String {
            #"{"table": \#(i), "function": "\#(f)", "entries": 1024, "range_start": \#(lo), "range_end": \#(hi), "periodic": false, "out_of_range_lookups": \#(n)}"#
        }
        let tables = [table(0, "tanh", -8, 8, 3), table(1, "tanh", -8, 8, 4), table(2, "gauss", -4, 4, 5), table(3, "exp", 0, 16, 0)]
        let r = PageFixture.design("d", formulas: [("y", "tanh(x0)")], latency: 3, extra: #", "tables": ["# + tables.joined(separator: ",") + "]")
        let d = ReportPage.Model(document: ReportDocument(designs: [DesignReport(cosim: r)], tools: [:])).designs[0]
        XCTAssertEqual(d.warnings, ["7 lookup(s) of 2 tanh tables fell outside the range [-8, 8) and were clamped",
                                    "5 lookup(s) of the gauss table fell outside the range [-4, 4) and were clamped"])
        XCTAssertTrue(ReportPage.html(ReportPage.Model(document: ReportDocument(designs: [DesignReport(cosim: r)], tools: [:]))).contains("2 warning(s)"))
    }
}
