import Datapath
import FixedPoint
import Foundation
import SymbolicExpression
import Testbench
import Verilator
import VerilogBackend
import XCTest

/// The published jet-tagging expressions, co-simulated bit for bit, as users run them.
final class JetDesignTests: XCTestCase {
    static func examples() -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples")
    }

    func run(_ file: String, tables: TableConfig, precision: FixedFormat, vectors: Int = 4000) throws -> CosimFlow.Outcome {
        let text = try String(contentsOf: Self.examples().appendingPathComponent(file), encoding: .utf8)
        let set = try FormulaSet.parse(text, file: file)
        var flow = CosimFlow(plan: .uniform(precision), toolchain: try Bench.tools())
        flow.tables = tables
        let stimulus = Stimulus.standardNormal(count: vectors, inputCount: 16, seed: 7, format: precision)
        let out = try flow.run(set, name: "jets", inputCount: 16, stimulus: stimulus, seed: 7, stimulusLabel: "test")
        for o in out.result.outputs {
            XCTAssertEqual(o.mismatches, 0, "\(file) \(o.name): \(String(describing: o.firstMismatch))")
            XCTAssertEqual(o.latencyCycles, out.design.latency)
            XCTAssertEqual(o.ii, 1)
        }
        return out
    }

    func testPySRSetIsBitExactWithPeriodicTables() throws {
        let out = try run("jets_pysr.txt", tables: .standard, precision: .fixed(18, 8))
        XCTAssertEqual(out.result.outputs.count, 5)
        // Float tolerance (named): periodic 1024-entry tables at ap_fixed<18,8> keep every class score within 0.05.
        for o in out.result.outputs { XCTAssertLessThan(o.maxAbsError, 0.05, o.name) }
        XCTAssertGreaterThan(out.result.argmaxAgreement ?? 0, 0.99)
        XCTAssertTrue(out.result.tables!.allSatisfy { $0.periodic && $0.outOfRangeLookups == 0 })
        // sin(a)*cos(a) pairs are fused into one table read each.
        let fused = out.datapath.nodes.filter { if case .table(_, let t) = $0.op { return out.datapath.tables[t].function == .sinCos } else { return false } }
        XCTAssertEqual(fused.count, 14, "the 14 distinct non-constant sin·cos pairs of set A")
    }

    func testPySRSetWithHls4mlStyleClampedTablesReportsRangeMisuse() throws {
        var tables = TableConfig.hls4ml
        for f in ["sin", "cos", "sincos"] { try tables.apply(override: "\(f)=-8,8,256") }
        let out = try run("jets_pysr.txt", tables: tables, precision: .fixed(16, 6))
        // Arguments such as 5.25*x14 leave [-8, 8): the clamping is counted, never silent.
        XCTAssertGreaterThan(out.result.tables!.map(\.outOfRangeLookups).reduce(0, +), 100)
        XCTAssertGreaterThan(out.result.outputs.map(\.maxAbsError).max()!, 0.5)
    }

    func testSymbolNetSetIsBitExact() throws {
        let out = try run("jets_symbolnet.txt", tables: .standard, precision: .fixed(18, 8))
        XCTAssertLessThan(out.result.outputs[0].maxAbsError, 0.05, "float tolerance for set B at ap_fixed<18,8>")
    }
}
