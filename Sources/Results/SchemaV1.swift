import Foundation

/// Reading files written with version 1 of the schema (`symbolforge.results/1`, `symbolforge.report/1`).
///
/// Version 1 held classification twice: the co-simulation's scorer wrote per-class figures as parallel
/// arrays into `cosim.classification` (float, fixed and RTL, no curves), and reports added a second
/// record beside `cosim` (float and RTL, with ROC curves and the confusion matrix). Version 2 keeps one
/// `ClassificationFigures` in the design's co-simulation result. Every other field is unchanged, so
/// migration lifts the two old records out, decodes the rest as version 2 and puts one merged record back.
public enum SchemaV1 {
    public static let results = "symbolforge.results/1"
    public static let report = "symbolforge.report/1"

    /// Version 1's `cosim.classification`: one array entry per class, in `classes` order.
    public struct ScoredClassification: Codable, Sendable, Equatable {
        public var classes: [String]
        public var vectors: Int
        public var accuracyFloat: Double
        public var accuracyFixed: Double
        public var accuracyRtl: Double
        public var aucFloat: [Double]
        public var aucFixed: [Double]
        public var aucRtl: [Double]
        public var referenceNnAccuracy: Double?
        public var accuracyRelativeToNn: Double?
    }

    /// One record from version 1's two: the curves (and their AUCs) from the report's record, the
    /// accuracies, fixed-point figures and reference comparison from the scorer's.
    public static func merge(scored: ScoredClassification?, curves: ClassificationFigures?) -> ClassificationFigures? {
        guard let s = scored else { return curves }
        var f = curves ?? ClassificationFigures(
            samples: s.vectors, accuracyFloat: s.accuracyFloat, accuracyRtl: s.accuracyRtl,
            classes: s.classes.indices.map { i in
                ClassFigures(name: s.classes[i], aucFloat: s.aucFloat[i], aucRtl: s.aucRtl[i], rocFloat: [], rocRtl: [])
            })
        f.samples = s.vectors
        f.accuracyFloat = s.accuracyFloat
        f.accuracyFixed = s.accuracyFixed
        f.accuracyRtl = s.accuracyRtl
        for i in f.classes.indices {
            if let j = s.classes.firstIndex(of: f.classes[i].name), j < s.aucFixed.count { f.classes[i].aucFixed = s.aucFixed[j] }
        }
        f.referenceNnAccuracy = s.referenceNnAccuracy
        f.accuracyRelativeToNn = s.accuracyRelativeToNn
        return f
    }

    /// Converts a parsed version 1 file (`object`, its top-level JSON object) into a version 2 document.
    static func migrate(_ object: [String: Any], file: String) throws -> ReportDocument {
        var top = object
        let isReport = (top["schema"] as? String) == report
        guard var designs = top["designs"] as? [Any] else {
            throw ReportError(file: file, problem: "does not match schema \(top["schema"] ?? ""): missing field \"designs\" at top level")
        }
        var merged: [ClassificationFigures?] = []
        for i in designs.indices {
            guard var design = designs[i] as? [String: Any] else { merged.append(nil); continue }
            var curves: ClassificationFigures?
            var scored: ScoredClassification?
            let at = "designs[\(i)]"
            if isReport {
                curves = try record(design.removeValue(forKey: "classification"), ClassificationFigures.self, at: "\(at).classification", file: file)
                if var cosim = design["cosim"] as? [String: Any] {
                    scored = try record(cosim.removeValue(forKey: "classification"), ScoredClassification.self, at: "\(at).cosim.classification", file: file)
                    design["cosim"] = cosim
                }
            } else {
                scored = try record(design.removeValue(forKey: "classification"), ScoredClassification.self, at: "\(at).classification", file: file)
            }
            merged.append(merge(scored: scored, curves: curves))
            designs[i] = design
        }
        top["designs"] = designs
        top["schema"] = isReport ? ReportDocument.schema : CosimResults.schema
        var doc = try ResultsFile.decode(try JSONSerialization.data(withJSONObject: top), file: file)
        for (i, c) in merged.enumerated() where i < doc.designs.count { doc.designs[i].classification = c }
        return doc
    }

    /// Decodes one lifted-out record; JSON null and an absent key are both no record.
    static func record<T: Decodable>(_ value: Any?, _ type: T.Type, at path: String, file: String) throws -> T? {
        guard let value, !(value is NSNull) else { return nil }
        do {
            return try ResultsFile.decoder().decode(T.self, from: try JSONSerialization.data(withJSONObject: value))
        } catch let e as DecodingError {
            throw ReportError(file: file, problem: "does not match its version 1 schema at \(path): \(ResultsFile.describe(e))")
        }
    }
}
