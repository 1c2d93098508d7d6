import Foundation
import SymbolicExpression

/// Files that ship with SymbolForge (the example formula sets), found as an installed tool finds them.
public enum BundledFiles {
    // Captured here, not as a default argument, so it names this file rather than the caller's.
    private static let sourceFile = #filePath

    /// The SymbolForge checkout: the current directory or one above it holding Examples/, else the source
    /// tree this binary was built from.
    public static func root() throws(FlowError) -> URL {
        var dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for _ in 0..<6 {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Examples/jets_pysr.txt").path) { return dir }
            dir.deleteLastPathComponent()
        }
        let source = URL(fileURLWithPath: sourceFile).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: source.appendingPathComponent("Examples/jets_pysr.txt").path) { return source }
        throw FlowError("cannot find the bundled data (Examples/); run from the SymbolForge checkout")
    }

    /// A bundled formula file, by its path relative to the checkout (e.g. "Examples/jets_pysr.txt").
    public static func formulas(_ relativePath: String) throws -> FormulaSet {
        let url = try root().appendingPathComponent(relativePath)
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch { throw FlowError("cannot read \(url.path): \(error.localizedDescription)") }
        return try FormulaSet.parse(text, file: relativePath)
    }
}
