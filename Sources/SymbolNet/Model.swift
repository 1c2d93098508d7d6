import Foundation

/// Progress of one training epoch: losses, accuracy, the four hard sparsities and wall time.
public struct SymbolNetEpoch: Codable, Equatable, Sendable {
    public var epoch: Int
    /// Mean total loss L·(1 + ΣR/L) over the epoch's steps.
    public var loss: Double
    /// Mean data loss L (MSE or cross-entropy, as configured) over the epoch's steps.
    public var regressionLoss: Double
    /// Training accuracy over the epoch (classification only).
    public var accuracy: Double?
    public var sparsityInput: Double
    public var sparsityWeight: Double
    public var sparsityUnary: Double
    public var sparsityBinary: Double
    public var seconds: Double

    public static let csvHeader = "epoch,loss,regression_loss,accuracy,sparsity_input,sparsity_weight,sparsity_unary,sparsity_binary,seconds"

    public var csvRow: String {
        let acc = accuracy.map { "\($0)" } ?? ""
        return "\(epoch),\(loss),\(regressionLoss),\(acc),\(sparsityInput),\(sparsityWeight),\(sparsityUnary),\(sparsityBinary),\(seconds)"
    }
}

/// A trained (or loaded) SymbolNet: architecture, parameters, the config it was trained with and its history.
public struct SymbolNetModel: Codable, Equatable, Sendable {
    /// Version of the JSON layout written by `jsonData()`; bumped on any incompatible change.
    public static let formatVersion = 1

    public var formatVersion: Int
    public var architecture: SymbolNetArchitecture
    public var config: SymbolNetConfig
    /// Flat parameter vector in `ParameterLayout` order (thresholds included).
    public var parameters: [Double]
    /// Names of the input columns, if known (used when printing formulas).
    public var inputNames: [String]?
    /// Names of the outputs (the class names of a classifier), if known; extraction names formulas after them.
    public var outputNames: [String]?
    public var history: [SymbolNetEpoch]

    public init(architecture: SymbolNetArchitecture, config: SymbolNetConfig, parameters: [Double],
                inputNames: [String]? = nil, outputNames: [String]? = nil, history: [SymbolNetEpoch] = []) {
        precondition(parameters.count == ParameterLayout(architecture).count, "parameter count does not match the architecture")
        self.formatVersion = Self.formatVersion
        self.architecture = architecture
        self.config = config
        self.parameters = parameters
        self.inputNames = inputNames
        self.outputNames = outputNames
        self.history = history
    }

    public var layout: ParameterLayout { ParameterLayout(architecture) }

    /// Hard sparsities and regularisation factors of the current parameters.
    public var pruning: PruningState {
        let e = Engine<Double>(arch: architecture, targets: config.sparsity, params: parameters)
        e.prepare()
        return e.pruning
    }

    /// Indices of the inputs that survive pruning.
    public var activeInputs: [Int] {
        let l = layout
        return (0..<l.inputCount).filter { parameters[l.inputThresholds + $0] < 1 }
    }

    /// Network outputs for each row (Double precision forward pass with the hard masks).
    public func predict(_ rows: [[Double]]) throws(SymbolNetError) -> [[Double]] {
        let nIn = architecture.inputs, nOut = architecture.outputs
        for (r, row) in rows.enumerated() {
            guard row.count == nIn else {
                throw .shapeMismatch("row \(r) has \(row.count) values; the model has \(nIn) inputs")
            }
        }
        guard !rows.isEmpty else { return [] }
        let e = Engine<Double>(arch: architecture, targets: config.sparsity, params: parameters)
        e.prepare()
        let chunk = 1024
        let ws = Workspace<Double>(arch: architecture, layout: e.layout, capacity: Swift.min(chunk, rows.count))
        var out: [[Double]] = []
        out.reserveCapacity(rows.count)
        var start = 0
        while start < rows.count {
            let m = Swift.min(chunk, rows.count - start)
            ws.rows = m
            for r in 0..<m { for k in 0..<nIn { ws.xRaw[k * m + r] = rows[start + r][k] } }
            e.forward(ws)
            let yHat = ws.zs.last!
            for r in 0..<m { out.append((0..<nOut).map { yHat[$0 * m + r] }) }
            start += m
        }
        return out
    }

    /// Network outputs under a fixed-point emulation (the forward pass of quantization-aware training):
    /// what the model expects the hardware of its extracted formulas to compute.
    public func predictEmulated(_ rows: [[Double]], emulation: QuantizationEmulation) throws(SymbolNetError) -> [[Double]] {
        let nIn = architecture.inputs, nOut = architecture.outputs
        for (r, row) in rows.enumerated() where row.count != nIn {
            throw .shapeMismatch("row \(r) has \(row.count) values; the model has \(nIn) inputs")
        }
        guard !rows.isEmpty else { return [] }
        let e = Engine<Double>(arch: architecture, targets: config.sparsity, params: parameters)
        let masks = e.currentMasks()
        let q = QuantizedForward<Double>(emulation: emulation, arch: architecture)
        e.prepareFrozen(masks, constant: nil, written: [])
        e.prepareFoldedConstants(q, masks: masks)
        let ws = Workspace<Double>(arch: architecture, layout: e.layout, capacity: rows.count)
        ws.rows = rows.count
        let m = rows.count
        for r in 0..<m { for k in 0..<nIn { ws.xRaw[k * m + r] = rows[r][k] } }
        e.forwardQuantized(ws, q)
        let yHat = ws.zs.last!
        return (0..<m).map { r in (0..<nOut).map { yHat[$0 * m + r] } }
    }

    /// Predicted class (argmax of the outputs) for each row.
    public func classify(_ rows: [[Double]]) throws(SymbolNetError) -> [Int] {
        try predict(rows).map { o in o.indices.max(by: { o[$0] < o[$1] }) ?? 0 }
    }

    /// The training log as CSV, one line per epoch.
    public func trainingLogCSV() -> String {
        ([SymbolNetEpoch.csvHeader] + history.map(\.csvRow)).joined(separator: "\n") + "\n"
    }

    /// Writes `trainingLogCSV()` to `url`.
    public func writeTrainingLog(to url: URL) throws {
        try Data(trainingLogCSV().utf8).write(to: url, options: .atomic)
    }

    /// Pretty-printed JSON with sorted keys, so files diff cleanly.
    public func jsonData() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try enc.encode(self)
    }

    public func save(to url: URL) throws { try jsonData().write(to: url, options: .atomic) }

    /// Reads a model file, checking the format version and that the parameters fit the architecture.
    public static func load(from data: Data) throws -> SymbolNetModel {
        struct VersionOnly: Decodable { var formatVersion: Int }
        let v = try JSONDecoder().decode(VersionOnly.self, from: data)
        guard v.formatVersion == formatVersion else {
            throw SymbolNetError.unsupportedModelVersion(found: v.formatVersion, supported: formatVersion)
        }
        let m = try JSONDecoder().decode(SymbolNetModel.self, from: data)
        try checkShape(m.architecture)
        let expected = ParameterLayout(m.architecture).count
        guard m.parameters.count == expected else {
            throw SymbolNetError.shapeMismatch("model file holds \(m.parameters.count) parameters; its architecture needs \(expected)")
        }
        return m
    }

    public static func load(from url: URL) throws -> SymbolNetModel { try load(from: Data(contentsOf: url)) }
}
