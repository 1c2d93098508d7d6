import Foundation
@testable import Dataset
import XCTest

/// The cursor both the CSV and the ARFF reader walk.
final class ByteCursorTests: XCTestCase {
    func withCursor<T>(_ text: String, _ body: (inout ByteCursor) throws -> T) rethrows -> T {
        let data = Data(text.utf8)
        return try data.withUnsafeBytes { raw in
            var c = ByteCursor(bytes: raw.bindMemory(to: UInt8.self), source: "t")
            return try body(&c)
        }
    }

    func testLinesNumbersCRLFAndByteOrderMark() {
        let lines = withCursor("\u{FEFF}a,b\r\n\nlast") { c -> [(String, Int)] in
            var out: [(String, Int)] = []
            while let (r, n) = c.nextLine() { out.append((c.string(r), n)) }
            return out
        }
        XCTAssertEqual(lines.map(\.0), ["a,b", "", "last"])
        XCTAssertEqual(lines.map(\.1), [1, 2, 3])
    }

    func testNumbersMustUseEveryByte() {
        withCursor("  1.5e3 |12x|" + String(repeating: "0", count: 80) + "2.25") { c in
            XCTAssertEqual(c.number(c.trimmed(0..<8)), 1500)
            XCTAssertNil(c.number(9..<12), "a trailing letter is not a number")
            XCTAssertNil(c.number(9..<9))
            XCTAssertEqual(c.number(13..<(13 + 84)), 2.25, "longer than the scratch buffer")
        }
    }

    func testFind() {
        withCursor("a,b,\"c\"") { c in
            XCTAssertEqual(c.find(UInt8(ascii: ","), in: 0..<7), 1)
            XCTAssertEqual(c.find(UInt8(ascii: ","), in: 2..<7), 3)
            XCTAssertNil(c.find(UInt8(ascii: "x"), in: 0..<7))
            XCTAssertEqual(c.lineEnd(), 7)
        }
    }
}
