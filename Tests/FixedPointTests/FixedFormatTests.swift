import XCTest
@testable import FixedPoint

final class FixedFormatTests: XCTestCase {
    func testParsesAndPrintsFormats() throws {
        XCTAssertEqual(try FixedFormat(parsing: "ap_fixed<16,6>"), .fixed(16, 6))
        XCTAssertEqual(try FixedFormat(parsing: "ap_ufixed<8, -2, AP_RND, AP_SAT>"), .ufixed(8, -2, .rnd, .sat))
        XCTAssertEqual(try FixedFormat(parsing: "ap_fixed<18,8,RND_CONV,WRAP,2>"), .fixed(18, 8, .rndConv, .wrap, 2))
        XCTAssertEqual(try FixedFormat(parsing: "ap_int<5>"), .fixed(5, 5))
        XCTAssertEqual(FixedFormat.fixed(16, 6).description, "ap_fixed<16,6>")
        XCTAssertEqual(FixedFormat.fixed(16, 6, .rnd, .sat).description, "ap_fixed<16,6,AP_RND,AP_SAT>")
    }

    func testBadPrecisionNamesThePart() {
        func column(_ s: String) -> (Int, String) {
            do { _ = try FixedFormat(parsing: s); return (0, "") } catch { return (error.column, error.message) }
        }
        XCTAssertEqual(column("ap_fixed<0,2>").0, 10)
        XCTAssertTrue(column("ap_fixed<0,2>").1.contains("at least 1"))
        XCTAssertEqual(column("ap_fixed<16,6,AP_FOO>").0, 15)
        XCTAssertTrue(column("ap_fixed<16,6,AP_FOO>").1.contains("AP_FOO"))
        XCTAssertTrue(column("fixed<16,6>").1.contains("unknown type"))
        XCTAssertTrue(column("ap_fixed<16>").1.contains("integer-bit"))
        XCTAssertTrue(column("ap_fixed<16,x>").1.contains("'x'"))
    }

    func testResultFormats() {
        XCTAssertEqual(FixedFormat.sum(.fixed(16, 6), .fixed(10, 2)), .fixed(17, 7))
        XCTAssertEqual(FixedFormat.sum(.fixed(8, 3), .ufixed(8, 3)), .fixed(10, 5))
        XCTAssertEqual(FixedFormat.product(.fixed(16, 6), .fixed(16, 6)), .fixed(32, 12))
        XCTAssertEqual(FixedFormat.negation(.ufixed(8, 4)), .fixed(9, 5))
        XCTAssertEqual(FixedFormat.difference(.ufixed(8, 4), .ufixed(8, 4)), .fixed(9, 5))
    }

    func testDoubleConversionIsExact() {
        let f = FixedFormat.fixed(16, 6)
        XCTAssertEqual(f.raw(fromDouble: 1.5), 1536)
        XCTAssertEqual(f.raw(fromDouble: -1.5), -1536)
        XCTAssertEqual(f.raw(fromDouble: 0.1), 102) // floor(0.1·1024)
        XCTAssertEqual(f.raw(fromDouble: -0.1), -103)
        XCTAssertEqual(FixedFormat.fixed(16, 6, .rnd).raw(fromDouble: 0.1), 102)
        XCTAssertEqual(f.raw(fromDouble: 40), 40 * 1024 - 65536) // wraps
        XCTAssertEqual(FixedFormat.fixed(16, 6, .trn, .sat).raw(fromDouble: 40), 32767)
        XCTAssertEqual(FixedFormat.fixed(16, 6, .trn, .satSym).raw(fromDouble: -40), -32767)
        XCTAssertEqual(FixedFormat.fixed(16, 6, .trn, .satSym).raw(fromDouble: -32), -32767)
        XCTAssertEqual(FixedFormat.fixed(16, 6, .trn, .sat).raw(fromDouble: 1e300), 32767)
        XCTAssertEqual(f.raw(fromDouble: 1e-300), 0)
        XCTAssertEqual(f.raw(fromDouble: -1e-300), -1)
        XCTAssertEqual(f.double(fromRaw: 1536), 1.5)
    }

    func testRoundingModesAtHalf() {
        // 2.5 and -2.5 as ap_fixed<8,6> (F=2) into ap_fixed<8,8> (integers).
        let src = FixedFormat.fixed(8, 6)
        let cases: [(QuantizationMode, Int128, Int128)] = [
            (.rnd, 3, -2), (.rndZero, 2, -2), (.rndMinInf, 2, -3), (.rndInf, 3, -3),
            (.rndConv, 2, -2), (.trn, 2, -3), (.trnZero, 2, -2),
        ]
        for (mode, pos, neg) in cases {
            let dst = FixedFormat.fixed(8, 8, mode)
            XCTAssertEqual(dst.cast(10, from: src), pos, "\(mode) 2.5")
            XCTAssertEqual(dst.cast(-10, from: src), neg, "\(mode) -2.5")
        }
    }
}
