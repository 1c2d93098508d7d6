import Datapath
import FixedPoint
import SymbolicExpression
import VerilogBackend

/// How a formula set becomes hardware: the precision plan, tables, constants and clock.
/// Every flow that lowers a design takes these, so `emit`, `cosim`, `synth` and `regress` agree.
public struct DesignOptions: Sendable {
    public var plan: PrecisionPlan
    public var clockNs: Double
    public var tables: TableConfig
    public var constantStyle: Lowering.ConstantStyle
    /// The family whose delays place the registers; nil is the default 7-series-class estimate, which never
    /// refuses a period. A named family (`--family`, `--clock-mhz`) refuses a clock it cannot reach.
    public var family: TimingFamily?
    /// Constant multiplies whose canonical-signed-digit form has at most this many non-zero digits are built
    /// from shifts and adds instead of a multiplier (same value bit for bit); nil keeps the plan's choice
    /// (4 for the optimized plan, none otherwise).
    public var shiftAddMaxTerms: Int?
    /// DSP slices the design may use, spent on the longest shift-and-add chains (`DelayModel.dspBudget`); nil
    /// keeps the plan's choice (`DelayModel.optimizedDSPBudget` for the optimized plan, none otherwise).
    public var dspBudget: Int?

    /// Tables and constants default to the plan's (`PrecisionPlan.defaultTables`, `.defaultConstantStyle`).
    public init(plan: PrecisionPlan, clockNs: Double = 5.0, tables: TableConfig? = nil, constantStyle: Lowering.ConstantStyle? = nil) {
        self.plan = plan
        self.clockNs = clockNs
        self.tables = tables ?? plan.defaultTables
        self.constantStyle = constantStyle ?? plan.defaultConstantStyle
    }

    /// The delay model, with the plan's arithmetic choices (shift-and-add constant multiplies for the optimized plan).
    public var delays: DelayModel {
        let model = family.map { DelayModel(family: $0, clockPeriodNs: clockNs) } ?? DelayModel(clockPeriodNs: clockNs)
        var adapted = model.adapted(to: plan)
        if let shiftAddMaxTerms { adapted.shiftAddMaxTerms = shiftAddMaxTerms }
        if let dspBudget { adapted.dspBudget = dspBudget }
        return adapted
    }

    /// The Datapath IR of `set`.
    public func lower(_ set: FormulaSet, name: String, inputCount: Int) throws -> Datapath {
        try lowerWithPlan(set, name: name, inputCount: inputCount).datapath
    }

    /// The Datapath IR of `set` and, for the optimized plan, the search that chose its formats.
    public func lowerWithPlan(_ set: FormulaSet, name: String, inputCount: Int) throws -> (datapath: Datapath, search: PrecisionSearch.Result?) {
        var lowering = Lowering(plan: plan, inputCount: inputCount, tables: tables)
        lowering.constantStyle = constantStyle
        lowering.timing = delays
        return try lowering.lowerWithPlan(set, name: name)
    }

    /// The Verilog emitter for this plan (per-node formats printed when the plan chooses them per node).
    public var emitter: VerilogEmitter {
        var e = VerilogEmitter(delays: delays)
        if case .optimized = plan { e.annotateFormats = true }
        return e
    }

    /// The Datapath IR and its Verilog.
    public func emit(_ set: FormulaSet, name: String, inputCount: Int) throws -> (Datapath, EmittedDesign) {
        let d = try lower(set, name: name, inputCount: inputCount)
        return (d, try emitter.emit(d))
    }
}
