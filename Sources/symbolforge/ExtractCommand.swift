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

    @Option(help: "Output names, comma-separated (default: the class names or y0, y1, ...).")
    var names: String?

    func run() throws {
        try reportingErrors {
            let m = try SymbolNetModel.read(contentsOf: URL(fileURLWithPath: model))
            let formulas = m.formulas(digits: digits)
            let outNames = names.map { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } } ?? formulas.indices.map { "y\($0)" }
            try FormulaSet.checkOutputNames(outNames, option: "--names")
            guard outNames.count == formulas.count else { throw CLIError("--names gives \(outNames.count) names for \(formulas.count) outputs") }
            print("# SymbolNet formulas from \(model); inputs x0..x\(m.architecture.inputs - 1)\(m.inputNames.map { " = " + $0.joined(separator: ", ") } ?? "")")
            for (n, f) in zip(outNames, formulas) {
                print("# complexity \(f.complexity)")
                print("\(n): \(f.expr.description)")
            }
        }
    }
}
