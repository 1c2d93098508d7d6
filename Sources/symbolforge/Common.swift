import ArgumentParser
import Datapath
import FixedPoint
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
    var tableStyle: String = "standard"

    @Option(name: .customLong("table-size"), help: "Entries per function table (a power of two).")
    var tableSize: Int?

    @Option(name: .customLong("table"), help: "Override one table: FUNCTION=START,END[,ENTRIES], END-START a power of two (repeatable).")
    var tableOverrides: [String] = []

    @Option(help: "Constant signs: 'as-written' (quantize -1.7 as written) or 'sympy' (hls4ml's printing: quantize |c| of a coefficient and negate; add a subtracted constant as its negative).")
    var constants: String = "as-written"

    /// The constant convention the options name.
    func constantStyle() throws -> Lowering.ConstantStyle {
        switch constants {
        case "as-written": return .asWritten
        case "sympy": return .sympy
        default: throw CLIError("--constants '\(constants)': use 'as-written' or 'sympy'")
        }
    }

    /// The table configuration the options describe.
    func tableConfig() throws -> TableConfig {
        var c: TableConfig
        switch tableStyle {
        case "standard": c = .standard
        case "hls4ml": c = .hls4ml
        default: throw CLIError("--tables '\(tableStyle)': use 'standard' or 'hls4ml'")
        }
        if let n = tableSize {
            guard n >= 2, n <= 1 << 16, n & (n - 1) == 0 else { throw CLIError("--table-size \(n): use a power of two between 2 and 65536") }
            c = c.withAddressBits(n.trailingZeroBitCount)
        }
        for o in tableOverrides { try c.apply(override: o) }
        return c
    }

    /// The formula set and a design name, from a file or the literal argument (see `FormulaSource`).
    func load() throws -> (FormulaSet, String) {
        let (set, base) = try FormulaSource.load(formulas)
        return (set, base.map(HardwareNames.designName(fromFileName:)) ?? "expr")
    }

    func validate() throws {
        try DelayModel.checkClockPeriod(clockNs)
        if let inputs { try LimitError.checkInputCount(inputs) }
    }

    func format() throws -> FixedFormat {
        try FixedFormat(parsing: precision)
    }

    func inputCount(_ set: FormulaSet) throws -> Int {
        let needed = set.inputCount
        guard let n = inputs else { return needed }
        guard n >= needed else {
            let f = set.formulas.first { ($0.expr.maxVariableIndex ?? -1) >= n }!
            throw CLIError("--inputs \(n) is too small: output '\(f.name)'\(f.line > 0 ? " (line \(f.line))" : "") reads x\(f.expr.maxVariableIndex!); use --inputs \(needed) or more")
        }
        return n
    }

}

/// A user-facing failure with a message that says what to fix.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// Creates `dir` (and parents) and proves it is writable before any work is done.
func prepareDirectory(_ path: String) throws -> URL {
    let url = URL(fileURLWithPath: path)
    do {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let probe = url.appendingPathComponent(".symbolforge-write-test-\(getpid())")
        try Data().write(to: probe)
        try FileManager.default.removeItem(at: probe)
    } catch {
        throw CLIError("output directory \(path) cannot be written: \(error.localizedDescription)")
    }
    return url
}

/// Writes through a temporary file and a rename, so a reader never sees half a file.
func writeAtomically(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let dir = url.deletingLastPathComponent()
    let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    do {
        try data.write(to: tmp)
        // rename(2) replaces the destination atomically.
        guard rename(tmp.path, url.path) == 0 else {
            throw CLIError(String(cString: strerror(errno)))
        }
    } catch {
        try? FileManager.default.removeItem(at: tmp)
        throw CLIError("cannot write \(path): \(error.localizedDescription)")
    }
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
