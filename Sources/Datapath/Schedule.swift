import FixedPoint

/// Where every node sits in the pipeline.
///
/// Stage `s` is the logic between register rank `s` and `s+1` (rank 0 is the input registers when
/// `registerInputs` is set, else the ports); outputs leave through the register at the end of the last
/// stage. Latency is `stages` cycles, plus one with input registers.
public struct Schedule: Hashable, Sendable {
    /// Stage of each node.
    public var stage: [Int]
    /// Number of logic stages (at least 1).
    public var stages: Int

    /// Whether the input ports are registered before stage 0.
    public var registerInputs: Bool

    /// Cycles from a vector at the inputs to its result at the outputs.
    public var latency: Int { stages + (registerInputs ? 1 : 0) }

    /// ASAP scheduling with operation chaining under the clock period. A block-RAM table reads through a
    /// registered port: its address is set up in one stage and its value settles in the next; a distributed
    /// (LUT) ROM reads combinationally and chains like any other operation (`DelayModel.storage(of:)`).
    public init(_ d: Datapath, delays: DelayModel = DelayModel()) {
        let delays = delays.resolved(for: d)
        var stage = [Int](repeating: 0, count: d.nodes.count)
        var finish = [Double](repeating: 0, count: d.nodes.count)
        for (i, node) in d.nodes.enumerated() {
            (stage[i], finish[i]) = Self.place(node, in: d, stage: stage, finish: finish, delays: delays)
        }
        self.registerInputs = delays.registerInputs
        self.stage = stage
        self.finishNs = finish
        self.stages = (d.outputs.map { stage[$0.node.index] }.max() ?? 0) + 1
    }

    /// Time within its stage at which each node's value settles (a registered table's: in the stage after its address).
    public var finishNs: [Double]

    /// The stage and settling time of `node` placed as soon as its operands (already placed in `d`) allow: the
    /// step the schedule takes for every node, for passes that build a datapath and need its timing as they go.
    /// `delays` must already be resolved for the design (`DelayModel.resolved(for:)`).
    public static func place(_ node: Node, in d: Datapath, stage: [Int], finish: [Double], delays: DelayModel) -> (stage: Int, finish: Double) {
        var s0 = 0
        var t0 = 0.0
        for o in node.op.operands.map(\.index) {
            if case .constant = d.nodes[o].op { continue }
            let (so, to) = (stage[o], finish[o])
            if so > s0 { (s0, t0) = (so, to) } else if so == s0 { t0 = max(t0, to) }
        }
        let dl = delays.delay(node, in: d)
        var placed = t0 + dl <= delays.logicBudgetNs || t0 == 0 ? (stage: s0, finish: t0 + dl) : (stage: s0 + 1, finish: dl)
        if case .table(_, let t) = node.op, delays.storage(of: d.tables[t]).isRegistered {
            // The block RAM's output register ends the address stage; the value is usable in the next one.
            placed = (placed.stage + 1, delays.tableValueNs(d.tables[t]))
        }
        return placed
    }
}

/// A clock the family's delay model cannot reach for a design, with the fastest schedule it can.
public struct ScheduleError: Error, CustomStringConvertible, Equatable {
    public var design: String
    public var family: TimingFamily
    public var requestedNs: Double
    /// The operation that sets the shortest period, as `n12 (mul n3 n7)`, and its delay with the register overhead (and, on ECP5, the routing margin).
    public var slowest: String
    public var fastestNs: Double
    /// Latency of the schedule at `fastestNs`.
    public var fastestLatency: Int

    /// The fastest reachable clock, rounded down to 0.1 MHz so that asking for it succeeds.
    public var fastestMhz: Double { (10_000 / fastestNs).rounded(.down) / 10 }

    public var description: String {
        let mhz = 1000 / requestedNs
        return "the \(family.rawValue) delay model cannot reach \(Self.format(mhz)) MHz (\(Self.format(requestedNs)) ns) for \(design): "
            + "\(slowest) alone needs \(Self.format(fastestNs)) ns with the register overhead\(family == .ecp5 ? " and the routing margin" : ""); the fastest reachable schedule is "
            + "\(Self.format(fastestMhz)) MHz (\(Self.format(fastestNs)) ns per stage, \(fastestLatency) cycles): ask for --clock-mhz \(Self.format(fastestMhz)) or less"
    }

    public static func format(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}

extension Schedule {
    /// The shortest clock period at which every operation fits in one stage, and the node that sets it
    /// (nil when the design has no logic).
    public static func minimumPeriod(_ d: Datapath, delays: DelayModel) -> (ns: Double, node: Int?) {
        let delays = delays.resolved(for: d)
        var worst = (ns: delays.periodNs(forLogic: 0), node: Int?.none)
        for (i, node) in d.nodes.enumerated() {
            var dl = delays.delay(node, in: d)
            if case .table(_, let t) = node.op, delays.storage(of: d.tables[t]).isRegistered { dl = max(dl, delays.tableValueNs(d.tables[t])) }
            if delays.periodNs(forLogic: dl) > worst.ns { worst = (delays.periodNs(forLogic: dl), i) }
        }
        return worst
    }

    /// The schedule of `d`; when the model enforces its clock, a period that a single operation cannot meet is
    /// an error naming that operation and the fastest reachable schedule.
    public static func checked(_ d: Datapath, delays: DelayModel) throws(ScheduleError) -> Schedule {
        if delays.enforceClock {
            let (ns, node) = minimumPeriod(d, delays: delays)
            // A hair of slack so that asking for the reported fastest clock (rounded down) always succeeds.
            if ns > delays.clockPeriodNs * (1 + 1e-9), let node {
                var fastest = delays
                fastest.clockPeriodNs = ns
                let what = "node n\(node) (\(PrecisionSearch.describe(d.nodes[node].op, in: d)), \(d.nodes[node].format))"
                throw ScheduleError(design: d.name, family: delays.family, requestedNs: delays.clockPeriodNs, slowest: what,
                                    fastestNs: ns, fastestLatency: Schedule(d, delays: fastest).latency)
            }
        }
        return Schedule(d, delays: delays)
    }
}
