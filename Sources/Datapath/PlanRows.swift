import FixedPoint

/// Node → format → why for plans that do not search (uniform, hls4ml): every reason follows from the plan's one type.
public enum PlanRows {
    public static func rows(_ d: Datapath, plan: PrecisionPlan) -> [PrecisionSearch.Row] {
        let outputs = Set(d.outputs.map(\.node.index))
        var tableArguments = Set<Int>()
        for n in d.nodes { if case .table(let a, _) = n.op { tableArguments.insert(a.index) } }
        return d.nodes.enumerated().map { i, n in
            let why: String
            switch n.op {
            case .input: why = "the plan's input type"
            case .constant: why = "the plan's constant type"
            case .add, .sub, .mul, .neg, .abs: why = "exact result, integer bits narrowed to the worst-case range"
            case .cast where outputs.contains(i): why = "the plan's output type"
            case .cast where tableArguments.contains(i): why = "table argument: integer bits hold the table range, fraction bits the address"
            case .cast: why = "widest intermediate: low fraction bits dropped"
            case .table(_, let t):
                let tb = d.tables[t]
                why = "\(tb.function.rawValue) table, \(tb.size) entries" + (tb.periodic ? " per period" : " on [\(tb.start), \(tb.end))") + ", entries in the plan's output type"
            }
            return PrecisionSearch.Row(node: "n\(i)", op: PrecisionSearch.describe(n.op, in: d), format: n.format.description, why: why)
        }
    }
}
