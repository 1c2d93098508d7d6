import FixedPoint

/// Estimated combinational delay of each operation, used to pack operations into clock cycles.
///
/// The figures are coarse 7-series-class estimates (carry chain per bit, one DSP48 pass per
/// multiply); they only decide where pipeline registers go, and the measured Fmax is reported separately.
public struct DelayModel: Hashable, Sendable {
    public var clockPeriodNs: Double
    public var addBaseNs = 0.6
    public var carryPerBitNs = 0.025
    public var multiplyNs = 3.0
    public var castNs = 0.4
    /// Block-RAM clock-to-output: a table's value settles this long into the stage after its address.
    public var romClockToOutNs = 1.5
    /// Register the input ports before any logic (one more cycle, isolates the design from its source's timing).
    public var registerInputs = false
    /// Constant multiplies whose CSD recoding has at most this many non-zero digits are built from shifts and
    /// adds instead of a multiplier (0: every multiply is a multiplier).
    public var shiftAddMaxTerms = 0

    public init(clockPeriodNs: Double = 5.0, registerInputs: Bool = false) {
        self.clockPeriodNs = clockPeriodNs
        self.registerInputs = registerInputs
    }

    /// Delay of one node, given the datapath it sits in.
    public func delay(_ node: Node, in d: Datapath) -> Double {
        switch node.op {
        case .input, .constant: return 0
        case .add, .sub, .neg, .abs: return addBaseNs + carryPerBitNs * Double(node.format.width)
        case .mul where shiftAdd(node, in: d) != nil:
            // An adder chain: the carries ripple once across the width, plus a base delay per adder.
            let terms = shiftAdd(node, in: d)!.count
            return terms <= 1 ? 0 : addBaseNs * Double(terms - 1) + carryPerBitNs * Double(node.format.width)
        case .mul(let a, let b):
            // Wide multiplies cascade DSP slices (25×18 each).
            let wa = d[a].format.width, wb = d[b].format.width
            let slices = ((max(wa, wb) + 24) / 25) * ((min(wa, wb) + 17) / 18)
            return multiplyNs * Double(max(1, slices).squareRootCeil)
        case .table(_, let t):
            // Address setup: a plain bit slice for periodic tables, a subtract and clamp otherwise.
            return d.tables[t].periodic ? 0.3 : addBaseNs + carryPerBitNs * Double(d.tables[t].inputFormat.width) + 0.3
        case .cast(let a):
            let rounds = d[a].format.fractionBits > node.format.fractionBits && node.format.quantization != .trn
            return castNs + (rounds ? addBaseNs + carryPerBitNs * Double(node.format.width) : 0)
        }
    }
}

extension Int {
    fileprivate var squareRootCeil: Int {
        var r = 1
        while r * r < self { r += 1 }
        return r
    }
}

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

    /// ASAP scheduling with operation chaining under the clock period. A table reads through a
    /// registered ROM: its address is set up in one stage and its value settles in the next.
    public init(_ d: Datapath, delays: DelayModel = DelayModel()) {
        var stage = [Int](repeating: 0, count: d.nodes.count)
        // Time within its stage at which a node's value settles; nil means "only after the next register".
        var finish = [Double](repeating: 0, count: d.nodes.count)
        for (i, node) in d.nodes.enumerated() {
            var s0 = 0
            var t0 = 0.0
            for o in node.op.operands.map(\.index) {
                if case .constant = d.nodes[o].op { continue }
                let (so, to) = (stage[o], finish[o])
                if so > s0 { (s0, t0) = (so, to) } else if so == s0 { t0 = max(t0, to) }
            }
            let dl = delays.delay(node, in: d)
            if t0 + dl <= delays.clockPeriodNs || t0 == 0 {
                (stage[i], finish[i]) = (s0, t0 + dl)
            } else {
                (stage[i], finish[i]) = (s0 + 1, dl)
            }
            if case .table = node.op {
                // The ROM output register ends the address stage; the value is usable in the next one.
                (stage[i], finish[i]) = (stage[i] + 1, delays.romClockToOutNs)
            }
        }
        self.registerInputs = delays.registerInputs
        self.stage = stage
        self.stages = (d.outputs.map { stage[$0.node.index] }.max() ?? 0) + 1
    }
}
