import Foundation
import ResultsFixtures
import FoundationXML
@testable import Reporting
import XCTest

final class ParetoTests: XCTestCase {
    func testParetoFront() {
        let pts: [(x: Double, y: Double)] = [(1, 0.5), (2, 0.7), (3, 0.6), (4, 0.9), (2, 0.7)]
        XCTAssertEqual(paretoFront(pts, higherYIsBetter: true), [0, 1, 3, 4])
        XCTAssertEqual(paretoFront([(1, 0.1), (2, 0.05), (3, 0.2)], higherYIsBetter: false), [0, 1])
    }
}

final class RegressionTests: XCTestCase {
    func failed(_ checks: [Check]) -> [String] { checks.filter { $0.status == .fail }.map(\.metric) }

    func testIdenticalRunPasses() {
        let d = Fixture.design("a")
        let checks = Regression().compare(current: [d], baselines: ["a": d])
        XCTAssertFalse(Regression.failed(checks), Regression.table(checks))
        XCTAssertTrue(Regression.table(checks).contains("(no metric changed)"))
    }

    func testIntegerCountsAndLatencyMustNotGrow() {
        let checks = Regression().compare(current: [Fixture.design("a", latency: 4, lut: 101)], baselines: ["a": Fixture.design("a")])
        XCTAssertEqual(Set(failed(checks)), ["LUT", "latency (cycles)", "latency ecp5 (ns)"])
        let table = Regression.table(checks)
        XCTAssertTrue(table.contains("LUT") && table.contains("100") && table.contains("101"), table)
        let better = Regression().compare(current: [Fixture.design("a", lut: 90)], baselines: ["a": Fixture.design("a")])
        XCTAssertFalse(Regression.failed(better))
        XCTAssertEqual(better.first { $0.metric == "LUT" }?.status, .improved)
    }

    func testMismatchesFailWithoutABaselineToo() {
        let bad = Fixture.design("a", outputs: [Fixture.output("y", mismatches: 3)])
        let checks = Regression().compare(current: [bad], baselines: [:])
        XCTAssertEqual(failed(checks), ["bit-exact mismatches"])
        XCTAssertTrue(checks.contains { $0.message.contains("first at vector 17") })
        XCTAssertTrue(checks.contains { $0.status == .new })
    }

    func testFmaxWithinToleranceAndBeyond() {
        let base = Fixture.design("a", fmax: 200)
        XCTAssertFalse(Regression.failed(Regression().compare(current: [Fixture.design("a", fmax: 185)], baselines: ["a": base])))
        XCTAssertTrue(failed(Regression().compare(current: [Fixture.design("a", fmax: 170)], baselines: ["a": base])).contains("Fmax ecp5 (MHz)"))
    }

    func testErrorGrowthAndAccuracyDrop() {
        let base = Fixture.design("a")
        let worse = Fixture.design("a", outputs: [Fixture.output("y", meanErr: 0.0011)])
        XCTAssertEqual(failed(Regression().compare(current: [worse], baselines: ["a": base])), ["mean |err| y"])

        func classified(_ acc: Double) -> DesignReport {
            var d = Fixture.design("c")
            d.classification = ClassificationFigures(samples: 100, accuracyFloat: 0.72, accuracyRtl: acc,
                                                     classes: [ClassFigures(name: "g", aucFloat: 0.9, aucRtl: 0.9, rocFloat: [], rocRtl: [])])
            return d
        }
        let rules = RegressionRules(maxAccuracyDrop: 0.002)
        XCTAssertFalse(Regression.failed(Regression(rules: rules).compare(current: [classified(0.719)], baselines: ["c": classified(0.720)])))
        XCTAssertEqual(failed(Regression(rules: rules).compare(current: [classified(0.715)], baselines: ["c": classified(0.720)])), ["accuracy (RTL)"])
    }

    func testBaselineForARemovedDesignFails() {
        let checks = Regression().compare(current: [Fixture.design("a")], baselines: ["a": Fixture.design("a"), "gone": Fixture.design("gone")],
                                          baselineFiles: ["gone": "Reports/baseline/gone.json"])
        let c = checks.first { $0.design == "gone" }
        XCTAssertEqual(c?.status, .fail)
        XCTAssertTrue(c?.message.contains("Reports/baseline/gone.json") ?? false)
        XCTAssertTrue(c?.message.contains("no such design") ?? false)
    }

    func testRecipeChangeIsFlagged() {
        var changed = Fixture.design("a")
        changed.recipe?.precision = "ap_fixed<16,6>"
        XCTAssertTrue(failed(Regression().compare(current: [changed], baselines: ["a": Fixture.design("a")])).contains("recipe"))
    }

    func testShardsPartitionDeterministically() throws {
        let names = ["e", "a", "d", "b", "c", "f", "g"]
        var union: [String] = []
        for k in 1...3 {
            let s = try Shard(parsing: "\(k)/3")
            XCTAssertEqual(s.select(names), s.select(names.reversed()))
            union += s.select(names)
        }
        XCTAssertEqual(union.sorted(), names.sorted())
        XCTAssertEqual(Set(union).count, names.count)
        XCTAssertEqual(try Shard(parsing: "1/3").select(names), ["a", "d", "g"])
        for bad in ["0/3", "4/3", "x", "1/0", "1-2"] {
            XCTAssertThrowsError(try Shard(parsing: bad), bad)
        }
    }

    func testMergeCombinesAndRejectsDuplicates() throws {
        let a = ReportDocument(designs: [Fixture.design("b")], tools: ["yosys": "0.23"], shard: "1/2")
        let b = ReportDocument(designs: [Fixture.design("a")], tools: ["yosys": "0.24"], shard: "2/2")
        let (merged, warnings) = try Merge.merge([("s1.json", a), ("s2.json", b)])
        XCTAssertEqual(merged.designs.map(\.name), ["a", "b"])
        XCTAssertNil(merged.shard)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertThrowsError(try Merge.merge([("s1.json", a), ("s3.json", a)])) { e in
            XCTAssertTrue("\(e)".contains("s3.json") && "\(e)".contains("s1.json"), "\(e)")
        }
    }

    /// Exploration points that failed in a shard are carried into the merge; a name in two shards is refused.
    func testMergeKeepsFailedPoints() throws {
        let a = ReportDocument(designs: [Fixture.design("a")], tools: [:], shard: "1/2", failedPoints: ["c": "no plan meets 1e-09"])
        let b = ReportDocument(designs: [Fixture.design("b")], tools: [:], shard: "2/2", failedPoints: ["d": "route failed"])
        let (merged, _) = try Merge.merge([("s1.json", a), ("s2.json", b)])
        XCTAssertEqual(merged.failedPoints, ["c": "no plan meets 1e-09", "d": "route failed"])
        let clash = ReportDocument(designs: [], tools: [:], shard: "2/2", failedPoints: ["a": "x"])
        XCTAssertThrowsError(try Merge.merge([("s1.json", a), ("s2.json", clash)])) { e in
            XCTAssertTrue("\(e)".contains("point a") && "\(e)".contains("s1.json"), "\(e)")
        }
        let plain = ReportDocument(designs: [Fixture.design("a")], tools: [:])
        XCTAssertNil(try Merge.merge([("s1.json", plain)]).0.failedPoints)
    }

    func testShardsOfDifferentRunsAreNotMerged() throws {
        let recipe = RunRecipe(designSet: "aaaa", precision: "ap_fixed<18,8>", clockNs: 5, vectors: 2000, seed: 1, synthesis: "none")
        func shard(_ k: Int, _ r: RunRecipe?) -> ReportDocument {
            ReportDocument(designs: [Fixture.design("d\(k)")], tools: [:], shard: "\(k)/2", run: r)
        }
        let (merged, _) = try Merge.merge([("s1.json", shard(1, recipe)), ("s2.json", shard(2, recipe))])
        XCTAssertEqual(merged.run, recipe)
        var variants: [RunRecipe?] = [nil]
        for change in [{ (r: inout RunRecipe) in r.precision = "ap_fixed<16,6>" }, { $0.designSet = "bbbb" }, { $0.seed = 2 }] {
            var r = recipe
            change(&r)
            variants.append(r)
        }
        for other in variants {
            XCTAssertThrowsError(try Merge.merge([("s1.json", shard(1, recipe)), ("s2.json", shard(2, other))])) { e in
                XCTAssertTrue("\(e)".contains("s2.json") && "\(e)".contains("different run"), "\(e)")
            }
        }
    }
}

final class BaselineStoreTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws { dir = try Fixture.temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func testWriteThenLoadStripsMachineNumbers() throws {
        let store = BaselineStore(directory: dir.path)
        try store.write([Fixture.design("a"), Fixture.design("b")], tools: ["yosys": "0.23"])
        let (designs, files) = try store.load()
        XCTAssertEqual(designs.keys.sorted(), ["a", "b"])
        XCTAssertEqual(files["a"], dir.appendingPathComponent("a.json").path)
        XCTAssertEqual(designs["a"]?.cosim.cyclesPerSecond, 0)
        XCTAssertEqual(designs["a"]?.cosim.build.hash, "")
        XCTAssertEqual(designs["a"]?.resources, Fixture.design("a").resources)
        // No temporary files left behind.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["a.json", "b.json"])
    }

    func testFailedWriteChangesNoBaseline() throws {
        let store = BaselineStore(directory: dir.path)
        try store.write([Fixture.design("a")], tools: [:])
        let before = try Data(contentsOf: dir.appendingPathComponent("a.json"))
        // A directory where b's baseline would go makes the second file impossible to stage.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".b.json.tmp-\(getpid())"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".b.json.tmp-\(getpid())/x"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try store.write([Fixture.design("a", lut: 5), Fixture.design("b")], tools: [:])) { e in
            XCTAssertTrue("\(e)".contains("no file was changed"), "\(e)")
        }
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("a.json")), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("b.json").path))
    }

    func testCorruptBaselineIsNamed() throws {
        try Data("{ not json".utf8).write(to: dir.appendingPathComponent("bad.json"))
        XCTAssertThrowsError(try BaselineStore(directory: dir.path).load()) { e in
            XCTAssertTrue("\(e)".contains("bad.json") && "\(e)".contains("not valid JSON"), "\(e)")
        }
    }

    func testMissingDirectoryIsAnErrorNamingIt() throws {
        let missing = dir.appendingPathComponent("does-not-exist").path
        XCTAssertThrowsError(try BaselineStore(directory: missing).load()) { e in
            XCTAssertTrue("\(e)".contains(missing) && "\(e)".contains("no such baseline directory"), "\(e)")
        }
        XCTAssertTrue(try BaselineStore(directory: dir.path).load().designs.isEmpty, "an empty directory is an empty set")
    }
}

/// `--update-baseline`: only a complete, passing measurement of the same recipe replaces a baseline.
final class BaselineUpdateTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws { dir = try Fixture.temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    /// Records `designs`, then returns the store, what it holds and a snapshot of every file's bytes.
    func recorded(_ designs: [DesignReport]) throws -> (BaselineStore, [String: String], [String: Data]) {
        let store = BaselineStore(directory: dir.path)
        try store.write(designs, tools: [:])
        return (store, try store.load().files, try snapshot())
    }

    func snapshot() throws -> [String: Data] {
        var out: [String: Data] = [:]
        for n in try FileManager.default.contentsOfDirectory(atPath: dir.path) { out[n] = try Data(contentsOf: dir.appendingPathComponent(n)) }
        return out
    }

    func plan(_ current: [DesignReport], _ store: BaselineStore, removing: [String] = [], extra: [Check] = []) throws -> BaselineUpdate {
        let (baselines, files) = try store.load()
        let checks = extra + Regression().compare(current: current, baselines: baselines, baselineFiles: files)
        return try BaselineUpdate.plan(current: current, checks: checks, baselineFiles: files, removing: removing)
    }

    func testAnEmptyRunDeletesNothing() throws {
        let (store, _, before) = try recorded([Fixture.design("a"), Fixture.design("b")])
        XCTAssertThrowsError(try plan([], store)) { e in
            let m = "\(e)"
            XCTAssertTrue(m.contains("NOT updated") && m.contains("--remove-baseline a") && m.contains("--remove-baseline b"), m)
        }
        XCTAssertEqual(try snapshot(), before)
    }

    func testARunWithoutSynthesisDoesNotStripResourcesOrTiming() throws {
        let (store, _, before) = try recorded([Fixture.design("a")])
        var cosimOnly = Fixture.design("a")
        cosimOnly.resources = nil
        cosimOnly.timing = nil
        XCTAssertThrowsError(try plan([cosimOnly], store)) { e in
            XCTAssertTrue("\(e)".contains("did not measure it") && "\(e)".contains("resources"), "\(e)")
        }
        var noTiming = Fixture.design("a")
        noTiming.timing = nil
        XCTAssertThrowsError(try plan([noTiming], store)) { XCTAssertTrue("\($0)".contains("Fmax ecp5"), "\($0)") }
        XCTAssertEqual(try snapshot(), before)
    }

    func testAFailingOrDifferentRecipeRunIsRefused() throws {
        let (store, _, before) = try recorded([Fixture.design("a")])
        let mismatching = Fixture.design("a", outputs: [Fixture.output("y", mismatches: 2)])
        XCTAssertThrowsError(try plan([mismatching], store)) { XCTAssertTrue("\($0)".contains("bit-exact mismatches"), "\($0)") }
        let broken = Check(design: "b", kind: .build, metric: "build", baseline: nil, current: "failed", status: .fail, message: "yosys failed")
        XCTAssertThrowsError(try plan([Fixture.design("a")], store, extra: [broken])) { XCTAssertTrue("\($0)".contains("yosys failed"), "\($0)") }
        var other = Fixture.design("a")
        other.recipe?.seed = 9
        XCTAssertThrowsError(try plan([other], store)) { XCTAssertTrue("\($0)".contains("--remove-baseline a"), "\($0)") }
        XCTAssertEqual(try snapshot(), before)
        // Naming the design records the new recipe in its place.
        try store.apply(try plan([other], store, removing: ["a"]), tools: [:])
        XCTAssertEqual(try store.load().designs["a"]?.recipe?.seed, 9)
    }

    func testAPassingCompleteRunReplacesAndAWorseOneStillRecords() throws {
        let (store, _, _) = try recorded([Fixture.design("a")])
        // A regression in a relative metric is what --update-baseline accepts on purpose.
        try store.apply(try plan([Fixture.design("a", lut: 140)], store), tools: [:])
        XCTAssertEqual(try store.load().designs["a"]?.resources?.lut, 140)
    }

    func testRemovalNeedsTheDesignsName() throws {
        let (store, files, _) = try recorded([Fixture.design("a"), Fixture.design("gone")])
        XCTAssertThrowsError(try plan([Fixture.design("a")], store, removing: ["typo"])) { XCTAssertTrue("\($0)".contains("typo"), "\($0)") }
        let update = try plan([Fixture.design("a")], store, removing: ["gone"])
        XCTAssertEqual(update.remove, ["gone": files["gone"]!])
        try store.apply(update, tools: [:])
        XCTAssertEqual(try store.load().designs.keys.sorted(), ["a"])
    }
}

final class ToleranceTests: XCTestCase {
    func testNaNInfiniteAndNegativeTolerancesAreRefused() {
        for bad in [Double.nan, .infinity, -0.01] {
            XCTAssertThrowsError(try RegressionRules(validatingMaxAccuracyDrop: 0.002, maxErrorGrowth: bad, fmaxTolerance: 0.1)) { e in
                XCTAssertTrue("\(e)".contains("--max-error-growth"), "\(e)")
            }
            XCTAssertThrowsError(try RegressionRules(validatingMaxAccuracyDrop: bad, maxErrorGrowth: 0.01, fmaxTolerance: 0.1))
            XCTAssertThrowsError(try RegressionRules(validatingMaxAccuracyDrop: 0.002, maxErrorGrowth: 0.01, fmaxTolerance: bad))
        }
        XCTAssertEqual(try RegressionRules(validatingMaxAccuracyDrop: 0, maxErrorGrowth: 0, fmaxTolerance: 0), RegressionRules(maxAccuracyDrop: 0, maxErrorGrowth: 0, fmaxTolerance: 0))
    }
}

final class WriterTests: XCTestCase {
    static func richDocument() -> ReportDocument {
        var a = Fixture.design("alpha", lut: 120, fmax: 180)
        var floatScores: [[Double]] = []
        var rtlScores: [[Double]] = []
        var labels: [Int] = []
        for i in 0..<300 {
            let x = Double(i)
            let row: [Double] = [sin(x), cos(x * 0.7), Double(i % 7) / 7]
            floatScores.append(row)
            rtlScores.append([row[0] + 0.01, row[1], row[2]])
            labels.append(i % 3)
        }
        a.classification = ClassificationFigures.evaluate(classNames: ["g", "q", "t"], floatScores: floatScores, rtlScores: rtlScores, labels: labels)
        let errors: [Double] = (0..<500).map { (i: Int) -> Double in sin(Double(i)) * 0.004 }
        a.errorHistograms = [ErrorHistogram(output: "y", errors: errors)]
        var sweep: [SweepPoint] = []
        for bits in stride(from: 10, through: 18, by: 2) {
            let mean: Double = pow(2, -Double(bits - 6))
            sweep.append(SweepPoint(precision: "ap_fixed<\(bits),6>", totalBits: bits, meanAbsError: mean, maxAbsError: 2 * mean))
        }
        a.precisionSweep = sweep
        a.tableRangeViolations = [3]
        var b = Fixture.design("beta", latency: 5, lut: 300, fmax: 120)
        b.classification = a.classification
        b.classification?.accuracyRtl = 0.6
        return ReportDocument(designs: [a, b], tools: ["yosys": "Yosys 0.23"])
    }

    func testMarkdownHasOneRowPerDesignAndTheRegressionTable() {
        let doc = Self.richDocument()
        let checks = Regression().compare(current: doc.designs, baselines: ["alpha": Fixture.design("alpha", lut: 100)])
        let md = MarkdownSummary.text(doc, checks: checks)
        XCTAssertTrue(md.contains("| alpha |"), md)
        XCTAssertTrue(md.contains("| beta |"), md)
        XCTAssertTrue(md.contains("**FAIL**"), md)
        XCTAssertTrue(md.contains("outside their table's range"), md)
    }

    func testJUnitIsWellFormedWithOneCasePerCheck() throws {
        let doc = Self.richDocument()
        var checks = Regression().compare(current: doc.designs, baselines: ["alpha": Fixture.design("alpha", lut: 100)])
        checks.append(Check(design: "x<&>", kind: .build, metric: "quote \" and 'apos'", baseline: nil, current: nil, status: .fail, message: "bad\u{1}char"))
        let xml = JUnit.xml(checks, suite: "symbolforge")
        final class Counter: NSObject, XMLParserDelegate {
            var cases = 0, failures = 0
            func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if e == "testcase" { cases += 1 }
                if e == "failure" { failures += 1 }
            }
        }
        let parser = XMLParser(data: Data(xml.utf8))
        let counter = Counter()
        parser.delegate = counter
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")\n\(xml)")
        XCTAssertEqual(counter.cases, checks.count)
        XCTAssertEqual(counter.failures, checks.filter { $0.status == .fail }.count)
        XCTAssertGreaterThanOrEqual(counter.failures, 2)
    }

    func testHTMLIsSelfContainedWithEveryPlot() {
        let html = HTMLReport.html(Self.richDocument())
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("src=\"http"))
        XCTAssertTrue(html.contains("ROC"))
        XCTAssertTrue(html.contains("stroke-dasharray"), "float ROC curves are dashed")
        XCTAssertTrue(html.contains("Fixed − float error"))
        XCTAssertTrue(html.contains("Precision sweep"))
        XCTAssertTrue(html.contains("Accuracy vs latency") && html.contains("Accuracy vs LUTs"))
        XCTAssertGreaterThanOrEqual(html.components(separatedBy: "<svg").count - 1, 5)
    }

    func testHTMLWithoutOptionalSectionsStillRenders() throws {
        let doc = ReportDocument(CosimResults(designs: [Fixture.designResult("plain")], tools: [:]))
        let html = HTMLReport.html(doc)
        XCTAssertTrue(html.contains("plain"))
        XCTAssertFalse(html.contains("ROC"))
        XCTAssertTrue(html.contains("Accuracy vs latency"))
    }

    func testTicksAreRound() {
        XCTAssertEqual(SVGPlot.ticks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1.0].map { $0 })
        XCTAssertEqual(SVGPlot.ticks(3, 97).first, 20)
    }
}

final class RecipeTests: XCTestCase {
    func testDirectoryOfTheSourceDoesNotMatterButOptionsDo() {
        let a = Recipe(source: "Examples/x.txt", precision: "ap_fixed<18,8>", clockNs: 5, vectors: 10, seed: 1)
        var b = a
        b.source = "/builds/ci/checkout/Examples/x.txt"
        XCTAssertTrue(a.sameBuild(as: b))
        b.clockNs = 4
        XCTAssertFalse(a.sameBuild(as: b))
        var c = a
        c.source = "Examples/y.txt"
        XCTAssertFalse(a.sameBuild(as: c))
    }
}
