/// Accuracy and one-vs-rest ROC/AUC for class scores: how a trigger physicist judges a classifier.
public enum ClassificationMetrics {
    /// Fraction of rows whose highest score is the true class. `scores` is row-major, `classes` per row.
    public static func accuracy(scores: [Double], classes: Int, labels: [Int]) -> Double {
        guard !labels.isEmpty else { return 0 }
        var right = 0
        for (r, label) in labels.enumerated() where argmax(scores, row: r, classes: classes) == label { right += 1 }
        return Double(right) / Double(labels.count)
    }

    /// Index of the largest score in one row (the first on ties).
    @inlinable
    public static func argmax(_ scores: [Double], row r: Int, classes: Int) -> Int {
        var best = 0
        for k in 1..<classes where scores[r * classes + k] > scores[r * classes + best] { best = k }
        return best
    }

    /// Area under the ROC curve of `score` for separating `positive` rows from the rest (ties count one half).
    public static func auc(score: [Double], positive: [Bool]) -> Double {
        let order = score.indices.sorted { score[$0] < score[$1] }
        var rankSum = 0.0
        var i = 0
        // Average ranks over ties (Mann–Whitney U).
        while i < order.count {
            var j = i
            while j + 1 < order.count && score[order[j + 1]] == score[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j where positive[order[k]] { rankSum += rank }
            i = j + 1
        }
        let p = Double(positive.filter { $0 }.count)
        let n = Double(positive.count) - p
        guard p > 0, n > 0 else { return .nan }
        return (rankSum - p * (p + 1) / 2) / (p * n)
    }

    /// One-vs-rest AUC per class.
    public static func aucs(scores: [Double], classes: Int, labels: [Int]) -> [Double] {
        (0..<classes).map { k in
            auc(score: labels.indices.map { scores[$0 * classes + k] }, positive: labels.map { $0 == k })
        }
    }

    /// ROC curve points (false-positive rate, true-positive rate), thinned to at most `points` points.
    public static func roc(score: [Double], positive: [Bool], points: Int = 200) -> [(fpr: Double, tpr: Double)] {
        let order = score.indices.sorted { score[$0] > score[$1] }
        let p = Double(positive.filter { $0 }.count), n = Double(positive.count) - p
        guard p > 0, n > 0 else { return [] }
        var tp = 0.0, fp = 0.0
        var out: [(Double, Double)] = [(0, 0)]
        let step = max(1, order.count / points)
        for (i, r) in order.enumerated() {
            if positive[r] { tp += 1 } else { fp += 1 }
            if i % step == 0 || i == order.count - 1 { out.append((fp / n, tp / p)) }
        }
        return out
    }
}
