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

    @Option(help: "Precision plan: 'uniform' (one type everywhere, full-precision intermediates), 'hls4ml' (hls4ml's constant and table conventions, bit for bit), 'optimized' (a format per node and tables sized by analysis, searched for the fewest bits meeting --max-error/--min-agreement).")
    var plan: String = "uniform"

    @Option(name: .customLong("max-error"), help: "Optimized plan: largest allowed |fixed - float| on every output.")
    var maxError: Double?

    @Option(name: .customLong("min-agreement"), help: "Optimized plan: smallest allowed argmax agreement with the float model (default 0.995 for several outputs without --max-error).")
    var minAgreement: Double?

    @Option(name: .customLong("tables"), help: "Function table defaults: 'standard' (periodic sin/cos, midpoint entries) or 'hls4ml' (PySR's clamped ranges, left-edge entries). Default: the plan's.")
    var tableStyle: String?

    @Option(name: .customLong("table-size"), help: "Entries per function table (a power of two).")
    var tableSize: Int?

    @Option(name: .customLong("table"), help: "Override one table: FUNCTION=START,END[,ENTRIES], END-START a power of two (repeatable).")
    var tableOverrides: [String] = []

    @Option(help: "Constant signs: 'as-written' (quantize -1.7 as written) or 'sympy' (hls4ml's printing: quantize |c| of a coefficient and negate; add a subtracted constant as its negative). Default: the plan's.")
    var constants: String?

    /// The precision plan the options name; `data` rows join the optimized plan's search vectors.
    func precisionPlan(data: [[Double]] = []) throws -> PrecisionPlan {
        let format = try format()
        if plan != "optimized", maxError != nil || minAgreement != nil {
            throw CLIError("--max-error and --min-agreement apply to --plan optimized only")
        }
        switch plan {
        case "uniform": return .uniform(format)
        case "hls4ml": return .hls4ml(format)
        case "optimized":
            if let e = maxError, !(e > 0) { throw CLIError("--max-error \(e): give a positive error bound, e.g. --max-error 0.01") }
            if let p = minAgreement, !(p > 0 && p <= 1) { throw CLIError("--min-agreement \(p): give a fraction in (0, 1], e.g. 0.995") }
            return .optimized(OptimizationTarget(inputFormat: format, maxError: maxError, minAgreement: minAgreement, data: data))
        default: throw CLIError("--plan '\(plan)': use 'uniform', 'hls4ml' or 'optimized'")
        }
    }

    /// The constant convention the options name (the plan's unless given).
    func constantStyle() throws -> Lowering.ConstantStyle {
        switch constants {
        case nil: return try precisionPlan().defaultConstantStyle
        case "as-written": return .asWritten
        case "sympy": return .sympy
        default: throw CLIError("--constants '\(constants ?? "")': use 'as-written' or 'sympy'")
        }
    }

    /// The table configuration the options describe (the plan's defaults unless --tables is given).
    func tableConfig() throws -> TableConfig {
        var c: TableConfig
        switch tableStyle {
        case nil: c = try precisionPlan().defaultTables
        case "standard": c = .standard
        case "hls4ml": c = .hls4ml
        default: throw CLIError("--tables '\(tableStyle ?? "")': use 'standard' or 'hls4ml'")
        }
        if let n = tableSize {
            guard n >= 2, n <= 1 << 16, n & (n - 1) == 0 else { throw CLIError("--table-size \(n): use a power of two between 2 and 65536") }
            c = c.withAddressBits(n.trailingZeroBitCount)
        }
        for o in tableOverrides { try c.apply(override: o) }
        return c
    }

    /// The formula set and a design name, from a file or the literal argument.
    func load() throws -> (FormulaSet, String) {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: formulas, isDirectory: &isDir), !isDir.boolValue {
            let text: String
            do { text = try String(contentsOfFile: formulas, encoding: .utf8) } catch {
                throw CLIError("cannot read formula file \(formulas): \(error.localizedDescription)")
            }
            let set = try FormulaSet.parse(text, file: formulas)
            let base = URL(fileURLWithPath: formulas).deletingPathExtension().lastPathComponent
            return (set, sanitize(base))
        }
        if formulas.contains(":") { return (try FormulaSet.parse(formulas, file: "<argument>"), "expr") }
        let e = try ExpressionParser(file: "<argument>").parse(formulas)
        return (FormulaSet([.init(name: "y", expr: e, line: 1)]), "expr")
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

    func sanitize(_ s: String) -> String {
        var out = String(s.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        if let f = out.first, f.isNumber { out = "d_" + out }
        return out.isEmpty ? "expr" : out
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
        try body()
    } catch let e as ExitCode {
        throw e
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode.failure
    }
}
