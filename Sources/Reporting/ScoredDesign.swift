
extension DesignReport {
    /// Adds what the report page draws from a design's raw outputs: ROC curves and the confusion matrix
    /// (with `labels`, one per scored row, and one output per class), and the fixed − float histogram per output.
    public mutating func addCurves(_ scores: OutputScores, classNames: [String], labels: [Int]?) {
        if let labels, labels.count == scores.rtl.count, !labels.isEmpty {
            classification = ClassificationFigures.evaluate(classNames: classNames, floatScores: scores.float, fixedScores: scores.fixed,
                                                           rtlScores: scores.rtl, labels: labels)
        }
        let names = cosim.outputs.map(\.name)
        errorHistograms = names.indices.map { c in
            ErrorHistogram(output: names[c], errors: zip(scores.fixed, scores.float).map { $0[c] - $1[c] })
        }
    }
}
