import Foundation
import XCTest
@testable import Dataset

/// Inputs the fuzzers (Scripts/fuzz/run.sh) found crashing, kept so they never crash again.
final class FuzzRegressionTests: XCTestCase {
    func bytes(_ hex: String) -> Data {
        var out = Data()
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            out.append(UInt8(hex[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    /// npy: a header shape of (2555555555355555555, 2) overflowed rows × columns × itemSize (arithmetic trap).
    func testNPYShapeProductOverflowIsAnError() {
        let data = bytes("934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028323535353535353535353533353535353535352c2032292c207d202020202020202020202020202000000000f03f000000556e73e166654d750000000000000000001040")
        XCTAssertThrowsError(try DataTable.npy(data: data, source: "crash.npy")) { e in
            XCTAssertTrue("\(e)".contains("shape"), "\(e)")
        }
    }

    /// npy: zero rows of 2^60 columns passed the size check and then sized the column names by the shape
    /// (seen while fixing the overflow above).
    func testNPYZeroRowsOfHugeWidthIsAnError() {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 1152921504606846976), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        let data = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8))
        XCTAssertThrowsError(try DataTable.npy(data: data, source: "wide.npy"))
    }
}
