import Foundation
import FixedPoint
import SymbolicExpression
import Support

/// The optimized plan's search: the fewest bits per node that still meet an accuracy target.
///
/// The reference datapath (lowered at a wide reference precision) fixes the structure. A first search finds
/// the smallest uniform fraction width that meets the target; then each node's fraction bits and each table's
/// address bits are lowered one knob at a time, by bisection, as far as the target still holds. Every candidate
/// is judged by the bit-exact golden model against the float model on the same vectors (the search sample).
/// The chosen plan must then also meet an agreement target on a held-out sample (another seed, the data rows the
/// search skipped); when it does not, every knob gets one more bit until it does, so the figure reported is one the
/// search never tuned for. A max |error| target must be met there too, except for an output whose error against the
/// real inputs the input quantization alone already puts at or above the target on that sample (see `run`).
public struct PrecisionSearch {
    /// Format of constants, table entries and outputs while lowering the reference datapath: as wide as a node
    /// may be (`maxNodeBits`), so the constants carry 47 fraction bits into the search.
    public static let referenceFormat = FixedFormat.fixed(maxNodeBits, 16)
    /// Fraction bits of the range-reduction constant 1/(2π) in the reference datapath.
    public static let referenceReductionBits = 36
    /// Widest node (in bits) of any plan the search tries: the exact product of two nodes must fit the 128-bit
    /// exact engine with room for a sum (`FixedFormat.fastPathMaxWidth`, 126 bits), so 63 and not 64.
    public static let maxNodeBits = Requantize.maxNodeWidth
    /// Widest fraction the search tries before it declares a target unreachable (nodes stay within
    /// `maxNodeBits`, so integer bits take their share of it).
    public static let maxFraction = maxNodeBits
    /// Most address bits a searched table may get.
    public static let maxAddressBits = 14
    /// Most data rows a search evaluates (an even subsample of larger data sets).
    public static let maxDataRows = 8192

    public let target: OptimizationTarget
    public let formulas: FormulaSet
    let reference: Datapath
    let sample: SearchSample
    let holdout: SearchSample
    /// The agreement demanded on the search sample and on the held-out sample.
    let agreementGoal: Double?
    let validationGoal: Double?
    /// Per output, whether the held-out sample must meet the max |error| target: always against the quantized
    /// inputs; against the real inputs only where the input quantization alone stays below the target there.
    let enforced: [Bool]
    /// The outputs whose held-out max |error| is measured but not enforced, with their floor.
    let unenforced: [Unenforced]
    var rebuild: Requantize

    /// What the search measured for one candidate.
    public struct Metrics: Hashable, Sendable {
        public var maxError: [Double]
        public var agreement: Double?
    }

    /// An output whose held-out max |error| against the real inputs is not enforced: on the held-out sample the input
    /// quantization alone moves the float model by `floor` (float model at the real vs the quantized inputs), at or
    /// above the target, so no plan is guaranteed to meet it there.
    public struct Unenforced: Hashable, Sendable {
        public var output: String
        public var floor: Double
        public var target: Double

        /// The sentence `emit --explain` prints for it.
        public var explanation: String {
            "held-out max |error| of output '\(output)' not enforced: the input quantization alone moves it by up to \(String(format: "%.3g", floor)) on these vectors (float model at the real vs the quantized inputs), not below the target \(target)"
        }
    }

    /// One row of `emit --explain`: a node, its format and why.
    public struct Row: Hashable, Sendable, Codable {
        public var node: String
        public var op: String
        public var format: String
        public var why: String
    }

    /// The chosen plan: the datapath, what it achieves on the search vectors and on the held-out vectors, and
    /// every node's reason.
    public struct Result: Hashable, Sendable {
        public var datapath: Datapath
        /// On the search sample.
        public var metrics: Metrics
        public var vectors: Int
        /// On the held-out sample: the figure to quote.
        public var validated: Metrics
        public var validationVectors: Int
        /// Bits every knob gained after the search so that the held-out sample meets the target too.
        public var validationBackoff: Int
        /// Outputs whose held-out max |error| is reported but not enforced (input quantization alone reaches the
        /// target there); empty when every output's is enforced.
        public var unenforced: [Unenforced]
        public var target: String
        public var rows: [Row]
        /// Candidates evaluated.
        public var evaluations: Int
    }

    public init(reference: Datapath, formulas: FormulaSet, target: OptimizationTarget) throws(LoweringError) {
        self.reference = reference
        self.formulas = formulas
        self.target = target
        // An even subsample keeps every candidate's evaluation cheap on large data sets; the rows it skips
        // (evenly subsampled to the same bound) are held out for validation.
        let rows = target.data.indices
        let step = Swift.max(1, rows.count / Self.maxDataRows)
        let searched = Array(stride(from: 0, to: rows.count, by: step).prefix(Self.maxDataRows))
        let taken = Set(searched)
        let rest = rows.filter { !taken.contains($0) }
        let restStep = Swift.max(1, rest.count / Self.maxDataRows)
        let held = stride(from: 0, to: rest.count, by: restStep).prefix(Self.maxDataRows).map { rest[$0] }
        let sample = try SearchSample(reference: reference, formulas: formulas, normal: target.randomVectors, seed: target.seed,
                                      data: searched.map { target.data[$0] }, errorReference: target.errorReference)
        let holdout = try SearchSample(reference: reference, formulas: formulas, normal: target.validationVectors, seed: target.validationSeed,
                                       data: held.map { target.data[$0] }, errorReference: target.errorReference)
        self.sample = sample
        self.holdout = holdout
        let p = target.agreementTarget(outputs: reference.outputs.count)
        agreementGoal = p.map { OptimizationTarget.agreementGoal($0, vectors: sample.vectors, confidence: target.searchConfidence) }
        validationGoal = p.map { OptimizationTarget.agreementGoal($0, vectors: holdout.vectors, confidence: target.validationConfidence) }
        // Against the real inputs the held-out error includes the input quantization, which no plan changes: an
        // output whose float model that quantization alone moves by the target or more cannot be held to it.
        if let e = target.maxError, target.errorReference == .inputs {
            let floor = holdout.inputQuantizationFloor(reference: reference, formulas: formulas)
            enforced = floor.map { $0 < e }
            unenforced = reference.outputs.indices.filter { !(floor[$0] < e) }.map {
                Unenforced(output: reference.outputs[$0].name, floor: floor[$0], target: e)
            }
        } else {
            enforced = [Bool](repeating: true, count: reference.outputs.count)
            unenforced = []
        }
        rebuild = Requantize(reference: reference)
    }

    /// A short statement of the target, for reports.
    public var targetDescription: String {
        var parts: [String] = []
        if let e = target.maxError { parts.append("max |error| ≤ \(e) per output") }
        if let p = target.agreementTarget(outputs: reference.outputs.count) {
            parts.append("argmax agreement ≥ \(p) (searched at ≥ \(String(format: "%.4f", agreementGoal ?? p)), validated at ≥ \(String(format: "%.4f", validationGoal ?? p)))")
        }
        func rows(_ s: SearchSample, _ normal: Int) -> String { s.vectors > normal ? " and \(s.vectors - normal) data rows" : "" }
        let against = target.errorReference == .quantizedInputs ? " against the float model at the quantized inputs" : ""
        return parts.joined(separator: ", ") + against + " on \(target.randomVectors) standard-normal vectors (seed \(target.seed))" + rows(sample, target.randomVectors)
            + "; validated on \(target.validationVectors) held-out vectors (seed \(target.validationSeed))" + rows(holdout, target.validationVectors)
    }

    func meets(_ m: Metrics, goal: Double? = nil) -> Bool {
        if let e = target.maxError, m.maxError.contains(where: { !($0 <= e) }) { return false }
        if let p = goal ?? agreementGoal, let a = m.agreement, a < p { return false }
        return true
    }

    /// Whether the held-out metrics `m` meet the max |error| target on every output it is enforced for.
    func heldOutErrorMet(_ m: Metrics) -> Bool {
        target.maxError.map { e in m.maxError.indices.allSatisfy { !enforced[$0] || m.maxError[$0] <= e } } ?? true
    }

    /// Why `m` misses the target, for messages.
    /// On the held-out sample (`heldOut`) only the enforced outputs' errors count.
    func shortfall(_ m: Metrics, goal: Double? = nil, heldOut: Bool = false) -> String {
        var parts: [String] = []
        if let e = target.maxError {
            for (k, err) in m.maxError.enumerated() where !(err <= e) && (!heldOut || enforced[k]) {
                parts.append("output '\(reference.outputs[k].name)' reaches max |error| \(String(format: "%.3g", err)) (target \(e))")
            }
        }
        if let p = goal ?? agreementGoal, let a = m.agreement, a < p {
            parts.append("argmax agreement \(String(format: "%.4f", a)) (\(goal == nil ? "searched" : "held-out") target \(String(format: "%.4f", p)))")
        }
        return parts.joined(separator: "; ")
    }

    mutating func evaluate(_ k: PrecisionKnobs) -> (Requantize.Rebuilt, Metrics)? {
        guard let r = try? rebuild.run(k) else { return nil }
        return (r, sample.metrics(r.datapath))
    }

    static func uniformKnobs(_ nodes: Int, _ f: Int, segmentedTables: Bool = false) -> PrecisionKnobs {
        PrecisionKnobs(nodes: nodes, fraction: f, address: Swift.min(Swift.max(f + 2, 4), maxAddressBits), segmentedTables: segmentedTables)
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
        guard let (widest, first) = evaluate(Self.uniformKnobs(n, Self.maxFraction)) else { throw fail("the reference datapath cannot be rebuilt") }
        var best = first
        evaluations += 1
        // Where uniform tables cannot meet the target (sqrt and log near 0 over a wide analysed range), sqrt, log and
        // 1/x tables index by their argument's leading one instead; designs that meet it uniformly keep uniform tables.
        var segmented = false
        let segmentable = reference.tables.contains(where: { [.sqrt, .log, .inv].contains($0.function) && !$0.periodic })
        if !meets(best), segmentable, let (_, m) = evaluate(Self.uniformKnobs(n, Self.maxFraction, segmentedTables: true)) {
            evaluations += 1
            segmented = true
            best = m
        } else if segmentable, target.errorReference == .inputs, !heldOutErrorMet(holdout.metrics(widest.datapath)) {
            // Uniform tables meet the target on the search's vectors but, even at their widest, not on the held-out
            // ones, which reach closer to 0 (no backoff could help); segmented tables are kept if they meet both.
            evaluations += 1
            if let (r, m) = evaluate(Self.uniformKnobs(n, Self.maxFraction, segmentedTables: true)), meets(m), heldOutErrorMet(holdout.metrics(r.datapath)) {
                segmented = true
                best = m
            }
        }
        guard meets(best) else {
            throw fail("no plan within \(Self.maxNodeBits) bits per node meets the target (\(targetDescription)); the best, every node at \(Self.maxNodeBits) bits\(segmented ? " and sqrt/log/1/x tables segmented" : ""): \(shortfall(best)). \(Self.maxNodeBits) bits is the limit because the exact product of two nodes must fit the 128-bit engine (docs/limits.md)"
                       + inputQuantizationNote())
        }
        // Smallest uniform fraction width that meets the target.
        var lo = 0, hi = Self.maxFraction
        while lo < hi {
            let mid = (lo + hi) / 2
            evaluations += 1
            if let (_, m) = evaluate(Self.uniformKnobs(n, mid, segmentedTables: segmented)), meets(m) { hi = mid } else { lo = mid + 1 }
        }
        var knobs = Self.uniformKnobs(n, lo, segmentedTables: segmented)
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

        // The descent kept every step its own sample tolerated, so the plan sits just above the target there and
        // lower on vectors it never saw. The held-out sample decides; each miss gives every knob one more bit.
        var backoff = 0
        var chosen = knobs
        var built: (Requantize.Rebuilt, Metrics)
        var held: Metrics
        while true {
            guard let e = evaluate(chosen) else { throw fail("the chosen plan cannot be rebuilt") }
            evaluations += 1
            built = e
            held = holdout.metrics(e.0.datapath)
            // Every output's max |error| must hold here too, except, against the raw inputs, where the input
            // quantization alone reaches the target on these vectors (sqrt near 0): no plan changes that part.
            let agreementMet = validationGoal.map { p in held.agreement.map { $0 >= p } ?? true } ?? true
            if agreementMet && heldOutErrorMet(held) { break }
            let next = Self.raised(knobs, by: backoff + 1, tables: tables)
            guard next != chosen else {
                throw fail("no plan within \(Self.maxNodeBits) bits per node meets the target (\(targetDescription)) on the held-out vectors; the best: \(shortfall(held, goal: validationGoal, heldOut: true))")
            }
            backoff += 1
            chosen = next
        }
        let (final, m) = built
        let d = final.datapath
        let raisedWhy = backoff == 0 ? "" : "; then \(backoff) more bit\(backoff == 1 ? "" : "s") on every knob: the held-out vectors missed the target with fewer"
        var rows: [Row] = []
        for (i, node) in d.nodes.enumerated() {
            var reason = final.reason[i]
            if let o = final.origin[i], !why[o].isEmpty { reason += "; " + why[o] + raisedWhy }
            if d.outputs.contains(where: { $0.node.index == i }), case .cast = node.op { reason += "; " + outputWhy + raisedWhy }
            rows.append(Row(node: "n\(i)", op: Self.describe(node.op, in: d), format: node.format.description, why: reason))
        }
        return Result(datapath: d, metrics: m, vectors: sample.vectors, validated: held, validationVectors: holdout.vectors,
                      validationBackoff: backoff, unenforced: unenforced, target: targetDescription, rows: rows, evaluations: evaluations)
    }

    /// When the input ports' quantization alone exceeds a max |error| target on the search vectors (the float model at
    /// the real inputs against the float model at the quantized ones), a sentence saying so; else "".
    func inputQuantizationNote() -> String {
        guard let e = target.maxError, target.errorReference == .inputs else { return "" }
        for (k, floor) in sample.inputQuantizationFloor(reference: reference, formulas: formulas).enumerated() where floor > e {
            return ". The input quantization alone moves output '\(reference.outputs[k].name)' by up to \(String(format: "%.3g", floor)) on these vectors (float model at the real vs the quantized inputs), so no plan meets \(e) against the real inputs; --error-reference quantized-inputs bounds the error the datapath adds, or give the inputs more fraction bits"
        }
        return ""
    }

    /// `k` with every knob `bits` higher, within the search's bounds.
    static func raised(_ k: PrecisionKnobs, by bits: Int, tables: [Int]) -> PrecisionKnobs {
        var r = k
        r.fraction = k.fraction.map { Swift.min($0 + bits, maxFraction) }
        for i in tables { r.address[i] = Swift.min(k.address[i] + bits, maxAddressBits) }
        r.outputFraction = Swift.min(k.outputFraction + bits, maxFraction)
        return r
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
