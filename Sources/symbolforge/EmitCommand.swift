import ArgumentParser
import Datapath
import Foundation
import VerilogBackend

struct Emit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a design out without simulating it.",
        subcommands: [EmitVerilog.self, EmitHLS.self]
    )
}

struct EmitVerilog: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verilog", abstract: "Write synthesizable Verilog (top module + primitives).")

    @OptionGroup var options: FormulaOptions

    @Option(help: "Output directory.")
    var out: String

    @Flag(help: "Print every node's format and why the plan chose it (node, operation, format, reason).")
    var explain = false

    func run() throws {
        try reportingErrors {
            let (set, name) = try options.load()
            let plan = try options.precisionPlan()
            let dir = try prepareDirectory(out)
            var lowering = Lowering(plan: plan, inputCount: try options.inputCount(set), tables: try options.tableConfig())
            lowering.constantStyle = try options.constantStyle()
            let (d, search) = try lowering.lowerWithPlan(set, name: name)
            if explain { print(PlanExplanation.text(d, plan: plan, search: search)) }
            var emitter = VerilogEmitter(delays: DelayModel(clockPeriodNs: options.clockNs).adapted(to: plan))
            if case .optimized = plan { emitter.annotateFormats = true }
            let design = try emitter.emit(d)
            for f in design.files {
                try writeAtomically(Data(f.text.utf8), to: dir.appendingPathComponent(f.name).path)
            }
            try writeAtomically(Data(d.listing.utf8), to: dir.appendingPathComponent("\(name).datapath.txt").path)
            print("wrote \(design.files.count) Verilog files to \(out): top \(design.top), latency \(design.latency) cycles, II 1")
        }
    }
}
