import Foundation
import Support
import Synchronization

/// Counters of the expensive steps taken by builds in this process.
///
/// Tests use them to prove that a cache hit ran nothing.
public struct BuildStatistics: Sendable, Equatable {
    public var verilatorRuns = 0
    public var compilerRuns = 0
    public var runtimeBuilds = 0
    public var cacheHits = 0
}

/// Finds Verilator and the C++ compiler and turns `DesignSource`s into cached shared libraries.
///
/// A design is built once per content hash; the Verilator runtime (a PIC static library and a
/// precompiled `verilated.h`) once per toolchain. Concurrent builders of the same design, in
/// threads or processes, serialize on a per-hash lock file and publish with an atomic rename.
///
/// ```swift
/// let toolchain = try VerilatorToolchain()
/// let built = try toolchain.build(DesignSource(files: [("adder.v", text)], top: "adder",
///                                              ports: [.input("rst"), .input("a", width: 16), .output("y", width: 17)]))
/// let design = try SimulatedDesign.load(built)
/// let outputs = try design.run(cycles: n, inputs: words)   // outputWordsPerCycle words per cycle
/// ```
public struct VerilatorToolchain: Sendable {
    /// Bumped whenever the generated C++, the compile flags or the cache layout change, so old
    /// cache entries are never reused by a newer bridge.
    public static let generatorVersion = "symbolforge-verilator-bridge 1"

    public let verilatorPath: String
    public let compilerPath: String
    public let verilatorRoot: String
    /// First line of `verilator --version`.
    public let verilatorVersion: String
    /// First line of `<compiler> --version`.
    public let compilerVersion: String
    /// Root of the cache; entries live under `<cacheDirectory>/verilator`.
    public let cacheDirectory: URL
    /// Where the per-toolchain runtime (libverilated, precompiled header) is kept; by default
    /// inside `cacheDirectory`. Separate so that throwaway design caches can share one runtime.
    public let runtimeDirectory: URL

    private static let stats = Mutex(BuildStatistics())
    private static let versionMemo = Mutex([String: [String]]())

    /// Counters for this process since it started.
    public static var statistics: BuildStatistics { stats.withLock { $0 } }

    static func count(_ update: (inout BuildStatistics) -> Void) {
        stats.withLock { update(&$0) }
    }

    /// Locates the tools and reads their versions.
    ///
    /// - Parameters:
    ///   - cacheDirectory: where built designs are kept; defaults to `$SYMBOLFORGE_CACHE`,
    ///     else `~/.cache/symbolforge`.
    ///   - runtimeDirectory: where the Verilator runtime is built once per toolchain; defaults
    ///     to `<cacheDirectory>/verilator`.
    /// - Throws: `VerilatorError.toolMissing` when Verilator or the compiler is not installed.
    public init(cacheDirectory: URL? = nil, runtimeDirectory: URL? = nil) throws {
        let env = ProcessInfo.processInfo.environment
        guard let verilator = ToolLookup.find(env["SYMBOLFORGE_VERILATOR"] ?? "verilator") else {
            throw VerilatorError.toolMissing(
                tool: "verilator",
                howToInstall: "apt-get install verilator (Debian/Ubuntu) or brew install verilator (macOS); version 5 or newer")
        }
        guard let compiler = ToolLookup.find(env["SYMBOLFORGE_CXX"] ?? "g++") else {
            throw VerilatorError.toolMissing(tool: "g++", howToInstall: "apt-get install g++ (Debian/Ubuntu)")
        }
        verilatorPath = verilator
        compilerPath = compiler

        let key = verilator + "\u{0}" + compiler
        if let memo = Self.versionMemo.withLock({ $0[key] }) {
            (verilatorVersion, compilerVersion, verilatorRoot) = (memo[0], memo[1], memo[2])
        } else {
            let vv = try ProcessRunner.run(verilator, ["--version"])
            guard vv.status == 0 else {
                throw VerilatorError.toolFailed(command: "\(verilator) --version", output: vv.stderr + vv.stdout)
            }
            let root = try ProcessRunner.run(verilator, ["--getenv", "VERILATOR_ROOT"])
            let rootPath = root.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            guard root.status == 0, FileManager.default.fileExists(atPath: rootPath + "/include/verilated.h") else {
                throw VerilatorError.toolFailed(
                    command: "\(verilator) --getenv VERILATOR_ROOT",
                    output: "no include/verilated.h under '\(rootPath)'; set VERILATOR_ROOT to the Verilator installation\n" + root.stderr)
            }
            let cv = try ProcessRunner.run(compiler, ["--version"])
            guard cv.status == 0 else {
                throw VerilatorError.toolFailed(command: "\(compiler) --version", output: cv.stderr + cv.stdout)
            }
            let firstLine = { (s: String) in
                String(s.split(separator: "\n").first ?? "").trimmingCharacters(in: .whitespaces)
            }
            verilatorVersion = firstLine(vv.stdout)
            compilerVersion = firstLine(cv.stdout)
            verilatorRoot = rootPath
            let memo = [verilatorVersion, compilerVersion, verilatorRoot]
            Self.versionMemo.withLock { $0[key] = memo }
        }

        if let cacheDirectory {
            self.cacheDirectory = cacheDirectory
        } else if let fromEnv = env["SYMBOLFORGE_CACHE"] {
            // Set but empty is a mistake (an unset variable in a script), not a request for the default.
            guard !fromEnv.isEmpty else {
                throw VerilatorError.cacheFailed("SYMBOLFORGE_CACHE is set but empty; unset it to use ~/.cache/symbolforge")
            }
            self.cacheDirectory = URL(fileURLWithPath: fromEnv)
        } else {
            self.cacheDirectory = FileManager.default.homeDirectoryForCurrentUser
                .appendingPathComponent(".cache/symbolforge")
        }
        self.runtimeDirectory = runtimeDirectory ?? self.cacheDirectory.appendingPathComponent("verilator")
    }

    // MARK: Cache layout

    var root: URL { cacheDirectory.appendingPathComponent("verilator") }
    var locksDirectory: URL { root.appendingPathComponent("locks") }
    var scratchDirectory: URL { root.appendingPathComponent("tmp") }
    var designsDirectory: URL { root.appendingPathComponent("designs") }

    /// Flags shared by the runtime, the precompiled header and every design, so the PCH stays valid.
    ///
    /// -O2 rather than verilated.mk's -Os: measured 1.6× faster simulation. The VL_USER_* defines
    /// let the shim turn $stop/$fatal/$finish into an error return instead of abort()/exit().
    public var compileFlags: [String] {
        [
            "-std=gnu++17", "-O2", "-fPIC", "-fvisibility=hidden", "-fvisibility-inlines-hidden",
            "-faligned-new", "-fcf-protection=none", "-pthread", "-w",
            "-DVL_USER_STOP", "-DVL_USER_FATAL", "-DVL_USER_FINISH",
            "-DVM_COVERAGE=0", "-DVM_SC=0", "-DVM_TRACE=0", "-DVM_TRACE_FST=0", "-DVM_TRACE_VCD=0",
            "-I\(verilatorRoot)/include", "-I\(verilatorRoot)/include/vltstd",
        ]
    }

    /// The flags of the traced variant: the same as `compileFlags` but with tracing compiled in. Only
    /// traced builds use them, so the untraced fast path (and its cache keys) stays as it is.
    public func compileFlags(traced: Bool) -> [String] {
        guard traced else { return compileFlags }
        return compileFlags.map { flag in
            switch flag {
            case "-DVM_TRACE=0": return "-DVM_TRACE=1"
            case "-DVM_TRACE_FST=0": return "-DVM_TRACE_FST=1"
            case "-DVM_TRACE_VCD=0": return "-DVM_TRACE_VCD=1"
            default: return flag
            }
        }
    }

    /// Identifies one runtime build: tool versions, Verilator installation and flags.
    var runtimeKey: String { runtimeKey(traced: false) }

    /// The key of the untraced or the traced runtime (the traced one also holds the FST and VCD writers).
    func runtimeKey(traced: Bool) -> String {
        var input = ContentHash()
        input.add("generator", Self.generatorVersion)
        input.add("verilator", verilatorVersion)
        input.add("verilator-root", verilatorRoot)
        input.add("compiler", compilerVersion)
        input.add("compiler-path", compilerPath)
        input.add("flags", compileFlags(traced: traced).joined(separator: " "))
        return input.hex
    }

    /// The content hash of a design: its sources, interface, flags and the toolchain.
    public func hash(of source: DesignSource) -> String {
        var input = ContentHash()
        input.add("generator", Self.generatorVersion)
        input.add("abi", String(SimulatedDesign.abiVersion))
        input.add("runtime", runtimeKey(traced: source.trace != nil))
        // Added only when tracing, so every untraced design keeps the hash (and cache entry) it had.
        if let trace = source.trace { input.add("trace", trace.rawValue) }
        input.add("top", source.top)
        input.add("clock", source.clock)
        for file in source.files {
            input.add("file-name", file.name)
            input.add("file-text", file.text)
        }
        for port in source.ports {
            input.add("port", "\(port.name) \(port.direction.rawValue) \(port.width)")
        }
        for flag in source.extraFlags {
            input.add("flag", flag)
        }
        return input.hex
    }

    // MARK: Building

    /// Returns the cached library for `source`, building it first when needed.
    ///
    /// A cache hit only checks that the library file exists.
    public func build(_ source: DesignSource) throws -> BuiltDesign {
        let start = DispatchTime.now().uptimeNanoseconds
        try source.validate()
        let hash = hash(of: source)
        let prefix = "V" + hash.prefix(16)
        let entry = designsDirectory.appendingPathComponent(hash)
        let library = entry.appendingPathComponent(prefix + ".so")

        func result(cacheHit: Bool) -> BuiltDesign {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return BuiltDesign(
                hash: hash, libraryPath: library.path, directory: entry.path, cacheHit: cacheHit,
                buildSeconds: seconds, top: source.top, clock: source.clock, ports: source.ports, trace: source.trace)
        }

        if FileManager.default.fileExists(library) {
            Self.count { $0.cacheHits += 1 }
            return result(cacheHit: true)
        }
        try makeDirectories()
        let lock = try FileLock(path: locksDirectory.appendingPathComponent(hash + ".lock").path)
        defer { lock.unlock() }
        // Another thread or process may have finished it while we waited for the lock.
        if FileManager.default.fileExists(library) {
            Self.count { $0.cacheHits += 1 }
            return result(cacheHit: true)
        }

        let runtime = try ensureRuntime(traced: source.trace != nil)
        let work = scratchDirectory.appendingPathComponent("\(prefix)-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        sweepScratch()
        try compileDesign(
            source, hash: hash, prefix: prefix, runtime: runtime, in: work,
            finalSources: entry.appendingPathComponent("src"))

        // A leftover entry without a library (e.g. a partial manual copy) would block the rename.
        if FileManager.default.fileExists(entry) {
            try? FileManager.default.removeItem(at: entry)
        }
        do {
            try FileManager.default.moveItem(at: work, to: entry)
        } catch {
            throw VerilatorError.cacheFailed("cannot move \(work.path) to \(entry.path): \(error)")
        }
        return result(cacheHit: false)
    }

    private func makeDirectories() throws {
        do {
            for dir in [locksDirectory, scratchDirectory, designsDirectory] {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            }
        } catch {
            throw VerilatorError.cacheFailed("cannot create \(root.path): \(error)")
        }
    }

    /// Removes scratch directories left by killed builds: by owner process and age (see `StaleScratch`).
    private func sweepScratch() {
        // Design scratch is `V<hash16>-<pid>-<uuid>`, runtime scratch `runtime-<key16>-tmp-<pid>-<uuid>`.
        let fm = FileManager.default
        if let names = try? fm.contentsOfDirectory(atPath: scratchDirectory.path) {
            let prefixes = Set(names.compactMap { n in n.firstIndex(of: "-").map { String(n[...$0]) } })
            StaleScratch.sweep(scratchDirectory, prefixes: Array(prefixes))
        }
        if let names = try? fm.contentsOfDirectory(atPath: runtimeDirectory.path) {
            let prefixes = Set(names.compactMap { n -> String? in
                guard n.hasPrefix("runtime-"), let r = n.range(of: "-tmp-") else { return nil }
                return String(n[..<r.upperBound])
            })
            StaleScratch.sweep(runtimeDirectory, prefixes: Array(prefixes))
        }
        StaleScratch.sweepTemporaryDirectoryOnce()
    }

    /// Runs Verilator and the compiler for one design inside the scratch directory `work`.
    ///
    /// `finalSources` is where the sources will live once `work` is renamed into the cache; it
    /// replaces `DesignSource.sourceDirectoryToken` so `$readmemh` finds its files at run time.
    private func compileDesign(
        _ source: DesignSource, hash: String, prefix: String, runtime: URL, in work: URL, finalSources: URL
    ) throws {
        let fm = FileManager.default
        let sources = work.appendingPathComponent("src")
        let generated = work.appendingPathComponent("obj")
        do {
            try fm.createDirectory(at: sources, withIntermediateDirectories: true)
            for file in source.files {
                let text = file.text.replacingOccurrences(of: DesignSource.sourceDirectoryToken, with: finalSources.path)
                try text.write(to: sources.appendingPathComponent(file.name), atomically: false, encoding: .utf8)
            }
        } catch {
            throw VerilatorError.cacheFailed("cannot write sources into \(sources.path): \(error)")
        }

        var arguments = [
            "--cc", "--top-module", source.top, "--prefix", prefix,
            "-O3", "--x-assign", "fast", "--x-initial", "fast", "-Wno-fatal",
            "--Mdir", generated.path, "-I" + sources.path,
        ]
        if let trace = source.trace { arguments.append(trace.verilatorFlag) }
        arguments += source.extraFlags
        arguments += source.files.map(\.name).filter(DesignSource.isVerilogFile)
        Self.count { $0.verilatorRuns += 1 }
        let verilated = try ProcessRunner.run(verilatorPath, arguments, .init(directory: sources))
        try? (verilated.stdout + verilated.stderr).write(
            to: work.appendingPathComponent("verilator.log"), atomically: false, encoding: .utf8)
        guard verilated.status == 0 else {
            throw VerilatorError.verilatorFailed(stderr: verilated.stderr.isEmpty ? verilated.stdout : verilated.stderr)
        }

        let header = generated.appendingPathComponent(prefix + ".h")
        guard let headerText = try? String(contentsOf: header, encoding: .utf8) else {
            throw VerilatorError.verilatorFailed(stderr: "Verilator produced no \(header.lastPathComponent)\n" + verilated.stderr)
        }
        try checkPorts(VerilatedHeader.ports(in: headerText), against: source)

        let modelFiles = ((try? fm.contentsOfDirectory(atPath: generated.path)) ?? [])
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".cpp") }
            .sorted()
        let shim = ShimGenerator(source: source, hash: hash, prefix: prefix).text(includingModelFiles: modelFiles)
        let shimURL = work.appendingPathComponent("design.cpp")
        let exportsURL = work.appendingPathComponent("exports.map")
        do {
            try shim.write(to: shimURL, atomically: false, encoding: .utf8)
            // Only the sf_ entry points leave the library; everything else, including inline
            // template instances, stays local so designs cannot bind to each other's code.
            try "{ global: sf_*; local: *; };\n".write(to: exportsURL, atomically: false, encoding: .utf8)
        } catch {
            throw VerilatorError.cacheFailed("cannot write \(shimURL.path): \(error)")
        }

        let library = work.appendingPathComponent(prefix + ".so")
        var compile = compileFlags(traced: source.trace != nil)
        compile += [
            "-Winvalid-pch", "-include", runtime.appendingPathComponent("sf_pch.h").path,
            "-I" + generated.path, shimURL.path,
            "-shared", "-Wl,-z,defs", "-Wl,--version-script=" + exportsURL.path,
            "-o", library.path,
            runtime.appendingPathComponent("libsfverilated.a").path, "-latomic",
        ]
        // The FST writer compresses with zlib (zlib1g-dev, already a dependency of the data readers).
        if source.trace == .fst { compile.append("-lz") }
        Self.count { $0.compilerRuns += 1 }
        let compiled = try ProcessRunner.run(compilerPath, compile, .init(directory: work))
        try? (compiled.stdout + compiled.stderr).write(
            to: work.appendingPathComponent("compile.log"), atomically: false, encoding: .utf8)
        guard compiled.status == 0, fm.fileExists(library) else {
            throw VerilatorError.compileFailed(stderr: compiled.stderr + compiled.stdout)
        }
    }

    /// Compares Verilator's view of the top module's ports with the declared ones.
    private func checkPorts(_ found: [VerilatedHeader.Port], against source: DesignSource) throws {
        var byName = [String: VerilatedHeader.Port]()
        for port in found { byName[port.name] = port }
        guard let clock = byName.removeValue(forKey: source.clock) else {
            throw VerilatorError.portMismatch("top module '\(source.top)' has no port named '\(source.clock)' to use as the clock")
        }
        guard clock.direction == .input, clock.width == 1 else {
            throw VerilatorError.portMismatch("clock '\(source.clock)' must be a 1-bit input")
        }
        for spec in source.ports {
            guard let port = byName.removeValue(forKey: spec.name) else {
                throw VerilatorError.portMismatch("port '\(spec.name)' (\(spec.direction.rawValue) [\(spec.width) bits]) is missing from module '\(source.top)'")
            }
            guard let direction = port.direction else {
                throw VerilatorError.portMismatch("'\(spec.name)' is an inout port; only input and output ports can be driven")
            }
            if direction != spec.direction || port.width != spec.width {
                throw VerilatorError.portMismatch(
                    "port '\(spec.name)' of module '\(source.top)': expected \(spec.direction.rawValue) [\(spec.width) bits], found \(direction.rawValue) [\(port.width) bits]")
            }
        }
        if let extra = byName.keys.sorted().first {
            throw VerilatorError.portMismatch("module '\(source.top)' has port '\(extra)' that ports does not list")
        }
    }

    /// Builds the PIC Verilator runtime and precompiled header once per toolchain.
    ///
    /// - Returns: the directory holding `libsfverilated.a`, `sf_pch.h` and its `.gch`.
    func ensureRuntime(traced: Bool = false) throws -> URL {
        let flags = compileFlags(traced: traced)
        let key = String(runtimeKey(traced: traced).prefix(16))
        let directory = runtimeDirectory.appendingPathComponent("runtime-" + key)
        let marker = directory.appendingPathComponent("libsfverilated.a")
        if FileManager.default.fileExists(marker) { return directory }
        do {
            try FileManager.default.createDirectory(at: runtimeDirectory, withIntermediateDirectories: true)
        } catch {
            throw VerilatorError.cacheFailed("cannot create \(runtimeDirectory.path): \(error)")
        }
        let lock = try FileLock(path: runtimeDirectory.appendingPathComponent("runtime-\(key).lock").path)
        defer { lock.unlock() }
        if FileManager.default.fileExists(marker) { return directory }
        sweepScratch()

        // Scratch next to the destination so the final rename stays on one file system.
        let work = runtimeDirectory.appendingPathComponent("runtime-\(key)-tmp-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            // Redirecting VL_PRINTF lets the shim keep the text of $display/$fatal messages
            // for the error it reports.
            try """
            #pragma once
            int sf_vl_printf(const char* format, ...);
            #define VL_PRINTF sf_vl_printf

            """.write(to: work.appendingPathComponent("sf_config.h"), atomically: false, encoding: .utf8)
            try """
            #include "sf_config.h"
            #include "verilated.h"

            """.write(to: work.appendingPathComponent("sf_pch.h"), atomically: false, encoding: .utf8)
        } catch {
            throw VerilatorError.cacheFailed("cannot write into \(work.path): \(error)")
        }

        Self.count { $0.runtimeBuilds += 1 }
        let config = work.appendingPathComponent("sf_config.h").path
        var objects = ["verilated", "verilated_threads"]
        // The traced runtime also carries both waveform writers; verilated_fst_c.cpp includes GTKWave's fstapi.
        if traced { objects += ["verilated_fst_c", "verilated_vcd_c"] }
        let jobs: [[String]] = objects.map { o in
            flags + ["-include", config, "-c", "\(verilatorRoot)/include/\(o).cpp", "-o", "\(o).o"]
        } + [flags + ["-x", "c++-header", "sf_pch.h", "-o", "sf_pch.h.gch"]]
        let results = Mutex([Result<ProcessOutput, any Error>?](repeating: nil, count: jobs.count))
        let compiler = compilerPath
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            let outcome = Result { try ProcessRunner.run(compiler, jobs[index], .init(directory: work)) }
            results.withLock { $0[index] = outcome }
        }
        let finished = results.withLock { $0 }
        for (index, outcome) in finished.enumerated() {
            let result = try outcome!.get()
            if result.status != 0 {
                throw VerilatorError.toolFailed(
                    command: ([compiler] + jobs[index]).joined(separator: " "), output: result.stderr + result.stdout)
            }
        }
        let ar = ToolLookup.find("ar") ?? "/usr/bin/ar"
        let archived = try ProcessRunner.run(ar, ["rcs", "libsfverilated.a"] + objects.map { $0 + ".o" }, .init(directory: work))
        guard archived.status == 0 else {
            throw VerilatorError.toolFailed(command: "ar rcs libsfverilated.a", output: archived.stderr)
        }
        for object in objects {
            try? FileManager.default.removeItem(at: work.appendingPathComponent(object + ".o"))
        }
        if FileManager.default.fileExists(directory) {
            try? FileManager.default.removeItem(at: directory)
        }
        do {
            try FileManager.default.moveItem(at: work, to: directory)
        } catch {
            throw VerilatorError.cacheFailed("cannot move \(work.path) to \(directory.path): \(error)")
        }
        return directory
    }
}

/// Reads the port declarations out of a Verilator-generated model header.
enum VerilatedHeader {
    struct Port {
        var name: String
        /// nil for inout ports.
        var direction: PortDirection?
        var width: Int
    }

    /// Parses lines such as `VL_IN8(&clk,0,0);` and `VL_OUTW(&z,99,0,4);`.
    static func ports(in header: String) -> [Port] {
        var ports = [Port]()
        for rawLine in header.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("VL_"), let open = line.firstIndex(of: "("), let close = line.lastIndex(of: ")")
            else { continue }
            let macro = line[line.index(line.startIndex, offsetBy: 3)..<open]
            let direction: PortDirection?
            if macro.hasPrefix("INOUT") {
                direction = nil
            } else if macro.hasPrefix("IN") {
                direction = .input
            } else if macro.hasPrefix("OUT") {
                direction = .output
            } else {
                continue
            }
            let fields = line[line.index(after: open)..<close].split(separator: ",")
            guard fields.count >= 3, fields[0].hasPrefix("&"),
                  let msb = Int(fields[1].trimmingCharacters(in: .whitespaces)),
                  let lsb = Int(fields[2].trimmingCharacters(in: .whitespaces))
            else { continue }
            let name = String(fields[0].dropFirst()).trimmingCharacters(in: .whitespaces)
            ports.append(Port(name: name, direction: direction, width: abs(msb - lsb) + 1))
        }
        return ports
    }
}
