import Foundation

/// A dense, row-major table of numeric columns, plus optional text columns, read from one file.
///
/// Every row remembers where it came from (`sourceLines`) so that errors raised later,
/// for example an unknown class label found while building a classification set, can
/// still point at the exact line of the input.
public struct DataTable: Sendable {
    /// Name of the input, used in error messages.
    public let source: String
    /// Names of the numeric columns, in storage order.
    public let columnNames: [String]
    /// Numeric cells, row-major: row `r`, column `c` is at `r * columnCount + c`.
    public let values: [Double]
    /// Columns kept verbatim as strings (for example a class label), keyed by name.
    public let textColumns: [String: [String]]
    /// 1-based line (CSV) or row (NumPy) of each row in the source.
    public let sourceLines: [Int]

    public var rowCount: Int { sourceLines.count }
    public var columnCount: Int { columnNames.count }

    public init(
        source: String, columnNames: [String], values: [Double],
        textColumns: [String: [String]] = [:], sourceLines: [Int]? = nil
    ) throws {
        let rows = columnNames.isEmpty ? (textColumns.values.first?.count ?? 0) : values.count / columnNames.count
        guard columnNames.isEmpty ? values.isEmpty : values.count == rows * columnNames.count else {
            throw DatasetError(.invalidArgument("\(values.count) values do not fill \(columnNames.count) columns"), file: source)
        }
        var seen = Set<String>()
        for name in columnNames + textColumns.keys.sorted() where !seen.insert(name).inserted {
            throw DatasetError(.duplicateColumn(name), file: source)
        }
        for (name, cells) in textColumns where cells.count != rows {
            throw DatasetError(.invalidArgument("text column has \(cells.count) rows, table has \(rows)"), file: source, column: name)
        }
        let lines = sourceLines ?? (0..<rows).map { $0 + 1 }
        guard lines.count == rows else {
            throw DatasetError(.invalidArgument("\(lines.count) source lines for \(rows) rows"), file: source)
        }
        self.source = source
        self.columnNames = columnNames
        self.values = values
        self.textColumns = textColumns
        self.sourceLines = lines
    }

    /// The value at `row`, `column` (both 0-based).
    public subscript(row: Int, column: Int) -> Double {
        values[row * columnCount + column]
    }

    /// Position of a numeric column, or a `missingColumn` error naming the file.
    public func columnIndex(_ name: String) throws -> Int {
        guard let index = columnNames.firstIndex(of: name) else {
            throw DatasetError(.missingColumn(name), file: source, column: name)
        }
        return index
    }

    /// A numeric column as an array.
    public func column(_ name: String) throws -> [Double] {
        let c = try columnIndex(name)
        return (0..<rowCount).map { values[$0 * columnCount + c] }
    }

    /// A text column as an array.
    public func text(_ name: String) throws -> [String] {
        guard let cells = textColumns[name] else {
            throw DatasetError(.missingColumn(name), file: source, column: name)
        }
        return cells
    }

    /// The chosen numeric columns, in the given order, as a row-major matrix.
    public func matrix(columns names: [String]) throws -> Matrix {
        let indices = try names.map(columnIndex)
        var out = [Double]()
        out.reserveCapacity(rowCount * indices.count)
        for r in 0..<rowCount {
            let base = r * columnCount
            for c in indices { out.append(values[base + c]) }
        }
        return Matrix(rows: rowCount, columns: indices.count, values: out)
    }

    /// This table with the numeric and text columns of `other` added on the right.
    ///
    /// Meant for inputs stored as separate arrays, such as `X.npy` with features and `y.npy`
    /// with labels; the rows must correspond one to one.
    public func appendingColumns(of other: DataTable) throws -> DataTable {
        guard other.rowCount == rowCount else {
            throw DatasetError(
                .invalidArgument("cannot join \(other.rowCount) rows of \(other.source) to \(rowCount) rows"), file: source)
        }
        var joined = [Double]()
        joined.reserveCapacity(values.count + other.values.count)
        for r in 0..<rowCount {
            joined.append(contentsOf: values[(r * columnCount)..<((r + 1) * columnCount)])
            joined.append(contentsOf: other.values[(r * other.columnCount)..<((r + 1) * other.columnCount)])
        }
        var texts = textColumns
        for (name, cells) in other.textColumns {
            guard texts.updateValue(cells, forKey: name) == nil else {
                throw DatasetError(.duplicateColumn(name), file: other.source, column: name)
            }
        }
        return try DataTable(
            source: source, columnNames: columnNames + other.columnNames, values: joined, textColumns: texts,
            sourceLines: sourceLines)
    }

    /// Loads a table, choosing the format from the file name: `.npy`, else CSV (gzip detected by content).
    public static func load(
        contentsOf url: URL, textColumns: Set<String> = [], columnNames: [String]? = nil
    ) throws -> DataTable {
        if url.pathExtension.lowercased() == "npy" {
            return try npy(contentsOf: url, columnNames: columnNames)
        }
        return try csv(contentsOf: url, textColumns: textColumns)
    }

    static func readFile(_ url: URL) throws -> Data {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw DatasetError(.fileNotFound, file: path)
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw DatasetError(.unreadable(error.localizedDescription), file: path)
        }
    }
}

/// A dense row-major matrix of doubles.
public struct Matrix: Sendable, Equatable, Codable {
    public let rows: Int
    public let columns: Int
    /// Row `r`, column `c` is at `r * columns + c`.
    public var values: [Double]

    public init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "matrix storage does not match its shape")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// One row as a slice of the storage.
    public func row(_ r: Int) -> ArraySlice<Double> {
        values[(r * columns)..<((r + 1) * columns)]
    }

    /// One column copied out.
    public func column(_ c: Int) -> [Double] {
        (0..<rows).map { values[$0 * columns + c] }
    }

    /// The given rows, in the given order.
    public func selecting(rows indices: [Int]) -> Matrix {
        var out = [Double]()
        out.reserveCapacity(indices.count * columns)
        for r in indices { out.append(contentsOf: row(r)) }
        return Matrix(rows: indices.count, columns: columns, values: out)
    }
}
