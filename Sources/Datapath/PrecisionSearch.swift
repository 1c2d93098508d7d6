import Foundation
import FixedPoint
import SymbolicExpression
import Support

/// The optimized plan's search: the fewest bits per node that still meet an accuracy target.
///
/// The reference datapath (lowered at a wide reference precision) fixes the structure. A first search finds
/// the smallest uniform fraction width that meets the target; then each node's fraction bits and each table's
/// address bits are lowered one knob at a time, by bisection, as far as the target still holds. Every candidate
/// is judged by the bit-exact golden model against the float model on the same vectors.
public struct PrecisionSearch {
    /// Format of constants, table entries and outputs while lowering the reference datapath.
    public static let referenceFormat = FixedFormat.fixed(52, 16)
    /// Fraction bits of the range-reduction constant 1/(2π) in the reference datapath.
    public static let referenceReductionBits = 36
    /// Widest fraction the search tries before it declares a target unreachable.
    public static let maxFraction = 40
    /// Most address bits a searched table may get.
    public static let maxAddressBits = 14
    /// Most data rows a search evaluates (an even subsample of larger data sets).
    public static let maxDataRows = 8192

    public let target: OptimizationTarget
    public let formulas: FormulaSet
    let reference: Datapath
    let vectors: Int
    let rawInputs: [Int128]
    let floats: [[Double]]
    let agreementGoal: Double?
    var rebuild: Requantize

    /// What the search measured for one candidate.
    public struct Metrics: Hashable, Sendable {
        public var maxError: [Double]
        public var agreement: Double?
    }

    /// One row of `emit --explain`: a node, its format and why.
    public struct Row: Hashable, Sendable, Codable {
        public var node: String
        public var op: String
        public var format: String
        public var why: String
    }

    /// The chosen plan: the datapath, what it achieves on the search vectors, and every node's reason.
    public struct Result: Hashable, Sendable {
        public var datapath: Datapath
        public var metrics: Metrics
        public var vectors: Int
        public var target: String
        public var rows: [Row]
        /// Candidates evaluated.
        public var evaluations: Int
    }

    public init(reference: Datapath, formulas: FormulaSet, target: OptimizationTarget) throws(LoweringError) {
        self.reference = reference
        self.formulas = formulas
        self.target = target
        let n = reference.inputs.count
        var rows: [Double] = []
        var rng = SplitMix64(seed: target.seed)
        for _ in 0..<(target.randomVectors * n) { rows.append(rng.nextNormal()) }
        // An even subsample keeps every candidate's evaluation cheap on large data sets.
        let step = Swift.max(1, target.data.count / Self.maxDataRows)
        for r in stride(from: 0, to: target.data.count, by: step).prefix(Self.maxDataRows).map({ target.data[$0] }) {
            guard r.count >= n else {
                throw LoweringError(output: reference.outputs.first?.name ?? "", line: 0, subexpression: "",
                                    message: "a data row has \(r.count) values but the design has \(n) inputs")
            }
            rows += r.prefix(n)
        }
        vectors = rows.count / max(n, 1)
        rawInputs = reference.quantizeInputs(rows, stride: n)
        floats = reference.outputs.map { o in
            let f = formulas.formulas.first { $0.name == o.name }!
            return CompiledExpression(f.expr).evaluate(rows: rows.count / max(n, 1), columns: n, data: rows)
        }
        agreementGoal = target.agreementTarget(outputs: reference.outputs.count).map { Swift.min(1, $0 + target.agreementMargin) }
        rebuild = Requantize(reference: reference)
    }

    /// A short statement of the target, for reports.
    public var targetDescription: String {
        var parts: [String] = []
        if let e = target.maxError { parts.append("max |error| ≤ \(e) per output") }
        if let p = target.agreementTarget(outputs: reference.outputs.count) {
            parts.append("argmax agreement ≥ \(p) (searched at ≥ \(String(format: "%.4f", agreementGoal ?? p)))")
        }
        let data = target.data.isEmpty ? "" : " and \(Swift.min(target.data.count, Self.maxDataRows)) data rows"
        return parts.joined(separator: ", ") + " on \(target.randomVectors) standard-normal vectors (seed \(target.seed))" + data
    }

    func metrics(_ d: Datapath) -> Metrics {
        let golden = GoldenModel(d)
        let out = golden.evaluateBatch(count: vectors, inputs: rawInputs)
        let nOut = d.outputs.count
        let formats = d.outputs.map { d.outputFormat($0) }
        var maxErr = [Double](repeating: 0, count: nOut)
        var same = 0, counted = 0
        for r in 0..<vectors {
            var bf = 0, bx = 0
            var finite = true
            for k in 0..<nOut {
                let fl = floats[k][r]
                guard fl.isFinite else { finite = false; continue }
                let v = formats[k].double(fromRaw: out[r * nOut + k])
                maxErr[k] = Swift.max(maxErr[k], Swift.abs(v - fl))
                if k > 0 {
                    if fl > floats[bf][r] { bf = k }
                    if v > formats[bx].double(fromRaw: out[r * nOut + bx]) { bx = k }
                }
            }
            if finite { counted += 1; if bf == bx { same += 1 } }
        }
        return Metrics(maxError: maxErr, agreement: nOut >= 2 ? Double(same) / Double(Swift.max(counted, 1)) : nil)
    }

    func meets(_ m: Metrics) -> Bool {
        if let e = target.maxError, m.maxError.contains(where: { !($0 <= e) }) { return false }
        if let p = agreementGoal, let a = m.agreement, a < p { return false }
        return true
    }

    /// Why `m` misses the target, for messages.
    func shortfall(_ m: Metrics) -> String {
        var parts: [String] = []
        if let e = target.maxError {
            for (k, err) in m.maxError.enumerated() where !(err <= e) {
                parts.append("output '\(reference.outputs[k].name)' reaches max |error| \(String(format: "%.3g", err)) (target \(e))")
            }
        }
        if let p = agreementGoal, let a = m.agreement, a < p {
            parts.append("argmax agreement \(String(format: "%.4f", a)) (searched target \(String(format: "%.4f", p)))")
        }
        return parts.joined(separator: "; ")
    }

    mutating func evaluate(_ k: PrecisionKnobs) -> (Requantize.Rebuilt, Metrics)? {
        guard let r = try? rebuild.run(k) else { return nil }
        return (r, metrics(r.datapath))
    }

    static func uniformKnobs(_ nodes: Int, _ f: Int) -> PrecisionKnobs {
        PrecisionKnobs(nodes: nodes, fraction: f, address: Swift.min(Swift.max(f + 2, 4), maxAddressBits))
    }

    /// Runs the search.
    public mutating func run() throws(LoweringError) -> Result {
        let n = reference.nodes.count
        var evaluations = 0
        func fail(_ message: String) -> LoweringError {
            LoweringError(output: reference.outputs.first?.name ?? "", line: 0, subexpression: "", message: message)
        }
        // Structure errors (ranges too wide) show at any precision: report them as they are.
        do { _ = try rebuild.run(Self.uniformKnobs(n, Self.maxFraction)) } catch { throw fail(error.description) }
        guard let (_, best) = evaluate(Self.uniformKnobs(n, Self.maxFraction)) else { throw fail("the reference datapath cannot be rebuilt") }
        evaluations += 1
        guard meets(best) else {
            throw fail("no plan within \(Self.maxFraction) fraction bits per node meets the target (\(targetDescription)): \(shortfall(best))")
        }
        // Smallest uniform fraction width that meets the target.
        var lo = 0, hi = Self.maxFraction
        while lo < hi {
            let mid = (lo + hi) / 2
            evaluations += 1
            if let (_, m) = evaluate(Self.uniformKnobs(n, mid)), meets(m) { hi = mid } else { lo = mid + 1 }
        }
        var knobs = Self.uniformKnobs(n, lo)
        var why = [String](repeating: "", count: n)
        var outputWhy = ""

        // Round robin over the knobs, costliest first (table address bits, then table entries, then arithmetic),
        // each lowered by a step while the target holds; steps shrink 4 → 2 → 1. Taking one step per knob per
        // round spreads the accuracy slack over the design instead of giving it all to the first nodes.
        enum Knob: Hashable { case address(Int), fraction(Int), output }
        var list: [Knob] = []
        let tables = reference.nodes.indices.filter { if case .table = reference.nodes[$0].op { return true } else { return false } }
        list += tables.map { .address($0) } + tables.map { .fraction($0) }
        list += reference.nodes.indices.filter { i in
            switch reference.nodes[i].op {
            case .mul: return true
            default: return false
            }
        }.map { .fraction($0) }
        list += reference.nodes.indices.filter { i in
            switch reference.nodes[i].op {
            case .constant, .add, .sub, .neg, .abs: return true
            default: return false
            }
        }.map { .fraction($0) }
        list.append(.output)
        func get(_ k: PrecisionKnobs, _ b: Knob) -> Int {
            switch b {
            case .address(let i): return k.address[i]
            case .fraction(let i): return k.fraction[i]
            case .output: return k.outputFraction
            }
        }
        func set(_ k: inout PrecisionKnobs, _ b: Knob, _ v: Int) {
            switch b {
            case .address(let i): k.address[i] = v
            case .fraction(let i): k.fraction[i] = v
            case .output: k.outputFraction = v
            }
        }
        func floor(_ b: Knob) -> Int { if case .address = b { return 2 } else { return 0 } }
        var lastMiss: [Knob: String] = [:]
        for step in [4, 2, 1] {
            var changed = true
            while changed {
                changed = false
                for kb in list {
                    let v = get(knobs, kb)
                    guard v - step >= floor(kb) else { continue }
                    var k = knobs
                    set(&k, kb, v - step)
                    evaluations += 1
                    let e = evaluate(k)
                    if let (_, m) = e, meets(m) { knobs = k; changed = true } else if step == 1 {
                        lastMiss[kb] = e.map { shortfall($0.1) } ?? "cannot be built"
                    }
                }
            }
        }
        func reason(_ kb: Knob) -> String {
            if get(knobs, kb) == floor(kb) { return "the fewest allowed" }
            return "one fewer misses the target" + (lastMiss[kb].map { " (\($0))" } ?? "")
        }
        for i in reference.nodes.indices {
            var parts: [String] = []
            if tables.contains(i) { parts.append("address bits: " + reason(.address(i))) }
            if list.contains(.fraction(i)) { parts.append("fraction bits: " + reason(.fraction(i))) }
            why[i] = parts.joined(separator: "; ")
        }
        outputWhy = reason(.output)

        guard let (final, m) = evaluate(knobs) else { throw fail("the chosen plan cannot be rebuilt") }
        evaluations += 1
        let d = final.datapath
        var rows: [Row] = []
        for (i, node) in d.nodes.enumerated() {
            var reason = final.reason[i]
            if let o = final.origin[i], !why[o].isEmpty { reason += "; " + why[o] }
            if d.outputs.contains(where: { $0.node.index == i }), case .cast = node.op { reason += "; " + outputWhy }
            rows.append(Row(node: "n\(i)", op: Self.describe(node.op, in: d), format: node.format.description, why: reason))
        }
        return Result(datapath: d, metrics: m, vectors: vectors, target: targetDescription, rows: rows, evaluations: evaluations)
    }

    static func describe(_ op: Op, in d: Datapath) -> String {
        switch op {
        case .input(let k): return "in \(d.inputs[k].name)"
        case .constant(let raw): return "const \(raw)"
        case .table(let a, let t): return "table \(d.tables[t].function.rawValue)(\(a))"
        default: return op.mnemonic + " " + op.operands.map(\.description).joined(separator: ", ")
        }
    }
}
