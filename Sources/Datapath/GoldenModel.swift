import FixedPoint

/// The bit-exact Swift model of a `Datapath`: the reference every other implementation must equal.
public struct GoldenModel: Sendable {
    public let datapath: Datapath
    // Flattened node table so the hot loop touches only arrays of plain values.
    let kinds: [Kind]
    let formats: [FixedFormat]
    let outputNodes: [Int]
    let tables: [FunctionTable]

    enum Kind: Sendable {
        case input(Int), constant(Int128), add(Int, Int), sub(Int, Int), mul(Int, Int), neg(Int), abs(Int), cast(Int, FixedFormat), table(Int, Int)
    }

    public init(_ datapath: Datapath) {
        self.datapath = datapath
        formats = datapath.nodes.map(\.format)
        kinds = datapath.nodes.map { n in
            switch n.op {
            case .input(let i): return .input(i)
            case .constant(let v): return .constant(v)
            case .add(let a, let b): return .add(a.index, b.index)
            case .sub(let a, let b): return .sub(a.index, b.index)
            case .mul(let a, let b): return .mul(a.index, b.index)
            case .neg(let a): return .neg(a.index)
            case .abs(let a): return .abs(a.index)
            case .cast(let a): return .cast(a.index, datapath.nodes[a.index].format)
            case .table(let a, let t): return .table(a.index, t)
            }
        }
        outputNodes = datapath.outputs.map(\.node.index)
        tables = datapath.tables
    }

    /// Converts one row of real input values (one per input) into raw input words.
    public func quantizeInputs(_ x: [Double]) -> [Int128] {
        datapath.quantizeInputs(x, stride: x.count)
    }

    /// For each table, how many lookups of `count` vectors had an argument outside its range.
    public func tableRangeViolations(count: Int, inputs: [Int128]) -> [Int] {
        evaluateBatchCountingTableRange(count: count, inputs: inputs).violations
    }

    /// Evaluates one vector of raw inputs; returns one raw value per output.
    public func evaluate(_ inputs: [Int128]) -> [Int128] {
        var values = [Int128](repeating: 0, count: kinds.count)
        var out = [Int128](repeating: 0, count: outputNodes.count)
        inputs.withUnsafeBufferPointer { inp in
            values.withUnsafeMutableBufferPointer { v in
                out.withUnsafeMutableBufferPointer { o in
                    evaluate(inp.baseAddress!, v.baseAddress!, o.baseAddress!)
                }
            }
        }
        return out
    }

    /// Evaluates `count` vectors laid out row-major (`inputs.count` per row), writing outputs row-major.
    public func evaluateBatch(count: Int, inputs: [Int128]) -> [Int128] {
        evaluateBatchCountingTableRange(count: count, inputs: inputs, countViolations: false).outputs
    }

    /// One pass over a batch: the outputs (row-major) and, per table, the lookups whose argument left its range.
    public func evaluateBatchCountingTableRange(count: Int, inputs: [Int128], countViolations: Bool = true) -> (outputs: [Int128], violations: [Int]) {
        let nIn = datapath.inputs.count
        let nOut = outputNodes.count
        precondition(inputs.count >= count * nIn, "input batch is shorter than count × inputs")
        var out = [Int128](repeating: 0, count: count * nOut)
        var violations = [Int](repeating: 0, count: tables.count)
        var values = [Int128](repeating: 0, count: kinds.count)
        let lookups: [(node: Int, argument: Int, table: Int)] = countViolations ? kinds.indices.compactMap { i in
            if case .table(let a, let t) = kinds[i] { return (i, a, t) }
            return nil
        } : []
        inputs.withUnsafeBufferPointer { inp in
            values.withUnsafeMutableBufferPointer { v in
                out.withUnsafeMutableBufferPointer { o in
                    for r in 0..<count {
                        evaluate(inp.baseAddress! + r * nIn, v.baseAddress!, o.baseAddress! + r * nOut)
                        for l in lookups where !tables[l.table].index(v[l.argument]).inRange { violations[l.table] += 1 }
                    }
                }
            }
        }
        return (out, violations)
    }

    @inline(__always)
    func evaluate(_ inp: UnsafePointer<Int128>, _ v: UnsafeMutablePointer<Int128>, _ out: UnsafeMutablePointer<Int128>) {
        // Arithmetic nodes are exact by construction (their formats hold every result), so plain
        // Int128 operations need no wrapping.
        for i in 0..<kinds.count {
            switch kinds[i] {
            case .input(let k): v[i] = inp[k]
            case .constant(let c): v[i] = c
            case .add(let a, let b): v[i] = align(v[a], formats[a], formats[i]) + align(v[b], formats[b], formats[i])
            case .sub(let a, let b): v[i] = align(v[a], formats[a], formats[i]) - align(v[b], formats[b], formats[i])
            case .mul(let a, let b): v[i] = v[a] * v[b]
            case .neg(let a): v[i] = -v[a]
            case .abs(let a): v[i] = Swift.abs(v[a])
            case .cast(let a, let from): v[i] = formats[i].cast(v[a], from: from)
            case .table(let a, let t): v[i] = tables[t].entries[tables[t].index(v[a]).index]
            }
        }
        for (k, n) in outputNodes.enumerated() { out[k] = v[n] }
    }

    @inline(__always)
    func align(_ raw: Int128, _ from: FixedFormat, _ to: FixedFormat) -> Int128 {
        raw << (to.fractionBits - from.fractionBits)
    }
}
