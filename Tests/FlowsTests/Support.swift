import Foundation
import Support
import XCTest

/// Test helpers: temporary folders and tools that must be present.
enum TestEnvironment {
    static func temporaryDirectory() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("sf-flows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    /// Skips when `tool` is missing on a developer machine; under CI=true a missing tool fails the test.
    static func require(_ tool: String, hint: String) throws {
        guard ToolLookup.find(tool) == nil else { return }
        throw toolUnavailable("\(tool) is not installed (\(hint))")
    }
}

/// A tool a test needs is missing: skipped on a developer machine, but under `CI=true` an error, so a CI
/// run never passes on skipped checks.
func toolUnavailable(_ reason: String) -> Error {
    ProcessInfo.processInfo.environment["CI"] == "true" ? ToolUnavailableInCI(reason: reason) : XCTSkip(reason)
}

struct ToolUnavailableInCI: Error, CustomStringConvertible {
    var reason: String
    var description: String { "CI=true and a required tool is missing: \(reason)" }
}
