import FixedPoint
import Flows
import Foundation
import Reporting
import SymbolNet
import SymbolicExpression
import Verilator
import XCTest

final class ExplorationTests: XCTestCase {
    let format = try! FixedFormat(parsing: "ap_fixed<18,8>")

    func hallOfFame(in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("hall_of_fame.csv").path
        try "Complexity,Loss,Equation\n1,0.9,\"x0\"\n4,0.2,\"(square(x0) * 0.5)\"\n6,0.05,\"plus(neg(x1), x0 * x0)\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func sweep(_ dir: URL, _ formulas: [String], out: String, shard: Shard? = nil, plans: [String] = ["uniform"]) -> SweepJob.Options {
        var axes = SweepJob.Axes(format: format)
        axes.plans = plans
        var o = SweepJob.Options(formulas: formulas, axes: axes, out: dir.appendingPathComponent(out).path)
        o.rows = 200
        o.shard = shard
        return o
    }

    /// Every equation of a PySR front becomes a point; shards merge into the same front as one run.
    func testPySRFrontSweepAndShardsMerge() throws {
        try TestEnvironment.require("verilator", hint: "bash Scripts/bootstrap.sh")
        let dir = try TestEnvironment.temporaryDirectory()
        let hof = try hallOfFame(in: dir)
        let toolchain = try VerilatorToolchain()
        let whole = try SweepJob.run(sweep(dir, [hof], out: "whole"), toolchain: toolchain) { _ in }
        XCTAssertEqual(whole.front.points.map(\.name).sorted(), ["c1_uniform_5ns", "c4_uniform_5ns", "c6_uniform_5ns"])
        XCTAssertTrue(whole.front.points.allSatisfy { $0.mismatches == 0 })
        XCTAssertEqual(whole.front.quality, .maxAbsError)
        XCTAssertEqual(whole.front.costs, ["pysr_loss", "latency_cycles"])
        XCTAssertEqual(whole.front.points.first { $0.name == "c6_uniform_5ns" }?.point.pysrLoss, [0.05])
        for f in ["index.html", "front.json", "front.md", "results.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: whole.outDir.appendingPathComponent(f).path), f)
        }
        let html = try String(contentsOf: whole.outDir.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("id=\"front\""))
        XCTAssertFalse(html.contains("src=\"http"), "the page is self-contained")

        let s1 = try SweepJob.run(sweep(dir, [hof], out: "s1", shard: try Shard(index: 1, count: 2)), toolchain: toolchain) { _ in }
        let s2 = try SweepJob.run(sweep(dir, [hof], out: "s2", shard: try Shard(index: 2, count: 2)), toolchain: toolchain) { _ in }
        XCTAssertEqual(s1.document.designs.count + s2.document.designs.count, 3)
        let merged = try ReportJob.merge([s1, s2].map { $0.outDir.appendingPathComponent("results.json").path }, baseline: nil, rules: RegressionRules(),
                                         out: dir.appendingPathComponent("merged").path, junit: nil)
        let mergedFront = try ResultsFile.decoder().decode(ParetoFront.self, from: Data(contentsOf: merged.outDir.appendingPathComponent("front.json")))
        XCTAssertEqual(mergedFront.front.map(\.name), whole.front.front.map(\.name))
        XCTAssertEqual(mergedFront.points.map(\.point.value), whole.front.points.map(\.point.value))

        // A shard of a different sweep (other plans) is refused.
        let other = try SweepJob.run(sweep(dir, [hof], out: "other", shard: try Shard(index: 2, count: 2), plans: ["hls4ml"]), toolchain: toolchain) { _ in }
        XCTAssertThrowsError(try ReportJob.merge([s1, other].map { $0.outDir.appendingPathComponent("results.json").path }, baseline: nil,
                                                 rules: RegressionRules(), out: dir.appendingPathComponent("bad").path, junit: nil)) { error in
            XCTAssertTrue("\(error)".contains("comes from a different run"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad").path))
    }

    func testAxesMakeOnePointPerCombination() throws {
        var axes = SweepJob.Axes(format: format)
        axes.plans = ["uniform", "optimized"]
        axes.maxErrors = [0.01, 0.05]
        axes.tableSizes = [256]
        axes.clocksNs = [5, 10]
        let models = try SweepJob.models(["y: sin(x0) + x1"])
        let points = try SweepJob.candidates(models, axes: axes)
        XCTAssertEqual(points.map(\.name), [
            "expr_uniform_t256_5ns", "expr_uniform_t256_10ns",
            "expr_opt_e0p01_t256_5ns", "expr_opt_e0p01_t256_10ns", "expr_opt_e0p05_t256_5ns", "expr_opt_e0p05_t256_10ns",
        ])
        XCTAssertEqual(points[2].point.maxError, 0.01)
        XCTAssertEqual(points[3].design.clockNs, 10)
        axes.tableSizes = [100]
        XCTAssertThrowsError(try SweepJob.candidates(models, axes: axes)) { XCTAssertTrue("\($0)".contains("powers of two"), "\($0)") }
    }

    /// No point builds: an error that names why, and no output folder.
    func testNoPointBuildsWritesNothing() throws {
        try TestEnvironment.require("verilator", hint: "bash Scripts/bootstrap.sh")
        let dir = try TestEnvironment.temporaryDirectory()
        var o = sweep(dir, ["y: log(x0*x0 + 1)"], out: "none", plans: ["optimized"])
        o.axes.maxErrors = [1e-9]
        XCTAssertThrowsError(try SweepJob.run(o, toolchain: try VerilatorToolchain()) { _ in }) { error in
            XCTAssertTrue("\(error)".contains("no point of the sweep built"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("none").path))
    }

    /// A point that fails to build is kept in results.json, so a merge of the results still reports it.
    func testFailedPointSurvivesTheMerge() throws {
        try TestEnvironment.require("verilator", hint: "bash Scripts/bootstrap.sh")
        let dir = try TestEnvironment.temporaryDirectory()
        var o = sweep(dir, ["y: sin(x0) + x1"], out: "mixed", plans: ["optimized"])
        o.axes.maxErrors = [1e-9, 0.1]
        let run = try SweepJob.run(o, toolchain: try VerilatorToolchain()) { _ in }
        XCTAssertEqual(run.front.points.count, 1)
        XCTAssertEqual(run.front.failed.count, 1)
        XCTAssertEqual(run.document.failedPoints, run.front.failed)
        let merged = try ReportJob.merge([run.outDir.appendingPathComponent("results.json").path], baseline: nil, rules: RegressionRules(),
                                         out: dir.appendingPathComponent("merged").path, junit: nil)
        let mergedFront = try ResultsFile.decoder().decode(ParetoFront.self, from: Data(contentsOf: merged.outDir.appendingPathComponent("front.json")))
        XCTAssertEqual(mergedFront.failed, run.front.failed)
        XCTAssertTrue(merged.warnings.contains { $0.contains("did not build") }, "\(merged.warnings)")
    }

    /// The real tools once: Yosys counts and nextpnr Fmax of a two-point sweep.
    func testSmallSweepIsSynthesized() throws {
        try TestEnvironment.require("verilator", hint: "bash Scripts/bootstrap.sh")
        try TestEnvironment.require("yosys", hint: "bash Scripts/bootstrap.sh")
        let dir = try TestEnvironment.temporaryDirectory()
        var o = sweep(dir, ["y: x0*x1 + x2"], out: "synth")
        o.axes.clocksNs = [2, 10]
        o.synthesis = SynthesisOptions(families: [.ecp5], seeds: 1, routerTimeLimit: 60)
        let r: ExplorationJob.Result
        do { r = try SweepJob.run(o, toolchain: try VerilatorToolchain()) { _ in } } catch let e as FlowError where "\(e)".contains("not found") {
            throw toolUnavailable("\(e)")
        }
        XCTAssertEqual(r.front.costs, ["latency_ns", "lut", "dsp"])
        for p in r.front.points {
            XCTAssertGreaterThan(p.dsp ?? 0, 0, "a 18-bit multiply uses a DSP48E1")
            XCTAssertGreaterThan(p.fmaxMhz ?? 0, 0)
        }
        // The 2 ns target pipelines deeper than the 10 ns one.
        let fast = r.front.points.first { $0.name.hasSuffix("_2ns") }!, slow = r.front.points.first { $0.name.hasSuffix("_10ns") }!
        XCTAssertGreaterThan(fast.latencyCycles, slow.latencyCycles)
    }

    /// A tiny ladder on a made-up 3-class problem: every rung trained, built and scored against a reference.
    func testFrontTrainsBuildsAndScoresEveryRung() throws {
        try TestEnvironment.require("verilator", hint: "bash Scripts/bootstrap.sh")
        let dir = try TestEnvironment.temporaryDirectory()
        var csv = "a,b,c,class\n"
        var rng = SystemRandomNumberGenerator.seeded(7)
        for _ in 0..<600 {
            let a = rng.uniform(), b = rng.uniform(), c = rng.uniform()
            csv += "\(a),\(b),\(c),\(a > 0.3 ? "hi" : b > 0 ? "mid" : "lo")\n"
        }
        let data = dir.appendingPathComponent("d.csv").path
        try csv.write(toFile: data, atomically: true, encoding: .utf8)
        var o = FrontJob.Options(plan: .uniform(format), out: dir.appendingPathComponent("front").path)
        // "3:0" has no binary node, so the rung must train without the binary pruning term.
        (o.data, o.widths, o.weightSparsities, o.epochs, o.testRows) = (data, ["4:1", "3:0"], [0.8], 20, 200)
        o.reference = ReferenceNetworkConfig(hidden: [8], maxEpochs: 10)
        o.unaryOperators = [.tanh]
        let r = try FrontJob.run(o, toolchain: try VerilatorToolchain()) { _ in }
        XCTAssertEqual(r.front.points.map(\.name).sorted(), ["n3x0_w0p8", "n4x1_w0p8"])
        // Each rung's formulas are written back as parseable `class: formula` lines, and use only the unary
        // operators asked for (tanh; the binary nodes' products are multiplications, not calls).
        var called = Set<Function>()
        for name in ["n3x0_w0p8", "n4x1_w0p8"] {
            let path = dir.appendingPathComponent("front/formulas/\(name).txt").path
            XCTAssertTrue(r.files.contains(path), "\(r.files)")
            let set = try FormulaSet.parse(try String(contentsOfFile: path, encoding: .utf8))
            XCTAssertEqual(set.formulas.map(\.name).sorted(), ["hi", "lo", "mid"])
            for f in set.formulas { called.formUnion(Self.calls(f.expr)) }
        }
        XCTAssertEqual(called, [.tanh])
        XCTAssertEqual(r.front.quality, .accuracy)
        for p in r.front.points {
            XCTAssertEqual(p.mismatches, 0)
            XCTAssertNotNil(p.point.relativeToReference)
            XCTAssertEqual(p.point.relativeToReference!, p.point.value / p.point.referenceAccuracy!)
        }
        XCTAssertThrowsError(try FrontJob.run({ var b = o; b.shard = try! Shard(index: 3, count: 3); return b }(), toolchain: try VerilatorToolchain()) { _ in }) {
            XCTAssertTrue("\($0)".contains("holds no point"), "\($0)")
        }
        XCTAssertThrowsError(try FrontJob.ladder({ var b = o; b.unaryOperators = []; return b }())) {
            XCTAssertTrue("\($0)".contains("--unary"), "\($0)")
        }
    }

    /// The functions an expression calls.
    static func calls(_ e: Expr) -> Set<Function> {
        switch e {
        case .number, .variable: return []
        case .negate(let a): return calls(a)
        case .call(let f, let a): return calls(a).union([f])
        case .binary(_, let a, let b): return calls(a).union(calls(b))
        }
    }
}

extension SystemRandomNumberGenerator {
    static func seeded(_ s: UInt64) -> SeededUniform { SeededUniform(state: s) }
}

/// A small deterministic generator for test data.
struct SeededUniform {
    var state: UInt64
    mutating func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) * 2 - 1
    }
}
