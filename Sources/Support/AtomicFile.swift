import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing files so that a reader sees the old file or the new one, never half of one.
public enum AtomicFile {
    /// A failed write, naming the file; no file was changed.
    public struct WriteError: Error, CustomStringConvertible, Equatable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot be written (\(reason)); no file was changed" }
    }

    /// Writes `data` to a temporary file beside `path` and renames it into place (creating parent folders).
    public static func write(_ data: Data, to path: String) throws(WriteError) {
        try writeAll([(path, data)])
    }

    /// Writes several files so that none is replaced unless every one of them could be written first.
    public static func writeAll(_ files: [(path: String, data: Data)]) throws(WriteError) {
        var staged: [(tmp: URL, url: URL)] = []
        func discard() { for s in staged { try? FileManager.default.removeItem(at: s.tmp) } }
        for f in files {
            let url = URL(fileURLWithPath: f.path)
            let tmp = temporary(for: url)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try f.data.write(to: tmp)
            } catch {
                discard()
                try? FileManager.default.removeItem(at: tmp)
                throw WriteError(path: f.path, reason: error.localizedDescription)
            }
            staged.append((tmp, url))
        }
        for (i, s) in staged.enumerated() {
            // rename(2) replaces the destination atomically.
            guard rename(s.tmp.path, s.url.path) == 0 else {
                let reason = String(cString: strerror(errno))
                for r in staged[i...] { try? FileManager.default.removeItem(at: r.tmp) }
                throw WriteError(path: s.url.path, reason: reason)
            }
        }
    }

    /// The staging name: hidden, beside the target (same file system, so rename is atomic), unique per process.
    public static func temporary(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    }
}
