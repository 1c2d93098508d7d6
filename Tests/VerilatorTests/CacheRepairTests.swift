import Foundation
import XCTest
@testable import Verilator

/// Damaged cache entries and scratch left by killed runs.
final class CacheRepairTests: VerilatorTestCase {
    func testTruncatedCachedLibraryIsDetectedAndRebuilt() throws {
        let first = try toolchain.build(Fixtures.pipelinedAdder)
        // A library cut short (a full disk, a copy interrupted): dlopen refuses it.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: first.libraryPath))
        try bytes.prefix(512).write(to: URL(fileURLWithPath: first.libraryPath))
        XCTAssertThrowsError(try SimulatedDesign.load(try toolchain.build(Fixtures.pipelinedAdder)))

        let (built, sim) = try toolchain.buildAndLoad(Fixtures.pipelinedAdder)
        XCTAssertFalse(built.cacheHit, "the damaged entry was rebuilt, not reused")
        XCTAssertEqual(built.hash, first.hash)
        // The rebuilt design simulates: the sum appears after the second edge.
        _ = try sim.run(cycles: 1, inputs: [0, 1, 1200, 34])
        XCTAssertEqual(try sim.run(cycles: 1, inputs: [0, 0, 0, 0]), [1, 1234])
        XCTAssertTrue(try toolchain.buildAndLoad(Fixtures.pipelinedAdder).0.cacheHit)
    }

    func testEmptyCacheVariableIsAnError() {
        setenv("SYMBOLFORGE_CACHE", "", 1)
        defer { unsetenv("SYMBOLFORGE_CACHE") }
        XCTAssertThrowsError(try VerilatorToolchain()) { e in
            XCTAssertTrue("\(e)".contains("SYMBOLFORGE_CACHE is set but empty"), "\(e)")
        }
    }

    func testStaleScratchIsSweptByOwnerAndAge() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sf-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let dead = deadPID()
        let me = getpid()
        let old = Date().addingTimeInterval(-2 * 3600)
        let ancient = Date().addingTimeInterval(-3 * 86_400)
        func make(_ name: String, modified: Date) throws {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: url.path)
        }
        try make("symbolforge-proc-\(dead)-a", modified: old)        // owner gone, old: removed
        try make("symbolforge-proc-\(dead)-b", modified: Date())     // owner gone, fresh: kept (may be a pid namespace)
        try make("symbolforge-proc-\(me)-c", modified: old)          // owner alive: kept
        try make("symbolforge-proc-\(me)-d", modified: ancient)      // older than a day: removed
        try make("other-\(dead)-e", modified: ancient)               // not ours: kept
        let removed = StaleScratch.sweep(dir, prefixes: ["symbolforge-proc-"]).sorted()
        XCTAssertEqual(removed, ["symbolforge-proc-\(dead)-a", "symbolforge-proc-\(me)-d"].sorted())
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(),
                       ["other-\(dead)-e", "symbolforge-proc-\(dead)-b", "symbolforge-proc-\(me)-c"].sorted())
    }

    /// A pid with no process: a child that has exited and been reaped.
    func deadPID() -> pid_t {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try? p.run()
        p.waitUntilExit()
        return p.processIdentifier
    }
}
