import Foundation
import Reporting
import Synthesis

/// Which synthesis and place-and-route runs a flow makes.
public struct SynthesisOptions: Sendable {
    /// Families to place and route on; empty counts resources only.
    public var families: [FPGAFamily]
    /// Router seeds per family; Fmax is their median.
    public var seeds: Int
    /// Keep scripts, netlists and logs here.
    public var keep: String?
    /// Seconds one place-and-route run may take (nil: no limit).
    public var routerTimeLimit: Double?

    public init(families: [FPGAFamily] = FPGAFamily.defaults, seeds: Int = 3, keep: String? = nil, routerTimeLimit: Double? = nil) {
        self.families = families
        self.seeds = seeds
        self.keep = keep
        self.routerTimeLimit = routerTimeLimit
    }

    /// Options from the command line's words: family names (empty: the defaults), seeds, and whether to route.
    public init(familyNames: [String], seeds: Int, timing: Bool, keep: String?) throws(FlowError) {
        var families = FPGAFamily.defaults
        if !timing {
            families = []
        } else if !familyNames.isEmpty {
            families = []
            for name in familyNames {
                guard let f = FPGAFamily(rawValue: name.lowercased()) else {
                    throw FlowError("unknown family '\(name)'; use one of \(FPGAFamily.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                families.append(f)
            }
        }
        self.init(families: families, seeds: seeds, keep: keep)
    }

    /// A configured synthesizer; fails before any work when an option or a tool is wrong.
    public func synthesizer(requireTools: Bool = true) throws -> Synthesizer {
        guard seeds >= 1 else { throw FlowError("--seeds must be at least 1") }
        var synth = Synthesizer()
        synth.seeds = (1...seeds).map(UInt64.init)
        synth.families = families
        if let limit = routerTimeLimit {
            guard limit > 0, limit.isFinite else { throw FlowError("the place-and-route time limit must be a positive number of seconds, not \(limit)") }
            synth.routerTimeLimit = limit
        }
        if let keep { synth.workDirectory = try Files.prepareDirectory(keep) }
        if requireTools {
            _ = try synth.tools.requireYosys()
            for f in synth.families { _ = try synth.tools.requireRouter(f) }
        }
        return synth
    }

    /// How the run is described in a run recipe.
    public var summary: String {
        families.isEmpty ? "resources" : "resources+timing:\(families.map(\.rawValue).joined(separator: ",")) seeds \(seeds)"
    }
}

extension DesignReport {
    /// Adds resource and timing figures from a synthesis run: the counts and Fmax the regression compares,
    /// without the per-type cell lists (kept in the synthesis JSON, not in reports and baselines).
    public mutating func attach(_ s: SynthesisResult) {
        var r = s.resources
        r.cells = [:]
        resources = r
        timing = s.timing.isEmpty ? nil : s.timing.map { t in
            var t = t
            t.utilization = [:]
            return t
        }
    }
}
