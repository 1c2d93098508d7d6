import Foundation

/// A model file that cannot be used, with the file and the place inside it.
public struct ModelFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String
    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }
    public var description: String { "\(file): \(message)" }
}

/// Limits on a loaded model's shape, checked before anything is sized by it (docs/limits.md).
public enum ModelLimits {
    public static let maxInputs = 4096
    public static let maxOutputs = 1024
    public static let maxLayers = 64
    public static let maxNodesPerLayer = 4096
}

extension SymbolNetModel {
    /// Reads and checks a model file; every failure names the file and, for JSON errors, the key path.
    public static func read(contentsOf url: URL) throws(ModelFileError) -> SymbolNetModel {
        let file = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            throw ModelFileError(file: file, message: "model file does not exist; train one with `symbolforge train --out FILE`")
        }
        guard !isDirectory.boolValue else { throw ModelFileError(file: file, message: "is a directory, not a model file") }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ModelFileError(file: file, message: "cannot be read (check its permissions)")
        }
        do {
            return try load(from: data)
        } catch let e as ModelFileError {
            throw ModelFileError(file: file, message: e.message)
        } catch let e as DecodingError {
            throw ModelFileError(file: file, message: describe(e))
        } catch {
            throw ModelFileError(file: file, message: "\(error)")
        }
    }

    /// Checks the shape of a decoded architecture before its parameter layout is computed.
    static func checkShape(_ a: SymbolNetArchitecture) throws(ModelFileError) {
        func bad(_ m: String) -> ModelFileError { ModelFileError(file: "<model>", message: "architecture: \(m) (docs/limits.md)") }
        guard (1...ModelLimits.maxInputs).contains(a.inputs) else { throw bad("inputs \(a.inputs) must be 1…\(ModelLimits.maxInputs)") }
        guard (1...ModelLimits.maxOutputs).contains(a.outputs) else { throw bad("outputs \(a.outputs) must be 1…\(ModelLimits.maxOutputs)") }
        guard a.hidden.count <= ModelLimits.maxLayers else { throw bad("\(a.hidden.count) hidden layers; at most \(ModelLimits.maxLayers)") }
        for (i, l) in a.hidden.enumerated() where l.outputs == 0 || l.outputs > ModelLimits.maxNodesPerLayer {
            throw bad("hidden layer \(i + 1) has \(l.outputs) nodes; give 1…\(ModelLimits.maxNodesPerLayer)")
        }
    }

    /// A DecodingError as one line: what is wrong and where in the JSON.
    static func describe(_ e: DecodingError) -> String {
        func path(_ c: DecodingError.Context) -> String {
            let p = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "the top level" : String(p.drop { $0 == "." })
        }
        switch e {
        case .dataCorrupted(let c):
            return c.codingPath.isEmpty ? "is not valid JSON" : "\(path(c)): \(c.debugDescription)"
        case .keyNotFound(let key, let c):
            return "missing key '\(key.stringValue)' in \(path(c)); is this a model written by `symbolforge train`?"
        case .typeMismatch(let type, let c):
            return "\(path(c)) should be \(type)"
        case .valueNotFound(let type, let c):
            return "\(path(c)) is null but should be \(type)"
        @unknown default:
            return "cannot be decoded"
        }
    }
}
