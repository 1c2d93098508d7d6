import Foundation
import Support

/// The committed baselines: one `<design>.json` report document per design in a directory.
public struct BaselineStore: Sendable {
    public var directory: String
    public init(directory: String) { self.directory = directory }

    public func path(for design: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent("\(design).json").path
    }

    /// Every baseline, keyed by design, and the file each came from.
    ///
    /// A missing directory is an error: a mistyped `--baseline` must not turn every design into "new"
    /// and pass. An empty directory is an empty set (the place to record the first baselines).
    public func load() throws(ReportError) -> (designs: [String: DesignReport], files: [String: String]) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir) else {
            throw ReportError(file: directory, problem: "no such baseline directory; check the path, or create it (mkdir -p \(directory)) to record the first baselines with --update-baseline")
        }
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
        do { try AtomicFile.writeAll(files) } catch { throw ReportError(file: error.path, problem: "cannot be written (\(error.reason)); no file was changed") }
    }

    /// Carries out a planned update: writes every new baseline (all or none), then removes the files of
    /// the baselines the user named for removal. Every failure is thrown, none is reported as done.
    public func apply(_ update: BaselineUpdate, tools: [String: String]) throws(ReportError) {
        try write(update.write, tools: tools)
        let written = Set(update.write.map { path(for: $0.name) })
        for (design, file) in update.remove.sorted(by: { $0.key < $1.key }) where !written.contains(file) {
            do { try FileManager.default.removeItem(atPath: file) } catch {
                throw ReportError(file: file, problem: "baseline of \(design) cannot be removed (\(error.localizedDescription))")
            }
        }
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

/// What `regress --update-baseline` will change, decided before any file is touched.
///
/// A baseline is replaced only by a complete, passing measurement of the same design and recipe:
/// every absolute rule holds (built, bit-exact, latency equal to the schedule), the run measured
/// everything the baseline holds (resources, timing per family, classification), and the recipe is
/// unchanged. A baseline is removed only when the user names its design; naming it also lets a new
/// recipe or a smaller set of measurements be recorded in its place.
public struct BaselineUpdate: Sendable, Equatable {
    /// Designs whose baselines are (re)written.
    public var write: [DesignReport]
    /// Baselines to delete: design → file.
    public var remove: [String: String]

    /// Plans the update, or throws with every reason the run cannot be recorded.
    /// - Parameters:
    ///   - current: the designs this run measured.
    ///   - checks: this run's checks against the existing baselines (including build failures).
    ///   - baselineFiles: every existing baseline's file, by design.
    ///   - removing: designs the user named for removal (`--remove-baseline`).
    public static func plan(current: [DesignReport], checks: [Check], baselineFiles: [String: String], removing: [String]) throws(ReportError) -> BaselineUpdate {
        var reasons: [String] = []
        let removed = Set(removing)
        for name in removing.sorted() where baselineFiles[name] == nil {
            reasons.append("\(name): --remove-baseline names a design that has no baseline (existing: \(baselineFiles.keys.sorted().joined(separator: ", ")))")
        }
        for name in removed {
            guard let file = baselineFiles[name] else { continue }
            let sharing = baselineFiles.filter { $0.value == file && !removed.contains($0.key) }.keys.sorted()
            if !sharing.isEmpty {
                reasons.append("\(name): its baseline file \(file) also holds \(sharing.joined(separator: ", ")); split the file first")
            }
        }
        for c in checks where c.status == .fail {
            if c.kind.isAbsolute {
                reasons.append("\(c.design): \(c.metric): \(c.message)")
            } else if removed.contains(c.design) {
                continue
            } else if c.kind == .notMeasured {
                reasons.append("\(c.design): the baseline has \(c.metric) but this run did not measure it; run with the same measurements (synthesis, timing, labelled data), or pass --remove-baseline \(c.design) to drop it")
            } else if c.kind == .recipe {
                reasons.append("\(c.design): built with \(c.current ?? "?") but the baseline used \(c.baseline ?? "?"); pass --remove-baseline \(c.design) to record the new recipe in its place")
            } else if c.kind == .designExists {
                reasons.append("\(c.design): a baseline exists but no such design was built; if the design was removed on purpose pass --remove-baseline \(c.design)")
            }
        }
        if current.isEmpty && removed.isEmpty {
            reasons.append("no design was measured, so there is nothing to record")
        }
        guard reasons.isEmpty else {
            throw ReportError(file: "--update-baseline", problem: "baselines NOT updated, no file was changed:\n" + reasons.map { "  " + $0 }.joined(separator: "\n"))
        }
        return BaselineUpdate(write: current, remove: baselineFiles.filter { removed.contains($0.key) })
    }
}
