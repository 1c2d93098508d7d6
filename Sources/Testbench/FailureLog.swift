/// The scoreboard's record of one output's failures in a run: how many, which vectors (capped), and the
/// first one's raw values and the cycle its result left the design.
public struct OutputFailureLog: Sendable, Equatable {
    /// Index of the output in the datapath's outputs.
    public var output: Int
    public var count = 0
    /// Failing vector indices in run order, at most the cap given to `record`.
    public var indices: [Int] = []
    public var firstVector: Int?
    public var firstActual: Int128 = 0
    public var firstExpected: Int128 = 0
    /// Cycle, counted from the first reset cycle, at which the first failing result left the design; nil when untimed.
    public var firstCycle: Int?

    public init(output: Int) { self.output = output }

    /// Counts one failing vector; the first one's values are kept.
    public mutating func record(vector: Int, cycle: Int?, actual: Int128, expected: Int128, cap: Int) {
        if firstVector == nil {
            firstVector = vector
            firstActual = actual
            firstExpected = expected
            firstCycle = cycle
        }
        count += 1
        if indices.count < cap { indices.append(vector) }
    }

    /// Compares the outputs of an untimed implementation (row-major raw values) with the golden model's.
    public static func compare(actual: [Int128], expected: [Int128], outputs: Int, cap: Int = 20) -> [OutputFailureLog] {
        var logs = (0..<outputs).map { OutputFailureLog(output: $0) }
        guard outputs > 0 else { return logs }
        for r in 0..<(min(actual.count, expected.count) / outputs) {
            for k in 0..<outputs where actual[r * outputs + k] != expected[r * outputs + k] {
                logs[k].record(vector: r, cycle: nil, actual: actual[r * outputs + k], expected: expected[r * outputs + k], cap: cap)
            }
        }
        return logs
    }
}
