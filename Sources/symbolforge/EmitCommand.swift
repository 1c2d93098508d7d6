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

    func run() throws {
        try reportingErrors {
            let (set, name) = try options.load()
            let plan = PrecisionPlan.uniform(try options.format())
            var lowering = Lowering(plan: plan, inputCount: try options.inputCount(set), tables: try options.tableConfig())
            lowering.constantStyle = try options.constantStyle()
            let d = try lowering.lower(set, name: name)
            let design = try VerilogEmitter(delays: DelayModel(clockPeriodNs: options.clockNs)).emit(d)
            let dir = try prepareDirectory(out)
            for f in design.files {
                try writeAtomically(Data(f.text.utf8), to: dir.appendingPathComponent(f.name).path)
            }
            try writeAtomically(Data(d.listing.utf8), to: dir.appendingPathComponent("\(name).datapath.txt").path)
            print("wrote \(design.files.count) Verilog files to \(out): top \(design.top), latency \(design.latency) cycles, II 1")
        }
    }
}
