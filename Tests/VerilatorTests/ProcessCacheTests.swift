import Foundation
import XCTest
@testable import Verilator

/// Two separate processes building the same design into one cache: the per-hash flock and the
/// atomic rename must leave one good library that both can load.
final class ProcessCacheTests: XCTestCase {
    static let childCacheVariable = "SYMBOLFORGE_TEST_CHILD_CACHE"
    static let source = Fixtures.dut(op: "<<")

    func testConcurrentBuildsFromTwoProcesses() throws {
        #if os(Linux)
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        #else
        let executable = ProcessInfo.processInfo.arguments[0]
        #endif
        let cache = FileManager.default.temporaryDirectory
            .appendingPathComponent("symbolforge-verilator-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        // Build the runtime here first so the children race on the design, not the runtime.
        _ = try VerilatorToolchain(cacheDirectory: cache, runtimeDirectory: VerilatorTestCase.sharedRuntime).ensureRuntime()

        var children = [(Process, Pipe)]()
        for _ in 0..<2 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["VerilatorTests.ProcessCacheTests/testChildBuildsAndRuns"]
            var environment = ProcessInfo.processInfo.environment
            environment[Self.childCacheVariable] = cache.path
            process.environment = environment
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            children.append((process, pipe))
        }
        var reports = [String]()
        for (process, pipe) in children {
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, output)
            reports += output.split(separator: "\n").filter { $0.hasPrefix("CHILD ") }.map(String.init)
        }
        XCTAssertEqual(reports.count, 2, "both children must report")
        XCTAssertEqual(reports.filter { $0.contains("cacheHit=false") }.count, 1, "exactly one child builds: \(reports)")
        let designs = try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("verilator/designs").path)
        XCTAssertEqual(designs.count, 1)
    }

    /// Does the work of one child process; a no-op when run as an ordinary test.
    func testChildBuildsAndRuns() throws {
        guard let path = ProcessInfo.processInfo.environment[Self.childCacheVariable] else { return }
        let toolchain = try VerilatorToolchain(
            cacheDirectory: URL(fileURLWithPath: path), runtimeDirectory: VerilatorTestCase.sharedRuntime)
        let built = try toolchain.build(Self.source)
        let output = try SimulatedDesign.load(built).run(cycles: 2, inputs: [3, 4, 1, 31])
        XCTAssertEqual(output, [48, 0x8000_0000])
        print("CHILD cacheHit=\(built.cacheHit) seconds=\(built.buildSeconds)")
    }
}
