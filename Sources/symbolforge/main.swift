import Foundation
import Datapath
import FixedPoint
import SymbolicExpression
import VerilogBackend
let set = try FormulaSet.parse(CommandLine.arguments[1])
let plan = PrecisionPlan.uniform(try FixedFormat(parsing: CommandLine.arguments[2]))
let d = try Lowering(plan: plan, inputCount: set.inputCount).lower(set, name: "expr")
print(d.listing)
let e = try VerilogEmitter().emit(d)
for f in e.files { try f.text.write(toFile: "/tmp/emit/\(f.name)", atomically: true, encoding: .utf8) }
print(e.files[0].text)
