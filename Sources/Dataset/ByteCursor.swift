import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A position in a text file's bytes with its physical line number: the one cursor the CSV and ARFF
/// readers walk, with memchr line splitting and exact number parsing.
struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Names the bytes in errors.
    let source: String
    var position = 0
    /// The 1-based physical line `position` is on.
    var line = 1
    /// Reused null-terminated buffer for strtod, so numeric cells never allocate a String.
    private var scratch = [CChar](repeating: 0, count: 64)

    init(bytes: UnsafeBufferPointer<UInt8>, source: String) {
        self.bytes = bytes
        self.source = source
        // A UTF-8 byte-order mark would otherwise become part of the first column's name.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    var atEnd: Bool { position >= bytes.count }

    /// Where the current line ends (the index of its newline, or the end of the bytes), found with memchr:
    /// a byte-by-byte Swift loop would make unoptimized (debug) builds slow on large files.
    func lineEnd() -> Int {
        guard let base = bytes.baseAddress, position < bytes.count else { return bytes.count }
        let newline = memchr(base + position, Int32(UInt8(ascii: "\n")), bytes.count - position)
        return newline.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? bytes.count
    }

    /// The next line without its line break (and a trailing CR), with its line number; nil at the end.
    mutating func nextLine() -> (range: Range<Int>, line: Int)? {
        guard position < bytes.count else { return nil }
        let start = position, number = line
        let end = lineEnd()
        if end < bytes.count {
            position = end + 1
            line += 1
        } else {
            position = end
        }
        return (start..<trimCR(end), number)
    }

    /// The index of the first of `byte` in `range`, or nil.
    func find(_ byte: UInt8, in range: Range<Int>) -> Int? {
        guard let base = bytes.baseAddress, !range.isEmpty else { return nil }
        return memchr(base + range.lowerBound, Int32(byte), range.count).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) }
    }

    /// `end`, less one when the byte before it is a carriage return.
    func trimCR(_ end: Int) -> Int {
        end > 0 && bytes[end - 1] == UInt8(ascii: "\r") ? end - 1 : end
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    static func isSpace(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") }

    /// `range` without the blanks (space, tab, CR) at either end.
    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var r = range
        while r.lowerBound < r.upperBound, Self.isSpace(bytes[r.lowerBound]) { r = (r.lowerBound + 1)..<r.upperBound }
        while r.lowerBound < r.upperBound, Self.isSpace(bytes[r.upperBound - 1]) { r = r.lowerBound..<(r.upperBound - 1) }
        return r
    }

    /// strtod over the whole range, or nil when the range is empty or strtod does not consume every byte.
    mutating func number(_ range: Range<Int>) -> Double? {
        let count = range.count
        guard count > 0 else { return nil }
        if count + 1 > scratch.count { scratch = [CChar](repeating: 0, count: count + 1) }
        let base = bytes.baseAddress!
        return scratch.withUnsafeMutableBufferPointer { buf -> Double? in
            memcpy(buf.baseAddress!, base + range.lowerBound, count)
            buf[count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buf.baseAddress!, &end)
            guard let end, end - buf.baseAddress! == count else { return nil }
            return value
        }
    }
}
