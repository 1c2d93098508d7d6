@testable import Datapath
import FixedPoint
import SymbolicExpression
import XCTest

/// The DSP budget's choice between shift-and-add chains and multipliers for constant multiplies.
final class DSPBudgetTests: XCTestCase {
    func testAdderBitsCountOneLUTPerBitAboveTheLowestShift() {
        // 7 = 8 − 1: two digits, one adder across all 12 bits.
        XCTAssertEqual(ConstantMultiplication.adderBits(ConstantMultiplication.digits(7), width: 12), 12)
        // 40 = 32 + 8: the three low bits are zero in both terms.
        XCTAssertEqual(ConstantMultiplication.adderBits(ConstantMultiplication.digits(40), width: 12), 9)
        // 0b1010101 = 85: four digits, three adders.
        XCTAssertEqual(ConstantMultiplication.adderBits(ConstantMultiplication.digits(85), width: 16), 48)
        // A power of two is wiring.
        XCTAssertEqual(ConstantMultiplication.adderBits(ConstantMultiplication.digits(64), width: 16), 0)
    }

    /// A generous budget moves the longest chains to multipliers without a longer pipeline; a budget the other
    /// multiplies already fill moves nothing; every choice stays within its budget.
    func testBudgetMovesTheLongestChainsWithinItsSlicesAndLatency() throws {
        let set = try FormulaSet.parse("y: 0.8302*x0 - 0.3036*x1 + 0.6487*x2*x3 + 0.1177*x2\nz: 0.7679*x1*x0 + 0.5365*x3 - 0.3177*x0")
        let d = try Lowering(plan: .uniform(.fixed(18, 8)), inputCount: 4).lower(set, name: "dut")
        var chains = DelayModel(clockPeriodNs: 5)
        chains.shiftAddMaxTerms = 8
        func adders(_ m: DelayModel) -> [Int] {
            let r = m.resolved(for: d)
            return d.nodes.indices.filter { r.shiftAdd(d.nodes[$0], in: d) != nil }
        }
        let all = adders(chains)
        XCTAssertGreaterThan(all.count, 2, "the test needs several chains")
        let varMultiplies = chains.dspSlices(in: d)
        XCTAssertGreaterThan(varMultiplies, 0)

        var tight = chains
        tight.dspBudget = varMultiplies
        XCTAssertEqual(adders(tight), all, "no slice left: every chain stays adders")

        var generous = chains
        generous.dspBudget = 1000
        generous.clockPeriodNs = 100
        let moved = adders(generous)
        XCTAssertTrue(moved.isEmpty, "one stage either way at 100 ns: every chain with an adder becomes a multiplier, got \(moved)")

        for budget in varMultiplies...(varMultiplies + all.count) {
            var m = chains
            m.dspBudget = budget
            let r = m.resolved(for: d)
            XCTAssertLessThanOrEqual(r.dspSlices(in: d), budget)
            XCTAssertLessThanOrEqual(Schedule(d, delays: m).latency, Schedule(d, delays: chains).latency)
            let left = Set(adders(m))
            // The kept chains are the shortest ones.
            let cost = { (i: Int) in ConstantMultiplication.adderBits(chains.shiftAdd(d.nodes[i], in: d)!, width: d.nodes[i].format.width) }
            for i in all where !left.contains(i) { for k in left { XCTAssertGreaterThanOrEqual(cost(i), cost(k)) } }
        }
    }

    func testOptimizedPlanSpendsItsDefaultBudget() {
        let m = DelayModel(clockPeriodNs: 5).adapted(to: .optimized(OptimizationTarget(inputFormat: .fixed(18, 8), maxError: 0.1)))
        XCTAssertEqual(m.dspBudget, DelayModel.optimizedDSPBudget)
        XCTAssertNil(DelayModel(clockPeriodNs: 5).adapted(to: .uniform(.fixed(18, 8))).dspBudget)
    }
}
