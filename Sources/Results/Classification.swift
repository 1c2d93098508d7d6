/// Classifier quality on labelled vectors: the float model, the bit-exact fixed-point model and the RTL,
/// with one-vs-rest AUC and ROC curves per class. The schema's one classification record; every figure in
/// it comes from `evaluate`, so accuracy, AUC and ROC have one implementation (`ROC`).
public struct ClassificationFigures: Codable, Sendable, Equatable {
    public var samples: Int
    public var accuracyFloat: Double
    /// The Swift fixed-point model's accuracy; nil when it was not scored (a report/1 file held none).
    public var accuracyFixed: Double?
    public var accuracyRtl: Double
    public var classes: [ClassFigures]
    /// RTL predictions against true labels: row = true class, column = predicted class.
    public var confusionRtl: [[Int]]?
    /// Test accuracy of the dense reference network trained on the same rows, when one was trained.
    public var referenceNnAccuracy: Double?
    /// `accuracyFloat` divided by `referenceNnAccuracy`.
    public var accuracyRelativeToNn: Double?

    public init(samples: Int, accuracyFloat: Double, accuracyFixed: Double? = nil, accuracyRtl: Double, classes: [ClassFigures],
                confusionRtl: [[Int]]? = nil) {
        self.samples = samples
        self.accuracyFloat = accuracyFloat
        self.accuracyFixed = accuracyFixed
        self.accuracyRtl = accuracyRtl
        self.classes = classes
        self.confusionRtl = confusionRtl
    }

    /// Scores the models one-vs-rest: `floatScores`, `fixedScores` and `rtlScores` hold one row of class
    /// scores per sample.
    ///
    /// With several outputs the predicted class is the argmax; with one output it is a binary classifier
    /// whose positive class is label 1 and whose decision is `score > threshold`.
    public static func evaluate(classNames: [String], floatScores: [[Double]], fixedScores: [[Double]]? = nil, rtlScores: [[Double]],
                                labels: [Int], threshold: Double = 0.5, rocPoints: Int = 200) -> ClassificationFigures {
        precondition(floatScores.count == labels.count && rtlScores.count == labels.count, "one score row per label")
        precondition(fixedScores.map { $0.count == labels.count } ?? true, "one score row per label")
        let k = floatScores.first?.count ?? 0
        func predict(_ row: [Double]) -> Int { k == 1 ? (row[0] > threshold ? 1 : 0) : argmax(row) }
        func accuracy(_ scores: [[Double]]) -> Double {
            guard !labels.isEmpty else { return 0 }
            var right = 0
            for (row, label) in zip(scores, labels) where predict(row) == label { right += 1 }
            return Double(right) / Double(labels.count)
        }
        let n = max(k == 1 ? 2 : k, (labels.max() ?? -1) + 1)
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: n), count: n)
        for (row, label) in zip(rtlScores, labels) where label >= 0 { confusion[label][predict(row)] += 1 }
        var classes: [ClassFigures] = []
        let scored = k == 1 ? [(1, 0)] : (0..<k).map { ($0, $0) }
        for (cls, column) in scored {
            let positive = labels.map { $0 == cls }
            let rf = ROC(scores: floatScores.map { $0[column] }, positive: positive)
            let rr = ROC(scores: rtlScores.map { $0[column] }, positive: positive)
            let fixed = fixedScores.map { ROC(scores: $0.map { $0[column] }, positive: positive).auc }
            let name = cls < classNames.count ? classNames[cls] : "class \(cls)"
            classes.append(ClassFigures(name: name, aucFloat: rf.auc, aucFixed: fixed, aucRtl: rr.auc,
                                        rocFloat: rf.thinned(rocPoints), rocRtl: rr.thinned(rocPoints)))
        }
        return ClassificationFigures(samples: labels.count, accuracyFloat: accuracy(floatScores), accuracyFixed: fixedScores.map(accuracy),
                                     accuracyRtl: accuracy(rtlScores), classes: classes, confusionRtl: confusion)
    }

    /// Adds the reference network's accuracy and the ratio to it (a non-positive reference adds nothing).
    public mutating func compare(withReference accuracy: Double) {
        guard accuracy > 0 else { return }
        referenceNnAccuracy = accuracy
        accuracyRelativeToNn = accuracyFloat / accuracy
    }
}

/// One class, one-vs-rest.
public struct ClassFigures: Codable, Sendable, Equatable {
    public var name: String
    public var aucFloat: Double
    /// The fixed-point model's AUC; nil when it was not scored.
    public var aucFixed: Double?
    public var aucRtl: Double
    /// ROC curves as [false positive rate, true positive rate] pairs, from (0,0) to (1,1); empty in a file
    /// migrated from results/1, which kept no curves.
    public var rocFloat: [[Double]]
    public var rocRtl: [[Double]]

    public init(name: String, aucFloat: Double, aucFixed: Double? = nil, aucRtl: Double, rocFloat: [[Double]], rocRtl: [[Double]]) {
        self.name = name
        self.aucFloat = aucFloat
        self.aucFixed = aucFixed
        self.aucRtl = aucRtl
        self.rocFloat = rocFloat
        self.rocRtl = rocRtl
    }
}

/// A receiver operating characteristic curve.
public struct ROC: Sendable {
    /// (fpr, tpr) pairs from (0,0) to (1,1), one per distinct score.
    public var points: [(fpr: Double, tpr: Double)]

    /// Sweeps the threshold from the highest score down; tied scores move as one step, which is what makes
    /// the area equal the probability that a positive outscores a negative (ties counting one half).
    public init(scores: [Double], positive: [Bool]) {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let p = Double(positive.filter { $0 }.count), n = Double(positive.count) - p
        var tp = 0.0, fp = 0.0
        var pts: [(Double, Double)] = [(0, 0)]
        var i = 0
        while i < order.count {
            let s = scores[order[i]]
            while i < order.count && scores[order[i]] == s {
                if positive[order[i]] { tp += 1 } else { fp += 1 }
                i += 1
            }
            pts.append((n > 0 ? fp / n : 0, p > 0 ? tp / p : 0))
        }
        if pts.last! != (1, 1) && p > 0 && n > 0 { pts.append((1, 1)) }
        points = pts.map { (fpr: $0.0, tpr: $0.1) }
    }

    /// Area under the curve by the trapezoid rule.
    public var auc: Double {
        var a = 0.0
        for i in 1..<max(points.count, 1) {
            a += (points[i].fpr - points[i - 1].fpr) * (points[i].tpr + points[i - 1].tpr) / 2
        }
        return a
    }

    /// At most `limit` points, keeping both ends, for plotting and compact JSON.
    public func thinned(_ limit: Int) -> [[Double]] {
        let all = points.map { [$0.fpr, $0.tpr] }
        guard all.count > limit, limit >= 2 else { return all }
        let step = Double(all.count - 1) / Double(limit - 1)
        return (0..<limit).map { all[Int((Double($0) * step).rounded())] }
    }
}

/// A histogram of fixed − float differences for one output.
public struct ErrorHistogram: Codable, Sendable, Equatable {
    public var output: String
    /// `counts.count + 1` bin edges, ascending.
    public var binEdges: [Double]
    public var counts: [Int]

    public init(output: String, binEdges: [Double], counts: [Int]) {
        self.output = output
        self.binEdges = binEdges
        self.counts = counts
    }

    /// Bins `errors` into `bins` equal bins spanning their range (symmetric about zero, so the eye sees bias).
    public init(output: String, errors: [Double], bins: Int = 40) {
        let finite = errors.filter(\.isFinite)
        let span = max(finite.map(abs).max() ?? 0, 1e-12)
        let width = 2 * span / Double(bins)
        var counts = [Int](repeating: 0, count: bins)
        for e in finite {
            counts[min(bins - 1, max(0, Int(((e + span) / width).rounded(.down))))] += 1
        }
        self.init(output: output, binEdges: (0...bins).map { -span + Double($0) * width }, counts: counts)
    }
}
