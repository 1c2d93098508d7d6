import Foundation

extension DataTable {
    /// Reads a NumPy `.npy` array of float32 or float64 in C order, 1-D (one column) or 2-D.
    ///
    /// Columns are named `columnNames` when given (their count must match), else `x0`, `x1`, ...
    /// Error positions are 1-based array rows.
    public static func npy(contentsOf url: URL, columnNames: [String]? = nil) throws -> DataTable {
        try npy(data: try readFile(url), source: url.path, columnNames: columnNames)
    }

    /// Parses `.npy` bytes already in memory; `source` names them in errors.
    public static func npy(data: Data, source: String, columnNames: [String]? = nil) throws -> DataTable {
        let bytes = [UInt8](data)
        guard !bytes.isEmpty else { throw DatasetError(.emptyFile, file: source) }
        let header = try NPYHeader(bytes: bytes, source: source)
        let (rows, columns) = header.shape
        guard rows > 0, columns > 0 else { throw DatasetError(.emptyFile, file: source) }
        // The shape is checked against the bytes present before anything is sized by it: a header may
        // claim any shape, and rows × columns × itemSize may overflow.
        let (cells, o1) = rows.multipliedReportingOverflow(by: columns)
        let (needed, o2) = cells.multipliedReportingOverflow(by: header.itemSize)
        guard !o1, !o2, bytes.count - header.dataOffset >= needed else {
            throw DatasetError(
                .malformedNPY("the header's shape (\(rows), \(columns)) needs \(o1 || o2 ? "more than \(Int.max)" : "\(needed)") data bytes, found \(bytes.count - header.dataOffset)"), file: source)
        }
        let names = columnNames ?? (0..<columns).map { "x\($0)" }
        guard names.count == columns else {
            throw DatasetError(
                .invalidArgument("\(names.count) column names given for an array with \(columns) columns"), file: source)
        }
        var values = [Double](repeating: 0, count: rows * columns)
        bytes.withUnsafeBytes { raw in
            let base = header.dataOffset
            for i in 0..<(rows * columns) {
                let offset = base + i * header.itemSize
                if header.itemSize == 4 {
                    var bits = raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
                    bits = header.littleEndian ? UInt32(littleEndian: bits) : UInt32(bigEndian: bits)
                    values[i] = Double(Float(bitPattern: bits))
                } else {
                    var bits = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    bits = header.littleEndian ? UInt64(littleEndian: bits) : UInt64(bigEndian: bits)
                    values[i] = Double(bitPattern: bits)
                }
            }
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw DatasetError(
                .nonFinite("\(values[bad])"), file: source, line: bad / columns + 1, column: names[bad % columns])
        }
        return try DataTable(source: source, columnNames: names, values: values)
    }
}

/// The parsed header of an `.npy` file (format versions 1, 2 and 3).
private struct NPYHeader {
    var itemSize: Int
    var littleEndian: Bool
    var shape: (Int, Int)
    var dataOffset: Int

    init(bytes: [UInt8], source: String) throws {
        let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw DatasetError(.malformedNPY("missing \\x93NUMPY magic"), file: source)
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw DatasetError(.malformedNPY("truncated header"), file: source) }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw DatasetError(.unsupportedNPY("format version \(major)"), file: source)
        }
        guard bytes.count >= headerStart + headerLength else {
            throw DatasetError(.malformedNPY("truncated header"), file: source)
        }
        let text = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        dataOffset = headerStart + headerLength

        let descr = try Self.value(of: "descr", in: text, source: source)
            .trimmingCharacters(in: CharacterSet(charactersIn: "'\" "))
        switch descr {
        case "<f4", "=f4": (itemSize, littleEndian) = (4, true)
        case "<f8", "=f8": (itemSize, littleEndian) = (8, true)
        case ">f4": (itemSize, littleEndian) = (4, false)
        case ">f8": (itemSize, littleEndian) = (8, false)
        default: throw DatasetError(.unsupportedNPY("dtype \(descr); only float32 and float64"), file: source)
        }
        let fortran = try Self.value(of: "fortran_order", in: text, source: source)
        guard fortran.trimmingCharacters(in: .whitespaces) == "False" else {
            throw DatasetError(.unsupportedNPY("Fortran order; save with C order"), file: source)
        }
        let shapeText = try Self.value(of: "shape", in: text, source: source)
        let dims = shapeText
            .trimmingCharacters(in: CharacterSet(charactersIn: "() "))
            .split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let sizes = try dims.map { d -> Int in
            guard let n = Int(d), n >= 0 else { throw DatasetError(.malformedNPY("shape \(shapeText)"), file: source) }
            return n
        }
        switch sizes.count {
        case 1: shape = (sizes[0], 1)
        case 2: shape = (sizes[0], sizes[1])
        default: throw DatasetError(.unsupportedNPY("\(sizes.count)-D array; only 1-D and 2-D"), file: source)
        }
    }

    /// The raw text of one entry of the header's Python dict literal.
    static func value(of key: String, in header: String, source: String) throws -> String {
        guard let keyRange = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\""),
              let colon = header[keyRange.upperBound...].firstIndex(of: ":")
        else {
            throw DatasetError(.malformedNPY("header has no '\(key)'"), file: source)
        }
        var rest = header[header.index(after: colon)...].drop(while: { $0 == " " })
        if rest.first == "(" {
            guard let close = rest.firstIndex(of: ")") else {
                throw DatasetError(.malformedNPY("unclosed tuple for '\(key)'"), file: source)
            }
            return String(rest[...close])
        }
        if let end = rest.firstIndex(where: { $0 == "," || $0 == "}" }) { rest = rest[..<end] }
        return String(rest)
    }
}
