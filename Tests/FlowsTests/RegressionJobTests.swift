import FixedPoint
import Flows
import Foundation
import Reporting
import Verilator
import XCTest

final class RegressionJobTests: XCTestCase {
    func options(_ dir: URL, update: Bool = false) throws -> RegressionJob.Options {
        var o = RegressionJob.Options(designs: dir.appendingPathComponent("designs").path, baseline: dir.appendingPathComponent("baseline").path,
                                      out: dir.appendingPathComponent("out").path, vectors: 40, seed: 1, precision: "ap_fixed<18,8>",
                                      design: DesignOptions(plan: .uniform(try FixedFormat(parsing: "ap_fixed<18,8>"))), synthesis: nil,
                                      rules: RegressionRules())
        o.updateBaseline = update
        return o
    }

    func testRecordCompareAndRefuse() throws {
        try TestEnvironment.require("verilator", hint: "bash Scripts/bootstrap.sh")
        let dir = try TestEnvironment.temporaryDirectory()
        let designs = dir.appendingPathComponent("designs")
        try FileManager.default.createDirectory(at: designs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("baseline"), withIntermediateDirectories: true)
        try "y: x0*x1 - x2\n".write(to: designs.appendingPathComponent("mul.txt"), atomically: true, encoding: .utf8)
        // A labelled set: its accuracy is computed from the RTL's own outputs.
        try "p: x0 - x1\n".write(to: designs.appendingPathComponent("cls.txt"), atomically: true, encoding: .utf8)
        try "x0,x1,label\n1,0,1\n0,1,0\n2,1,1\n-1,0.5,0\n0.3,0.2,1\n".write(to: designs.appendingPathComponent("cls.csv"), atomically: true, encoding: .utf8)
        let toolchain = try VerilatorToolchain()
        var lines: [String] = []
        let first = try RegressionJob.run(try options(dir, update: true), toolchain: toolchain) { lines.append($0) }
        XCTAssertNil(first.updateRefused)
        XCTAssertEqual(first.update?.write.map(\.name).sorted(), ["cls", "mul"])
        XCTAssertTrue(lines.contains { $0.contains("mul: built") }, "\(lines)")
        let cls = first.document.designs.first { $0.name == "cls" }!
        XCTAssertEqual(cls.classification?.samples, 5)
        // p = x0 - x1 > 0.5 calls the last row (0.1) class 0 against its label 1.
        XCTAssertEqual(cls.classification?.accuracyRtl, 0.8)
        XCTAssertNotNil(first.document.run)

        let again = try RegressionJob.run(try options(dir), toolchain: toolchain) { _ in }
        XCTAssertFalse(again.failed, Regression.table(again.checks))
        for f in ["results.json", "summary.md", "report.html", "junit.xml"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: again.outDir.appendingPathComponent(f).path), f)
        }

        // Removing a design file without naming it keeps its baseline and refuses the update.
        try FileManager.default.removeItem(at: designs.appendingPathComponent("mul.txt"))
        let refused = try RegressionJob.run(try options(dir, update: true), toolchain: toolchain) { _ in }
        XCTAssertTrue(refused.failed)
        XCTAssertTrue(refused.updateRefused?.contains("--remove-baseline mul") ?? false, refused.updateRefused ?? "nil")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("baseline/mul.json").path))
        var named = try options(dir, update: true)
        named.removeBaseline = ["mul"]
        let removed = try RegressionJob.run(named, toolchain: toolchain) { _ in }
        XCTAssertNil(removed.updateRefused)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("baseline/mul.json").path))
    }

    func testMissingFoldersAreErrors() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        XCTAssertThrowsError(try RegressionJob.designFiles(dir.appendingPathComponent("none").path)) { XCTAssertTrue("\($0)".contains("does not exist"), "\($0)") }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("designs"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try RegressionJob.run(try options(dir), toolchain: try VerilatorToolchain()) { _ in }) { e in
            XCTAssertTrue("\(e)".contains("baseline") && "\(e)".contains("no such baseline directory"), "\(e)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path), "nothing written before the check")
    }

    func testDesignSetHashSeesEveryFile() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        try "y: x0\n".write(to: dir.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        let h1 = try RegressionJob.designSetHash(try RegressionJob.designFiles(dir.path))
        try "1,0\n".write(to: dir.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        let h2 = try RegressionJob.designSetHash(try RegressionJob.designFiles(dir.path))
        try "y: x0 + 1\n".write(to: dir.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        let h3 = try RegressionJob.designSetHash(try RegressionJob.designFiles(dir.path))
        XCTAssertEqual(Set([h1, h2, h3]).count, 3)
    }
}
