import FixedPoint
import SymbolicExpression
import XCTest
@testable import Datapath

final class LoweringTests: XCTestCase {
    func lower(_ text: String, _ t: FixedFormat = .fixed(18, 8), inputs: Int? = nil, tables: TableConfig = .standard) throws -> Datapath {
        let set = try FormulaSet.parse(text)
        return try Lowering(plan: .uniform(t), inputCount: inputs ?? set.inputCount, tables: tables).lower(set, name: "d")
    }

    func testSharesIdenticalSubexpressionsAcrossOutputs() throws {
        let d = try lower("a: x0*x1 + x2\nb: x0*x1 - x2")
        let muls = d.nodes.filter { if case .mul = $0.op { return true } else { return false } }
        XCTAssertEqual(muls.count, 1)
        XCTAssertEqual(d.outputs.count, 2)
    }

    func testFoldsConstantSubtreesOnceAndUsesExactFormats() throws {
        let d = try lower("y: sin(0.5)*cos(0.5)*x0 + 2**3")
        XCTAssertTrue(d.tables.isEmpty, "constant sub-trees are folded before lowering")
        let t = FixedFormat.fixed(18, 8)
        let c = d.nodes.compactMap { n -> Int128? in if case .constant(let v) = n.op { return v } else { return nil } }
        XCTAssertTrue(c.contains(t.raw(fromDouble: sin(0.5) * cos(0.5))))
        XCTAssertTrue(c.contains(t.raw(fromDouble: 8)))
    }

    func testIntegerPowersBySquaring() throws {
        let d = try lower("y: x0**5")
        let muls = d.nodes.filter { if case .mul = $0.op { return true } else { return false } }
        XCTAssertEqual(muls.count, 3) // x², x⁴, x⁴·x
    }

    func testRangeAnalysisNarrowsWithoutChangingValues() throws {
        // Wide constants typed in T make ap_fixed's result types huge; the narrowed design must compute the same bits.
        let text = "y: 0.0123*x0*(0.25*x1 - 0.5*x2) + 0.003*x3*x3*x1"
        let narrow = try lower(text)
        var wide = Lowering(plan: .uniform(.fixed(18, 8)), inputCount: 4)
        wide.maxIntermediateWidth = 126
        let widest = narrow.nodes.map(\.format.width).max()!
        XCTAssertLessThan(widest, 62)
        let gN = GoldenModel(narrow)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let x = (0..<4).map { _ in Double.random(in: -128..<128, using: &rng) }
            let raw = gN.quantizeInputs(x)
            // Exact reference: evaluate the same datapath with every node at a huge exact format.
            var exact = [Double](repeating: 0, count: narrow.nodes.count)
            for (i, n) in narrow.nodes.enumerated() {
                switch n.op {
                case .input(let k): exact[i] = n.format.double(fromRaw: raw[k])
                case .constant(let v): exact[i] = n.format.double(fromRaw: v)
                case .add(let a, let b): exact[i] = exact[a.index] + exact[b.index]
                case .sub(let a, let b): exact[i] = exact[a.index] - exact[b.index]
                case .mul(let a, let b): exact[i] = exact[a.index] * exact[b.index]
                case .neg(let a): exact[i] = -exact[a.index]
                case .abs(let a): exact[i] = Swift.abs(exact[a.index])
                case .cast(let a):
                    let src = narrow.nodes[a.index].format
                    let big = FixedFormat(width: 100, integerBits: 100 - src.fractionBits)
                    exact[i] = n.format.double(fromRaw: n.format.cast(big.raw(fromDouble: exact[a.index]), from: big))
                case .table: XCTFail("no tables here")
                }
                // Every value fits its (narrowed) format.
                XCTAssertLessThanOrEqual(exact[i], n.format.maxValue)
                XCTAssertGreaterThanOrEqual(exact[i], n.format.minValue)
            }
            let out = gN.evaluate(raw)[0]
            XCTAssertEqual(narrow.outputFormat(narrow.outputs[0]).double(fromRaw: out), exact[narrow.outputs[0].node.index])
        }
    }

    func testFusesSinCosPairsInsideProductChainsAndThroughNegation() throws {
        let d = try lower("y: 0.5*sin(x0 + x1)*x2*cos(x0 + x1) - sin(2*x3)*cos(2*x3)")
        let fns = d.tables.map(\.function)
        XCTAssertEqual(fns.filter { $0 == .sinCos }.count, 2)
        XCTAssertFalse(fns.contains(.sin))
        XCTAssertFalse(fns.contains(.cos))
    }

    func testDivisionByAVariableUsesTheReciprocalTable() throws {
        let d = try lower("y: x0 / x1")
        XCTAssertEqual(d.tables.map(\.function), [.inv])
    }

    func testErrorsNameTheOutputLineAndSubexpression() throws {
        func message(_ text: String, inputs: Int? = nil, tables: TableConfig = .standard) -> String {
            do { _ = try lower(text, inputs: inputs, tables: tables); return "" } catch { return "\(error)" }
        }
        XCTAssertTrue(message("a: x0\nb: x1 + x7", inputs: 4).contains("line 2, output 'b': variable x7 is beyond the 4 inputs; raise --inputs to at least 8"))
        XCTAssertTrue(message("y: x0**x1").contains("only positive integer constant powers"))
        XCTAssertTrue(message("y: x0**0.5").contains("x0**0.5"))
        XCTAssertTrue(message("y: x0/0").contains("division by the constant 0"))
        var bad = TableConfig.standard
        bad.ranges[.log] = .init(start: -4, spanLog2: 3, addressBits: 8)
        XCTAssertTrue(message("y: log(x0)", tables: bad).contains("log is undefined below 0"))
        bad = .standard
        bad.ranges[.inv] = .init(start: -4, spanLog2: 3, addressBits: 8)
        XCTAssertTrue(message("y: 1/x0 + x1/x0", tables: bad).contains("1/x is unbounded at 0"))
    }

    func testTableOverridesAreValidated() {
        var c = TableConfig.standard
        XCTAssertNoThrow(try c.apply(override: "tanh=-4,4,512"))
        XCTAssertEqual(c.ranges[.tanh], .init(start: -4, spanLog2: 3, addressBits: 9))
        XCTAssertThrowsError(try c.apply(override: "tanh=-4,5")) { XCTAssertTrue("\($0)".contains("power of two")) }
        XCTAssertThrowsError(try c.apply(override: "sqrt=-1,3")) { XCTAssertTrue("\($0)".contains("sqrt is undefined")) }
        XCTAssertThrowsError(try c.apply(override: "foo=0,1")) { XCTAssertTrue("\($0)".contains("FUNCTION")) }
        XCTAssertThrowsError(try c.apply(override: "exp=0,16,1000")) { XCTAssertTrue("\($0)".contains("ENTRIES")) }
    }
}
import Foundation
