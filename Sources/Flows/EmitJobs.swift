import Datapath
import Foundation
import HLSBackend
import SymbolicExpression
import Synthesis
import Testbench
import VerilogBackend

/// `emit verilog`, `emit hls` and `synth`: a design written out or measured without co-simulation.
public enum EmitJobs {
    /// Writes the Verilog (top and primitives) and the Datapath listing into `out`.
    public static func verilog(_ set: FormulaSet, name: String, inputCount: Int, design: DesignOptions, out: String) throws -> EmittedDesign {
        try verilog(try design.lower(set, name: name, inputCount: inputCount), design: design, out: out)
    }

    /// Writes the Verilog of an already lowered datapath and its listing into `out`.
    public static func verilog(_ d: Datapath, design: DesignOptions, out: String) throws -> EmittedDesign {
        let name = d.name
        let emitted = try design.emitter.emit(d)
        // Created only now, so rejected input leaves nothing behind.
        let dir = try Files.prepareDirectory(out)
        for f in emitted.files { try Files.write(f.text, to: dir.appendingPathComponent(f.name).path) }
        try Files.write(d.listing, to: dir.appendingPathComponent("\(name).datapath.txt").path)
        return emitted
    }

    public struct HLSOptions {
        public var out: String
        public var vectors: Int
        public var seed: UInt64
        public var part: String
        /// Compile and run the C simulation here and compare it with the Swift model.
        public var csim = false
        /// Write the vectors and every implementation's outputs as CSV here.
        public var dump: String?

        public init(out: String, vectors: Int, seed: UInt64, part: String) {
            self.out = out
            self.vectors = vectors
            self.seed = seed
            self.part = part
        }
    }

    public struct HLSResult {
        public var project: HLSProject
        public var vectors: Int
        public var edgeCases: Int
        public var csim: HLSCSimCheck?
        public var dumpFile: URL?
        public var failed: Bool { (csim?.mismatches ?? 0) > 0 }
    }

    /// Writes the HLS C++ project with its test vectors; optionally runs its C simulation.
    public static func hls(_ set: FormulaSet, name: String, inputCount n: Int, design: DesignOptions, _ o: HLSOptions) throws -> HLSResult {
        try Stimulus.checkCount(vectors: o.vectors, inputCount: n)
        try HLSEmitter.checkPart(o.part)
        let d = try design.lower(set, name: name, inputCount: n)
        let stimulus = Stimulus.standardNormal(count: o.vectors, inputCount: n, seed: o.seed, format: design.plan.inputFormat)
        let raw = HLSVectors.quantize(d, values: stimulus.values, stride: stimulus.inputCount)
        let expected = GoldenModel(d).evaluateBatch(count: stimulus.count, inputs: raw)
        let emitter = HLSEmitter(part: o.part, clockPeriodNs: design.clockNs)
        let project = try emitter.emit(d).withVectors(rawInputs: raw, inputCount: n, expected: expected, outputCount: d.outputs.count)
        // Created only now, so rejected input leaves nothing behind.
        let dir = try Files.prepareDirectory(o.out)
        let dumpDir = try o.dump.map { p throws(FlowError) in try Files.prepareDirectory(p) }
        for f in project.files { try Files.write(f.text, to: dir.appendingPathComponent(f.path).path) }
        try Files.write(d.listing, to: dir.appendingPathComponent("\(name).datapath.txt").path)
        var implementations = [VectorDump.Implementation(name: "swift", rawOutputs: expected)]
        var check: HLSCSimCheck? = nil
        if o.csim {
            let c = try HLSCSim().check(datapath: d, rawInputs: raw, expected: expected, emitter: emitter)
            implementations.append(.init(name: "hls_csim", rawOutputs: c.rawOutputs))
            check = c
        }
        let dumpFile = try dumpDir.map { try VectorDump.write(datapath: d, rawInputs: raw, implementations: implementations, to: $0) }
        return HLSResult(project: project, vectors: stimulus.count, edgeCases: stimulus.edgeCaseCount, csim: check, dumpFile: dumpFile)
    }

    /// Resources and timing of a design; the JSON of the synthesis result goes to `json` when given.
    public static func synth(_ set: FormulaSet, name: String, inputCount: Int, design: DesignOptions, synthesis: SynthesisOptions, json: String?) throws -> SynthesisResult {
        if let json { try Files.prepareParent(of: json) }
        let (d, emitted) = try design.emit(set, name: name, inputCount: inputCount)
        let result = try synthesis.synthesizer(requireTools: false).run(emitted, datapath: d, name: name)
        if let json { try Files.write(try Files.json(result), to: json) }
        return result
    }
}
