import Dispatch

/// A SymbolNet run that makes the choices the user left open and measures itself against a network.
///
/// Sparsity targets the user did not set are chosen on a validation split of the training rows: every
/// candidate is trained on the rest, and the smallest model (fewest formula nodes) whose validation
/// score lies within `selectionTolerance` of the best candidate's wins; the SymbolNet is then trained
/// on all training rows with those targets. The dense reference network is trained on the same rows.
public struct TrainingPlan: Sendable {
    public var config: SymbolNetConfig
    /// Targets to choose from; empty keeps `config.sparsity`.
    public var sparsityCandidates: [SparsityTargets]
    /// How much validation accuracy (or R²) the chosen candidate may give up for a smaller model.
    public var selectionTolerance: Double
    /// Fraction of the training rows that scores the candidates.
    public var validationFraction: Double
    /// Nil skips the reference network.
    public var reference: ReferenceNetworkConfig?
    /// Fine-tuning with the fixed-point forward pass after pruning (nil: none).
    public var quantizationAware: QuantizationAwareTraining?

    public init(config: SymbolNetConfig, sparsityCandidates: [SparsityTargets] = [], selectionTolerance: Double = 0.015,
                validationFraction: Double = 0.2, reference: ReferenceNetworkConfig? = ReferenceNetworkConfig(),
                quantizationAware: QuantizationAwareTraining? = nil) {
        self.quantizationAware = quantizationAware
        self.config = config
        self.sparsityCandidates = sparsityCandidates
        self.selectionTolerance = selectionTolerance
        self.validationFraction = validationFraction
        self.reference = reference
    }

    /// Candidates that vary what the data decides (how many inputs and weights survive) around the
    /// reference's operator targets; `binary` follows `config` (nil without binary nodes).
    public static func defaultCandidates(binary: Double?) -> [SparsityTargets] {
        [0.25, 0.5, 0.75].flatMap { input in
            [0.9, 0.95].map { weight in SparsityTargets(input: input, weight: weight, unary: 0.4, binary: binary) }
        }
    }
}

/// One sparsity candidate scored on the validation split.
public struct SparsityTrial: Codable, Equatable, Sendable {
    public var targets: SparsityTargets
    /// Validation accuracy (classification) or R² (regression).
    public var validationScore: Double
    /// Total node count of the extracted formulas.
    public var complexity: Int
    public var chosen: Bool
    public var seconds: Double
}

/// What a `TrainingPlan` produced.
public struct TrainingOutcome: Sendable {
    public var model: SymbolNetModel
    public var reference: ReferenceNetwork?
    /// Empty when the targets were given.
    public var trials: [SparsityTrial]
    public var sparsity: SparsityTargets
    /// With quantization-aware fine-tuning: the pruned model before it (`model` is after).
    public var beforeFineTuning: SymbolNetModel?

    /// One line naming the chosen targets and how they were chosen.
    public var sparsityLine: String {
        let t = "input=\(sparsity.input),weight=\(sparsity.weight),unary=\(sparsity.unary),binary=\(sparsity.binary.map { "\($0)" } ?? "none")"
        guard let chosen = trials.first(where: \.chosen) else { return "sparsity targets \(t) (as given)" }
        let best = trials.map(\.validationScore).max() ?? chosen.validationScore
        return "sparsity targets \(t) chosen on the validation split: score \(format(chosen.validationScore, 4)) (best \(format(best, 4))), complexity \(chosen.complexity), from \(trials.count) candidates"
    }
}

extension TrainingPlan {
    /// Classification: labels in 0..<classNames.count.
    public func run(x: [[Double]], labels: [Int], classNames: [String], inputNames: [String]? = nil,
                    log: (String) -> Void = { _ in },
                    progress: ((SymbolNetEpoch) -> Void)? = nil) throws(SymbolNetError) -> TrainingOutcome {
        var cfg = config
        cfg.task = .classification
        return try run(x: x, targets: .labels(labels, classNames), config: cfg, inputNames: inputNames, log: log, progress: progress)
    }

    /// Regression on every column of `y`.
    public func run(x: [[Double]], y: [[Double]], inputNames: [String]? = nil, outputNames: [String]? = nil,
                    log: (String) -> Void = { _ in },
                    progress: ((SymbolNetEpoch) -> Void)? = nil) throws(SymbolNetError) -> TrainingOutcome {
        var cfg = config
        cfg.task = .regression
        return try run(x: x, targets: .values(y, outputNames), config: cfg, inputNames: inputNames, log: log, progress: progress)
    }

    enum Targets {
        case labels([Int], [String])
        case values([[Double]], [String]?)

        func selecting(_ rows: [Int]) -> Targets {
            switch self {
            case .labels(let l, let n): return .labels(rows.map { l[$0] }, n)
            case .values(let v, let n): return .values(rows.map { v[$0] }, n)
            }
        }
    }

    static func train(x: [[Double]], targets: Targets, config: SymbolNetConfig, inputNames: [String]?,
                      progress: ((SymbolNetEpoch) -> Void)?) throws(SymbolNetError) -> SymbolNetModel {
        switch targets {
        case .labels(let l, let names):
            return try SymbolNetTrainer.train(x: x, labels: l, classes: names.count, config: config, inputNames: inputNames,
                                              classNames: names, progress: progress)
        case .values(let y, let names):
            return try SymbolNetTrainer.train(x: x, y: y, config: config, inputNames: inputNames, outputNames: names, progress: progress)
        }
    }

    static func score(_ model: SymbolNetModel, x: [[Double]], targets: Targets) throws(SymbolNetError) -> Double {
        switch targets {
        case .labels(let l, _): return Scoring.accuracy(try model.classify(x), l)
        case .values(let y, _): return Scoring.r2(try model.predict(x), y)
        }
    }

    func run(x: [[Double]], targets: Targets, config cfg: SymbolNetConfig, inputNames: [String]?,
             log: (String) -> Void, progress: ((SymbolNetEpoch) -> Void)?) throws(SymbolNetError) -> TrainingOutcome {
        try cfg.validate()
        try quantizationAware?.validate()
        guard !x.isEmpty else { throw .emptyData }
        // A reference network that cannot be trained is refused before minutes of SymbolNet training.
        if let rc = reference { try rc.checkTrainable(rows: x.count) }
        if case .labels(let l, let names) = targets {
            guard l.count == x.count else { throw .shapeMismatch("\(x.count) input rows but \(l.count) labels") }
            guard Set(l).count >= 2 else {
                throw .shapeMismatch("the training rows hold a single class (\(l.first.map { names.indices.contains($0) ? names[$0] : "\($0)" } ?? "none")); classification needs at least two")
            }
        }
        var trials: [SparsityTrial] = []
        var chosen = cfg.sparsity
        if !sparsityCandidates.isEmpty {
            guard validationFraction > 0, validationFraction < 1 else {
                throw .badHyperparameter("validation fraction \(validationFraction) must lie strictly between 0 and 1")
            }
            var rng = SeededGenerator(seed: cfg.seed ^ 0x5A_57_1D)
            var order = Array(0..<x.count)
            order.shuffle(using: &rng)
            let nVal = Int((Double(x.count) * validationFraction).rounded())
            guard nVal >= 1, x.count - nVal >= 2 else {
                throw .shapeMismatch("\(x.count) rows are too few to choose sparsity targets on a validation split; give --sparsity")
            }
            let valRows = Array(order[..<nVal]), fitRows = Array(order[nVal...])
            let xFit = fitRows.map { x[$0] }, xVal = valRows.map { x[$0] }
            let tFit = targets.selecting(fitRows), tVal = targets.selecting(valRows)
            for (i, cand) in sparsityCandidates.enumerated() {
                var c = cfg
                c.sparsity = cand
                let started = monotonicSeconds()
                let m = try Self.train(x: xFit, targets: tFit, config: c, inputNames: inputNames, progress: nil)
                let s = try Self.score(m, x: xVal, targets: tVal)
                let trial = SparsityTrial(targets: cand, validationScore: s, complexity: m.complexity(digits: 4).reduce(0, +),
                                          chosen: false, seconds: monotonicSeconds() - started)
                trials.append(trial)
                log("candidate \(i + 1)/\(sparsityCandidates.count): input=\(cand.input) weight=\(cand.weight) unary=\(cand.unary): validation \(format(s, 4)), complexity \(trial.complexity), \(format(trial.seconds, 1)) s")
            }
            let best = trials.map(\.validationScore).max()!
            let pick = trials.indices.filter { trials[$0].validationScore >= best - selectionTolerance }
                .min { (trials[$0].complexity, -trials[$0].validationScore) < (trials[$1].complexity, -trials[$1].validationScore) }!
            trials[pick].chosen = true
            chosen = trials[pick].targets
        }
        var final = cfg
        final.sparsity = chosen
        var model = try Self.train(x: x, targets: targets, config: final, inputNames: inputNames, progress: progress)
        var beforeFineTuning: SymbolNetModel?
        if let qat = quantizationAware {
            beforeFineTuning = model
            log("quantization-aware fine-tuning: \(qat.epochs) epochs emulating \(qat.emulation.name), structure frozen")
            let y: [[Double]]
            switch targets {
            case .labels(let l, let names): y = SymbolNetTrainer.oneHot(l, classes: names.count)
            case .values(let v, _): y = v
            }
            model = try SymbolNetTrainer.fineTune(model, x: x, y: y, qat: qat, progress: progress)
        }
        var refNet: ReferenceNetwork?
        if let rc = reference {
            switch targets {
            case .labels(let l, let names): refNet = try ReferenceNetworkTrainer.train(x: x, labels: l, classes: names.count, config: rc)
            case .values(let y, _): refNet = try ReferenceNetworkTrainer.train(x: x, y: y, config: rc)
            }
            if let r = refNet {
                log("reference network \(r.widths.map(String.init).joined(separator: "-")): \(r.history.count) epochs (best \(r.bestEpoch)), \(format(r.trainingSeconds, 1)) s")
            }
        }
        return TrainingOutcome(model: model, reference: refNet, trials: trials, sparsity: chosen, beforeFineTuning: beforeFineTuning)
    }
}

/// Seconds on a monotonic clock.
func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}
