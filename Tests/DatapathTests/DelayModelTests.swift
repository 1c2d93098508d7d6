@testable import Datapath
import FixedPoint
import Foundation
import SymbolicExpression
import XCTest

final class DelayModelTests: XCTestCase {
    /// The ECP5 figures in the source are the committed calibration table, row for row.
    func testECP5TableIsTheCommittedCalibration() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let tsv = try String(contentsOf: root.appendingPathComponent("Reports/benchmarks/ecp5-delays.tsv"), encoding: .utf8)
        var rows: [String: [(Int, Double)]] = [:]
        for line in tsv.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t")
            rows[String(f[0]), default: []].append((Int(f[1])!, Double(f[4])!))
        }
        func same(_ a: [(Int, Double)], _ b: [(Int, Double)], _ what: String) {
            XCTAssertEqual(a.map(\.0), b.map(\.0), what)
            for (x, y) in zip(a, b) { XCTAssertEqual(x.1, y.1, accuracy: 0.0005, "\(what) \(x.0)") }
        }
        same(rows["add"] ?? [], ECP5Calibration.adder, "adder")
        same(rows["mul"] ?? [], ECP5Calibration.multiplier, "multiplier")
        same(rows["rom"] ?? [], ECP5Calibration.rom, "rom")
        XCTAssertEqual(rows["reg"]?.first?.1 ?? -1, ECP5Calibration.overhead, accuracy: 0.0005)
        XCTAssertEqual(rows["lut"]?.first?.1 ?? -1, ECP5Calibration.wire, accuracy: 0.0005)
    }

    func testCurveInterpolatesAndNeverShrinksBeyondItsPoints() {
        let c = DelayCurve([(8, 1.0), (16, 2.0), (32, 2.5)])
        XCTAssertEqual(c.at(4), 1.0)
        XCTAssertEqual(c.at(12), 1.5)
        XCTAssertEqual(c.at(48), 3.0, accuracy: 1e-12)
        XCTAssertEqual(DelayCurve([(8, 2.0), (16, 1.0)]).at(64), 1.0, "a falling last segment does not extrapolate downwards")
    }

    /// Every stage of an ECP5 schedule fits the period: the chained delays plus the register overhead, with the routing margin left free.
    func testECP5StagesFitThePeriod() throws {
        let set = try FormulaSet.parse("y: x0*x1 + x2*x3 - 0.75*x0 + sin(x1)\nz: sqrt(abs(x1 - x2)) + x3*x3*x0")
        let d = try Lowering(plan: .uniform(.fixed(16, 6)), inputCount: 4).lower(set, name: "dut")
        var previous = 0
        for mhz in [20.0, 40.0, 60.0, 66.0] {
            let model = DelayModel(family: .ecp5, clockPeriodNs: 1000 / mhz)
            let s = try Schedule.checked(d, delays: model)
            XCTAssertGreaterThanOrEqual(s.latency, previous, "\(mhz) MHz")
            previous = s.latency
            // Arrival time of every node within its stage, recomputed from the schedule.
            var arrival = [Double](repeating: 0, count: d.nodes.count)
            for (i, n) in d.nodes.enumerated() {
                // A table's address is computed one stage before the stage its value appears in.
                var own = s.stage[i]
                if case .table = n.op { own -= 1 }
                var t = 0.0
                for o in n.op.operands where s.stage[o.index] == own {
                    if case .constant = d[o].op { continue }
                    t = max(t, arrival[o.index])
                }
                XCTAssertLessThanOrEqual(t + model.delay(n, in: d) + model.stageOverheadNs, model.clockPeriodNs * (1 - model.routingMargin) + 1e-9, "\(mhz) MHz node n\(i)")
                if case .table(_, let tb) = n.op { arrival[i] = model.tableValueNs(d.tables[tb]) } else { arrival[i] = t + model.delay(n, in: d) }
            }
        }
        XCTAssertGreaterThan(previous, 2)
    }

    func testUnreachableClockIsRefusedOnlyWhenEnforced() throws {
        let set = try FormulaSet.parse("y: x0*x1")
        let d = try Lowering(plan: .uniform(.fixed(16, 6)), inputCount: 2).lower(set, name: "dut")
        var model = DelayModel(family: .ecp5, clockPeriodNs: 1)
        XCTAssertThrowsError(try Schedule.checked(d, delays: model)) { e in
            let e = e as! ScheduleError
            XCTAssertEqual(e.fastestNs, Schedule.minimumPeriod(d, delays: model).ns)
            XCTAssertTrue(e.description.contains("n"), e.description)
        }
        model.enforceClock = false
        XCTAssertNoThrow(try Schedule.checked(d, delays: model))
        // The default estimates keep today's schedules: nothing is refused.
        XCTAssertNoThrow(try Schedule.checked(d, delays: DelayModel(clockPeriodNs: 1)))
    }

    /// xc7: a table of up to 512 entries is a LUT ROM read in its address stage; a larger one a block RAM whose
    /// value appears one stage later.
    func testSmallTablesReadInTheirAddressStageLargeOnesOneStageLater() throws {
        let set = try FormulaSet.parse("y: tanh(x0) + x1")
        func lowered(_ entries: Int) throws -> Datapath {
            try Lowering(plan: .uniform(.fixed(16, 6)), inputCount: 2, tables: TableConfig.standard.withAddressBits(entries.trailingZeroBitCount))
                .lower(set, name: "dut")
        }
        let model = DelayModel(clockPeriodNs: 5)
        let small = try lowered(512), large = try lowered(1024)
        XCTAssertEqual(model.storage(of: small.tables[0]), .distributed)
        XCTAssertEqual(model.storage(of: large.tables[0]), .block)
        XCTAssertEqual(Schedule(small, delays: model).latency, 1, "a LUT ROM chains with the add after it")
        XCTAssertEqual(Schedule(large, delays: model).latency, 2, "a block RAM's registered read ends the address stage")
        // The LUT levels behind the read: LUT6 (64), MUXF7 (128), MUXF8 (256), then a LUT6 per factor of four.
        XCTAssertEqual(DelayModel.xc7LUTROMReadNs(entries: 64), XC7Estimates.lutAndRoutingNs, accuracy: 1e-12)
        XCTAssertEqual(DelayModel.xc7LUTROMReadNs(entries: 256), XC7Estimates.lutAndRoutingNs + XC7Estimates.muxF7Ns + XC7Estimates.muxF8Ns, accuracy: 1e-12)
        XCTAssertEqual(DelayModel.xc7LUTROMReadNs(entries: 1024), 2 * XC7Estimates.lutAndRoutingNs + XC7Estimates.muxF7Ns + XC7Estimates.muxF8Ns, accuracy: 1e-12)
        // ECP5 keeps the registered read its calibration measured, whatever the size.
        XCTAssertEqual(DelayModel(family: .ecp5, clockPeriodNs: 10).storage(of: small.tables[0]), .registered)
        // A tight clock still splits a chain after a LUT ROM read when the read does not fit with what follows.
        let tight = DelayModel(clockPeriodNs: 1.0)
        XCTAssertGreaterThan(Schedule(small, delays: tight).latency, 1)
    }
}
