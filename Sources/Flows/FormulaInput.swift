import Foundation
import Datapath
import SymbolicExpression

/// Formulas as users give them: a file of `name: formula` lines, or one formula on the command line.
public enum FormulaInput {
    /// The formula set and a design name, from a file when `argument` names one, else the literal text
    /// (see `FormulaSource` for the rule, and `HardwareNames.designName` for names made from file names).
    public static func load(_ argument: String) throws -> (set: FormulaSet, name: String) {
        let (set, base) = try FormulaSource.load(argument)
        return (set, base.map(designName) ?? "expr")
    }

    /// A design name from a file's base name, usable as a Verilog module, C++ function and file name.
    public static func designName(_ base: String) -> String {
        HardwareNames.designName(fromFileName: base)
    }

    /// The number of inputs: `requested`, which must cover every variable, or one more than the highest index.
    public static func inputCount(_ set: FormulaSet, requested: Int?) throws(FlowError) -> Int {
        let needed = set.inputCount
        guard let n = requested else { return needed }
        do { try LimitError.checkInputCount(n) } catch { throw FlowError(error.message) }
        guard n >= needed else {
            let f = set.formulas.first { ($0.expr.maxVariableIndex ?? -1) >= n }!
            throw FlowError("--inputs \(n) is too small: output '\(f.name)'\(f.line > 0 ? " (line \(f.line))" : "") reads x\(f.expr.maxVariableIndex!); use --inputs \(needed) or more")
        }
        return n
    }
}
