import Foundation
import XCTest

@testable import Dataset

/// Small inputs shared by the tests; binary ones were written by Python's gzip and numpy.save.
enum Fixtures {
    /// gzip of "class,a,b\nx,1,2.5\ny,3,-4e-1\n".
    static let gzipCSV = Data(base64Encoded: "H4sIAAAAAAACA0vOSSwu1knUSeKq0DHUMdIz5arUMdbRNUnVNeQCALis4TwcAAAA")!
    /// The same CSV as two concatenated gzip members.
    static let gzipTwoMembers = Data(base64Encoded:
        "H4sIAAAAAAACA0vOSSwu1knUSeKq0DHUMdIz5QIAf/GOWhIAAAAfiwgAAAAAAAIDq9Qx1tE1SdU15AIAZYQ6ewoAAAA=")!
    /// numpy float32 array [[1.5, -2], [3.25, 4], [0, 1e-3]].
    static let npyFloat32 = Data(base64Encoded:
        "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAwAAAUEAAAIBAAAAAAG8Sgzo=")!
    /// numpy float64 vector [0.1, 0.2, 0.3, 1e300].
    static let npyFloat64 = Data(base64Encoded:
        "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqamZmZmZm5P5qZmZmZmck/MzMzMzMz0z+cdQCIPOQ3fg==")!

    /// Builds an .npy file by hand, for header variants numpy would not write by default.
    static func npy(header dict: String, version: UInt8 = 1, payload: [UInt8]) -> Data {
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
        let prefix = version == 1 ? 10 : 12
        var text = Array(dict.utf8)
        // numpy pads the header with spaces so the data starts on a 64-byte boundary.
        while (prefix + text.count + 1) % 64 != 0 { text.append(UInt8(ascii: " ")) }
        text.append(UInt8(ascii: "\n"))
        let n = text.count
        bytes += version == 1 ? [UInt8(n & 0xff), UInt8(n >> 8)] : [UInt8(n & 0xff), UInt8((n >> 8) & 0xff), 0, 0]
        return Data(bytes + text + payload)
    }

    static func littleEndian(_ values: [Double]) -> [UInt8] {
        values.flatMap { v -> [UInt8] in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    }

    static func bigEndian(_ values: [Float]) -> [UInt8] {
        values.flatMap { v -> [UInt8] in withUnsafeBytes(of: v.bitPattern.bigEndian) { Array($0) } }
    }

    /// A fresh temporary directory removed when the test case tears down.
    static func temporaryDirectory(for test: XCTestCase) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("DatasetTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }
}

/// Asserts that `body` throws a DatasetError and hands it over for inspection.
func assertDatasetError<T>(
    _ body: @autoclosure () throws -> T, file: StaticString = #filePath, line: UInt = #line,
    _ check: (DatasetError) -> Void
) {
    do {
        _ = try body()
        XCTFail("expected a DatasetError", file: file, line: line)
    } catch let error as DatasetError {
        check(error)
    } catch {
        XCTFail("expected a DatasetError, got \(error)", file: file, line: line)
    }
}
