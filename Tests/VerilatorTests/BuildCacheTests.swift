import Foundation
import XCTest
@testable import Verilator

final class BuildCacheTests: VerilatorTestCase {
    func testCacheHitRunsNothing() throws {
        let first = try toolchain.build(Fixtures.dut(op: "+"))
        XCTAssertFalse(first.cacheHit)
        let before = VerilatorToolchain.statistics
        // A new toolchain value over the same cache, as a second process would have.
        let again = try VerilatorToolchain(cacheDirectory: cache, runtimeDirectory: Self.sharedRuntime)
        let second = try again.build(Fixtures.dut(op: "+"))
        let after = VerilatorToolchain.statistics
        XCTAssertTrue(second.cacheHit)
        XCTAssertEqual(second.hash, first.hash)
        XCTAssertEqual(second.libraryPath, first.libraryPath)
        XCTAssertEqual(after.verilatorRuns, before.verilatorRuns, "a cache hit must not run Verilator")
        XCTAssertEqual(after.compilerRuns, before.compilerRuns, "a cache hit must not run the compiler")
        XCTAssertLessThan(second.buildSeconds, first.buildSeconds / 10)
        print("build: \(first.buildSeconds) s, cache hit: \(second.buildSeconds) s")
        XCTAssertEqual(try SimulatedDesign.load(second).run(cycles: 1, inputs: [2, 3]), [5])
    }

    func testHashCoversEverythingThatChangesTheLibrary() throws {
        let base = Fixtures.dut(op: "+")
        var flags = base
        flags.extraFlags = ["-Wno-WIDTH"]
        var ports = base
        ports.ports[0].name = "c"
        var text = base
        text.files[0].text += "\n"
        let hashes = [base, flags, ports, text].map { toolchain.hash(of: $0) }
        XCTAssertEqual(Set(hashes).count, 4)
        XCTAssertEqual(toolchain.hash(of: base), toolchain.hash(of: Fixtures.dut(op: "+")))
    }

    func testConcurrentBuildsOfOneDesignBothSucceed() throws {
        let source = Fixtures.dut(op: "&")
        let before = VerilatorToolchain.statistics
        let results = Mutex2<[Result<BuiltDesign, any Error>]>([])
        let toolchain = self.toolchain!
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            let result = Result { try toolchain.build(source) }
            results.append(result)
        }
        let after = VerilatorToolchain.statistics
        let built = try results.values.map { try $0.get() }
        XCTAssertEqual(built.count, 2)
        XCTAssertEqual(built.filter(\.cacheHit).count, 1, "the second builder must wait and reuse the first's library")
        XCTAssertEqual(after.verilatorRuns - before.verilatorRuns, 1)
        XCTAssertEqual(built[0].libraryPath, built[1].libraryPath)
        for design in built {
            XCTAssertEqual(try SimulatedDesign.load(design).run(cycles: 1, inputs: [0b1100, 0b1010]), [0b1000])
        }
        // Nothing half-built may be left in the scratch area.
        let scratch = cache.appendingPathComponent("verilator/tmp")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.path), [])
    }

    func testNewDesignBuildIsFastOnceRuntimeExists() throws {
        _ = try toolchain.ensureRuntime()
        let built = try toolchain.build(Fixtures.dut(op: "|"))
        XCTAssertFalse(built.cacheHit)
        print("new design build with warm runtime: \(built.buildSeconds) s")
        // Generous bound: the machine is shared; about 1 s is typical.
        XCTAssertLessThan(built.buildSeconds, 15)
    }
}

/// A tiny lock-protected box for collecting results from concurrent closures.
final class Mutex2<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    var values: Value { lock.withLock { value } }
    func append<Element>(_ element: Element) where Value == [Element] {
        lock.withLock { value.append(element) }
    }
}
