import Foundation
import FixedPoint

/// The free choices of the optimized plan, one per node of the reference datapath.
public struct PrecisionKnobs: Hashable, Sendable {
    /// Fraction bits kept after each constant, arithmetic node or table output (indexed by reference node).
    public var fraction: [Int]
    /// Address bits of each table node (indexed by reference node; ignored elsewhere).
    public var address: [Int]
    /// Fraction bits of the output ports (one format for all outputs, so array ports stay possible).
    public var outputFraction: Int
    /// Whether sqrt, log and 1/x tables over a non-negative argument range index by the argument's leading one
    /// (`TableSegments`, `address` entry bits per segment) instead of uniformly (`address` bits in all).
    public var segmentedTables: Bool

    public init(nodes: Int, fraction f: Int, address a: Int, segmentedTables: Bool = false) {
        fraction = [Int](repeating: f, count: nodes)
        address = [Int](repeating: a, count: nodes)
        outputFraction = f
        self.segmentedTables = segmentedTables
    }
}

/// Why a reconstruction under some knobs is impossible.
public struct RequantizeError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Rebuilds a reference datapath under `PrecisionKnobs`: every constant requantized, every arithmetic result
/// truncated to its fraction bits with the integer bits its analysed range needs, every table resized over its
/// analysed argument range.
///
/// The result obeys the `Datapath` contract (arithmetic nodes exact, all rounding in visible `cast` nodes), so
/// the golden model, the C++ and the Verilog stay bit-exact without knowing about the plan.
struct Requantize {
    let reference: Datapath
    /// Widest node the optimized plan builds: the exact product of two such nodes (126 bits) is the widest
    /// value the 128-bit exact engine holds (`FixedFormat.fastPathMaxWidth`, which leaves room for one sum), so
    /// 64-bit nodes, whose products need 128 bits, are out of reach.
    static let maxNodeWidth = FixedFormat.fastPathMaxWidth / 2
    /// Widest node kept; wider results lose low fraction bits.
    var maxWidth = Requantize.maxNodeWidth
    /// Tables built so far, shared between reconstructions (filling a table is the costly part).
    var tableCache: [TableKey: FunctionTable] = [:]

    struct TableKey: Hashable {
        var function: TableFunction, addressBits: Int, start: Double, spanLog2: Int, periodic: Bool, scale: Double
        var sampling: TableSampling, input: FixedFormat, fraction: Int
        var segments: TableSegments? = nil
    }
    /// Most segments of a segmented table: bounds its size when the argument keeps many fraction bits.
    static let maxSegments = 40

    /// A rebuilt datapath with, for each of its nodes, the reference node it implements and why its format is what it is.
    struct Rebuilt {
        var datapath: Datapath
        var origin: [Int?]
        var reason: [String]
        var ranges: [Interval]
    }

    init(reference: Datapath) { self.reference = reference }

    struct Builder {
        var d: Datapath
        var ranges: [Interval] = []
        var origin: [Int?] = []
        var reason: [String] = []
        var index: [Node: NodeID] = [:]
        var tableIndex: [FunctionTable: Int] = [:]

        mutating func add(_ n: Node, range: Interval, origin o: Int?, why: String) -> NodeID {
            if let id = index[n] { return id }
            let id = NodeID(d.nodes.count)
            d.nodes.append(n)
            ranges.append(range)
            origin.append(o)
            reason.append(why)
            index[n] = id
            return id
        }

        mutating func table(_ t: FunctionTable) -> Int {
            if let i = tableIndex[t] { return i }
            d.tables.append(t)
            tableIndex[t] = d.tables.count - 1
            return d.tables.count - 1
        }
    }

    static func describe(_ r: Interval) -> String {
        "[\(String(format: "%.4g", r.lo)), \(String(format: "%.4g", r.hi))]"
    }

    /// The narrowest format with `fraction` bits that holds every value of `r`.
    static func format(holding r: Interval, fraction: Int) -> FixedFormat {
        // A relative guard keeps the bound sound despite rounding in the interval arithmetic.
        let scale = FixedFormat.pow2(fraction)
        let lo = ((r.lo - Swift.abs(r.lo) * 0x1p-40) * scale).rounded(.down)
        let hi = ((r.hi + Swift.abs(r.hi) * 0x1p-40) * scale).rounded(.up)
        let signed = lo < 0
        var w = 1
        if signed {
            while -FixedFormat.pow2(w - 1) > lo || FixedFormat.pow2(w - 1) - 1 < hi { w += 1 }
        } else {
            while FixedFormat.pow2(w) - 1 < hi { w += 1 }
        }
        return FixedFormat(width: w, integerBits: w - fraction, isSigned: signed)
    }

    /// The interval after truncating (TRN) `r` to `lsb`: floor never raises a value and keeps zero non-negative.
    static func truncated(_ r: Interval, lsb: Double) -> Interval {
        Interval(r.lo >= 0 ? Swift.max(0, r.lo - lsb) : r.lo - lsb, r.hi)
    }

    mutating func run(_ k: PrecisionKnobs) throws(RequantizeError) -> Rebuilt {
        let ref = reference
        var b = Builder(d: Datapath(name: ref.name, inputs: ref.inputs))
        var map = [NodeID](repeating: NodeID(0), count: ref.nodes.count)
        for (i, n) in ref.nodes.enumerated() {
            switch n.op {
            case .input(let p):
                map[i] = b.add(Node(op: .input(p), format: n.format), range: Interval(n.format), origin: i,
                               why: "input port format")
            case .constant(let raw):
                map[i] = constant(n.format.double(fromRaw: raw), fraction: k.fraction[i], origin: i, &b)
            case .add(let x, let y), .sub(let x, let y), .mul(let x, let y):
                let fx = b.d[map[x.index]].format, fy = b.d[map[y.index]].format
                let op: Op, exact: FixedFormat
                switch n.op {
                case .add: (op, exact) = (.add(map[x.index], map[y.index]), .sum(fx, fy))
                case .sub: (op, exact) = (.sub(map[x.index], map[y.index]), .difference(fx, fy))
                default: (op, exact) = (.mul(map[x.index], map[y.index]), .product(fx, fy))
                }
                map[i] = try arith(op, exact, fraction: k.fraction[i], origin: i, &b)
            case .neg(let x):
                map[i] = try arith(.neg(map[x.index]), .negation(b.d[map[x.index]].format), fraction: k.fraction[i], origin: i, &b)
            case .abs(let x):
                map[i] = try arith(.abs(map[x.index]), .negation(b.d[map[x.index]].format), fraction: k.fraction[i], origin: i, &b)
            case .cast(let x):
                // Reference casts (intermediate trims, table arguments, outputs) are replaced by the plan's own.
                map[i] = map[x.index]
            case .table(let x, let t):
                map[i] = try table(ref.tables[t], argument: map[x.index], fraction: k.fraction[i], address: k.address[i],
                                   segmented: k.segmentedTables, origin: i, &b)
            }
        }
        // One output format for all outputs: the widest integer part any output needs, the searched fraction.
        let roots = ref.outputs.map { map[$0.node.index] }
        let lsb = FixedFormat.pow2(-k.outputFraction)
        var all = Interval(0, 0)
        for r in roots {
            let t = Self.truncated(b.ranges[r.index], lsb: lsb)
            all = Interval(Swift.min(all.lo, t.lo), Swift.max(all.hi, t.hi))
        }
        var outFormat = Self.format(holding: all, fraction: k.outputFraction)
        if outFormat.width > maxWidth { outFormat = Self.format(holding: all, fraction: k.outputFraction - (outFormat.width - maxWidth)) }
        for (o, r) in zip(ref.outputs, roots) {
            var id = r
            if b.d[r].format.layout != outFormat.layout {
                id = b.add(Node(op: .cast(r), format: outFormat), range: Self.truncated(b.ranges[r.index], lsb: lsb), origin: nil,
                           why: "output port: integer bits hold every output's range \(Self.describe(all)); \(k.outputFraction) fraction bits searched")
            } else if b.d[r].format != outFormat {
                id = b.add(Node(op: .cast(r), format: outFormat), range: b.ranges[r.index], origin: nil, why: "output port format")
            }
            b.d.outputs.append(Output(name: o.name, node: id))
        }
        return Rebuilt(datapath: b.d, origin: b.origin, reason: b.reason, ranges: b.ranges)
    }

    func constant(_ v: Double, fraction f0: Int, origin: Int, _ b: inout Builder) -> NodeID {
        var f = f0
        var raw = Int128((v * FixedFormat.pow2(f)).rounded())
        // Trailing zero bits carry nothing: fewer fraction bits hold the same value in a narrower constant.
        while raw != 0 && raw & 1 == 0 { raw >>= 1; f -= 1 }
        if raw == 0 {
            return b.add(Node(op: .constant(0), format: .ufixed(1, 1)), range: Interval(0, 0), origin: origin, why: "constant \(v) rounds to 0 at \(f0) fraction bits")
        }
        let mag = raw < 0 ? -raw : raw
        var w = 1
        while (Int128(1) << w) <= mag { w += 1 }
        let signed = raw < 0
        if signed && mag == Int128(1) << (w - 1) { /* −2^(w−1) fits in w bits */ } else if signed { w += 1 }
        if w > maxWidth {
            // Too wide to multiply within the exact engine: drop fraction bits, rounding once more.
            let drop = w - maxWidth
            return constant(v, fraction: f - drop, origin: origin, &b)
        }
        let fmt = FixedFormat(width: w, integerBits: w - f, isSigned: signed)
        let q = fmt.double(fromRaw: raw)
        return b.add(Node(op: .constant(raw), format: fmt), range: Interval(q, q), origin: origin,
                     why: "constant \(v) at \(f0) fraction bits (error \(String(format: "%.2g", Swift.abs(q - v))))")
    }

    func arith(_ op: Op, _ exact: FixedFormat, fraction f: Int, origin: Int, _ b: inout Builder) throws(RequantizeError) -> NodeID {
        let range = RangeAnalysis.interval(of: Node(op: op, format: exact), in: b.d) { b.ranges[$0.index] }
        let narrowed = RangeAnalysis.narrow(exact, to: range)
        guard narrowed.width <= FixedFormat.fastPathMaxWidth else {
            throw RequantizeError(description: "an exact intermediate needs \(narrowed.width) bits; the input range is too wide for the optimized plan (use a narrower --precision)")
        }
        let keep = Swift.min(f, narrowed.fractionBits, maxWidth - narrowed.integerBits)
        let id = b.add(Node(op: op, format: narrowed), range: range, origin: keep < narrowed.fractionBits ? nil : origin,
                       why: "exact result; range \(Self.describe(range)) needs \(narrowed.integerBits) integer bits")
        guard keep < narrowed.fractionBits else { return id }
        guard narrowed.integerBits < maxWidth else {
            throw RequantizeError(description: "an intermediate needs \(narrowed.integerBits) integer bits over the analysed range \(Self.describe(range)); use a narrower --precision")
        }
        let r = Self.truncated(range, lsb: FixedFormat.pow2(-keep))
        let fmt = Self.format(holding: r, fraction: keep)
        return b.add(Node(op: .cast(id), format: fmt), range: r, origin: origin,
                     why: "range \(Self.describe(r)) needs \(fmt.integerBits) integer bits; \(keep) fraction bits \(keep == f ? "searched" : "(widest intermediate)")")
    }

    /// Functions whose value is constant to within `2^-(fraction+2)` beyond a bounded argument, so a table
    /// that clamps there is as accurate as one over the whole analysed range.
    static func activeRange(_ f: TableFunction, fraction: Int) -> Interval? {
        let t = Double(Swift.max(fraction, 0) + 3) * M_LN2
        switch f {
        case .tanh: return Interval(-(t / 2 + 0.5), t / 2 + 0.5)
        case .sigmoid: return Interval(-(t + 1), t + 1)
        case .gauss: return Interval(-(t.squareRoot() + 0.25), t.squareRoot() + 0.25)
        default: return nil
        }
    }

    mutating func table(_ t0: FunctionTable, argument x: NodeID, fraction f: Int, address a: Int, segmented: Bool, origin: Int,
                        _ b: inout Builder) throws(RequantizeError) -> NodeID {
        let xf = b.d[x].format
        let r = b.ranges[x.index]
        var arg = x
        let tb: FunctionTable
        let why: String
        if t0.periodic {
            // One period per unit: the index is the top `a` fraction bits, and integer bits wrap away.
            let u = FixedFormat.ufixed(a, 0)
            if xf.layout != u.layout {
                arg = b.add(Node(op: .cast(x), format: u), range: Interval(0, 1 - u.lsb), origin: nil,
                            why: "periodic argument: only the \(a) address bits matter (integer part wraps)")
            }
            tb = cachedTable(TableKey(function: t0.function, addressBits: a, start: 0, spanLog2: 0, periodic: true, scale: t0.scale,
                                      sampling: t0.sampling, input: b.d[arg].format, fraction: f))
            why = "\(t0.function.rawValue): \(1 << a) entries per period, \(f) fraction bits searched"
        } else {
            var lo = r.lo, hi = r.hi
            var limited = false
            if let act = Self.activeRange(t0.function, fraction: f), act.lo > lo || act.hi < hi {
                lo = Swift.max(lo, act.lo); hi = Swift.min(hi, act.hi); limited = true
                if lo > hi { (lo, hi) = (act.lo, act.hi) }
            }
            if t0.function == .log || t0.function == .sqrt { lo = Swift.max(lo, 0) }
            if segmented, [.sqrt, .log, .inv].contains(t0.function), lo >= 0, !limited {
                return try segmentedTable(t0, argument: x, range: Interval(lo, hi), fraction: f, entryBits: a, origin: origin, &b)
            }
            var s = Swift.max(Int((Swift.max(hi - lo, FixedFormat.pow2(-40))).exponent), -40)
            var start = 0.0
            var tf = 0
            while true {
                tf = Swift.min(xf.fractionBits, a - s)
                let grid = FixedFormat.pow2(-tf)
                start = (lo / grid).rounded(.down) * grid
                if start + FixedFormat.pow2(s) > hi { break }
                s += 1
            }
            var ti = xf.integerBits + (xf.isSigned ? 0 : 1)
            while -FixedFormat.pow2(ti - 1) > start || FixedFormat.pow2(ti - 1) < start + FixedFormat.pow2(s) { ti += 1 }
            let tin = FixedFormat(width: ti + tf, integerBits: ti, isSigned: true)
            if tin.layout != xf.layout {
                arg = b.add(Node(op: .cast(x), format: tin), range: Self.truncated(r, lsb: tin.lsb), origin: nil,
                            why: "table argument: \(tf) fraction bits address the table")
            }
            tb = cachedTable(TableKey(function: t0.function, addressBits: a, start: start, spanLog2: s, periodic: false, scale: t0.scale,
                                      sampling: t0.sampling, input: tin, fraction: f))
            why = "\(t0.function.rawValue) over [\(start), \(start + FixedFormat.pow2(s))) "
                + (limited ? "(analysed argument range \(Self.describe(r)); beyond it the function is flat to within the output LSB)" : "covering the analysed argument range \(Self.describe(r))")
                + ", \(1 << a) entries, \(f) fraction bits searched"
        }
        return try tableNode(tb, t0, argument: arg, range: r, origin: origin, why: why, &b)
    }

    /// A segmented table over `[lo, hi]` (lo ≥ 0): the argument keeps its fraction bits (sqrt near 0 is exact only
    /// at the input's own steps) unless that needs more than `maxSegments` segments.
    mutating func segmentedTable(_ t0: FunctionTable, argument x: NodeID, range: Interval, fraction f: Int, entryBits m: Int, origin: Int,
                                 _ b: inout Builder) throws(RequantizeError) -> NodeID {
        let xf = b.d[x].format
        let r = b.ranges[x.index]
        var tf = xf.fractionBits
        var start = 0.0, covered = 0
        while true {
            let grid = FixedFormat.pow2(-tf)
            start = (range.lo / grid).rounded(.down) * grid
            let top = ((range.hi - start) / grid).rounded(.down)
            covered = top < 1 ? 0 : Int(top.exponent) + 1
            if covered - m + 1 <= Self.maxSegments { break }
            tf -= 1
        }
        let g = TableSegments(mantissaBits: m, covering: covered)
        let end = start + FixedFormat.pow2(g.coveredBits - tf)
        var ti = xf.integerBits + (xf.isSigned ? 0 : 1)
        while -FixedFormat.pow2(ti - 1) > start || FixedFormat.pow2(ti - 1) < end { ti += 1 }
        let tin = FixedFormat(width: ti + tf, integerBits: ti, isSigned: true)
        var arg = x
        if tin.layout != xf.layout {
            arg = b.add(Node(op: .cast(x), format: tin), range: Self.truncated(r, lsb: tin.lsb), origin: nil,
                        why: "table argument: \(tf) fraction bits, the finest step of the segmented table")
        }
        let tb = cachedTable(TableKey(function: t0.function, addressBits: g.addressBits, start: start, spanLog2: g.coveredBits - tf, periodic: false,
                                      scale: t0.scale, sampling: t0.sampling, input: tin, fraction: f, segments: g))
        let why = "\(t0.function.rawValue) over [\(start), \(end)) covering the analysed argument range \(Self.describe(r)), "
            + "\(g.count) segments of \(1 << m) entries indexed by the argument's leading one (a uniform table cannot meet the target), \(f) fraction bits searched"
        return try tableNode(tb, t0, argument: arg, range: r, origin: origin, why: why, &b)
    }

    /// The read of `tb` as a node, with the range of its entries.
    func tableNode(_ tb: FunctionTable, _ t0: FunctionTable, argument arg: NodeID, range r: Interval, origin: Int, why: String,
                   _ b: inout Builder) throws(RequantizeError) -> NodeID {
        guard tb.outputFormat.integerBits <= 40 else {
            throw RequantizeError(description: "\(t0.function.rawValue) over the analysed argument range \(Self.describe(r)) needs \(tb.outputFormat.integerBits) integer bits; give --data so the range is profiled, or use a narrower --precision")
        }
        let vals = tb.entries
        let outRange = Interval(tb.outputFormat.double(fromRaw: vals.min() ?? 0), tb.outputFormat.double(fromRaw: vals.max() ?? 0))
        return b.add(Node(op: .table(arg, table: b.table(tb)), format: tb.outputFormat.with()), range: outRange, origin: origin, why: why)
    }

    /// The table for `key`, with the narrowest entry format that holds its rounded entries.
    mutating func cachedTable(_ key: TableKey) -> FunctionTable {
        if let t = tableCache[key] { return t }
        func make(_ out: FixedFormat) -> FunctionTable {
            if let g = key.segments {
                return FunctionTable(function: key.function, segments: g, start: key.start, scale: key.scale, sampling: key.sampling,
                                     inputFormat: key.input, outputFormat: out)
            }
            return FunctionTable(function: key.function, addressBits: key.addressBits, start: key.start, spanLog2: key.spanLog2, periodic: key.periodic,
                          scale: key.scale, sampling: key.sampling, inputFormat: key.input, outputFormat: out)
        }
        let q: QuantizationMode = key.sampling == .midpoint ? .rnd : .trn
        // The probe format keeps 64 integer bits within the exact engine, which bounds the fraction here.
        let fraction = Swift.min(key.fraction, FixedFormat.fastPathMaxWidth - 64)
        let wide = make(FixedFormat(width: 64 + fraction, integerBits: 64, isSigned: true, quantization: q))
        let lo = wide.outputFormat.double(fromRaw: wide.entries.min() ?? 0), hi = wide.outputFormat.double(fromRaw: wide.entries.max() ?? 0)
        var fit = Self.format(holding: Interval(lo, hi), fraction: fraction)
        // Entries wider than a node lose fraction bits, as arithmetic results do.
        if fit.width > maxWidth { fit = Self.format(holding: Interval(lo, hi), fraction: fraction - (fit.width - maxWidth)) }
        let t = make(fit.with(quantization: q))
        tableCache[key] = t
        return t
    }
}
