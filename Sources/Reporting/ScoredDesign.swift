extension DesignReport {
    /// Adds what the report page draws from a design's raw outputs (one row per scored vector, one column
    /// per output, from the float model, the bit-exact fixed-point model and the RTL): ROC curves and the
    /// confusion matrix (with `labels`, one per row, and one output per class), and the fixed − float
    /// histogram per output.
    public mutating func addCurves(float: [[Double]], fixed: [[Double]], rtl: [[Double]], classNames: [String], labels: [Int]?) {
        if let labels, labels.count == rtl.count, !labels.isEmpty {
            classification = ClassificationFigures.evaluate(classNames: classNames, floatScores: float, rtlScores: rtl, labels: labels)
        }
        let names = cosim.outputs.map(\.name)
        errorHistograms = names.indices.map { c in
            ErrorHistogram(output: names[c], errors: zip(fixed, float).map { $0[c] - $1[c] })
        }
    }
}
