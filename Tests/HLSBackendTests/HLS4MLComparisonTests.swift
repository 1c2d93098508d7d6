import Datapath
import FixedPoint
import Foundation
@testable import HLSBackend
import SymbolicExpression
import Synchronization
import XCTest

/// Side by side with hls4ml 1.3.0's symbolic-expression converter: its g++-compiled C simulation must
/// equal our `uniform` (hls4ml-compatible) plan bit for bit.
///
/// The hls4ml side runs Scripts/hls4ml/run_hls4ml.py in Scripts/hls4ml/.venv-hls4ml (created by
/// Scripts/hls4ml/setup.sh on first use). Skipped, with the reason, only when that venv cannot be made.
final class HLS4MLComparisonTests: XCTestCase {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let format = FixedFormat.fixed(16, 6)

    static let python = Mutex<String?>(nil)

    /// The venv's python, creating the venv once per process.
    func hls4mlPython() throws -> String {
        if let p = Self.python.withLock({ $0 }) { return p }
        let setup = Self.repoRoot.appendingPathComponent("Scripts/hls4ml/setup.sh").path
        let r = try Shell.run("/bin/bash", [setup])
        guard r.status == 0 else {
            throw toolUnavailable("hls4ml 1.3.0 could not be installed into Scripts/hls4ml/.venv-hls4ml (pip unreachable?):\n\(r.stderr.suffix(2000))")
        }
        let p = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        Self.python.withLock { $0 = p }
        return p
    }

    /// Runs hls4ml's flow on `formulas` (SymPy text) and returns its raw outputs row-major.
    func hls4ml(_ formulas: [String], inputs: Int, luts: [String] = [], builtInLUTs: Bool = false, rawInputs: [Int128]) throws -> [Int128] {
        let py = try hls4mlPython()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("sf-hls4ml-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let vin = work.appendingPathComponent("in.txt").path, vout = work.appendingPathComponent("out.txt").path
        try HLSVectors.text(rawInputs, columns: inputs).write(toFile: vin, atomically: true, encoding: .utf8)
        var args = [Self.repoRoot.appendingPathComponent("Scripts/hls4ml/run_hls4ml.py").path,
                    "--precision", Self.format.description, "--inputs", "\(inputs)",
                    "--vectors", vin, "--out", vout, "--project", work.appendingPathComponent("prj").path]
        for f in formulas { args += ["--formula", f] }
        for l in luts { args += ["--lut", l] }
        if builtInLUTs { args.append("--built-in-luts") }
        let r = try Shell.run(py, args)
        XCTAssertEqual(r.status, 0, r.stderr + r.stdout)
        let text = try String(contentsOfFile: vout, encoding: .utf8)
        return try HLSVectors.parse(text, columns: formulas.count, source: vout)
    }

    func vectors(_ inputs: Int, seed: UInt64) throws -> [Int128] {
        let d = try Fixture.lower((0..<inputs).map { "x\($0)" }.joined(separator: " + "), name: "v", format: Self.format, inputs: inputs)
        return Fixture.rawInputs(d, count: 2500, seed: seed, scale: 2) + Fixture.uniformRaw(d, count: 1500, seed: seed + 1)
    }

    func mismatches(_ a: [Int128], _ b: [Int128]) -> Int { zip(a, b).filter { $0 != $1 }.count + abs(a.count - b.count) }

    /// Polynomials whose SymPy form and our parse quantize the same constants: identical bits.
    func testPolynomialsAreBitExact() throws {
        let formulas = [
            "2.5*x0*x1 - x2**2 + 0.3",
            "x0**3 - 0.125*x1 + x2*x0",
            "x0*x1*x2 + 3*x1**2 - 7",
            "(x0 + x1)*(x2 + 0.7) + x0/3",
            "x1 - 0.37*x2**4 + 1000*x0",
        ]
        let d = try Fixture.lower(formulas.enumerated().map { "y\($0): \($1)" }.joined(separator: "\n"), name: "cmp", format: Self.format, inputs: 3)
        let inputs = try vectors(3, seed: 21)
        let ours = GoldenModel(d).evaluateBatch(count: inputs.count / 3, inputs: inputs)
        let theirs = try hls4ml(formulas, inputs: 3, rawInputs: inputs)
        XCTAssertEqual(mismatches(ours, theirs), 0)
        XCTAssertTrue(ours == theirs, "hls4ml csim and the Swift model of the uniform plan differ")
        // And our own csim of the same design, for the three-way equality.
        if let sim = try? HLSCSim() {
            XCTAssertTrue(try sim.run(datapath: d, rawInputs: inputs) == ours)
        }
    }

    /// hls4ml prints a negative coefficient as `-result_t(1.7)*x[0]`: it quantizes |c| and negates, while our
    /// parser folds `-1.7` into one constant quantized with TRN (floor). Written as `-(1.7*x0)` ours matches.
    /// For a negative term of a sum it is the other way round: SymPy prints `x2 - 0.7` as
    /// `x[2] + result_t(-0.69999999999999996)` (TRN of −0.7) where we subtract TRN(0.7); `x2 + -0.7` matches.
    func testNegativeConstantQuantization() throws {
        let inputs = try vectors(3, seed: 31)
        let n = inputs.count / 3
        let theirs = try hls4ml(["-1.7*x0 + x1**3", "(x0 + x1)*(x2 - 0.7)"], inputs: 3, rawInputs: inputs)
        let asWritten = try Fixture.lower("a: -1.7*x0 + x1**3\nb: (x0 + x1)*(x2 - 0.7)", name: "neg", format: Self.format, inputs: 3)
        let hls4mlForm = try Fixture.lower("a: -(1.7*x0) + x1**3\nb: (x0 + x1)*(x2 + -0.7)", name: "neg2", format: Self.format, inputs: 3)
        let oursAsWritten = GoldenModel(asWritten).evaluateBatch(count: n, inputs: inputs)
        let oursHLS4MLForm = GoldenModel(hls4mlForm).evaluateBatch(count: n, inputs: inputs)
        XCTAssertTrue(oursHLS4MLForm == theirs, "the hls4ml-shaped formulas must equal hls4ml bit for bit")
        for k in 0..<2 {
            let differ = (0..<n).filter { oursAsWritten[$0 * 2 + k] != theirs[$0 * 2 + k] }.count
            XCTAssertGreaterThan(differ, 0, "output \(k): the documented difference disappeared; update the report")
        }
        // Lowering with SymPy's constant convention reproduces hls4ml from the formulas as written.
        let set = try FormulaSet.parse("a: -1.7*x0 + x1**3\nb: (x0 + x1)*(x2 - 0.7)", file: "<test>")
        var sympy = Lowering(plan: .uniform(Self.format), inputCount: 3)
        sympy.constantStyle = .sympy
        XCTAssertTrue(GoldenModel(try sympy.lower(set, name: "neg3")).evaluateBatch(count: n, inputs: inputs) == theirs,
                      "constantStyle .sympy must equal hls4ml bit for bit")
        // The constants, for the record: TRN(1.7) = 1740/1024, TRN(-1.7) = -1741/1024; TRN(±0.7) = 716, -717.
        XCTAssertEqual(Self.format.raw(fromDouble: 1.7), 1740)
        XCTAssertEqual(Self.format.raw(fromDouble: -1.7), -1741)
        XCTAssertEqual(Self.format.raw(fromDouble: 0.7), 716)
        XCTAssertEqual(Self.format.raw(fromDouble: -0.7), -717)
    }

    /// SymPy folds numeric factors of a product before hls4ml quantizes them (x0*0.1*3 → result_t(0.3)*x0);
    /// our Lowering folds the constant factors of a product chain the same way.
    func testNumericFactorsAreFoldedLikeSymPy() throws {
        let inputs = try vectors(2, seed: 41)
        let theirs = try hls4ml(["x0*0.1*3", "0.1*x0*x1*3 + x1"], inputs: 2, rawInputs: inputs)
        let d = try Fixture.lower("a: x0*0.1*3\nb: 0.1*x0*x1*3 + x1", name: "f", format: Self.format, inputs: 2)
        let ours = GoldenModel(d).evaluateBatch(count: inputs.count / 2, inputs: inputs)
        XCTAssertEqual(mismatches(ours, theirs), 0)
        XCTAssertTrue(ours == theirs, "constant folding of products must match SymPy's")
    }

    /// hls4ml's user LUT (`nnet::lookup_table<result_t, 1024, nnet::sin>` on [−4, 4)) equals a left-edge
    /// `FunctionTable` whose argument and entries are the result type, read through our HLS C++ too.
    func testSinLookupTableIsBitExact() throws {
        let t = Self.format
        let sin = FunctionTable(function: .sin, addressBits: 10, start: -4, spanLog2: 3, sampling: .leftEdge, inputFormat: t, outputFormat: t)
        var d = Datapath(name: "lut", inputs: (0..<3).map { Port(name: "x\($0)", format: t) }, tables: [sin])
        func add(_ op: Op, _ f: FixedFormat) -> NodeID {
            d.nodes.append(Node(op: op, format: f))
            return NodeID(d.nodes.count - 1)
        }
        let x0 = add(.input(0), t), x1 = add(.input(1), t), x2 = add(.input(2), t)
        // hls4ml casts a LUT argument to result_t (here x0 already is) and returns result_t.
        let s = add(.table(x0, table: 0), t)
        let p = add(.mul(s, x1), .product(t, t))
        let sum = add(.add(p, x2), .sum(.product(t, t), t))
        d.outputs = [Output(name: "y", node: add(.cast(sum), t))]

        let inputs = try vectors(3, seed: 51)
        // Lowering with hls4ml's table conventions gives the same bits from the formula text.
        let lowered = try Lowering(plan: .uniform(t), inputCount: 3, tables: .hls4ml).lower(try FormulaSet.parse("y: sin(x0)*x1 + x2", file: "<test>"), name: "lut2")
        let theirs = try hls4ml(["sin_lut(x0)*x1 + x2"], inputs: 3, luts: ["sin_lut:sin:1024:-4:4"], rawInputs: inputs)
        let ours = GoldenModel(d).evaluateBatch(count: inputs.count / 3, inputs: inputs)
        XCTAssertEqual(mismatches(ours, theirs), 0)
        XCTAssertTrue(ours == theirs)
        XCTAssertTrue(GoldenModel(lowered).evaluateBatch(count: inputs.count / 3, inputs: inputs) == theirs, "Lowering(tables: .hls4ml) must equal hls4ml's sin LUT")
        if let sim = try? HLSCSim() {
            XCTAssertTrue(try sim.run(datapath: d, rawInputs: inputs) == ours)
            XCTAssertTrue(try sim.run(datapath: lowered, rawInputs: inputs) == ours)
        }
    }

    /// hls4ml casts a LUT argument to result_t (TRN/WRAP) before indexing; our Lowering widens the
    /// argument so it never wraps before the clamp. They agree while the argument fits result_t and
    /// differ when it overflows it (here |x0·x1| ≥ 32 wraps in hls4ml and clamps in ours).
    func testLookupTableArgumentOverflowDiffers() throws {
        let inputs = try vectors(2, seed: 61)
        let n = inputs.count / 2
        let theirs = try hls4ml(["sin_lut(x0*x1)"], inputs: 2, luts: ["sin_lut:sin:1024:-4:4"], rawInputs: inputs)
        let d = try Lowering(plan: .uniform(Self.format), inputCount: 2, tables: .hls4ml).lower(try FormulaSet.parse("y: sin(x0*x1)", file: "<test>"), name: "lut3")
        let ours = GoldenModel(d).evaluateBatch(count: n, inputs: inputs)
        var fitting = 0, fittingBad = 0, overflowBad = 0
        for r in 0..<n {
            let p = Self.format.double(fromRaw: inputs[2 * r]) * Self.format.double(fromRaw: inputs[2 * r + 1])
            if abs(p) < 31 {
                fitting += 1
                if ours[r] != theirs[r] { fittingBad += 1 }
            } else if ours[r] != theirs[r] {
                overflowBad += 1
            }
        }
        XCTAssertGreaterThan(fitting, 1000)
        XCTAssertEqual(fittingBad, 0, "arguments that fit result_t must give the same bits")
        XCTAssertGreaterThan(overflowBad, 0, "the documented difference disappeared; update the report")
    }

    /// hls4ml's built-in sin_lut (512-entry octant table, input scaled by an ap_ufixed<16,0> 1/2π) has no
    /// bit-exact counterpart here; side by side, both are compared with the float sine instead.
    func testBuiltInSinLUTAccuracySideBySide() throws {
        let d = try Fixture.lower("y: sin(x0)", name: "sinacc", format: Self.format, inputs: 1)
        let inputs = Fixture.rawInputs(d, count: 4000, seed: 71, scale: 2)
        let theirs = try hls4ml(["sin(x0)"], inputs: 1, luts: [], builtInLUTs: true, rawInputs: inputs)
        let ours = GoldenModel(d).evaluateBatch(count: inputs.count, inputs: inputs)
        func maxError(_ y: [Int128]) -> Double {
            zip(inputs, y).map { abs(Self.format.double(fromRaw: $1) - Foundation.sin(Self.format.double(fromRaw: $0))) }.max()!
        }
        let (eTheirs, eOurs) = (maxError(theirs), maxError(ours))
        print("sin(x0) on ap_fixed<16,6>: max |error| hls4ml built-in sin_lut \(eTheirs), SymbolForge standard table \(eOurs); \(mismatches(ours, theirs)) of \(inputs.count) differ in bits")
        XCTAssertLessThan(eTheirs, 0.02)
        XCTAssertLessThan(eOurs, 0.02)
    }

    /// hls4ml keeps every intermediate bit; our Lowering trims intermediates wider than 62 bits (TRN of
    /// low fraction bits). With the limit raised the lowering equals hls4ml; at the default any difference
    /// comes only from the trimming.
    func testIntermediateTrimming() throws {
        let formula = "x0**4*x1**2*x2 - 0.3*x1**5"
        let inputs = try vectors(3, seed: 81)
        let n = inputs.count / 3
        let theirs = try hls4ml([formula], inputs: 3, rawInputs: inputs)
        let exact = try Fixture.lower("y: \(formula)", name: "exact", format: Self.format, inputs: 3, maxIntermediateWidth: 126)
        XCTAssertTrue(GoldenModel(exact).evaluateBatch(count: n, inputs: inputs) == theirs, "untrimmed lowering must equal hls4ml")
        let trimmed = try Fixture.lower("y: \(formula)", name: "trimmed", format: Self.format, inputs: 3)
        let differ = mismatches(GoldenModel(trimmed).evaluateBatch(count: n, inputs: inputs), theirs)
        print("\(formula): 62-bit intermediates differ from hls4ml on \(differ) of \(n) vectors")
    }
}
