import Datapath
import Foundation
import Results
import SymbolicExpression

/// One point of a design-space exploration before it is built: its formulas, how they become hardware,
/// and the parameters its results record.
public struct ExplorationCandidate: Sendable {
    /// Unique within the exploration; the design, module and file name, and what `--shard` selects on.
    public var name: String
    public var set: FormulaSet
    public var design: DesignOptions
    /// Parameters; the quality is filled in when the point is measured.
    public var point: ExplorationPoint

    public init(name: String, set: FormulaSet, design: DesignOptions, point: ExplorationPoint) {
        self.name = name
        self.set = set
        self.design = design
        self.point = point
    }
}

/// The rows every point of an exploration is co-simulated and scored on.
public struct ExplorationData: Sendable {
    /// Input rows (nil: standard-normal vectors).
    public var rows: [[Double]]?
    /// Class labels of `rows`, for accuracy.
    public var labels: [Int]?
    public var classNames: [String]
    /// Random vectors when there are no rows.
    public var vectors: Int
    public var seed: UInt64
    /// For recipes and the page.
    public var description: String
    /// Accuracy of the reference network on the same rows.
    public var referenceAccuracy: Double?
    /// The reference network's layer widths, for the page.
    public var referenceName: String?

    public init(rows: [[Double]]?, labels: [Int]?, classNames: [String], vectors: Int = 2000, seed: UInt64 = 1, description: String) {
        self.rows = rows
        self.labels = labels
        self.classNames = classNames
        self.vectors = vectors
        self.seed = seed
        self.description = description
    }

    /// Standard-normal vectors.
    public static func standardNormal(vectors: Int, seed: UInt64) -> ExplorationData {
        ExplorationData(rows: nil, labels: nil, classNames: [], vectors: vectors, seed: seed,
                        description: "\(vectors) standard-normal vectors (seed \(seed))")
    }
}
