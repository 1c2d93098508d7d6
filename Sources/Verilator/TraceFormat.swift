/// Waveform file formats a traced build can write.
///
/// FST (GTKWave's compressed format, read by GTKWave and Surfer) is the default: a window of a wide design
/// is a few kilobytes. VCD is plain text, larger, and read by every viewer and by `VCDReader`.
public enum TraceFormat: String, Sendable, Hashable, CaseIterable, Codable {
    case fst
    case vcd

    /// The format a file name asks for: `.vcd` is VCD, anything else FST.
    public init(fileName: String) {
        self = fileName.lowercased().hasSuffix(".vcd") ? .vcd : .fst
    }

    /// Verilator's option for this format.
    var verilatorFlag: String { self == .fst ? "--trace-fst" : "--trace" }

    /// Verilator's trace-writer class and header.
    var writerClass: String { self == .fst ? "VerilatedFstC" : "VerilatedVcdC" }
    var writerHeader: String { self == .fst ? "verilated_fst_c.h" : "verilated_vcd_c.h" }

    /// Time units per clock cycle in the files written here: the clock falls at 0 and rises at half a cycle.
    public static let ticksPerCycle: UInt64 = 10
}
