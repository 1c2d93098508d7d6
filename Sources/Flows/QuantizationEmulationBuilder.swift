import Datapath
import FixedPoint
import SymbolNet
import SymbolicExpression

/// Builds the fixed-point emulation of quantization-aware training from a precision plan: the grids of
/// the plan's input, constant and output types, and for every unary operator that becomes a function
/// table, its value at every point of the argument grid, read from the golden model of the operator
/// lowered under the same plan and tables (the same `FunctionTable` objects the C++ and the Verilog get).
public enum QuantizationEmulationBuilder {
    /// Widest argument type whose every value is tabulated (2^20 points per operator).
    public static let maxArgumentBits = 20

    /// The grid of `format`.
    public static func grid(_ format: FixedFormat) -> FixedGrid {
        let step = FixedFormat.pow2(-format.fractionBits)
        let lo = format.isSigned ? -(1 << (format.width - 1)) : 0
        let hi = format.isSigned ? (1 << (format.width - 1)) - 1 : (1 << format.width) - 1
        let rounding: FixedGrid.Rounding = format.quantization == .trn || format.quantization == .trnZero ? .floor : .halfUp
        return FixedGrid(step: step, minIndex: lo, maxIndex: hi, rounding: rounding,
                         saturates: !(format.overflow == .wrap || format.overflow == .wrapSM))
    }

    /// The emulation of `plan` for the operators in `unary`. The optimized plan's per-node formats are
    /// chosen after training, so its emulation casts inputs and table arguments to its input type and
    /// keeps constants and outputs exact (its search then meets the accuracy target with the fewest bits).
    public static func emulation(plan: PrecisionPlan, tables: TableConfig?, unary: [UnaryOperator]) throws(FlowError) -> QuantizationEmulation {
        let input = plan.inputFormat
        guard input.width <= maxArgumentBits else {
            throw FlowError("quantization-aware training tabulates every value of the input type; \(input) has \(input.width) bits, at most \(maxArgumentBits) are supported (give a narrower --precision)")
        }
        let operatorPlan: PrecisionPlan
        let constant: FixedGrid?, output: FixedGrid?
        switch plan {
        case .uniform(let t), .hls4ml(let t):
            operatorPlan = plan
            constant = grid(t)
            output = grid(t)
        case .optimized(let target):
            operatorPlan = .uniform(target.inputFormat)
            constant = nil
            output = nil
        }
        let argument = grid(input)
        var functions: [UnaryOperator: HardwareFunction] = [:]
        for op in Set(unary) where ![.identity, .square, .cube].contains(op) {
            let set = FormulaSet([FormulaSet.Formula(name: "y", expr: op.expr(.variable(0)))])
            let datapath: Datapath
            do {
                datapath = try Lowering(plan: operatorPlan, inputCount: 1, tables: tables ?? operatorPlan.defaultTables).lower(set, name: "op_\(op.rawValue)")
            } catch {
                throw FlowError("operator \(op.rawValue) cannot be emulated under the \(plan.name) plan: \(error)")
            }
            let golden = GoldenModel(datapath)
            let raws = (argument.minIndex...argument.maxIndex).map { Int128($0) }
            let out = golden.evaluateBatch(count: raws.count, inputs: raws)
            let format = datapath.outputFormat(datapath.outputs[0])
            functions[op] = HardwareFunction(argument: argument, values: out.map { format.double(fromRaw: $0) })
        }
        return QuantizationEmulation(name: "\(plan.name) \(input)", input: argument, constant: constant, output: output, unary: functions)
    }
}
