import Support
import Foundation
import XCTest
@testable import Verilator

/// Per-test design cache plus a runtime shared by all tests (and kept between runs, since it
/// only depends on the toolchain) so each test pays for its own designs only.
class VerilatorTestCase: XCTestCase {
    var cache: URL!
    var toolchain: VerilatorToolchain!

    static let sharedRuntime = FileManager.default.temporaryDirectory
        .appendingPathComponent("symbolforge-verilator-test-runtime")

    override func setUpWithError() throws {
        cache = FileManager.default.temporaryDirectory
            .appendingPathComponent("symbolforge-verilator-test-\(UUID().uuidString)")
        toolchain = try VerilatorToolchain(cacheDirectory: cache, runtimeDirectory: Self.sharedRuntime)
    }

    override func tearDownWithError() throws {
        // Set SYMBOLFORGE_TEST_KEEP_CACHE to inspect generated C++ and logs after a run.
        if let cache, ProcessInfo.processInfo.environment["SYMBOLFORGE_TEST_KEEP_CACHE"] == nil {
            try? FileManager.default.removeItem(at: cache)
        }
    }
}

/// Verilog texts used by several tests.
enum Fixtures {
    static let header = "`timescale 1ns/1ps\n`default_nettype none\n"

    /// Two-stage registered adder with a valid bit: out = a + b, two cycles after the inputs.
    static let pipelinedAdder = DesignSource(
        files: [(name: "adder.v", text: header + """
        module adder(
            input wire clk, input wire rst, input wire in_valid,
            input wire [15:0] a, input wire [15:0] b,
            output reg out_valid, output reg [16:0] sum
        );
            reg [15:0] a_q, b_q;
            reg v_q;
            always @(posedge clk) begin
                if (rst) begin
                    v_q <= 1'b0;
                    out_valid <= 1'b0;
                end else begin
                    v_q <= in_valid;
                    out_valid <= v_q;
                end
                a_q <= a;
                b_q <= b;
                sum <= {1'b0, a_q} + {1'b0, b_q};
            end
        endmodule
        """)],
        top: "adder",
        ports: [.input("rst"), .input("in_valid"), .input("a", width: 16), .input("b", width: 16),
                .output("out_valid"), .output("sum", width: 17)])

    /// A module named `dut` whose logic is `y = a <op> b`, registered.
    static func dut(op: String) -> DesignSource {
        DesignSource(
            files: [(name: "dut.v", text: header + """
            module dut(input wire clk, input wire [31:0] a, input wire [31:0] b, output reg [31:0] y);
                always @(posedge clk) y <= a \(op) b;
            endmodule
            """)],
            top: "dut",
            ports: [.input("a", width: 32), .input("b", width: 32), .output("y", width: 32)])
    }
}

/// Little-endian 32-bit word arithmetic for checking ports wider than 64 bits.
enum Words {
    static func mask(_ words: [UInt32], width: Int) -> [UInt32] {
        var result = words
        for index in result.indices {
            let low = index * 32
            if low >= width { result[index] = 0 } else if width - low < 32 {
                result[index] &= (UInt32(1) << UInt32(width - low)) - 1
            }
        }
        return result
    }

    /// Schoolbook product, truncated to `words` words.
    static func multiply(_ a: [UInt32], _ b: [UInt32], words: Int) -> [UInt32] {
        var product = [UInt64](repeating: 0, count: a.count + b.count + 1)
        for (i, x) in a.enumerated() {
            var carry: UInt64 = 0
            for (j, y) in b.enumerated() {
                let t = product[i + j] + UInt64(x) * UInt64(y) + carry
                product[i + j] = t & 0xFFFF_FFFF
                carry = t >> 32
            }
            var k = i + b.count
            while carry != 0 {
                let t = product[k] + carry
                product[k] = t & 0xFFFF_FFFF
                carry = t >> 32
                k += 1
            }
        }
        return (0..<words).map { UInt32(product[$0]) }
    }
}

