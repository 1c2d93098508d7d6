/// Where a lookup table's entries live in hardware, which decides when its value is usable.
///
/// The choice is by size (`DelayModel.storage(of:)`): a small table costs a few LUTs per output bit and reads
/// combinationally in the stage that computes its address; a large one would cost many LUTs and several
/// logic levels, so it goes to a block RAM whose registered read delivers the value in the next stage.
public enum TableStorage: String, Hashable, Sendable, CaseIterable {
    /// Distributed ROM in LUTs, read combinationally (Verilog `rom_style = "distributed"`).
    case distributed
    /// A registered read whose mapping synthesis chooses (no `rom_style`): the form the ECP5 delays were
    /// calibrated on. Two reads share one two-port ROM.
    case registered
    /// Block RAM with a registered read (Verilog `rom_style = "block"`); two reads share one dual-port RAM.
    case block

    /// Whether the value appears one stage after the address (a registered read).
    public var isRegistered: Bool { self != .distributed }
}

extension DelayModel {
    /// The storage of `table` under this model: on xc7 distributed up to `lutROMMaxEntries` entries, block RAM
    /// above; on ECP5 a registered read left to synthesis, as calibrated.
    public func storage(of table: FunctionTable) -> TableStorage {
        switch family {
        case .xc7: return table.size <= lutROMMaxEntries ? .distributed : .block
        case .ecp5: return .registered
        }
    }

    /// Largest table read as a combinational LUT ROM.
    ///
    /// 7-series: 512 entries. One output bit of a 256-entry ROM is four LUT6 joined by two MUXF7 and one MUXF8
    /// inside a single slice (UG474, "Slices"); 512 entries add one LUT6 as a 2:1 multiplexer, so the read is
    /// about 1.8 ns and chains with the arithmetic around it instead of costing a stage boundary, for about nine
    /// LUTs per output bit. At 1,024 entries and more a bit costs 17 LUTs and up, while one RAMB18 holds
    /// 1,024 × 18 bits (2,048 × 9) with no LUT, so those tables go to block RAM. ECP5: 0 (every table keeps the
    /// registered read its delays were calibrated for; a combinational read there is not calibrated).
    public var lutROMMaxEntries: Int {
        switch family {
        case .xc7: return XC7Estimates.lutROMMaxEntries
        case .ecp5: return 0
        }
    }

    /// Combinational read of a distributed ROM of `entries` entries on the 7-series estimates: one LUT6 level
    /// (64 entries), a MUXF7 (128) and a MUXF8 (256) inside the slice, then a LUT6 level (a 4:1 multiplexer) per
    /// further factor of four.
    public static func xc7LUTROMReadNs(entries: Int) -> Double {
        var ns = XC7Estimates.lutAndRoutingNs
        if entries > 64 { ns += XC7Estimates.muxF7Ns }
        if entries > 128 { ns += XC7Estimates.muxF8Ns }
        var covered = 256
        while entries > covered {
            ns += XC7Estimates.lutAndRoutingNs
            covered *= 4
        }
        return ns
    }
}
