import Datapath
import FixedPoint
import Foundation
import Support

/// A failure of the HLS C simulation flow, with what to do about it.
public enum HLSError: Error, CustomStringConvertible, Sendable {
    /// The ap_types headers are not installed where they were looked for.
    case apTypesMissing(searched: [String])
    case compilerMissing(String)
    /// g++ rejected the generated project; `output` is the compiler's own message.
    case compileFailed(command: String, output: String)
    /// The csim program failed or wrote something unexpected.
    case runFailed(command: String, status: Int32, output: String)
    case badOutput(String)
    case io(String)

    public var description: String {
        switch self {
        case .apTypesMissing(let searched):
            return """
            ap_types headers (ap_fixed.h) not found; looked in: \(searched.joined(separator: ", ")).
            Install them with Scripts/ap_types/install.sh (it runs `pip download --no-deps hls4ml==\(APTypes.version)` and unpacks \
            hls4ml/templates/vivado/ap_types into $SYMBOLFORGE_CACHE/ap_types/\(APTypes.version)/include), or set AP_TYPES_INCLUDE to a directory holding ap_fixed.h.
            """
        case .compilerMissing(let c):
            return "C++ compiler '\(c)' not found; install g++ (apt-get install g++) or set SYMBOLFORGE_CXX"
        case .compileFailed(let cmd, let out):
            return "HLS csim compilation failed:\n$ \(cmd)\n\(out)"
        case .runFailed(let cmd, let status, let out):
            return "HLS csim program exited with status \(status):\n$ \(cmd)\n\(out)"
        case .badOutput(let m): return "HLS csim output: \(m)"
        case .io(let m): return m
        }
    }
}

/// Where the open ap_types headers live.
public enum APTypes {
    /// The hls4ml release whose wheel ships the headers.
    public static let version = "1.3.0"

    /// The cache root shared with the other tools: `$SYMBOLFORGE_CACHE`, else `~/.cache/symbolforge`.
    public static func cacheRoot(_ env: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let c = env["SYMBOLFORGE_CACHE"], !c.isEmpty { return URL(fileURLWithPath: c) }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/symbolforge")
    }

    /// The include directory: `$AP_TYPES_INCLUDE`, else `<cache>/ap_types/1.3.0/include`.
    public static func includeDirectory(_ env: [String: String] = ProcessInfo.processInfo.environment) throws(HLSError) -> String {
        var searched: [String] = []
        if let e = env["AP_TYPES_INCLUDE"], !e.isEmpty {
            if FileManager.default.fileExists(atPath: e + "/ap_fixed.h") { return e }
            searched.append(e + " (AP_TYPES_INCLUDE)")
        }
        let cached = cacheRoot(env).appendingPathComponent("ap_types/\(version)/include").path
        if FileManager.default.fileExists(atPath: cached + "/ap_fixed.h") { return cached }
        searched.append(cached)
        throw .apTypesMissing(searched: searched)
    }
}

/// Compiles an HLS project's C++ with g++ (no vendor tool) and runs vectors through it.
///
/// Binaries are cached by a hash of everything that goes into them (sources, compiler, flags, the
/// headers' location), so a design that did not change is not compiled again.
public struct HLSCSim: Sendable {
    public var compiler: String
    public var flags: [String]
    public var apTypesInclude: String
    public var cacheDirectory: URL

    /// Finds the compiler and the ap_types headers; throws with install instructions when either is missing.
    public init(cacheDirectory: URL? = nil, environment env: [String: String] = ProcessInfo.processInfo.environment) throws(HLSError) {
        let cxx = env["SYMBOLFORGE_CXX"] ?? "g++"
        guard let path = ToolLookup.find(cxx, environment: env) else { throw .compilerMissing(cxx) }
        compiler = path
        flags = ["-O2", "-std=c++14"]
        apTypesInclude = try APTypes.includeDirectory(env)
        self.cacheDirectory = cacheDirectory ?? APTypes.cacheRoot(env).appendingPathComponent("hls-csim")
    }

    /// A compiled csim program.
    public struct Binary: Sendable {
        public var path: String
        public var hash: String
        public var cacheHit: Bool
        public var seconds: Double
    }

    /// The content hash that names a project's binary.
    public func hash(_ project: HLSProject) -> String {
        var h = ContentHash()
        h.add("generator", HLSEmitter().generatorVersion)
        h.add("compiler", compiler)
        h.add("flags", "\(flags)")
        h.add("ap_types", apTypesInclude)
        h.add("compiler-identity", Shell.compilerIdentity(compiler))
        for f in project.sourceFiles { h.add(f.path, f.text) }
        return h.hex
    }

    /// Compiles `project` unless a binary with the same hash exists.
    public func build(_ project: HLSProject) throws(HLSError) -> Binary {
        let key = hash(project)
        let dir = cacheDirectory.appendingPathComponent(key)
        let bin = dir.appendingPathComponent("\(project.top)_csim").path
        let fm = FileManager.default
        if fm.isExecutableFile(atPath: bin) { return Binary(path: bin, hash: key, cacheHit: true, seconds: 0) }
        let start = Date()
        // Build in a private scratch directory and rename into place, so concurrent builders never see half a tree.
        let scratch = cacheDirectory.appendingPathComponent(".tmp-\(key)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? fm.removeItem(at: scratch) }
        try write(project, to: scratch)
        let out = scratch.appendingPathComponent("\(project.top)_csim").path
        let args = flags + ["-I\(apTypesInclude)", "-I\(scratch.path)/firmware", "-o", out,
                            scratch.path + "/firmware/\(project.top).cpp", scratch.path + "/\(project.top)_test.cpp"]
        let r = try Shell.run(compiler, args)
        guard r.status == 0 else {
            throw .compileFailed(command: ([compiler] + args).joined(separator: " "), output: (r.stderr + r.stdout).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        do {
            try fm.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
            // Another process may have finished the same build first; either copy is equally good.
            if rename(scratch.path, dir.path) != 0 && !fm.isExecutableFile(atPath: bin) {
                throw HLSError.io("cannot move \(scratch.path) to \(dir.path): \(String(cString: strerror(errno)))")
            }
        } catch let e as HLSError { throw e } catch { throw .io("cannot create \(cacheDirectory.path): \(error.localizedDescription)") }
        return Binary(path: bin, hash: key, cacheHit: false, seconds: Date().timeIntervalSince(start))
    }

    /// Runs `count` vectors of raw inputs (row-major) through the compiled project; returns raw outputs row-major.
    public func run(_ binary: Binary, datapath d: Datapath, rawInputs: [Int128]) throws(HLSError) -> [Int128] {
        let nIn = d.inputs.count, nOut = d.outputs.count
        guard nIn > 0, rawInputs.count % nIn == 0 else { throw .io("raw input count \(rawInputs.count) is not a multiple of the \(nIn) inputs") }
        let count = rawInputs.count / nIn
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("symbolforge-csim-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? fm.removeItem(at: work) }
        do { try fm.createDirectory(at: work, withIntermediateDirectories: true) } catch { throw .io("cannot create \(work.path)") }
        let inPath = work.appendingPathComponent("in.dat").path
        let outPath = work.appendingPathComponent("out.dat").path
        try writeText(HLSVectors.text(rawInputs, columns: nIn), to: inPath)
        let r = try Shell.run(binary.path, [inPath, outPath, ""])
        guard r.status == 0 else { throw .runFailed(command: "\(binary.path) \(inPath) \(outPath)", status: r.status, output: r.stderr + r.stdout) }
        guard let text = try? String(contentsOfFile: outPath, encoding: .utf8) else { throw .badOutput("cannot read \(outPath)") }
        let values = try HLSVectors.parse(text, columns: nOut, source: outPath)
        guard values.count == count * nOut else {
            throw .badOutput("expected \(count) vectors of \(nOut) outputs, got \(values.count / max(nOut, 1))")
        }
        // The program prints bits as a 64-bit integer; narrower formats fit, so the values are the raw values.
        return values
    }

    /// Emits, compiles (or reuses) and runs `d` on raw inputs; returns raw outputs row-major.
    public func run(datapath d: Datapath, rawInputs: [Int128]) throws -> [Int128] {
        let project = try HLSEmitter().emit(d)
        return try run(try build(project), datapath: d, rawInputs: rawInputs)
    }

    /// One-call form with the default compiler, headers and cache.
    public static func run(datapath d: Datapath, rawInputs: [Int128]) throws -> [Int128] {
        try HLSCSim().run(datapath: d, rawInputs: rawInputs)
    }

    /// Writes every file of `project` under `dir`.
    public func write(_ project: HLSProject, to dir: URL) throws(HLSError) {
        try HLSProjectWriter.write(project, to: dir)
    }

    func writeText(_ text: String, to path: String) throws(HLSError) {
        do { try text.write(toFile: path, atomically: false, encoding: .utf8) } catch { throw .io("cannot write \(path): \(error.localizedDescription)") }
    }
}

/// Writes project files to disk.
public enum HLSProjectWriter {
    /// Writes every file of `project` under `dir`, creating folders; `tb_data/` is created even when empty.
    public static func write(_ project: HLSProject, to dir: URL) throws(HLSError) {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: dir.appendingPathComponent("tb_data"), withIntermediateDirectories: true)
            for f in project.files {
                let url = dir.appendingPathComponent(f.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try f.text.write(to: url, atomically: true, encoding: .utf8)
            }
        } catch { throw .io("cannot write the HLS project to \(dir.path): \(error.localizedDescription)") }
    }
}

/// The vector file format the testbench reads and writes: raw integers in decimal, one vector per line.
public enum HLSVectors {
    /// Formats row-major raw values, `columns` per line.
    public static func text(_ values: [Int128], columns: Int) -> String {
        var s = ""
        s.reserveCapacity(values.count * 6)
        for (i, v) in values.enumerated() {
            s += String(v)
            s += (i + 1) % columns == 0 ? "\n" : " "
        }
        return s
    }

    /// Quantizes real input values (row-major, `stride` per row, the first `d.inputs.count` used) into raw input bits.
    public static func quantize(_ d: Datapath, values: [Double], stride: Int) -> [Int128] {
        d.quantizeInputs(values, stride: stride)
    }

    /// Parses a vector file; every non-empty line must hold exactly `columns` integers.
    public static func parse(_ text: String, columns: Int, source: String) throws(HLSError) -> [Int128] {
        var out: [Int128] = []
        var lineNo = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            if line.isEmpty || line.first == "#" { continue }
            let cells = line.split(separator: " ")
            guard cells.count == columns else { throw .badOutput("\(source):\(lineNo): \(cells.count) values, expected \(columns)") }
            for c in cells {
                guard let v = Int128(c) else { throw .badOutput("\(source):\(lineNo): '\(c)' is not an integer") }
                out.append(v)
            }
        }
        return out
    }
}

/// Running external programs.
enum Shell {
    private static let identities = Mutex<[String: String]>([:])

    /// The compiler's version line, so a compiler upgrade invalidates cached binaries.
    static func compilerIdentity(_ compiler: String) -> String {
        if let v = identities.withLock({ $0[compiler] }) { return v }
        let v = (try? run(compiler, ["--version"]))?.stdout.split(separator: "\n").first.map(String.init) ?? "unknown"
        identities.withLock { $0[compiler] = v }
        return v
    }

    static func run(_ exe: String, _ args: [String]) throws(HLSError) -> ProcessOutput {
        do { return try ProcessRunner.run(exe, args) } catch { throw .io("\(error)") }
    }
}

import Synchronization
