import Foundation
import XCTest

/// Runs the real `symbolforge` binary on bad input, in the style of Verilator's `_bad` tests: each
/// kind of bad input must exit non-zero without a signal, print the message recorded in
/// `Expected/<name>.txt`, and leave every file it was given, and the folder around them, unchanged.
///
/// All cases run once, concurrently, the first time any test asks for a result; each test then checks
/// its own. Re-record the expected messages with `SYMBOLFORGE_RECORD=1`.
enum Harness {
    struct Outcome: Sendable {
        var status: Int32
        var signaled: Bool
        var stdout: String
        var stderr: String
        var changes: [String]
        var sandbox: String
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static var expectedDirectory: URL { root.appendingPathComponent("Expected") }
    static var recording: Bool { ProcessInfo.processInfo.environment["SYMBOLFORGE_RECORD"] == "1" }

    static var binary: URL {
        if let p = ProcessInfo.processInfo.environment["SYMBOLFORGE_BIN"] { return URL(fileURLWithPath: p) }
        // The test bundle sits next to the products of the same build.
        for base in [Bundle.main.bundleURL, Bundle(for: Marker.self).bundleURL] {
            for dir in [base, base.deletingLastPathComponent()] {
                let candidate = dir.appendingPathComponent("symbolforge")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/symbolforge")
    }

    final class Marker {}

    /// Every case's outcome, computed once.
    static let outcomes: [String: Outcome] = {
        let results = ResultBox(count: badInputs.count)
        DispatchQueue.concurrentPerform(iterations: badInputs.count) { i in
            results.set(i, Result { try run(badInputs[i]) })
        }
        var out: [String: Outcome] = [:]
        for (i, c) in badInputs.enumerated() {
            switch results.get(i) {
            case .success(let o): out[c.name] = o
            case .failure(let e): out[c.name] = Outcome(status: -1, signaled: false, stdout: "", stderr: "harness failure: \(e)", changes: [], sandbox: "")
            }
        }
        return out
    }()

    final class ResultBox: @unchecked Sendable {
        private var items: [Result<Outcome, any Error>?]
        private let lock = NSLock()
        init(count: Int) { items = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ r: Result<Outcome, any Error>) { lock.lock(); items[i] = r; lock.unlock() }
        func get(_ i: Int) -> Result<Outcome, any Error> { lock.lock(); defer { lock.unlock() }; return items[i]! }
    }

    static func materialize(_ c: BadInput, in dir: URL) throws {
        let fm = FileManager.default
        for (path, content) in c.files.sorted(by: { $0.key < $1.key }) {
            let url = dir.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            switch content {
            case .text(let s): try Data(s.utf8).write(to: url)
            case .bytes(let b): try Data(b).write(to: url)
            case .directory: try fm.createDirectory(at: url, withIntermediateDirectories: true)
            case .fixture(let spec): try fixture(spec).write(to: url)
            }
        }
    }

    /// A fixture file, optionally damaged: `name:inputs` sets an absurd input count, `name:parameters`
    /// drops a parameter.
    static func fixture(_ spec: String) throws -> Data {
        let parts = spec.split(separator: ":").map(String.init)
        let data = try Data(contentsOf: root.appendingPathComponent("Fixtures").appendingPathComponent(parts[0]))
        guard parts.count > 1 else { return data }
        var obj = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        switch parts[1] {
        case "inputs":
            var arch = obj["architecture"] as! [String: Any]
            arch["inputs"] = 1_000_000_000_000
            obj["architecture"] = arch
        case "parameters":
            obj["parameters"] = Array((obj["parameters"] as! [Any]).dropLast())
        default: fatalError("unknown fixture damage \(parts[1])")
        }
        return try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])
    }

    static func run(_ c: BadInput) throws -> Outcome {
        let fm = FileManager.default
        let sandbox = fm.temporaryDirectory.appendingPathComponent("sf-bad-\(c.name)-\(UUID().uuidString)")
        try fm.createDirectory(at: sandbox, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: sandbox) }
        try materialize(c, in: sandbox)
        let before = try snapshot(sandbox)

        let p = Process()
        p.executableURL = binary
        p.arguments = c.args
        p.currentDirectoryURL = sandbox
        var env = ProcessInfo.processInfo.environment
        // A cache inside the sandbox: creating it would show up as a change.
        env["SYMBOLFORGE_CACHE"] = sandbox.appendingPathComponent("cache").path
        env.removeValue(forKey: "SYMBOLFORGE_RECORD")
        for (k, v) in c.env { env[k] = v }
        p.environment = env
        // Output through files: a chatty failure cannot block on a full pipe.
        let outURL = fm.temporaryDirectory.appendingPathComponent("sf-bad-\(UUID().uuidString).out")
        let errURL = fm.temporaryDirectory.appendingPathComponent("sf-bad-\(UUID().uuidString).err")
        fm.createFile(atPath: outURL.path, contents: nil)
        fm.createFile(atPath: errURL.path, contents: nil)
        defer { try? fm.removeItem(at: outURL); try? fm.removeItem(at: errURL) }
        let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
        p.standardOutput = outHandle
        p.standardError = errHandle
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try? outHandle.close()
        try? errHandle.close()
        let after = try snapshot(sandbox)
        var changes: [String] = []
        for (k, v) in after where before[k] != v {
            if before[k] == nil, c.mayCreate.contains(where: { k == $0 || k.hasPrefix($0 + "/") }) { continue }
            changes.append(before[k] == nil ? "created \(k)" : "changed \(k)")
        }
        for k in before.keys where after[k] == nil { changes.append("removed \(k)") }
        return Outcome(
            status: p.terminationStatus, signaled: p.terminationReason == .uncaughtSignal,
            stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
            stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self),
            changes: changes.sorted(), sandbox: sandbox.path)
    }

    /// Relative path → content hash (or "dir") of everything under `dir`.
    static func snapshot(_ dir: URL) throws -> [String: String] {
        var out: [String: String] = [:]
        let fm = FileManager.default
        guard let e = fm.enumerator(at: dir, includingPropertiesForKeys: [.isDirectoryKey]) else { return out }
        for case let url as URL in e {
            let rel = String(url.path.dropFirst(dir.path.count + 1))
            if (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
                out[rel] = "dir"
            } else {
                var h = Hasher()
                h.combine((try? Data(contentsOf: url)) ?? Data())
                out[rel] = String(h.finalize())
            }
        }
        return out
    }

    /// The text compared with the expected file: the command, exit status and both streams, with the
    /// sandbox path replaced and ArgumentParser's usage lines (which follow the option list) dropped.
    static func transcript(_ c: BadInput, _ o: Outcome) -> String {
        func clean(_ s: String) -> String {
            var lines: [String] = []
            for line in s.replacingOccurrences(of: o.sandbox, with: "$SANDBOX").split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("Usage: ") || line.hasPrefix("  See '") || line.hasPrefix("Help: ") { break }
                lines.append(line.count > 300 ? String(line.prefix(300)) + "…" : String(line))
            }
            while lines.last?.isEmpty == true { lines.removeLast() }
            return lines.joined(separator: "\n")
        }
        let shownArgs = c.args.map { $0.count > 60 ? String($0.prefix(60)) + "…" : $0 }
            .map { $0.contains(" ") || $0.isEmpty ? "'\($0)'" : $0 }
        let env = c.env.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)' " }.joined()
        return """
        $ \(env)symbolforge \(shownArgs.joined(separator: " "))
        exit \(o.status)
        --- stderr
        \(clean(o.stderr))
        --- stdout
        \(clean(o.stdout))

        """
    }

    /// Checks one case; records its expected file instead when recording.
    static func check(_ name: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let c = badInputs.first(where: { $0.name == name }) else { return XCTFail("no case \(name)", file: file, line: line) }
        guard let o = outcomes[name] else { return XCTFail("case \(name) did not run", file: file, line: line) }
        XCTAssertFalse(o.signaled, "\(name): killed by signal \(o.status)\n\(o.stderr)", file: file, line: line)
        XCTAssertNotEqual(o.status, 0, "\(name): bad input accepted\n\(o.stdout)", file: file, line: line)
        XCTAssertEqual(o.changes, [], "\(name): bad input wrote or changed files", file: file, line: line)
        XCTAssertFalse(o.stderr.isEmpty, "\(name): no message", file: file, line: line)
        let text = transcript(c, o)
        let url = expectedDirectory.appendingPathComponent("\(name).txt")
        if recording {
            try? FileManager.default.createDirectory(at: expectedDirectory, withIntermediateDirectories: true)
            try? Data(text.utf8).write(to: url)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return XCTFail("\(name): no expected file \(url.path); record it with SYMBOLFORGE_RECORD=1", file: file, line: line)
        }
        XCTAssertEqual(text, expected, "\(name): message differs from Expected/\(name).txt (re-record with SYMBOLFORGE_RECORD=1 if intended)", file: file, line: line)
    }
}
