import ArgumentParser
import Dataset
import Flows
import Foundation
import SymbolNet
import SymbolicExpression

/// Options describing a SymbolNet architecture and its training.
struct SymbolNetOptions: ParsableArguments {
    @Option(help: "Number of hidden symbolic layers (must match --nodes when both are given).")
    var layers: Int?

    @Option(help: "Nodes per layer: N (a quarter binary) or UNARY:BINARY, comma-separated per layer.")
    var nodes: String = "20,5"

    @Option(help: "Unary operators, comma-separated (identity, sin, cos, exp, sinh, cosh, tanh, gauss, square, cube, log).")
    var unary: String = "sin,tanh,gauss,square"

    @Option(help: "Binary operators, comma-separated (add, mul, pow, div).")
    var binary: String = "mul"

    @Option(help: "Target sparsities, e.g. input=0.75,weight=0.9,unary=0.4,binary=0.4.")
    var sparsity: String = "input=0.75,weight=0.9,unary=0.4,binary=0.4"

    @Option(help: "Training epochs.")
    var epochs: Int = 100

    @Option(help: "Mini-batch size.")
    var batch: Int = 256

    @Option(help: "Adam learning rate.")
    var lr: Double = 0.005

    @Option(help: "Seed for initialisation, shuffling and the train/test split.")
    var seed: UInt64 = 1

    @Option(name: .customLong("early-stop"), help: "Stop after this many epochs without improvement.")
    var earlyStop: Int?

    func config(task: SymbolNetConfig.Task) throws -> SymbolNetConfig {
        let specs = try LayerSpec.parseList(nodes)
        if let layers, layers != specs.count {
            throw CLIError("--layers \(layers) but --nodes '\(nodes)' describes \(specs.count) layer(s); give one node count per layer")
        }
        let cfg = SymbolNetConfig(
            task: task, layers: specs, unaryOperators: try UnaryOperator.parseList(unary),
            binaryOperators: try BinaryOperatorKind.parseList(binary), sparsity: try SparsityTargets.parse(sparsity),
            epochs: epochs, batchSize: batch, learningRate: lr, seed: seed, earlyStopPatience: earlyStop)
        try cfg.validate()
        return cfg
    }
}

/// Prints one epoch of progress.
func printEpoch(_ e: SymbolNetEpoch, of total: Int) {
    let acc = e.accuracy.map { String(format: " acc %.4f", $0) } ?? ""
    print(String(format: "epoch %3d/%d  loss %.5f (mse %.5f)%@  sparsity in %.2f w %.2f un %.2f bin %.2f  %.1f s",
                 e.epoch, total, e.loss, e.regressionLoss, acc, e.sparsityInput, e.sparsityWeight, e.sparsityUnary, e.sparsityBinary, e.seconds))
    fflush(nil)
}

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
            let cfg = try net.config(task: isClass ? .classification : .regression)
            // Created only once the data and the options are known good, so rejected input leaves nothing behind.
            try Files.prepareParent(of: out)
            let x = (0..<prepared.train.count).map { Array(prepared.train.features.row($0)) }
            print("training on \(x.count) rows × \(featureNames.count) features (\(prepared.test.count) held out), standardized")
            let model: SymbolNetModel
            switch prepared.train.target {
            case .classes(let l, let names):
                model = try SymbolNetTrainer.train(x: x, labels: l, classes: names.count, config: cfg, inputNames: featureNames) { printEpoch($0, of: cfg.epochs) }
            case .regression(_, let v):
                model = try SymbolNetTrainer.train(x: x, y: v.map { [$0] }, config: cfg, inputNames: featureNames) { printEpoch($0, of: cfg.epochs) }
            }
            try Files.write(try model.jsonData(), to: out)
            let log = URL(fileURLWithPath: out).deletingPathExtension().appendingPathExtension("log.csv").path
            try Files.write(model.trainingLogCSV(), to: log)
            if let scaler = prepared.scaler {
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                try Files.write(try enc.encode(scaler), to: URL(fileURLWithPath: out).deletingPathExtension().appendingPathExtension("scaler.json").path)
            }
            if case .classes(let l, _) = prepared.test.target, prepared.test.count > 0 {
                let xt = (0..<prepared.test.count).map { Array(prepared.test.features.row($0)) }
                let pred = try model.classify(xt)
                let acc = Double(zip(pred, l).filter { $0 == $1 }.count) / Double(l.count)
                print(String(format: "test accuracy %.4f on %d rows", acc, l.count))
            }
            print("wrote \(out), \(log)")
        }
    }
}
