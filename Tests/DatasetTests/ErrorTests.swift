import Foundation
import XCTest

@testable import Dataset

/// Every bad input must name the file, the 1-based line and the column where that applies.
final class ErrorTests: XCTestCase {
    func testNonNumericCellNamesFileLineAndColumn() {
        assertDatasetError(try DataTable.csv(string: "a,b\n1,2\n3,oops\n", source: "f.csv")) { error in
            XCTAssertEqual(error.kind, .nonNumeric("oops"))
            XCTAssertEqual(error.line, 3)
            XCTAssertEqual(error.column, "b")
            XCTAssertEqual(error.description, "f.csv:3 column 'b': non-numeric cell 'oops'")
        }
    }

    func testEmptyNumericCellIsNonNumeric() {
        assertDatasetError(try DataTable.csv(string: "a,b\n1,\n", source: "f.csv")) { error in
            XCTAssertEqual(error.kind, .nonNumeric(""))
            XCTAssertEqual(error.line, 2)
            XCTAssertEqual(error.column, "b")
        }
    }

    func testNaNAndInfinityAreRejected() {
        for cell in ["nan", "NaN", "inf", "-Infinity", "1e999"] {
            assertDatasetError(try DataTable.csv(string: "a,b\n1,2\n\n4,\(cell)\n", source: "f.csv")) { error in
                XCTAssertEqual(error.kind, .nonFinite(cell), cell)
                XCTAssertEqual(error.line, 4, cell)
                XCTAssertEqual(error.column, "b", cell)
            }
        }
    }

    func testLineNumbersCountNewlinesInsideQuotes() {
        let text = "name,v\n\"two\nlines\",1\nc,x\n"
        assertDatasetError(try DataTable.csv(string: text, source: "q.csv", textColumns: ["name"])) { error in
            XCTAssertEqual(error.kind, .nonNumeric("x"))
            XCTAssertEqual(error.line, 4)
            XCTAssertEqual(error.column, "v")
        }
    }

    func testRaggedRow() {
        assertDatasetError(try DataTable.csv(string: "a,b\n1,2\n3\n", source: "f.csv")) { error in
            XCTAssertEqual(error.kind, .raggedRow(expected: 2, found: 1))
            XCTAssertEqual(error.line, 3)
            XCTAssertTrue(error.description.hasPrefix("f.csv:3"))
        }
        assertDatasetError(try DataTable.csv(string: "a,b\n1,2,3\n", source: "f.csv")) { error in
            XCTAssertEqual(error.kind, .raggedRow(expected: 2, found: 3))
            XCTAssertEqual(error.line, 2)
        }
    }

    func testEmptyFileAndHeaderOnly() {
        assertDatasetError(try DataTable.csv(string: "", source: "empty.csv")) { error in
            XCTAssertEqual(error.kind, .emptyFile)
            XCTAssertEqual(error.file, "empty.csv")
            XCTAssertEqual(error.line, 1)
        }
        assertDatasetError(try DataTable.csv(string: "\n\n", source: "blank.csv")) { error in
            XCTAssertEqual(error.kind, .emptyFile)
        }
        assertDatasetError(try DataTable.csv(string: "a,b\n", source: "head.csv")) { error in
            XCTAssertEqual(error.kind, .emptyFile)
        }
        assertDatasetError(try DataTable.npy(data: Data(), source: "e.npy")) { error in
            XCTAssertEqual(error.kind, .emptyFile)
        }
    }

    func testMissingColumns() throws {
        let table = try DataTable.csv(string: "a,b\n1,2\n", source: "f.csv")
        assertDatasetError(try table.classification(features: ["a", "zz"], label: "b")) { error in
            XCTAssertEqual(error.kind, .missingColumn("zz"))
            XCTAssertEqual(error.column, "zz")
            XCTAssertTrue(error.description.contains("f.csv"))
        }
        assertDatasetError(try table.regression(features: ["a"], target: "y")) { error in
            XCTAssertEqual(error.kind, .missingColumn("y"))
        }
        assertDatasetError(try DataTable.csv(string: "a,b\n1,2\n", source: "f.csv", textColumns: ["label"])) { error in
            XCTAssertEqual(error.kind, .missingColumn("label"))
            XCTAssertEqual(error.line, 1)
        }
    }

    func testDuplicateHeader() {
        assertDatasetError(try DataTable.csv(string: "a,a\n1,2\n", source: "f.csv")) { error in
            XCTAssertEqual(error.kind, .duplicateColumn("a"))
        }
    }

    func testUnknownClassLabelWhenClassesGiven() throws {
        let table = try DataTable.csv(string: "c,x\ng,1\n\nq,2\nh,3\n", source: "f.csv", textColumns: ["c"])
        assertDatasetError(try table.classification(features: ["x"], label: "c", classes: ["g", "q"])) { error in
            XCTAssertEqual(error.kind, .unknownLabel("h"))
            XCTAssertEqual(error.line, 5)
            XCTAssertEqual(error.column, "c")
            XCTAssertEqual(error.description, "f.csv:5 column 'c': unknown class label 'h'")
        }
    }

    func testMissingFile() {
        let url = URL(fileURLWithPath: "/nonexistent/dir/data.csv")
        assertDatasetError(try DataTable.load(contentsOf: url)) { error in
            XCTAssertEqual(error.kind, .fileNotFound)
            XCTAssertEqual(error.file, "/nonexistent/dir/data.csv")
        }
    }

    func testBadSplitFraction() throws {
        let set = try DataTable.csv(string: "x,y\n1,2\n").regression(features: ["x"], target: "y")
        assertDatasetError(try set.split(testFraction: 1.5, seed: 1)) { error in
            guard case .invalidArgument = error.kind else { return XCTFail("\(error)") }
        }
    }
}
