import Foundation
import Support
import XCTest

final class ProcessRunnerTests: XCTestCase {
    func testCapturesStdoutStderrAndStatus() throws {
        let r = try ProcessRunner.run("sh", ["-c", "echo out; echo err >&2; exit 3"])
        XCTAssertEqual(r.status, 3)
        XCTAssertEqual(r.stdout, "out\n")
        XCTAssertEqual(r.stderr, "err\n")
        XCTAssertThrowsError(try r.check("sh", ["-c"])) { e in
            guard case .failed(_, _, let status, let stderr) = e as? ProcessError else { return XCTFail("\(e)") }
            XCTAssertEqual(status, 3)
            XCTAssertEqual(stderr, "err\n")
            XCTAssertTrue("\(e)".contains("status 3") && "\(e)".contains("err"), "\(e)")
        }
    }

    func testEnvironmentDirectoryAndMergedOutput() throws {
        let dir = FileManager.default.temporaryDirectory.resolvingSymlinksInPath()
        let r = try ProcessRunner.run("sh", ["-c", "echo $SF_TEST_VALUE; pwd; echo e >&2"],
                                      .init(environment: ["SF_TEST_VALUE": "forty-two"], directory: dir, mergeStderr: true))
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout.split(separator: "\n").map(String.init), ["forty-two", dir.path, "e"])
        XCTAssertEqual(r.stderr, "")
    }

    func testLargeOutputDoesNotStall() throws {
        // Far more than a pipe buffer on both streams.
        let r = try ProcessRunner.run("sh", ["-c", "head -c 2000000 /dev/zero | tr '\\0' a; head -c 2000000 /dev/zero | tr '\\0' b >&2"])
        XCTAssertEqual(r.stdout.count, 2_000_000)
        XCTAssertEqual(r.stderr.count, 2_000_000)
    }

    func testTimeoutStopsTheProcess() {
        let start = Date()
        XCTAssertThrowsError(try ProcessRunner.run("sleep", ["30"], .init(timeout: 0.3))) { e in
            guard case .timedOut = e as? ProcessError else { return XCTFail("\(e)") }
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testMissingToolCannotStart() {
        XCTAssertThrowsError(try ProcessRunner.run("symbolforge-no-such-tool", [])) { e in
            guard case .cannotStart = e as? ProcessError else { return XCTFail("\(e)") }
        }
    }
}

final class ToolLookupTests: XCTestCase {
    func testFindsOnPathAndHonoursOverrides() throws {
        XCTAssertEqual(ToolLookup.find("sh", environment: ["PATH": "/nonexistent:/bin"]), "/bin/sh")
        XCTAssertNil(ToolLookup.find("sh", environment: ["PATH": "/nonexistent"]))
        XCTAssertEqual(try ToolLookup.require(["sh"], override: "SF_SH", hint: "apt-get install dash", environment: ["PATH": "/bin", "SF_SH": "/bin/sh"]), "/bin/sh")
        XCTAssertThrowsError(try ToolLookup.require(["sh"], override: "SF_SH", hint: "x", environment: ["PATH": "/bin", "SF_SH": "/nope/sh"])) { e in
            XCTAssertTrue("\(e)".contains("SF_SH=/nope/sh"), "\(e)")
        }
        XCTAssertThrowsError(try ToolLookup.require(["no-such-tool-x"], hint: "apt-get install no-such-tool-x", environment: ["PATH": "/bin"])) { e in
            XCTAssertTrue("\(e)".contains("Install it: apt-get install no-such-tool-x"), "\(e)")
        }
    }
}

final class ContentHashTests: XCTestCase {
    func testKnownDigestAndFieldBoundaries() {
        XCTAssertEqual(ContentHash.sha256(Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertNotEqual(ContentHash.of([("k", "ab"), ("k", "c")]), ContentHash.of([("k", "a"), ("k", "bc")]))
        XCTAssertEqual(ContentHash.of([("k", "ab")]), ContentHash.of([("k", "ab")]))
        XCTAssertEqual(ContentHash.of([("k", "ab")]).count, 64)
    }
}

final class AtomicFileTests: XCTestCase {
    func testWritesAllOrNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sf-atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("sub/a.txt").path
        try AtomicFile.write(Data("one".utf8), to: a)
        XCTAssertEqual(try String(contentsOfFile: a, encoding: .utf8), "one")
        // A directory where the second file's staging copy would go makes the set fail before any rename.
        let b = dir.appendingPathComponent("b.txt")
        try FileManager.default.createDirectory(at: AtomicFile.temporary(for: b).appendingPathComponent("x"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try AtomicFile.writeAll([(a, Data("two".utf8)), (b.path, Data("b".utf8))])) { e in
            XCTAssertTrue("\(e)".contains("b.txt") && "\(e)".contains("no file was changed"), "\(e)")
        }
        XCTAssertEqual(try String(contentsOfFile: a, encoding: .utf8), "one")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("sub").path), ["a.txt"])
    }
}

final class SplitMix64Tests: XCTestCase {
    func testReferenceSequence() {
        // SplitMix64 from seed 0 (the reference implementation's first outputs).
        var g = SplitMix64(seed: 0)
        XCTAssertEqual([g.next(), g.next(), g.next()], [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    func testNormalSamplesAreStandardAndReplayable() {
        var g = SplitMix64(seed: 7), h = SplitMix64(seed: 7)
        let xs = (0..<20_000).map { _ in g.nextNormal() }
        XCTAssertEqual(xs, (0..<20_000).map { _ in h.nextNormal() })
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count)
        XCTAssertEqual(mean, 0, accuracy: 0.03)
        XCTAssertEqual(variance, 1, accuracy: 0.05)
        var u = SplitMix64(seed: 7)
        let ys = (0..<20_000).map { _ in u.nextNormalUnpaired() }
        XCTAssertEqual(ys.reduce(0, +) / Double(ys.count), 0, accuracy: 0.03)
    }

    func testPermutationIsAPermutation() {
        let p = SplitMix64.permutation(100, seed: 3)
        XCTAssertEqual(p.sorted(), Array(0..<100))
        XCTAssertEqual(p, SplitMix64.permutation(100, seed: 3))
        XCTAssertNotEqual(p, Array(0..<100))
    }
}
