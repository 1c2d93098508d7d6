import Dataset
import FixedPoint
import Foundation
import Testbench

/// Where a flow's input vectors come from.
public enum StimulusSource: Sendable, Equatable {
    /// Edge cases, then `count` standard-normal vectors from `seed`.
    case standardNormal(count: Int, seed: UInt64)
    /// Rows of a CSV or .npy file: columns x0..xN by name when the header names any input, else the first N.
    case file(String)

    /// The vectors for a design with `inputCount` inputs, the seed that made them, and a label for results.
    public func stimulus(inputCount n: Int, format: FixedFormat) throws -> (stimulus: Stimulus, seed: UInt64?, label: String) {
        switch self {
        case .standardNormal(let count, let seed):
            try Stimulus.checkCount(vectors: count, inputCount: n)
            return (Stimulus.standardNormal(count: count, inputCount: n, seed: seed, format: format), seed, "standard-normal")
        case .file(let path):
            return (try Stimulus.rows(try Self.readVectors(path, inputCount: n), inputCount: n, format: format, source: path), nil, "csv:\(path)")
        }
    }

    /// Input vectors from a CSV (with header) or .npy file; `DataTable.inputMatrix` chooses the columns.
    public static func readVectors(_ path: String, inputCount n: Int) throws -> [[Double]] {
        let table = try DataTable.load(contentsOf: URL(fileURLWithPath: path))
        let m = try table.inputMatrix(names: (0..<n).map { "x\($0)" })
        return (0..<m.rows).map { Array(m.row($0)) }
    }
}
