import Support
import Foundation
import XCTest
@testable import Verilator

final class SimulationTests: VerilatorTestCase {
    func testPipelinedAdderMatchesModel() throws {
        let built = try toolchain.build(Fixtures.pipelinedAdder)
        XCTAssertFalse(built.cacheHit)
        let design = try SimulatedDesign.load(built)
        XCTAssertEqual(design.inputs.map(\.name), ["rst", "in_valid", "a", "b"])
        XCTAssertEqual(design.outputs.map(\.name), ["out_valid", "sum"])
        XCTAssertEqual(design.inputWordsPerCycle, 4)
        XCTAssertEqual(design.outputWordsPerCycle, 2)

        var rng = SplitMix64(seed: 1)
        let cycles = 1000
        var inputs = [UInt32]()
        var stimulus = [(rst: UInt32, valid: UInt32, a: UInt32, b: UInt32)]()
        for cycle in 0..<cycles {
            let rst: UInt32 = cycle < 2 ? 1 : 0
            // Upper garbage bits check that inputs are masked to the port width.
            let a = UInt32.random(in: 0...UInt32.max, using: &rng)
            let b = UInt32.random(in: 0...UInt32.max, using: &rng)
            let valid = UInt32(cycle % 3 != 0 ? 1 : 0)
            stimulus.append((rst, valid, a, b))
            inputs += [rst, valid, a, b]
        }
        let outputs = try design.run(cycles: cycles, inputs: inputs)
        XCTAssertEqual(outputs.count, cycles * 2)
        for cycle in 2..<cycles {
            let s = stimulus[cycle - 1]  // registered twice, sampled after the second edge
            let expectedSum = (s.a & 0xFFFF) + (s.b & 0xFFFF)
            XCTAssertEqual(outputs[cycle * 2 + 1], expectedSum, "sum in cycle \(cycle)")
            let expectedValid: UInt32 = stimulus[cycle].rst == 0 && stimulus[cycle - 1].rst == 0
                ? stimulus[cycle - 1].valid : 0
            XCTAssertEqual(outputs[cycle * 2], expectedValid, "out_valid in cycle \(cycle)")
        }
    }

    func testStateCarriesAcrossRunCalls() throws {
        let design = try SimulatedDesign.load(try toolchain.build(Fixtures.pipelinedAdder))
        _ = try design.run(cycles: 1, inputs: [0, 1, 5, 7])
        let out = try design.run(cycles: 1, inputs: [0, 0, 0, 0])
        XCTAssertEqual(out, [1, 12])
    }

    func testWidePortsRoundTrip() throws {
        let source = DesignSource(
            files: [(name: "wide.v", text: Fixtures.header + """
            module wide(
                input wire clk,
                input wire [99:0] pass_in, input wire [69:0] x, input wire [69:0] y, input wire [39:0] q,
                output reg [99:0] pass_out, output reg [139:0] product, output reg [69:0] low, output reg [39:0] q_out
            );
                always @(posedge clk) begin
                    pass_out <= pass_in;
                    product <= {70'd0, x} * {70'd0, y};
                    low <= x * y;
                    q_out <= q + 40'd1;
                end
            endmodule
            """)],
            top: "wide",
            ports: [.input("pass_in", width: 100), .input("x", width: 70), .input("y", width: 70), .input("q", width: 40),
                    .output("pass_out", width: 100), .output("product", width: 140), .output("low", width: 70),
                    .output("q_out", width: 40)])
        let design = try SimulatedDesign.load(try toolchain.build(source))
        XCTAssertEqual(design.inputWordsPerCycle, 4 + 3 + 3 + 2)
        XCTAssertEqual(design.outputWordsPerCycle, 4 + 5 + 3 + 2)

        var rng = SplitMix64(seed: 7)
        let cycles = 200
        var inputs = [UInt32]()
        var raw = [[UInt32]]()
        for cycle in 0..<cycles {
            var words = (0..<12).map { _ in UInt32.random(in: 0...UInt32.max, using: &rng) }
            if cycle == 0 { words = [UInt32](repeating: UInt32.max, count: 12) }  // all ones: carries and masks
            raw.append(words)
            inputs += words
        }
        let outputs = try design.run(cycles: cycles, inputs: inputs)
        for cycle in 0..<cycles {
            let w = raw[cycle]
            let pass = Words.mask(Array(w[0..<4]), width: 100)
            let x = Words.mask(Array(w[4..<7]), width: 70)
            let y = Words.mask(Array(w[7..<10]), width: 70)
            let q = Words.mask(Array(w[10..<12]), width: 40)
            let out = Array(outputs[(cycle * 14)..<(cycle * 14 + 14)])
            XCTAssertEqual(Array(out[0..<4]), pass, "pass-through, cycle \(cycle)")
            XCTAssertEqual(Array(out[4..<9]), Words.multiply(x, y, words: 5), "140-bit product, cycle \(cycle)")
            XCTAssertEqual(Array(out[9..<12]), Words.mask(Words.multiply(x, y, words: 3), width: 70), "70-bit product, cycle \(cycle)")
            let q64 = (UInt64(q[0]) | UInt64(q[1]) << 32) &+ 1
            let qNext = q64 & ((1 << 40) - 1)
            XCTAssertEqual(Array(out[12..<14]), [UInt32(truncatingIfNeeded: qNext), UInt32(qNext >> 32)], "40-bit, cycle \(cycle)")
        }
    }

    func testSameModuleNameDifferentLogicStaySeparate() throws {
        let add = try SimulatedDesign.load(try toolchain.build(Fixtures.dut(op: "+")))
        let sub = try SimulatedDesign.load(try toolchain.build(Fixtures.dut(op: "-")))
        let xor = try SimulatedDesign.load(try toolchain.build(Fixtures.dut(op: "^")))
        XCTAssertNotEqual(add.built.libraryPath, sub.built.libraryPath)
        let inputs: [UInt32] = [100, 30, 7, 9, 0xFFFF_FFFF, 2]
        // Interleave the calls so that any sharing of runtime or model state would show.
        for _ in 0..<3 {
            XCTAssertEqual(try add.run(cycles: 3, inputs: inputs), [130, 16, 1])
            XCTAssertEqual(try sub.run(cycles: 3, inputs: inputs), [70, 0xFFFF_FFFE, 0xFFFF_FFFD])
            XCTAssertEqual(try xor.run(cycles: 3, inputs: inputs), [100 ^ 30, 7 ^ 9, 0xFFFF_FFFD])
        }
    }

    func testTwoInstancesOfOneDesignAreIndependent() throws {
        let built = try toolchain.build(Fixtures.pipelinedAdder)
        let first = try SimulatedDesign.load(built)
        let second = try SimulatedDesign.load(built)
        _ = try first.run(cycles: 2, inputs: [0, 1, 1, 2, 0, 1, 3, 4])
        _ = try second.run(cycles: 2, inputs: [0, 1, 10, 20, 0, 1, 30, 40])
        XCTAssertEqual(try first.run(cycles: 1, inputs: [0, 0, 0, 0]), [1, 7])
        XCTAssertEqual(try second.run(cycles: 1, inputs: [0, 0, 0, 0]), [1, 70])
    }

    func testWrongInputCountThrows() throws {
        let design = try SimulatedDesign.load(try toolchain.build(Fixtures.pipelinedAdder))
        XCTAssertThrowsError(try design.run(cycles: 2, inputs: [1, 2, 3])) { error in
            guard case VerilatorError.inputSizeMismatch(expected: 8, got: 3) = error else {
                return XCTFail("unexpected \(error)")
            }
        }
    }
}

final class ThroughputTests: VerilatorTestCase {
    /// Not a timed assertion: prints the batched run rate so regressions are visible in logs.
    func testBatchedRunThroughput() throws {
        let design = try SimulatedDesign.load(try toolchain.build(Fixtures.pipelinedAdder))
        let cycles = 1_000_000
        var inputs = [UInt32](repeating: 0, count: cycles * design.inputWordsPerCycle)
        for cycle in 0..<cycles {
            inputs[cycle * 4 + 1] = 1
            inputs[cycle * 4 + 2] = UInt32(cycle & 0xFFFF)
            inputs[cycle * 4 + 3] = 1
        }
        var outputs = [UInt32](repeating: 0, count: cycles * design.outputWordsPerCycle)
        // Best of three: the first pass also pays for page faults and lazy binding.
        var best = Double.infinity
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            try design.run(cycles: cycles, inputs: inputs, outputs: &outputs)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        print(String(format: "batched run: %.2f M cycles/s", Double(cycles) / best / 1e6))
        XCTAssertEqual(outputs[(cycles - 1) * 2 + 1], UInt32((cycles - 2) & 0xFFFF) + 1)
    }
}

final class WidthBoundaryTests: VerilatorTestCase {
    /// Every storage class boundary (CData/SData/IData/QData/VlWide) and an offset range, passed
    /// through a register: catches wrong accessors, masks and word counts.
    func testRegisteredPassThroughAtEveryWidthBoundary() throws {
        let widths = [1, 7, 8, 9, 16, 17, 31, 32, 33, 63, 64, 65, 96, 97, 128]
        var body = ""
        var ports = [PortSpec]()
        var declarations = ["input wire clk"]
        for width in widths {
            declarations.append("input wire [\(width - 1):0] i\(width)")
            ports.append(.input("i\(width)", width: width))
        }
        for width in widths {
            declarations.append("output reg [\(width - 1):0] o\(width)")
            ports.append(.output("o\(width)", width: width))
            body += "        o\(width) <= i\(width);\n"
        }
        // An offset range: Verilator stores [8:1] from bit 0, like [7:0].
        declarations.append("input wire [8:1] offset_in")
        declarations.append("output reg [8:1] offset_out")
        ports.insert(.input("offset_in", width: 8), at: widths.count)
        ports.append(.output("offset_out", width: 8))
        body += "        offset_out <= offset_in;\n"
        let text = Fixtures.header + """
        module widths(\(declarations.joined(separator: ", ")));
            always @(posedge clk) begin
        \(body)    end
        endmodule
        """
        let source = DesignSource(files: [(name: "widths.v", text: text)], top: "widths", ports: ports)
        let design = try SimulatedDesign.load(try toolchain.build(source))
        XCTAssertEqual(design.inputWordsPerCycle, design.outputWordsPerCycle)

        var rng = SplitMix64(seed: 99)
        let cycles = 64
        let inputs = (0..<(cycles * design.inputWordsPerCycle)).map { index -> UInt32 in
            index < design.inputWordsPerCycle ? UInt32.max : UInt32.random(in: 0...UInt32.max, using: &rng)
        }
        let outputs = try design.run(cycles: cycles, inputs: inputs)
        for cycle in 0..<cycles {
            var offset = cycle * design.inputWordsPerCycle
            for port in design.inputs {
                let given = Array(inputs[offset..<(offset + port.words)])
                let seen = Array(outputs[offset..<(offset + port.words)])
                XCTAssertEqual(seen, Words.mask(given, width: port.width), "\(port.name), cycle \(cycle)")
                offset += port.words
            }
        }
    }
}

final class MemoryImageTests: VerilatorTestCase {
    /// A registered-read ROM loaded with $readmemh from a file shipped in `files`.
    func testReadmemhFindsImageThroughSourceDirectoryToken() throws {
        let image = (0..<16).map { String(format: "%02x", ($0 * 37 + 5) & 0xFF) }.joined(separator: "\n") + "\n"
        let source = DesignSource(
            files: [
                (name: "rom.v", text: Fixtures.header + """
                module rom(input wire clk, input wire [3:0] addr, output reg [7:0] data);
                    reg [7:0] mem [0:15];
                    initial $readmemh("\(DesignSource.sourceDirectoryToken)/rom.hex", mem);
                    always @(posedge clk) data <= mem[addr];
                endmodule
                """),
                (name: "rom.hex", text: image),
            ],
            top: "rom",
            ports: [.input("addr", width: 4), .output("data", width: 8)])
        let design = try SimulatedDesign.load(try toolchain.build(source))
        let outputs = try design.run(cycles: 16, inputs: (0..<16).map { UInt32(15 - $0) })
        XCTAssertEqual(outputs, (0..<16).map { UInt32(((15 - $0) * 37 + 5) & 0xFF) })
    }
}
