import ArgumentParser
import Dataset
import Flows
import Foundation
import SymbolNet
import SymbolicExpression


/// What `train` learns (`--task`).
enum TaskChoice: String, CaseIterable, ExpressibleByArgument {
    case classification, regression, auto
}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train and prune a SymbolNet on a CSV or .npy file.")

    @Option(help: "Training data: CSV with a header (plain or .gz) or .npy.")
    var data: String

    @Option(help: "Target column: class labels (classification) or a numeric target (regression).")
    var target: String

    @Option(help: "Feature columns, comma-separated (default: every other column).")
    var features: String?

    @Option(help: "classification, regression, or auto (classification when the target holds labels).")
    var task: TaskChoice = .auto

    @OptionGroup var net: SymbolNetOptions

    @Option(help: "Fraction of rows held out for testing.")
    var testFraction: Double = 0.2

    @Option(help: "Where to write the model (JSON); the training log goes beside it as .log.csv.")
    var out: String

    func run() throws {
        try reportingErrors {
            let table = try DataTable.load(contentsOf: URL(fileURLWithPath: data), textColumns: [target])
            guard table.columnNames.contains(target) || table.textColumns[target] != nil else {
                throw CLIError("\(data): no column '\(target)'; columns are \(table.columnNames.joined(separator: ", "))")
            }
            let featureNames = features.map { $0.split(separator: ",").map { String($0) } } ?? table.columnNames.filter { $0 != target }
            let labels = table.textColumns[target] ?? []
            let isClass: Bool
            switch task {
            case .classification: isClass = true
            case .regression: isClass = false
            case .auto: isClass = labels.contains { Double($0) == nil } || Set(labels).count <= 20
            }
            let dataset: SupervisedDataset
            if isClass {
                dataset = try table.classification(features: featureNames, label: target)
            } else {
                let values = try labels.enumerated().map { i, t -> Double in
                    guard let v = Double(t), v.isFinite else { throw CLIError("\(data):\(table.sourceLines[i]): target '\(t)' is not a finite number") }
                    return v
                }
                dataset = SupervisedDataset(featureNames: featureNames, features: try table.matrix(columns: featureNames), target: .regression(name: target, values: values))
            }
            let prepared = try dataset.prepared(testFraction: testFraction, seed: net.seed, standardize: true)
            let plan = try net.plan(task: isClass ? .classification : .regression)
            let cfg = plan.config
            // Created only once the data and the options are known good, so rejected input leaves nothing behind.
            try Files.prepareParent(of: out)
            let x = (0..<prepared.train.count).map { Array(prepared.train.features.row($0)) }
            print("training on \(x.count) rows × \(featureNames.count) features (\(prepared.test.count) held out), standardized")
            let outcome: TrainingOutcome
            switch prepared.train.target {
            case .classes(let l, let names):
                outcome = try plan.run(x: x, labels: l, classNames: names, inputNames: featureNames, log: { print($0) }) { printEpoch($0, of: cfg.epochs) }
            case .regression(let name, let v):
                outcome = try plan.run(x: x, y: v.map { [$0] }, inputNames: featureNames, outputNames: [name], log: { print($0) }) { printEpoch($0, of: cfg.epochs) }
            }
            let model = outcome.model
            print(outcome.sparsityLine)
            try Files.write(try model.jsonData(), to: out)
            let log = URL(fileURLWithPath: out).deletingPathExtension().appendingPathExtension("log.csv").path
            try Files.write(model.trainingLogCSV(), to: log)
            if let scaler = prepared.scaler {
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                try Files.write(try enc.encode(scaler), to: URL(fileURLWithPath: out).deletingPathExtension().appendingPathExtension("scaler.json").path)
            }
            var written = [out, log]
            if prepared.test.count > 0 {
                let xt = (0..<prepared.test.count).map { Array(prepared.test.features.row($0)) }
                switch prepared.test.target {
                case .classes(let l, _):
                    print(String(format: "test accuracy %.4f on %d rows", Scoring.accuracy(try model.classify(xt), l), l.count))
                    if let ref = outcome.reference {
                        let c = try ReferenceComparison.classification(symbolnet: model, reference: ref, x: xt, labels: l)
                        print(c.summary)
                        written.append(try writeMetrics(ReferenceMetrics(c, outcome: outcome)))
                    }
                case .regression(_, let v):
                    print(String(format: "test R² %.4f on %d rows", Scoring.r2(try model.predict(xt), v.map { [$0] }), v.count))
                    if let ref = outcome.reference {
                        let c = try ReferenceComparison.regression(symbolnet: model, reference: ref, x: xt, y: v.map { [$0] })
                        print(c.summary)
                        written.append(try writeMetrics(ReferenceMetrics(c, outcome: outcome)))
                    }
                }
            }
            print("wrote \(written.joined(separator: ", "))")
        }
    }
}

extension Train {
    /// Writes the test scores beside the model as `<model>.metrics.json`; returns its path.
    func writeMetrics(_ m: ReferenceMetrics) throws -> String {
        let path = URL(fileURLWithPath: out).deletingPathExtension().appendingPathExtension("metrics.json").path
        try Files.write(try Files.json(m), to: path)
        return path
    }
}
