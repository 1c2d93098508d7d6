import Datapath
import Dataset
import FixedPoint
import Foundation
import Results
import SymbolNet
import SymbolicExpression
import Testbench
import Verilator

/// `symbolforge train`: load a labelled file, train and prune a SymbolNet (sparsity chosen on a validation
/// split, the reference network beside it, optionally quantization-aware fine-tuning), score it on the
/// held-out rows — in float and, when a fixed-point design is named, in fixed point and in RTL through
/// Verilator — and write the model, its training log, its scaler and its metrics.
public enum TrainJob {
    /// What the target column holds.
    public enum Task: String, CaseIterable, Sendable {
        case classification, regression
        /// Classification when the target holds text or at most 20 distinct values.
        case auto
    }

    /// The fixed-point design the extracted formulas are checked in (and quantization-aware training emulates).
    public struct Hardware: Sendable {
        public var plan: PrecisionPlan
        /// Nil: the plan's defaults.
        public var tables: TableConfig?
        public init(plan: PrecisionPlan, tables: TableConfig? = nil) {
            self.plan = plan
            self.tables = tables
        }
    }

    public struct Options: Sendable {
        public var data: String
        public var target: String
        /// Nil: every other column.
        public var features: [String]?
        public var task: Task = .auto
        public var testFraction = 0.2
        /// The model file; the log, scaler and metrics go beside it.
        public var out: String
        public var net = SymbolNetSettings()
        /// Checks the extracted formulas in fixed point and RTL on the test rows (nil: float only).
        public var hardware: Hardware?
        /// Fine-tune after pruning with the forward pass emulating `hardware` (needs `hardware`).
        public var quantizationAware = false
        /// Epochs of that fine-tuning (nil: `QuantizationAwareTraining.defaultEpochs`; only with `quantizationAware`).
        public var quantizationAwareEpochs: Int?
        /// Adam learning rate of that fine-tuning (nil: `QuantizationAwareTraining.defaultLearningRate`).
        public var quantizationAwareLearningRate: Double?
        /// Weight of the float pass's loss in that fine-tuning (nil: `QuantizationAwareTraining.defaultFloatWeight`).
        public var quantizationAwareFloatWeight: Double?

        public init(data: String, target: String, out: String) {
            self.data = data
            self.target = target
            self.out = out
        }

        /// Refuses options that contradict each other, before any file is read.
        public func validate() throws(FlowError) {
            if quantizationAware, hardware == nil {
                throw FlowError("--quantization-aware emulates a fixed-point design, but none is named: give --precision (e.g. ap_fixed<10,4>) and --plan uniform or optimized")
            }
            if quantizationAwareEpochs != nil, !quantizationAware {
                throw FlowError("--qat-epochs sets the quantization-aware fine-tuning, which is off: add --quantization-aware or drop --qat-epochs")
            }
            if let e = quantizationAwareEpochs, e < 1 { throw FlowError("--qat-epochs \(e): give at least 1") }
            if quantizationAwareLearningRate != nil, !quantizationAware {
                throw FlowError("--qat-lr sets the quantization-aware fine-tuning, which is off: add --quantization-aware or drop --qat-lr")
            }
            if let r = quantizationAwareLearningRate, !(r > 0 && r.isFinite) { throw FlowError("--qat-lr \(r): give a positive learning rate, e.g. 0.001") }
            if quantizationAwareFloatWeight != nil, !quantizationAware {
                throw FlowError("--qat-float-weight sets the quantization-aware fine-tuning, which is off: add --quantization-aware or drop --qat-float-weight")
            }
            if let w = quantizationAwareFloatWeight, !(w >= 0 && w.isFinite) { throw FlowError("--qat-float-weight \(w): give a weight ≥ 0, e.g. 1") }
            if !(testFraction >= 0 && testFraction < 1) {
                throw FlowError("--test-fraction \(testFraction): give a fraction in [0, 1), e.g. 0.2")
            }
            if hardware != nil, testFraction == 0 {
                throw FlowError("--precision/--plan check the formulas on the held-out rows, but --test-fraction is 0: give a positive test fraction")
            }
        }
    }

    /// Accuracy (classification) or R² (regression) of one model's formulas in float, fixed point and RTL.
    public struct HardwareScore: Codable, Sendable, Equatable {
        public var float: Double
        public var fixed: Double
        public var rtl: Double
        public var mismatches: Int
        public var complexity: Int
    }

    public struct Result {
        public var model: SymbolNetModel
        public var outcome: TrainingOutcome
        public var isClassification: Bool
        /// Float score of the model on the test rows (nil without test rows).
        public var testScore: Double?
        public var testRows: Int
        public var comparison: ReferenceComparison?
        /// The formulas in hardware (nil without `hardware`).
        public var hardware: HardwareScore?
        /// The same check of the model before quantization-aware fine-tuning.
        public var hardwareBeforeFineTuning: HardwareScore?
        public var files: [String]
    }

    /// Runs the job; `toolchain` is asked for only when a hardware check is requested.
    public static func run(_ o: Options, toolchain: () throws -> VerilatorToolchain, log: (String) -> Void,
                           epoch: ((SymbolNetEpoch) -> Void)? = nil) throws -> Result {
        try o.validate()
        let table = try DataTable.load(contentsOf: URL(fileURLWithPath: o.data), textColumns: [o.target])
        guard table.columnNames.contains(o.target) || table.textColumns[o.target] != nil else {
            throw FlowError("\(o.data): no column '\(o.target)'; columns are \(table.columnNames.joined(separator: ", "))")
        }
        let featureNames = o.features ?? table.columnNames.filter { $0 != o.target }
        let labels = table.textColumns[o.target] ?? []
        let isClass: Bool
        switch o.task {
        case .classification: isClass = true
        case .regression: isClass = false
        case .auto: isClass = labels.contains { Double($0) == nil } || Set(labels).count <= 20
        }
        let dataset: SupervisedDataset
        if isClass {
            dataset = try table.classification(features: featureNames, label: o.target)
            try checkClasses(dataset, file: o.data, testFraction: o.testFraction)
        } else {
            let values = try labels.enumerated().map { i, t throws(FlowError) -> Double in
                guard let v = Double(t), v.isFinite else { throw FlowError("\(o.data):\(table.sourceLines[i]): target '\(t)' is not a finite number") }
                return v
            }
            dataset = SupervisedDataset(featureNames: featureNames, features: try table.matrix(columns: featureNames),
                                        target: .regression(name: o.target, values: values))
        }
        let prepared = try dataset.prepared(testFraction: o.testFraction, seed: o.net.seed, standardize: true)
        if isClass { try checkTrainingClasses(prepared.train, all: dataset, testFraction: o.testFraction) }
        var plan = try o.net.plan(task: isClass ? .classification : .regression)
        if o.quantizationAware, let hw = o.hardware {
            let emulation = try QuantizationEmulationBuilder.emulation(plan: hw.plan, tables: hw.tables, unary: plan.config.unaryOperators)
            plan.quantizationAware = QuantizationAwareTraining(emulation: emulation, epochs: o.quantizationAwareEpochs ?? QuantizationAwareTraining.defaultEpochs,
                                                               learningRate: o.quantizationAwareLearningRate ?? QuantizationAwareTraining.defaultLearningRate,
                                                               floatWeight: o.quantizationAwareFloatWeight ?? QuantizationAwareTraining.defaultFloatWeight)
        }
        if let rc = plan.reference { try rc.checkTrainable(rows: prepared.train.count) }
        let chain = try o.hardware.map { _ in try toolchain() }
        // Created only once the data and the options are known good, so rejected input leaves nothing behind.
        try Files.prepareParent(of: o.out)

        let x = (0..<prepared.train.count).map { Array(prepared.train.features.row($0)) }
        log("training on \(x.count) rows × \(featureNames.count) features (\(prepared.test.count) held out), standardized")
        let outcome: TrainingOutcome
        switch prepared.train.target {
        case .classes(let l, let names):
            outcome = try plan.run(x: x, labels: l, classNames: names, inputNames: featureNames, log: log, progress: epoch)
        case .regression(let name, let v):
            outcome = try plan.run(x: x, y: v.map { [$0] }, inputNames: featureNames, outputNames: [name], log: log, progress: epoch)
        }
        let model = outcome.model
        log(outcome.sparsityLine)
        let complexity = model.complexity(digits: 4)
        log("extracted formulas: complexity \(complexity.reduce(0, +)) (\(complexity.map(String.init).joined(separator: ", ")))")

        var result = Result(model: model, outcome: outcome, isClassification: isClass, testScore: nil, testRows: prepared.test.count,
                            comparison: nil, hardware: nil, hardwareBeforeFineTuning: nil, files: [])
        if prepared.test.count > 0 {
            let xt = (0..<prepared.test.count).map { Array(prepared.test.features.row($0)) }
            switch prepared.test.target {
            case .classes(let l, _):
                result.testScore = Scoring.accuracy(try model.classify(xt), l)
                log(String(format: "test accuracy %.4f on %d rows", result.testScore!, l.count))
                if let ref = outcome.reference {
                    result.comparison = try ReferenceComparison.classification(symbolnet: model, reference: ref, x: xt, labels: l)
                }
            case .regression(_, let v):
                result.testScore = Scoring.r2(try model.predict(xt), v.map { [$0] })
                log(String(format: "test R² %.4f on %d rows", result.testScore!, v.count))
                if let ref = outcome.reference {
                    result.comparison = try ReferenceComparison.regression(symbolnet: model, reference: ref, x: xt, y: v.map { [$0] })
                }
            }
            if let c = result.comparison { log(c.summary) }
            if let hw = o.hardware, let chain {
                let check = HardwareCheck(hardware: hw, toolchain: chain, x: xt, target: prepared.test.target, featureCount: featureNames.count)
                if let before = outcome.beforeFineTuning {
                    result.hardwareBeforeFineTuning = try check.score(before, name: "before_qat")
                    log("before quantization-aware fine-tuning: " + check.line(result.hardwareBeforeFineTuning!, isClass: isClass))
                }
                result.hardware = try check.score(model, name: "trained")
                log((outcome.beforeFineTuning != nil ? "after quantization-aware fine-tuning: " : "") + check.line(result.hardware!, isClass: isClass))
            }
        }

        // Everything is computed; the files are written last, each whole or not at all.
        try Files.write(try model.jsonData(), to: o.out)
        let logPath = sibling(o.out, "log.csv")
        try Files.write(model.trainingLogCSV(), to: logPath)
        result.files = [o.out, logPath]
        if let scaler = prepared.scaler {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            let path = sibling(o.out, "scaler.json")
            do { try Files.write(try enc.encode(scaler), to: path) } catch let e as FlowError { throw e } catch { throw FlowError("cannot encode the scaler: \(error)") }
        }
        if result.comparison != nil || result.hardware != nil {
            let path = sibling(o.out, "metrics.json")
            try Files.write(try Files.json(TrainMetrics(result)), to: path)
            result.files.append(path)
        }
        return result
    }

    static func sibling(_ out: String, _ ext: String) -> String {
        URL(fileURLWithPath: out).deletingPathExtension().appendingPathExtension(ext).path
    }

    /// A classifier needs two classes, each with a row for training and (with a test split) one for the test.
    static func checkClasses(_ d: SupervisedDataset, file: String, testFraction: Double) throws(FlowError) {
        let names = d.classNames ?? [], counts = d.classCounts
        guard names.count >= 2 else {
            throw FlowError("\(file): every row has the class '\(names.first ?? "")'; a classifier needs at least two classes (or give --task regression)")
        }
        let need = testFraction > 0 ? 2 : 1
        if let i = counts.indices.first(where: { counts[$0] < need }) {
            throw FlowError("\(file): class '\(names[i])' has \(counts[i]) row(s); a train/test split needs at least \(need) of every class (one for training\(need == 2 ? ", one for the test" : "")); add rows of it or drop it")
        }
    }

    /// After the random split, every class must still have training rows.
    static func checkTrainingClasses(_ train: SupervisedDataset, all: SupervisedDataset, testFraction: Double) throws(FlowError) {
        let names = all.classNames ?? [], counts = train.classCounts, total = all.classCounts
        if let i = counts.indices.first(where: { counts[$0] == 0 }) {
            throw FlowError("class '\(names[i])' has \(total[i]) row(s), and the split (test fraction \(testFraction)) put all of them in the test part, so the model cannot learn it; add rows of it, lower --test-fraction or drop the class")
        }
    }
}

/// The SymbolNet options of `train`, typed: what the user set, and what is left to the defaults and the
/// validation split.
public struct SymbolNetSettings: Sendable {
    public var layers: [LayerSpec]
    public var unary: [UnaryOperator]
    public var binary: [BinaryOperatorKind]
    /// Targets as given on top of the defaults; keys in `givenSparsity` are kept, input and weight
    /// targets not given are chosen on the validation split.
    public var sparsity: SparsityTargets
    public var givenSparsity: Set<SparsityKey> = []
    public var epochs = SymbolNetDefaults.epochs
    public var batch = 256
    public var learningRate = SymbolNetDefaults.learningRate
    public var schedule = SymbolNetDefaults.schedule
    /// Nil: cross-entropy for classification, MSE for regression.
    public var loss: SymbolNetLoss?
    public var warmup = SymbolNetDefaults.warmupEpochs
    public var seed: UInt64 = 1
    public var earlyStop: Int?
    public var reference = true
    /// Per-operator pruning weights (nil: all equal); `OperatorCosts.measured` holds the synthesized ones.
    public var operatorCosts: [String: Double]?

    public enum SparsityKey: String, Sendable, Hashable { case input, weight, unary, binary }

    public init() {
        let d = SymbolNetDefaults.config(task: .classification)
        layers = d.layers
        unary = d.unaryOperators
        binary = d.binaryOperators
        sparsity = d.sparsity
    }

    /// The configuration for `task`, with the sparsity candidates for the targets not given.
    public func plan(task: SymbolNetConfig.Task) throws(SymbolNetError) -> TrainingPlan {
        var cfg = SymbolNetDefaults.config(task: task, seed: seed)
        cfg.layers = layers
        cfg.unaryOperators = unary
        cfg.binaryOperators = binary
        cfg.sparsity = sparsity
        cfg.epochs = epochs
        cfg.batchSize = batch
        cfg.learningRate = learningRate
        cfg.learningRateSchedule = schedule
        if let loss { cfg.loss = loss }
        cfg.warmupEpochs = warmup
        cfg.earlyStopPatience = earlyStop
        cfg.operatorCosts = operatorCosts
        try cfg.validate()
        var candidates: [SparsityTargets] = []
        let setsInput = givenSparsity.contains(.input), setsWeight = givenSparsity.contains(.weight)
        if !(setsInput && setsWeight) {
            for c in TrainingPlan.defaultCandidates(binary: cfg.sparsity.binary) {
                var t = cfg.sparsity
                if !setsInput { t.input = c.input }
                if !setsWeight { t.weight = c.weight }
                if !candidates.contains(t) { candidates.append(t) }
            }
        }
        return TrainingPlan(config: cfg, sparsityCandidates: candidates, reference: reference ? ReferenceNetworkConfig(seed: seed) : nil)
    }
}

/// Scores a model's extracted formulas in float, in the fixed-point golden model and in RTL (Verilator).
struct HardwareCheck {
    var hardware: TrainJob.Hardware
    var toolchain: VerilatorToolchain
    var x: [[Double]]
    var target: Target
    var featureCount: Int

    func score(_ model: SymbolNetModel, name: String) throws -> TrainJob.HardwareScore {
        let extracted = model.formulas(digits: 4)
        let names = model.formulaNames()
        let set = FormulaSet(zip(names, extracted).map { FormulaSet.Formula(name: $0, expr: $1.expr) })
        var flow = CosimFlow(plan: hardware.plan, toolchain: toolchain)
        flow.tables = hardware.tables
        flow.cosim.captureOutputs = true
        let stimulus = try Stimulus.rows(x, inputCount: featureCount, format: hardware.plan.inputFormat, source: "test rows")
        let outcome = try flow.run(set, name: name, inputCount: featureCount, stimulus: stimulus, seed: nil, stimulusLabel: "test rows")
        let mismatches = outcome.result.outputs.map(\.mismatches).reduce(0, +)
        let complexity = extracted.map(\.complexity).reduce(0, +)
        let s = ClassifierScoring.scores(outcome, formulas: set, stimulus: stimulus)
        switch target {
        case .classes(let labels, _):
            func accuracy(_ rows: [[Double]]) -> Double {
                let hits = zip(rows, labels).filter { row, l in row.indices.max(by: { row[$0] < row[$1] }) == l }.count
                return Double(hits) / Double(max(labels.count, 1))
            }
            return TrainJob.HardwareScore(float: accuracy(s.float), fixed: accuracy(s.fixed), rtl: accuracy(s.rtl), mismatches: mismatches, complexity: complexity)
        case .regression(_, let values):
            let y = values.map { [$0] }
            return TrainJob.HardwareScore(float: Scoring.r2(s.float, y), fixed: Scoring.r2(s.fixed, y), rtl: Scoring.r2(s.rtl, y),
                                          mismatches: mismatches, complexity: complexity)
        }
    }

    func line(_ s: TrainJob.HardwareScore, isClass: Bool) -> String {
        let what = isClass ? "accuracy" : "R²"
        return String(format: "%@ %@ of the extracted formulas (complexity %d): float %.4f, fixed %.4f, RTL %.4f (%d bit mismatches)",
                      hardware.plan.name, what, s.complexity, s.float, s.fixed, s.rtl, s.mismatches)
    }
}

/// `<model>.metrics.json`: the reference comparison and the hardware check (snake-case keys, as the
/// results schema writes them).
struct TrainMetrics: Codable {
    var symbolnetAccuracy: Double?
    var referenceNnAccuracy: Double?
    var accuracyRelativeToNn: Double?
    var symbolnetR2: Double?
    var referenceNnR2: Double?
    var r2RelativeToNn: Double?
    var testRows: Int
    var sparsity: SparsityTargets
    var sparsityTrials: [SparsityTrial]
    var hardware: TrainJob.HardwareScore?
    var hardwareBeforeQuantizationAwareTraining: TrainJob.HardwareScore?

    init(_ r: TrainJob.Result) {
        if let c = r.comparison {
            if c.task == .classification {
                symbolnetAccuracy = c.symbolnet
                referenceNnAccuracy = c.reference
                accuracyRelativeToNn = c.ratio
            } else {
                symbolnetR2 = c.symbolnet
                referenceNnR2 = c.reference
                r2RelativeToNn = c.ratio
            }
        } else if r.isClassification {
            symbolnetAccuracy = r.testScore
        } else {
            symbolnetR2 = r.testScore
        }
        testRows = r.testRows
        sparsity = r.outcome.sparsity
        sparsityTrials = r.outcome.trials
        hardware = r.hardware
        hardwareBeforeQuantizationAwareTraining = r.hardwareBeforeFineTuning
    }
}
