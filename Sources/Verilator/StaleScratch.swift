import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Removes scratch directories and files that killed runs left behind.
///
/// Scratch names carry the owner's process id right after their prefix (`<prefix><pid>-<unique>`).
/// An entry is stale when its owner process no longer exists and it has not been touched for
/// `deadOwnerAge`, or when it is older than `maxAge` whoever owns it (the pid may have been reused).
public enum StaleScratch {
    /// Age after which an entry whose owner is gone is removed: longer than any single build step.
    public static let deadOwnerAge: TimeInterval = 10 * 60
    /// Age after which any entry is removed.
    public static let maxAge: TimeInterval = 24 * 60 * 60

    /// Prefixes of the scratch entries SymbolForge creates in the system temporary directory.
    public static let temporaryPrefixes = ["symbolforge-proc-", "symbolforge-csim-", "symbolforge-synth-", "symbolforge-bench-", "sf-icarus-"]

    /// The owner pid encoded in `name` after `prefix`, if any.
    public static func ownerPID(_ name: String, prefix: String) -> pid_t? {
        guard name.hasPrefix(prefix) else { return nil }
        let digits = name.dropFirst(prefix.count).prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9, let pid = pid_t(digits), pid > 0 else { return nil }
        return pid
    }

    /// True when no process with `pid` exists.
    public static func isDead(_ pid: pid_t) -> Bool {
        kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Removes the stale entries of `directory` whose names start with one of `prefixes`; returns their names.
    @discardableResult
    public static func sweep(_ directory: URL, prefixes: [String], now: Date = Date()) -> [String] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory.path) else { return [] }
        var removed: [String] = []
        for name in names {
            guard let prefix = prefixes.first(where: { name.hasPrefix($0) }) else { continue }
            let url = directory.appendingPathComponent(name)
            guard let modified = (try? fm.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date else { continue }
            let age = now.timeIntervalSince(modified)
            let ownerGone = ownerPID(name, prefix: prefix).map(isDead) ?? false
            if age > maxAge || (ownerGone && age > deadOwnerAge) {
                if (try? fm.removeItem(at: url)) != nil { removed.append(name) }
            }
        }
        return removed
    }

    /// Sweeps the system temporary directory once per process.
    public static func sweepTemporaryDirectoryOnce() {
        _ = sweptTemporary
    }

    private static let sweptTemporary: Bool = {
        sweep(FileManager.default.temporaryDirectory, prefixes: temporaryPrefixes)
        return true
    }()
}
