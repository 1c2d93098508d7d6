import FixedPoint

/// The FPGA family whose delays place the pipeline registers (`--family`).
public enum TimingFamily: String, CaseIterable, Sendable, Hashable, Codable {
    /// Xilinx 7-series / UltraScale+ class: datasheet-order estimates, not a timing sign-off.
    case xc7
    /// Lattice ECP5 (speed 6): calibrated against nextpnr-ecp5 on our own primitives (`DelayTables.ecp5`).
    case ecp5
}

/// Estimated combinational delay of each operation, used to pack operations into clock cycles.
///
/// A stage holds a chain of operations whose delays, plus the family's per-stage register overhead, fit the
/// clock period. The `xc7` figures are coarse 7-series-class estimates (`DelayTables.xc7` cites where they come
/// from); the `ecp5` figures are nextpnr measurements of the emitter's own primitives.
public struct DelayModel: Hashable, Sendable {
    public var clockPeriodNs: Double
    public var family: TimingFamily = .xc7
    public var addBaseNs = XC7Estimates.lutAndRoutingNs
    public var carryPerBitNs = XC7Estimates.carryPerBitNs
    public var multiplyNs = XC7Estimates.dspMultiplyNs
    public var castNs = 0.4
    /// Block-RAM clock-to-output: a table's value settles this long into the stage after its address.
    public var romClockToOutNs = XC7Estimates.blockRAMClockToOutNs
    /// Register the input ports before any logic (one more cycle, isolates the design from its source's timing).
    public var registerInputs = false
    /// Constant multiplies whose CSD recoding has at most this many non-zero digits are built from shifts and
    /// adds instead of a multiplier (0: every multiply is a multiplier).
    public var shiftAddMaxTerms = 0
    /// Largest shift-and-add chain, in adder bits (`ConstantMultiplication.adderBits`), built from adders; a
    /// longer one is a multiplier. nil: no limit, or the limit `dspBudget` chooses for each design.
    public var shiftAddMaxAdderBits: Int?
    /// DSP slices a design may use in all (`dspSlices(in:)`): the longest shift-and-add chains move to
    /// multipliers while the design stays within it and its latency does not grow (`resolved(for:)`).
    /// nil: every chain of at most `shiftAddMaxTerms` digits stays adders.
    public var dspBudget: Int?
    /// Refuse a clock period that some single operation cannot meet (`ScheduleError.unreachableClock`) instead
    /// of scheduling it alone in an over-long stage. Set when the user asks for a family or a frequency.
    public var enforceClock = false

    public init(clockPeriodNs: Double = 5.0, registerInputs: Bool = false) {
        self.clockPeriodNs = clockPeriodNs
        self.registerInputs = registerInputs
    }

    /// A model of `family` at `clockPeriodNs` that refuses a period it cannot meet.
    public init(family: TimingFamily, clockPeriodNs: Double, enforceClock: Bool = true) {
        self.init(clockPeriodNs: clockPeriodNs)
        self.family = family
        self.enforceClock = enforceClock
    }

    /// Register overhead of one stage (clock-to-out, setup, routing into the capture register), counted once
    /// per stage: the 7-series estimates leave it inside their margins, the ECP5 figure is measured.
    public var stageOverheadNs: Double {
        switch family {
        case .xc7: return 0
        case .ecp5: return DelayTables.ecp5.stageOverheadNs
        }
    }

    /// Share of the clock period kept free for routing that the per-primitive figures do not see: none on the
    /// 7-series estimates (inside their margins), `DelayTables.routingMargin` on ECP5.
    public var routingMargin: Double {
        switch family {
        case .xc7: return 0
        case .ecp5: return DelayTables.ecp5.routingMargin
        }
    }

    /// Time one stage may spend in logic.
    public var logicBudgetNs: Double { clockPeriodNs * (1 - routingMargin) - stageOverheadNs }

    /// The shortest period at which a stage holding `logicNs` of logic fits (the inverse of `logicBudgetNs`).
    public func periodNs(forLogic logicNs: Double) -> Double { (logicNs + stageOverheadNs) / (1 - routingMargin) }

    /// Delay of one node, given the datapath it sits in.
    public func delay(_ node: Node, in d: Datapath) -> Double {
        switch family {
        case .xc7: return xc7Delay(node, in: d)
        case .ecp5: return ecp5Delay(node, in: d)
        }
    }

    /// When a table's value is usable in the stage after its address: the ROM's clock-to-out. On ECP5 the
    /// measured read of a table of that size stands for it (a block RAM's clock-to-out, or, for a LUT ROM whose
    /// logic sits before its register, a safe upper bound).
    public func tableValueNs(_ table: FunctionTable) -> Double {
        switch family {
        case .xc7: return romClockToOutNs
        case .ecp5: return DelayTables.ecp5.rom.at(table.size)
        }
    }

    /// LUT levels a segmented table's index adds after its subtract (`sf_table_index_seg`): one normalization
    /// stage per bit of the width's log2, each an OR of the top 2^g bits feeding a 2:1 multiplexer (one LUT6 while
    /// the OR and the multiplexer's three inputs fit six inputs, two beyond), then the address multiplexer.
    /// An estimate from the structure, not a measurement.
    public static func segmentIndexLevels(width: Int) -> Int {
        var stages = 1
        while 1 << stages <= width { stages += 1 }
        var levels = 1
        for g in 0..<stages { levels += (1 << g) + 2 <= 6 ? 1 : 2 }
        return levels
    }

    func xc7Delay(_ node: Node, in d: Datapath) -> Double {
        switch node.op {
        case .input, .constant: return 0
        case .add, .sub, .neg, .abs: return addBaseNs + carryPerBitNs * Double(node.format.width)
        case .mul where shiftAdd(node, in: d) != nil:
            // An adder chain: the carries ripple once across the width, plus a base delay per adder.
            let terms = shiftAdd(node, in: d)!.count
            return terms <= 1 ? 0 : addBaseNs * Double(terms - 1) + carryPerBitNs * Double(node.format.width)
        case .mul(let a, let b):
            // Wide multiplies cascade DSP slices (25×18 each).
            let slices = Self.dspSlices(d[a].format.width, d[b].format.width)
            return multiplyNs * Double(max(1, slices).squareRootCeil)
        case .table(_, let t):
            // Address setup: a plain bit slice for periodic tables, a subtract and clamp otherwise; a distributed
            // ROM then reads in the same stage.
            let tb = d.tables[t]
            var index = tb.periodic ? 0.3 : addBaseNs + carryPerBitNs * Double(tb.inputFormat.width) + 0.3
            if tb.segments != nil { index += Double(Self.segmentIndexLevels(width: tb.inputFormat.width)) * XC7Estimates.lutAndRoutingNs }
            return index + (storage(of: tb) == .distributed ? Self.xc7LUTROMReadNs(entries: tb.size) : 0)
        case .cast(let a):
            let rounds = d[a].format.fractionBits > node.format.fractionBits && node.format.quantization != .trn
            let saturates = node.format.overflow != .wrap && node.format.integerBits < d[a].format.integerBits
            // Truncating and wrapping is a bit slice and a sign extension: wiring, no LUT.
            if !rounds && !saturates { return 0 }
            return castNs + (rounds ? addBaseNs + carryPerBitNs * Double(node.format.width) : 0)
        }
    }

    /// ECP5: every figure is a measured register-to-register path minus the register overhead, so chaining
    /// two operations counts the routing between them twice (a safe side for a schedule that must meet F).
    func ecp5Delay(_ node: Node, in d: Datapath) -> Double {
        let t = DelayTables.ecp5
        switch node.op {
        case .input, .constant: return 0
        case .add, .sub, .neg, .abs: return t.adder.at(node.format.width)
        case .mul where shiftAdd(node, in: d) != nil:
            // Built as a chain of adders, one carry chain after the other.
            let terms = shiftAdd(node, in: d)!.count
            return terms <= 1 ? t.wireNs : Double(terms - 1) * t.adder.at(node.format.width)
        case .mul(let a, let b):
            return t.multiplier.at(max(d[a].format.width, d[b].format.width))
        case .table(_, let tb):
            // A periodic index is a bit slice; a clamped one subtracts the start and compares.
            // A LUT ROM's logic then sits before its output register, in the address stage: its measured read counts here.
            let f = d.tables[tb].inputFormat
            var index = d.tables[tb].periodic ? t.wireNs : t.adder.at(f.width + 1) + t.wireNs
            if d.tables[tb].segments != nil { index += Double(Self.segmentIndexLevels(width: f.width)) * t.wireNs }
            return index + t.rom.at(d.tables[tb].size)
        case .cast(let a):
            let rounds = d[a].format.fractionBits > node.format.fractionBits && node.format.quantization != .trn
            let saturates = node.format.overflow != .wrap && node.format.integerBits < d[a].format.integerBits
            // A saturating cast compares the source against the bounds (a carry chain) before its multiplexer.
            return (rounds ? t.adder.at(node.format.width) : t.wireNs) + (saturates ? t.adder.at(d[a].format.width) + t.wireNs : 0)
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
