import Datapath
import Dataset
import FixedPoint
import Foundation
import Reporting
import SymbolicExpression
import Synthesis
import Testbench
import Verilator

/// Builds, co-simulates and synthesizes one design file into a report entry; the work of `regress` per design.
public struct DesignBuilder {
    public var design: DesignOptions
    /// The precision as the user wrote it, for the recipe.
    public var precision: String
    public var vectors: Int
    public var seed: UInt64
    public var toolchain: VerilatorToolchain
    public var synthesizer: Synthesizer?

    public init(design: DesignOptions, precision: String, vectors: Int, seed: UInt64, toolchain: VerilatorToolchain, synthesizer: Synthesizer?) {
        self.design = design
        self.precision = precision
        self.vectors = vectors
        self.seed = seed
        self.toolchain = toolchain
        self.synthesizer = synthesizer
    }

    public var flow: CosimFlow {
        var f = CosimFlow(plan: design.plan, delays: design.delays, toolchain: toolchain)
        f.tables = design.tables
        f.constantStyle = design.constantStyle
        return f
    }

    public var toolVersions: [String: String] { flow.toolVersions }

    /// The report of the design in `source` (a formula file), and the versions of the synthesis tools used.
    ///
    /// A labelled `<name>.csv` beside the formulas replaces the random vectors, so the RTL is checked on
    /// exactly the rows whose accuracy is reported.
    public func build(name: String, source absoluteSource: String) throws -> (DesignReport, [String: String]) {
        // Results and baselines name files relative to the working directory (the checkout in CI), so a
        // committed baseline does not carry one machine's folders.
        let source = Self.relativeToWorkingDirectory(absoluteSource)
        let text: String
        do { text = try String(contentsOfFile: source, encoding: .utf8) } catch { throw FlowError("cannot read \(source): \(error.localizedDescription)") }
        let set = try FormulaSet.parse(text, file: source)
        let n = set.inputCount
        let format = design.plan.inputFormat
        let dataFile = String(source.dropLast(4)) + ".csv"
        let labelled = FileManager.default.fileExists(atPath: dataFile) ? try LabelledData.read(dataFile, inputCount: n) : nil
        let stimulus: Stimulus
        if let labelled {
            stimulus = try Stimulus.rows(labelled.features, inputCount: n, format: format, source: dataFile)
        } else {
            try Stimulus.checkCount(vectors: vectors, inputCount: n)
            stimulus = Stimulus.standardNormal(count: vectors, inputCount: n, seed: seed, format: format)
        }
        var flow = self.flow
        flow.cosim.captureOutputs = labelled != nil
        let outcome = try flow.run(set, name: name, inputCount: n, stimulus: stimulus, seed: labelled == nil ? seed : nil,
                                   stimulusLabel: labelled == nil ? "standard-normal" : "csv:\(dataFile)")
        let recipe = Recipe(source: labelled == nil ? source : "\(source) + \(dataFile)", precision: precision, clockNs: design.clockNs,
                            vectors: labelled?.labels.count ?? vectors, seed: labelled == nil ? seed : 0)
        var report = DesignReport(cosim: outcome.result, recipe: recipe)
        let detail = AccuracyDetail(outcome, set, stimulus)
        report.errorHistograms = detail.histograms
        report.tableRangeViolations = detail.violations.isEmpty ? nil : detail.violations
        if let labelled {
            report.classification = ClassificationFigures.evaluate(
                classNames: outcome.datapath.outputs.count == 1 ? ["0", outcome.datapath.outputs[0].name] : outcome.datapath.outputs.map(\.name),
                floatScores: detail.float, rtlScores: detail.rtl, labels: labelled.labels)
        }
        var tools: [String: String] = [:]
        if let synthesizer {
            let s = try synthesizer.run(outcome.design, datapath: outcome.datapath, name: name)
            report.attach(s)
            tools = s.tools
        }
        return (report, tools)
    }
}

extension DesignBuilder {
    /// `path` relative to the current directory when it lies inside it, else unchanged.
    public static func relativeToWorkingDirectory(_ path: String) -> String {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let full = URL(fileURLWithPath: path).standardizedFileURL.path
        return full.hasPrefix(cwd + "/") ? String(full.dropFirst(cwd.count + 1)) : path
    }
}

/// Per-output fixed − float error histograms, table range violations, and the RTL's and the float model's
/// output rows after the edge cases.
struct AccuracyDetail {
    var histograms: [ErrorHistogram] = []
    var violations: [Int]
    /// Real values of the RTL's outputs when the co-simulation captured them, else the golden model's.
    var rtl: [[Double]]
    var float: [[Double]]

    init(_ outcome: CosimFlow.Outcome, _ set: FormulaSet, _ stimulus: Stimulus) {
        let d = outcome.datapath
        let golden = GoldenModel(d)
        let n = stimulus.count, nOut = d.outputs.count
        let raw = d.quantizeInputs(stimulus.values, stride: stimulus.inputCount)
        let (fixedRaw, violations) = golden.evaluateBatchCountingTableRange(count: n, inputs: raw)
        // Accuracy of the hardware comes from the hardware's own outputs whenever they were captured.
        let hardware = outcome.rtlOutputs.count == n * nOut ? outcome.rtlOutputs : fixedRaw
        self.violations = violations
        let first = n > stimulus.edgeCaseCount ? stimulus.edgeCaseCount : 0
        var rtlRows = [[Double]](repeating: [Double](repeating: 0, count: nOut), count: n - first)
        var floatRows = rtlRows
        for (k, o) in d.outputs.enumerated() {
            guard let f = set.formulas.first(where: { $0.name == o.name }) else { continue }
            let float = CompiledExpression(f.expr).evaluate(rows: n, columns: stimulus.inputCount, data: stimulus.values)
            let fmt = d.outputFormat(o)
            var errors: [Double] = []
            for r in first..<n {
                let fx = fmt.double(fromRaw: fixedRaw[r * nOut + k])
                rtlRows[r - first][k] = fmt.double(fromRaw: hardware[r * nOut + k])
                floatRows[r - first][k] = float[r]
                errors.append(fx - float[r])
            }
            histograms.append(ErrorHistogram(output: o.name, errors: errors))
        }
        self.rtl = rtlRows
        self.float = floatRows
    }
}

/// Feature rows and integer class labels (the last column) of a labelled CSV beside a design, read by the
/// Dataset CSV reader. The header row may be left out.
public enum LabelledData {
    public static func read(_ path: String, inputCount n: Int) throws(FlowError) -> (features: [[Double]], labels: [Int]) {
        let table: DataTable
        var headerless = false
        do {
            var data = try Data(contentsOf: URL(fileURLWithPath: path))
            // A file without a header gets one, and its errors name the file's own lines.
            headerless = firstLineIsNumeric(data)
            if headerless { data = Data(((0...n).map { "c\($0)" }.joined(separator: ",") + "\n").utf8) + data }
            do {
                table = try DataTable.csv(data: data, source: path)
            } catch let e as DatasetError where headerless {
                // The synthetic header moved every line down by one.
                throw DatasetError(e.kind, file: e.file, line: e.line.map { max(1, $0 - 1) }, column: e.column)
            }
        } catch let e as DatasetError {
            throw FlowError("\(e)")
        } catch {
            throw FlowError("cannot read data file \(path) (\(error.localizedDescription))")
        }
        guard table.columnCount == n + 1 else {
            throw FlowError("\(path): \(table.columnCount) columns; expected \(n) inputs and a label")
        }
        var features: [[Double]] = [], labels: [Int] = []
        for r in 0..<table.rowCount {
            let label = table[r, n]
            guard let k = Int(exactly: label), k >= 0 else {
                throw FlowError("\(path):\(table.sourceLines[r] - (headerless ? 1 : 0)): label \(label) is not a class index (0, 1, 2, ...)")
            }
            features.append((0..<n).map { table[r, $0] })
            labels.append(k)
        }
        return (features, labels)
    }

    /// Whether the first non-blank line holds only numbers (no header).
    static func firstLineIsNumeric(_ data: Data) -> Bool {
        let text = String(decoding: data.prefix(4096), as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline).first(where: { !$0.allSatisfy(\.isWhitespace) }) else { return false }
        return line.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { Double($0.trimmingCharacters(in: .whitespaces)) != nil }
    }
}
