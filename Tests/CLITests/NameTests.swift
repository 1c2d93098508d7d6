import Foundation
import XCTest

/// Names that reach Verilog, C++ and Tcl, checked by the tools themselves on the emitted files.
extension CLITests {
    func tool(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    func runTool(_ path: String, _ args: [String], in dir: URL) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.currentDirectoryURL = dir
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, text)
    }

    /// A formula file named after a Verilog keyword becomes a design with a usable name, which Verilator lints clean.
    func testKeywordFileNameGivesALintCleanModule() throws {
        let verilator = try XCTUnwrap(tool("verilator"), "verilator is needed for this test (Scripts/bootstrap.sh)")
        let dir = try temp()
        let f = dir.appendingPathComponent("module.txt")
        try "y: x0*x1 + 3\nz: x1 - x0\n".write(to: f, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("v")
        let r = try run(["emit", "verilog", f.path, "--out", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let top = out.appendingPathComponent("module_design.v")
        XCTAssertTrue(FileManager.default.fileExists(atPath: top.path), r.stdout)
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".v") }.sorted()
        let (status, text) = try runTool(verilator, ["--lint-only", "-Wall", "--top-module", "module_design"] + files, in: out)
        XCTAssertEqual(status, 0, text)
    }

    /// The same file name through the HLS project: the C++ compiles (syntax) and build_prj.tcl holds the design name.
    func testKeywordFileNameGivesCompilableHLS() throws {
        let gxx = try XCTUnwrap(tool("g++"))
        let cache = ProcessInfo.processInfo.environment["SYMBOLFORGE_CACHE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/symbolforge").path
        let include = ProcessInfo.processInfo.environment["AP_TYPES_INCLUDE"] ?? "\(cache)/ap_types/1.3.0/include"
        guard FileManager.default.fileExists(atPath: include + "/ap_fixed.h") else {
            throw XCTSkip("ap_types headers not installed (Scripts/ap_types/install.sh)")
        }
        let dir = try temp()
        let f = dir.appendingPathComponent("int.txt")
        try "y: x0*x1 + 3\n".write(to: f, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("hls")
        let r = try run(["emit", "hls", f.path, "--out", out.path, "--vectors", "4"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let cpp = out.appendingPathComponent("firmware/int_design.cpp")
        XCTAssertTrue(FileManager.default.fileExists(atPath: cpp.path), r.stdout)
        let (status, text) = try runTool(gxx, ["-std=c++14", "-fsyntax-only", "-I", include, "-I", "firmware", "firmware/int_design.cpp", "int_design_test.cpp"], in: out)
        XCTAssertEqual(status, 0, text)
        let tcl = try String(contentsOf: out.appendingPathComponent("build_prj.tcl"), encoding: .utf8)
        XCTAssertTrue(tcl.contains("set_top int_design"), tcl)
    }
}
