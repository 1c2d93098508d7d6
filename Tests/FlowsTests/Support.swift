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
        let reason = "\(tool) is not installed (\(hint))"
        if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(reason); throw CancellationError() }
        throw XCTSkip(reason)
    }
}
