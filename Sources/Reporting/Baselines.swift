import Foundation

/// The committed baselines: one `<design>.json` report document per design in a directory.
public struct BaselineStore: Sendable {
    public var directory: String
    public init(directory: String) { self.directory = directory }

    public func path(for design: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent("\(design).json").path
    }

    /// Every baseline, keyed by design, and the file each came from. A missing directory is an empty set.
    public func load() throws(ReportError) -> (designs: [String: DesignReport], files: [String: String]) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir) else { return ([:], [:]) }
        guard isDir.boolValue else { throw ReportError(file: directory, problem: "is not a directory of baselines") }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw ReportError(file: directory, problem: "cannot be listed (\(error.localizedDescription))")
        }
        var designs: [String: DesignReport] = [:]
        var files: [String: String] = [:]
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let file = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            let doc = try ResultsFile.load(file)
            for d in doc.designs {
                if let other = files[d.name] {
                    throw ReportError(file: file, problem: "holds a baseline for design \(d.name), which \(other) also holds; keep one")
                }
                designs[d.name] = d
                files[d.name] = file
            }
        }
        return (designs, files)
    }

    /// Rewrites the baselines of `designs`, all or none: every file is staged before any is replaced.
    public func write(_ designs: [DesignReport], tools: [String: String]) throws(ReportError) {
        var files: [(path: String, data: Data)] = []
        for d in designs {
            let doc = ReportDocument(designs: [Self.stripped(d)], tools: tools)
            do { files.append((path(for: d.name), try ResultsFile.encoder().encode(doc))) } catch {
                throw ReportError(file: path(for: d.name), problem: "cannot encode: \(error)")
            }
        }
        try AtomicWriter.writeAll(files)
    }

    /// A baseline without the numbers that change from machine to machine, so re-recording on another
    /// machine gives the same file when the hardware did not change.
    public static func stripped(_ d: DesignReport) -> DesignReport {
        var d = d
        d.cosim.cyclesPerSecond = 0
        d.cosim.build.hash = ""
        d.cosim.build.cacheHit = false
        d.cosim.build.seconds = 0
        for i in d.cosim.outputs.indices { d.cosim.outputs[i].cyclesPerSecond = 0 }
        return d
    }
}
