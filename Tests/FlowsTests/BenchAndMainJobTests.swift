import Datapath
import Dataset
import FixedPoint
import Flows
import Foundation
import SymbolNet
import SymbolicExpression
import Testbench
import Verilator
import XCTest

final class BenchmarkPiecesTests: XCTestCase {
    /// The exported words drive the plain C++ testbench to the same verdict as the Swift scoreboard.
    func testVectorExportAndCppHarnessAgreeWithTheModel() throws {
        try TestEnvironment.require("verilator", hint: "bash Scripts/bootstrap.sh")
        let dir = try TestEnvironment.temporaryDirectory()
        let format = try FixedFormat(parsing: "ap_fixed<18,8>")
        let toolchain = try VerilatorToolchain()
        let flow = CosimFlow(plan: .uniform(format), toolchain: toolchain)
        let (set, _) = try FormulaInput.load("(x0*x1 + x2*x3) * (x4 - x5)")
        let (d, design) = try flow.emit(set, name: "bench", inputCount: 6)
        let built = try toolchain.build(Cosimulation.source(design, d))
        let stimulus = Stimulus.standardNormal(count: 300, inputCount: 6, seed: 5, format: format)
        let export = try VectorExport(datapath: d, stimulus: stimulus, latency: design.latency, resetCycles: Cosimulation().resetCycles)
        XCTAssertEqual(export.vectors, stimulus.count)
        XCTAssertEqual(export.totalCycles, export.resetCycles + stimulus.count + max(design.latency, 1) + 2)
        XCTAssertEqual(export.inputWords.count, export.totalCycles * export.inWords)
        XCTAssertEqual(export.expectedWords.count, stimulus.count * export.outDataWords)
        try export.write(to: dir)
        let ports = try String(contentsOf: dir.appendingPathComponent("ports.txt"), encoding: .utf8)
        XCTAssertTrue(ports.contains("cycles \(export.totalCycles)") && ports.contains("latency \(design.latency)"), ports)
        let harness = try CppHarness(built: built, toolchain: toolchain, export: export, directory: dir)
        try harness.compile()
        let outcome = try harness.run()
        XCTAssertEqual(outcome.mismatches, 0)
        XCTAssertEqual(outcome.received, stimulus.count)
        XCTAssertEqual(outcome.latency, design.latency)
        XCTAssertEqual(outcome.cycles, export.totalCycles)
        let sim = try SimulatedDesign.load(built)
        let bridge = try export.bridgeOnly(sim)
        XCTAssertGreaterThan(bridge.wall, 0)
    }
}

final class MainJobTests: XCTestCase {
    /// The whole main job on a small labelled file in the bundled layout, without the HLS csim.
    func testTrainsExtractsCosimulatesAndScores() throws {
        try TestEnvironment.require("verilator", hint: "bash Scripts/bootstrap.sh")
        try TestEnvironment.require("iverilog", hint: "bash Scripts/bootstrap.sh")
        let dir = try TestEnvironment.temporaryDirectory()
        var lines = [(JetDataset.featureNames + ["class"]).joined(separator: ",")]
        var rng = SystemRandomNumberGenerator()
        for i in 0..<800 {
            let c = i % 5
            let x = (0..<16).map { j in Double.random(in: -1...1, using: &rng) + ([3, 14, 15].contains(j) ? Double(c) * 0.5 : 0) }
            lines.append(x.map { String(format: "%.4f", $0) }.joined(separator: ",") + "," + JetDataset.classNames[c])
        }
        let data = dir.appendingPathComponent("jets.csv")
        try lines.joined(separator: "\n").write(to: data, atomically: true, encoding: .utf8)
        setenv(JetDataset.environmentVariable, data.path, 1)
        defer { unsetenv(JetDataset.environmentVariable) }

        let cfg = SymbolNetConfig(task: .classification, layers: try LayerSpec.parseList("6:2"), unaryOperators: [.sin, .square],
                                  binaryOperators: [.mul], epochs: 1, batchSize: 64, seed: 1)
        var o = MainJob.Options(out: dir.appendingPathComponent("out").path, format: try FixedFormat(parsing: "ap_fixed<18,8>"), symbolNet: cfg)
        (o.trainJets, o.testJets, o.hlsCsim, o.icarusVectors) = (300, 150, false, 40)
        o.synthesis = nil  // place and route of three designs is the regression's job, not this test's
        o.quantizationAwareEpochs = 1
        var log: [String] = []
        var epochs = 0
        let r = try MainJob.run(o, toolchain: try VerilatorToolchain(), log: { log.append($0) }, epoch: { _ in epochs += 1 })
        XCTAssertEqual(epochs, 2, "one epoch of training, one of quantization-aware fine-tuning")
        XCTAssertTrue(log.contains("quantization-aware fine-tuning: 1 epochs emulating uniform ap_fixed<18,8>, structure frozen"), "\(log)")
        XCTAssertEqual(r.results.map(\.design), ["symbolnet_trained", "jets_pysr", "jets_symbolnet"])
        XCTAssertFalse(r.failed, "\(r.failures)")
        for res in r.results {
            XCTAssertEqual(res.outputs.map(\.mismatches).reduce(0, +), 0)
            XCTAssertEqual(res.icarus?.vectors, 40)
            XCTAssertNil(res.hlsCsim)
        }
        let c = try XCTUnwrap(r.results[0].classification)
        XCTAssertEqual(c.accuracyFixed, c.accuracyRtl, "RTL scores equal the bit-exact model's")
        XCTAssertTrue(r.comparison.contains("| jets_pysr |"), r.comparison)
        for f in ["results.json", "summary.md", "model.json", "symbolnet_trained.txt"] {
            XCTAssertTrue(r.files.contains { $0.hasSuffix("/" + f) }, f)
        }
        XCTAssertTrue(log.contains { $0.hasPrefix("== train") })
    }
}

final class CosimBenchmarkTests: XCTestCase {
    /// The benchmark loads its model through the cache repair: a damaged cached library is rebuilt, as in `cosim`.
    func testBenchmarkRebuildsADamagedCachedLibrary() throws {
        try TestEnvironment.require("verilator", hint: "bash Scripts/bootstrap.sh")
        let dir = try TestEnvironment.temporaryDirectory()
        var o = CosimBenchmark.Options()
        o.formula = "x0*x1 - x2 + \(Int.random(in: 1...100_000))/64"
        o.vectors = 2_000
        o.repeats = 1
        o.skipBuild = true
        o.work = dir.appendingPathComponent("bench").path
        // The design the benchmark builds, built here first so that its cache entry exists, then damaged.
        let format = try FixedFormat(parsing: o.precision)
        let toolchain = try VerilatorToolchain()
        let flow = CosimFlow(plan: .uniform(format), delays: DelayModel(clockPeriodNs: o.clockNs), toolchain: toolchain)
        let (set, _) = try FormulaInput.load(o.formula)
        let (d, design) = try flow.emit(set, name: "bench", inputCount: max(16, set.inputCount))
        let first = try toolchain.build(Cosimulation.source(design, d))
        let library = URL(fileURLWithPath: first.libraryPath)
        let size = try Data(contentsOf: library).count
        try Data(contentsOf: library).prefix(512).write(to: library)
        XCTAssertThrowsError(try SimulatedDesign.load(try toolchain.build(Cosimulation.source(design, d))))

        var lines: [String] = []
        let result = try CosimBenchmark.run(o) { lines.append($0) }
        XCTAssertEqual(result.vectors, o.vectors + Stimulus.standardNormal(count: 0, inputCount: 16, seed: 1, format: format).count)
        XCTAssertGreaterThan(result.swiftCyclesPerSecond, 0)
        XCTAssertGreaterThan(result.cppCyclesPerSecond, 0)
        XCTAssertEqual(try Data(contentsOf: library).count, size, "the cached library was rebuilt whole")
    }
}
