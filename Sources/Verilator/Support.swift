import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

extension FileManager {
    func fileExists(_ url: URL) -> Bool { fileExists(atPath: url.path) }
}
