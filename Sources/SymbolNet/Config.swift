/// Sparsity targets s* of the four pruning groups; each must lie strictly between 0 and 1.
public struct SparsityTargets: Codable, Equatable, Sendable {
    public var input: Double
    public var weight: Double
    public var unary: Double
    /// Nil turns the binary-operator term off (for networks without binary nodes).
    public var binary: Double?

    public init(input: Double = 0.75, weight: Double = 0.9, unary: Double = 0.4, binary: Double? = 0.4) {
        self.input = input
        self.weight = weight
        self.unary = unary
        self.binary = binary
    }

    /// Parses `"input=0.75,weight=0.9,unary=0.4,binary=0.4"`; missing keys keep their defaults,
    /// `binary=none` drops the binary term.
    public static func parse(_ text: String, defaults: SparsityTargets = SparsityTargets()) throws(SymbolNetError) -> SparsityTargets {
        var out = defaults
        // Empty entries ("5,,3") are refused rather than skipped: the layer count must be what was written.
        for (i, part) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            guard !part.trimmingCharacters().isEmpty else {
                throw .malformedOption(text: text, reason: "layer \(i + 1) is empty; give one UNARY:BINARY or N per layer, e.g. 20,5")
            }
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters() }
            guard kv.count == 2 else { throw .malformedOption(text: String(part), reason: "expected key=value") }
            let key = kv[0].lowercased()
            if key == "binary", kv[1].lowercased() == "none" { out.binary = nil; continue }
            guard let v = Double(kv[1]) else {
                throw .malformedOption(text: String(part), reason: "'\(kv[1])' is not a number")
            }
            switch key {
            case "input", "in": out.input = v
            case "weight", "weights", "w": out.weight = v
            case "unary", "u": out.unary = v
            case "binary", "bin", "b": out.binary = v
            default:
                throw .malformedOption(text: String(part), reason: "unknown key '\(kv[0])' (use input, weight, unary, binary)")
            }
        }
        try out.validate()
        return out
    }

    func validate() throws(SymbolNetError) {
        for (name, v) in [("input", input), ("weight", weight), ("unary", unary), ("binary", binary ?? 0.5)] {
            guard v > 0, v < 1 else { throw .sparsityOutOfRange(name: name, value: v) }
        }
    }
}

/// Node counts of one hidden symbolic layer: `unary` nodes and `binary` nodes (each binary node reads
/// two linear outputs, so the linear part has `unary + 2·binary` outputs).
public struct LayerSpec: Codable, Equatable, Sendable {
    public var unary: Int
    public var binary: Int
    public init(unary: Int, binary: Int) {
        self.unary = unary
        self.binary = binary
    }

    /// Parses `"20:5,10:2"` (unary:binary per layer). A bare `N` means N nodes, a quarter of them
    /// (rounded down) binary.
    public static func parseList(_ text: String) throws(SymbolNetError) -> [LayerSpec] {
        var out: [LayerSpec] = []
        // Empty entries ("5,,3") are refused rather than skipped: the layer count must be what was written.
        for (i, part) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            guard !part.trimmingCharacters().isEmpty else {
                throw .malformedOption(text: text, reason: "layer \(i + 1) is empty; give one UNARY:BINARY or N per layer, e.g. 20,5")
            }
            let fields = part.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters() }
            let nums = fields.compactMap { Int($0) }
            guard nums.count == fields.count, (1...2).contains(nums.count), nums.allSatisfy({ $0 >= 0 }) else {
                throw .malformedOption(text: String(part), reason: "expected UNARY:BINARY or N (non-negative integers)")
            }
            if nums.count == 2 {
                out.append(LayerSpec(unary: nums[0], binary: nums[1]))
            } else {
                out.append(LayerSpec(unary: nums[0] - nums[0] / 4, binary: nums[0] / 4))
            }
        }
        guard !out.isEmpty else { throw .malformedOption(text: text, reason: "no layers given") }
        return out
    }
}

/// The data term of the SymbolNet loss.
public enum SymbolNetLoss: String, Codable, Sendable, CaseIterable {
    /// Squared error summed over the outputs (one-hot targets for classification), as in the reference.
    case mse
    /// Softmax cross-entropy over the outputs (classification only); the outputs stay class scores
    /// whose argmax is the prediction, so the extracted formulas are used the same way.
    case crossEntropy = "cross-entropy"
}

/// How the learning rate changes over the epochs.
public enum LearningRateSchedule: String, Codable, Sendable, CaseIterable {
    case constant
    /// Half a cosine from the set rate down to `cosineFloor` times it at the last epoch.
    case cosine

    /// Fraction of the initial rate the cosine schedule ends at.
    public static let cosineFloor = 0.05
}

/// Everything that defines a SymbolNet training run.
public struct SymbolNetConfig: Codable, Equatable, Sendable {
    /// Regression fits every target column; classification fits one-hot targets, one formula per class.
    public enum Task: String, Codable, Sendable {
        case regression, classification
    }

    public var task: Task
    /// Hidden symbolic layers; the masked linear output layer is added on top.
    public var layers: [LayerSpec]
    /// Unary library, assigned round-robin to the unary nodes of each layer.
    public var unaryOperators: [UnaryOperator]
    /// Binary library, assigned round-robin to the binary nodes of each layer.
    public var binaryOperators: [BinaryOperatorKind]
    public var sparsity: SparsityTargets
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Double
    public var seed: UInt64
    /// Standard deviation of the normal initialiser for weights and biases (Keras' `random_normal`).
    public var initStd: Double
    /// Stop when the total loss has not improved by `earlyStopMinDelta` for this many epochs; nil never stops early.
    public var earlyStopPatience: Int?
    public var earlyStopMinDelta: Double
    /// Worker threads for one training step (at most 2 are used).
    public var threads: Int
    /// The data term L of the loss (the pruning terms are L times a threshold function).
    public var loss: SymbolNetLoss
    /// Epochs trained without the pruning terms before they switch on, so that the network first
    /// learns which inputs and nodes matter.
    public var warmupEpochs: Int
    public var learningRateSchedule: LearningRateSchedule
    /// Relative hardware cost per operator (unary and binary names, e.g. `sin`, `mul`); the pruning
    /// pressure on an operator node is proportional to its operator's cost, so that at equal accuracy
    /// the cheaper operators survive. Nil (or a missing name) weighs every operator the same.
    public var operatorCosts: [String: Double]?

    public init(task: Task = .regression,
                layers: [LayerSpec] = [LayerSpec(unary: 4, binary: 2)],
                unaryOperators: [UnaryOperator] = [.identity, .sin, .cos, .exp, .sinh, .cosh, .tanh, .gauss, .square, .cube, .log],
                binaryOperators: [BinaryOperatorKind] = [.add, .mul, .pow, .div],
                sparsity: SparsityTargets = SparsityTargets(),
                epochs: Int = 100, batchSize: Int = 256, learningRate: Double = 0.005, seed: UInt64 = 1,
                initStd: Double = 0.05, earlyStopPatience: Int? = nil, earlyStopMinDelta: Double = 0,
                threads: Int = 2, loss: SymbolNetLoss = .mse, warmupEpochs: Int = 0,
                learningRateSchedule: LearningRateSchedule = .constant, operatorCosts: [String: Double]? = nil) {
        self.operatorCosts = operatorCosts
        self.task = task
        self.layers = layers
        self.unaryOperators = unaryOperators
        self.binaryOperators = binaryOperators
        self.sparsity = sparsity
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.seed = seed
        self.initStd = initStd
        self.earlyStopPatience = earlyStopPatience
        self.earlyStopMinDelta = earlyStopMinDelta
        self.threads = threads
        self.loss = loss
        self.warmupEpochs = warmupEpochs
        self.learningRateSchedule = learningRateSchedule
    }

    enum CodingKeys: String, CodingKey {
        case task, layers, unaryOperators, binaryOperators, sparsity, epochs, batchSize, learningRate, seed, initStd
        case earlyStopPatience, earlyStopMinDelta, threads, loss, warmupEpochs, learningRateSchedule, operatorCosts
    }

    /// Reads model files written before `loss`, `warmupEpochs` and `learningRateSchedule` existed with
    /// the behaviour they were trained with (MSE, no warm-up, constant rate).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        task = try c.decode(Task.self, forKey: .task)
        layers = try c.decode([LayerSpec].self, forKey: .layers)
        unaryOperators = try c.decode([UnaryOperator].self, forKey: .unaryOperators)
        binaryOperators = try c.decode([BinaryOperatorKind].self, forKey: .binaryOperators)
        sparsity = try c.decode(SparsityTargets.self, forKey: .sparsity)
        epochs = try c.decode(Int.self, forKey: .epochs)
        batchSize = try c.decode(Int.self, forKey: .batchSize)
        learningRate = try c.decode(Double.self, forKey: .learningRate)
        seed = try c.decode(UInt64.self, forKey: .seed)
        initStd = try c.decode(Double.self, forKey: .initStd)
        earlyStopPatience = try c.decodeIfPresent(Int.self, forKey: .earlyStopPatience)
        earlyStopMinDelta = try c.decode(Double.self, forKey: .earlyStopMinDelta)
        threads = try c.decode(Int.self, forKey: .threads)
        loss = try c.decodeIfPresent(SymbolNetLoss.self, forKey: .loss) ?? .mse
        warmupEpochs = try c.decodeIfPresent(Int.self, forKey: .warmupEpochs) ?? 0
        learningRateSchedule = try c.decodeIfPresent(LearningRateSchedule.self, forKey: .learningRateSchedule) ?? .constant
        operatorCosts = try c.decodeIfPresent([String: Double].self, forKey: .operatorCosts)
    }

    /// Learning rate of `epoch` (1-based) under the schedule.
    public func learningRate(epoch: Int) -> Double {
        switch learningRateSchedule {
        case .constant: return learningRate
        case .cosine:
            let f = LearningRateSchedule.cosineFloor
            let progress = Double(Swift.max(0, epoch - 1)) / Double(Swift.max(1, epochs - 1))
            return learningRate * (f + (1 - f) * 0.5 * (1 + Double.mCos(Double.pi * progress)))
        }
    }

    /// Checks everything that does not depend on the data.
    public func validate() throws(SymbolNetError) {
        try sparsity.validate()
        guard !layers.isEmpty else { throw .badHyperparameter("at least one hidden layer is needed") }
        for (i, l) in layers.enumerated() {
            guard l.unary + l.binary > 0 else { throw .emptyLayer(index: i) }
            guard l.unary >= 0, l.binary >= 0 else { throw .badHyperparameter("layer \(i) has a negative node count") }
        }
        if layers.contains(where: { $0.unary > 0 }), unaryOperators.isEmpty { throw .noUnaryOperators }
        let binaryNodes = layers.reduce(0) { $0 + $1.binary }
        if binaryNodes > 0, binaryOperators.isEmpty {
            throw .badHyperparameter("layers have binary nodes but the binary operator list is empty")
        }
        if sparsity.binary != nil, binaryNodes == 0 { throw .noBinaryNodes }
        guard layers.contains(where: { $0.unary > 0 }) else {
            throw .badHyperparameter("no layer has unary nodes; the unary sparsity term needs at least one")
        }
        guard epochs >= 0 else { throw .badHyperparameter("epochs must be >= 0") }
        guard batchSize >= 1 else { throw .badHyperparameter("batch size must be >= 1") }
        guard learningRate > 0, learningRate.isFinite else { throw .badHyperparameter("learning rate must be > 0") }
        guard initStd > 0 else { throw .badHyperparameter("initStd must be > 0") }
        guard warmupEpochs >= 0 else { throw .badHyperparameter("warm-up epochs must be >= 0") }
        for (name, cost) in operatorCosts ?? [:] where !(cost > 0 && cost.isFinite) {
            throw .badHyperparameter("operator cost of '\(name)' is \(cost); costs must be positive numbers")
        }
        if loss == .crossEntropy, task != .classification {
            throw .badHyperparameter("cross-entropy loss needs a classification task; use loss=mse for regression")
        }
    }
}

extension SymbolNetConfig {
    /// Keys accepted by `set(_:_:)`, for help texts.
    public static let optionKeys = ["task", "layers", "unary", "binary", "sparsity", "epochs", "batch", "lr",
                                    "seed", "threads", "init-std", "patience", "min-delta", "loss", "warmup", "lr-schedule"]

    /// Sets one option from its text form, as a command line gives it: `layers=20:5,10:2`,
    /// `unary=sin,tanh`, `binary=*`, `sparsity=input=0.75,weight=0.9`, `task=classification`, …
    public mutating func set(_ key: String, _ value: String) throws(SymbolNetError) {
        let v = value.trimmingCharacters()
        func int(_ min: Int) throws(SymbolNetError) -> Int {
            guard let n = Int(v), n >= min else { throw .malformedOption(text: "\(key)=\(value)", reason: "expected an integer >= \(min)") }
            return n
        }
        func double() throws(SymbolNetError) -> Double {
            guard let d = Double(v), d.isFinite else { throw .malformedOption(text: "\(key)=\(value)", reason: "expected a number") }
            return d
        }
        switch key.lowercased() {
        case "task":
            guard let t = Task(rawValue: v.lowercased()) else {
                throw .malformedOption(text: "\(key)=\(value)", reason: "task is regression or classification")
            }
            task = t
        case "layers", "nodes": layers = try LayerSpec.parseList(v)
        case "unary": unaryOperators = try UnaryOperator.parseList(v)
        case "binary": binaryOperators = try BinaryOperatorKind.parseList(v)
        case "sparsity": sparsity = try SparsityTargets.parse(v, defaults: sparsity)
        case "epochs": epochs = try int(0)
        case "batch", "batch-size": batchSize = try int(1)
        case "lr", "learning-rate": learningRate = try double()
        case "seed":
            guard let s = UInt64(v) else { throw .malformedOption(text: "\(key)=\(value)", reason: "expected a non-negative integer") }
            seed = s
        case "threads": threads = try int(1)
        case "init-std": initStd = try double()
        case "patience": earlyStopPatience = v.lowercased() == "none" ? nil : try int(1)
        case "min-delta": earlyStopMinDelta = try double()
        case "loss":
            switch v.lowercased() {
            case "mse": loss = .mse
            case "cross-entropy", "crossentropy", "ce": loss = .crossEntropy
            default: throw .malformedOption(text: "\(key)=\(value)", reason: "loss is mse or cross-entropy")
            }
        case "warmup", "warm-up": warmupEpochs = try int(0)
        case "lr-schedule", "schedule":
            guard let s = LearningRateSchedule(rawValue: v.lowercased()) else {
                throw .malformedOption(text: "\(key)=\(value)", reason: "schedule is constant or cosine")
            }
            learningRateSchedule = s
        default:
            throw .malformedOption(text: key, reason: "unknown option; known: \(Self.optionKeys.joined(separator: ", "))")
        }
    }
}
