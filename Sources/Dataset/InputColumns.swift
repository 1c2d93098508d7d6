import Foundation

extension DataTable {
    /// The columns that feed a design's inputs, as a row-major matrix in input order.
    ///
    /// When the header names any input (`x0`, `x1`, … or the given names), it must name every one of
    /// them: a header `x0,x2` for a two-input design is an error naming `x1`, never column x2 fed to
    /// input x1. A header naming none of them selects the first `names.count` columns in order. A first
    /// line of numbers is refused: the file has no header, and its first vector would be lost.
    public func inputMatrix(names: [String]) throws -> Matrix {
        let present = Set(columnNames)
        if !names.allSatisfy(present.contains) {
            let looksLikeInput = { (c: String) -> Bool in
                names.contains(c) || (c.first == "x" && c.count > 1 && c.dropFirst().allSatisfy { $0.isASCII && $0.isNumber })
            }
            if let missing = names.first(where: { !present.contains($0) }), columnNames.contains(where: looksLikeInput) {
                let named = columnNames.filter(looksLikeInput).joined(separator: ", ")
                throw DatasetError(
                    .invalidArgument("no column '\(missing)' for input \(missing), but the header names inputs (\(named)); name every input column \(names.first!)..\(names.last!), or none of them to take the first \(names.count) columns in order"),
                    file: source, line: 1, column: missing)
            }
            if !columnNames.isEmpty, columnNames.allSatisfy({ Double($0.trimmingCharacters(in: .whitespaces)) != nil }) {
                throw DatasetError(
                    .invalidArgument("the first line holds numbers, not column names; add a header line such as \(names.prefix(3).joined(separator: ","))\(names.count > 3 ? ",…" : "")"),
                    file: source, line: 1)
            }
            guard columnCount >= names.count else {
                throw DatasetError(
                    .invalidArgument("\(columnCount) numeric column(s) but the design has \(names.count) inputs; name the columns \(names.first ?? "x0")..\(names.last ?? "x0") or supply at least \(names.count)"),
                    file: source)
            }
        }
        let columns = names.allSatisfy(present.contains) ? names : Array(columnNames.prefix(names.count))
        let m = try matrix(columns: columns)
        guard m.rows > 0 else { throw DatasetError(.emptyFile, file: source) }
        return m
    }
}
