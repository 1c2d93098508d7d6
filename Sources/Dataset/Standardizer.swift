import Foundation

/// Per-feature standardization, z = (x - mean) / std, fitted on training data.
///
/// Codable so it can be stored next to a trained model: inference must apply exactly the
/// transform the model was trained with.
public struct Standardizer: Sendable, Equatable, Codable {
    public let featureNames: [String]
    public let mean: [Double]
    /// Population standard deviation; a constant feature gets 1 so it maps to 0 instead of NaN.
    public let std: [Double]

    public init(featureNames: [String], mean: [Double], std: [Double]) {
        precondition(mean.count == std.count && mean.count == featureNames.count, "one mean and std per feature")
        self.featureNames = featureNames
        self.mean = mean
        self.std = std
    }

    /// Fits mean and standard deviation of every column of `matrix`.
    public init(fitting matrix: Matrix, featureNames: [String]? = nil) {
        let n = matrix.columns
        var sum = [Double](repeating: 0, count: n)
        for r in 0..<matrix.rows {
            for c in 0..<n { sum[c] += matrix[r, c] }
        }
        let rows = Double(max(matrix.rows, 1))
        let mean = sum.map { $0 / rows }
        // Two-pass variance: the features span many orders of magnitude (masses vs. ratios).
        var squares = [Double](repeating: 0, count: n)
        for r in 0..<matrix.rows {
            for c in 0..<n {
                let d = matrix[r, c] - mean[c]
                squares[c] += d * d
            }
        }
        let std = squares.map { s -> Double in
            let sd = (s / rows).squareRoot()
            return sd > 0 && sd.isFinite ? sd : 1
        }
        self.init(featureNames: featureNames ?? (0..<n).map { "x\($0)" }, mean: mean, std: std)
    }

    /// Standardizes every row of `matrix`.
    public func transform(_ matrix: Matrix) -> Matrix {
        precondition(matrix.columns == mean.count, "matrix has \(matrix.columns) columns, scaler \(mean.count)")
        var out = matrix
        for r in 0..<matrix.rows {
            for c in 0..<matrix.columns { out[r, c] = (matrix[r, c] - mean[c]) / std[c] }
        }
        return out
    }

    /// Standardizes one feature vector.
    public func transform(_ row: [Double]) -> [Double] {
        precondition(row.count == mean.count, "row has \(row.count) values, scaler \(mean.count)")
        return (0..<row.count).map { (row[$0] - mean[$0]) / std[$0] }
    }

    /// Maps standardized values back to the original units.
    public func inverseTransform(_ row: [Double]) -> [Double] {
        precondition(row.count == mean.count, "row has \(row.count) values, scaler \(mean.count)")
        return (0..<row.count).map { row[$0] * std[$0] + mean[$0] }
    }
}
