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
        if output.isEmpty { return "\(place)\(message)" }
        let shown = subexpression.count > 200 ? String(subexpression.prefix(200)) + "…" : subexpression
        // Errors about a whole output (an accuracy target it cannot meet) have no sub-expression to show.
        return "\(place)output '\(output)': \(message)" + (shown.isEmpty ? "" : "\n    in: \(shown)")
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
    /// How functions become lookup tables.
    public var tables: TableConfig
    /// How signed constants are quantized.
    public var constantStyle: ConstantStyle = .asWritten
    /// The delays the design will be scheduled with: the optimized plan reassociates its sums for them
    /// (`Reassociation`), which changes no value. nil leaves the sums as written.
    public var timing: DelayModel?

    /// Where a constant's sign is applied relative to its quantization.
    public enum ConstantStyle: String, Hashable, Sendable, CaseIterable {
        /// Every constant is quantized with its sign, as written (`-1.7` → TRN(−1.7)).
        case asWritten
        /// SymPy/hls4ml's printing: a negative product coefficient is quantized by magnitude and negated
        /// (`-result_t(1.7)*x`), a subtracted constant is added as its quantized negative (`x + result_t(-0.7)`).
        case sympy
    }

    /// Widest intermediate kept exact; wider results lose low fraction bits (never integer bits).
    /// 62 keeps every product of two intermediates inside the exact 128-bit engine.
    public var maxIntermediateWidth = 62

    /// A lowering under `plan`; tables and the constant convention default to the plan's.
    public init(plan: PrecisionPlan, inputCount: Int, inputNames: [String]? = nil, tables: TableConfig? = nil) {
        self.plan = plan
        self.inputNames = inputNames ?? (0..<inputCount).map { "x\($0)" }
        self.tables = tables ?? plan.defaultTables
        self.constantStyle = plan.defaultConstantStyle
    }

    /// Lowers every formula of the set into one design with one output per formula.
    public func lower(_ set: FormulaSet, name: String) throws(LoweringError) -> Datapath {
        try lowerWithPlan(set, name: name).datapath
    }

    /// Lowers under the plan and, for the optimized plan, also returns the search's result (formats, reasons, metrics).
    public func lowerWithPlan(_ set: FormulaSet, name: String) throws(LoweringError) -> (datapath: Datapath, search: PrecisionSearch.Result?) {
        guard case .optimized(let target) = plan else { return (try lowerReference(set, name: name), nil) }
        if let e = target.maxError, !(e > 0) {
            throw LoweringError(output: set.formulas.first?.name ?? "", line: 0, subexpression: "", message: "--max-error \(e) must be positive")
        }
        if let p = target.minAgreement, !(p > 0 && p <= 1) {
            throw LoweringError(output: set.formulas.first?.name ?? "", line: 0, subexpression: "", message: "--min-agreement \(p) must be in (0, 1]")
        }
        if target.minAgreement != nil && set.formulas.count < 2 {
            throw LoweringError(output: set.formulas.first?.name ?? "", line: 0, subexpression: "",
                                message: "--min-agreement compares the argmax over several outputs, and this design has one; give --max-error E instead")
        }
        if target.agreementTarget(outputs: set.formulas.count) == nil && target.maxError == nil {
            throw LoweringError(output: set.formulas.first?.name ?? "", line: 0, subexpression: "",
                                message: "the optimized plan needs an accuracy target for a single-output design: give --max-error E (and/or --min-agreement P for classifiers)")
        }
        var reference = self
        reference.tables.reductionConstantBits = PrecisionSearch.referenceReductionBits
        reference.foldReductionScale = true
        let d0 = try reference.lowerReference(set, name: name)
        var search = try PrecisionSearch(reference: d0, formulas: set, target: target)
        var result = try search.run()
        if let timing { result = result.reassociated(for: timing) }
        return (result.datapath, result)
    }

    /// Fold a periodic function's argument scale into its range-reduction constant (sin(c·z) reads z·c/2π),
    /// when that needs no more constant multiplies. Only the optimized plan's reference lowering does this.
    var foldReductionScale = false

    func lowerReference(_ set: FormulaSet, name: String) throws(LoweringError) -> Datapath {
        try HardwareNames.check(set, inputNames: inputNames, design: name)
        do { try plan.checkWidths() } catch { throw LoweringError(output: "", line: 0, subexpression: name, message: error.message) }
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
        var tableIndex: [FunctionTable: Int] = [:]

        mutating func table(_ t: FunctionTable) -> Int {
            if let i = tableIndex[t] { return i }
            datapath.tables.append(t)
            tableIndex[t] = datapath.tables.count - 1
            return datapath.tables.count - 1
        }

        var ranges: [Interval] = []

        mutating func add(_ node: Node) -> NodeID {
            if let id = index[node] { return id }
            let id = NodeID(datapath.nodes.count)
            datapath.nodes.append(node)
            ranges.append(RangeAnalysis.interval(of: node, in: datapath) { ranges[$0.index] })
            index[node] = id
            return id
        }

        /// The value range of an operation's result before it is added.
        func range(of op: Op, format: FixedFormat) -> Interval {
            RangeAnalysis.interval(of: Node(op: op, format: format), in: datapath) { ranges[$0.index] }
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
            case .mul:
                return try product(e, &b, &ctx)
            case .add where Self.isChain(l), .sub where Self.isChain(l):
                return try chain(e, &b, &ctx)
            case .sub where constantStyle == .sympy && r.variables.isEmpty:
                let x = try lower(l, &b, &ctx)
                let k = constant(-r.evaluate([]), &b)
                return try arith(.add(x, k), .sum(b.format(x), b.format(k)), e, &b, ctx)
            case .add, .sub:
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
                    // a / b = a · inv(b), with 1/x from a table.
                    let x = try lower(l, &b, &ctx)
                    let y = try function(.inv, r, e, &b, &ctx)
                    return try arith(.mul(x, y), .product(b.format(x), b.format(y)), e, &b, ctx)
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
            case .exp:
                // exp(-c·z²) is SymbolNet's gauss operator: one table over z instead of exp over a huge negative range.
                if let (c, z) = Self.negativeSquare(a) {
                    return try function(.gauss, c == 1 ? z : .number(c.squareRoot()) * z, e, &b, &ctx)
                }
                return try function(.exp, a, e, &b, &ctx)
            case .abs:
                let x = try lower(a, &b, &ctx)
                return try arith(.abs(x), FixedFormat.negation(b.format(x)), e, &b, ctx)
            default:
                return try function(TableFunction(f)!, a, e, &b, &ctx)
            }
        }
    }

    static func isChain(_ e: Expr) -> Bool {
        if case .binary(.add, _, _) = e { return true }
        if case .binary(.sub, _, _) = e { return true }
        return false
    }

    /// A chain of additions and subtractions, lowered in a loop rather than one recursion per term, so a
    /// long flat sum does not exhaust the stack. Nodes are created in the order the recursive rule would
    /// create them (left operand first), so the datapath is the same.
    func chain(_ e: Expr, _ b: inout Builder, _ ctx: inout Context) throws(LoweringError) -> NodeID {
        // The left spine: spine[0] is e, each next one the left operand of the one before.
        var spine: [Expr] = []
        var node = e
        while Self.isChain(node), case .binary(_, let l, _) = node {
            spine.append(node)
            node = l
        }
        // A spine node is constant when its base and every right operand up to it are; constant prefixes fold.
        var isConstant = [Bool](repeating: false, count: spine.count)
        var below = node.variables.isEmpty
        for k in spine.indices.reversed() {
            guard case .binary(_, _, let r) = spine[k] else { continue }
            below = below && r.variables.isEmpty
            isConstant[k] = below
        }
        var start = spine.count
        while start > 0 && isConstant[start - 1] { start -= 1 }
        var acc = start < spine.count ? try lower(spine[start], &b, &ctx) : try lower(node, &b, &ctx)
        for k in stride(from: start - 1, through: 0, by: -1) {
            guard case .binary(let op, _, let r) = spine[k] else { continue }
            if op == .sub && constantStyle == .sympy && r.variables.isEmpty {
                let c = constant(-r.evaluate([]), &b)
                acc = try arith(.add(acc, c), .sum(b.format(acc), b.format(c)), spine[k], &b, ctx)
                continue
            }
            let y = try lower(r, &b, &ctx)
            let fx = b.format(acc), fy = b.format(y)
            acc = op == .add ? try arith(.add(acc, y), .sum(fx, fy), spine[k], &b, ctx)
                : try arith(.sub(acc, y), .difference(fx, fy), spine[k], &b, ctx)
        }
        return acc
    }

    /// Matches `-c·z**2` (any factor order, or `-(z**2)`) with c > 0.
    static func negativeSquare(_ a: Expr) -> (Double, Expr)? {
        func square(_ x: Expr) -> Expr? {
            if case .binary(.pow, let z, .number(2)) = x { return z }
            if case .call(.square, let z) = x { return z }
            return nil
        }
        switch a {
        case .negate(let x): if let z = square(x) { return (1, z) }
        case .binary(.mul, .number(let c), let x) where c < 0: if let z = square(x) { return (-c, z) }
        case .binary(.mul, let x, .number(let c)) where c < 0: if let z = square(x) { return (-c, z) }
        default: break
        }
        return nil
    }

    /// A product chain, flattened so that sin(a)·cos(a) anywhere in it becomes one sinCos table.
    func product(_ e: Expr, _ b: inout Builder, _ ctx: inout Context) throws(LoweringError) -> NodeID {
        var factors: [Expr] = []
        var negative = false
        func flatten(_ x: Expr) {
            switch x {
            case .binary(.mul, let l, let r): flatten(l); flatten(r)
            // -sin(a)*cos(a) parses as (-sin(a))*cos(a); the sign moves out so the pair still fuses.
            case .negate(let inner) where !inner.variables.isEmpty: negative.toggle(); flatten(inner)
            default: factors.append(x)
            }
        }
        flatten(e)
        // Constant factors anywhere in the chain become one constant, quantized once.
        let constants = factors.filter { $0.variables.isEmpty }
        if constants.count > 1 {
            let folded = constants.map { $0.evaluate([]) }.reduce(1, *)
            factors = [.number(folded)] + factors.filter { !$0.variables.isEmpty }
        }
        if constantStyle == .sympy, let i = factors.firstIndex(where: { $0.variables.isEmpty }), factors[i].evaluate([]) < 0 {
            factors[i] = .number(-factors[i].evaluate([]))
            negative.toggle()
        }
        var lowered: [NodeID] = []
        var used = [Bool](repeating: false, count: factors.count)
        for i in factors.indices where !used[i] {
            if case .call(let f, let arg) = factors[i], f == .sin || f == .cos, !arg.variables.isEmpty {
                let partner: Function = f == .sin ? .cos : .sin
                if let j = factors.indices.first(where: { $0 > i && !used[$0] && factors[$0] == .call(partner, arg) }) {
                    used[i] = true
                    used[j] = true
                    lowered.append(try function(.sinCos, arg, .call(.sin, arg) * .call(.cos, arg), &b, &ctx))
                    continue
                }
            }
            used[i] = true
            lowered.append(try lower(factors[i], &b, &ctx))
        }
        var acc = lowered[0]
        for y in lowered.dropFirst() {
            acc = try arith(.mul(acc, y), .product(b.format(acc), b.format(y)), e, &b, ctx)
        }
        if negative { acc = try arith(.neg(acc), .negation(b.format(acc)), e, &b, ctx) }
        return acc
    }

    /// A function through its lookup table: range reduction for periodic trig, otherwise a clamped table
    /// read through a cast to the table's input format.
    func function(_ f: TableFunction, _ a: Expr, _ e: Expr, _ b: inout Builder, _ ctx: inout Context) throws(LoweringError) -> NodeID {
        guard let range = tables.ranges[f] else { throw fail(e, ctx, "no table range configured for \(f.rawValue)") }
        if let problem = TableConfig.domainProblem(f, range) { throw fail(e, ctx, problem) }
        let trig: [TableFunction: Double] = [.sin: 2 * .pi, .cos: 2 * .pi, .sinCos: 2 * .pi, .tan: .pi]
        let folds = foldReductionScale && tables.periodicTrig && trig[f] != nil
            && (Self.linear(a).map { $0.terms.filter { Swift.abs($0.coefficient) == 1 }.count <= 1 } ?? false)
        let x = folds ? NodeID(0) : try lower(a, &b, &ctx)
        let out = plan.outputFormat
        let entryFormat = tables.sampling == .midpoint ? out.with(quantization: .rnd) : out
        if tables.periodicTrig, let period = trig[f] {
            // u = x / period; one table period per unit of u, so the index is the top fraction bits of u.
            let bits = tables.reductionConstantBits
            let c = 1 / period
            let u: NodeID
            if folds, let lin = Self.linear(a) {
                // u = Σ (cᵢ/period)·zᵢ + c₀/period: each term's own constant absorbs the reduction.
                var acc: NodeID? = nil
                for t in lin.terms {
                    let z = try lower(t.expr, &b, &ctx)
                    let k = constant(t.coefficient * c, &b)
                    let p = try arith(.mul(z, k), .product(b.format(z), b.format(k)), e, &b, ctx)
                    if let s = acc { acc = try arith(.add(s, p), .sum(b.format(s), b.format(p)), e, &b, ctx) } else { acc = p }
                }
                if lin.constant != 0, let s = acc {
                    let k = constant(lin.constant * c, &b)
                    acc = try arith(.add(s, k), .sum(b.format(s), b.format(k)), e, &b, ctx)
                }
                u = acc!
            } else {
                let ci = Int((c).exponent) + 1 // integer bits of an unsigned format holding c
                let cf = FixedFormat.ufixed(ci + bits, ci)
                let k = b.add(Node(op: .constant(cf.raw(fromDouble: c)), format: cf))
                u = try arith(.mul(x, k), .product(b.format(x), cf), e, &b, ctx)
            }
            let t = FunctionTable(function: f, addressBits: range.addressBits, start: 0, spanLog2: 0, periodic: true, scale: period,
                                  sampling: tables.sampling, inputFormat: b.format(u), outputFormat: entryFormat)
            return b.add(Node(op: .table(u, table: b.table(t)), format: out.with()))
        }
        let xf = b.format(x)
        // Integer bits that hold both ends of the range and every value of x, so nothing wraps before the clamp.
        var ti = xf.integerBits + (xf.isSigned ? 0 : 1)
        while -FixedFormat.pow2(ti - 1) > range.start || FixedFormat.pow2(ti - 1) < range.end { ti += 1 }
        let tf = min(xf.fractionBits, range.addressBits - range.spanLog2)
        let tin = FixedFormat(width: ti + tf, integerBits: ti, isSigned: true)
        var arg = x
        if tin.layout != xf.layout { arg = b.add(Node(op: .cast(x), format: tin)) }
        let t = FunctionTable(function: f, addressBits: range.addressBits, start: range.start, spanLog2: range.spanLog2, periodic: false,
                              sampling: tables.sampling, inputFormat: tin, outputFormat: entryFormat)
        return b.add(Node(op: .table(arg, table: b.table(t)), format: out.with()))
    }

    /// `a` as Σ cᵢ·zᵢ + c₀ over non-constant terms zᵢ, when it is such a sum (nil for a bare constant).
    static func linear(_ a: Expr) -> (terms: [(coefficient: Double, expr: Expr)], constant: Double)? {
        var terms: [(coefficient: Double, expr: Expr)] = []
        var c0 = 0.0
        func walk(_ x: Expr, _ sign: Double) {
            if x.variables.isEmpty { c0 += sign * x.evaluate([]); return }
            switch x {
            case .binary(.add, let l, let r): walk(l, sign); walk(r, sign)
            case .binary(.sub, let l, let r): walk(l, sign); walk(r, -sign)
            case .negate(let y): walk(y, -sign)
            case .binary(.mul, let l, let r) where l.variables.isEmpty: walk(r, sign * l.evaluate([]))
            case .binary(.mul, let l, let r) where r.variables.isEmpty: walk(l, sign * r.evaluate([]))
            default:
                if let i = terms.firstIndex(where: { $0.expr == x }) { terms[i].coefficient += sign } else { terms.append((sign, x)) }
            }
        }
        walk(a, 1)
        terms.removeAll { $0.coefficient == 0 || !$0.coefficient.isFinite }
        return terms.isEmpty || !c0.isFinite ? nil : (terms, c0)
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
        // Exact result format narrowed to the integer bits the value range needs.
        let format = RangeAnalysis.narrow(format, to: b.range(of: op, format: format))
        let id = b.add(Node(op: op, format: format))
        guard format.width > maxIntermediateWidth else { return id }
        // Keep every integer bit (no overflow is possible) and drop low fraction bits, so products of
        // trimmed values stay within the exact 128-bit engine and reasonable hardware.
        guard format.integerBits < maxIntermediateWidth else {
            throw fail(e, ctx, "an intermediate result needs \(format.integerBits) integer bits; its range is too large for \(maxIntermediateWidth)-bit intermediates (lower the input range or raise the intermediate width)")
        }
        let trimmed = FixedFormat(width: maxIntermediateWidth, integerBits: format.integerBits, isSigned: format.isSigned)
        return b.add(Node(op: .cast(id), format: trimmed))
    }
}
