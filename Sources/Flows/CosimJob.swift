import Datapath
import Foundation
import Reporting
import SymbolicExpression
import Synthesis
import Testbench
import Verilator

/// `symbolforge cosim`: one formula set through Verilator against the Swift model, optionally also
/// through the HLS C simulation, Icarus Verilog and synthesis.
public enum CosimJob {
    public struct Options {
        public var set: FormulaSet
        public var name: String
        public var inputCount: Int
        public var design: DesignOptions
        public var stimulus: StimulusSource
        /// Also run the HLS C simulation on every vector.
        public var hlsCsim = false
        /// Write every implementation's outputs as CSV into this folder.
        public var dump: String?
        /// Simulate this many vectors under Icarus Verilog too (0: skip).
        public var icarusVectors = 0
        /// Write the Verilog here.
        public var verilogOut: String?
        /// Write the results JSON here (the report schema when synthesized, else the results schema).
        public var json: String?
        /// Synthesize and place and route the design.
        public var synthesis: SynthesisOptions?
        /// Write a waveform of the first `traceVectors` vectors here (`.vcd`: VCD, else FST).
        public var trace: String?
        public var traceVectors = 100
        /// Folder receiving `<design>/first_failure.md`, the repro CSVs and the waveform window on a failure.
        public var failures = "build/failures"
        /// A user's Verilog file to check in place of the emitted RTL (`cosim --rtl`).
        public var rtl: String?

        public init(set: FormulaSet, name: String, inputCount: Int, design: DesignOptions, stimulus: StimulusSource) {
            self.set = set
            self.name = name
            self.inputCount = inputCount
            self.design = design
            self.stimulus = stimulus
        }
    }

    public struct Result {
        public var result: DesignResult
        public var synthesis: SynthesisResult?
        public var tools: [String: String]
        public var dumpFile: URL?
        /// Why the run fails (`Verdict`); empty when it passes.
        public var failures: [Verdict.Failure]
        /// The waveform written on request (`Options.trace`).
        public var traceFile: URL? = nil
    }

    public static func run(_ o: Options, toolchain: VerilatorToolchain) throws -> Result {
        guard o.icarusVectors >= 0 else { throw FlowError("--icarus must be zero or more") }
        if let trace = o.trace { try WaveformRequest.checkPath(trace) }
        if o.rtl != nil && o.icarusVectors > 0 {
            throw FlowError("--icarus simulates the emitted RTL, not the --rtl module; leave out --icarus when checking your own Verilog")
        }
        let userRTL = try o.rtl.map { p throws(FlowError) in try UserRTL.read(p) }
        let synth = try o.synthesis?.synthesizer()
        let format = o.design.plan.inputFormat
        let (stimulus, seed, label) = try o.stimulus.stimulus(inputCount: o.inputCount, format: format)
        var plan = o.design.plan
        if case .optimized(var target) = plan, target.data.isEmpty, case .file(let path) = o.stimulus {
            // The optimized plan also searches over the user's vectors (its accuracy is then judged on them too).
            target.data = try StimulusSource.readVectors(path, inputCount: o.inputCount)
            plan = .optimized(target)
        }
        var flow = CosimFlow(plan: plan, delays: o.design.delays, toolchain: toolchain)
        flow.tables = o.design.tables
        flow.constantStyle = o.design.constantStyle
        flow.cosim.captureOutputs = o.dump != nil
        flow.rtl = userRTL.map { ([(name: $0.fileName, text: $0.text)], $0.top) }
        if o.trace != nil {
            // Refused before the run: a window too large to trace.
            let (d, design) = try flow.emit(o.set, name: o.name, inputCount: o.inputCount)
            try TraceWindow.check(vectors: min(o.traceVectors, stimulus.count), latency: design.latency, bitsPerCycle: TraceWindow.tracedBits(d), design: o.name)
        }
        let outcome: CosimFlow.Outcome
        do {
            outcome = try flow.run(o.set, name: o.name, inputCount: o.inputCount, stimulus: stimulus, seed: seed, stimulusLabel: label)
        } catch let e as VerilatorError where userRTL != nil {
            throw UserRTL.explain(e, path: o.rtl!, ports: Cosimulation.ports(try flow.emit(o.set, name: o.name, inputCount: o.inputCount).0))
        }
        // Created only now, so rejected input leaves nothing behind.
        if let json = o.json { try Files.prepareParent(of: json) }
        let outDir = try o.verilogOut.map { p throws(FlowError) in try Files.prepareDirectory(p) }
        if let outDir {
            for f in outcome.design.files { try Files.write(f.text, to: outDir.appendingPathComponent(f.name).path) }
        }
        var result = outcome.result
        let (check, dumpFile) = try SecondOpinions.hls(outcome, stimulus: stimulus, hls: o.hlsCsim, dump: o.dump)
        if let check { SecondOpinions.record(check, vectors: stimulus.count, in: &result) }
        let icarusLog = try SecondOpinions.icarus(outcome, stimulus: stimulus, vectors: o.icarusVectors, into: &result)
        var traceFile: URL? = nil
        if let trace = o.trace, let source = outcome.source {
            traceFile = try WaveformRequest.write(outcome, source: source, stimulus: stimulus, vectors: o.traceVectors, to: trace, toolchain: toolchain)
        }
        let reports = try FailureArtifacts(root: o.failures).write(
            outcome, stimulus: stimulus, formulas: o.set, toolchain: toolchain, implementation: userRTL == nil ? "verilator" : "rtl",
            icarus: icarusLog, hls: check)
        if !reports.isEmpty { result.failures = reports }
        var tools = flow.toolVersions
        var synthesis: SynthesisResult? = nil
        if let synth {
            // With a route time limit a router over it costs the Fmax only, not the resources and the co-simulation.
            let (s, timingFailures) = o.synthesis?.routerTimeLimit == nil
                ? (try synth.run(outcome.design, datapath: outcome.datapath, name: o.name), [])
                : try synth.runKeepingResources(outcome.design, datapath: outcome.datapath, name: o.name)
            for f in timingFailures { FileHandle.standardError.write(Data("warning: \(o.name): place and route failed, Fmax not measured: \(f)\n".utf8)) }
            synthesis = s
            tools.merge(s.tools) { a, _ in a }
        }
        if let json = o.json {
            if let synthesis {
                var report = DesignReport(cosim: result)
                report.attach(synthesis)
                try ResultsFile.write(ReportDocument(designs: [report], tools: tools), to: json)
            } else {
                try Files.write(try Files.json(CosimResults(designs: [result], tools: flow.toolVersions)), to: json)
            }
        }
        return Result(result: result, synthesis: synthesis, tools: tools, dumpFile: dumpFile, failures: Verdict.failures(result), traceFile: traceFile)
    }
}
