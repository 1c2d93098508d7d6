import Foundation
import Verilator
import VerilogBackend
import XCTest

/// sf_valid_pipe: a DEPTH-cycle delay of valid, cleared by the synchronous reset.
final class ValidPipeTests: XCTestCase {
    func testDelaysValidAndClearsOnReset() throws {
        let depths = [1, 2, 3, 5]
        var text = "`timescale 1ns / 1ps\n`default_nettype none\nmodule valid_bench (\n    input wire clk,\n    input wire rst,\n    input wire din,\n"
        text += depths.map { "    output wire v\($0)" }.joined(separator: ",\n") + "\n);\n"
        for d in depths { text += "    sf_valid_pipe #(.DEPTH(\(d))) u\(d) (.clk(clk), .rst(rst), .din(din), .dout(v\(d)));\n" }
        text += "endmodule\n`default_nettype wire\n"
        let files = [(name: "valid_bench.v", text: text)] + (try HDLLibrary.files())
        try Bench.lint(files, top: "valid_bench")
        let ports = [PortSpec(name: "rst", direction: .input, width: 1), PortSpec(name: "din", direction: .input, width: 1)]
            + depths.map { PortSpec(name: "v\($0)", direction: .output, width: 1) }
        let sim = try SimulatedDesign.load(try Bench.tools().build(DesignSource(files: files, top: "valid_bench", ports: ports)))
        var rng = SystemRandomNumberGenerator()
        let cycles = 400
        var rst = [UInt32](), din = [UInt32]()
        for c in 0..<cycles {
            rst.append(c < 3 || Int.random(in: 0..<40, using: &rng) == 0 ? 1 : 0)
            din.append(UInt32.random(in: 0...1, using: &rng))
        }
        let out = try sim.run(cycles: cycles, inputs: zip(rst, din).flatMap { [$0, $1] })
        // Reference model: a shift register per depth, cleared by rst.
        for (k, d) in depths.enumerated() {
            var regs = [UInt32](repeating: 0, count: d)
            for c in 0..<cycles {
                if rst[c] == 1 { regs = regs.map { _ in 0 } } else { regs = [din[c]] + regs.dropLast() }
                XCTAssertEqual(out[c * depths.count + k], regs[d - 1], "depth \(d), cycle \(c)")
            }
        }
    }
}
