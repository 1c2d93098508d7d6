import Foundation

/// Tolerances of the hardware regression. Integer hardware counts and cycles have none: any growth fails.
public struct RegressionRules: Codable, Sendable, Equatable {
    /// Largest allowed drop of classification accuracy or of a class's AUC (absolute, e.g. 0.002).
    public var maxAccuracyDrop = 0.002
    /// Largest allowed relative growth of a float-vs-fixed error (0.01 = 1 %).
    public var maxErrorGrowth = 0.01
    /// Largest allowed relative Fmax drop; place and route is noisy even at a fixed seed set.
    public var fmaxTolerance = 0.10

    public init(maxAccuracyDrop: Double = 0.002, maxErrorGrowth: Double = 0.01, fmaxTolerance: Double = 0.10) {
        self.maxAccuracyDrop = maxAccuracyDrop
        self.maxErrorGrowth = maxErrorGrowth
        self.fmaxTolerance = fmaxTolerance
    }

    /// Rules from user input: a tolerance that is NaN, infinite or negative would switch its check off
    /// (every comparison with NaN is false), so it is refused with the option's name.
    public init(validatingMaxAccuracyDrop drop: Double, maxErrorGrowth growth: Double, fmaxTolerance fmax: Double) throws(ReportError) {
        for (option, value) in [("--max-accuracy-drop", drop), ("--max-error-growth", growth), ("--fmax-tolerance", fmax)] {
            guard value.isFinite, value >= 0 else {
                throw ReportError(file: option, problem: "\(value) is not a tolerance; give a finite number of zero or more (e.g. 0.01)")
            }
        }
        self.init(maxAccuracyDrop: drop, maxErrorGrowth: growth, fmaxTolerance: fmax)
    }
}

/// One checked metric of one design.
public struct Check: Sendable, Equatable {
    /// What a check is about, so code finds checks by kind and never by their label text.
    public enum Kind: String, Sendable, Equatable {
        /// The design could not be built, simulated or synthesized.
        case build
        case mismatches
        /// Measured latency against the schedule.
        case latencySchedule
        /// No baseline yet.
        case baseline
        case recipe
        case latencyCycles
        case ii
        case resource
        case fmax
        case latencyNs
        case error
        case output
        case accuracy
        case auc
        case tableRange
        /// A baseline whose design was not built.
        case designExists
        /// The baseline has a measurement (resources, timing, classification) that this run did not make.
        case notMeasured

        /// Rules that hold whatever a baseline says; a run failing one is never recorded as a baseline.
        public var isAbsolute: Bool { self == .build || self == .mismatches || self == .latencySchedule }
    }

    public enum Status: String, Sendable {
        case pass, improved, fail
        /// A design without a baseline: recorded, never a failure.
        case new
        /// Shown for information; not compared.
        case info
    }

    public var design: String
    public var kind: Kind
    /// The label shown in tables and JUnit.
    public var metric: String
    public var baseline: String?
    public var current: String?
    public var status: Status
    /// The rule, or the reason for a failure, in words.
    public var message: String

    public init(design: String, kind: Kind, metric: String, baseline: String?, current: String?, status: Status, message: String) {
        self.design = design
        self.kind = kind
        self.metric = metric
        self.baseline = baseline
        self.current = current
        self.status = status
        self.message = message
    }

    public var changed: Bool { status == .fail || status == .new || status == .improved || (baseline != nil && baseline != current) }
}

/// Compares a run with the baselines, metric by metric.
public struct Regression: Sendable {
    public var rules: RegressionRules
    public init(rules: RegressionRules = RegressionRules()) { self.rules = rules }

    /// Every check of every design: those in `current`, and baselines whose design no longer exists.
    public func compare(current: [DesignReport], baselines: [String: DesignReport], baselineFiles: [String: String] = [:]) -> [Check] {
        var checks: [Check] = []
        for d in current { checks += compare(d, baselines[d.name]) }
        let present = Set(current.map(\.name))
        for name in baselines.keys.sorted() where !present.contains(name) {
            let file = baselineFiles[name].map { " (\($0))" } ?? ""
            checks.append(Check(design: name, kind: .designExists, metric: "design exists", baseline: "present", current: "missing", status: .fail,
                                message: "a baseline\(file) exists for design \(name), but no such design was built; delete the baseline if the design was removed on purpose"))
        }
        return checks
    }

    /// Checks for one design; without a baseline only the absolute rules apply.
    public func compare(_ d: DesignReport, _ b: DesignReport?) -> [Check] {
        var out: [Check] = []
        let name = d.name
        func add(_ kind: Check.Kind, _ metric: String, _ base: String?, _ cur: String?, _ status: Check.Status, _ message: String) {
            out.append(Check(design: name, kind: kind, metric: metric, baseline: base, current: cur, status: status, message: message))
        }

        // Absolute rules: they hold with or without a baseline.
        let mm = d.totalMismatches
        let failures = Verdict.failures(d.cosim)
        let mmFailures = failures.filter { $0.kind == .mismatches }.map(\.message)
        add(.mismatches, "bit-exact mismatches", b.map { "\($0.totalMismatches)" }, "\(mm)", mmFailures.isEmpty ? .pass : .fail,
            mmFailures.isEmpty ? "RTL equals the Swift model on every vector" : mmFailures.joined(separator: "; "))
        let lat = d.latencyCycles
        let latFailures = failures.filter { $0.kind == .latencySchedule }.map(\.message)
        add(.latencySchedule, "latency = schedule", "\(d.cosim.predictedLatencyCycles)", "\(lat)", latFailures.isEmpty ? .pass : .fail,
            latFailures.isEmpty ? "measured latency must equal the scheduled latency" : latFailures.joined(separator: "; "))

        guard let b else {
            add(.baseline, "baseline", nil, "none", .new, "no baseline yet; record one with --update-baseline")
            return out
        }
        if let r0 = b.recipe, let r1 = d.recipe, !r0.sameBuild(as: r1) {
            add(.recipe, "recipe", r0.description, r1.description, .fail,
                "the design was built differently from its baseline; re-record it with --update-baseline if that is intended")
        }

        func noGrowth(_ kind: Check.Kind, _ metric: String, _ base: Int, _ cur: Int) {
            add(kind, metric, "\(base)", "\(cur)", cur > base ? .fail : (cur < base ? .improved : .pass), "must not grow")
        }
        noGrowth(.latencyCycles, "latency (cycles)", b.latencyCycles, lat)
        noGrowth(.ii, "II", b.ii, d.ii)

        if let r0 = b.resources {
            if let r1 = d.resources {
                for ((metric, base), (_, cur)) in zip(r0.counts, r1.counts) { noGrowth(.resource, metric, base, cur) }
            } else {
                add(.notMeasured, "resources", "measured", "not measured", .fail, "the baseline has resource counts; run with synthesis")
            }
        }

        if let t0 = b.timing {
            let t1 = d.timing ?? []
            for base in t0 {
                guard let cur = t1.first(where: { $0.family == base.family }) else {
                    add(.notMeasured, "Fmax \(base.family)", fmtMHz(base.fmaxMhz), "not measured", .fail, "the baseline has timing on \(base.family); run with timing")
                    continue
                }
                let floor = base.fmaxMhz * (1 - rules.fmaxTolerance)
                add(.fmax, "Fmax \(base.family) (MHz)", fmtMHz(base.fmaxMhz), fmtMHz(cur.fmaxMhz),
                    cur.fmaxMhz < floor ? .fail : (cur.fmaxMhz > base.fmaxMhz * (1 + rules.fmaxTolerance) ? .improved : .pass),
                    "may drop at most \(pct(rules.fmaxTolerance)) (to \(fmtMHz(floor)))")
                let nsCeiling = base.latencyNs * (1 + rules.fmaxTolerance) / 1
                add(.latencyNs, "latency \(base.family) (ns)", fmtNs(base.latencyNs), fmtNs(cur.latencyNs),
                    cur.latencyNs > nsCeiling ? .fail : (cur.latencyNs < base.latencyNs / (1 + rules.fmaxTolerance) ? .improved : .pass),
                    "may grow at most \(pct(rules.fmaxTolerance))")
            }
        }

        for o in d.cosim.outputs {
            guard let bo = b.cosim.outputs.first(where: { $0.name == o.name }) else {
                add(.output, "output \(o.name)", "absent", "present", .info, "new output")
                continue
            }
            for (metric, base, cur) in [("mean |err| \(o.name)", bo.meanAbsError, o.meanAbsError), ("max |err| \(o.name)", bo.maxAbsError, o.maxAbsError)] {
                let ceiling = base * (1 + rules.maxErrorGrowth) + 1e-15
                add(.error, metric, fmtErr(base), fmtErr(cur), cur > ceiling ? .fail : (cur < base * (1 - rules.maxErrorGrowth) ? .improved : .pass),
                    "may grow at most \(pct(rules.maxErrorGrowth))")
            }
        }
        for bo in b.cosim.outputs where !d.cosim.outputs.contains(where: { $0.name == bo.name }) {
            add(.output, "output \(bo.name)", "present", "absent", .fail, "output \(bo.name) is in the baseline but no longer in the design")
        }

        if let c0 = b.classification {
            if let c1 = d.classification {
                accuracy(.accuracy, "accuracy (RTL)", c0.accuracyRtl, c1.accuracyRtl, add)
                for cls in c0.classes {
                    if let now = c1.classes.first(where: { $0.name == cls.name }) { accuracy(.auc, "AUC \(cls.name) (RTL)", cls.aucRtl, now.aucRtl, add) }
                }
            } else {
                add(.notMeasured, "accuracy (RTL)", fmtAcc(c0.accuracyRtl), "not measured", .fail, "the baseline has classification data; run with the labelled data")
            }
        }

        if let v0 = b.tableRangeViolations {
            noGrowth(.tableRange, "table range violations", v0.reduce(0, +), (d.tableRangeViolations ?? []).reduce(0, +))
        }
        return out
    }

    func accuracy(_ kind: Check.Kind, _ metric: String, _ base: Double, _ cur: Double, _ add: (Check.Kind, String, String?, String?, Check.Status, String) -> Void) {
        add(kind, metric, fmtAcc(base), fmtAcc(cur), cur < base - rules.maxAccuracyDrop - 1e-12 ? .fail : (cur > base + rules.maxAccuracyDrop ? .improved : .pass),
            "may drop at most \(fmtAcc(rules.maxAccuracyDrop))")
    }

    /// True when any check failed.
    public static func failed(_ checks: [Check]) -> Bool { checks.contains { $0.status == .fail } }

    /// A fixed-width table of the checks whose value changed, failed or are new, for a CI log.
    public static func table(_ checks: [Check], all: Bool = false) -> String {
        let rows = checks.filter { all || $0.changed }
        let header = ["design", "metric", "baseline", "current", "status"]
        let cells = rows.map { [$0.design, $0.metric, $0.baseline ?? "-", $0.current ?? "-", $0.status == .fail ? "FAIL: \($0.message)" : $0.status.rawValue] }
        var widths = header.map(\.count)
        for r in cells { for i in 0..<4 { widths[i] = max(widths[i], r[i].count) } }
        func line(_ r: [String]) -> String {
            r.enumerated().map { i, c in i < 4 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0) : c }.joined(separator: "  ")
        }
        var lines = [line(header), line(widths.map { String(repeating: "-", count: $0) } + ["------"])]
        lines += cells.map(line)
        if rows.isEmpty { lines.append("(no metric changed)") }
        let designs = Set(checks.map(\.design)).count
        let failed = checks.filter { $0.status == .fail }
        let improved = checks.filter { $0.status == .improved }.count
        let new = Set(checks.filter { $0.status == .new }.map(\.design)).count
        lines.append("")
        lines.append("\(designs) design(s), \(checks.count) check(s): \(failed.count) failed, \(improved) improved, \(new) new")
        return lines.joined(separator: "\n")
    }
}

func pct(_ x: Double) -> String { String(format: "%g %%", x * 100) }
func fmtMHz(_ x: Double) -> String { String(format: "%.1f", x) }
func fmtNs(_ x: Double) -> String { String(format: "%.2f", x) }
func fmtErr(_ x: Double) -> String { String(format: "%.4g", x) }
func fmtAcc(_ x: Double) -> String { String(format: "%.4f", x) }

/// A deterministic slice of the designs for one CI job: "K/N" takes every N-th design from the K-th.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) throws(ReportError) {
        guard count >= 1, index >= 1, index <= count else {
            throw ReportError(file: "--shard", problem: "\(index)/\(count) is not a shard; use K/N with 1 <= K <= N")
        }
        self.index = index
        self.count = count
    }

    /// Parses "K/N".
    public init(parsing s: String) throws(ReportError) {
        let parts = s.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw ReportError(file: "--shard", problem: "'\(s)' is not of the form K/N (e.g. 2/4)")
        }
        try self.init(index: k, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// The names in this shard, after sorting, so every job agrees whatever order the files were listed in.
    public func select(_ names: [String]) -> [String] {
        Array(Set(names)).sorted().enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }
}

/// Combines shard result files into one.
public enum Merge {
    /// Designs from every document; a design in two shards is an error, since the shards would disagree.
    public static func merge(_ docs: [(file: String, doc: ReportDocument)]) throws(ReportError) -> (ReportDocument, warnings: [String]) {
        var designs: [DesignReport] = []
        var seen: [String: String] = [:]
        var tools: [String: String] = [:]
        var warnings: [String] = []
        var failedPoints: [String: String] = [:]
        // Shards of different runs (other formulas, precision, seed, ...) would compare unlike with unlike.
        let recipes = docs.map { ($0.file, $0.doc.run) }
        if let (firstFile, first) = recipes.first {
            for (file, r) in recipes.dropFirst() where r != first {
                throw ReportError(file: file, problem: "comes from a different run than \(firstFile): \(r?.description ?? "no run recipe") against \(first?.description ?? "no run recipe"); merge only the shards of one regress run")
            }
        }
        for (file, doc) in docs {
            for d in doc.designs {
                if let other = seen[d.name] {
                    throw ReportError(file: file, problem: "design \(d.name) is also in \(other); each design must be in exactly one shard")
                }
                seen[d.name] = file
                designs.append(d)
            }
            for (name, why) in doc.failedPoints ?? [:] {
                if let other = seen[name] {
                    throw ReportError(file: file, problem: "point \(name) failed here but is also in \(other); each point must be in exactly one shard")
                }
                seen[name] = file
                failedPoints[name] = why
            }
            for (tool, version) in doc.tools {
                if let v = tools[tool], v != version {
                    warnings.append("\(file): \(tool) is \"\(version)\" but an earlier shard used \"\(v)\"; numbers may not be comparable")
                } else {
                    tools[tool] = version
                }
            }
        }
        designs.sort { $0.name < $1.name }
        return (ReportDocument(designs: designs, tools: tools, run: docs.first?.doc.run, failedPoints: failedPoints.isEmpty ? nil : failedPoints), warnings)
    }
}
