import ArgumentParser
import Flows
import Foundation

struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Resources (Yosys synth_xilinx, xc7) and timing (nextpnr on ECP5 and iCE40) of a design.",
        discussion: """
            Resources are counted on the bare design. Fmax is measured with every port behind a shift
            register, as the median over the router seeds; latency in ns is cycles / Fmax.
            """)

    @OptionGroup var options: FormulaOptions

    @Option(help: "Router seeds per family; the reported Fmax is their median.")
    var seeds: Int = 3

    @Option(name: .customLong("family"), help: "Family to place and route on (ecp5, ice40, ecp5-85k); repeat for several. Default: ecp5 and ice40.")
    var families: [String] = []

    @Flag(help: "Count resources only; skip place and route.")
    var noTiming = false

    @Option(help: "Write the synthesis results JSON here.")
    var json: String?

    @Option(help: "Keep the synthesis work files (scripts, netlists, logs) in this directory.")
    var keep: String?

    func run() throws {
        try reportingErrors {
            let (set, name, n) = try options.load()
            let synthesis = try SynthesisOptions(familyNames: families, seeds: seeds, timing: !noTiming, keep: keep)
            let result = try EmitJobs.synth(set, name: name, inputCount: n, design: try options.design(), synthesis: synthesis, json: json)
            print(SynthSummary.text(result))
        }
    }
}
