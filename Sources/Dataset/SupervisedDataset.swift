import Foundation
import Support

/// What a model is asked to predict for each row.
public enum Target: Sendable, Equatable {
    /// Class indices into `names` (one per row).
    case classes(labels: [Int], names: [String])
    /// Real-valued targets from the column `name`.
    case regression(name: String, values: [Double])

    public var count: Int {
        switch self {
        case .classes(let labels, _): return labels.count
        case .regression(_, let values): return values.count
        }
    }

    func selecting(_ indices: [Int]) -> Target {
        switch self {
        case .classes(let labels, let names): return .classes(labels: indices.map { labels[$0] }, names: names)
        case .regression(let name, let values): return .regression(name: name, values: indices.map { values[$0] })
        }
    }
}

/// Feature matrix plus target, ready for training or evaluation.
public struct SupervisedDataset: Sendable, Equatable {
    public var featureNames: [String]
    public var features: Matrix
    public var target: Target

    public init(featureNames: [String], features: Matrix, target: Target) {
        precondition(featureNames.count == features.columns, "one name per feature column")
        precondition(target.count == features.rows, "one target per row")
        self.featureNames = featureNames
        self.features = features
        self.target = target
    }

    public var count: Int { features.rows }

    /// Class indices, or nil for a regression set.
    public var labels: [Int]? {
        if case .classes(let labels, _) = target { return labels }
        return nil
    }

    /// Class names in index order, or nil for a regression set.
    public var classNames: [String]? {
        if case .classes(_, let names) = target { return names }
        return nil
    }

    /// Regression targets, or nil for a classification set.
    public var targetValues: [Double]? {
        if case .regression(_, let values) = target { return values }
        return nil
    }

    /// Rows per class, indexed like `classNames`; empty for a regression set.
    public var classCounts: [Int] {
        guard case .classes(let labels, let names) = target else { return [] }
        var counts = [Int](repeating: 0, count: names.count)
        for label in labels { counts[label] += 1 }
        return counts
    }

    /// The given rows, in the given order.
    public func selecting(rows indices: [Int]) -> SupervisedDataset {
        SupervisedDataset(featureNames: featureNames, features: features.selecting(rows: indices), target: target.selecting(indices))
    }

    /// Shuffles the rows with `seed` and puts `testFraction` of them (rounded) in the test part.
    ///
    /// The same seed always gives the same split on every platform and toolchain: both the
    /// generator and the shuffle are defined here, because the standard library's
    /// `shuffle(using:)` does not promise a stable algorithm across releases.
    public func split(testFraction: Double, seed: UInt64) throws -> (train: SupervisedDataset, test: SupervisedDataset) {
        guard testFraction >= 0, testFraction <= 1 else {
            throw DatasetError(.invalidArgument("test fraction \(testFraction) is outside [0, 1]"), file: "<split>")
        }
        let order = SplitMix64.permutation(count, seed: seed)
        let testCount = Int((Double(count) * testFraction).rounded())
        let test = Array(order[..<testCount])
        let train = Array(order[testCount...])
        return (selecting(rows: train), selecting(rows: test))
    }

    /// Splits, then (optionally) standardizes both parts with a scaler fitted on the training part only.
    public func prepared(testFraction: Double, seed: UInt64, standardize: Bool = true) throws -> PreparedData {
        var (train, test) = try split(testFraction: testFraction, seed: seed)
        var scaler: Standardizer?
        if standardize {
            let fitted = Standardizer(fitting: train.features, featureNames: featureNames)
            train.features = fitted.transform(train.features)
            test.features = fitted.transform(test.features)
            scaler = fitted
        }
        return PreparedData(train: train, test: test, scaler: scaler)
    }
}

/// A train/test split and the scaler that was applied to it (nil when not standardized).
public struct PreparedData: Sendable, Equatable {
    public var train: SupervisedDataset
    public var test: SupervisedDataset
    public var scaler: Standardizer?
}

extension DataTable {
    /// A classification set: `features` as inputs, the `label` column mapped to class indices.
    ///
    /// With `classes`, labels map to their position in that list and any other label is an
    /// error naming its line; without, the distinct labels are sorted (numerically when the
    /// label column is numeric). The label column may be a text or a numeric column.
    public func classification(features: [String], label: String, classes: [String]? = nil) throws -> SupervisedDataset {
        let matrix = try matrix(columns: features)
        let raw: [String]
        var numericLabels: [Double]?
        if let cells = textColumns[label] {
            raw = cells.map { $0.trimmingCharacters(in: .whitespaces) }
        } else {
            let column = try column(label)
            numericLabels = column
            raw = column.map(Self.labelText)
        }
        // A missing label is an error at its row, never a class of its own.
        for (row, cell) in raw.enumerated() where cell.isEmpty || cell.lowercased() == "nan" {
            throw DatasetError(
                .invalidArgument("missing class label '\(cell)'; every row needs a label (drop or fill the row)"),
                file: source, line: sourceLines[row], column: label)
        }
        let names: [String]
        if let classes {
            names = classes
        } else if let numericLabels {
            names = Array(Set(numericLabels)).sorted().map(Self.labelText)
        } else {
            names = Array(Set(raw)).sorted()
        }
        var index = [String: Int]()
        for (i, name) in names.enumerated() {
            guard index.updateValue(i, forKey: name) == nil else {
                throw DatasetError(.invalidArgument("class '\(name)' is listed twice"), file: source, column: label)
            }
        }
        var labels = [Int]()
        labels.reserveCapacity(rowCount)
        for (row, cell) in raw.enumerated() {
            guard let i = index[cell] else {
                throw DatasetError(.unknownLabel(cell), file: source, line: sourceLines[row], column: label)
            }
            labels.append(i)
        }
        return SupervisedDataset(featureNames: features, features: matrix, target: .classes(labels: labels, names: names))
    }

    /// A regression set: `features` as inputs and the numeric column `target` as output.
    public func regression(features: [String], target: String) throws -> SupervisedDataset {
        let matrix = try matrix(columns: features)
        let values = try column(target)
        return SupervisedDataset(featureNames: features, features: matrix, target: .regression(name: target, values: values))
    }

    /// Integral label values print without a fractional part so "1" in a list matches 1.0 in a file.
    static func labelText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
