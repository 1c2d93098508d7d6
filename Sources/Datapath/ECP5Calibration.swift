/// ECP5 delays measured by `Scripts/bench/ecp5_delays.py` (nextpnr-ecp5, LFE5U-25F, speed 6): written by that
/// script from `Reports/benchmarks/ecp5-delays.tsv`; do not edit by hand (a unit test compares the two).
enum ECP5Calibration {
    /// The bare register-to-register path, counted once per stage.
    static let overhead = 1.778
    /// (operand width, ns) of an adder beyond the overhead.
    static let adder: [(Int, Double)] = [(4, 2.016), (8, 1.875), (12, 2.036), (16, 2.241), (24, 2.580), (32, 2.796), (48, 3.527), (64, 4.005)]
    /// (operand width, ns) of a signed multiplier beyond the overhead.
    static let multiplier: [(Int, Double)] = [(4, 5.555), (8, 5.532), (12, 5.576), (18, 6.137), (24, 10.514), (36, 12.287)]
    /// (entries, ns) of a registered ROM read into the next stage beyond the overhead.
    static let rom: [(Int, Double)] = [(64, 1.429), (256, 5.258), (1024, 5.127), (4096, 5.084)]
    /// One LUT level and its routing (an 8-bit XOR between registers).
    static let wire = 0.070
}
