/// A delay that depends on a width (or a table's entry count): measured points, linear in between.
///
/// Below the first point the first delay holds; beyond the last the last two points' slope continues, so a
/// width wider than any measured one costs more, never less.
public struct DelayCurve: Hashable, Sendable {
    /// (width, ns), widths increasing.
    public var points: [(width: Int, ns: Double)]

    public init(_ points: [(Int, Double)]) {
        precondition(!points.isEmpty && zip(points, points.dropFirst()).allSatisfy { $0.0 < $1.0 }, "widths must increase")
        self.points = points.map { (width: $0.0, ns: $0.1) }
    }

    public func at(_ width: Int) -> Double {
        guard let first = points.first, width > first.width else { return points[0].ns }
        for (a, b) in zip(points, points.dropFirst()) where width <= b.width {
            return a.ns + (b.ns - a.ns) * Double(width - a.width) / Double(b.width - a.width)
        }
        guard points.count >= 2 else { return first.ns }
        let (a, b) = (points[points.count - 2], points[points.count - 1])
        return b.ns + max(0, (b.ns - a.ns) / Double(b.width - a.width)) * Double(width - b.width)
    }

    public static func == (l: DelayCurve, r: DelayCurve) -> Bool {
        l.points.map(\.width) == r.points.map(\.width) && l.points.map(\.ns) == r.points.map(\.ns)
    }

    public func hash(into h: inout Hasher) {
        for p in points { h.combine(p.width); h.combine(p.ns) }
    }
}

/// Per-family delay figures for the scheduler.
public struct DelayTables: Hashable, Sendable {
    /// Register-to-register overhead of one stage.
    public var stageOverheadNs: Double
    /// An adder (also subtract, negate, absolute value, rounding) by operand width.
    public var adder: DelayCurve
    /// A multiplier by its wider operand's width.
    public var multiplier: DelayCurve
    /// A registered ROM read by entry count: the path through the ROM into its output register (LUT ROM) or
    /// the block RAM's setup and clock-to-out, whichever the measurement found slower.
    public var rom: DelayCurve
    /// A bit slice, a sign test or a multiplexer level: one LUT and its routing.
    public var wireNs: Double
    /// Share of every period left to routing between primitives placed far apart in a full design: the figures
    /// above come from single primitives on a small part, where every route is short.
    public var routingMargin: Double = 0

    /// Lattice ECP5, speed 6, measured by `Scripts/bench/ecp5_delays.py` with nextpnr-ecp5 (worst of two seeds,
    /// LFE5U-25F); the committed table is `Reports/benchmarks/ecp5-delays.tsv`, and a unit test keeps the two equal.
    public static let ecp5 = DelayTables(
        stageOverheadNs: ECP5Calibration.overhead,
        adder: DelayCurve(ECP5Calibration.adder),
        multiplier: DelayCurve(ECP5Calibration.multiplier),
        rom: DelayCurve(ECP5Calibration.rom),
        wireNs: ECP5Calibration.wire,
        // Set A's optimized plan scheduled for 60 MHz by the figures alone reached 55.5 MHz on the LFE5U-85F
        // (2026-12-08, one seed): its critical stage, a block-RAM read, an add, a 9 × 8 multiply and a subtract, took
        // 18.0 ns where the figures add up to 16.4 ns, 6.2 ns of it routing, 3.2 ns on one net across 35 rows. A
        // tenth of the period covers that miss (7.5 % of the clock) with room.
        routingMargin: 0.1)
}

/// The 7-series / UltraScale+ class figures of `DelayModel` (its `xc7` family) and where they come from.
///
/// They are estimates of the order of the switching characteristics in AMD/Xilinx DS181/DS182/DS183 (7-series
/// data sheets) and DS923 (UltraScale+): a LUT level plus local routing of roughly 0.5–0.6 ns, a CARRY4 adding
/// roughly 0.1 ns per four bits (0.025 ns per bit), a DSP48E1 multiply without its pipeline registers of about
/// 3 ns, a block-RAM read of about 1.5 ns from clock to output without the optional output register, and the
/// slice's wide-function multiplexers MUXF7 and MUXF8 (UG474, "Slices") of roughly 0.3 ns each from their
/// inputs to the slice output (the F7/F8 figures of DS181's CLB switching characteristics, with margin). No
/// Xilinx tool runs here, so none of these is measured and the schedule is not a timing sign-off on those parts.
public enum XC7Estimates {
    public static let lutAndRoutingNs = 0.6
    public static let carryPerBitNs = 0.025
    public static let dspMultiplyNs = 3.0
    public static let blockRAMClockToOutNs = 1.5
    public static let muxF7Ns = 0.3
    public static let muxF8Ns = 0.3
    /// Largest table read as a combinational LUT ROM (`DelayModel.lutROMMaxEntries` gives the reason).
    public static let lutROMMaxEntries = 512
}
