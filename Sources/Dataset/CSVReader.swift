import Foundation

extension DataTable {
    /// Reads a comma-separated file with a header row; gzip-compressed files are detected by content.
    ///
    /// Every column is numeric except those named in `textColumns`, which are kept as strings.
    /// Blank lines are skipped; fields may be double-quoted (with `""` for a quote).
    public static func csv(contentsOf url: URL, textColumns: Set<String> = []) throws -> DataTable {
        let data = try readFile(url)
        return try csv(data: data, source: url.path, textColumns: textColumns)
    }

    /// Parses CSV bytes (plain or gzip) already in memory; `source` names them in errors.
    public static func csv(data: Data, source: String, textColumns: Set<String> = []) throws -> DataTable {
        let compressed = Gzip.isCompressed(data)
        if !compressed { try FileKind.checkText(data, source: source) }
        let bytes = compressed ? try Gzip.decompress(data, file: source) : data
        if compressed { try FileKind.checkText(bytes, source: source + " (decompressed)") }
        return try bytes.withUnsafeBytes { raw in
            var parser = CSVParser(bytes: raw.bindMemory(to: UInt8.self), source: source)
            return try parser.parse(textColumns: textColumns)
        }
    }

    /// Parses CSV text; convenient for small inline tables.
    public static func csv(string: String, source: String = "<string>", textColumns: Set<String> = []) throws -> DataTable {
        try csv(data: Data(string.utf8), source: source, textColumns: textColumns)
    }
}

/// A single-pass CSV tokenizer over the shared byte cursor, which tracks physical line numbers.
private struct CSVParser {
    var c: ByteCursor
    var source: String { c.source }

    init(bytes: UnsafeBufferPointer<UInt8>, source: String) {
        c = ByteCursor(bytes: bytes, source: source)
    }

    /// One record: fields as byte ranges (or decoded strings when quoted) and its line.
    struct Record {
        var fields: [Field]
        var line: Int
    }

    enum Field {
        case raw(Range<Int>)
        case quoted(String)
    }

    mutating func parse(textColumns: Set<String>) throws -> DataTable {
        guard let header = try nextRecord() else {
            throw DatasetError(.emptyFile, file: source, line: 1)
        }
        let names = header.fields.map { text($0).trimmingCharacters(in: .whitespaces) }
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw DatasetError(.duplicateColumn(name), file: source, line: header.line, column: name)
        }
        for name in textColumns.sorted() where !seen.contains(name) {
            throw DatasetError(.missingColumn(name), file: source, line: header.line, column: name)
        }
        let isText = names.map { textColumns.contains($0) }
        let numericNames = zip(names, isText).filter { !$0.1 }.map(\.0)
        var values = [Double]()
        var texts = [[String]](repeating: [], count: names.count)
        var lines = [Int]()
        values.reserveCapacity(max(0, c.bytes.count / 8))

        while let record = try nextRecord() {
            guard record.fields.count == names.count else {
                throw DatasetError(
                    .raggedRow(expected: names.count, found: record.fields.count), file: source, line: record.line)
            }
            for (k, field) in record.fields.enumerated() {
                if isText[k] {
                    texts[k].append(text(field))
                } else {
                    values.append(try number(field, line: record.line, column: names[k]))
                }
            }
            lines.append(record.line)
        }
        guard !lines.isEmpty else {
            throw DatasetError(.emptyFile, file: source, line: header.line)
        }
        var textByName = [String: [String]]()
        for (k, name) in names.enumerated() where isText[k] { textByName[name] = texts[k] }
        return try DataTable(
            source: source, columnNames: numericNames, values: values, textColumns: textByName, sourceLines: lines)
    }

    /// The next non-blank record, or nil at end of input.
    mutating func nextRecord() throws -> Record? {
        while !c.atEnd {
            // Almost every line of a numeric file has no quote and splits with memchr.
            if c.find(UInt8(ascii: "\""), in: c.position..<c.lineEnd()) == nil {
                guard let (r, number) = c.nextLine() else { return nil }
                if c.trimmed(r).isEmpty { continue }
                var fields = [Field]()
                var fieldStart = r.lowerBound
                while let comma = c.find(UInt8(ascii: ","), in: fieldStart..<r.upperBound) {
                    fields.append(.raw(fieldStart..<comma))
                    fieldStart = comma + 1
                }
                fields.append(.raw(fieldStart..<r.upperBound))
                return Record(fields: fields, line: number)
            }
            let start = c.line
            var fields = [Field]()
            var fieldStart = c.position
            var quotedValue: String?
            var blank = true
            while true {
                if c.atEnd || c.bytes[c.position] == UInt8(ascii: "\n") {
                    fields.append(quotedValue.map(Field.quoted) ?? .raw(fieldStart..<c.trimCR(c.position)))
                    if !c.atEnd { c.position += 1; c.line += 1 }
                    break
                }
                let byte = c.bytes[c.position]
                if byte == UInt8(ascii: ",") {
                    blank = false
                    fields.append(quotedValue.map(Field.quoted) ?? .raw(fieldStart..<c.position))
                    quotedValue = nil
                    c.position += 1
                    fieldStart = c.position
                } else if byte == UInt8(ascii: "\"") && c.position == fieldStart {
                    blank = false
                    quotedValue = try readQuoted(recordLine: start)
                    // Anything between the closing quote and the next separator is ignored.
                    while !c.atEnd, c.bytes[c.position] != UInt8(ascii: ","), c.bytes[c.position] != UInt8(ascii: "\n") {
                        c.position += 1
                    }
                } else {
                    if !ByteCursor.isSpace(byte) { blank = false }
                    c.position += 1
                }
            }
            if blank { continue }
            return Record(fields: fields, line: start)
        }
        return nil
    }

    /// Reads a quoted field starting at the opening quote; newlines inside count as lines.
    mutating func readQuoted(recordLine: Int) throws -> String {
        c.position += 1
        var out = [UInt8]()
        while !c.atEnd {
            let byte = c.bytes[c.position]
            if byte == UInt8(ascii: "\"") {
                if c.position + 1 < c.bytes.count && c.bytes[c.position + 1] == UInt8(ascii: "\"") {
                    out.append(byte)
                    c.position += 2
                    continue
                }
                c.position += 1
                return String(decoding: out, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\n") { c.line += 1 }
            out.append(byte)
            c.position += 1
        }
        throw DatasetError(.nonNumeric("unterminated quoted field"), file: source, line: recordLine)
    }

    func text(_ field: Field) -> String {
        switch field {
        case .quoted(let s): return s
        case .raw(let range): return c.string(range)
        }
    }

    mutating func number(_ field: Field, line: Int, column: String) throws -> Double {
        let cell: String
        switch field {
        case .quoted(let s):
            cell = s
        case .raw(let raw):
            let range = c.trimmed(raw)
            if let value = c.number(range) {
                guard value.isFinite else {
                    throw DatasetError(.nonFinite(c.string(range)), file: source, line: line, column: column)
                }
                return value
            }
            cell = c.string(range)
        }
        let trimmed = cell.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, let value = Double(trimmed) else {
            throw DatasetError(.nonNumeric(cell), file: source, line: line, column: column)
        }
        guard value.isFinite else {
            throw DatasetError(.nonFinite(cell), file: source, line: line, column: column)
        }
        return value
    }
}
