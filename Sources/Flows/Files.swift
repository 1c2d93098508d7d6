import Foundation
import Support

/// Output folders and files of a flow: checked before work starts, written whole or not at all.
public enum Files {
    /// Creates `path` (and parents) and proves it is writable before any work is done.
    @discardableResult
    public static func prepareDirectory(_ path: String) throws(FlowError) -> URL {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            let probe = url.appendingPathComponent(".symbolforge-write-test-\(getpid())")
            try Data().write(to: probe)
            try FileManager.default.removeItem(at: probe)
        } catch {
            throw FlowError("output directory \(path) cannot be written: \(error.localizedDescription)")
        }
        return url
    }

    /// Creates the folder a file will be written into.
    public static func prepareParent(of file: String) throws(FlowError) {
        try prepareDirectory(URL(fileURLWithPath: file).deletingLastPathComponent().path)
    }

    /// Writes through a temporary file and a rename, so a reader never sees half a file.
    public static func write(_ data: Data, to path: String) throws(FlowError) {
        do { try AtomicFile.write(data, to: path) } catch { throw FlowError("cannot write \(path): \(error.reason)") }
    }

    public static func write(_ text: String, to path: String) throws(FlowError) {
        try write(Data(text.utf8), to: path)
    }

    /// The project's JSON conventions: snake-case keys, sorted, pretty-printed.
    public static func json<T: Encodable>(_ value: T) throws(FlowError) -> Data {
        let enc = JSONEncoder()
        enc.keyEncodingStrategy = .convertToSnakeCase
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { return try enc.encode(value) } catch { throw FlowError("cannot encode \(T.self): \(error)") }
    }
}
