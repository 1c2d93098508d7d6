/// Scores of a SymbolNet and its reference network on the same test rows.
public struct ReferenceComparison: Codable, Equatable, Sendable {
    public var task: SymbolNetConfig.Task
    /// Accuracy (classification) or R² averaged over the targets (regression) of the SymbolNet.
    public var symbolnet: Double
    /// The same score of the reference network.
    public var reference: Double
    public var testRows: Int

    /// SymbolNet score divided by the reference's (nil when the reference scores 0 or less).
    public var ratio: Double? { reference > 0 ? symbolnet / reference : nil }

    public var scoreName: String { task == .classification ? "accuracy" : "R²" }

    /// "SymbolNet accuracy 0.6480, reference network 0.6700 (0.967 of it)".
    public var summary: String {
        let r = ratio.map { " (\(format($0, 3)) of it)" } ?? ""
        return "SymbolNet \(scoreName) \(format(symbolnet, 4)), reference network \(format(reference, 4))\(r) on \(testRows) test rows"
    }

    /// Compares two classifiers on labelled rows.
    public static func classification(symbolnet: SymbolNetModel, reference: ReferenceNetwork, x: [[Double]],
                                      labels: [Int]) throws(SymbolNetError) -> ReferenceComparison {
        ReferenceComparison(task: .classification, symbolnet: Scoring.accuracy(try symbolnet.classify(x), labels),
                            reference: Scoring.accuracy(try reference.classify(x), labels), testRows: labels.count)
    }

    /// Compares two regressors on rows with targets.
    public static func regression(symbolnet: SymbolNetModel, reference: ReferenceNetwork, x: [[Double]],
                                  y: [[Double]]) throws(SymbolNetError) -> ReferenceComparison {
        ReferenceComparison(task: .regression, symbolnet: Scoring.r2(try symbolnet.predict(x), y),
                            reference: Scoring.r2(try reference.predict(x), y), testRows: y.count)
    }
}

/// Test scores shared by the SymbolNet and the reference network.
public enum Scoring {
    /// Fraction of rows whose predicted class equals the label (0 for no rows).
    public static func accuracy(_ predicted: [Int], _ labels: [Int]) -> Double {
        guard !labels.isEmpty else { return 0 }
        return Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(labels.count)
    }

    /// Coefficient of determination 1 − SS_res/SS_tot per target column, averaged over the columns.
    /// A constant column scores 1 when predicted exactly and 0 otherwise.
    public static func r2(_ predicted: [[Double]], _ targets: [[Double]]) -> Double {
        guard let width = targets.first?.count, width > 0 else { return 0 }
        var total = 0.0
        for k in 0..<width {
            let mean = targets.reduce(0) { $0 + $1[k] } / Double(targets.count)
            var ssRes = 0.0, ssTot = 0.0
            for (p, t) in zip(predicted, targets) {
                ssRes += (p[k] - t[k]) * (p[k] - t[k])
                ssTot += (t[k] - mean) * (t[k] - mean)
            }
            total += ssTot > 0 ? 1 - ssRes / ssTot : (ssRes == 0 ? 1 : 0)
        }
        return total / Double(width)
    }
}

/// Fixed-point text without Foundation's `String(format:)`.
func format(_ v: Double, _ digits: Int) -> String {
    guard v.isFinite else { return "\(v)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let n = (Swift.abs(v) * scale).rounded()
    let intPart = Int(n / scale)
    var frac = String(Int(n.truncatingRemainder(dividingBy: scale)))
    while frac.count < digits { frac = "0" + frac }
    return (v < 0 && n != 0 ? "-" : "") + "\(intPart)" + (digits > 0 ? "." + frac : "")
}
