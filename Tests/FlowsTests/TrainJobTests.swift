import Datapath
import FixedPoint
import Flows
import Foundation
import Support
import SymbolNet
import SymbolicExpression
import Verilator
import XCTest

/// The train flow: options in, model and scores out; bad input refused before anything is written.
final class TrainJobTests: XCTestCase {
    /// Three classes decided by x0 and x1 (thresholds on x0 + x1 and on x0 − x1), plus two noise columns.
    static func csv(rows: Int, classes: [String] = ["a", "b", "c"], extra: String = "") -> String {
        var rng = SplitMix64(seed: 5)
        var lines = ["x0,x1,x2,x3,label"]
        for _ in 0..<rows {
            let v = (0..<4).map { _ in Double(rng.next() >> 11) * 0x1p-53 * 4 - 2 }
            let c = v[0] + v[1] > 0.5 ? 0 : (v[0] - v[1] > 0 ? 1 : 2)
            lines.append(v.map { String(format: "%.4f", $0) }.joined(separator: ",") + "," + classes[c % classes.count])
        }
        return lines.joined(separator: "\n") + "\n" + extra
    }

    func options(_ dir: URL, _ text: String, epochs: Int = 10) throws -> TrainJob.Options {
        let data = dir.appendingPathComponent("d.csv")
        try text.write(to: data, atomically: true, encoding: .utf8)
        var o = TrainJob.Options(data: data.path, target: "label", out: dir.appendingPathComponent("out/m.json").path)
        o.net.layers = [LayerSpec(unary: 4, binary: 1)]
        o.net.epochs = epochs
        o.net.sparsity = SparsityTargets(input: 0.5, weight: 0.5, unary: 0.25, binary: 0.5)
        o.net.givenSparsity = [.input, .weight, .unary, .binary]
        o.net.reference = false
        return o
    }

    func outputFiles(_ dir: URL) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path)) ?? []
    }

    func testTrainsAndWritesModelLogScaler() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let o = try options(dir, Self.csv(rows: 400), epochs: 30)
        var epochs = 0
        let r = try TrainJob.run(o, toolchain: { try VerilatorToolchain() }, log: { _ in }, epoch: { _ in epochs += 1 })
        XCTAssertEqual(epochs, 30)
        XCTAssertTrue(r.isClassification)
        XCTAssertEqual(r.testRows, 80)
        XCTAssertGreaterThan(r.testScore!, 0.5, "three classes from x0, x1: a trained model beats chance (0.33)")
        XCTAssertNil(r.hardware)
        XCTAssertEqual(Set(outputFiles(dir)), ["m.json", "m.log.csv", "m.scaler.json"])
        XCTAssertEqual(try SymbolNetModel.read(contentsOf: URL(fileURLWithPath: o.out)).outputNames, ["a", "b", "c"])
    }

    func testContradictoryOptionsAreRefusedBeforeReading() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        var o = TrainJob.Options(data: dir.appendingPathComponent("missing.csv").path, target: "label", out: dir.appendingPathComponent("out/m.json").path)
        o.quantizationAware = true
        XCTAssertThrowsError(try TrainJob.run(o, toolchain: { try VerilatorToolchain() }, log: { _ in })) { e in
            XCTAssertTrue("\(e)".contains("--quantization-aware") && "\(e)".contains("--precision"), "\(e)")
        }
        o.quantizationAware = false
        o.quantizationAwareEpochs = 5
        XCTAssertThrowsError(try TrainJob.run(o, toolchain: { try VerilatorToolchain() }, log: { _ in })) { e in
            XCTAssertTrue("\(e)".contains("--qat-epochs") && "\(e)".contains("off"), "\(e)")
        }
        XCTAssertEqual(outputFiles(dir), [])
    }

    func testSingleClassAndTooFewRowsOfAClass() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let single = try options(dir, Self.csv(rows: 50, classes: ["only"]))
        XCTAssertThrowsError(try TrainJob.run(single, toolchain: { try VerilatorToolchain() }, log: { _ in })) { e in
            XCTAssertTrue("\(e)".contains("every row has the class 'only'"), "\(e)")
        }
        let rare = try options(dir, Self.csv(rows: 50, extra: "0.1,0.2,0.3,0.4,rare\n"))
        XCTAssertThrowsError(try TrainJob.run(rare, toolchain: { try VerilatorToolchain() }, log: { _ in })) { e in
            XCTAssertTrue("\(e)".contains("class 'rare' has 1 row(s)") && "\(e)".contains("at least 2"), "\(e)")
        }
        XCTAssertEqual(outputFiles(dir), [])
    }

    func testUntrainableReferenceIsRefusedBeforeTraining() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        var o = try options(dir, "x0,label\n0,a\n1,b\n", epochs: 1000)
        o.net.reference = true
        o.testFraction = 0
        var epochs = 0
        XCTAssertThrowsError(try TrainJob.run(o, toolchain: { try VerilatorToolchain() }, log: { _ in }, epoch: { _ in epochs += 1 })) { e in
            XCTAssertTrue("\(e)".contains("reference network cannot be trained: 2 training row(s) are too few") && "\(e)".contains("--no-reference"), "\(e)")
        }
        XCTAssertEqual(epochs, 0, "refused before the SymbolNet trains")
        XCTAssertEqual(outputFiles(dir), [])
    }

    /// The emulated operator equals the golden model of the lowered operator at every argument tried.
    func testEmulationReadsTheHardwareTables() throws {
        let format = try FixedFormat(parsing: "ap_fixed<10,4>")
        let e = try QuantizationEmulationBuilder.emulation(plan: .uniform(format), tables: nil, unary: [.tanh, .sin, .square, .identity])
        XCTAssertEqual(Set(e.unary.keys), [.tanh, .sin], "products are exact in hardware; tables are emulated")
        XCTAssertEqual(e.input, QuantizationEmulationBuilder.grid(format))
        XCTAssertEqual(e.input!.step, 1.0 / 64)
        for (op, fn) in [(UnaryOperator.tanh, Function.tanh), (.sin, .sin)] {
            let d = try Lowering(plan: .uniform(format), inputCount: 1).lower(FormulaSet([.init(name: "y", expr: .call(fn, .variable(0)))]), name: "t")
            let g = GoldenModel(d)
            for z in stride(from: -9.0, through: 9.0, by: 0.37) {
                let expected = d.outputFormat(d.outputs[0]).double(fromRaw: g.evaluate(g.quantizeInputs([z]))[0])
                XCTAssertEqual(e.unary[op]!.value(z), expected, "\(op) at \(z)")
            }
        }
        // The grid casts the way FixedFormat does (truncation, wrap-around, saturation, rounding).
        for f in [format, try FixedFormat(parsing: "ap_fixed<8,3,AP_RND,AP_SAT>"), try FixedFormat(parsing: "ap_ufixed<6,2>")] {
            let grid = QuantizationEmulationBuilder.grid(f)
            for x in stride(from: -70.0, through: 70.0, by: 0.173) {
                XCTAssertEqual(grid.quantize(x), f.double(fromRaw: f.raw(fromDouble: x)), "\(f) at \(x)")
            }
        }
    }

    /// Quantization-aware fine-tuning end to end: the structure stays, the live constants land on the
    /// grid, and the formulas before and after are checked in fixed point and RTL (bit-exact).
    func testQuantizationAwareFineTuningChecksBothModelsInRTL() throws {
        try TestEnvironment.require("verilator", hint: "Scripts/bootstrap.sh installs it")
        let dir = try TestEnvironment.temporaryDirectory()
        var o = try options(dir, Self.csv(rows: 300), epochs: 20)
        let format = try FixedFormat(parsing: "ap_fixed<8,3>")
        o.hardware = TrainJob.Hardware(plan: .uniform(format))
        o.quantizationAware = true
        o.quantizationAwareEpochs = 3
        var lines: [String] = []
        let r = try TrainJob.run(o, toolchain: { try VerilatorToolchain() }, log: { lines.append($0) })
        let before = try XCTUnwrap(r.hardwareBeforeFineTuning), after = try XCTUnwrap(r.hardware)
        XCTAssertEqual(before.mismatches, 0)
        XCTAssertEqual(after.mismatches, 0)
        XCTAssertEqual(after.fixed, after.rtl)
        XCTAssertLessThanOrEqual(after.complexity, before.complexity, "fine-tuning never adds structure")
        XCTAssertEqual(r.model.history.count, 23)
        // ap_fixed<8,3> truncates: a constant the formulas write as trained sits at the centre of the bin
        // of its grid value (constants folded by the extraction are quantized by the hardware instead).
        let grid = QuantizationEmulationBuilder.grid(format)
        var centred = 0, live = 0
        for l in r.model.layout.layers {
            for i in 0..<l.weightCount {
                let w = r.model.parameters[l.weights + i], t = r.model.parameters[l.thresholds + i]
                guard abs(w) > t else { continue }
                live += 1
                if w - grid.quantize(w) == grid.step / 2 { centred += 1 }
            }
        }
        XCTAssertGreaterThan(centred, live / 4, "\(centred) of \(live) live constants on the grid")
        XCTAssertTrue(lines.contains { $0.hasPrefix("quantization-aware fine-tuning: 3 epochs emulating uniform ap_fixed<8,3>") }, "\(lines)")
        XCTAssertTrue(outputFiles(dir).contains("m.metrics.json"))
    }
}

/// How faithful the quantization-aware forward pass is: its outputs against the golden model of the
/// extracted formulas (the hardware) on the same rows.
final class QuantizationEmulationFidelityTests: XCTestCase {
    func testEmulatedOutputsAgainstTheGoldenModel() throws {
        var rng = SplitMix64(seed: 9)
        let x = (0..<600).map { _ in (0..<4).map { _ in Double(rng.next() >> 11) * 0x1p-53 * 4 - 2 } }
        let labels = x.map { v in v[0] + v[1] > 0.5 ? 0 : (v[0] - v[1] > 0 ? 1 : 2) }
        let config = SymbolNetConfig(task: .classification, layers: [LayerSpec(unary: 6, binary: 2), LayerSpec(unary: 6, binary: 2)],
                                     unaryOperators: [.sin, .tanh, .gauss, .square], binaryOperators: [.mul],
                                     sparsity: SparsityTargets(input: 0.25, weight: 0.6, unary: 0.4, binary: 0.5), epochs: 40, seed: 2,
                                     loss: .crossEntropy)
        let model = try SymbolNetTrainer.train(x: x, labels: labels, classes: 3, config: config)
        let format = try FixedFormat(parsing: "ap_fixed<8,3,AP_RND,AP_SAT>")
        let emulation = try QuantizationEmulationBuilder.emulation(plan: .uniform(format), tables: nil, unary: config.unaryOperators)
        let emulated = try model.predictEmulated(x, emulation: emulation)
        let set = FormulaSet(zip(model.formulaNames(), model.extract(digits: 4)).map { FormulaSet.Formula(name: $0, expr: $1) })
        let d = try Lowering(plan: .uniform(format), inputCount: 4).lower(set, name: "fidelity")
        let g = GoldenModel(d)
        var worst = 0.0, argmaxAgree = 0
        for (r, row) in x.enumerated() {
            let hw = g.evaluate(g.quantizeInputs(row)).enumerated().map { d.outputFormat(d.outputs[$0.offset]).double(fromRaw: $0.element) }
            worst = max(worst, zip(hw, emulated[r]).map { abs($0 - $1) }.max()!)
            if hw.indices.max(by: { hw[$0] < hw[$1] }) == emulated[r].indices.max(by: { emulated[r][$0] < emulated[r][$1] }) { argmaxAgree += 1 }
        }
        print("emulation vs golden model: worst output difference \(worst), argmax agreement \(argmaxAgree)/\(x.count)")
        XCTAssertGreaterThanOrEqual(Double(argmaxAgree) / Double(x.count), 0.98)
    }
}
