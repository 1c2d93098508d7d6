import ArgumentParser
import Datapath
import FixedPoint
import Flows
import Foundation
import SymbolicExpression

/// Options shared by every command that reads formulas.
struct FormulaOptions: ParsableArguments {
    @Argument(help: "A formula (e.g. \"2*x0 + x1*x2\") or a file with one `name: formula` per line.")
    var formulas: String

    @Option(help: "Number of inputs (default: one more than the highest variable index).")
    var inputs: Int?

    @Option(help: "Fixed-point type of inputs, constants and outputs.")
    var precision: String = "ap_fixed<18,8>"

    @Option(name: .customLong("clock-ns"), help: "Target clock period used to place pipeline registers (default 5).")
    var clockNs: Double?

    @Option(name: .customLong("clock-mhz"), help: "Target clock frequency instead of --clock-ns; a frequency the delay model cannot reach is an error naming the fastest reachable schedule.")
    var clockMhz: Double?

    @Option(help: "Precision plan: 'uniform' (one type everywhere, full-precision intermediates), 'hls4ml' (hls4ml's constant and table conventions, bit for bit), 'optimized' (a format per node and tables sized by analysis, searched for the fewest bits meeting --max-error/--min-agreement).")
    var plan: PlanName = .uniform

    @Option(name: .customLong("max-error"), help: "Optimized plan: largest allowed |fixed - float| on every output.")
    var maxError: Double?

    @Option(name: .customLong("error-reference"), help: "Optimized plan: the float model --max-error and --min-agreement compare against: 'inputs' (at the real input values; the error includes the input ports' quantization) or 'quantized-inputs' (at the values the input ports hold; the error the datapath adds).")
    var errorReference: ErrorReference = .inputs

    @Option(name: .customLong("min-agreement"), help: "Optimized plan: smallest allowed argmax agreement with the float model (default 0.995 for several outputs without --max-error).")
    var minAgreement: Double?

    @Option(name: .customLong("shift-add-terms"), help: "Build a constant multiply from shifts and adds when its canonical signed digits have at most N non-zero digits (same value bit for bit, fewer DSP blocks). Default: 4 for the optimized plan, 0 (every multiply a multiplier) otherwise.")
    var shiftAddTerms: Int?

    @Option(name: .customLong("dsp-budget"), help: "DSP slices the design may use: constant multiplies built from shifts and adds become multipliers, the longest chains first, while the design stays within N slices and its latency does not grow. Default: \(DelayModel.optimizedDSPBudget) for the optimized plan, none otherwise.")
    var dspBudget: Int?

    @Option(name: .customLong("tables"), help: "Function table defaults: 'standard' (periodic sin/cos, midpoint entries) or 'hls4ml' (PySR's clamped ranges, left-edge entries). Default: the plan's.")
    var tableStyle: TableStyle?

    @Option(name: .customLong("table-size"), help: "Entries per function table (a power of two).")
    var tableSize: Int?

    @Option(name: .customLong("table"), help: "Override one table: FUNCTION=START,END[,ENTRIES], END-START a power of two (repeatable).")
    var tableOverrides: [String] = []

    @Option(help: "Constant signs: 'as-written' (quantize -1.7 as written) or 'sympy' (hls4ml's printing: quantize |c| of a coefficient and negate; add a subtracted constant as its negative).")
    var constants: Lowering.ConstantStyle?

    /// The precision plan the options name.
    func precisionPlan() throws -> PrecisionPlan {
        let format = try format()
        if plan != .optimized, maxError != nil || minAgreement != nil || errorReference != .inputs {
            throw CLIError("--max-error, --min-agreement and --error-reference apply to --plan optimized only")
        }
        var p = try plan.precisionPlan(format: format, maxError: maxError, minAgreement: minAgreement)
        if case .optimized(var t) = p {
            t.errorReference = errorReference
            p = .optimized(t)
        }
        return p
    }

    /// The table configuration the options describe (the plan's defaults unless --tables is given).
    func tableConfig() throws -> TableConfig {
        var c: TableConfig
        switch tableStyle {
        case nil: c = try precisionPlan().defaultTables
        case .hls4ml: c = .hls4ml
        case .standard: c = .standard
        }
        if let n = tableSize {
            guard n >= 2, n <= 1 << 16, n & (n - 1) == 0 else { throw CLIError("--table-size \(n): use a power of two between 2 and 65536") }
            c = c.withAddressBits(n.trailingZeroBitCount)
        }
        for o in tableOverrides { try c.apply(override: o) }
        return c
    }

    /// How the formulas become hardware.
    func design(family: TimingFamily? = nil) throws -> DesignOptions {
        var o = DesignOptions(plan: try precisionPlan(), clockNs: clockPeriodNs, tables: try tableConfig(), constantStyle: constants)
        // A frequency is a promise to meet it: the default family's estimates then refuse a clock they cannot reach too.
        o.family = family ?? (clockMhz != nil ? .xc7 : nil)
        o.shiftAddMaxTerms = shiftAddTerms
        o.dspBudget = dspBudget
        return o
    }

    /// The clock period in ns from --clock-ns or --clock-mhz (5 ns by default).
    var clockPeriodNs: Double { clockMhz.map { 1000 / $0 } ?? clockNs ?? 5.0 }

    func validate() throws {
        if clockNs != nil, clockMhz != nil { throw CLIError("give either --clock-ns or --clock-mhz, not both") }
        if let clockMhz { _ = try clockPeriod(mhz: clockMhz) }
        try DelayModel.checkClockPeriod(clockPeriodNs)
        if let shiftAddTerms, !(0...64).contains(shiftAddTerms) {
            throw CLIError("--shift-add-terms \(shiftAddTerms): give a digit count between 0 (every constant multiply a multiplier) and 64")
        }
        try checkDSPBudget(dspBudget)
        if let inputs { try LimitError.checkInputCount(inputs) }
    }

    /// The formula set, a design name and the input count.
    func load() throws -> (set: FormulaSet, name: String, inputs: Int) {
        let (set, name) = try FormulaInput.load(formulas)
        return (set, name, try FormulaInput.inputCount(set, requested: inputs))
    }

    func format() throws -> FixedFormat {
        try FixedFormat(parsing: precision)
    }
}

/// The clock period in ns of a `--clock-mhz` value, which must be a positive frequency of at most 2 GHz.
func clockPeriod(mhz: Double) throws -> Double {
    guard mhz.isFinite, mhz > 0, mhz <= 2000 else {
        throw CLIError("--clock-mhz \(mhz): give a positive frequency in MHz (at most 2000), e.g. --clock-mhz 100")
    }
    return 1000 / mhz
}

/// The family whose delay model schedules the design (`--family`), for the commands that emit or simulate one.
struct ScheduleFamilyOption: ParsableArguments {
    @Option(name: .customLong("family"), help: "Delay model that places the pipeline registers: 'xc7' (7-series/UltraScale+ class estimates) or 'ecp5' (calibrated against nextpnr). Naming one makes a clock it cannot reach an error.")
    var family: TimingFamily?
}

extension TimingFamily: ExpressibleByArgument {}

extension ErrorReference: ExpressibleByArgument {}

/// Precision plans (`--plan`).
enum PlanName: String, CaseIterable, ExpressibleByArgument {
    case uniform, hls4ml, optimized

    /// The plan this name stands for at the given input format; the targets are checked for range here.
    func precisionPlan(format: FixedFormat, maxError: Double?, minAgreement: Double?) throws -> PrecisionPlan {
        switch self {
        case .uniform: return .uniform(format)
        case .hls4ml: return .hls4ml(format)
        case .optimized:
            if let e = maxError, !(e > 0) { throw CLIError("--max-error \(e): give a positive error bound, e.g. --max-error 0.01") }
            if let p = minAgreement, !(p > 0 && p <= 1) { throw CLIError("--min-agreement \(p): give a fraction in (0, 1], e.g. 0.995") }
            return .optimized(OptimizationTarget(inputFormat: format, maxError: maxError, minAgreement: minAgreement))
        }
    }
}

/// Function table defaults (`--tables`).
enum TableStyle: String, CaseIterable, ExpressibleByArgument {
    case standard, hls4ml
}

extension Lowering.ConstantStyle: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument {
        case "as-written": self = .asWritten
        case "sympy": self = .sympy
        default: return nil
        }
    }
    public static var allValueStrings: [String] { ["as-written", "sympy"] }
}

/// A user-facing failure with a message that says what to fix.
typealias CLIError = FlowError

/// Prints and flushes, so a CI log shows each step as it finishes rather than all at the end.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// Runs a command body, turning any error into a message on stderr and exit code 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        // Checked before any command runs, so every command treats the variable alike.
        if ProcessInfo.processInfo.environment["SYMBOLFORGE_CACHE"] == "" {
            throw CLIError("SYMBOLFORGE_CACHE is set but empty; unset it to use ~/.cache/symbolforge, or give a directory")
        }
        try body()
    } catch let e as ExitCode {
        throw e
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode.failure
    }
}

/// Refuses a `--dsp-budget` outside 0...100,000 slices.
func checkDSPBudget(_ budget: Int?) throws {
    if let budget, !(0...100_000).contains(budget) {
        throw CLIError("--dsp-budget \(budget): give a number of DSP slices between 0 and 100000")
    }
}
