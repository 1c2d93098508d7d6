import Foundation

/// A labelled jet file given by the user (`symbolforge run --data`), read into a classification set.
public struct LabelledFile: Sendable {
    public var dataset: SupervisedDataset
    /// Every one of the 16 hls4ml features was found (by name, or as a 16-column array), in hls4ml order,
    /// with classes g q t w z: the published expression sets can be scored on it.
    public var hasJetFeatures: Bool
    /// The file(s) as given.
    public var source: String
    /// What was assumed while reading, for the report.
    public var notes: [String]

    /// Reads `spec`: a CSV (plain or gzip), an ARFF file (`.arff`, `.arff.gz`), or a NumPy pair
    /// `FEATURES.npy,LABELS.npy` (labels as integers, or one-hot rows).
    ///
    /// `target` names the label column (default `class`); `features` chooses the feature columns (default:
    /// the 16 hls4ml features when all are present, else every numeric column but the label). Problems are
    /// `DatasetError`s naming the file, line and column.
    public static func load(_ spec: String, target: String? = nil, features: [String]? = nil) throws -> LabelledFile {
        let parts = spec.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2 || spec.lowercased().hasSuffix(".npy") {
            return try npyPair(parts, features: features)
        }
        let label = target ?? JetDataset.labelColumn
        let table: DataTable
        if DataTable.isARFF(spec) {
            table = try DataTable.arff(contentsOf: URL(fileURLWithPath: spec))
        } else {
            do {
                table = try DataTable.csv(contentsOf: URL(fileURLWithPath: spec), textColumns: [label])
            } catch let e as DatasetError where e.kind == .missingColumn(label) {
                let header = (try? DataTable.csv(contentsOf: URL(fileURLWithPath: spec)))?.columnNames ?? []
                throw DatasetError(.invalidArgument("no label column '\(label)' (columns: \(header.joined(separator: ", "))); name it with --target COLUMN"),
                                   file: spec, line: 1, column: label)
            }
        }
        guard table.columnNames.contains(label) || table.textColumns[label] != nil else {
            let all = table.columnNames + table.textColumns.keys.sorted()
            throw DatasetError(.invalidArgument("no label column '\(label)' (columns: \(all.joined(separator: ", "))); name it with --target COLUMN"),
                               file: spec, line: 1, column: label)
        }
        return try classify(table, label: label, features: features, source: spec)
    }

    static func classify(_ table: DataTable, label: String, features: [String]?, source: String) throws -> LabelledFile {
        let numeric = table.columnNames.filter { $0 != label }
        let names: [String]
        var notes: [String] = []
        let jetColumns = JetDataset.featureNames.allSatisfy(table.columnNames.contains)
        if let features {
            for f in features where !table.columnNames.contains(f) {
                let why = table.textColumns[f] != nil ? "is not numeric" : "does not exist"
                throw DatasetError(.invalidArgument("feature column '\(f)' \(why); numeric columns: \(numeric.joined(separator: ", "))"),
                                   file: source, line: 1, column: f)
            }
            names = features
        } else if jetColumns {
            names = JetDataset.featureNames
        } else {
            // Some but not all hls4ml features: most likely a jet file with a column lost on the way.
            let present = JetDataset.featureNames.filter(table.columnNames.contains)
            if !present.isEmpty, let missing = JetDataset.featureNames.first(where: { !table.columnNames.contains($0) }) {
                throw DatasetError(.invalidArgument("no column '\(missing)': the published formulas (sets A and B) use all 16 hls4ml features and this file has \(present.count) of them; add it, or name the features to train on with --features"),
                                   file: source, line: 1, column: missing)
            }
            names = numeric
            notes.append("Features: \(numeric.joined(separator: ", ")) (every numeric column but '\(label)').")
        }
        guard !names.isEmpty else { throw DatasetError(.invalidArgument("no numeric feature columns"), file: source, line: 1) }
        let jets = names == JetDataset.featureNames
        let dataset: SupervisedDataset
        if jets {
            // The published sets name their outputs g q t w z; the labels must be those classes.
            let classes = try jetClasses(table, label: label)
            var d = try table.classification(features: names, label: label, classes: classes)
            if classes != JetDataset.classNames, let l = d.labels { d.target = .classes(labels: l, names: JetDataset.classNames) }
            dataset = d
        } else {
            dataset = try table.classification(features: names, label: label)
            let k = dataset.classNames?.count ?? 0
            guard k >= 2, k <= 50 else {
                throw DatasetError(.invalidArgument("the label column holds \(k) distinct value(s); a classifier needs 2 to 50 classes"), file: source, column: label)
            }
        }
        return LabelledFile(dataset: dataset, hasJetFeatures: jets, source: source, notes: notes)
    }

    /// g q t w z as text, or 0...4 in that order when the labels are numbers.
    static func jetClasses(_ table: DataTable, label: String) throws -> [String] {
        if table.textColumns[label] == nil, let column = try? table.column(label), column.allSatisfy({ $0 == $0.rounded() && $0 >= 0 && $0 < 5 }) {
            return (0..<5).map(String.init)
        }
        return JetDataset.classNames
    }

    /// `FEATURES.npy,LABELS.npy`: features as a 2-D array, labels as integers (1-D) or one-hot rows (2-D).
    static func npyPair(_ parts: [String], features: [String]?) throws -> LabelledFile {
        guard parts.count == 2, parts.allSatisfy({ $0.lowercased().hasSuffix(".npy") }) else {
            throw DatasetError(.invalidArgument("a .npy file holds one array; pass features and labels as a pair: --data X.npy,y.npy"),
                               file: parts.joined(separator: ","))
        }
        let (xPath, yPath) = (parts[0], parts[1])
        let x0 = try DataTable.npy(contentsOf: URL(fileURLWithPath: xPath))
        var notes: [String] = []
        let names: [String]
        if let features {
            guard features.count == x0.columnCount else {
                throw DatasetError(.invalidArgument("--features names \(features.count) columns but the array has \(x0.columnCount)"), file: xPath)
            }
            names = features
        } else if x0.columnCount == JetDataset.featureNames.count {
            names = JetDataset.featureNames
            notes.append("\(xPath) has no column names; its 16 columns are taken as the hls4ml features in hls4ml order")
        } else {
            names = x0.columnNames
        }
        let x = try DataTable(source: xPath, columnNames: names, values: x0.values)
        let y = try DataTable.npy(contentsOf: URL(fileURLWithPath: yPath))
        guard y.rowCount == x.rowCount else {
            throw DatasetError(.invalidArgument("\(y.rowCount) label rows for \(x.rowCount) feature rows in \(xPath)"), file: yPath)
        }
        var labels: [Int] = []
        labels.reserveCapacity(y.rowCount)
        for r in 0..<y.rowCount {
            if y.columnCount == 1 {
                let v = y[r, 0]
                guard v == v.rounded(), v >= 0, v < 1000 else {
                    throw DatasetError(.unknownLabel(DataTable.labelText(v)), file: yPath, line: r + 1, column: y.columnNames[0])
                }
                labels.append(Int(v))
            } else {
                let row = (0..<y.columnCount).map { y[r, $0] }
                guard row.allSatisfy({ $0 == 0 || $0 == 1 }), row.reduce(0, +) == 1 else {
                    throw DatasetError(.unknownLabel(row.map(DataTable.labelText).joined(separator: " ")), file: yPath, line: r + 1)
                }
                labels.append(row.firstIndex(of: 1)!)
            }
        }
        let k = max(y.columnCount == 1 ? (labels.max() ?? 0) + 1 : y.columnCount, 2)
        let jets = names == JetDataset.featureNames && k == JetDataset.classNames.count
        let classNames = jets ? JetDataset.classNames : (0..<k).map(String.init)
        let matrix = try x.matrix(columns: names)
        let dataset = SupervisedDataset(featureNames: names, features: matrix, target: .classes(labels: labels, names: classNames))
        return LabelledFile(dataset: dataset, hasJetFeatures: jets, source: "\(xPath),\(yPath)", notes: notes)
    }
}
