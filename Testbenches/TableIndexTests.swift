import Datapath
import FixedPoint
import Foundation
import Verilator
import VerilogBackend
import XCTest

/// sf_table_index against `FunctionTable.index`: every input pattern, clamped and periodic, both shift directions.
final class TableIndexTests: XCTestCase {
    func testAddressesEqualTheSwiftTableIndexExhaustively() throws {
        let configs: [(FixedFormat, Double, Int, Int, Bool)] = [
            (.fixed(10, 5), -8, 4, 6, false),   // clamped, right shift
            (.fixed(10, 5), -8, 4, 4, false),
            (.fixed(10, 3), -2, 2, 8, false),   // left shift (index finer than the input LSB)
            (.fixed(10, 2), 0, 0, 5, true),     // periodic, one period per unit
            (.fixed(9, 9), 0.5, 3, 3, false),   // start off the integer grid? (0.5 is below this LSB: rounds)
            (.ufixed(10, 4), 0, 3, 6, false),   // unsigned argument
            (.fixed(10, 6), -32, 6, 10, false), // table range equal to the format range
        ]
        var tables: [FunctionTable] = []
        for c in configs {
            tables.append(FunctionTable(function: .tanh, addressBits: c.3, start: (c.1 * FixedFormat.pow2(c.0.fractionBits)).rounded(.down) / FixedFormat.pow2(c.0.fractionBits),
                                        spanLog2: c.2, periodic: c.4, inputFormat: c.0, outputFormat: .fixed(8, 2)))
        }
        let (out, count) = try Self.runIndexBench("index_bench", tables) { t, start in
            "sf_table_index #(.IN_W(\(t.inputFormat.width)), .IN_SIGNED(\(t.inputFormat.isSigned ? 1 : 0)), .START(\(start)), .SHIFT(\(t.indexShift)), .ADDR_W(\(t.addressBits)), .PERIODIC(\(t.periodic ? 1 : 0)))"
        }
        for p in 0..<count {
            for (k, t) in tables.enumerated() {
                let raw = t.inputFormat.wrapRaw(Int128(p & ((1 << t.inputFormat.width) - 1)))
                XCTAssertEqual(Int(out[p * tables.count + k]), t.index(raw).index, "table \(k) input \(raw)")
            }
        }
    }

    /// sf_table_index_seg against `TableSegments.index`: every input pattern, starts below, at and above zero,
    /// arguments narrower than a segment, one segment and unsigned arguments.
    func testSegmentedAddressesEqualTheSwiftTableIndexExhaustively() throws {
        let configs: [(FixedFormat, Double, Int, Int)] = [
            (.fixed(10, 5), 0, 3, 5),        // start at 0, range beyond the format's top (clamps)
            (.fixed(10, 5), -1.25, 4, 6),    // negative start
            (.ufixed(10, 4), 0.5, 2, 9),     // unsigned argument, start above 0
            (.fixed(8, 8), 3, 3, 2),         // integer argument
            (.fixed(6, 3), 0, 4, 1),         // one segment
            (.fixed(3, 1), 0, 4, 1),         // argument narrower than a segment
        ]
        let tables = configs.map { c in
            FunctionTable(function: .sqrt, segments: TableSegments(mantissaBits: c.2, count: c.3), start: c.1, inputFormat: c.0, outputFormat: .fixed(8, 4))
        }
        let (out, count) = try Self.runIndexBench("seg_index_bench", tables) { t, start in
            "sf_table_index_seg #(.IN_W(\(t.inputFormat.width)), .IN_SIGNED(\(t.inputFormat.isSigned ? 1 : 0)), .START(\(start)), .MANT_W(\(t.segments!.mantissaBits)), .SEGMENTS(\(t.segments!.count)), .ADDR_W(\(t.addressBits)))"
        }
        var clamped = 0
        for p in 0..<count {
            for (k, t) in tables.enumerated() {
                let raw = t.inputFormat.wrapRaw(Int128(p & ((1 << t.inputFormat.width) - 1)))
                let r = t.index(raw)
                if !r.inRange { clamped += 1 }
                XCTAssertEqual(Int(out[p * tables.count + k]), r.index, "table \(k) input \(raw)")
            }
        }
        XCTAssertGreaterThan(clamped, 0, "the patterns reach both clamps")
    }

    /// Builds a module that feeds input k to an index primitive for table k (`instance` prints its name and
    /// parameters), runs every input pattern below 2^10 through Verilator and returns the addresses, pattern-major.
    static func runIndexBench(_ name: String, _ tables: [FunctionTable], instance: (FunctionTable, String) -> String) throws -> (out: [UInt32], count: Int) {
        var lines = ["`timescale 1ns / 1ps", "`default_nettype none", "module \(name) (", "    input wire clk,"]
        lines += tables.indices.map { "    input wire [\(tables[$0].inputFormat.width - 1):0] x\($0)," }
        lines += tables.indices.map { "    output wire [\(tables[$0].addressBits - 1):0] a\($0)\($0 == tables.count - 1 ? "" : ",")" }
        lines.append(");")
        lines.append("    wire sf_unused_clk = clk;")
        for (k, t) in tables.enumerated() {
            let start = VExpr.constant(t.startRaw, width: t.inputFormat.width + 1, signed: false).text
            lines.append("    \(instance(t, start)) u\(k) (.din(x\(k)), .addr(a\(k)));")
        }
        lines += ["endmodule", "`default_nettype wire"]
        let files = [(name: "\(name).v", text: lines.joined(separator: "\n") + "\n")] + (try HDLLibrary.files())
        try Bench.lint(files, top: name)
        let ports = tables.indices.map { PortSpec(name: "x\($0)", direction: .input, width: tables[$0].inputFormat.width) }
            + tables.indices.map { PortSpec(name: "a\($0)", direction: .output, width: tables[$0].addressBits) }
        let sim = try SimulatedDesign.load(try Bench.tools().build(DesignSource(files: files, top: name, ports: ports)))
        let count = 1 << 10
        var inputs: [UInt32] = []
        for p in 0..<count { for t in tables { inputs.append(UInt32(p & ((1 << t.inputFormat.width) - 1))) } }
        return (try sim.run(cycles: count, inputs: inputs), count)
    }
}
