import Support
import Datapath
import FixedPoint
import Foundation
@testable import HLSBackend
import SymbolicExpression
import Testbench
import XCTest

/// Shared helpers: lowering formulas, stimulus, and a csim that skips cleanly when g++ or ap_types is absent.
enum Fixture {
    static func lower(_ text: String, name: String, format: FixedFormat = .fixed(16, 6), inputs: Int? = nil,
                      tables: TableConfig = .standard, maxIntermediateWidth: Int? = nil) throws -> Datapath {
        let set = try FormulaSet.parse(text, file: "<test>")
        var l = Lowering(plan: .uniform(format), inputCount: inputs ?? set.inputCount, tables: tables)
        if let w = maxIntermediateWidth { l.maxIntermediateWidth = w }
        return try l.lower(set, name: name)
    }

    /// Standard-normal vectors scaled by `scale` plus the edge cases, quantized into each input's format.
    static func rawInputs(_ d: Datapath, count: Int, seed: UInt64, scale: Double = 1) -> [Int128] {
        let s = Stimulus.standardNormal(count: count, inputCount: d.inputs.count, seed: seed, format: d.inputs[0].format)
        var raw: [Int128] = []
        for r in 0..<s.count {
            for c in 0..<d.inputs.count {
                let v = s.values[r * s.inputCount + c]
                raw.append(d.inputs[c].format.raw(fromDouble: r < s.edgeCaseCount ? v : v * scale))
            }
        }
        return raw
    }

    /// Uniformly random raw values over each input's whole range (reaches wrap and clamp paths).
    static func uniformRaw(_ d: Datapath, count: Int, seed: UInt64) -> [Int128] {
        var rng = SplitMix64(seed: seed)
        var raw: [Int128] = []
        for _ in 0..<count {
            for p in d.inputs {
                let span = UInt64(p.format.maxRaw - p.format.minRaw + 1)
                raw.append(p.format.minRaw + Int128(rng.next() % span))
            }
        }
        return raw
    }

    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The csim runner; missing ap_types headers are installed with Scripts/ap_types/install.sh first.
    static func csim() throws -> HLSCSim {
        if let sim = try? HLSCSim() { return sim }
        let script = repoRoot.appendingPathComponent("Scripts/ap_types/install.sh").path
        if FileManager.default.fileExists(atPath: script) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = [script]
            p.standardOutput = FileHandle.nullDevice
            try? p.run()
            p.waitUntilExit()
        }
        do { return try HLSCSim() } catch {
            throw toolUnavailable("HLS csim unavailable (Scripts/ap_types/install.sh could not install the headers): \(error)")
        }
    }
}

final class HLSCSimTests: XCTestCase {
    /// Swift model == g++ csim with `==` on every output of every vector.
    func assertCSimMatches(_ d: Datapath, _ inputs: [Int128], file: StaticString = #filePath, line: UInt = #line) throws {
        let sim = try Fixture.csim()
        let count = inputs.count / d.inputs.count
        let expected = GoldenModel(d).evaluateBatch(count: count, inputs: inputs)
        let actual = try sim.run(datapath: d, rawInputs: inputs)
        XCTAssertEqual(actual.count, expected.count, file: file, line: line)
        var mismatches = 0
        for i in 0..<min(actual.count, expected.count) where actual[i] != expected[i] {
            if mismatches < 5 {
                let r = i / d.outputs.count
                let row = inputs[(r * d.inputs.count)..<((r + 1) * d.inputs.count)]
                XCTFail("\(d.name) vector \(r) inputs \(Array(row)) output \(i % d.outputs.count): swift \(expected[i]), csim \(actual[i])", file: file, line: line)
            }
            mismatches += 1
        }
        XCTAssertEqual(mismatches, 0, "\(d.name): \(mismatches) of \(actual.count) outputs differ", file: file, line: line)
    }

    func testPolynomialDesigns() throws {
        let d1 = try Fixture.lower("y0: 2.5*x0*x1 - x2**2 + 0.3\ny1: x0**3 - 0.125*x1 + x2*x0", name: "poly")
        try assertCSimMatches(d1, Fixture.rawInputs(d1, count: 4000, seed: 1, scale: 2))
        try assertCSimMatches(d1, Fixture.uniformRaw(d1, count: 2000, seed: 2))
    }

    func testRoundingSaturatingFormat() throws {
        let f = FixedFormat.fixed(18, 8, .rnd, .sat)
        let d = try Fixture.lower("a: x0*x1*x2 - 1.7*x3 + x1**2\nb: -x0 + 3.14159*x3*x3\nc: (x0 - x1)*(x2 + 0.01)", name: "rndsat", format: f)
        try assertCSimMatches(d, Fixture.rawInputs(d, count: 3000, seed: 3, scale: 4))
        try assertCSimMatches(d, Fixture.uniformRaw(d, count: 2000, seed: 4))
    }

    func testNarrowWrapAndSymmetricModes() throws {
        let d1 = try Fixture.lower("y: x0*x1 + x0**4 - 0.75", name: "narrow", format: .fixed(10, 3, .rndConv, .satSym))
        try assertCSimMatches(d1, Fixture.uniformRaw(d1, count: 3000, seed: 5))
        let d2 = try Fixture.lower("y: x0*x1 - x1*x1*x0 + 0.1", name: "wrapsm", format: .fixed(12, 4, .rndZero, .wrapSM, 2))
        try assertCSimMatches(d2, Fixture.uniformRaw(d2, count: 3000, seed: 6))
    }

    func testAbsolute() throws {
        let d = try Fixture.lower("y0: abs(x0) - abs(x1*x0 - 0.3)\ny1: abs(-x1)", name: "absval", format: .fixed(12, 4, .rnd, .sat))
        guard d.nodes.contains(where: { if case .abs = $0.op { return true } else { return false } }) else {
            throw XCTSkip("Lowering does not produce abs nodes")
        }
        try assertCSimMatches(d, Fixture.uniformRaw(d, count: 3000, seed: 18))
    }

    func testUnsignedFormat() throws {
        let d = try Fixture.lower("y: x0*x1 + 0.5*x0", name: "unsig", format: .ufixed(12, 4, .rndInf, .sat))
        try assertCSimMatches(d, Fixture.uniformRaw(d, count: 3000, seed: 7))
    }

    func testWideIntermediates() throws {
        // x0**8 at 24 bits is a 192-bit... too wide; x0**4 of 24 bits is 96 bits, past 64-bit literals and ints.
        let d = try Fixture.lower("y: x0**4 - 0.001*x1**3 + 1e-3", name: "wide", format: .fixed(24, 10))
        XCTAssertTrue(d.nodes.contains { $0.format.width > 64 })
        try assertCSimMatches(d, Fixture.uniformRaw(d, count: 2000, seed: 8))
        try assertCSimMatches(d, Fixture.rawInputs(d, count: 2000, seed: 9, scale: 3))
        // The default lowering trims intermediates to 62 bits with cast nodes (TRN of low fraction bits).
        let trimmed = try Fixture.lower("y: x0**4 - 0.001*x1**3 + 1e-3", name: "trimmed", format: .fixed(24, 10))
        try assertCSimMatches(trimmed, Fixture.uniformRaw(trimmed, count: 2000, seed: 8))
    }

    /// A design with lookup tables, built by hand (sin clamped, cos periodic in turns, tanh with a left shift).
    static func tableDesign(small: Bool = false) -> Datapath {
        let io = FixedFormat.fixed(16, 6)
        let arg = FixedFormat.fixed(16, 6)
        let sin = FunctionTable(function: .sin, addressBits: small ? 4 : 10, start: -4, spanLog2: 3, sampling: .leftEdge, inputFormat: arg, outputFormat: .fixed(16, 6))
        let cos = FunctionTable(function: .cos, addressBits: small ? 3 : 9, start: 0, spanLog2: 0, periodic: true, scale: 2 * Double.pi,
                                inputFormat: .fixed(14, 2), outputFormat: .fixed(18, 2, .rnd, .sat))
        // 12 address bits over a span of 2^2 with 3 fraction bits needs a left shift of the index.
        let tanh = FunctionTable(function: .tanh, addressBits: small ? 6 : 12, start: -2, spanLog2: 2, inputFormat: .fixed(8, 5), outputFormat: .ufixed(10, 1))
        var d = Datapath(name: "tables", inputs: [Port(name: "x0", format: io), Port(name: "x1", format: io)], tables: [sin, cos, tanh])
        func add(_ op: Op, _ f: FixedFormat) -> NodeID {
            d.nodes.append(Node(op: op, format: f))
            return NodeID(d.nodes.count - 1)
        }
        let x0 = add(.input(0), io)
        let x1 = add(.input(1), io)
        let s = add(.table(x0, table: 0), sin.outputFormat)
        let c1 = add(.cast(x1), cos.inputFormat)
        let c = add(.table(c1, table: 1), cos.outputFormat)
        let prod = add(.mul(s, c), .product(sin.outputFormat, cos.outputFormat))
        let y0 = add(.cast(prod), io)
        let t1 = add(.cast(x0), tanh.inputFormat)
        let t = add(.table(t1, table: 2), tanh.outputFormat)
        let sum = add(.add(t, s), .sum(tanh.outputFormat, sin.outputFormat))
        let y1 = add(.cast(sum), io)
        d.outputs = [Output(name: "y0", node: y0), Output(name: "y1", node: y1)]
        return d
    }

    func testTableDesign() throws {
        let d = Self.tableDesign()
        try assertCSimMatches(d, Fixture.uniformRaw(d, count: 4000, seed: 10))
        try assertCSimMatches(d, Fixture.rawInputs(d, count: 4000, seed: 11, scale: 3))
        // Every entry of every table is reached through the C++ index function too.
        let sweep: [Int128] = stride(from: Int128(-32768), to: 32768, by: 7).flatMap { [$0, -$0 / 3] }
        try assertCSimMatches(d, sweep)
        let small = Self.tableDesign(small: true)
        try assertCSimMatches(small, Fixture.uniformRaw(small, count: 3000, seed: 15))
    }

    func testTablesFromLowering() throws {
        // Periodic sin/cos by range reduction, clamped tanh, a sin·cos pair fused into one table, and
        // exp(-z²) as the gauss table; then hls4ml's clamped left-edge conventions; then small tables.
        let text = "y0: sin(x0) + cos(x1)*x0\ny1: tanh(x1) - exp(-x0**2)\ny2: sin(x1)*cos(x1)*x2 + log(x2*x2 + 1)"
        for (i, tables) in [TableConfig.standard, .hls4ml, TableConfig.standard.withAddressBits(6)].enumerated() {
            let d = try Fixture.lower(text, name: "lowered_tables\(i)", tables: tables)
            XCTAssertGreaterThanOrEqual(d.tables.count, 4)
            try assertCSimMatches(d, Fixture.uniformRaw(d, count: 3000, seed: 12))
            try assertCSimMatches(d, Fixture.rawInputs(d, count: 3000, seed: 13, scale: 2))
        }
    }

    /// The bundled jet expression sets (five PySR class scores with fused sin·cos tables; the SymbolNet
    /// expression with sin and tanh) through the HLS csim.
    func testJetExpressionSets() throws {
        let examples = Fixture.repoRoot.appendingPathComponent("Examples")
        for (file, format, tables) in [("jets_pysr.txt", FixedFormat.fixed(18, 8), TableConfig.standard),
                                       ("jets_symbolnet.txt", .fixed(18, 8), .standard),
                                       ("jets_pysr.txt", .fixed(16, 6), .hls4ml)] {
            let text = try String(contentsOf: examples.appendingPathComponent(file), encoding: .utf8)
            let set = try FormulaSet.parse(text, file: file)
            let d = try Lowering(plan: .uniform(format), inputCount: 16, tables: tables).lower(set, name: "jets")
            try assertCSimMatches(d, Fixture.rawInputs(d, count: 4000, seed: 17))
        }
    }

    func testBinaryIsCachedByContent() throws {
        let sim = try Fixture.csim()
        let d = try Fixture.lower("y: x0*x1 + 0.25", name: "cached")
        let p = try HLSEmitter().emit(d)
        let first = try sim.build(p)
        let second = try sim.build(p)
        XCTAssertTrue(second.cacheHit)
        XCTAssertEqual(first.hash, second.hash)
        let other = try HLSEmitter().emit(try Fixture.lower("y: x0*x1 + 0.5", name: "cached"))
        XCTAssertNotEqual(sim.hash(other), first.hash)
    }

    /// The check cosim calls: counts and locates disagreements per output (here one planted wrong value).
    func testCheckReportsMismatches() throws {
        let sim = try Fixture.csim()
        let d = try Fixture.lower("a: x0*x1 - 0.5\nb: x1**2", name: "chk")
        let inputs = Fixture.rawInputs(d, count: 1000, seed: 16)
        var expected = GoldenModel(d).evaluateBatch(count: inputs.count / 2, inputs: inputs)
        let good = try sim.check(datapath: d, rawInputs: inputs, expected: expected)
        XCTAssertEqual(good.mismatches, 0, good.summary)
        XCTAssertTrue(good.summary.contains("PASS"))
        expected[2 * 500 + 1] += 1
        let bad = try sim.check(datapath: d, rawInputs: inputs, expected: expected)
        XCTAssertEqual(bad.outputs.map(\.mismatches), [0, 1])
        XCTAssertEqual(bad.outputs[1].firstMismatch?.vector, 500)
        XCTAssertTrue(bad.summary.contains("FAIL"), bad.summary)
    }

    func testCompilerErrorIsShown() throws {
        let sim = try Fixture.csim()
        var p = try HLSEmitter().emit(try Fixture.lower("y: x0 + x1", name: "broken"))
        let i = p.files.firstIndex { $0.path == "firmware/broken.cpp" }!
        p.files[i].text += "\nthis_is_not_cpp x = ;\n"
        XCTAssertThrowsError(try sim.build(p)) { e in
            let text = "\(e)"
            XCTAssertTrue(text.contains("compilation failed"), text)
            XCTAssertTrue(text.contains("error:"), "the compiler's own message must be shown: \(text)")
            XCTAssertTrue(text.contains("this_is_not_cpp"), text)
        }
    }

    func testMissingAPTypesSaysHowToInstall() {
        let env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin", "AP_TYPES_INCLUDE": "/nonexistent/ap", "SYMBOLFORGE_CACHE": "/nonexistent/cache"]
        XCTAssertThrowsError(try HLSCSim(environment: env)) { e in
            let text = "\(e)"
            XCTAssertTrue(text.contains("Scripts/ap_types/install.sh"), text)
            XCTAssertTrue(text.contains("/nonexistent/ap"), text)
            XCTAssertTrue(text.contains("/nonexistent/cache/ap_types/1.3.0/include"), text)
        }
    }

    /// The project's own Makefile builds and runs the testbench, which checks tb_data's expected outputs.
    func testMakefileCsimTarget() throws {
        let sim = try Fixture.csim()
        let d = try Fixture.lower("y0: x0*x1 - 0.5*x1**2\ny1: x0 + 1.25", name: "mk")
        let inputs = Fixture.rawInputs(d, count: 500, seed: 14, scale: 2)
        let expected = GoldenModel(d).evaluateBatch(count: inputs.count / 2, inputs: inputs)
        let p = try HLSEmitter().emit(d).withVectors(rawInputs: inputs, inputCount: 2, expected: expected, outputCount: 2)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hls-make-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        try HLSProjectWriter.write(p, to: dir)
        let proc = Process()
        proc.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        proc.arguments = ["make", "-s", "-C", dir.path, "csim", "AP_TYPES_INCLUDE=\(sim.apTypesInclude)"]
        let pipe = Pipe()
        proc.standardOutput = pipe
        proc.standardError = pipe
        try proc.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        proc.waitUntilExit()
        XCTAssertEqual(proc.terminationStatus, 0, out)
        XCTAssertTrue(out.contains("\(inputs.count / 2) vectors, 0 mismatches"), out)
        let written = try String(contentsOf: dir.appendingPathComponent(HLSProject.csimOutputPath), encoding: .utf8)
        XCTAssertEqual(try HLSVectors.parse(written, columns: 2, source: "csim"), expected)
    }
}

final class HLSEmitterTests: XCTestCase {
    /// Golden files of the emitted C++; `SYMBOLFORGE_RECORD=1` re-records them.
    func testGoldenFiles() throws {
        let d = try Fixture.lower("y: 0.5*x0*x1 - x0**2 + 1.75\nz: -x1 + 3", name: "small", format: .fixed(12, 4, .rnd, .sat))
        let p = try HLSEmitter().emit(d)
        try checkGolden(p, directory: "small", paths: ["firmware/small.cpp", "firmware/small.h", "small_test.cpp", "build_prj.tcl", "Makefile"])
        // Small tables keep the golden file readable; the full-size ones are checked against csim.
        let t = try HLSEmitter().emit(HLSCSimTests.tableDesign(small: true))
        try checkGolden(t, directory: "tables", paths: ["firmware/tables.cpp"])
    }

    func checkGolden(_ p: HLSProject, directory: String, paths: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").appendingPathComponent(directory)
        let record = ProcessInfo.processInfo.environment["SYMBOLFORGE_RECORD"] == "1"
        for path in paths {
            let text = try XCTUnwrap(p.files.first { $0.path == path }?.text, "no file \(path)")
            let url = root.appendingPathComponent(path.replacingOccurrences(of: "/", with: "__") + ".golden")
            if record {
                try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
                continue
            }
            guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
                XCTFail("missing golden file \(url.path); run with SYMBOLFORGE_RECORD=1 to record it", file: file, line: line)
                continue
            }
            if golden != text {
                XCTFail("\(path) differs from \(url.lastPathComponent) (SYMBOLFORGE_RECORD=1 re-records):\n\(Self.diff(golden, text))", file: file, line: line)
            }
        }
    }

    /// A small line diff: the first differing lines with their numbers.
    static func diff(_ a: String, _ b: String) -> String {
        let la = a.split(separator: "\n", omittingEmptySubsequences: false), lb = b.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for i in 0..<max(la.count, lb.count) {
            let x = i < la.count ? String(la[i]) : "<end>", y = i < lb.count ? String(lb[i]) : "<end>"
            if x != y {
                out.append("@@ line \(i + 1)\n- \(x)\n+ \(y)")
                if out.count >= 12 { out.append("…"); break }
            }
        }
        return out.joined(separator: "\n")
    }

    func testEveryNodeIsATypedVariable() throws {
        let d = try Fixture.lower("y: 2*x0*x1 - x0**3", name: "typed")
        let cpp = try HLSEmitter().emit(d).files.first { $0.path == "firmware/typed.cpp" }!.text
        for (i, n) in d.nodes.enumerated() {
            XCTAssertTrue(cpp.contains("typedef \(n.format.fullDescription) n\(i)_t;"), "node \(i)")
            XCTAssertTrue(cpp.contains("n\(i)_t n\(i) ="), "node \(i)")
        }
        XCTAssertTrue(cpp.contains("#pragma HLS PIPELINE II=1"))
        XCTAssertTrue(cpp.contains("#pragma HLS ARRAY_PARTITION variable=x complete"))
        XCTAssertFalse(cpp.contains("sin("), "tables are never computed in C++")
    }

    func testMixedPortFormatsAreRejected() throws {
        var d = try Fixture.lower("y: x0 + x1", name: "mixed")
        d.inputs[1].format = .fixed(8, 3)
        XCTAssertThrowsError(try HLSEmitter().emit(d)) { XCTAssertTrue("\($0)".contains("one format")) }
    }

    func testLiterals() {
        XCTAssertEqual(HLSEmitter.bitsLiteral(-1, width: 8, signed: true), "ap_int<8>(0xffULL)")
        XCTAssertEqual(HLSEmitter.bitsLiteral(5, width: 70, signed: true), "ap_int<70>(ap_uint<70>(0x5ULL))")
        XCTAssertEqual(HLSEmitter.bitsLiteral(Int128(1) << 65 | 3, width: 70, signed: false), "ap_uint<70>(ap_uint<70>(0x3ULL) | (ap_uint<70>(0x2ULL) << 64))")
    }
}

final class VectorDumpTests: XCTestCase {
    func testCSVHasBitsAndRealValues() throws {
        let d = try Fixture.lower("y: x0*x1", name: "dump", format: .fixed(8, 4))
        let inputs: [Int128] = [16, -8, 3, 5]
        let swift = GoldenModel(d).evaluateBatch(count: 2, inputs: inputs)
        var other = swift
        other[1] += 1
        let csv = VectorDump.csv(datapath: d, rawInputs: inputs, implementations: [.init(name: "swift", rawOutputs: swift), .init(name: "hls_csim", rawOutputs: other)])
        let lines = csv.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "vector,x0_bits,x0,x1_bits,x1,swift.y_bits,swift.y,hls_csim.y_bits,hls_csim.y,agree")
        XCTAssertEqual(lines[1], "0,16,1,-8,-0.5,-8,-0.5,-8,-0.5,1")
        XCTAssertEqual(lines[2], "1,3,0.1875,5,0.3125,0,0,1,0.0625,0")
        XCTAssertEqual(lines.count, 3)
    }
}

final class OptimizedPlanCSimTests: XCTestCase {
    /// A per-node plan (narrow truncating casts, wrapped periodic arguments, analysed table ranges) through
    /// g++ with the ap_types headers: equal to the Swift model with `==`.
    func testOptimizedPlanMatchesTheSwiftModel() throws {
        let set = try FormulaSet.parse("a: sin(2*x0 - 1.03)*cos(2*x0 - 1.03) + 0.3*x1*x2 - 0.84\nb: log(1 + x0**2) + sqrt(abs(x1)) - x2/(1 + abs(x3))")
        var target = OptimizationTarget(inputFormat: .fixed(12, 4), maxError: 0.1)
        target.randomVectors = 256
        let d = try Lowering(plan: .optimized(target), inputCount: 4).lower(set, name: "optimized")
        let sim = try Fixture.csim()
        let inputs = Fixture.rawInputs(d, count: 3000, seed: 23)
        let expected = GoldenModel(d).evaluateBatch(count: inputs.count / d.inputs.count, inputs: inputs)
        let check = try sim.check(datapath: d, rawInputs: inputs, expected: expected)
        XCTAssertEqual(check.outputs.map(\.mismatches), [0, 0])
    }

    /// Segmented (leading-one indexed) sqrt, log and 1/x tables through g++: equal to the Swift model with `==`,
    /// edge vectors (the format's extremes, beyond every segment boundary) included.
    func testSegmentedTablesMatchTheSwiftModel() throws {
        let set = try FormulaSet.parse("y: log(1 + x0**2) + sqrt(abs(x1)) - x2/(1 + abs(x3))")
        var target = OptimizationTarget(inputFormat: .fixed(18, 8), maxError: 0.01)
        target.errorReference = .quantizedInputs
        target.randomVectors = 2048
        let d = try Lowering(plan: .optimized(target), inputCount: 4).lower(set, name: "segmented")
        XCTAssertEqual(d.tables.filter { $0.segments != nil }.count, 3)
        let sim = try Fixture.csim()
        let edges: [Int128] = [-131072, 131071, 0, 1, -1, 1023, -1024, 1024, 131071, -131072, 1, 0, 512, -512, 0, 131071]
        let inputs = edges + Fixture.rawInputs(d, count: 3000, seed: 29)
        let expected = GoldenModel(d).evaluateBatch(count: inputs.count / d.inputs.count, inputs: inputs)
        let check = try sim.check(datapath: d, rawInputs: inputs, expected: expected)
        XCTAssertEqual(check.outputs.map(\.mismatches), [0])
    }
}
