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

    public init(plan: PrecisionPlan, clockNs: Double = 5.0, tables: TableConfig = .standard, constantStyle: Lowering.ConstantStyle = .asWritten) {
        self.plan = plan
        self.clockNs = clockNs
        self.tables = tables
        self.constantStyle = constantStyle
    }

    public var delays: DelayModel { DelayModel(clockPeriodNs: clockNs) }

    /// The Datapath IR of `set`.
    public func lower(_ set: FormulaSet, name: String, inputCount: Int) throws -> Datapath {
        var lowering = Lowering(plan: plan, inputCount: inputCount, tables: tables)
        lowering.constantStyle = constantStyle
        return try lowering.lower(set, name: name)
    }

    /// The Datapath IR and its Verilog.
    public func emit(_ set: FormulaSet, name: String, inputCount: Int) throws -> (Datapath, EmittedDesign) {
        let d = try lower(set, name: name, inputCount: inputCount)
        return (d, try VerilogEmitter(delays: delays).emit(d))
    }
}
