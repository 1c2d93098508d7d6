import FixedPoint
import SymbolicExpression

/// Why an expression cannot be turned into hardware, with the formula and sub-expression at fault.
public struct LoweringError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Name of the output whose formula failed.
    public var output: String
    /// Line of that formula in its file (0 when unknown).
    public var line: Int
    /// The offending sub-expression, printed.
    public var subexpression: String
    public var message: String

    public var description: String {
        let place = line > 0 ? "line \(line), " : ""
        return "\(place)output '\(output)': \(message)\n    in: \(subexpression)"
    }
}

/// Turns expressions into a typed `Datapath` under a precision plan.
///
/// Identical sub-expressions share one node, constant sub-trees are folded in floating point before
/// they are quantized once, integer powers become multiplier chains, and every output ends in a cast
/// to the plan's output type.
public struct Lowering {
    public var plan: PrecisionPlan
    /// Inputs of the design; formulas may not read beyond it.
    public var inputNames: [String]

    public init(plan: PrecisionPlan, inputCount: Int, inputNames: [String]? = nil) {
        self.plan = plan
        self.inputNames = inputNames ?? (0..<inputCount).map { "x\($0)" }
    }

    /// Lowers every formula of the set into one design with one output per formula.
    public func lower(_ set: FormulaSet, name: String) throws(LoweringError) -> Datapath {
        var builder = Builder(datapath: Datapath(name: name, inputs: inputNames.map { Port(name: $0, format: plan.inputFormat) }))
        for f in set.formulas {
            var ctx = Context(output: f.name, line: f.line)
            let root = try lower(f.expr, &builder, &ctx)
            let out = builder.add(Node(op: .cast(root), format: plan.outputFormat))
            builder.datapath.outputs.append(Output(name: f.name, node: out))
        }
        return builder.datapath
    }

    struct Context {
        var output: String
        var line: Int
    }

    struct Builder {
        var datapath: Datapath
        var index: [Node: NodeID] = [:]

        mutating func add(_ node: Node) -> NodeID {
            if let id = index[node] { return id }
            let id = NodeID(datapath.nodes.count)
            datapath.nodes.append(node)
            index[node] = id
            return id
        }

        func format(_ id: NodeID) -> FixedFormat { datapath.nodes[id.index].format }
    }

    func fail(_ e: Expr, _ ctx: Context, _ message: String) -> LoweringError {
        LoweringError(output: ctx.output, line: ctx.line, subexpression: e.description, message: message)
    }

    func lower(_ e: Expr, _ b: inout Builder, _ ctx: inout Context) throws(LoweringError) -> NodeID {
        if e.variables.isEmpty {
            let v = e.evaluate([])
            guard v.isFinite else { throw fail(e, ctx, "constant sub-expression evaluates to \(v)") }
            return constant(v, &b)
        }
        switch e {
        case .number(let v):
            return constant(v, &b)
        case .variable(let i):
            guard i < inputNames.count else {
                throw fail(e, ctx, "variable x\(i) is beyond the \(inputNames.count) inputs; raise --inputs to at least \(i + 1)")
            }
            return b.add(Node(op: .input(i), format: plan.inputFormat))
        case .negate(let a):
            let x = try lower(a, &b, &ctx)
            return try arith(.neg(x), FixedFormat.negation(b.format(x)), e, &b, ctx)
        case .binary(let op, let l, let r):
            switch op {
            case .add, .sub, .mul:
                let x = try lower(l, &b, &ctx)
                let y = try lower(r, &b, &ctx)
                let fx = b.format(x), fy = b.format(y)
                switch op {
                case .add: return try arith(.add(x, y), .sum(fx, fy), e, &b, ctx)
                case .sub: return try arith(.sub(x, y), .difference(fx, fy), e, &b, ctx)
                default: return try arith(.mul(x, y), .product(fx, fy), e, &b, ctx)
                }
            case .div:
                guard r.variables.isEmpty else {
                    throw fail(e, ctx, "division by a non-constant needs a reciprocal table, which this design flow does not provide yet")
                }
                let c = r.evaluate([])
                guard c != 0, c.isFinite else { throw fail(e, ctx, "division by the constant \(c)") }
                let x = try lower(l, &b, &ctx)
                let k = constant(1 / c, &b)
                return try arith(.mul(x, k), .product(b.format(x), b.format(k)), e, &b, ctx)
            case .pow:
                guard case .number(let p) = r, p == p.rounded(), p >= 1, p <= 64 else {
                    throw fail(e, ctx, "only positive integer constant powers (x**2 … x**64) are supported in hardware")
                }
                let x = try lower(l, &b, &ctx)
                return try power(x, Int(p), e, &b, ctx)
            }
        case .call(let f, let a):
            switch f {
            case .square:
                let x = try lower(a, &b, &ctx)
                return try power(x, 2, e, &b, ctx)
            case .cube:
                let x = try lower(a, &b, &ctx)
                return try power(x, 3, e, &b, ctx)
            default:
                throw fail(e, ctx, "function '\(f.rawValue)' has no hardware implementation in this design flow yet")
            }
        }
    }

    func constant(_ v: Double, _ b: inout Builder) -> NodeID {
        let t = plan.constantFormat
        return b.add(Node(op: .constant(t.raw(fromDouble: v)), format: t.with()))
    }

    /// Exponentiation by squaring, sharing the squares.
    func power(_ x: NodeID, _ p: Int, _ e: Expr, _ b: inout Builder, _ ctx: Context) throws(LoweringError) -> NodeID {
        if p == 1 { return x }
        let half = try power(x, p / 2, e, &b, ctx)
        let sq = try arith(.mul(half, half), .product(b.format(half), b.format(half)), e, &b, ctx)
        if p % 2 == 0 { return sq }
        return try arith(.mul(sq, x), .product(b.format(sq), b.format(x)), e, &b, ctx)
    }

    func arith(_ op: Op, _ format: FixedFormat, _ e: Expr, _ b: inout Builder, _ ctx: Context) throws(LoweringError) -> NodeID {
        guard format.width <= FixedFormat.fastPathMaxWidth else {
            throw fail(e, ctx, "the exact intermediate result needs \(format.width) bits (more than \(FixedFormat.fastPathMaxWidth)); use a narrower precision")
        }
        return b.add(Node(op: op, format: format))
    }
}
