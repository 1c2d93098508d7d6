import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Result of one finished child process.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion, collecting its output through files.
///
/// Files instead of pipes: a chatty compiler cannot deadlock against a full pipe buffer.
func runProcess(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> ProcessResult {
    let scratch = FileManager.default.temporaryDirectory
        .appendingPathComponent("symbolforge-proc-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("out")
    let errURL = scratch.appendingPathComponent("err")
    guard FileManager.default.createFile(atPath: outURL.path, contents: nil),
          FileManager.default.createFile(atPath: errURL.path, contents: nil)
    else {
        throw VerilatorError.cacheFailed("cannot create files in \(scratch.path)")
    }
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = outHandle
    process.standardError = errHandle
    try process.run()
    process.waitUntilExit()
    try? outHandle.close()
    try? errHandle.close()
    let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
    let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    return ProcessResult(status: process.terminationStatus, stdout: out, stderr: err)
}

/// Finds an executable by name on PATH (or accepts an absolute path).
func findExecutable(_ name: String) -> String? {
    if name.contains("/") {
        return FileManager.default.isExecutableFile(atPath: name) ? name : nil
    }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for dir in path.split(separator: ":") where !dir.isEmpty {
        let candidate = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// An exclusive advisory lock on a file, held until `unlock` (or process exit).
///
/// flock locks belong to the open file description, so two threads of one process that each
/// open the file exclude each other just like two processes do.
final class FileLock {
    private let fd: Int32

    init(path: String) throws {
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw VerilatorError.cacheFailed("cannot open lock file \(path): \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let message = String(cString: strerror(errno))
            close(fd)
            throw VerilatorError.cacheFailed("cannot lock \(path): \(message)")
        }
    }

    func unlock() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

/// Collects hash input as length-prefixed fields so that no two field lists collide.
struct HashInput {
    private(set) var bytes = [UInt8]()

    mutating func add(_ label: String, _ value: String) {
        for part in [label, value] {
            let utf8 = Array(part.utf8)
            var length = UInt64(utf8.count).littleEndian
            withUnsafeBytes(of: &length) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: utf8)
        }
    }
}

extension FileManager {
    func fileExists(_ url: URL) -> Bool { fileExists(atPath: url.path) }
}
