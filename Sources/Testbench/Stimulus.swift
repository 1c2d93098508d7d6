import Support
import FixedPoint

/// Input vectors for a co-simulation: real values, one row per vector.
public struct Stimulus: Sendable {
    /// Row-major values, `inputCount` per vector.
    public var values: [Double]
    public var inputCount: Int
    /// How many leading rows are the edge cases (zero, format extremes).
    public var edgeCaseCount: Int

    public var count: Int { inputCount == 0 ? 0 : values.count / inputCount }

    public init(values: [Double], inputCount: Int, edgeCaseCount: Int = 0) {
        self.values = values
        self.inputCount = inputCount
        self.edgeCaseCount = edgeCaseCount
    }

    /// Most input values (vectors × inputs) one run holds: the co-simulation keeps every vector, its
    /// quantized bits and the expected outputs in memory, about 40 bytes per value (docs/limits.md).
    public static let maxValues = 1 << 26

    /// Refuses a vector count before anything is allocated for it.
    public static func checkCount(vectors: Int, inputCount: Int, option: String = "--vectors") throws(StimulusError) {
        guard vectors >= 0 else { throw StimulusError(message: "\(option) \(vectors): give zero or more vectors") }
        let (total, overflow) = vectors.multipliedReportingOverflow(by: Swift.max(inputCount, 1))
        guard !overflow, total <= maxValues else {
            throw StimulusError(message: "\(option) \(vectors) with \(inputCount) inputs is beyond the limit of \(maxValues) input values per run (\(maxValues / Swift.max(inputCount, 1)) vectors at \(inputCount) inputs; docs/limits.md); split the run into several seeds")
        }
    }

    /// The edge cases every run includes: all zero, all at the format's minimum and maximum, alternating
    /// extremes, and one LSB either side of zero.
    public static func edgeCases(inputCount n: Int, format: FixedFormat) -> [[Double]] {
        guard n > 0 else { return [[]] }
        let lo = format.minValue, hi = format.maxValue, lsb = format.lsb
        var rows: [[Double]] = [
            Array(repeating: 0, count: n), Array(repeating: lo, count: n), Array(repeating: hi, count: n),
            (0..<n).map { $0 % 2 == 0 ? lo : hi }, (0..<n).map { $0 % 2 == 0 ? hi : lo },
            Array(repeating: lsb, count: n),
        ]
        if format.isSigned { rows.append(Array(repeating: -lsb, count: n)) }
        return rows
    }

    /// Seeded standard-normal vectors (the features users feed are standardized), after the edge cases.
    public static func standardNormal(count: Int, inputCount: Int, seed: UInt64, format: FixedFormat) -> Stimulus {
        precondition(count >= 0 && count <= maxValues / Swift.max(inputCount, 1), "vector count beyond Stimulus.maxValues; call checkCount first")
        let edges = edgeCases(inputCount: inputCount, format: format)
        var rng = SplitMix64(seed: seed)
        var values = edges.flatMap { $0 }
        values.reserveCapacity((count + edges.count) * inputCount)
        for _ in 0..<(count * inputCount) { values.append(rng.nextNormal()) }
        return Stimulus(values: values, inputCount: inputCount, edgeCaseCount: edges.count)
    }

    /// Rows from a data set, after the edge cases; non-finite values are rejected with their position.
    public static func rows(_ rows: [[Double]], inputCount: Int, format: FixedFormat, source: String) throws(StimulusError) -> Stimulus {
        let edges = edgeCases(inputCount: inputCount, format: format)
        try checkCount(vectors: rows.count, inputCount: inputCount, option: source)
        var values = edges.flatMap { $0 }
        for (r, row) in rows.enumerated() {
            guard row.count >= inputCount else {
                throw StimulusError(message: "\(source): row \(r + 1) has \(row.count) values but the design has \(inputCount) inputs")
            }
            for (c, v) in row.prefix(inputCount).enumerated() where !v.isFinite {
                throw StimulusError(message: "\(source): row \(r + 1), input x\(c) is \(v); remove or impute non-finite values first")
            }
            values += row.prefix(inputCount)
        }
        return Stimulus(values: values, inputCount: inputCount, edgeCaseCount: edges.count)
    }
}

/// Bad input vectors, with where they were found.
public struct StimulusError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
