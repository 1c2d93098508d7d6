import ArgumentParser
import Datapath
import Foundation
import Reporting
import Synthesis
import VerilogBackend

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
            let (set, name) = try options.load()
            let plan = try options.precisionPlan()
            var lowering = Lowering(plan: plan, inputCount: try options.inputCount(set), tables: try options.tableConfig())
            lowering.constantStyle = try options.constantStyle()
            let d = try lowering.lower(set, name: name)
            var emitter = VerilogEmitter(delays: DelayModel(clockPeriodNs: options.clockNs).adapted(to: plan))
            if case .optimized = plan { emitter.annotateFormats = true }
            let design = try emitter.emit(d)
            if let json { _ = try prepareDirectory(URL(fileURLWithPath: json).deletingLastPathComponent().path) }
            let synth = try makeSynthesizer(families: families, seeds: seeds, noTiming: noTiming, keep: keep)
            let result = try synth.run(design, datapath: d, name: name)
            if let json { try writeAtomically(try ResultsFile.encoder().encode(result), to: json) }
            print(SynthSummary.text(result))
        }
    }
}

/// A synthesizer configured from command-line options, with the families checked by name.
func makeSynthesizer(families: [String], seeds: Int, noTiming: Bool, keep: String?) throws -> Synthesizer {
    var synth = Synthesizer()
    guard seeds >= 1 else { throw CLIError("--seeds must be at least 1") }
    synth.seeds = (1...seeds).map(UInt64.init)
    if noTiming {
        synth.families = []
    } else if !families.isEmpty {
        synth.families = try families.map { name in
            guard let f = FPGAFamily(rawValue: name.lowercased()) else {
                throw CLIError("unknown family '\(name)'; use one of \(FPGAFamily.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return f
        }
    }
    if let keep { synth.workDirectory = try prepareDirectory(keep) }
    return synth
}

enum SynthSummary {
    static func text(_ r: SynthesisResult) -> String {
        let x = r.resources
        var lines = [
            "design \(r.design) (top \(r.top)), Yosys synth_xilinx -family xc7:",
            "  LUT \(x.lut)  FF \(x.ff)  CARRY4 \(x.carry4)  DSP48E1 \(x.dsp48e1)  BRAM18 \(x.bram18)  SRL \(x.srl)  LUTRAM \(x.lutram)  logic levels \(x.logicLevels)",
        ]
        for t in r.timing {
            lines.append("  \(t.family) \(t.device): Fmax \(String(format: "%.1f", t.fmaxMhz)) MHz (median of \(t.fmaxMhzPerSeed.map { String(format: "%.1f", $0) }.joined(separator: ", "))), latency \(t.latencyCycles) cycles = \(String(format: "%.2f", t.latencyNs)) ns")
        }
        if r.timing.isEmpty { lines.append("  timing not measured") }
        return lines.joined(separator: "\n")
    }
}

extension DesignReport {
    /// Adds resource and timing figures from a synthesis run.
    mutating func attach(_ s: SynthesisResult) {
        let x = s.resources
        resources = ResourceFigures(lut: x.lut, ff: x.ff, carry4: x.carry4, dsp48e1: x.dsp48e1, ramb18: x.ramb18, ramb36: x.ramb36,
                                    srl: x.srl, lutram: x.lutram, logicLevels: x.logicLevels)
        timing = s.timing.isEmpty ? nil : s.timing.map {
            TimingFigures(family: $0.family, device: $0.device, tool: $0.tool, seeds: $0.seeds, fmaxMhzPerSeed: $0.fmaxMhzPerSeed,
                          fmaxMhz: $0.fmaxMhz, latencyCycles: $0.latencyCycles, latencyNs: $0.latencyNs)
        }
    }
}
