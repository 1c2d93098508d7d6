import Datapath
import FixedPoint
import Foundation
import SymbolicExpression
import Verilator
import VerilogBackend

/// The whole co-simulation of one formula set: lower, emit, build, simulate, score.
public struct CosimFlow {
    public var plan: PrecisionPlan
    /// Table configuration; nil means the plan's defaults.
    public var tables: TableConfig?
    /// Constant convention; nil means the plan's.
    public var constantStyle: Lowering.ConstantStyle?
    public var delays: DelayModel
    public var toolchain: VerilatorToolchain
    public var cosim = Cosimulation()
    /// A user's own module to simulate in place of the emitted RTL (`cosim --rtl`); it must follow the
    /// emitted port convention (`Cosimulation.ports`). The formulas are still lowered, for the golden model.
    public var rtl: (files: [(name: String, text: String)], top: String)?

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
        /// The optimized plan's search (formats, reasons, metrics); nil for the other plans.
        public var search: PrecisionSearch.Result? = nil
        /// What was simulated: the emitted RTL or the user's (`rtl`); its `traced` variants give waveforms.
        public var source: DesignSource? = nil
        /// The scoreboard's failures per output (empty logs when the run passed).
        public var failureLog: [OutputFailureLog] = []
    }

    /// Lowers and emits without simulating.
    public func emit(_ set: FormulaSet, name: String, inputCount: Int) throws -> (Datapath, EmittedDesign) {
        let (d, design, _) = try emitWithPlan(set, name: name, inputCount: inputCount)
        return (d, design)
    }

    /// Lowers and emits without simulating; also returns the optimized plan's search result.
    public func emitWithPlan(_ set: FormulaSet, name: String, inputCount: Int) throws -> (Datapath, EmittedDesign, PrecisionSearch.Result?) {
        var lowering = Lowering(plan: plan, inputCount: inputCount, tables: tables)
        lowering.constantStyle = constantStyle ?? plan.defaultConstantStyle
        lowering.timing = delays.adapted(to: plan)
        let (d, search) = try lowering.lowerWithPlan(set, name: name)
        var emitter = VerilogEmitter(delays: delays.adapted(to: plan))
        if case .optimized = plan { emitter.annotateFormats = true }
        let design = try emitter.emit(d)
        return (d, design, search)
    }

    /// The plan as applied to `d`, for the results file.
    public func planInfo(_ d: Datapath, _ search: PrecisionSearch.Result?) -> DesignResult.PlanInfo {
        let rows = search?.rows ?? PlanRows.rows(d, plan: plan)
        return .init(name: plan.name, target: search?.target, evaluations: search?.evaluations,
                     validationVectors: search?.validationVectors, validatedMaxError: search?.validated.maxError,
                     validatedAgreement: search?.validated.agreement,
                     maxErrorNotEnforced: search.flatMap { $0.unenforced.isEmpty ? nil : $0.unenforced.map { .init(output: $0.output, inputQuantizationFloor: $0.floor) } },
                     nodes: rows.map { .init(node: $0.node, op: $0.op, format: $0.format, why: $0.why) })
    }

    /// Runs the full flow on `stimulus`.
    public func run(_ set: FormulaSet, name: String, inputCount: Int, stimulus: Stimulus, seed: UInt64?, stimulusLabel: String) throws -> Outcome {
        let (d, design, search) = try emitWithPlan(set, name: name, inputCount: inputCount)
        var source = Cosimulation.source(design, d)
        if let rtl { source = DesignSource(files: rtl.files, top: rtl.top, ports: source.ports) }
        let (built, sim) = try toolchain.buildAndLoad(source)
        var cosim = self.cosim
        let (outputs, cps, tables, agreement) = try cosim.run(sim, datapath: d, formulas: set, stimulus: stimulus, predictedLatency: design.latency)
        let result0 = DesignResult(
            design: name, precision: plan.inputFormat.description, inputs: inputCount, vectors: stimulus.count,
            edgeCaseVectors: stimulus.edgeCaseCount, seed: seed, stimulus: stimulusLabel,
            predictedLatencyCycles: design.latency, clockPeriodNs: delays.clockPeriodNs,
            build: .init(hash: built.hash, cacheHit: built.cacheHit, seconds: built.buildSeconds),
            cyclesPerSecond: cps, outputs: outputs, tables: tables.isEmpty ? nil : tables, argmaxAgreement: agreement)
        var result = result0
        // The default plan writes no plan section, so results of the uniform plan stay as they were.
        if plan != .uniform(plan.inputFormat) { result.plan = planInfo(d, search) }
        return Outcome(datapath: d, design: design, result: result, rtlOutputs: cosim.capturedOutputs, goldenOutputs: cosim.capturedGolden,
                       search: search, source: source, failureLog: cosim.failureLog)
    }

    /// Versions of the tools that produced a result, for the results file.
    public var toolVersions: [String: String] {
        ["verilator": toolchain.verilatorVersion, "compiler": toolchain.compilerVersion, "generator": VerilogEmitter().generatorVersion]
    }
}
