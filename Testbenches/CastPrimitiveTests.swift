import FixedPoint
import Foundation
import Verilator
import VerilogBackend
import XCTest

/// sf_cast against the Swift fixed-point model: every input pattern, every mode, many format pairs.
final class CastPrimitiveTests: XCTestCase {
    struct Config {
        var source: FixedFormat
        var target: FixedFormat
    }

    /// Target layouts exercised for each source: narrowing, widening, shifts both ways, I < 0, I > W, 1-bit.
    static func targets(for s: FixedFormat) -> [(w: Int, f: Int, signed: Bool)] {
        let f = s.fractionBits
        return [
            (4, f - 2, true), (5, f + 1, true), (3, f - 4, false), (8, f, true), (1, f - 3, true),
            (6, f + 9, true), (4, f - 7, false), (12, f + 2, true), (5, f, false), (2, f - 1, true),
        ]
    }

    static func modes() -> [(QuantizationMode, OverflowMode, Int)] {
        var out: [(QuantizationMode, OverflowMode, Int)] = []
        for q in QuantizationMode.allCases {
            for o in OverflowMode.allCases {
                for n in (o == .wrap || o == .wrapSM) ? [0, 1, 2] : [0] { out.append((q, o, n)) }
            }
        }
        return out
    }

    func wrapper(source s: FixedFormat, configs: [FixedFormat]) -> (DesignSource, [(name: String, text: String)]) {
        var lines = [
            "`timescale 1ns / 1ps", "`default_nettype none", "module cast_bench (",
            "    input wire clk,", "    input wire [\(s.width - 1):0] din,",
        ]
        for (i, t) in configs.enumerated() {
            lines.append("    output wire [\(t.width - 1):0] d\(i)\(i == configs.count - 1 ? "" : ",")")
        }
        lines.append(");")
        lines.append("    wire sf_unused_clk = clk;")
        for (i, t) in configs.enumerated() {
            lines.append("    sf_cast #(.IN_W(\(s.width)), .IN_F(\(s.fractionBits)), .IN_SIGNED(\(s.isSigned ? 1 : 0)), .OUT_W(\(t.width)), .OUT_F(\(t.fractionBits)), .OUT_SIGNED(\(t.isSigned ? 1 : 0)), .QMODE(\(HDLLibrary.code(t.quantization))), .OMODE(\(HDLLibrary.code(t.overflow))), .NBITS(\(t.saturationBits))) u\(i) (.din(din), .dout(d\(i)));")
        }
        lines.append("endmodule")
        lines.append("`default_nettype wire")
        let text = lines.joined(separator: "\n") + "\n"
        let files = [(name: "cast_bench.v", text: text)] + (try! HDLLibrary.files())
        let ports = [PortSpec(name: "din", direction: .input, width: s.width)]
            + configs.enumerated().map { PortSpec(name: "d\($0.offset)", direction: .output, width: $0.element.width) }
        return (DesignSource(files: files, top: "cast_bench", ports: ports, extraFlags: ["-Wno-UNUSEDSIGNAL"]), files)
    }

    func check(source s: FixedFormat) throws {
        var configs: [FixedFormat] = []
        for t in Self.targets(for: s) {
            for (q, o, n) in Self.modes() where n <= t.w {
                configs.append(FixedFormat(width: t.w, integerBits: t.w - t.f, isSigned: t.signed, quantization: q, overflow: o, saturationBits: n))
            }
        }
        let (source, _) = wrapper(source: s, configs: configs)
        let sim = try SimulatedDesign.load(try Bench.tools().build(source))
        let count = 1 << s.width
        let inputs = (0..<count).map { UInt32($0) }
        let out = try sim.run(cycles: count, inputs: inputs)
        var failures = 0
        for pattern in 0..<count {
            let raw = s.wrapRaw(Int128(pattern))
            for (i, t) in configs.enumerated() {
                let expected = UInt32(truncatingIfNeeded: t.cast(raw, from: s)) & UInt32((1 << t.width) - 1)
                let got = out[pattern * configs.count + i]
                if got != expected {
                    failures += 1
                    if failures <= 10 {
                        XCTFail("\(s.fullDescription) → \(t.fullDescription): input \(String(pattern, radix: 2)) (\(s.double(fromRaw: raw))) RTL \(String(got, radix: 2)) model \(String(expected, radix: 2))")
                    }
                }
            }
        }
        XCTAssertEqual(failures, 0, "\(failures) disagreements for source \(s.fullDescription) over \(count * configs.count) cases")
    }

    func testSignedSourceExhaustive() throws { try check(source: .fixed(8, 4)) }
    func testUnsignedSourceExhaustive() throws { try check(source: .ufixed(8, 3)) }
    func testSourceWithNegativeIntegerBits() throws { try check(source: .fixed(7, -2)) }
    func testSourceWithIntegerBitsBeyondWidth() throws { try check(source: .fixed(6, 9)) }

    func testLintCleanInEveryConfiguration() throws {
        // One lint run over a wrapper holding a representative spread of configurations.
        let s = FixedFormat.fixed(8, 4)
        var configs: [FixedFormat] = []
        for t in Self.targets(for: s) {
            for (q, o, n) in Self.modes() where n <= t.w && (q == .rnd || q == .rndConv || q == .trn) {
                configs.append(FixedFormat(width: t.w, integerBits: t.w - t.f, isSigned: t.signed, quantization: q, overflow: o, saturationBits: n))
            }
        }
        let (_, files) = wrapper(source: s, configs: configs)
        try Bench.lint(files, top: "cast_bench")
    }
}
