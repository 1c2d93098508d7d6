import ArgumentParser
import Reporting
import Synthesis
import Dataset
import Datapath
import FixedPoint
import Foundation
import SymbolicExpression
import Testbench
import Verilator

struct Cosim: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Co-simulate formulas: Swift golden model against the Verilated RTL, bit for bit.")

    @OptionGroup var options: FormulaOptions

    @Option(help: "Number of random vectors (standard normal), in addition to the edge cases.")
    var vectors: Int = 10_000

    @Option(help: "Seed of the random vectors.")
    var seed: UInt64 = 1

    @Option(help: "CSV file whose rows are input vectors (columns x0..xN in order, header optional).")
    var data: String?

    @Option(help: "Write the results JSON here.")
    var json: String?

    @Option(help: "Also write the Verilog into this directory.")
    var out: String?

    @Flag(help: "Also build the HLS C++ project, run its C simulation (g++ with the ap_types headers) and compare with the Swift model.")
    var hls = false

    @Option(help: "Write the input vectors and every implementation's outputs (raw bits and real values) as CSV into this directory.")
    var dump: String?

    @Flag(help: "Also synthesize (Yosys, xc7 resources) and place and route (nextpnr) the design; the JSON then uses the report schema.")
    var synth = false

    @Option(name: .customLong("synth-family"), help: "Families to place and route on with --synth (ecp5, ice40, ecp5-85k; repeatable).")
    var synthFamilies: [String] = ["ecp5"]

    @Option(help: "Also write the report page (index.html, summary.md, junit.xml, results.json) into this directory.")
    var report: String?

    @Option(name: .customLong("icarus"), help: "Also simulate this many vectors under Icarus Verilog and compare with the Swift model (0: skip).")
    var icarusVectors: Int = 0

    func run() throws {
        try reportingErrors {
            let (set, name) = try options.load()
            let format = try options.format()
            let n = try options.inputCount(set)
            guard vectors >= 0 else { throw CLIError("--vectors must be zero or more") }
            if let json { _ = try prepareDirectory(URL(fileURLWithPath: json).deletingLastPathComponent().path) }
            if let report { _ = try prepareDirectory(report) }
            let outDir = try out.map(prepareDirectory)
            let stimulus: Stimulus
            let label: String
            if let data {
                stimulus = try Stimulus.rows(try readVectors(data, inputCount: n), inputCount: n, format: format, source: data)
                label = "csv:\(data)"
            } else {
                stimulus = Stimulus.standardNormal(count: vectors, inputCount: n, seed: seed, format: format)
                label = "standard-normal"
            }
            var flow = CosimFlow(plan: .uniform(format), delays: DelayModel(clockPeriodNs: options.clockNs), toolchain: try VerilatorToolchain())
            flow.tables = try options.tableConfig()
            flow.constantStyle = try options.constantStyle()
            flow.cosim.captureOutputs = dump != nil
            let outcome = try flow.run(set, name: name, inputCount: n, stimulus: stimulus, seed: data == nil ? seed : nil, stimulusLabel: label)
            if let outDir {
                for f in outcome.design.files { try writeAtomically(Data(f.text.utf8), to: outDir.appendingPathComponent(f.name).path) }
            }
            var result = outcome.result
            if let check = try CosimHLSExtras.run(outcome, stimulus: stimulus, hls: hls, dump: dump) {
                result.hlsCsim = .init(vectors: stimulus.count, mismatches: check.outputs.map(\.mismatches), latencyCycles: result.predictedLatencyCycles)
            }
            if icarusVectors > 0 {
                let k = min(icarusVectors, stimulus.count)
                let sub = Stimulus(values: Array(stimulus.values.prefix(k * stimulus.inputCount)), inputCount: stimulus.inputCount,
                                   edgeCaseCount: min(stimulus.edgeCaseCount, k))
                let ic = try IcarusCrossCheck().run(outcome.design, datapath: outcome.datapath, stimulus: sub)
                result.icarus = .init(vectors: ic.vectors, mismatches: ic.mismatches, latencyCycles: ic.latencyCycles)
            }
            let results = CosimResults(designs: [result], tools: flow.toolVersions)
            var page = DesignReport(cosim: result)
            var pageTools = flow.toolVersions
            if synth {
                let s = try makeSynthesizer(families: synthFamilies, seeds: 3, noTiming: false, keep: nil)
                    .run(outcome.design, datapath: outcome.datapath, name: name)
                print(SynthSummary.text(s))
                page.attach(s)
                pageTools.merge(s.tools) { a, _ in a }
                if let json {
                    var report = DesignReport(cosim: result)
                    report.attach(s)
                    try ResultsFile.write(ReportDocument(designs: [report], tools: flow.toolVersions.merging(s.tools) { a, _ in a }), to: json)
                }
            } else if let json {
                let enc = JSONEncoder()
                enc.keyEncodingStrategy = .convertToSnakeCase
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                try writeAtomically(try enc.encode(results), to: json)
            }
            if let report {
                try writeReportPage(ReportDocument(designs: [page], tools: pageTools, context: RunContext(title: "SymbolForge co-simulation: \(name)", inputNames: nil)), to: report)
            }
            print(Summary.text(result))
            if result.outputs.contains(where: { $0.mismatches > 0 || $0.latencyCycles != result.predictedLatencyCycles })
                || (result.icarus.map { $0.mismatches.contains { $0 > 0 } || $0.latencyCycles != result.predictedLatencyCycles } ?? false)
                || (result.hlsCsim.map { $0.mismatches.contains { $0 > 0 } } ?? false) {
                throw ExitCode(2)
            }
        }
    }
}

/// Input vectors from a CSV (with header) or .npy file: columns x0..xN by name when present, else the first N columns.
func readVectors(_ path: String, inputCount n: Int) throws -> [[Double]] {
    let table = try DataTable.load(contentsOf: URL(fileURLWithPath: path))
    let names = (0..<n).map { "x\($0)" }
    let columns: [String]
    if names.allSatisfy(table.columnNames.contains) {
        columns = names
    } else {
        guard table.columnCount >= n else {
            throw CLIError("\(path): \(table.columnCount) column(s) but the design has \(n) inputs; name the columns x0..x\(n - 1) or supply at least \(n)")
        }
        columns = Array(table.columnNames.prefix(n))
    }
    let m = try table.matrix(columns: columns)
    guard m.rows > 0 else { throw CLIError("\(path) holds no data rows") }
    return (0..<m.rows).map { Array(m.row($0)) }
}

/// The human-readable co-simulation summary.
enum Summary {
    static func text(_ r: DesignResult) -> String {
        var lines = [
            "design \(r.design): \(r.inputs) inputs, \(r.vectors) vectors (\(r.edgeCaseVectors) edge cases, \(r.stimulus)), precision \(r.precision)",
            "build \(r.build.cacheHit ? "cached" : String(format: "%.2f s", r.build.seconds)), \(String(format: "%.2f", r.cyclesPerSecond / 1e6)) M cycles/s with full checking",
            "",
            pad(["output", "mismatches", "latency", "predicted", "II", "max |err|", "mean |err|"]),
        ]
        for o in r.outputs {
            lines.append(pad([o.name, "\(o.mismatches)", "\(o.latencyCycles)", "\(r.predictedLatencyCycles)", "\(o.ii)",
                              String(format: "%.3g", o.maxAbsError), String(format: "%.3g", o.meanAbsError)]))
            if let m = o.firstMismatch {
                lines.append("  first mismatch at vector \(m.vector): expected \(m.expectedBits), RTL \(m.actualBits)")
            }
        }
        if let a = r.argmaxAgreement {
            lines.append(String(format: "argmax of the fixed-point outputs equals the float model's on %.2f%% of vectors", a * 100))
        }
        for t in r.tables ?? [] {
            let range = t.periodic ? "periodic" : "[\(t.rangeStart), \(t.rangeEnd))"
            let note = t.outOfRangeLookups > 0 ? " — \(t.outOfRangeLookups) lookups outside the range were clamped" : ""
            lines.append("table \(t.table): \(t.function), \(t.entries) entries, \(range)\(note)")
        }
        if let h = r.hlsCsim {
            lines.append("HLS C simulation on all \(h.vectors) vectors: \(h.mismatches.reduce(0, +)) mismatches against the Swift model")
        }
        if let ic = r.icarus {
            let total = ic.mismatches.reduce(0, +)
            lines.append("Icarus Verilog on the first \(ic.vectors) vectors: \(total) mismatches against the Swift model, latency \(ic.latencyCycles)")
        }
        let bad = r.outputs.filter { $0.mismatches > 0 }.count
        lines.append("")
        lines.append(bad == 0 ? "PASS: RTL equals the Swift model bit for bit on every output" : "FAIL: \(bad) output(s) differ from the Swift model")
        return lines.joined(separator: "\n")
    }

    static func pad(_ cells: [String]) -> String {
        let widths = [12, 11, 8, 10, 4, 11, 11]
        return zip(cells, widths).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }.joined(separator: " ")
    }
}
