import Foundation

extension DataTable {
    /// Reads a Weka/OpenML ARFF file (plain or gzip), the format the hls4ml jet dataset downloads as.
    ///
    /// NUMERIC, REAL and INTEGER attributes become numeric columns; nominal (`{g,q,t,w,z}`) and STRING
    /// attributes become text columns, and a nominal value outside its declared set is an error naming its
    /// line. Sparse rows (`{0 1.5, 3 2}`) and missing values (`?`) are rejected with the line and column.
    public static func arff(contentsOf url: URL) throws -> DataTable {
        try arff(data: try readFile(url), source: url.path)
    }

    /// Parses ARFF bytes already in memory; `source` names them in errors.
    public static func arff(data: Data, source: String) throws -> DataTable {
        let bytes = Gzip.isCompressed(data) ? try Gzip.decompress(data, file: source) : data
        return try bytes.withUnsafeBytes { raw in
            var parser = ARFFParser(bytes: raw.bindMemory(to: UInt8.self), source: source)
            return try parser.parse()
        }
    }

    /// Whether a file name looks like ARFF (`.arff` or `.arff.gz`).
    public static func isARFF(_ path: String) -> Bool {
        let p = path.lowercased()
        return p.hasSuffix(".arff") || p.hasSuffix(".arff.gz")
    }
}

/// One declared attribute of an ARFF header.
struct ARFFAttribute {
    enum Kind { case numeric, nominal(Set<String>), string }
    var name: String
    var kind: Kind
}

/// A line-by-line ARFF parser over the shared byte cursor: header declarations, then comma-separated data rows.
private struct ARFFParser {
    var c: ByteCursor
    var source: String { c.source }
    var bytes: UnsafeBufferPointer<UInt8> { c.bytes }
    /// The line last read, for errors.
    var line = 0

    init(bytes: UnsafeBufferPointer<UInt8>, source: String) {
        c = ByteCursor(bytes: bytes, source: source)
    }

    /// The next line as a byte range without its line break, or nil at the end.
    mutating func nextLine() -> Range<Int>? {
        guard let (range, number) = c.nextLine() else { return nil }
        line = number
        return range
    }

    func string(_ r: Range<Int>) -> String { c.string(r) }

    func error(_ kind: DatasetError.Kind, column: String? = nil) -> DatasetError {
        DatasetError(kind, file: source, line: line, column: column)
    }

    mutating func parse() throws -> DataTable {
        var attributes: [ARFFAttribute] = []
        var inData = false
        // Header.
        while !inData, let r = nextLine() {
            let text = string(r).trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("%") { continue }
            let lower = text.lowercased()
            if lower.hasPrefix("@relation") { continue }
            if lower.hasPrefix("@attribute") {
                attributes.append(try attribute(String(text.dropFirst("@attribute".count))))
            } else if lower.hasPrefix("@data") {
                inData = true
            } else {
                throw error(.invalidArgument("expected @relation, @attribute or @data in the ARFF header, found '\(text.prefix(40))'"))
            }
        }
        guard inData else { throw error(.invalidArgument("no @data section; is this an ARFF file?")) }
        guard !attributes.isEmpty else { throw error(.invalidArgument("no @attribute declarations before @data")) }
        var seen = Set<String>()
        for a in attributes where !seen.insert(a.name).inserted { throw error(.duplicateColumn(a.name), column: a.name) }

        let numericIndex = attributes.indices.filter { if case .numeric = attributes[$0].kind { return true }; return false }
        var slot = [Int](repeating: -1, count: attributes.count)
        for (i, a) in numericIndex.enumerated() { slot[a] = i }
        var values: [Double] = []
        values.reserveCapacity(c.bytes.count / 10)
        var texts = [[String]](repeating: [], count: attributes.count)
        var lines: [Int] = []
        var row = [Double](repeating: 0, count: numericIndex.count)

        while let r = nextLine() {
            var start = r.lowerBound
            while start < r.upperBound, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
            if start == r.upperBound || bytes[start] == UInt8(ascii: "%") { continue }
            if bytes[start] == UInt8(ascii: "{") {
                throw error(.invalidArgument("sparse ARFF rows ({index value, ...}) are not supported; save the data as dense ARFF or CSV"))
            }
            let fields = split(start..<r.upperBound)
            guard fields.count == attributes.count else {
                throw error(.raggedRow(expected: attributes.count, found: fields.count))
            }
            for (i, f) in fields.enumerated() {
                let a = attributes[i]
                switch a.kind {
                case .numeric:
                    row[slot[i]] = try number(f, column: a.name)
                case .nominal(let allowed):
                    let v = unquote(string(f.range), quoted: f.quoted)
                    if v == "?" && !f.quoted { throw error(.nonNumeric("? (missing value)"), column: a.name) }
                    guard allowed.contains(v) else {
                        throw error(.invalidArgument("value '\(v)' is not one of the declared values {\(allowed.sorted().joined(separator: ","))}"), column: a.name)
                    }
                    texts[i].append(v)
                case .string:
                    texts[i].append(unquote(string(f.range), quoted: f.quoted))
                }
            }
            values.append(contentsOf: row)
            lines.append(line)
        }
        guard !lines.isEmpty else { throw DatasetError(.emptyFile, file: source) }
        var textColumns: [String: [String]] = [:]
        for (i, a) in attributes.enumerated() where slot[i] < 0 { textColumns[a.name] = texts[i] }
        return try DataTable(source: source, columnNames: numericIndex.map { attributes[$0].name }, values: values,
                             textColumns: textColumns, sourceLines: lines)
    }

    /// `@attribute name type`, the name possibly quoted.
    func attribute(_ rest: String) throws -> ARFFAttribute {
        var s = Substring(rest.trimmingCharacters(in: .whitespaces))
        let name: String
        if let q = s.first, q == "'" || q == "\"" {
            guard let close = s.dropFirst().firstIndex(of: q) else { throw error(.invalidArgument("unterminated quoted attribute name")) }
            name = String(s[s.index(after: s.startIndex)..<close])
            s = s[s.index(after: close)...]
        } else {
            let end = s.firstIndex { $0 == " " || $0 == "\t" } ?? s.endIndex
            name = String(s[..<end])
            s = s[end...]
        }
        let type = s.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !type.isEmpty else { throw error(.invalidArgument("an @attribute needs a name and a type")) }
        if type.hasPrefix("{") {
            guard type.hasSuffix("}") else { throw error(.invalidArgument("nominal values of '\(name)' are not closed with }"), column: name) }
            let inner = type.dropFirst().dropLast()
            let values = inner.split(separator: ",").map { v -> String in
                let t = v.trimmingCharacters(in: .whitespaces)
                return unquote(t, quoted: t.count >= 2 && (t.first == "'" || t.first == "\""))
            }
            return ARFFAttribute(name: name, kind: .nominal(Set(values)))
        }
        switch type.lowercased() {
        case "numeric", "real", "integer": return ARFFAttribute(name: name, kind: .numeric)
        case "string": return ARFFAttribute(name: name, kind: .string)
        default:
            throw error(.invalidArgument("attribute type '\(type)' is not supported (numeric, real, integer, string or {nominal values})"), column: name)
        }
    }

    struct Field { var range: Range<Int>; var quoted: Bool }

    /// Splits on commas outside quotes; trims blanks around each field.
    func split(_ r: Range<Int>) -> [Field] {
        var out: [Field] = []
        var i = r.lowerBound
        while i <= r.upperBound {
            while i < r.upperBound, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
            let start = i
            var quoted = false
            if i < r.upperBound, bytes[i] == UInt8(ascii: "'") || bytes[i] == UInt8(ascii: "\"") {
                let q = bytes[i]
                quoted = true
                i += 1
                while i < r.upperBound, bytes[i] != q { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                i = min(i + 1, r.upperBound)
            }
            while i < r.upperBound, bytes[i] != UInt8(ascii: ",") { i += 1 }
            var end = i
            while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
            out.append(Field(range: start..<end, quoted: quoted))
            i += 1
        }
        return out
    }

    func unquote(_ s: String, quoted: Bool) -> String {
        guard quoted, s.count >= 2 else { return s }
        return String(s.dropFirst().dropLast()).replacingOccurrences(of: "\\'", with: "'").replacingOccurrences(of: "\\\"", with: "\"")
    }

    mutating func number(_ f: Field, column: String) throws -> Double {
        var r = f.range
        if f.quoted, r.count >= 2 { r = (r.lowerBound + 1)..<(r.upperBound - 1) }
        guard !r.isEmpty else { throw error(.nonNumeric(""), column: column) }
        if r.count == 1, c.bytes[r.lowerBound] == UInt8(ascii: "?") { throw error(.nonNumeric("? (missing value)"), column: column) }
        guard let v = c.number(r), !v.isNaN || string(r).lowercased() == "nan" else { throw error(.nonNumeric(string(r)), column: column) }
        guard v.isFinite else { throw error(.nonFinite(string(r)), column: column) }
        return v
    }
}
