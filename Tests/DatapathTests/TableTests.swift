import FixedPoint
import XCTest
@testable import Datapath

final class TableTests: XCTestCase {
    func testClampedIndexFollowsTheContract() {
        // 16 entries on [-8, 8): index = floor((x + 8)·16/16), clamped; input F = 4.
        let t = FunctionTable(function: .tanh, addressBits: 4, start: -8, spanLog2: 4, inputFormat: .fixed(12, 8), outputFormat: .fixed(12, 2))
        let f = t.inputFormat
        XCTAssertEqual(t.index(f.raw(fromDouble: -8)).index, 0)
        XCTAssertEqual(t.index(f.raw(fromDouble: -7.0625)).index, 0)
        XCTAssertEqual(t.index(f.raw(fromDouble: -7)).index, 1)
        XCTAssertEqual(t.index(f.raw(fromDouble: 7.9375)).index, 15)
        XCTAssertEqual(t.index(f.raw(fromDouble: 8)).index, 15)
        XCTAssertFalse(t.index(f.raw(fromDouble: 8)).inRange)
        XCTAssertFalse(t.index(f.raw(fromDouble: -8.0625)).inRange)
        XCTAssertTrue(t.index(f.raw(fromDouble: 0)).inRange)
        // Midpoint sampling: entry i holds tanh(start + (i + ½)·step).
        XCTAssertEqual(t.entries[8], t.outputFormat.raw(fromDouble: tanh(0.5)))
    }

    func testPeriodicIndexWraps() {
        let t = FunctionTable(function: .sin, addressBits: 3, start: 0, spanLog2: 0, periodic: true, scale: 2 * .pi,
                              sampling: .leftEdge, inputFormat: .fixed(10, 4), outputFormat: .fixed(10, 2))
        let f = t.inputFormat
        XCTAssertEqual(t.index(f.raw(fromDouble: 0.25)).index, 2)
        XCTAssertEqual(t.index(f.raw(fromDouble: 1.25)).index, 2)
        XCTAssertEqual(t.index(f.raw(fromDouble: -0.75)).index, 2)
        XCTAssertEqual(t.entries[2], t.outputFormat.raw(fromDouble: 1)) // sin(π/2)
    }

    func testEntriesSaturateInsteadOfWrapping() {
        let t = FunctionTable(function: .exp, addressBits: 4, start: -8, spanLog2: 4, inputFormat: .fixed(12, 8), outputFormat: .fixed(10, 4))
        XCTAssertEqual(t.entries.last, t.outputFormat.maxRaw)
    }

    func testEveryFunctionAgainstFloatWithinItsDocumentedError() throws {
        // Worst error over each table's range for the defaults (1024 entries, ap_fixed<18,8> output),
        // tolerances as documented in docs/functions.md.
        let tolerance: [TableFunction: Double] = [
            .tanh: 0.01, .sigmoid: 0.01, .gauss: 0.005, .sinh: 25, .cosh: 25, .exp: 30, .sqrt: 0.05, .log: 1.5, .inv: 0.015,
        ]
        for (fn, tol) in tolerance {
            let r = TableConfig.standard.ranges[fn]!
            let t = FunctionTable(function: fn, addressBits: r.addressBits, start: r.start, spanLog2: r.spanLog2,
                                  inputFormat: .fixed(24, 8), outputFormat: .fixed(18, 8, .rnd))
            var worst = 0.0
            for k in 0..<4096 {
                let x = r.start + (Double(k) + 0.5) / 4096 * FixedFormat.pow2(r.spanLog2)
                let raw = t.inputFormat.raw(fromDouble: x)
                let y = t.outputFormat.double(fromRaw: t.entries[t.index(raw).index])
                let ref = min(max(fn.apply(x), t.outputFormat.minValue), t.outputFormat.maxValue)
                worst = max(worst, abs(y - ref))
            }
            XCTAssertLessThan(worst, tol, "\(fn)")
        }
    }
}
import Foundation
