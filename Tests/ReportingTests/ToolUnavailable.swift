import Foundation
import XCTest

/// A tool a test needs is missing: skipped on a developer machine, but under `CI=true` an error, so a CI
/// run never passes on skipped checks.
func toolUnavailable(_ reason: String) -> Error {
    ProcessInfo.processInfo.environment["CI"] == "true" ? ToolUnavailableInCI(reason: reason) : XCTSkip(reason)
}

struct ToolUnavailableInCI: Error, CustomStringConvertible {
    var reason: String
    var description: String { "CI=true and a required tool is missing: \(reason)" }
}
