import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The output of one finished child process.
public struct ProcessOutput: Sendable, Equatable {
    public var status: Int32
    public var stdout: String
    /// Empty when stderr was merged into stdout.
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Throws `ProcessError.failed`, carrying the tool's stderr (or merged output), unless the status is 0.
    @discardableResult
    public func check(_ executable: String, _ arguments: [String]) throws(ProcessError) -> ProcessOutput {
        guard status == 0 else {
            throw .failed(executable: executable, arguments: arguments, status: status, stderr: stderr.isEmpty ? stdout : stderr)
        }
        return self
    }
}

/// Why a child process did not give a result.
public enum ProcessError: Error, CustomStringConvertible, Equatable {
    /// The executable could not be started (missing, not executable).
    case cannotStart(executable: String, reason: String)
    /// It ran longer than its time limit and was killed.
    case timedOut(executable: String, seconds: Double)
    /// It exited with a non-zero status.
    case failed(executable: String, arguments: [String], status: Int32, stderr: String)
    /// Scratch files for its output could not be made.
    case io(String)

    public var description: String {
        switch self {
        case .cannotStart(let e, let r): return "cannot start \(e): \(r)"
        case .timedOut(let e, let s): return "\(e) did not finish within \(s) s and was stopped"
        case .failed(let e, let a, let s, let err):
            let tail = err.split(separator: "\n", omittingEmptySubsequences: false).suffix(15).joined(separator: "\n")
            return "\(([e] + a).joined(separator: " ")) exited with status \(s):\n\(tail)"
        case .io(let m): return m
        }
    }
}

/// The one way SymbolForge runs an external program.
///
/// Output goes to files rather than pipes, so a chatty compiler can never stall against a full pipe
/// buffer, and stdin is /dev/null so a tool that waits for input fails instead of hanging.
public enum ProcessRunner {
    public struct Options: Sendable {
        /// Variables set on top of this process's environment.
        public var environment: [String: String] = [:]
        public var directory: URL?
        /// Seconds after which the process is terminated; nil waits for ever.
        public var timeout: Double?
        /// Write stderr into the same stream as stdout (as a terminal shows it).
        public var mergeStderr = false
        /// Also keep the combined output in this file (e.g. a tool log the user asked to keep).
        public var log: URL?

        public init(environment: [String: String] = [:], directory: URL? = nil, timeout: Double? = nil, mergeStderr: Bool = false, log: URL? = nil) {
            self.environment = environment
            self.directory = directory
            self.timeout = timeout
            self.mergeStderr = mergeStderr
            self.log = log
        }
    }

    /// Runs `executable` (a path, or a name looked up on PATH) to completion and returns what it printed.
    /// A non-zero exit is returned, not thrown; call `check` on the result when it is an error.
    public static func run(_ executable: String, _ arguments: [String], _ options: Options = Options()) throws(ProcessError) -> ProcessOutput {
        guard let path = ToolLookup.find(executable) else {
            throw .cannotStart(executable: executable, reason: "not found on PATH")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("symbolforge-proc-\(getpid())-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true) } catch {
            throw .io("cannot create \(scratch.path): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = options.log ?? scratch.appendingPathComponent("out")
        let errURL = scratch.appendingPathComponent("err")
        guard FileManager.default.createFile(atPath: outURL.path, contents: nil),
              FileManager.default.createFile(atPath: errURL.path, contents: nil),
              let outHandle = try? FileHandle(forWritingTo: outURL), let errHandle = try? FileHandle(forWritingTo: errURL)
        else { throw .io("cannot create output files for \(executable) in \(scratch.path)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let d = options.directory { process.currentDirectoryURL = d }
        if !options.environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(options.environment) { $1 }
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = options.mergeStderr ? outHandle : errHandle
        do { try process.run() } catch {
            try? outHandle.close()
            try? errHandle.close()
            throw .cannotStart(executable: path, reason: error.localizedDescription)
        }
        var timedOut = false
        if let limit = options.timeout {
            let deadline = Date().addingTimeInterval(limit)
            while process.isRunning {
                if Date() >= deadline {
                    timedOut = true
                    process.terminate()
                    // A process that ignores SIGTERM is killed after a grace period.
                    let grace = Date().addingTimeInterval(2)
                    while process.isRunning && Date() < grace { usleep(10_000) }
                    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                    break
                }
                usleep(2_000)
            }
        }
        process.waitUntilExit()
        try? outHandle.close()
        try? errHandle.close()
        if timedOut { throw .timedOut(executable: path, seconds: options.timeout ?? 0) }
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return ProcessOutput(status: process.terminationStatus, stdout: out, stderr: err)
    }
}
