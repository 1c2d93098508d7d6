import Foundation
import SymbolicExpression

/// Files that ship with SymbolForge (the example formula sets), compiled into the binary so an installed
/// or copied binary finds them wherever it runs.
public enum BundledFiles {
    /// The text of a bundled example, by its path in the checkout (e.g. "Examples/jets_pysr.txt").
    public static func text(_ relativePath: String) throws(FlowError) -> String {
        let name = URL(fileURLWithPath: relativePath).lastPathComponent
        guard relativePath.hasPrefix("Examples/"), let f = EmbeddedExamples.files.first(where: { $0.name == name }) else {
            throw FlowError("\(relativePath) is not a bundled example; bundled: \(EmbeddedExamples.files.map { "Examples/" + $0.name }.joined(separator: ", "))")
        }
        return f.text
    }

    /// A bundled formula file.
    public static func formulas(_ relativePath: String) throws -> FormulaSet {
        try FormulaSet.parse(try text(relativePath), file: relativePath)
    }
}
