/// Accuracy and one-vs-rest ROC/AUC over row-major class scores (`classes` per row): the form the
/// co-simulation's scorer holds them in. The curve and its area are `ROC`'s, the prediction is `argmax`'s.
public enum ClassificationMetrics {
    /// Fraction of rows whose highest score is the true class.
    public static func accuracy(scores: [Double], classes: Int, labels: [Int]) -> Double {
        guard !labels.isEmpty else { return 0 }
        var right = 0
        for (r, label) in labels.enumerated() where argmax(scores, row: r, classes: classes) == label { right += 1 }
        return Double(right) / Double(labels.count)
    }

    /// Index of the largest score in one row (the first on ties).
    public static func argmax(_ scores: [Double], row r: Int, classes: Int) -> Int {
        Results.argmax(scores[(r * classes)..<((r + 1) * classes)])
    }

    /// Area under the ROC curve of `score` for separating `positive` rows from the rest (ties count one
    /// half); NaN when either side is empty.
    public static func auc(score: [Double], positive: [Bool]) -> Double {
        let p = positive.filter { $0 }.count
        guard p > 0, p < positive.count else { return .nan }
        return ROC(scores: score, positive: positive).auc
    }

    /// One-vs-rest AUC per class.
    public static func aucs(scores: [Double], classes: Int, labels: [Int]) -> [Double] {
        (0..<classes).map { k in
            auc(score: labels.indices.map { scores[$0 * classes + k] }, positive: labels.map { $0 == k })
        }
    }

    /// ROC curve points (false-positive rate, true-positive rate), at most `points` of them; empty when
    /// either side is empty.
    public static func roc(score: [Double], positive: [Bool], points: Int = 200) -> [(fpr: Double, tpr: Double)] {
        let p = positive.filter { $0 }.count
        guard p > 0, p < positive.count else { return [] }
        return ROC(scores: score, positive: positive).thinned(points).map { (fpr: $0[0], tpr: $0[1]) }
    }
}

/// The index of the largest value, the first on ties: the predicted class of a row of class scores.
public func argmax<C: Collection>(_ row: C) -> Int where C.Element == Double {
    var best = 0
    var bestValue: Double? = nil
    for (offset, v) in row.enumerated() {
        if let b = bestValue {
            if v > b { best = offset; bestValue = v }
        } else {
            bestValue = v
        }
    }
    return best
}
