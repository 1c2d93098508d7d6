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
