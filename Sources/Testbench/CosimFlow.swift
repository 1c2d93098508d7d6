import Datapath
import FixedPoint
import Foundation
import SymbolicExpression
import Verilator
import VerilogBackend

/// The whole co-simulation of one formula set: lower, emit, build, simulate, score.
public struct CosimFlow {
    public var plan: PrecisionPlan
    public var tables: TableConfig = .standard
    public var constantStyle: Lowering.ConstantStyle = .asWritten
    public var delays: DelayModel
    public var toolchain: VerilatorToolchain
    public var cosim = Cosimulation()

    public init(plan: PrecisionPlan, delays: DelayModel = DelayModel(), toolchain: VerilatorToolchain) {
        self.plan = plan
        self.delays = delays
        self.toolchain = toolchain
    }

    /// Everything one run produced: the design, its Verilog and the measured results.
    public struct Outcome {
        public var datapath: Datapath
        public var design: EmittedDesign
        public var result: DesignResult
        /// Raw RTL outputs (row-major) when the flow's cosim captures them.
        public var rtlOutputs: [Int128]
        /// Raw golden-model outputs (row-major).
        public var goldenOutputs: [Int128]
    }

    /// Lowers and emits without simulating.
    public func emit(_ set: FormulaSet, name: String, inputCount: Int) throws -> (Datapath, EmittedDesign) {
        var lowering = Lowering(plan: plan, inputCount: inputCount, tables: tables)
        lowering.constantStyle = constantStyle
        let d = try lowering.lower(set, name: name)
        let design = try VerilogEmitter(delays: delays).emit(d)
        return (d, design)
    }

    /// Runs the full flow on `stimulus`.
    public func run(_ set: FormulaSet, name: String, inputCount: Int, stimulus: Stimulus, seed: UInt64?, stimulusLabel: String) throws -> Outcome {
        let (d, design) = try emit(set, name: name, inputCount: inputCount)
        let (built, sim) = try toolchain.buildAndLoad(Cosimulation.source(design, d))
        var cosim = self.cosim
        let (outputs, cps, tables, agreement) = try cosim.run(sim, datapath: d, formulas: set, stimulus: stimulus, predictedLatency: design.latency)
        let result = DesignResult(
            design: name, precision: plan.outputFormat.description, inputs: inputCount, vectors: stimulus.count,
            edgeCaseVectors: stimulus.edgeCaseCount, seed: seed, stimulus: stimulusLabel,
            predictedLatencyCycles: design.latency, clockPeriodNs: delays.clockPeriodNs,
            build: .init(hash: built.hash, cacheHit: built.cacheHit, seconds: built.buildSeconds),
            cyclesPerSecond: cps, outputs: outputs, tables: tables.isEmpty ? nil : tables, argmaxAgreement: agreement)
        return Outcome(datapath: d, design: design, result: result, rtlOutputs: cosim.capturedOutputs, goldenOutputs: cosim.capturedGolden)
    }

    /// Versions of the tools that produced a result, for the results file.
    public var toolVersions: [String: String] {
        ["verilator": toolchain.verilatorVersion, "compiler": toolchain.compilerVersion, "generator": VerilogEmitter().generatorVersion]
    }
}
