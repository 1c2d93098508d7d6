import FixedPoint
import SymbolicExpression

/// How each function of the expression language is implemented in hardware: table sizes and ranges.
public struct TableConfig: Hashable, Sendable {
    /// Range and size of one function's table.
    public struct Range: Hashable, Sendable {
        public var start: Double
        /// log2 of the span (end − start), so the index is a bit slice.
        public var spanLog2: Int
        public var addressBits: Int
        public init(start: Double, spanLog2: Int, addressBits: Int) {
            self.start = start
            self.spanLog2 = spanLog2
            self.addressBits = addressBits
        }
        public var end: Double { start + FixedFormat.pow2(spanLog2) }
    }

    /// sin/cos (and tan) by range reduction (periodic, never clamps) or as clamped tables.
    public var periodicTrig: Bool
    public var sampling: TableSampling
    public var ranges: [TableFunction: Range]
    /// Fraction bits of the 1/(2π) (or 1/π) constant used for range reduction.
    public var reductionConstantBits = 20

    /// Accurate defaults: periodic sin/cos, midpoint sampling, 1024 entries.
    public static let standard = TableConfig(periodicTrig: true, sampling: .midpoint, ranges: defaultRanges(addressBits: 10))

    /// hls4ml/PySR's conventions: clamped sin/cos/tan on [−4, 4), log on [0, 8), exp on [0, 16),
    /// left-edge sampling, 1024 entries.
    public static let hls4ml: TableConfig = {
        var r = defaultRanges(addressBits: 10)
        for f in [TableFunction.sin, .cos, .tan, .sinCos] { r[f] = Range(start: -4, spanLog2: 3, addressBits: 10) }
        r[.log] = Range(start: 0, spanLog2: 3, addressBits: 10)
        r[.exp] = Range(start: 0, spanLog2: 4, addressBits: 10)
        return TableConfig(periodicTrig: false, sampling: .leftEdge, ranges: r)
    }()

    /// Default clamped ranges for every table function (used for sin/cos only when not periodic).
    public static func defaultRanges(addressBits a: Int) -> [TableFunction: Range] {
        [
            .sin: Range(start: -8, spanLog2: 4, addressBits: a), .cos: Range(start: -8, spanLog2: 4, addressBits: a),
            .sinCos: Range(start: -8, spanLog2: 4, addressBits: a), .tan: Range(start: -2, spanLog2: 2, addressBits: a),
            .exp: Range(start: -8, spanLog2: 4, addressBits: a), .log: Range(start: 0, spanLog2: 4, addressBits: a),
            .sqrt: Range(start: 0, spanLog2: 4, addressBits: a), .inv: Range(start: 0.5, spanLog2: 3, addressBits: a),
            .tanh: Range(start: -8, spanLog2: 4, addressBits: a), .sigmoid: Range(start: -16, spanLog2: 5, addressBits: a),
            .sinh: Range(start: -8, spanLog2: 4, addressBits: a), .cosh: Range(start: -8, spanLog2: 4, addressBits: a),
            .gauss: Range(start: -4, spanLog2: 3, addressBits: a),
        ]
    }

    public init(periodicTrig: Bool, sampling: TableSampling, ranges: [TableFunction: Range]) {
        self.periodicTrig = periodicTrig
        self.sampling = sampling
        self.ranges = ranges
    }

    /// Every entry count set to `2^bits`.
    public func withAddressBits(_ bits: Int) -> TableConfig {
        var c = self
        for (k, v) in ranges { c.ranges[k] = Range(start: v.start, spanLog2: v.spanLog2, addressBits: bits) }
        return c
    }

    /// Why a configured range cannot work for its function, or nil.
    public static func domainProblem(_ f: TableFunction, _ r: Range) -> String? {
        switch f {
        case .log where r.start <= 0 && !(r.start == 0):
            return "log is undefined below 0 but its table starts at \(r.start); use a range starting at 0 or above, e.g. log=0,8"
        case .sqrt where r.start < 0:
            return "sqrt is undefined below 0 but its table starts at \(r.start); use a range starting at 0, e.g. sqrt=0,16"
        case .inv where r.start <= 0 && r.end > 0:
            return "1/x is unbounded at 0 but its table spans [\(r.start), \(r.end)); use a range on one side of zero, e.g. inv=0.5,8.5"
        default:
            return nil
        }
    }

    /// Parses overrides such as `sin=-8,8` or `exp=0,16,512` (start, end, optional entries; span a power of two).
    public mutating func apply(override text: String) throws(TableConfigError) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let f = TableFunction(rawValue: parts[0]) ?? (parts[0] == "sincos" ? .sinCos : nil) else {
            throw TableConfigError("table override '\(text)': expected FUNCTION=START,END[,ENTRIES] with FUNCTION one of \(TableFunction.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let nums = parts[1].split(separator: ",").map { Double(String($0.filter { $0 != " " })) }
        guard (2...3).contains(nums.count), nums.allSatisfy({ $0 != nil && $0!.isFinite }) else {
            throw TableConfigError("table override '\(text)': expected START,END[,ENTRIES] as numbers")
        }
        let start = nums[0]!, end = nums[1]!
        let span = end - start
        guard span > 0, span == FixedFormat.pow2(Int(span.exponent)), span.significandBitPattern == 0 else {
            throw TableConfigError("table override '\(text)': END − START = \(span) must be a power of two so the index is a bit slice (e.g. \(start),\(start + FixedFormat.pow2(Int(max(span, 1).exponent) + 1)))")
        }
        var bits = ranges[f]?.addressBits ?? 10
        if nums.count == 3 {
            let n = Int(nums[2]!)
            guard n >= 2, n & (n - 1) == 0, n <= 1 << 16 else {
                throw TableConfigError("table override '\(text)': ENTRIES must be a power of two between 2 and 65536")
            }
            bits = n.trailingZeroBitCount
        }
        let r = Range(start: start, spanLog2: Int(span.exponent), addressBits: bits)
        if let problem = Self.domainProblem(f, r) { throw TableConfigError("table override '\(text)': \(problem)") }
        ranges[f] = r
        if [.sin, .cos, .sinCos, .tan].contains(f) { periodicTrig = false }
    }
}

/// A table option that cannot be used.
public struct TableConfigError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ d: String) { description = d }
}

extension TableFunction {
    /// The table function implementing an expression-language function, if it is one.
    public init?(_ f: Function) {
        switch f {
        case .sin: self = .sin
        case .cos: self = .cos
        case .tan: self = .tan
        case .exp: self = .exp
        case .log: self = .log
        case .sqrt: self = .sqrt
        case .inv: self = .inv
        case .tanh: self = .tanh
        case .sigmoid: self = .sigmoid
        case .sinh: self = .sinh
        case .cosh: self = .cosh
        case .gauss: self = .gauss
        case .abs, .square, .cube: return nil
        }
    }
}
