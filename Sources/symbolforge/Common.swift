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

    @Option(name: .customLong("clock-ns"), help: "Target clock period used to place pipeline registers.")
    var clockNs: Double = 5.0

    @Option(name: .customLong("tables"), help: "Function table defaults: 'standard' (periodic sin/cos, midpoint entries) or 'hls4ml' (PySR's clamped ranges, left-edge entries).")
    var tableStyle: TableStyle = .standard

    @Option(name: .customLong("table-size"), help: "Entries per function table (a power of two).")
    var tableSize: Int?

    @Option(name: .customLong("table"), help: "Override one table: FUNCTION=START,END[,ENTRIES], END-START a power of two (repeatable).")
    var tableOverrides: [String] = []

    @Option(help: "Constant signs: 'as-written' (quantize -1.7 as written) or 'sympy' (hls4ml's printing: quantize |c| of a coefficient and negate; add a subtracted constant as its negative).")
    var constants: Lowering.ConstantStyle = .asWritten

    /// The table configuration the options describe.
    func tableConfig() throws -> TableConfig {
        var c: TableConfig = tableStyle == .hls4ml ? .hls4ml : .standard
        if let n = tableSize {
            guard n >= 2, n <= 1 << 16, n & (n - 1) == 0 else { throw CLIError("--table-size \(n): use a power of two between 2 and 65536") }
            c = c.withAddressBits(n.trailingZeroBitCount)
        }
        for o in tableOverrides { try c.apply(override: o) }
        return c
    }

    /// How the formulas become hardware.
    func design() throws -> DesignOptions {
        DesignOptions(plan: .uniform(try format()), clockNs: clockNs, tables: try tableConfig(), constantStyle: constants)
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
        try body()
    } catch let e as ExitCode {
        throw e
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode.failure
    }
}
