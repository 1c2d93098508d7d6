import Foundation

/// The report page a physicist opens: accuracy, ROC, latency in ns, resources and bit-exactness per design.
///
/// `ReportPage.Model` is the page's own input. It holds plain values only, so it does not move when the
/// results schema does; `ReportPage.Model(document:)` (ReportPageAdapter.swift) fills it from a results
/// file. A value that was not measured is nil and is printed as "not measured", never as 0.
public enum ReportPage {
    /// Everything the page shows.
    public struct Model: Sendable, Equatable {
        public var title: String
        /// Lines under the title: the data, the split, the precision.
        public var description: [String]
        public var designs: [Design]
        public var reference: ReferenceModel?
        public var tools: [String: String]
        /// Run-level failures, shown at the top beside the designs' own failures.
        public var problems: [String]
        /// Information that is not a failure.
        public var notes: [String]

        public init(title: String, description: [String] = [], designs: [Design], reference: ReferenceModel? = nil,
                    tools: [String: String] = [:], problems: [String] = [], notes: [String] = []) {
            self.title = title
            self.description = description
            self.designs = designs
            self.reference = reference
            self.tools = tools
            self.problems = problems
            self.notes = notes
        }

        /// Every failure on the page, run-level first, each naming its design.
        public var failures: [String] {
            problems + designs.flatMap { d in d.failures.map { "\(d.name): \($0)" } }
        }
    }

    /// One hardware design (a set of formulas, one output per class for a classifier).
    public struct Design: Sendable, Equatable {
        public var name: String
        /// A human title ("published PySR expressions (set A)").
        public var title: String?
        public var precision: String?
        public var formulas: [Formula]
        /// Names of x0, x1, ...; empty when unknown.
        public var inputNames: [String]
        public var accuracy: Accuracy?
        /// One-vs-rest curves per class.
        public var classes: [ClassCurves]
        public var confusion: Confusion?
        public var latencyCycles: Int?
        /// Initiation interval (1: a new result every cycle).
        public var ii: Int?
        public var timing: Timing?
        public var resources: Resources?
        public var bitExact: [BitExact]
        public var errorHistograms: [Histogram]
        public var meanAbsError: Double?
        public var maxAbsError: Double?
        /// Problems that are not bit mismatches but must be seen (e.g. table arguments out of range).
        public var warnings: [String]
        /// The first-failure report of each failing implementation, as text lines (empty when all agree).
        public var firstFailure: [String] = []

        public init(name: String, title: String? = nil, precision: String? = nil, formulas: [Formula] = [], inputNames: [String] = [],
                    accuracy: Accuracy? = nil, classes: [ClassCurves] = [], confusion: Confusion? = nil, latencyCycles: Int? = nil,
                    ii: Int? = nil, timing: Timing? = nil, resources: Resources? = nil, bitExact: [BitExact] = [],
                    errorHistograms: [Histogram] = [], meanAbsError: Double? = nil, maxAbsError: Double? = nil, warnings: [String] = []) {
            self.name = name
            self.title = title
            self.precision = precision
            self.formulas = formulas
            self.inputNames = inputNames
            self.accuracy = accuracy
            self.classes = classes
            self.confusion = confusion
            self.latencyCycles = latencyCycles
            self.ii = ii
            self.timing = timing
            self.resources = resources
            self.bitExact = bitExact
            self.errorHistograms = errorHistograms
            self.meanAbsError = meanAbsError
            self.maxAbsError = maxAbsError
            self.warnings = warnings
        }

        /// Latency in ns at the measured Fmax; nil unless both were measured.
        public var latencyNs: Double? {
            guard let c = latencyCycles, let f = timing?.fmaxMhz, f > 0 else { return nil }
            return Double(c) * 1000 / f
        }

        /// What went wrong, in words: every implementation that disagrees with the Swift model, and an II above 1.
        public var failures: [String] {
            var out = bitExact.compactMap { b -> String? in
                guard case .fail = b.status, let m = b.mismatches else { return nil }
                var s = "\(b.implementation.rawValue) differs from the bit-exact Swift model in \(m) output value(s)"
                if let v = b.vectors { s += " over \(v) vectors" }
                if let first = b.firstMismatch { s += " (first: \(first))" }
                return s
            }
            if let ii, ii > 1 { out.append("initiation interval \(ii): the RTL does not accept a new input every cycle") }
            return out
        }
    }

    /// One output's formula as text over x0, x1, ...
    public struct Formula: Sendable, Equatable {
        public var output: String
        public var text: String
        /// The output's fixed-point type.
        public var format: String?

        public init(output: String, text: String, format: String? = nil) {
            self.output = output
            self.text = text
            self.format = format
        }
    }

    /// Classification accuracy measured three ways on the same labelled rows.
    public struct Accuracy: Sendable, Equatable {
        public var samples: Int
        public var float: Double?
        /// The bit-exact Swift fixed-point model.
        public var fixed: Double?
        public var rtl: Double?

        public init(samples: Int, float: Double?, fixed: Double?, rtl: Double?) {
            self.samples = samples
            self.float = float
            self.fixed = fixed
            self.rtl = rtl
        }

        /// The hardware's accuracy (RTL, else the bit-exact model, which equals it when bit-exact).
        public var hardware: Double? { rtl ?? fixed }
    }

    /// One class, one-vs-rest: AUCs and ROC curves as (false positive rate, true positive rate).
    public struct ClassCurves: Sendable, Equatable {
        public var name: String
        public var aucFloat: Double?
        public var aucFixed: Double?
        public var aucRtl: Double?
        public var rocFloat: [[Double]]
        public var rocRtl: [[Double]]

        public init(name: String, aucFloat: Double?, aucFixed: Double? = nil, aucRtl: Double?, rocFloat: [[Double]] = [], rocRtl: [[Double]] = []) {
            self.name = name
            self.aucFloat = aucFloat
            self.aucFixed = aucFixed
            self.aucRtl = aucRtl
            self.rocFloat = rocFloat
            self.rocRtl = rocRtl
        }
    }

    /// Counts of (true class, predicted class); rows are true classes.
    public struct Confusion: Sendable, Equatable {
        public var classes: [String]
        public var counts: [[Int]]
        /// Whose predictions ("RTL").
        public var of: String

        public init(classes: [String], counts: [[Int]], of: String = "RTL") {
            self.classes = classes
            self.counts = counts
            self.of = of
        }
    }

    /// Place-and-route result on one FPGA family.
    public struct Timing: Sendable, Equatable {
        public var family: String
        public var device: String
        public var fmaxMhz: Double
        public var seeds: Int

        public init(family: String, device: String, fmaxMhz: Double, seeds: Int) {
            self.family = family
            self.device = device
            self.fmaxMhz = fmaxMhz
            self.seeds = seeds
        }
    }

    /// Yosys `synth_xilinx` (xc7) cell counts.
    public struct Resources: Sendable, Equatable {
        public var lut: Int
        public var ff: Int
        public var dsp: Int
        public var bram18: Int

        public init(lut: Int, ff: Int, dsp: Int, bram18: Int) {
            self.lut = lut
            self.ff = ff
            self.dsp = dsp
            self.bram18 = bram18
        }
    }

    /// One implementation compared bit for bit with the Swift fixed-point model.
    public struct BitExact: Sendable, Equatable {
        public enum Implementation: String, Sendable, CaseIterable {
            case verilator = "Verilator (RTL)"
            case hlsCsim = "HLS C simulation"
            case icarus = "Icarus Verilog (RTL)"
        }

        public enum Status: Sendable, Equatable {
            case pass, fail, notRun
        }

        public var implementation: Implementation
        /// Vectors compared; nil when not run.
        public var vectors: Int?
        /// Differing output values; nil when not run.
        public var mismatches: Int?
        /// Where to start reproducing the first difference.
        public var firstMismatch: String?

        public init(_ implementation: Implementation, vectors: Int?, mismatches: Int?, firstMismatch: String? = nil) {
            self.implementation = implementation
            self.vectors = vectors
            self.mismatches = mismatches
            self.firstMismatch = firstMismatch
        }

        public var status: Status {
            guard let mismatches else { return .notRun }
            return mismatches == 0 ? .pass : .fail
        }
    }

    /// Fixed − float differences of one output.
    public struct Histogram: Sendable, Equatable {
        public var output: String
        /// `counts.count + 1` ascending edges.
        public var edges: [Double]
        public var counts: [Int]

        public init(output: String, edges: [Double], counts: [Int]) {
            self.output = output
            self.edges = edges
            self.counts = counts
        }
    }
}
