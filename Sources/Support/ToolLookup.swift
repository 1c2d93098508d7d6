import Foundation

/// Finding external tools as a shell would, with a message that says how to install a missing one.
public enum ToolLookup {
    /// The executable for `name`: a path containing "/" is taken as is (if executable), a bare name is
    /// looked up on PATH (from `environment`, default this process's).
    public static func find(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if name.contains("/") {
            return FileManager.default.isExecutableFile(atPath: name) ? name : nil
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The executable for a tool: `override` (an environment variable naming a path or a name) wins,
    /// then each of `names` on PATH.
    public static func require(_ names: [String], override variable: String? = nil, extraDirectories: [String] = [], hint: String,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws(ToolNotFound) -> String {
        if let variable, let value = environment[variable], !value.isEmpty {
            guard let p = find(value, environment: environment) else {
                throw ToolNotFound(tool: names.first ?? value, detail: "\(variable)=\(value) is not an executable", hint: hint)
            }
            return p
        }
        for n in names {
            if let p = find(n, environment: environment) { return p }
            for d in extraDirectories where FileManager.default.isExecutableFile(atPath: "\(d)/\(n)") { return "\(d)/\(n)" }
        }
        let searched = variable.map { " (or set \($0))" } ?? ""
        throw ToolNotFound(tool: names.first ?? "tool", detail: "\(names.joined(separator: " or ")) is not on PATH\(searched)", hint: hint)
    }
}

/// A tool that is not installed, with the command that installs it.
public struct ToolNotFound: Error, CustomStringConvertible, Equatable {
    public var tool: String
    public var detail: String
    public var hint: String
    public init(tool: String, detail: String, hint: String) {
        self.tool = tool
        self.detail = detail
        self.hint = hint
    }
    public var description: String { "\(tool) not found: \(detail). Install it: \(hint)" }
}
