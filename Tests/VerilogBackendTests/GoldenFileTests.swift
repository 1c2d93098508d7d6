import Datapath
import FixedPoint
import Foundation
import SymbolicExpression
import XCTest
@testable import VerilogBackend

/// Emitted Verilog compared with committed golden files; `SYMBOLFORGE_RECORD=1` re-records them.
final class GoldenFileTests: XCTestCase {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func check(_ name: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = Self.golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SYMBOLFORGE_RECORD"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return XCTFail("missing golden file \(url.path); run with SYMBOLFORGE_RECORD=1 to create it", file: file, line: line)
        }
        if expected != text {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let b = text.split(separator: "\n", omittingEmptySubsequences: false)
            var diff: [String] = []
            for i in 0..<max(a.count, b.count) where (i < a.count ? a[i] : nil) != (i < b.count ? b[i] : nil) {
                diff.append("line \(i + 1):\n  - \(i < a.count ? String(a[i]) : "<none>")\n  + \(i < b.count ? String(b[i]) : "<none>")")
                if diff.count == 10 { break }
            }
            XCTFail("\(name) differs from its golden file (re-record with SYMBOLFORGE_RECORD=1 if intended):\n" + diff.joined(separator: "\n"), file: file, line: line)
        }
    }

    func emit(_ text: String, _ t: FixedFormat, tables: TableConfig = .standard, name: String) throws -> EmittedDesign {
        let set = try FormulaSet.parse(text)
        let d = try Lowering(plan: .uniform(t), inputCount: set.inputCount, tables: tables).lower(set, name: name)
        return try VerilogEmitter().emit(d)
    }

    func testPolynomialDesign() throws {
        let e = try emit("y: 2*x0 + x1*x2 - x3**2", .fixed(18, 8), name: "poly")
        try check("poly.v", e.files[0].text)
    }

    func testJetExpressionSets() throws {
        // The published jet sets as users build them; ROM contents are covered by the table tests, so only
        // the top modules are kept as golden files.
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples")
        for name in ["jets_pysr", "jets_symbolnet"] {
            let text = try String(contentsOf: examples.appendingPathComponent("\(name).txt"), encoding: .utf8)
            let set = try FormulaSet.parse(text)
            let d = try Lowering(plan: .uniform(.fixed(18, 8)), inputCount: 16).lower(set, name: name)
            try check("\(name).v", try VerilogEmitter().emit(d).files[0].text)
        }
    }

    /// One table read three times: a block ROM becomes one dual-port RAM for two reads plus a single-port one
    /// for the third; as a LUT ROM it is one module instanced per read.
    func testIdenticalTablesAreEmittedOnceAndShared() throws {
        let text = "a: sin(x0) + sin(x1)\nb: sin(x2)"
        let block = try emit(text, .fixed(18, 8), name: "shared")
        XCTAssertEqual(block.files.map(\.name).filter { $0.hasPrefix("shared_rom") }.sorted(), ["shared_rom0.v", "shared_rom0_dp.v"])
        let top = block.files[0].text
        XCTAssertEqual(top.components(separatedBy: "shared_rom0_dp sf_rom").count - 1, 1)
        XCTAssertEqual(top.components(separatedBy: "shared_rom0 sf_rom").count - 1, 1)
        let dp = block.files.first { $0.name == "shared_rom0_dp.v" }!.text
        XCTAssertTrue(dp.contains("(* rom_style = \"block\" *)") && dp.contains("dout_b <="), dp)

        let lut = try emit(text, .fixed(18, 8), tables: TableConfig.standard.withAddressBits(6), name: "shared")
        XCTAssertEqual(lut.files.map(\.name).filter { $0.hasPrefix("shared_rom") }, ["shared_rom0.v"])
        XCTAssertEqual(lut.files[0].text.components(separatedBy: "shared_rom0 sf_rom").count - 1, 3)
        let rom = lut.files.first { $0.name == "shared_rom0.v" }!.text
        XCTAssertTrue(rom.contains("(* rom_style = \"logic\" *)") && rom.contains("assign dout = ") && !rom.contains("clk"), rom)
        XCTAssertEqual(lut.latency, 1)
        XCTAssertEqual(block.latency, 2)
    }

    func testDesignWithTablesAndSharedNodes() throws {
        let e = try emit("a: tanh(x0*x1) + sin(x2)*cos(x2)\nb: x0*x1 - 0.5", .fixed(10, 4, .rnd, .sat), tables: TableConfig.standard.withAddressBits(4), name: "tabled")
        for f in e.files where f.name.hasPrefix("tabled") { try check(f.name, f.text) }
    }

    /// A segmented table's index (`sf_table_index_seg`) in the top module: sqrt near 0 at 8 input fraction bits needs
    /// finer steps than a uniform table within 14 address bits gives, so the optimized plan segments it.
    func testSegmentedTableDesign() throws {
        let set = try FormulaSet.parse("y: sqrt(abs(x0)) - log(1 + abs(x1))")
        var target = OptimizationTarget(inputFormat: .fixed(16, 8), maxError: 0.01)
        target.errorReference = .quantizedInputs
        target.randomVectors = 2048
        target.validationVectors = 2048
        let d = try Lowering(plan: .optimized(target), inputCount: 2).lower(set, name: "segmented")
        XCTAssertTrue(d.tables.contains { $0.function == .sqrt && $0.segments != nil })
        let top = try VerilogEmitter().emit(d).files[0].text
        XCTAssertTrue(top.contains("sf_table_index_seg #("), top)
        try check("segmented.v", top)
    }
}
