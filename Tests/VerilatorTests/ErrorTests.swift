import Foundation
import XCTest
@testable import Verilator

final class ErrorTests: VerilatorTestCase {
    /// Stops on a = 0xFF with $stop, 0xFE with $fatal and 0xFD with $finish, else echoes a.
    static let stopping = DesignSource(
        files: [(name: "stopper.v", text: Fixtures.header + """
        module stopper(input wire clk, input wire [7:0] a, output reg [7:0] y);
            always @(posedge clk) begin
                y <= a;
                if (a == 8'hff) $stop;
                if (a == 8'hfe) $fatal(1, "a reached %0d", a);
                if (a == 8'hfd) $finish;
            end
        endmodule
        """)],
        top: "stopper",
        ports: [.input("a", width: 8), .output("y", width: 8)])

    func testStopBecomesError() throws {
        let design = try SimulatedDesign.load(try toolchain.build(Self.stopping))
        XCTAssertThrowsError(try design.run(cycles: 4, inputs: [1, 2, 0xFF, 3])) { error in
            guard case let VerilatorError.simulationStopped(message) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertTrue(message.contains("$stop"), message)
            XCTAssertTrue(message.contains("stopper.v:"), message)
            XCTAssertTrue(message.contains("cycle 2"), message)
        }
        // The model is finished until restarted.
        XCTAssertThrowsError(try design.run(cycles: 1, inputs: [1]))
        try design.restart()
        XCTAssertEqual(try design.run(cycles: 2, inputs: [4, 5]), [4, 5])
    }

    func testFatalBecomesErrorWithItsMessage() throws {
        let design = try SimulatedDesign.load(try toolchain.build(Self.stopping))
        var outputs = [UInt32](repeating: 0xDEAD, count: 3)
        let inputs: [UInt32] = [9, 0xFE, 1]
        XCTAssertThrowsError(try design.run(cycles: 3, inputs: inputs, outputs: &outputs)) { error in
            guard case let VerilatorError.simulationStopped(message) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertTrue(message.contains("a reached 254"), message)
            XCTAssertTrue(message.contains("cycle 1"), message)
        }
        XCTAssertEqual(outputs[0], 9, "cycles before the stop keep their outputs")
    }

    func testFinishEndsTheRunInsteadOfExiting() throws {
        let design = try SimulatedDesign.load(try toolchain.build(Self.stopping))
        XCTAssertThrowsError(try design.run(cycles: 2, inputs: [0xFD, 0])) { error in
            guard case let VerilatorError.simulationStopped(message) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertTrue(message.contains("$finish"), message)
        }
    }

    func testMissingVerilatorSaysHowToInstall() throws {
        setenv("SYMBOLFORGE_VERILATOR", "/nonexistent/verilator", 1)
        defer { unsetenv("SYMBOLFORGE_VERILATOR") }
        XCTAssertThrowsError(try VerilatorToolchain(cacheDirectory: cache)) { error in
            guard case VerilatorError.toolMissing(tool: "verilator", _) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertTrue("\(error)".contains("apt-get install verilator"), "\(error)")
        }
    }

    func testBadVerilogReportsVerilatorStderr() throws {
        let source = DesignSource(
            files: [(name: "broken.v", text: "module broken(input wire clk, output wire y);\n assign y = ;\nendmodule\n")],
            top: "broken",
            ports: [.output("y")])
        XCTAssertThrowsError(try toolchain.build(source)) { error in
            guard case let VerilatorError.verilatorFailed(stderr) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertTrue(stderr.contains("broken.v:2"), stderr)
            XCTAssertTrue(stderr.contains("%Error"), stderr)
            XCTAssertTrue("\(error)".contains("Verilator rejected the design"))
        }
        // A failed build leaves no cache entry behind.
        let designs = cache.appendingPathComponent("verilator/designs")
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: designs.path)) ?? [], [])
    }

    func testPortListMustMatchTheVerilog() throws {
        var wrongWidth = Fixtures.dut(op: "+")
        wrongWidth.ports[0].width = 16
        XCTAssertThrowsError(try toolchain.build(wrongWidth)) { error in
            guard case let VerilatorError.portMismatch(message) = error else { return XCTFail("unexpected \(error)") }
            XCTAssertTrue(message.contains("'a'"), message)
        }
        var missing = Fixtures.dut(op: "+")
        missing.ports.removeLast()
        XCTAssertThrowsError(try toolchain.build(missing)) { error in
            guard case let VerilatorError.portMismatch(message) = error else { return XCTFail("unexpected \(error)") }
            XCTAssertTrue(message.contains("'y'"), message)
        }
        var clockListed = Fixtures.dut(op: "+")
        clockListed.ports.append(.input("clk"))
        XCTAssertThrowsError(try toolchain.build(clockListed)) { error in
            guard case VerilatorError.invalidSource = error else { return XCTFail("unexpected \(error)") }
        }
    }

    func testLoadRejectsALibraryOfAnotherDesign() throws {
        let add = try toolchain.build(Fixtures.dut(op: "+"))
        let sub = try toolchain.build(Fixtures.dut(op: "-"))
        let forged = BuiltDesign(
            hash: add.hash, libraryPath: sub.libraryPath, directory: sub.directory, cacheHit: true,
            buildSeconds: 0, top: add.top, clock: add.clock, ports: add.ports)
        XCTAssertThrowsError(try SimulatedDesign.load(forged)) { error in
            guard case VerilatorError.hashMismatch = error else { return XCTFail("unexpected \(error)") }
        }
    }
}
