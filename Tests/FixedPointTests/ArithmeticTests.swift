import XCTest
@testable import FixedPoint

/// Small, g++-free checks of the arithmetic API; the reference tests cover the same ground exhaustively.
final class ArithmeticTests: XCTestCase {
    func testFullPrecisionOperators() {
        let f = FixedFormat.fixed(18, 8)
        let a = FixedValue(1.5, f), b = FixedValue(-2.25, f)
        XCTAssertEqual((a + b).doubleValue, -0.75)
        XCTAssertEqual((a + b).format, .fixed(19, 9))
        XCTAssertEqual((a - b).doubleValue, 3.75)
        XCTAssertEqual((a * b).doubleValue, -3.375)
        XCTAssertEqual((a * b).format, .fixed(36, 16))
        XCTAssertEqual((-b).doubleValue, 2.25)
        XCTAssertTrue(b < a)
        XCTAssertTrue(FixedValue(0.5, .ufixed(4, 1)).isEqual(to: FixedValue(0.5, .fixed(10, 3))))
        XCTAssertEqual((a * b).cast(to: .fixed(8, 2, .rnd, .sat)).doubleValue, -2.0)
    }

    /// Pairs measured with g++ and the headers: mixed-signedness comparisons follow C's integer rules.
    func testComparisonFollowsTheHeaders() {
        func rel(_ r: FixedRelation, _ a: Int128, _ fa: FixedFormat, _ b: Int128, _ fb: FixedFormat) -> Bool {
            FixedFormat.holds(r, .small(a), fa, .small(b), fb)
        }
        let s34 = FixedFormat.fixed(34, 34), u34 = FixedFormat.ufixed(34, 34)
        XCTAssertFalse(rel(.equal, -4, s34, (1 << 34) - 4, u34))
        XCTAssertTrue(rel(.greaterThan, -4, s34, (1 << 34) - 4, u34))
        XCTAssertTrue(rel(.equal, -1, .fixed(8, 8), (1 << 32) - 1, .ufixed(32, 32)))
        XCTAssertTrue(rel(.greaterThan, -1, .fixed(8, 8), (1 << 32) - 1, .ufixed(32, 32)))
        XCTAssertTrue(rel(.lessThan, -1, .fixed(20, 20), (1 << 20) - 1, .ufixed(20, 20)))
        XCTAssertTrue(rel(.equal, -1, .fixed(64, 64), (1 << 64) - 1, .ufixed(64, 64)))
        XCTAssertFalse(rel(.equal, -1, .fixed(65, 65), (1 << 64) - 1, .ufixed(64, 64)))
        XCTAssertTrue(rel(.lessThan, -1, .fixed(65, 65), (1 << 64) - 1, .ufixed(64, 64)))
        // Numeric order is still available.
        XCTAssertEqual(FixedFormat.compare(.small(-4), s34, .small((1 << 34) - 4), u34), -1)
    }

    func testWidePathMatchesFastPathWhereBothApply() {
        let src = FixedFormat.fixed(100, 40)
        for q in QuantizationMode.allCases {
            for o in OverflowMode.allCases {
                let t = FixedFormat.fixed(20, 6, q, o, o == .wrap || o == .wrapSM ? 2 : 0)
                for v: Int128 in [0, 1, -1, 12345678901234567, -98765432109876543, (1 << 98), -(1 << 99)] {
                    XCTAssertEqual(t.cast(BigRaw(v), from: src).int128, t.cast(v, from: src), "\(t) ← \(v)")
                }
            }
        }
    }

    func testAutomaticPathSelection() {
        let w = FixedFormat.fixed(200, 100)
        XCTAssertFalse(w.isFastPath)
        let x = w.fixedRaw(fromDouble: -3.25)
        guard case .wide = x else { return XCTFail("a 200-bit value should live on the GMP path") }
        XCTAssertEqual(w.double(from: x), -3.25)
        let p = FixedFormat.multiply(x, w, x, w)
        XCTAssertEqual(FixedFormat.product(w, w).double(from: p), 10.5625)
        let back = FixedFormat.fixed(16, 8).cast(p, from: .product(w, w))
        XCTAssertEqual(back, .small(2704)) // 10.5625 · 256
        // 64 × 64 bits is 128 > fastPathMaxWidth: the product moves to GMP by itself.
        XCTAssertEqual(FixedFormat.multiply(.small(3), .fixed(64, 64), .small(-5), .fixed(64, 64)), .wide(BigRaw(-15)))
    }
}
