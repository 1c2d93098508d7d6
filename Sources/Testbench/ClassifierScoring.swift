import Datapath
import FixedPoint
import SymbolicExpression

/// Scores a co-simulated classifier (one output per class) on labelled vectors: float, fixed and RTL.
public enum ClassifierScoring {
    /// `outcome` must come from a flow whose cosim captured the RTL outputs; the stimulus rows after the
    /// edge cases are the labelled vectors, in `labels` order.
    public static func score(_ outcome: CosimFlow.Outcome, formulas: FormulaSet, stimulus: Stimulus, labels: [Int], classes: [String]) -> ClassificationResult {
        let d = outcome.datapath
        let k = d.outputs.count
        let first = stimulus.edgeCaseCount
        let n = labels.count
        precondition(stimulus.count == first + n && k == classes.count, "one labelled vector per row and one output per class")
        var float = [Double](repeating: 0, count: n * k)
        for (c, f) in formulas.formulas.enumerated() {
            let values = CompiledExpression(f.expr).evaluate(rows: stimulus.count, columns: stimulus.inputCount, data: stimulus.values)
            for r in 0..<n { float[r * k + c] = values[first + r] }
        }
        let formats = d.outputs.map { d.outputFormat($0) }
        func real(_ raw: [Int128]) -> [Double] {
            (0..<(n * k)).map { i in formats[i % k].double(fromRaw: raw[first * k + i]) }
        }
        let fixed = real(outcome.goldenOutputs)
        let rtl = real(outcome.rtlOutputs)
        return ClassificationResult(
            classes: classes, vectors: n,
            accuracyFloat: ClassificationMetrics.accuracy(scores: float, classes: k, labels: labels),
            accuracyFixed: ClassificationMetrics.accuracy(scores: fixed, classes: k, labels: labels),
            accuracyRtl: ClassificationMetrics.accuracy(scores: rtl, classes: k, labels: labels),
            aucFloat: ClassificationMetrics.aucs(scores: float, classes: k, labels: labels),
            aucFixed: ClassificationMetrics.aucs(scores: fixed, classes: k, labels: labels),
            aucRtl: ClassificationMetrics.aucs(scores: rtl, classes: k, labels: labels))
    }
}
