import ArgumentParser
import Flows
import Foundation
import SymbolNet
import SymbolicExpression

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a trained SymbolNet as one `name: formula` line per output.")

    @Argument(help: "Model JSON written by `symbolforge train`.")
    var model: String

    @Option(help: "Significant digits of the constants.")
    var digits: Int = 4

    @Option(help: "Output names, comma-separated (default: the class names or target name stored in the model, else y0, y1, ...). `--names features` is short for `--variables features`.")
    var names: String?

    @Option(help: "Variables in the formulas: x (x0, x1, ...) or features (the input column names stored in the model; such text parses back with those names declared).")
    var variables: String = "x"

    func run() throws {
        try reportingErrors {
            let m = try SymbolNetModel.read(contentsOf: URL(fileURLWithPath: model))
            let useFeatures: Bool
            switch (names == "features" ? "features" : variables).lowercased() {
            case "x", "index", "indices": useFeatures = false
            case "features", "names": useFeatures = true
            default: throw CLIError("--variables '\(variables)': use x or features")
            }
            let outputNames = names == "features" ? nil : names
            let variableNames: [String]?
            if useFeatures {
                guard let n = m.inputNames else { throw CLIError("\(model) stores no feature names; use --variables x") }
                try ExpressionPrinter.checkVariableNames(n)
                variableNames = n
            } else {
                variableNames = nil
            }
            let formulas = m.formulas(digits: digits, variableNames: variableNames)
            let outNames: [String]
            if let outputNames {
                outNames = outputNames.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                try FormulaSet.checkOutputNames(outNames, option: "--names")
            } else {
                // Class names that cannot name an output (a keyword, say) fall back to y0, y1, …
                let stored = m.formulaNames()
                outNames = (try? FormulaSet.checkOutputNames(stored, option: "--names")) != nil ? stored : formulas.indices.map { "y\($0)" }
            }
            guard outNames.count == formulas.count else { throw CLIError("--names gives \(outNames.count) names for \(formulas.count) outputs") }
            if useFeatures {
                print("# SymbolNet formulas from \(model); variables are the features \(variableNames!.joined(separator: ", "))")
            } else {
                print("# SymbolNet formulas from \(model); inputs x0..x\(m.architecture.inputs - 1)\(m.inputNames.map { " = " + $0.joined(separator: ", ") } ?? "")")
            }
            for (n, f) in zip(outNames, formulas) {
                print("# complexity \(f.complexity)")
                print("\(n): \(f.text)")
            }
        }
    }
}
