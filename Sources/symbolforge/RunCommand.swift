import ArgumentParser
import Datapath
import FixedPoint
import Foundation
import SymbolicExpression
import Testbench
import Verilator

/// The main job: every bundled design through the full flow, with a results file and a summary.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the main job on the bundled data: co-simulate the bundled jet expression sets and write the results.")

    @Option(help: "Directory for results.json, summary.md and the Verilog.")
    var out: String = "Reports/out"

    @Option(help: "Random vectors per design (plus edge cases).")
    var vectors: Int = 100_000

    @Option(help: "Fixed-point type of inputs, constants and outputs.")
    var precision: String = "ap_fixed<18,8>"

    func run() throws {
        try reportingErrors {
            let format = try FixedFormat(parsing: precision)
            let root = try packageRoot()
            let dir = try prepareDirectory(out)
            let flow = CosimFlow(plan: .uniform(format), toolchain: try VerilatorToolchain())
            var results: [DesignResult] = []
            var summary = ["# SymbolForge main job", ""]
            for (file, label) in [("jets_pysr.txt", "PySR jet expressions (set A)"), ("jets_symbolnet.txt", "SymbolNet jet expression (set B)")] {
                let path = root.appendingPathComponent("Examples").appendingPathComponent(file).path
                let set = try FormulaSet.parse(try String(contentsOfFile: path, encoding: .utf8), file: path)
                let name = String(file.dropLast(4))
                print("== \(label): \(set.formulas.count) output(s), \(vectors) vectors")
                let stimulus = Stimulus.standardNormal(count: vectors, inputCount: 16, seed: 1, format: format)
                let outcome = try flow.run(set, name: name, inputCount: 16, stimulus: stimulus, seed: 1, stimulusLabel: "standard-normal")
                let designDir = dir.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: designDir, withIntermediateDirectories: true)
                for f in outcome.design.files { try writeAtomically(Data(f.text.utf8), to: designDir.appendingPathComponent(f.name).path) }
                let text = Summary.text(outcome.result)
                print(text)
                print("")
                summary += ["## \(label)", "", "```", text, "```", ""]
                results.append(outcome.result)
            }
            let enc = JSONEncoder()
            enc.keyEncodingStrategy = .convertToSnakeCase
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            try writeAtomically(try enc.encode(CosimResults(designs: results, tools: flow.toolVersions)), to: dir.appendingPathComponent("results.json").path)
            try writeAtomically(Data(summary.joined(separator: "\n").utf8), to: dir.appendingPathComponent("summary.md").path)
            print("wrote \(out)/results.json, \(out)/summary.md and the Verilog of every design")
            if results.flatMap(\.outputs).contains(where: { $0.mismatches > 0 }) { throw ExitCode(2) }
        }
    }
}

/// The SymbolForge checkout: the current directory or one above it holding Examples/, else the source tree this binary came from.
func packageRoot() throws -> URL {
    var dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    for _ in 0..<6 {
        if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Examples/jets_pysr.txt").path) { return dir }
        dir.deleteLastPathComponent()
    }
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    if FileManager.default.fileExists(atPath: source.appendingPathComponent("Examples/jets_pysr.txt").path) { return source }
    throw CLIError("cannot find the bundled data (Examples/); run from the SymbolForge checkout")
}
