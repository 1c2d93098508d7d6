import FixedPoint
import SymbolicExpression

extension DelayModel {
    /// Longest clock period accepted, in ns (1 kHz): anything longer is a typo for a frequency.
    public static let maxClockPeriodNs = 1_000_000.0

    /// Checks a clock period given by the user before the scheduler divides by it.
    public static func checkClockPeriod(_ ns: Double, option: String = "--clock-ns") throws(LimitError) {
        guard ns.isFinite, ns > 0, ns <= maxClockPeriodNs else {
            throw LimitError("\(option) \(ns): give a positive, finite clock period in nanoseconds (at most \(Int(maxClockPeriodNs)))")
        }
    }
}

extension PrecisionPlan {
    /// Checks that the plan's port and constant formats fit the exact engine every stage shares (the
    /// golden model, the co-simulation bridge and the HLS testbench exchange values of at most
    /// `FixedFormat.fastPathMaxWidth` bits).
    public func checkWidths() throws(LimitError) {
        for (what, f) in [("input", inputFormat), ("constant", constantFormat), ("output", outputFormat)]
        where f.width > FixedFormat.fastPathMaxWidth {
            throw LimitError("the \(what) format \(f) is \(f.width) bits wide; at most \(FixedFormat.fastPathMaxWidth) bits are supported (docs/limits.md)")
        }
    }
}
