import ArgumentParser

@main
struct SymbolForge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "symbolforge",
        abstract: "Symbolic models to verified FPGA hardware: lower, emit, co-simulate, report.",
        subcommands: [Run.self, Cosim.self, Emit.self, Train.self, Extract.self, Synth.self, Regress.self, MergeResults.self, Report.self, Sweep.self, Front.self]
    )
}
