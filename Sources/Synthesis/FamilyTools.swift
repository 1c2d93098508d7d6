@_exported import Results

/// How Yosys and nextpnr are driven for each family.
extension FPGAFamily {
    var yosysCommand: String {
        switch self {
        case .ecp5, .ecp5_85k: return "synth_ecp5"
        case .ice40: return "synth_ice40"
        }
    }

    var routerArguments: [String] {
        switch self {
        case .ecp5: return ["--25k", "--package", "CABGA381", "--speed", "6", "--freq", "200"]
        case .ice40: return ["--hx8k", "--package", "ct256", "--freq", "100"]
        case .ecp5_85k: return ["--85k", "--package", "CABGA381", "--speed", "6", "--freq", "200"]
        }
    }
}
