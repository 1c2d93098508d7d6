import FixedPoint
import XCTest
@testable import Datapath

/// Leading-one indexed tables: the index partitions the covered range into bins whose step doubles per segment.
final class SegmentedTableTests: XCTestCase {
    /// Every argument, in range or not, reads the entry whose bin holds it; the bins tile [0, 2^covered) in order.
    func testIndexReadsTheBinHoldingTheArgument() {
        for m in 1...4 {
            for count in 1...6 {
                let g = TableSegments(mantissaBits: m, count: count)
                XCTAssertEqual(g.entries, count << m)
                XCTAssertLessThanOrEqual(g.entries, 1 << g.addressBits)
                var next: Int128 = 0
                for i in 0..<g.entries {
                    let (first, n) = g.bin(i)
                    XCTAssertEqual(first, next, "bins are contiguous (m \(m), \(count) segments, entry \(i))")
                    // Steps stay within 2^-m of the bin's first value past segment 0.
                    if first >= Int128(1) << m { XCTAssertLessThanOrEqual(n << m, first) }
                    for u in first..<(first + n) {
                        let r = g.index(u)
                        XCTAssertEqual(r.index, i)
                        XCTAssertTrue(r.inRange)
                    }
                    next = first + n
                }
                XCTAssertEqual(next, Int128(1) << g.coveredBits)
                XCTAssertEqual(g.index(-1).index, 0)
                XCTAssertFalse(g.index(-1).inRange)
                XCTAssertEqual(g.index(next).index, g.entries - 1)
                XCTAssertFalse(g.index(next).inRange)
            }
        }
    }

    /// sqrt near 0: one entry per input step, so the table is exact there; further out, midpoint bins keep the
    /// error within sqrt(x)·2^-(m+2) plus half an output LSB (the named bound of a bin of relative width 2^-m).
    func testSqrtIsExactAtTheInputStepsAndRelativelyAccurateBeyond() {
        let input = FixedFormat.fixed(16, 8)
        let output = FixedFormat.fixed(24, 5, .rnd)
        let m = 5
        let g = TableSegments(mantissaBits: m, covering: 15)
        let t = FunctionTable(function: .sqrt, segments: g, start: 0, inputFormat: input, outputFormat: output)
        XCTAssertEqual(t.size, g.entries)
        XCTAssertEqual(t.end, 128)
        for raw in Int128(0)..<(Int128(1) << 15) {
            let x = input.double(fromRaw: raw)
            let (i, inRange) = t.index(raw)
            XCTAssertTrue(inRange)
            let v = output.double(fromRaw: t.entries[i])
            if raw < Int128(1) << (m + 1) {
                XCTAssertEqual(t.entries[i], output.raw(fromDouble: x.squareRoot()), "exact at \(x)")
            } else {
                XCTAssertLessThanOrEqual(abs(v - x.squareRoot()), x.squareRoot() * FixedFormat.pow2(-(m + 2)) + output.lsb / 2, "at \(x)")
            }
        }
        XCTAssertFalse(t.index(input.raw(fromDouble: -0.5)).inRange)
    }
}
