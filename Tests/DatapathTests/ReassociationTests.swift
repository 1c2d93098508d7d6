@testable import Datapath
import FixedPoint
import SymbolicExpression
import Support
import XCTest

/// Sums rebuilt for timing keep every output's value bit for bit and finish no later than as written.
final class ReassociationTests: XCTestCase {
    /// Every input pattern of three 5-bit inputs: the rebuilt design's outputs equal the written one's.
    func testRebuiltSumsEqualTheWrittenOrderExhaustively() throws {
        let set = try FormulaSet.parse("y: x0 + x1*x2 - x0*x2 + 0.25 - x1 + 0.5\nz: -(x0 - x1) - x2*x2 - 0.75")
        let d = try Lowering(plan: .uniform(.fixed(5, 2)), inputCount: 3).lower(set, name: "dut")
        let delays = DelayModel(clockPeriodNs: 2)
        let rebuilt = try XCTUnwrap(Reassociation.rebuild(d, delays: delays.resolved(for: d)))
        XCTAssertNotEqual(rebuilt.datapath, d, "the sums were rebuilt")
        XCTAssertEqual(rebuilt.origin.count, rebuilt.datapath.nodes.count)
        let (g0, g1) = (GoldenModel(d), GoldenModel(rebuilt.datapath))
        var inputs: [Int128] = []
        for a in -16..<16 { for b in -16..<16 { for c in -16..<16 { inputs += [Int128(a), Int128(b), Int128(c)] } } }
        let count = inputs.count / 3
        XCTAssertEqual(g1.evaluateBatch(count: count, inputs: inputs), g0.evaluateBatch(count: count, inputs: inputs))
        // The two constants of y fold into one, and no exact sum gained a rounding cast.
        let casts = { (d: Datapath) in d.nodes.filter { if case .cast = $0.op { return true } else { return false } }.count }
        XCTAssertEqual(casts(rebuilt.datapath), casts(d))
        XCTAssertLessThan(rebuilt.datapath.nodes.count, d.nodes.count)
    }

    /// A product that settles late is added last, which takes a stage off the written order.
    func testALateProductIsAddedLast() throws {
        let set = try FormulaSet.parse("y: x0 + x1*x2*x3 - x4 - x5 + 0.5")
        let d = try Lowering(plan: .uniform(.fixed(16, 6)), inputCount: 6).lower(set, name: "dut")
        let delays = DelayModel(clockPeriodNs: 5)
        let (b, origin) = Reassociation.balanced(d, delays: delays)
        XCTAssertLessThan(Schedule(b, delays: delays).latency, Schedule(d, delays: delays).latency)
        // The output's node is the last add, and it stands for the written sum's root.
        let out = b.outputs[0].node.index
        guard case .cast(let root) = b.nodes[out].op else { return XCTFail("an output ends in its cast") }
        XCTAssertEqual(origin[root.index], d.outputs[0].node.index - 1)
        guard case .add(_, let late) = b.nodes[root.index].op, case .mul = b.nodes[late.index].op else {
            return XCTFail("the product is the last term: \(b.listing)")
        }
        var g = SplitMix64(seed: 3)
        let raw = d.quantizeInputs((0..<(2_000 * 6)).map { _ in 8 * g.nextNormal() }, stride: 6)
        XCTAssertEqual(GoldenModel(b).evaluateBatch(count: 2_000, inputs: raw), GoldenModel(d).evaluateBatch(count: 2_000, inputs: raw))
    }

    /// A design the pass cannot speed up keeps its structure (and its emitted files).
    func testNoGainKeepsTheWrittenDesign() throws {
        let set = try FormulaSet.parse("y: x0 + x1 - x2 + x3")
        let d = try Lowering(plan: .uniform(.fixed(12, 4)), inputCount: 4).lower(set, name: "dut")
        let (b, origin) = Reassociation.balanced(d, delays: DelayModel(clockPeriodNs: 5))
        XCTAssertEqual(b, d)
        XCTAssertEqual(origin, d.nodes.indices.map { $0 })
    }
}
