import Foundation
import XCTest
@testable import SymbolNet

/// Option parsing, typed errors for bad input, model files and the training log.
final class ConfigAndErrorTests: XCTestCase {
    func testParseSparsityTargets() throws {
        let t = try SparsityTargets.parse("input=0.75,weight=0.9,unary=0.4,binary=0.4")
        XCTAssertEqual(t, SparsityTargets(input: 0.75, weight: 0.9, unary: 0.4, binary: 0.4))
        XCTAssertNil(try SparsityTargets.parse("binary=none").binary)
        XCTAssertThrowsError(try SparsityTargets.parse("input=1.2")) { e in
            XCTAssertEqual(e as? SymbolNetError, .sparsityOutOfRange(name: "input", value: 1.2))
        }
        XCTAssertThrowsError(try SparsityTargets.parse("weight=0"))
        XCTAssertThrowsError(try SparsityTargets.parse("speed=0.5")) { e in
            XCTAssertTrue("\(e)".contains("unknown key 'speed'"))
        }
        XCTAssertThrowsError(try SparsityTargets.parse("input=abc"))
    }

    func testParseOperatorsAndLayers() throws {
        XCTAssertEqual(try UnaryOperator.parseList("sin,tanh,gauss,square"), [.sin, .tanh, .gauss, .square])
        XCTAssertEqual(try BinaryOperatorKind.parseList("+,*,pow,/"), [.add, .mul, .pow, .div])
        XCTAssertThrowsError(try UnaryOperator.parseList("sin,sinc")) { e in
            XCTAssertTrue("\(e)".contains("unknown operator 'sinc'"), "\(e)")
        }
        XCTAssertEqual(try LayerSpec.parseList("20:5,8"), [LayerSpec(unary: 20, binary: 5), LayerSpec(unary: 6, binary: 2)])
        XCTAssertThrowsError(try LayerSpec.parseList("20:x"))
    }

    func testSetOptionsFromText() throws {
        var c = SymbolNetConfig()
        try c.set("layers", "20:5,10:2")
        try c.set("unary", "sin,tanh,gauss,square")
        try c.set("binary", "*")
        try c.set("sparsity", "input=0.8,binary=0.3")
        try c.set("task", "classification")
        try c.set("epochs", "12")
        try c.set("lr", "0.01")
        try c.set("patience", "3")
        XCTAssertEqual(c.layers, [LayerSpec(unary: 20, binary: 5), LayerSpec(unary: 10, binary: 2)])
        XCTAssertEqual(c.unaryOperators, [.sin, .tanh, .gauss, .square])
        XCTAssertEqual(c.binaryOperators, [.mul])
        XCTAssertEqual(c.sparsity, SparsityTargets(input: 0.8, weight: 0.9, unary: 0.4, binary: 0.3))
        XCTAssertEqual(c.task, SymbolNetConfig.Task.classification)
        XCTAssertEqual(c.epochs, 12)
        XCTAssertEqual(c.learningRate, 0.01)
        XCTAssertEqual(c.earlyStopPatience, 3)
        XCTAssertThrowsError(try c.set("epochs", "-1"))
        XCTAssertThrowsError(try c.set("colour", "red"))
        XCTAssertThrowsError(try c.set("task", "ranking"))
    }

    let x: [[Double]] = [[0, 1], [1, 0], [0.5, 0.5], [1, 1]]
    let y: [[Double]] = [[1], [0], [0.5], [2]]

    func expect(_ err: SymbolNetError, _ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { e in
            XCTAssertEqual(e as? SymbolNetError, err, file: file, line: line)
        }
    }

    func testBadInputsThrowBeforeTraining() {
        var c = SymbolNetConfig(layers: [LayerSpec(unary: 2, binary: 1)], epochs: 1)
        expect(.nonFinite(what: "input", row: 1, column: 0)) {
            _ = try SymbolNetTrainer.train(x: [[0, 1], [.nan, 0], [0, 0], [1, 1]], y: y, config: c)
        }
        expect(.nonFinite(what: "target", row: 0, column: 0)) {
            _ = try SymbolNetTrainer.train(x: x, y: [[.infinity], [0], [0], [0]], config: c)
        }
        expect(.nonNumeric(what: "data", row: 1, column: 1, text: "abc")) {
            _ = try SymbolNetTrainer.numericRows([["1", "2"], ["3", "abc"]])
        }
        expect(.shapeMismatch("4 input rows but 3 target rows")) {
            _ = try SymbolNetTrainer.train(x: x, y: Array(y.prefix(3)), config: c)
        }
        expect(.shapeMismatch("input row 2 has 1 values; row 0 has 2")) {
            _ = try SymbolNetTrainer.train(x: [[0, 1], [1, 0], [1], [1, 1]], y: y, config: c)
        }
        expect(.emptyData) { _ = try SymbolNetTrainer.train(x: [], y: [], config: c) }
        c.sparsity.unary = 1.5
        expect(.sparsityOutOfRange(name: "unary", value: 1.5)) { _ = try SymbolNetTrainer.train(x: x, y: y, config: c) }
        c.sparsity.unary = 0.4
        c.layers = [LayerSpec(unary: 3, binary: 0)]
        expect(.noBinaryNodes) { _ = try SymbolNetTrainer.train(x: x, y: y, config: c) }
        c.sparsity.binary = nil
        XCTAssertNoThrow(try SymbolNetTrainer.train(x: x, y: y, config: c))
        c.task = .classification
        expect(.badLabel(row: 2, value: 0.5, classes: 3)) { _ = try SymbolNetTrainer.train(x: x, y: y, config: c) }
        expect(.badLabel(row: 1, value: 7, classes: 3)) {
            _ = try SymbolNetTrainer.train(x: x, labels: [0, 7, 1, 2], classes: 3, config: c)
        }
    }

    func testErrorMessagesAreReadable() {
        XCTAssertEqual("\(SymbolNetError.nonFinite(what: "input", row: 3, column: 2))", "input row 3, column 2 is NaN or infinite")
        XCTAssertTrue(SymbolNetError.noBinaryNodes.description.contains("no layer has binary nodes"))
    }

    func testTrainingIsDeterministicAndModelRoundTrips() throws {
        let rows: [[Double]] = (0..<300).map { (i: Int) -> [Double] in
            [Double(i % 17) / 17, Double(i % 5) / 5, Double(i % 3) / 3]
        }
        let ys: [[Double]] = rows.map { (r: [Double]) -> [Double] in [r[0] * 2 - r[1]] }
        let c = SymbolNetConfig(layers: [LayerSpec(unary: 2, binary: 1)], epochs: 3, batchSize: 64, seed: 42)
        var seen: [SymbolNetEpoch] = []
        let a = try SymbolNetTrainer.train(x: rows, y: ys, config: c) { seen.append($0) }
        let b = try SymbolNetTrainer.train(x: rows, y: ys, config: c)
        XCTAssertEqual(a.parameters, b.parameters, "same seed, same result")
        XCTAssertEqual(seen.count, 3)
        XCTAssertEqual(a.history.map { $0.loss }, b.history.map { $0.loss })

        let loaded = try SymbolNetModel.load(from: a.jsonData())
        XCTAssertEqual(loaded, a)
        XCTAssertEqual(try loaded.predict(rows), try a.predict(rows))

        var json = try JSONSerialization.jsonObject(with: a.jsonData()) as! [String: Any]
        json["formatVersion"] = 99
        XCTAssertThrowsError(try SymbolNetModel.load(from: JSONSerialization.data(withJSONObject: json))) { e in
            XCTAssertEqual(e as? SymbolNetError, .unsupportedModelVersion(found: 99, supported: 1))
        }

        let csv = a.trainingLogCSV().split(separator: "\n")
        XCTAssertEqual(csv.count, 4)
        XCTAssertEqual(String(csv[0]), SymbolNetEpoch.csvHeader)
        XCTAssertThrowsError(try a.predict([[1, 2]]))
    }

    func testEarlyStopAndClassification() throws {
        let rows: [[Double]] = (0..<200).map { (i: Int) -> [Double] in
            [Double(i % 10) / 10 - 0.5, Double(i % 7) / 7 - 0.5]
        }
        let labels: [Int] = rows.map { (r: [Double]) -> Int in r[0] > 0 ? 1 : 0 }
        var c = SymbolNetConfig(layers: [LayerSpec(unary: 2, binary: 1)], epochs: 500, batchSize: 50, seed: 1)
        c.earlyStopPatience = 2
        c.earlyStopMinDelta = 10
        let m = try SymbolNetTrainer.train(x: rows, labels: labels, config: c)
        XCTAssertEqual(m.history.count, 3, "stops once the loss fails to improve by 10 for 2 epochs")
        XCTAssertEqual(m.config.task, SymbolNetConfig.Task.classification)
        XCTAssertEqual(m.architecture.outputs, 2)
        XCTAssertNotNil(m.history[0].accuracy)
        XCTAssertEqual(try m.classify(rows).count, 200)
    }
}
