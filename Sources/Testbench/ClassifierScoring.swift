import Datapath
import FixedPoint
import SymbolicExpression

/// A co-simulated design's outputs read three ways (float, fixed, RTL), from which
/// `ClassificationFigures.evaluate` scores a classifier and the report draws its curves.
public enum ClassifierScoring {
    /// The three views of the outputs (the type lives in Results, so Reporting can read it).
    public typealias Scores = OutputScores

    /// Every output of `outcome` on the stimulus rows after the edge cases; `outcome` must come from a flow
    /// whose cosim captured the RTL outputs. The curves, the confusion matrix and the error histogram of
    /// the report page are drawn from these.
    public static func scores(_ outcome: CosimFlow.Outcome, formulas: FormulaSet, stimulus: Stimulus) -> Scores {
        let d = outcome.datapath
        let k = d.outputs.count
        let first = stimulus.edgeCaseCount
        let n = stimulus.count - first
        precondition(outcome.rtlOutputs.count == stimulus.count * k, "the flow's cosim must capture the RTL outputs")
        var float = [[Double]](repeating: [Double](repeating: 0, count: k), count: n)
        for (c, f) in formulas.formulas.enumerated() {
            let values = CompiledExpression(f.expr).evaluate(rows: stimulus.count, columns: stimulus.inputCount, data: stimulus.values)
            for r in 0..<n { float[r][c] = values[first + r] }
        }
        let formats = d.outputs.map { d.outputFormat($0) }
        func real(_ raw: [Int128]) -> [[Double]] {
            (0..<n).map { r in (0..<k).map { c in formats[c].double(fromRaw: raw[(first + r) * k + c]) } }
        }
        return Scores(float: float, fixed: real(outcome.goldenOutputs), rtl: real(outcome.rtlOutputs))
    }
}
