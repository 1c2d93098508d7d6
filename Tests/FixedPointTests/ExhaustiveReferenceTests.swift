import Foundation
import XCTest
@testable import FixedPoint

extension FixedFormat: FixedFormatLike {
    var q: String { quantization.rawValue }
    var o: String { overflow.rawValue }
    var n: Int { saturationBits }
}

/// Every narrow format (W ≤ 8) against g++ and the ap_types headers: every quantization and overflow mode,
/// N ∈ {0,1,2} for the wrap modes, casts from every value of a wider source and from doubles on two grids.
final class ExhaustiveReferenceTests: XCTestCase {
    /// Overflow settings under test: N only matters for the wrap modes.
    static let overflowSettings: [(OverflowMode, Int)] = [
        (.sat, 0), (.satZero, 0), (.satSym, 0), (.wrap, 0), (.wrap, 1), (.wrap, 2), (.wrapSM, 0), (.wrapSM, 1), (.wrapSM, 2),
    ]

    /// I below zero, inside the word and above W, so the binary point lies left of, within and right of the bits.
    static func integerBitChoices(_ w: Int) -> [Int] { [-2, (w + 1) / 2, w + 2] }

    static func targets(width w: Int) -> [FixedFormat] {
        var out: [FixedFormat] = []
        for i in integerBitChoices(w) {
            for signed in [true, false] {
                for q in QuantizationMode.allCases {
                    // The headers reject AP_WRAP_SM on unsigned types at run time ("cannot support AP_WRAP_SM").
                    for (o, n) in overflowSettings where n <= w && (signed || o != .wrapSM) {
                        out.append(FixedFormat(width: w, integerBits: i, isSigned: signed, quantization: q, overflow: o, saturationBits: n))
                    }
                }
            }
        }
        return out
    }

    /// The source covers the target's range plus three bits of overflow band and three bits below its LSB.
    static func source(for t: FixedFormat, signed: Bool = true) -> FixedFormat {
        FixedFormat(width: t.width + 6, integerBits: t.integerBits + 3, isSigned: signed)
    }

    /// Doubles every target also converts: subnormals, extremes, exact halves.
    static let specialDoubles: [Double] = [
        -0.0, 0.5, -0.5, 1e-300, -1e-300, Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude,
        Double.leastNormalMagnitude, -Double.leastNormalMagnitude, 1e300, -1e300, Double.greatestFiniteMagnitude,
        -Double.greatestFiniteMagnitude, 0.1, -0.1, 1.0 / 3.0, -2.0 / 3.0, 1e-5, 123456.789, -98765.4321,
    ]

    static func gridRange(_ t: FixedFormat) -> ClosedRange<Int> { -(1 << (t.width + 3))...(1 << (t.width + 3)) }

    /// The doubles on the two grids: exact multiples of a quarter LSB, and 0.37-LSB steps that are not dyadic.
    static func gridDoubles(_ t: FixedFormat) -> [Double] {
        let f = t.fractionBits
        var xs: [Double] = []
        for k in gridRange(t) { xs.append(Double(k) * FixedFormat.pow2(-f - 2)) }
        for k in gridRange(t) { xs.append(Double(k) * 0.37 * FixedFormat.pow2(-f)) }
        return xs
    }

    /// Double conversion compiles a large function per target type, so it runs at one I per width, rotating
    /// through the choices so that every I position is still covered across widths.
    /// The unsigned-source batches skip doubles: the signed-source batches already cover those targets.
    static func testsDoubles(_ t: FixedFormat, source: FixedFormat) -> Bool {
        guard source.isSigned else { return false }
        let choices = integerBitChoices(t.width)
        return t.integerBits == choices[t.width % choices.count]
    }

    static func cxxProgram(_ cases: [(FixedFormat, FixedFormat)]) -> String {
        var s = CxxReference.prelude
        s += """
            static std::vector<double> g_special;
            template <class D, class S> static void cast_all() {
              const int SW = S::width;
              for (uint64_t r = 0; r < (1ULL << SW); ++r) {
                S s; s.range(SW - 1, 0) = (ap_ulong)r;
                D d; d = s;
                store_byte(d);
              }
            }
            template <class D> static void doubles_all(int F) {
              const long K = 1L << (D::width + 3);
              for (long k = -K; k <= K; ++k) { D d = (double)k * std::ldexp(1.0, -F - 2); store_byte(d); }
              for (long k = -K; k <= K; ++k) { D d = (double)k * 0.37 * std::ldexp(1.0, -F); store_byte(d); }
              for (size_t j = 0; j < g_special.size(); ++j) { D d = g_special[j]; store_byte(d); }
            }
            static void run_all() {
              uint64_t n = next_word();
              for (uint64_t j = 0; j < n; ++j) { uint64_t b = next_word(); double x; memcpy(&x, &b, 8); g_special.push_back(x); }

            """
        for (t, src) in cases {
            s += "  cast_all<\(CxxReference.cxxType(t)), \(CxxReference.cxxType(src))>();\n"
            if testsDoubles(t, source: src) { s += "  doubles_all<\(CxxReference.cxxType(t))>(\(t.fractionBits));\n" }
        }
        s += "}\n"
        return s.replacingOccurrences(of: "#include <vector>", with: "#include <vector>\n#include <cmath>\n#include <cstring>")
    }

    static func specialInput() -> Data {
        var words: [UInt64] = [UInt64(specialDoubles.count)] + specialDoubles.map(\.bitPattern)
        return Data(bytes: &words, count: words.count * 8)
    }

    /// Compares one target's block of output with the Swift model; returns the number of cases and the mismatches.
    static func check(_ t: FixedFormat, _ src: FixedFormat, _ bytes: Data, at offset: inout Int, mismatches: inout [String]) -> Int {
        var count = 0
        var here = 0
        let mask = (1 << t.width) - 1
        func compare(_ got: UInt8, _ want: Int128, _ what: @autoclosure () -> String) {
            count += 1
            let w = Int(truncatingIfNeeded: want) & mask
            // A few per format, so one broken mode cannot hide the others.
            if Int(got) & mask != w { here += 1 }
            if Int(got) & mask != w, here <= 2, mismatches.count < 400 {
                let g = t.wrapRaw(Int128(got))
                mismatches.append("\(t.fullDescription) ← \(what()): headers \(binary(g, width: t.width)) (\(g)), Swift \(binary(want, width: t.width)) (\(want))")
            }
        }
        bytes.withUnsafeBytes { (buf: UnsafeRawBufferPointer) in
            for r in 0..<(Int128(1) << src.width) {
                let v = src.wrapRaw(r)
                compare(buf[offset], t.cast(v, from: src), "\(src.fullDescription) raw \(binary(v, width: src.width)) (\(v))")
                offset += 1
            }
            guard testsDoubles(t, source: src) else { return }
            for x in gridDoubles(t) + specialDoubles {
                compare(buf[offset], t.raw(fromDouble: x), "double \(x) (\(String(x.bitPattern, radix: 16)))")
                offset += 1
            }
        }
        return count
    }

    func runBatches(_ batches: [[(FixedFormat, FixedFormat)]], label: String) throws {
        let start = Date()
        let programs = batches.enumerated().map { k, cases in
            (name: "\(label)-\(k)", source: Self.cxxProgram(cases), input: Self.specialInput())
        }
        let outputs: [Data]
        do { outputs = try CxxReference.buildAndRunAll(programs) } catch {
            XCTFail("\(error)")
            return
        }
        let built = Date()
        var total = 0
        var formats = 0
        var mismatches: [String] = []
        for (cases, bytes) in zip(batches, outputs) {
            var offset = 0
            for (t, src) in cases {
                total += Self.check(t, src, bytes, at: &offset, mismatches: &mismatches)
                formats += 1
            }
            XCTAssertEqual(offset, bytes.count, "output length differs from the cases the Swift side expects")
        }
        print("reference \(label): \(formats) target formats, \(total) cases compared with ap_types; build+run \(String(format: "%.1f", built.timeIntervalSince(start))) s, Swift check \(String(format: "%.1f", Date().timeIntervalSince(built))) s")
        if !mismatches.isEmpty {
            XCTFail("\(mismatches.count)+ mismatches with the ap_types headers (first ones):\n" + mismatches.joined(separator: "\n"))
        }
    }

    /// Signed sources into every target; one program per width and signedness keeps each compile small enough to run in parallel.
    func testEveryNarrowFormatAgainstHeaders() throws {
        var batches: [[(FixedFormat, FixedFormat)]] = []
        for w in 1...8 {
            for signed in [true, false] {
                batches.append(Self.targets(width: w).filter { $0.isSigned == signed }.map { ($0, Self.source(for: $0)) })
            }
        }
        try runBatches(batches, label: "exhaustive")
    }

    /// Unsigned sources exercise the paths where the source sign bit is absent (AP_SAT_SYM, AP_WRAP_SM's lD bit).
    func testUnsignedSourcesAgainstHeaders() throws {
        let cases = [3, 6].flatMap { w in Self.targets(width: w).map { ($0, Self.source(for: $0, signed: false)) } }
        try runBatches([cases.filter { $0.0.width == 3 }, cases.filter { $0.0.width == 6 }], label: "unsigned-source")
    }
}
