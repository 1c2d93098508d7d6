/// The outputs of one co-simulated design on the non-edge-case vectors, three ways: one row per vector,
/// one column per output. The report page's curves, confusion matrix and error histogram come from these.
public struct OutputScores: Sendable, Equatable {
    /// The formulas in double precision at the unquantized inputs.
    public var float: [[Double]]
    /// The bit-exact Swift fixed-point model.
    public var fixed: [[Double]]
    /// The Verilated RTL.
    public var rtl: [[Double]]

    public init(float: [[Double]], fixed: [[Double]], rtl: [[Double]]) {
        self.float = float
        self.fixed = fixed
        self.rtl = rtl
    }
}
