import Foundation

/// How good a design point is, by the measure its exploration scores every point with.
public enum QualityMetric: String, Codable, Sendable, CaseIterable {
    /// Classification accuracy of the RTL on labelled rows.
    case accuracy
    /// Argmax agreement of the RTL with the float model (several outputs, no labels).
    case agreement
    /// Largest |RTL − float| over every output (one output, no labels).
    case maxAbsError = "max_abs_error"

    public var higherIsBetter: Bool { self != .maxAbsError }
    public var label: String {
        switch self {
        case .accuracy: return "accuracy (RTL)"
        case .agreement: return "agreement with float (RTL)"
        case .maxAbsError: return "max |RTL − float|"
        }
    }
}

/// What one point of a sweep or front was built from, and how good it is; attached to its design report.
public struct ExplorationPoint: Codable, Sendable, Equatable {
    /// "sweep" or "front".
    public var exploration: String
    /// Where the formulas came from ("jets_pysr.txt", "hall_of_fame.csv c7", "SymbolNet 12:3 weight 0.95").
    public var source: String
    /// Node count of the formulas (sum over outputs).
    public var complexity: Int
    /// PySR's float loss per output, when the point came from a hall of fame.
    public var pysrLoss: [Double]?
    public var plan: String
    public var maxError: Double?
    public var minAgreement: Double?
    /// Entries per function table (nil: the plan's default).
    public var tableEntries: Int?
    public var clockNs: Double
    public var quality: QualityMetric
    public var value: Double
    /// The float model's value of the same measure (accuracy of the float formulas; nil when not applicable).
    public var floatValue: Double?
    /// Accuracy of the reference network on the same rows, when one was trained.
    public var referenceAccuracy: Double?

    public init(exploration: String, source: String, complexity: Int, plan: String, clockNs: Double, quality: QualityMetric, value: Double) {
        self.exploration = exploration
        self.source = source
        self.complexity = complexity
        self.plan = plan
        self.clockNs = clockNs
        self.quality = quality
        self.value = value
    }

    /// `value / referenceAccuracy` for accuracy points with a reference.
    public var relativeToReference: Double? {
        guard quality == .accuracy, let r = referenceAccuracy, r > 0 else { return nil }
        return value / r
    }
}

/// The Pareto front of an exploration: quality against latency, LUTs and DSPs, over every point built.
public struct ParetoFront: Codable, Sendable, Equatable {
    public static let schema = "symbolforge.front/1"
    public var schema = ParetoFront.schema
    public var quality: QualityMetric
    /// The other objectives (only those measured for every point), all smaller-is-better: "pysr_loss" (PySR's
    /// float loss summed over outputs, for points from a hall of fame), "latency_ns" or "latency_cycles", "lut", "dsp".
    public var costs: [String]
    public var points: [Entry]
    /// Points that failed to build, with why.
    public var failed: [String: String]

    /// One point with its figures.
    public struct Entry: Codable, Sendable, Equatable {
        public var name: String
        public var point: ExplorationPoint
        public var latencyCycles: Int
        public var latencyNs: Double?
        public var fmaxMhz: Double?
        public var lut: Int?
        public var ff: Int?
        public var dsp: Int?
        public var bram18: Int?
        public var mismatches: Int
        /// Accuracy over the reference network's on the same rows (front points with a reference).
        public var relativeToReference: Double?
        public var onFront: Bool
    }

    /// The front over the designs that carry an exploration point; `failed` lists points that did not build.
    public init(designs: [DesignReport], failed: [String: String] = [:]) {
        let explored = designs.filter { $0.exploration != nil }
        var entries = explored.map { d in
            Entry(name: d.name, point: d.exploration!, latencyCycles: d.latencyCycles, latencyNs: d.latencyNs, fmaxMhz: d.timing?.first?.fmaxMhz,
                  lut: d.resources?.lut, ff: d.resources?.ff, dsp: d.resources?.dsp48e1, bram18: d.resources?.bram18,
                  mismatches: d.totalMismatches, relativeToReference: d.exploration!.relativeToReference, onFront: false)
        }
        let quality = entries.first?.point.quality ?? .accuracy
        var costs: [String] = []
        // PySR's own float loss is an objective of its own: the hardware error alone would favour the simplest formula.
        if !entries.isEmpty, entries.allSatisfy({ $0.point.pysrLoss != nil }) { costs.append("pysr_loss") }
        let allNs = !entries.isEmpty && entries.allSatisfy { $0.latencyNs != nil }
        costs.append(allNs ? "latency_ns" : "latency_cycles")
        if !entries.isEmpty, entries.allSatisfy({ $0.lut != nil }) { costs.append("lut") }
        if !entries.isEmpty, entries.allSatisfy({ $0.dsp != nil }) { costs.append("dsp") }
        func vector(_ e: Entry) -> [Double] {
            // Every objective as "smaller is better".
            var v = [quality.higherIsBetter ? -e.point.value : e.point.value]
            for c in costs {
                switch c {
                case "pysr_loss": v.append(e.point.pysrLoss!.reduce(0, +))
                case "latency_ns": v.append(e.latencyNs!)
                case "latency_cycles": v.append(Double(e.latencyCycles))
                case "lut": v.append(Double(e.lut!))
                default: v.append(Double(e.dsp!))
                }
            }
            return v
        }
        let vectors = entries.map(vector)
        for i in entries.indices {
            // A point that is not bit-exact is not hardware anyone should pick.
            guard entries[i].mismatches == 0 else { continue }
            entries[i].onFront = !vectors.indices.contains { j in
                j != i && entries[j].mismatches == 0 && Self.dominates(vectors[j], vectors[i])
            }
        }
        entries.sort { ($0.point.value, $0.name) > ($1.point.value, $1.name) }
        if !quality.higherIsBetter { entries.reverse() }
        self.quality = quality
        self.costs = costs
        self.points = entries
        self.failed = failed
    }

    /// a dominates b: no worse in every objective and better in one (all objectives smaller-is-better).
    public static func dominates(_ a: [Double], _ b: [Double]) -> Bool {
        zip(a, b).allSatisfy { $0 <= $1 } && zip(a, b).contains { $0 < $1 }
    }

    public var front: [Entry] { points.filter(\.onFront) }
}
