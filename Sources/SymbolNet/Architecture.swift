/// The shape of a SymbolNet: inputs, hidden symbolic layers with the operator of every node, outputs.
public struct SymbolNetArchitecture: Codable, Equatable, Sendable {
    /// One hidden symbolic layer: the operator of each unary node and each binary node.
    public struct Layer: Codable, Equatable, Sendable {
        public var unary: [UnaryOperator]
        public var binary: [BinaryOperatorKind]
        public init(unary: [UnaryOperator], binary: [BinaryOperatorKind]) {
            self.unary = unary
            self.binary = binary
        }
        /// Outputs of the linear part: one per unary node, two per binary node.
        public var width: Int { unary.count + 2 * binary.count }
        /// Outputs of the layer after the activations.
        public var outputs: Int { unary.count + binary.count }
    }

    public var inputs: Int
    public var hidden: [Layer]
    public var outputs: Int

    public init(inputs: Int, hidden: [Layer], outputs: Int) {
        self.inputs = inputs
        self.hidden = hidden
        self.outputs = outputs
    }

    /// Builds the layers of `config`, assigning operators round-robin within each layer as the reference does.
    public init(inputs: Int, outputs: Int, config: SymbolNetConfig) {
        self.inputs = inputs
        self.outputs = outputs
        self.hidden = config.layers.map { spec in
            Layer(unary: (0..<spec.unary).map { config.unaryOperators[$0 % config.unaryOperators.count] },
                  binary: (0..<spec.binary).map { config.binaryOperators[$0 % config.binaryOperators.count] })
        }
    }
}

/// Where each parameter group lives in the flat parameter vector.
///
/// Per layer the weights `W` (row-major, inputs × width) are followed by the biases, and the weight
/// thresholds by the bias thresholds in the same order, so entry `values + i` pairs with `thresholds + i`.
public struct ParameterLayout: Equatable, Sendable {
    /// Offsets of one linear layer (hidden or output).
    public struct Linear: Equatable, Sendable {
        public var inDim: Int
        public var width: Int
        /// Start of W (inDim·width values, row-major), followed by b (width values).
        public var weights: Int
        /// Start of the thresholds T_W then T_b, parallel to `weights`.
        public var thresholds: Int
        /// Start of the unary thresholds (hidden layers only).
        public var unaryThresholds: Int
        public var unaryCount: Int
        /// Start of the binary thresholds (hidden layers only).
        public var binaryThresholds: Int
        public var binaryCount: Int
        public var weightCount: Int { inDim * width + width }
        public var biases: Int { weights + inDim * width }
        public var biasThresholds: Int { thresholds + inDim * width }
    }

    public var inputThresholds: Int
    public var inputCount: Int
    /// Hidden layers, then the output layer last.
    public var layers: [Linear]
    public var count: Int

    public init(_ arch: SymbolNetArchitecture) {
        var off = 0
        inputThresholds = 0
        inputCount = arch.inputs
        off += arch.inputs
        var layers: [Linear] = []
        var inDim = arch.inputs
        for l in arch.hidden {
            let n = inDim * l.width + l.width
            let lin = Linear(inDim: inDim, width: l.width, weights: off, thresholds: off + n,
                             unaryThresholds: off + 2 * n, unaryCount: l.unary.count,
                             binaryThresholds: off + 2 * n + l.unary.count, binaryCount: l.binary.count)
            off += 2 * n + l.unary.count + l.binary.count
            layers.append(lin)
            inDim = l.outputs
        }
        let n = inDim * arch.outputs + arch.outputs
        layers.append(Linear(inDim: inDim, width: arch.outputs, weights: off, thresholds: off + n,
                             unaryThresholds: off + 2 * n, unaryCount: 0,
                             binaryThresholds: off + 2 * n, binaryCount: 0))
        off += 2 * n
        self.layers = layers
        self.count = off
    }

    /// Total number of weights and biases (the weight-sparsity population).
    public var weightCount: Int { layers.reduce(0) { $0 + $1.weightCount } }
    public var unaryCount: Int { layers.reduce(0) { $0 + $1.unaryCount } }
    public var binaryCount: Int { layers.reduce(0) { $0 + $1.binaryCount } }
}
