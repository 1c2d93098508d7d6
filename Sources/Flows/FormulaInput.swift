import Foundation
import SymbolicExpression

/// Formulas as users give them: a file of `name: formula` lines, or one formula on the command line.
public enum FormulaInput {
    /// The formula set and a design name, from a file when `argument` names one, else the literal text.
    public static func load(_ argument: String) throws -> (set: FormulaSet, name: String) {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: argument, isDirectory: &isDir), !isDir.boolValue {
            let text: String
            do { text = try String(contentsOfFile: argument, encoding: .utf8) } catch {
                throw FlowError("cannot read formula file \(argument): \(error.localizedDescription)")
            }
            let set = try FormulaSet.parse(text, file: argument)
            return (set, designName(URL(fileURLWithPath: argument).deletingPathExtension().lastPathComponent))
        }
        if argument.contains(":") { return (try FormulaSet.parse(argument, file: "<argument>"), "expr") }
        let e = try ExpressionParser(file: "<argument>").parse(argument)
        return (FormulaSet([.init(name: "y", expr: e, line: 1)]), "expr")
    }

    /// A design name from a file's base name: letters, digits and "_", never starting with a digit.
    public static func designName(_ base: String) -> String {
        var out = String(base.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        if let f = out.first, f.isNumber { out = "d_" + out }
        return out.isEmpty ? "expr" : out
    }

    /// The number of inputs: `requested`, which must cover every variable, or one more than the highest index.
    public static func inputCount(_ set: FormulaSet, requested: Int?) throws(FlowError) -> Int {
        let needed = set.inputCount
        guard let n = requested else { return needed }
        guard n >= needed else {
            let f = set.formulas.first { ($0.expr.maxVariableIndex ?? -1) >= n }!
            throw FlowError("--inputs \(n) is too small: output '\(f.name)'\(f.line > 0 ? " (line \(f.line))" : "") reads x\(f.expr.maxVariableIndex!); use --inputs \(needed) or more")
        }
        return n
    }
}
