import FixedPoint

/// Timing-driven reassociation of sums: a tree of adds, subtracts and negations is rebuilt so that the terms
/// which settle last are added last.
///
/// Every add, subtract and negation of the IR is exact (only casts lose bits), so any order of a sum's terms
/// gives the same value bit for bit: the golden model, the C++ and the RTL stay equal to each other and to the
/// design before the pass, and the accuracy a plan search measured holds unchanged. The written order
/// (`x14 + c·x15·x3 − x2 − x3 + c0` as `(((x14 + p) − x2) − x3) + c0`) makes a late term, a product or a
/// table read, wait behind additions that could have run while it was computed; combining the two
/// earliest-settling terms first (Huffman order on the schedule's arrival times) finishes the sum as soon as
/// its latest term allows. Two constant terms fold into one constant.
public enum Reassociation {
    /// `d` with its sums of three or more terms rebuilt for `delays`, and for each node of the result the node
    /// of `d` it stands for (nil for a new partial sum). `d` itself when the rebuilt design would not take fewer
    /// cycles under `delays`, so designs the pass cannot speed up keep their structure.
    public static func balanced(_ d: Datapath, delays: DelayModel) -> (datapath: Datapath, origin: [Int?]) {
        let unchanged = (d, d.nodes.indices.map { Optional($0) })
        guard let rebuilt = rebuild(d, delays: delays.resolved(for: d)),
              Schedule(rebuilt.datapath, delays: delays).latency < Schedule(d, delays: delays).latency else { return unchanged }
        return rebuilt
    }

    /// One term of a flattened sum: a node of the result datapath and the sign it enters with.
    struct Term {
        var node: NodeID
        var negated: Bool
        var constant: Bool
        /// Absolute settling time (stage × period + time within the stage), the Huffman priority.
        var arrival: Double
        /// Position among the sum's terms as written, so equal arrivals keep the written order.
        var order: Int
    }

    static func isSum(_ op: Op) -> Bool {
        switch op {
        case .add, .sub, .neg: return true
        default: return false
        }
    }

    /// The rebuilt datapath, or nil when some partial sum would not fit the exact engine.
    static func rebuild(_ d: Datapath, delays: DelayModel) -> (datapath: Datapath, origin: [Int?])? {
        let n = d.nodes.count
        var uses = [Int](repeating: 0, count: n)
        var user = [Int](repeating: -1, count: n)
        for (i, node) in d.nodes.enumerated() {
            for o in node.op.operands { uses[o.index] += 1; user[o.index] = i }
        }
        for o in d.outputs { uses[o.node.index] += 1; user[o.node.index] = -1 }
        // An inner node of a sum tree is a sum used once, by another sum: its value is needed nowhere else.
        let inner = (0..<n).map { i in isSum(d.nodes[i].op) && uses[i] == 1 && user[i] >= 0 && isSum(d.nodes[user[i]].op) }

        func leaves(_ i: Int, negated: Bool, into out: inout [(Int, Bool)], root: Bool) {
            guard root || inner[i] else { out.append((i, negated)); return }
            switch d.nodes[i].op {
            case .add(let a, let b): leaves(a.index, negated: negated, into: &out, root: false); leaves(b.index, negated: negated, into: &out, root: false)
            case .sub(let a, let b): leaves(a.index, negated: negated, into: &out, root: false); leaves(b.index, negated: !negated, into: &out, root: false)
            case .neg(let a): leaves(a.index, negated: !negated, into: &out, root: false)
            default: out.append((i, negated))
            }
        }
        // Roots with three or more terms are rebuilt; their inner nodes disappear with them.
        var terms: [Int: [(Int, Bool)]] = [:]
        var absorbed = [Bool](repeating: false, count: n)
        for i in 0..<n where isSum(d.nodes[i].op) && !inner[i] {
            var t: [(Int, Bool)] = []
            leaves(i, negated: false, into: &t, root: true)
            guard t.count >= 3 else { continue }
            terms[i] = t
            func absorb(_ j: Int) {
                for o in d.nodes[j].op.operands where inner[o.index] { absorbed[o.index] = true; absorb(o.index) }
            }
            absorb(i)
        }
        guard !terms.isEmpty else { return nil }

        var b = Builder(d: Datapath(name: d.name, inputs: d.inputs, tables: d.tables), delays: delays)
        var map = [NodeID](repeating: NodeID(0), count: n)
        for (i, node) in d.nodes.enumerated() where !absorbed[i] {
            if let t = terms[i] {
                guard let id = b.sum(t.enumerated().map { k, l in
                    let m = map[l.0]
                    if case .constant = b.d[m].op { return Term(node: m, negated: l.1, constant: true, arrival: 0, order: k) }
                    return Term(node: m, negated: l.1, constant: false, arrival: b.arrival(m), order: k)
                }, format: node.format, origin: i) else { return nil }
                map[i] = id
                continue
            }
            var op = node.op
            switch op {
            case .input, .constant: break
            case .add(let x, let y): op = .add(map[x.index], map[y.index])
            case .sub(let x, let y): op = .sub(map[x.index], map[y.index])
            case .mul(let x, let y): op = .mul(map[x.index], map[y.index])
            case .neg(let x): op = .neg(map[x.index])
            case .abs(let x): op = .abs(map[x.index])
            case .cast(let x): op = .cast(map[x.index])
            case .table(let x, let t): op = .table(map[x.index], table: t)
            }
            map[i] = b.add(Node(op: op, format: node.format), origin: i)
        }
        b.d.outputs = d.outputs.map { Output(name: $0.name, node: map[$0.node.index]) }
        return (b.d, b.origin)
    }

    /// A datapath under construction with its ranges and timing, hash-consed like the lowering's.
    struct Builder {
        var d: Datapath
        let delays: DelayModel
        var origin: [Int?] = []
        var ranges: [Interval] = []
        var stage: [Int] = []
        var finish: [Double] = []
        var index: [Node: NodeID] = [:]

        init(d: Datapath, delays: DelayModel) {
            self.d = d
            self.delays = delays
        }

        func arrival(_ id: NodeID) -> Double { Double(stage[id.index]) * delays.clockPeriodNs + finish[id.index] }

        mutating func add(_ node: Node, origin o: Int?) -> NodeID {
            if let id = index[node] { return id }
            let id = NodeID(d.nodes.count)
            let range = RangeAnalysis.interval(of: node, in: d) { ranges[$0.index] }
            let (s, f) = Schedule.place(node, in: d, stage: stage, finish: finish, delays: delays)
            d.nodes.append(node)
            origin.append(o)
            ranges.append(range)
            stage.append(s)
            finish.append(f)
            index[node] = id
            return id
        }

        /// The sum of `terms`, the two earliest first, its last node in `format` (the rebuilt root's, which holds
        /// the same value); nil when a partial sum needs more bits than the exact engine carries.
        mutating func sum(_ terms: [Term], format: FixedFormat, origin root: Int) -> NodeID? {
            var pool = terms
            func earliest() -> Term {
                // Constants first (two of them fold), then by arrival, then as written.
                let k = pool.indices.min { a, b in
                    let (x, y) = (pool[a], pool[b])
                    if x.constant != y.constant { return x.constant }
                    if x.arrival != y.arrival { return x.arrival < y.arrival }
                    return x.order < y.order
                }!
                return pool.remove(at: k)
            }
            while pool.count > 1 {
                let (x, y) = (earliest(), earliest())
                let last = pool.isEmpty
                if x.constant && y.constant, let c = folded(x, y) {
                    pool.append(Term(node: c, negated: false, constant: true, arrival: 0, order: min(x.order, y.order)))
                    continue
                }
                // Both negated: add them and carry the sign; one negated: subtract it.
                let op: Op, negated: Bool
                switch (x.negated, y.negated) {
                case (false, false): (op, negated) = (.add(x.node, y.node), false)
                case (true, true): (op, negated) = (.add(x.node, y.node), true)
                case (false, true): (op, negated) = (.sub(x.node, y.node), false)
                case (true, false): (op, negated) = (.sub(y.node, x.node), false)
                }
                let fx = d[x.node].format, fy = d[y.node].format
                let exact: FixedFormat
                if case .add = op { exact = .sum(fx, fy) } else { exact = .difference(fx, fy) }
                let range = RangeAnalysis.interval(of: Node(op: op, format: exact), in: d) { ranges[$0.index] }
                let fmt = last && !negated ? format : RangeAnalysis.narrow(exact, to: range)
                guard fmt.width <= FixedFormat.fastPathMaxWidth else { return nil }
                let id = add(Node(op: op, format: fmt), origin: last && !negated ? root : nil)
                pool.append(Term(node: id, negated: negated, constant: false, arrival: arrival(id), order: min(x.order, y.order)))
            }
            let t = pool[0]
            if case .constant = d[t.node].op, !t.negated, d[t.node].format != format {
                // Every term was a constant: the lowering folds those, so this only guards the format.
                return nil
            }
            return t.negated ? add(Node(op: .neg(t.node), format: format), origin: root) : t.node
        }

        /// One constant holding `±x ± y` exactly.
        mutating func folded(_ x: Term, _ y: Term) -> NodeID? {
            guard case .constant(let rx) = d[x.node].op, case .constant(let ry) = d[y.node].op else { return nil }
            let fx = d[x.node].format, fy = d[y.node].format
            let f = Swift.max(fx.fractionBits, fy.fractionBits)
            guard f < 100 else { return nil }
            let ax = rx << (f - fx.fractionBits), ay = ry << (f - fy.fractionBits)
            let raw = (x.negated ? -ax : ax) + (y.negated ? -ay : ay)
            let v = Double(raw) * FixedFormat.pow2(-f)
            let fmt = RangeAnalysis.narrow(FixedFormat.difference(fx, fy), to: Interval(v, v))
            guard fmt.width <= FixedFormat.fastPathMaxWidth, fmt.fractionBits == f else { return nil }
            return add(Node(op: .constant(raw), format: fmt), origin: nil)
        }
    }
}

extension PrecisionSearch.Result {
    /// This result with its sums reassociated for `delays` (`Reassociation.balanced`). Every output keeps its
    /// value bit for bit, so the measured accuracy holds as it is; the rows follow the new node numbering.
    public func reassociated(for delays: DelayModel) -> Self {
        let (d, origin) = Reassociation.balanced(datapath, delays: delays)
        guard d != datapath else { return self }
        var r = self
        r.datapath = d
        r.rows = d.nodes.enumerated().map { i, node in
            let why = origin[i].map { rows[$0].why }
                ?? "partial sum: the terms of this sum reassociated so the latest ones are added last (sums are exact, so the value is the written order's)"
            return PrecisionSearch.Row(node: "n\(i)", op: PrecisionSearch.describe(node.op, in: d), format: node.format.description, why: why)
        }
        return r
    }
}
