import Foundation
import XCTest

@testable import Dataset

final class NPYTests: XCTestCase {
    func testFloat32TwoDimensional() throws {
        let table = try DataTable.npy(data: Fixtures.npyFloat32, source: "a.npy", columnNames: ["p", "q"])
        XCTAssertEqual(table.columnNames, ["p", "q"])
        XCTAssertEqual(table.rowCount, 3)
        XCTAssertEqual(Array(table.values[0..<5]), [1.5, -2, 3.25, 4, 0])
        XCTAssertEqual(table[2, 1], Double(Float(1e-3)))
    }

    func testFloat64OneDimensionalWithDefaultNames() throws {
        let table = try DataTable.npy(data: Fixtures.npyFloat64, source: "v.npy")
        XCTAssertEqual(table.columnNames, ["x0"])
        XCTAssertEqual(table.values, [0.1, 0.2, 0.3, 1e300])
    }

    func testLoadFromDiskByExtension() throws {
        let dir = try Fixtures.temporaryDirectory(for: self)
        let url = dir.appendingPathComponent("m.npy")
        try Fixtures.npyFloat32.write(to: url)
        let table = try DataTable.load(contentsOf: url)
        XCTAssertEqual(table.columnNames, ["x0", "x1"])
        XCTAssertEqual(table.rowCount, 3)
    }

    func testBigEndianAndVersion2Header() throws {
        let data = Fixtures.npy(
            header: "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 2), }", version: 2,
            payload: Fixtures.bigEndian([1, 2, 3, 4]))
        let table = try DataTable.npy(data: data, source: "be.npy")
        XCTAssertEqual(table.values, [1, 2, 3, 4])
    }

    func testFortranOrderIsRejected() {
        let data = Fixtures.npy(
            header: "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 1), }", payload: Fixtures.littleEndian([1, 2]))
        assertDatasetError(try DataTable.npy(data: data, source: "f.npy")) { error in
            guard case .unsupportedNPY(let why) = error.kind else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("Fortran"))
            XCTAssertEqual(error.file, "f.npy")
        }
    }

    func testOtherDtypesAndRanksAreRejected() {
        let ints = Fixtures.npy(header: "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", payload: [UInt8](repeating: 0, count: 8))
        assertDatasetError(try DataTable.npy(data: ints, source: "i.npy")) { error in
            guard case .unsupportedNPY = error.kind else { return XCTFail("\(error)") }
        }
        let cube = Fixtures.npy(
            header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1), }", payload: Fixtures.littleEndian([1]))
        assertDatasetError(try DataTable.npy(data: cube, source: "c.npy")) { error in
            guard case .unsupportedNPY = error.kind else { return XCTFail("\(error)") }
        }
    }

    func testTruncatedDataAndBadMagic() {
        let short = Fixtures.npy(
            header: "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", payload: Fixtures.littleEndian([1, 2, 3]))
        assertDatasetError(try DataTable.npy(data: short, source: "s.npy")) { error in
            guard case .malformedNPY = error.kind else { return XCTFail("\(error)") }
        }
        assertDatasetError(try DataTable.npy(data: Data("class,a\n".utf8), source: "x.npy")) { error in
            guard case .malformedNPY = error.kind else { return XCTFail("\(error)") }
        }
    }

    func testNonFiniteValueNamesRowAndColumn() {
        let data = Fixtures.npy(
            header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }",
            payload: Fixtures.littleEndian([1, 2, 3, .nan]))
        assertDatasetError(try DataTable.npy(data: data, source: "n.npy", columnNames: ["u", "v"])) { error in
            XCTAssertEqual(error.kind, .nonFinite("nan"))
            XCTAssertEqual(error.line, 2)
            XCTAssertEqual(error.column, "v")
        }
    }

    func testColumnNameCountMustMatch() {
        assertDatasetError(try DataTable.npy(data: Fixtures.npyFloat32, source: "a.npy", columnNames: ["only"])) { error in
            guard case .invalidArgument = error.kind else { return XCTFail("\(error)") }
        }
    }
}
