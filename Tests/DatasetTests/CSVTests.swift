import Foundation
import XCTest

@testable import Dataset

final class CSVTests: XCTestCase {
    func testReadsNumericAndTextColumns() throws {
        let table = try DataTable.csv(string: "class,a,b\nx,1,2.5\ny,3,-4e-1\n", textColumns: ["class"])
        XCTAssertEqual(table.columnNames, ["a", "b"])
        XCTAssertEqual(table.rowCount, 2)
        XCTAssertEqual(table.values, [1, 2.5, 3, -0.4])
        XCTAssertEqual(table[1, 0], 3)
        XCTAssertEqual(try table.text("class"), ["x", "y"])
        XCTAssertEqual(try table.column("b"), [2.5, -0.4])
        XCTAssertEqual(table.sourceLines, [2, 3])
    }

    func testToleratesCRLFBOMBlankLinesQuotesAndSpaces() throws {
        let text = "\u{FEFF}name, v \r\n\r\n\"a, b\", 1.0 \r\n\n\"say \"\"hi\"\"\",\"2\"\r\n"
        let table = try DataTable.csv(string: text, textColumns: ["name"])
        XCTAssertEqual(table.columnNames, ["v"])
        XCTAssertEqual(table.values, [1, 2])
        XCTAssertEqual(try table.text("name"), ["a, b", "say \"hi\""])
        XCTAssertEqual(table.sourceLines, [3, 5], "blank lines still count toward line numbers")
    }

    func testMissingFinalNewlineIsFine() throws {
        let table = try DataTable.csv(string: "a\n1\n2")
        XCTAssertEqual(table.values, [1, 2])
    }

    func testReadsGzipFromMemoryAndFromFile() throws {
        let plain = try DataTable.csv(string: "class,a,b\nx,1,2.5\ny,3,-4e-1\n", textColumns: ["class"])
        let fromMemory = try DataTable.csv(data: Fixtures.gzipCSV, source: "mem.gz", textColumns: ["class"])
        XCTAssertEqual(fromMemory.values, plain.values)
        XCTAssertEqual(try fromMemory.text("class"), ["x", "y"])

        let dir = try Fixtures.temporaryDirectory(for: self)
        let url = dir.appendingPathComponent("t.csv.gz")
        try Fixtures.gzipCSV.write(to: url)
        let fromFile = try DataTable.load(contentsOf: url, textColumns: ["class"])
        XCTAssertEqual(fromFile.values, plain.values)
        XCTAssertEqual(fromFile.source, url.path)
    }

    func testReadsConcatenatedGzipMembers() throws {
        let table = try DataTable.csv(data: Fixtures.gzipTwoMembers, source: "two.gz", textColumns: ["class"])
        XCTAssertEqual(table.values, [1, 2.5, 3, -0.4])
    }

    func testTruncatedGzipIsAnError() {
        let truncated = Fixtures.gzipCSV.prefix(Fixtures.gzipCSV.count - 12)
        assertDatasetError(try DataTable.csv(data: truncated, source: "cut.gz")) { error in
            guard case .corruptGzip = error.kind else { return XCTFail("\(error)") }
            XCTAssertTrue(error.description.contains("cut.gz"))
        }
    }

    func testPlainFileFromDisk() throws {
        let dir = try Fixtures.temporaryDirectory(for: self)
        let url = dir.appendingPathComponent("t.csv")
        try "x,y\n1,2\n3,4\n".write(to: url, atomically: true, encoding: .utf8)
        let table = try DataTable.load(contentsOf: url)
        XCTAssertEqual(table.columnNames, ["x", "y"])
        XCTAssertEqual(table.values, [1, 2, 3, 4])
    }

    func testMatrixSelectsColumnsInGivenOrder() throws {
        let table = try DataTable.csv(string: "a,b,c\n1,2,3\n4,5,6\n")
        let m = try table.matrix(columns: ["c", "a"])
        XCTAssertEqual(m, Matrix(rows: 2, columns: 2, values: [3, 1, 6, 4]))
        XCTAssertEqual(Array(m.row(1)), [6, 4])
        XCTAssertEqual(m.column(1), [1, 4])
    }
}
