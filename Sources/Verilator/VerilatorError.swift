import Foundation

/// Failures of building, loading or running a Verilated design.
///
/// Each description says what went wrong and what to do about it.
public enum VerilatorError: Error, CustomStringConvertible, Sendable {
    /// A required program is not installed or not on PATH.
    case toolMissing(tool: String, howToInstall: String)
    /// A helper command (version query, runtime build) failed.
    case toolFailed(command: String, output: String)
    /// Verilator rejected the design; carries its stderr.
    case verilatorFailed(stderr: String)
    /// The C++ compiler or linker rejected the generated code; carries its stderr.
    case compileFailed(stderr: String)
    /// The ports Verilator found differ from the ports the source declared.
    case portMismatch(String)
    /// The `DesignSource` cannot be built as given.
    case invalidSource(String)
    /// `dlopen` or `dlsym` failed.
    case loadFailed(String)
    /// The library was built by a different bridge version.
    case abiMismatch(expected: UInt32, found: UInt32)
    /// The library on disk is not the design the caller asked for.
    case hashMismatch(expected: String, found: String)
    /// `$stop`, `$fatal`, `$finish` or a Verilator runtime error ended the simulation.
    case simulationStopped(message: String)
    /// The input buffer does not hold whole cycles.
    case inputSizeMismatch(expected: Int, got: Int)
    /// The cache directory could not be created or written.
    case cacheFailed(String)
    /// A waveform was asked of a library built without tracing.
    case notTraced(String)
    /// The waveform file could not be opened.
    case traceFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .toolMissing(tool, howToInstall):
            return "\(tool) was not found on PATH. Install it (\(howToInstall)) or point SYMBOLFORGE_\(tool == "verilator" ? "VERILATOR" : "CXX") at it."
        case let .toolFailed(command, output):
            return "command failed: \(command)\n\(output)"
        case let .verilatorFailed(stderr):
            return "Verilator rejected the design; fix the Verilog reported below.\n\(stderr)"
        case let .compileFailed(stderr):
            return "compiling the Verilated model failed (check that the compiler matches the one the cache was built with, or clear the cache).\n\(stderr)"
        case let .portMismatch(message):
            return "port list does not match the Verilog: \(message). Make DesignSource.ports list every port of the top module except the clock, with the same widths."
        case let .invalidSource(message):
            return "invalid design source: \(message)"
        case let .loadFailed(message):
            return "could not load the design library: \(message). Rebuild it with VerilatorToolchain.build."
        case let .abiMismatch(expected, found):
            return "design library speaks bridge ABI \(found) but this program expects \(expected); rebuild it (clear the cache entry)."
        case let .hashMismatch(expected, found):
            return "design library holds design \(found) but \(expected) was requested; the cache entry is stale or was replaced, rebuild it."
        case let .simulationStopped(message):
            return "simulation stopped: \(message). Call restart() for a fresh model."
        case let .inputSizeMismatch(expected, got):
            return "input buffer holds \(got) words but \(expected) are needed (cycles × inputWordsPerCycle)."
        case let .cacheFailed(message):
            return "build cache problem: \(message). Set SYMBOLFORGE_CACHE to a writable directory."
        case let .notTraced(library):
            return "\(library) was built without tracing; build DesignSource.traced(.fst) for waveforms."
        case let .traceFailed(path, reason):
            return "cannot write the waveform \(path): \(reason); check that its folder exists and is writable."
        }
    }
}
