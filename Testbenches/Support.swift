import Foundation
import Verilator
import VerilogBackend
import XCTest

/// Shared set-up for testbenches that run real RTL: one toolchain and cache for the whole run.
enum Bench {
    static let toolchain: Result<VerilatorToolchain, Error> = Result { try VerilatorToolchain() }

    static func tools() throws -> VerilatorToolchain { try toolchain.get() }

    /// Runs a tool and returns (exit code, stdout+stderr).
    @discardableResult
    static func shell(_ args: [String], in dir: URL? = nil) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        if let dir { p.currentDirectoryURL = dir }
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Writes files into a fresh temporary directory.
    static func scratch(_ files: [(name: String, text: String)]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sf-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for f in files { try f.text.write(to: dir.appendingPathComponent(f.name), atomically: true, encoding: .utf8) }
        return dir
    }

    /// Lints with Verilator -Wall and Icarus -Wall; both must be silent.
    static func lint(_ files: [(name: String, text: String)], top: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let dir = try scratch(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let names = files.map(\.name)
        let (vrc, vout) = try shell(["verilator", "--lint-only", "-Wall", "--top-module", top] + names, in: dir)
        XCTAssertEqual(vrc, 0, "verilator lint failed:\n\(vout)", file: file, line: line)
        XCTAssertEqual(vout.trimmingCharacters(in: .whitespacesAndNewlines), "", "verilator lint warnings:\n\(vout)", file: file, line: line)
        let (irc, iout) = try shell(["iverilog", "-g2005", "-Wall", "-s", top, "-o", "/dev/null"] + names, in: dir)
        XCTAssertEqual(irc, 0, "iverilog failed:\n\(iout)", file: file, line: line)
        XCTAssertEqual(iout.trimmingCharacters(in: .whitespacesAndNewlines), "", "iverilog warnings:\n\(iout)", file: file, line: line)
    }
}
