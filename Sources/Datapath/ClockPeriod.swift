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
