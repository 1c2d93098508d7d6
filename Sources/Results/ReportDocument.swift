import Foundation
import Support

/// A results file enriched with resources, timing and accuracy: what reports, baselines and regression read.
///
/// It embeds the co-simulation `DesignResult` unchanged and adds only optional sections, so a plain
/// `symbolforge.results/2` file converts without loss and a missing section just leaves a plot out.
public struct ReportDocument: Codable, Sendable, Equatable {
    public static let schema = "symbolforge.report/2"
    public var schema: String = ReportDocument.schema
    public var designs: [DesignReport]
    public var tools: [String: String]
    /// "K/N" when this document holds one shard of a regression run.
    public var shard: String?
    /// The options and inputs shared by every design of a regression run, so shards of different runs
    /// are never merged.
    public var run: RunRecipe?
    /// What the run was about (data, feature names, reference network), for the report page.
    public var context: RunContext?
    /// Exploration points (sweep or front) that did not build, with why; kept here so merged shards still
    /// report them.
    public var failedPoints: [String: String]?

    public init(designs: [DesignReport], tools: [String: String], shard: String? = nil, run: RunRecipe? = nil, context: RunContext? = nil,
                failedPoints: [String: String]? = nil) {
        self.designs = designs
        self.tools = tools
        self.shard = shard
        self.run = run
        self.context = context
        self.failedPoints = failedPoints
    }

    /// Wraps a co-simulation results file.
    public init(_ results: CosimResults) {
        self.init(designs: results.designs.map { DesignReport(cosim: $0) }, tools: results.tools)
    }
}

/// One design: its co-simulation result plus whatever else was measured.
public struct DesignReport: Codable, Sendable, Equatable {
    public var cosim: DesignResult
    /// How the design was built, so a baseline can tell when it is compared with a different recipe.
    public var recipe: Recipe?
    public var resources: XilinxResources?
    public var timing: [TimingResult]?
    /// Float-vs-fixed error distribution, one per output.
    public var errorHistograms: [ErrorHistogram]?
    public var precisionSweep: [SweepPoint]?
    /// Arguments that fell outside each function table's range, one count per table.
    public var tableRangeViolations: [Int]?
    /// The sweep or front point this design is (its parameters and quality), when it is one.
    public var exploration: ExplorationPoint?

    public init(cosim: DesignResult, recipe: Recipe? = nil, resources: XilinxResources? = nil, timing: [TimingResult]? = nil,
                classification: ClassificationFigures? = nil, errorHistograms: [ErrorHistogram]? = nil,
                precisionSweep: [SweepPoint]? = nil, tableRangeViolations: [Int]? = nil) {
        self.cosim = cosim
        self.recipe = recipe
        self.resources = resources
        self.timing = timing
        if let classification { self.cosim.classification = classification }
        self.errorHistograms = errorHistograms
        self.precisionSweep = precisionSweep
        self.tableRangeViolations = tableRangeViolations
    }

    /// The design's classification figures, which live in its co-simulation result (version 1 kept a
    /// second record here; `SchemaV1` merges the two).
    public var classification: ClassificationFigures? {
        get { cosim.classification }
        set { cosim.classification = newValue }
    }

    public var name: String { cosim.design }
    public var totalMismatches: Int { cosim.outputs.reduce(0) { $0 + $1.mismatches } }
    /// The slowest output's measured latency.
    public var latencyCycles: Int { cosim.outputs.map(\.latencyCycles).max() ?? cosim.predictedLatencyCycles }
    public var ii: Int { cosim.outputs.map(\.ii).max() ?? 1 }
    public var meanAbsError: Double {
        cosim.outputs.isEmpty ? 0 : cosim.outputs.map(\.meanAbsError).reduce(0, +) / Double(cosim.outputs.count)
    }
    public var maxAbsError: Double { cosim.outputs.map(\.maxAbsError).max() ?? 0 }
    /// Latency in ns on the first routed family, if any.
    public var latencyNs: Double? { timing?.first.map(\.latencyNs) }
}

/// The options a design was built with.
public struct Recipe: Codable, Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var precision: String
    public var clockNs: Double
    public var vectors: Int
    public var seed: UInt64

    public init(source: String, precision: String, clockNs: Double, vectors: Int, seed: UInt64) {
        self.source = source
        self.precision = precision
        self.clockNs = clockNs
        self.vectors = vectors
        self.seed = seed
    }

    public var description: String { "\(source), \(precision), \(clockNs) ns clock, \(vectors) vectors, seed \(seed)" }

    /// Same options and same file names; the directory may differ, since CI checks out wherever it likes.
    public func sameBuild(as other: Recipe) -> Bool {
        func names(_ s: String) -> [String] { s.components(separatedBy: " + ").map { URL(fileURLWithPath: $0).lastPathComponent } }
        return names(source) == names(other.source) && precision == other.precision && clockNs == other.clockNs
            && vectors == other.vectors && seed == other.seed
    }
}

/// What every design of one regression run shares: the formula files and the options.
public struct RunRecipe: Codable, Sendable, Equatable, CustomStringConvertible {
    /// SHA-256 over every design file (and labelled data file) of the designs directory, all shards included.
    public var designSet: String
    public var precision: String
    public var clockNs: Double
    public var vectors: Int
    public var seed: UInt64
    /// "none", "resources" or the routed families, e.g. "resources+timing:ecp5,ice40 seeds 3".
    public var synthesis: String

    public init(designSet: String, precision: String, clockNs: Double, vectors: Int, seed: UInt64, synthesis: String) {
        self.designSet = designSet
        self.precision = precision
        self.clockNs = clockNs
        self.vectors = vectors
        self.seed = seed
        self.synthesis = synthesis
    }

    public var description: String {
        "designs \(designSet.prefix(12)), \(precision), \(clockNs) ns clock, \(vectors) vectors, seed \(seed), synthesis \(synthesis)"
    }
}

/// One point of a precision sweep: the same design at another fixed-point type.
public struct SweepPoint: Codable, Sendable, Equatable {
    public var precision: String
    public var totalBits: Int
    public var meanAbsError: Double
    public var maxAbsError: Double
    public var accuracy: Double?
    public var lut: Int?

    public init(precision: String, totalBits: Int, meanAbsError: Double, maxAbsError: Double, accuracy: Double? = nil, lut: Int? = nil) {
        self.precision = precision
        self.totalBits = totalBits
        self.meanAbsError = meanAbsError
        self.maxAbsError = maxAbsError
        self.accuracy = accuracy
        self.lut = lut
    }
}

/// A bad results or baseline file, named with its problem.
public struct ReportError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var problem: String
    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }
    public var description: String { "\(file): \(problem)" }
}

/// Reading and writing results files with the project's JSON conventions.
public enum ResultsFile {
    public static let readableSchemas = [CosimResults.schema, ReportDocument.schema, SchemaV1.results, SchemaV1.report]

    public static func encoder() -> JSONEncoder {
        let enc = JSONEncoder()
        enc.keyEncodingStrategy = .convertToSnakeCase
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return enc
    }

    public static func decoder() -> JSONDecoder {
        let dec = JSONDecoder()
        dec.keyDecodingStrategy = .convertFromSnakeCase
        return dec
    }

    /// Loads either schema from `path`; every failure names the file and what is wrong with it.
    public static func load(_ path: String) throws(ReportError) -> ReportDocument {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ReportError(file: path, problem: exists ? "cannot be read (\(error.localizedDescription))" : "no such file")
        }
        return try decode(data, file: path)
    }

    public static func decode(_ data: Data, file: String) throws(ReportError) -> ReportDocument {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw ReportError(file: file, problem: "is not valid JSON (\(jsonProblem(error, data: data)))")
        }
        guard let dict = object as? [String: Any] else {
            throw ReportError(file: file, problem: "is not a symbolforge results file (the top level is not a JSON object)")
        }
        guard let schema = dict["schema"] as? String else {
            throw ReportError(file: file, problem: "is not a symbolforge results file (no \"schema\" field); expected one of \(readableSchemas.joined(separator: ", "))")
        }
        do {
            switch schema {
            case ReportDocument.schema:
                return try decoder().decode(ReportDocument.self, from: data)
            case CosimResults.schema:
                return ReportDocument(try decoder().decode(CosimResults.self, from: data))
            case SchemaV1.results, SchemaV1.report:
                return try SchemaV1.migrate(dict, file: file)
            default:
                throw ReportError(file: file, problem: "has schema \"\(schema)\", which this symbolforge cannot read; it reads \(readableSchemas.joined(separator: ", ")). Regenerate the file with this version (for a baseline: symbolforge regress --update-baseline)")
            }
        } catch let e as ReportError {
            throw e
        } catch let e as DecodingError {
            throw ReportError(file: file, problem: "does not match schema \(schema): \(describe(e))")
        } catch {
            throw ReportError(file: file, problem: "\(error)")
        }
    }

    /// Writes through a temporary file and a rename so readers never see half a file.
    public static func write(_ doc: ReportDocument, to path: String) throws(ReportError) {
        let data: Data
        do { data = try encoder().encode(doc) } catch { throw ReportError(file: path, problem: "cannot encode results: \(error)") }
        do { try AtomicFile.write(data, to: path) } catch { throw ReportError(file: path, problem: "cannot be written (\(error.reason))") }
    }

    static func describe(_ e: DecodingError) -> String {
        func path(_ c: [CodingKey]) -> String {
            c.isEmpty ? "top level" : c.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch e {
        case .keyNotFound(let key, let ctx): return "missing field \"\(key.stringValue)\" at \(path(ctx.codingPath))"
        case .typeMismatch(_, let ctx): return "wrong type at \(path(ctx.codingPath)): \(ctx.debugDescription)"
        case .valueNotFound(_, let ctx): return "null at \(path(ctx.codingPath))"
        case .dataCorrupted(let ctx): return "bad value at \(path(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default: return "\(e)"
        }
    }

    /// A readable reason, with the line of the first bad byte when the parser does not give one.
    static func jsonProblem(_ error: Error, data: Data) -> String {
        let ns = error as NSError
        var text = (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
        if data.isEmpty { text = "the file is empty" }
        if let index = ns.userInfo["NSJSONSerializationErrorIndex"] as? Int, index <= data.count {
            let line = data.prefix(index).reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            text += " near line \(line)"
        }
        return text
    }
}
