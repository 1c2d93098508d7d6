/// Where one implementation first disagreed with the golden model: per failing output the first vector
/// (its inputs, the expected and actual value, the cycle it left the design) and the further failures;
/// for the RTL also the first datapath node whose value differs.
///
/// An optional section of a design's results (`DesignResult.failures`), written only when a run fails.
public struct FailureReport: Codable, Sendable, Equatable {
    /// `verilator`, `icarus`, `hls_csim` or `rtl` (a user's module under `cosim --rtl`).
    public var implementation: String
    public var outputs: [OutputFailure]
    /// The first node (topological order) whose RTL value differs from the golden model's; nil when not localised.
    public var divergence: Divergence?
    /// Why the divergence was not localised, when it was not.
    public var divergenceNote: String?
    /// Files written for this failure (kind → path): `report`, `repro`, `waveform`.
    public var files: [String: String]

    public init(implementation: String, outputs: [OutputFailure], divergence: Divergence? = nil, divergenceNote: String? = nil, files: [String: String] = [:]) {
        self.implementation = implementation
        self.outputs = outputs
        self.divergence = divergence
        self.divergenceNote = divergenceNote
        self.files = files
    }

    /// A fixed-point value: real value and raw two's-complement bits, most significant first.
    public struct Value: Codable, Sendable, Equatable {
        public var value: Double
        public var bits: String
        public init(value: Double, bits: String) {
            self.value = value
            self.bits = bits
        }
    }

    /// One input of the failing vector.
    public struct Input: Codable, Sendable, Equatable {
        public var name: String
        public var format: String
        public var value: Value
        public init(name: String, format: String, value: Value) {
            self.name = name
            self.format = format
            self.value = value
        }
    }

    /// The first failure of one output and how many followed.
    public struct OutputFailure: Codable, Sendable, Equatable {
        public var output: String
        public var format: String
        /// Index of the first failing vector in the run (edge cases first).
        public var vector: Int
        public var inputs: [Input]
        public var expected: Value
        public var actual: Value
        /// `^` under every bit that differs, `.` elsewhere, aligned with `expected.bits`.
        public var differingBits: String
        /// Cycle (from the first reset cycle) at which the result left the design; nil for an untimed implementation.
        public var cycle: Int?
        /// Failing vectors of this output in all.
        public var failures: Int
        /// Indices of the failing vectors, the first included, up to `indicesCap`.
        public var indices: [Int]
        public var indicesCap: Int

        public init(output: String, format: String, vector: Int, inputs: [Input], expected: Value, actual: Value, differingBits: String,
                    cycle: Int?, failures: Int, indices: [Int], indicesCap: Int) {
            self.output = output
            self.format = format
            self.vector = vector
            self.inputs = inputs
            self.expected = expected
            self.actual = actual
            self.differingBits = differingBits
            self.cycle = cycle
            self.failures = failures
            self.indices = indices
            self.indicesCap = indicesCap
        }
    }

    /// The first datapath node whose RTL value differs, with what fed it.
    public struct Divergence: Codable, Sendable, Equatable {
        /// `n<index>`, the node's name in the datapath listing; `signal` is its wire in the RTL.
        public var node: String
        public var signal: String
        public var operation: String
        public var format: String
        public var operands: [Operand]
        public var expected: Value
        public var actual: Value
        /// The vector and the cycle (of the re-run window) at which the node was compared.
        public var vector: Int
        public var cycle: Int
        /// The formula the node belongs to (the first output whose cone holds it) and its line in the source.
        public var output: String
        public var formulaLine: Int
        public var formula: String
        public init(node: String, signal: String, operation: String, format: String, operands: [Operand], expected: Value, actual: Value,
                    vector: Int, cycle: Int, output: String, formulaLine: Int, formula: String) {
            self.node = node
            self.signal = signal
            self.operation = operation
            self.format = format
            self.operands = operands
            self.expected = expected
            self.actual = actual
            self.vector = vector
            self.cycle = cycle
            self.output = output
            self.formulaLine = formulaLine
            self.formula = formula
        }
    }

    /// An operand of the diverging node, with the golden model's value (the RTL agrees on it).
    public struct Operand: Codable, Sendable, Equatable {
        public var node: String
        public var operation: String
        public var format: String
        public var value: Value
        public init(node: String, operation: String, format: String, value: Value) {
            self.node = node
            self.operation = operation
            self.format = format
            self.value = value
        }
    }
}

extension FailureReport {
    /// The report as text lines: the terminal summary and the report page show these.
    public var summaryLines: [String] {
        let r = self
        var lines: [String] = []
        for o in r.outputs {
            lines.append("\(r.implementation) output \(o.output): first failure at vector \(o.vector)\(o.cycle.map { ", left the design in cycle \($0)" } ?? "")")
            lines.append("  inputs   " + o.inputs.map { "\($0.name)=\(Self.fmt($0.value.value)) (\($0.value.bits))" }.joined(separator: " "))
            lines.append("  expected \(o.expected.bits)  \(Self.fmt(o.expected.value))")
            lines.append("  actual   \(o.actual.bits)  \(Self.fmt(o.actual.value))")
            lines.append("           \(o.differingBits)")
            let more = o.failures - 1
            if more > 0 {
                let shown = o.indices.dropFirst()
                lines.append("  \(more) further failure(s): vectors \(shown.map(String.init).joined(separator: ", "))\(o.failures > o.indices.count ? ", … (first \(o.indicesCap) listed)" : "")")
            }
        }
        if let dv = r.divergence {
            lines.append("  first diverging node: \(dv.node) (\(dv.signal)) = \(dv.operation) : \(dv.format)")
            lines.append("    expected \(dv.expected.bits) (\(Self.fmt(dv.expected.value))), RTL \(dv.actual.bits) (\(Self.fmt(dv.actual.value))) in cycle \(dv.cycle) of the window")
            for op in dv.operands { lines.append("    operand \(op.node) = \(op.operation) : \(op.format) is \(Self.fmt(op.value.value)) (\(op.value.bits))") }
            lines.append("    from output \(dv.output)\(dv.formulaLine > 0 ? ", line \(dv.formulaLine)" : ""): \(dv.formula)")
        } else if r.divergenceNote != nil {
            lines.append("  diverging node not localised")
        }
        if let note = r.divergenceNote { lines.append("  note: \(note)") }
        for k in r.files.keys.sorted() { lines.append("  \(k): \(r.files[k]!)") }
        return lines
    }

    static func fmt(_ x: Double) -> String { "\(x)" }
}
