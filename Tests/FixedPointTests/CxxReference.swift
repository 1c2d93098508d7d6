import Foundation
import XCTest

/// Builds and runs small C++ programs against AMD/Xilinx's ap_types headers, the reference for FixedPoint.
///
/// Programs are cached by a hash of their text, the compiler version and the header path, so a second
/// test run with the same cases skips g++ entirely (template instantiation of ap_fixed dominates the cost).
enum CxxReference {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Repository root, found from this file's location (Tests/FixedPointTests/…).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var cacheRoot: URL {
        if let c = ProcessInfo.processInfo.environment["SYMBOLFORGE_CACHE"], !c.isEmpty {
            return URL(fileURLWithPath: c)
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/symbolforge")
    }

    static let howToInstall = """
        The ap_types headers (the reference for FixedPoint) are not installed.
        Install them with:  Scripts/ap_types/install.sh   (downloads hls4ml==1.3.0 with pip --no-deps and \
        unpacks hls4ml/templates/vivado/ap_types into $SYMBOLFORGE_CACHE or ~/.cache/symbolforge/ap_types/1.3.0)
        or point AP_TYPES_INCLUDE at a folder that holds ap_fixed.h.
        """

    private static let includeLock = NSLock()
    nonisolated(unsafe) private static var cachedInclude: Result<String, Failure>?

    /// The folder holding ap_fixed.h: $AP_TYPES_INCLUDE, else the install script's cache, installing if needed.
    static func includePath() throws -> String {
        includeLock.lock()
        defer { includeLock.unlock() }
        if let r = cachedInclude { return try r.get() }
        let r = locateHeaders()
        cachedInclude = r
        return try r.get()
    }

    private static func locateHeaders() -> Result<String, Failure> {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["AP_TYPES_INCLUDE"], !env.isEmpty {
            if fm.fileExists(atPath: env + "/ap_fixed.h") { return .success(env) }
            return .failure(Failure(description: "AP_TYPES_INCLUDE=\(env) has no ap_fixed.h.\n" + howToInstall))
        }
        let defaultPath = cacheRoot.appendingPathComponent("ap_types/1.3.0/include").path
        if fm.fileExists(atPath: defaultPath + "/ap_fixed.h") { return .success(defaultPath) }
        let script = repositoryRoot.appendingPathComponent("Scripts/ap_types/install.sh").path
        let run = runProcess("/bin/bash", [script])
        let printed = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").last.map(String.init) ?? ""
        if run.status == 0, fm.fileExists(atPath: printed + "/ap_fixed.h") { return .success(printed) }
        return .failure(Failure(description: "running \(script) failed (exit \(run.status)):\n\(run.stderr)\n" + howToInstall))
    }

    struct ProcessResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func runProcess(_ path: String, _ args: [String]) -> ProcessResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        do { try p.run() } catch {
            return ProcessResult(status: -1, stdout: "", stderr: "cannot start \(path): \(error)")
        }
        // Drain stderr on another thread so a chatty child cannot block on a full pipe.
        let errBox = DataBox()
        let t = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        t.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while !errBox.done { usleep(1000) }
        return ProcessResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                             stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    final class DataBox: @unchecked Sendable {
        private let lock = NSLock()
        private var _data = Data()
        private var _done = false
        var data: Data {
            get { lock.lock(); defer { lock.unlock() }; return _data }
            set { lock.lock(); _data = newValue; _done = true; lock.unlock() }
        }
        var done: Bool { lock.lock(); defer { lock.unlock() }; return _done }
    }

    static let compilerVersion: String = runProcess("/usr/bin/env", ["g++", "--version"]).stdout

    /// 64-bit FNV-1a: a stable content hash (Swift's Hasher is seeded per process).
    static func fnv1a(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(h, radix: 16)
    }

    static let flags = ["-O1", "-std=c++14", "-w"]

    /// Compiles `source` (cached) and returns the executable's path; a compile error carries g++'s message.
    static func build(_ source: String, name: String) throws -> String {
        let include = try includePath()
        let key = fnv1a(source + "\n" + compilerVersion + include + flags.joined(separator: " "))
        let dir = cacheRoot.appendingPathComponent("fixedpoint-reference")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let exe = dir.appendingPathComponent("\(name)-\(key)").path
        if FileManager.default.isExecutableFile(atPath: exe) { return exe }
        let src = dir.appendingPathComponent("\(name)-\(key).cpp").path
        try source.write(toFile: src, atomically: true, encoding: .utf8)
        let tmp = exe + ".tmp\(getpid())"
        let r = runProcess("/usr/bin/env", ["g++"] + flags + ["-I", include, src, "-o", tmp])
        guard r.status == 0 else {
            throw Failure(description: "g++ failed on \(src) (exit \(r.status)):\n" + String(r.stderr.prefix(6000)))
        }
        // Rename last, so an interrupted build never leaves a half-written binary under the cached name.
        try? FileManager.default.removeItem(atPath: exe)
        try FileManager.default.moveItem(atPath: tmp, toPath: exe)
        return exe
    }

    /// Runs a built program with an input file and returns the bytes it wrote to its output file.
    static func run(_ exe: String, input: Data = Data()) throws -> Data {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("fxref-\(UUID().uuidString)")
        let inPath = tmp.path + ".in", outPath = tmp.path + ".out"
        defer {
            try? FileManager.default.removeItem(atPath: inPath)
            try? FileManager.default.removeItem(atPath: outPath)
        }
        try input.write(to: URL(fileURLWithPath: inPath))
        let r = runProcess(exe, [inPath, outPath])
        guard r.status == 0 else {
            throw Failure(description: "\(exe) exited with \(r.status):\n\(r.stderr.prefix(4000))")
        }
        return try Data(contentsOf: URL(fileURLWithPath: outPath))
    }

    /// Builds several programs at once (one per core) and runs each; results keep the input order.
    static func buildAndRunAll(_ programs: [(name: String, source: String, input: Data)]) throws -> [Data] {
        let results = ResultsBox(count: programs.count)
        DispatchQueue.concurrentPerform(iterations: programs.count) { k in
            do {
                let exe = try build(programs[k].source, name: programs[k].name)
                results.set(k, .success(try run(exe, input: programs[k].input)))
            } catch let e as Failure {
                results.set(k, .failure(e))
            } catch {
                results.set(k, .failure(Failure(description: "\(error)")))
            }
        }
        return try results.values.map { try $0!.get() }
    }

    final class ResultsBox: @unchecked Sendable {
        private let lock = NSLock()
        private var _values: [Result<Data, Failure>?]
        init(count: Int) { _values = Array(repeating: nil, count: count) }
        func set(_ k: Int, _ v: Result<Data, Failure>) { lock.lock(); _values[k] = v; lock.unlock() }
        var values: [Result<Data, Failure>?] { lock.lock(); defer { lock.unlock() }; return _values }
    }

    /// Common C++ prelude: raw bits in and out of any ap_fixed, 64 bits at a time, so any width works.
    static let prelude = """
        #include <ap_fixed.h>
        #include <cstdio>
        #include <cstdint>
        #include <cstdlib>
        #include <vector>
        static FILE* g_out;
        static std::vector<uint64_t> g_in;
        static size_t g_pos = 0;
        static uint64_t next_word() {
          if (g_pos >= g_in.size()) { fprintf(stderr, "input exhausted\\n"); exit(3); }
          return g_in[g_pos++];
        }
        // Loads W bits (little-endian 64-bit words) into x's raw bits.
        template <class T> static void load_raw(T& x) {
          const int W = T::width;
          for (int lo = 0; lo < W; lo += 64) {
            int hi = lo + 63 < W - 1 ? lo + 63 : W - 1;
            x.range(hi, lo) = (ap_ulong)next_word();
          }
        }
        // Writes x's raw bits as ceil(W/64) words, zero-extended.
        template <class T> static void store_raw(const T& x) {
          const int W = T::width;
          for (int lo = 0; lo < W; lo += 64) {
            int hi = lo + 63 < W - 1 ? lo + 63 : W - 1;
            uint64_t w = x.range(hi, lo).to_uint64();
            if (hi - lo < 63) w &= (~0ULL) >> (63 - (hi - lo));
            fwrite(&w, 8, 1, g_out);
          }
        }
        template <class T> static void store_byte(const T& x) {
          unsigned char b = (unsigned char)(x.range(T::width - 1, 0).to_uint64());
          fputc(b, g_out);
        }
        static void run_all();
        int main(int argc, char** argv) {
          if (argc < 3) { fprintf(stderr, "usage: prog IN OUT\\n"); return 2; }
          FILE* in = fopen(argv[1], "rb");
          if (!in) { perror(argv[1]); return 2; }
          uint64_t w;
          while (fread(&w, 8, 1, in) == 1) g_in.push_back(w);
          fclose(in);
          g_out = fopen(argv[2], "wb");
          if (!g_out) { perror(argv[2]); return 2; }
          run_all();
          fclose(g_out);
          return 0;
        }

        """

    /// The C++ type spelling of a format, with every template argument (ap_fixed_base avoids the wrapper class).
    static func cxxType(_ f: FixedFormatLike) -> String {
        "ap_fixed_base<\(f.width),\(f.integerBits),\(f.isSigned),\(f.q),\(f.o),\(f.n)>"
    }
}

/// What the C++ side needs of a format (kept separate so the harness does not depend on FixedPoint).
protocol FixedFormatLike {
    var width: Int { get }
    var integerBits: Int { get }
    var isSigned: Bool { get }
    var q: String { get }
    var o: String { get }
    var n: Int { get }
}

/// Formats a bit pattern of `width` bits for failure messages.
func binary(_ v: Int128, width: Int) -> String {
    var s = ""
    for i in stride(from: width - 1, through: 0, by: -1) {
        s.append(i >= 127 ? (v < 0 ? "1" : "0") : ((v >> i) & 1 == 1 ? "1" : "0"))
    }
    return "0b" + s
}
