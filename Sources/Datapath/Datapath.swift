import FixedPoint

/// Index of a node in a `Datapath`; nodes only refer to lower indices, so the node list is a topological order.
public struct NodeID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: NodeID, b: NodeID) -> Bool { a.index < b.index }
    public var description: String { "n\(index)" }
}

/// One fixed-point operation. Arithmetic ops produce their exact full-precision result; only `cast`
/// loses information, so every rounding decision in the design is a visible node.
public enum Op: Hashable, Sendable {
    /// Input port `i`, already in the node's format.
    case input(Int)
    /// A constant, as a raw value of the node's format.
    case constant(Int128)
    case add(NodeID, NodeID)
    case sub(NodeID, NodeID)
    case mul(NodeID, NodeID)
    case neg(NodeID)
    /// |x|, exact (one more integer bit than the operand).
    case abs(NodeID)
    /// Conversion into the node's format with its quantization and overflow modes.
    case cast(NodeID)
    /// Lookup in `Datapath.tables[table]`; the argument is already in the table's input format and the
    /// node's format is the table's output format. Hardware reads it through a registered ROM.
    case table(NodeID, table: Int)

    /// The operands, in order.
    public var operands: [NodeID] {
        switch self {
        case .input, .constant: return []
        case .add(let a, let b), .sub(let a, let b), .mul(let a, let b): return [a, b]
        case .neg(let a), .abs(let a), .cast(let a), .table(let a, _): return [a]
        }
    }

    /// Short mnemonic for listings and generated names.
    public var mnemonic: String {
        switch self {
        case .input: return "in"
        case .constant: return "const"
        case .add: return "add"
        case .sub: return "sub"
        case .mul: return "mul"
        case .neg: return "neg"
        case .abs: return "abs"
        case .cast: return "cast"
        case .table: return "table"
        }
    }
}

/// A typed node: an operation and the format of its result.
public struct Node: Hashable, Sendable {
    public var op: Op
    public var format: FixedFormat
    public init(op: Op, format: FixedFormat) {
        self.op = op
        self.format = format
    }
}

/// A named port of the design.
public struct Port: Hashable, Sendable {
    public var name: String
    public var format: FixedFormat
    public init(name: String, format: FixedFormat) {
        self.name = name
        self.format = format
    }
}

/// A design output: a port fed by a node.
public struct Output: Hashable, Sendable {
    public var name: String
    public var node: NodeID
    public init(name: String, node: NodeID) {
        self.name = name
        self.node = node
    }
}

/// The typed fixed-point dataflow graph every backend prints and the golden model evaluates.
public struct Datapath: Hashable, Sendable {
    public var name: String
    public var inputs: [Port]
    public var nodes: [Node]
    public var outputs: [Output]
    /// Lookup tables read by `.table` nodes.
    public var tables: [FunctionTable]

    public init(name: String, inputs: [Port], nodes: [Node] = [], outputs: [Output] = [], tables: [FunctionTable] = []) {
        self.name = name
        self.inputs = inputs
        self.nodes = nodes
        self.outputs = outputs
        self.tables = tables
    }

    public subscript(id: NodeID) -> Node { nodes[id.index] }

    /// The format of each output port.
    public func outputFormat(_ o: Output) -> FixedFormat { self[o.node].format }

    /// A readable listing, one node per line, for golden files and debugging.
    public var listing: String {
        var lines = ["datapath \(name)"]
        for (i, p) in inputs.enumerated() { lines.append("  input \(i) \(p.name): \(p.format.fullDescription)") }
        for (i, n) in nodes.enumerated() {
            let args: String
            switch n.op {
            case .input(let k): args = "\(inputs[k].name)"
            case .constant(let raw): args = "\(raw) (= \(n.format.double(fromRaw: raw)))"
            case .table(let a, let t):
                let tb = tables[t]
                args = "\(a), t\(t) \(tb.function.rawValue) \(tb.size) entries on [\(tb.start), \(tb.end))\(tb.periodic ? " periodic" : "")"
                    + (tb.segments.map { " segmented \($0.count)×\(1 << $0.mantissaBits)" } ?? "")
            default: args = n.op.operands.map(\.description).joined(separator: ", ")
            }
            lines.append("  n\(i) = \(n.op.mnemonic) \(args) : \(n.format.fullDescription)")
        }
        for o in outputs { lines.append("  output \(o.name) = \(o.node)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
