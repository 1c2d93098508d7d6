import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

/// A single-pass CSV tokenizer over a byte buffer that tracks physical line numbers.
private struct CSVParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let source: String
    var position = 0
    var line = 1
    /// Reused null-terminated buffer for strtod, so numeric cells never allocate a String.
    var scratch = [CChar](repeating: 0, count: 64)

    init(bytes: UnsafeBufferPointer<UInt8>, source: String) {
        self.bytes = bytes
        self.source = source
        // A UTF-8 byte-order mark would otherwise become part of the first column's name.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
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
        values.reserveCapacity(max(0, bytes.count / 8))

        while let record = try nextRecord() {
            guard record.fields.count == names.count else {
                throw DatasetError(
                    .raggedRow(expected: names.count, found: record.fields.count), file: source, line: record.line)
            }
            for (c, field) in record.fields.enumerated() {
                if isText[c] {
                    texts[c].append(text(field))
                } else {
                    values.append(try number(field, line: record.line, column: names[c]))
                }
            }
            lines.append(record.line)
        }
        guard !lines.isEmpty else {
            throw DatasetError(.emptyFile, file: source, line: header.line)
        }
        var textByName = [String: [String]]()
        for (c, name) in names.enumerated() where isText[c] { textByName[name] = texts[c] }
        return try DataTable(
            source: source, columnNames: numericNames, values: values, textColumns: textByName, sourceLines: lines)
    }

    /// The next non-blank record, or nil at end of input.
    mutating func nextRecord() throws -> Record? {
        while position < bytes.count {
            switch fastRecord() {
            case .record(let record): return record
            case .blank: continue
            case .needsGeneralPath: break
            }
            let start = line
            var fields = [Field]()
            var fieldStart = position
            var quotedValue: String?
            var blank = true
            while true {
                if position >= bytes.count || bytes[position] == UInt8(ascii: "\n") {
                    fields.append(quotedValue.map(Field.quoted) ?? .raw(fieldStart..<trimCR(position)))
                    if position < bytes.count { position += 1; line += 1 }
                    break
                }
                let byte = bytes[position]
                if byte == UInt8(ascii: ",") {
                    blank = false
                    fields.append(quotedValue.map(Field.quoted) ?? .raw(fieldStart..<position))
                    quotedValue = nil
                    position += 1
                    fieldStart = position
                } else if byte == UInt8(ascii: "\"") && position == fieldStart {
                    blank = false
                    quotedValue = try readQuoted(recordLine: start)
                    // Anything between the closing quote and the next separator is ignored.
                    while position < bytes.count, bytes[position] != UInt8(ascii: ","), bytes[position] != UInt8(ascii: "\n") {
                        position += 1
                    }
                } else {
                    if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\r") { blank = false }
                    position += 1
                }
            }
            if blank { continue }
            return Record(fields: fields, line: start)
        }
        return nil
    }

    enum FastResult {
        case record(Record)
        case blank
        case needsGeneralPath
    }

    /// Splits the current line with memchr when it contains no quote character.
    ///
    /// Almost every line of a numeric file takes this path; scanning in C instead of a
    /// byte-by-byte Swift loop keeps unoptimized (debug) builds fast on large files.
    mutating func fastRecord() -> FastResult {
        guard let base = bytes.baseAddress else { return .needsGeneralPath }
        let newline = memchr(base + position, Int32(UInt8(ascii: "\n")), bytes.count - position)
        let lineEnd = newline.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? bytes.count
        if memchr(base + position, Int32(UInt8(ascii: "\"")), lineEnd - position) != nil {
            return .needsGeneralPath
        }
        let start = line
        let contentEnd = trimCR(lineEnd)
        var fieldStart = position
        position = newline == nil ? bytes.count : lineEnd + 1
        if newline != nil { line += 1 }
        var k = fieldStart
        while k < contentEnd, isSpace(bytes[k]) { k += 1 }
        if k == contentEnd { return .blank }
        var fields = [Field]()
        while let comma = memchr(base + fieldStart, Int32(UInt8(ascii: ",")), contentEnd - fieldStart) {
            let index = UnsafeRawPointer(comma) - UnsafeRawPointer(base)
            fields.append(.raw(fieldStart..<index))
            fieldStart = index + 1
        }
        fields.append(.raw(fieldStart..<contentEnd))
        return .record(Record(fields: fields, line: start))
    }

    /// Reads a quoted field starting at the opening quote; newlines inside count as lines.
    mutating func readQuoted(recordLine: Int) throws -> String {
        position += 1
        var out = [UInt8]()
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                if position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "\"") {
                    out.append(byte)
                    position += 2
                    continue
                }
                position += 1
                return String(decoding: out, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\n") { line += 1 }
            out.append(byte)
            position += 1
        }
        throw DatasetError(.nonNumeric("unterminated quoted field"), file: source, line: recordLine)
    }

    func trimCR(_ end: Int) -> Int {
        end > 0 && bytes[end - 1] == UInt8(ascii: "\r") ? end - 1 : end
    }

    func text(_ field: Field) -> String {
        switch field {
        case .quoted(let s): return s
        case .raw(let range): return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
    }

    mutating func number(_ field: Field, line: Int, column: String) throws -> Double {
        let cell: String
        switch field {
        case .quoted(let s):
            cell = s
        case .raw(var range):
            while range.lowerBound < range.upperBound, isSpace(bytes[range.lowerBound]) { range = (range.lowerBound + 1)..<range.upperBound }
            while range.lowerBound < range.upperBound, isSpace(bytes[range.upperBound - 1]) { range = range.lowerBound..<(range.upperBound - 1) }
            if !range.isEmpty && range.count < scratch.count, let value = strtodExact(range) {
                guard value.isFinite else {
                    throw DatasetError(.nonFinite(text(.raw(range))), file: source, line: line, column: column)
                }
                return value
            }
            cell = text(.raw(range))
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

    /// strtod over the whole range, or nil when it does not consume every byte.
    mutating func strtodExact(_ range: Range<Int>) -> Double? {
        let count = range.count
        return scratch.withUnsafeMutableBufferPointer { buf -> Double? in
            memcpy(buf.baseAddress!, bytes.baseAddress! + range.lowerBound, count)
            buf[count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buf.baseAddress!, &end)
            guard let end, end - buf.baseAddress! == count else { return nil }
            return value
        }
    }

    func isSpace(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") }
}
