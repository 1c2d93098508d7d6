import SymbolicExpression

/// One extracted output formula with its complexity.
public struct ExtractedFormula: Sendable, Equatable {
    public var expr: Expr
    /// Node count of the simplified tree (the complexity measure of the reference).
    public var complexity: Int
    public var text: String
}

extension SymbolNetModel {
    /// The pruned network unrolled into one expression per output.
    ///
    /// Pruned inputs and weights vanish, pruned unary nodes become the identity, pruned binary nodes
    /// become `za + zb`. With `digits` set, constants are rounded to that many significant digits
    /// (before and after simplification); nil keeps full precision, so the result equals the forward
    /// pass up to float rounding.
    public func extract(digits: Int? = 3) -> [Expr] {
        let layout = self.layout
        let e = Engine<Double>(arch: architecture, targets: config.sparsity, params: parameters)
        e.prepare()
        let eff = e.eff
        func constant(_ v: Double) -> Double {
            guard let d = digits else { return v }
            return Expr.number(v).roundingConstants(toSignificantDigits: d).constantValue ?? v
        }
        var current: [Expr?] = (0..<architecture.inputs).map { k in
            eff[layout.inputThresholds + k] != 0 ? .variable(k) : nil
        }
        for (li, lin) in layout.layers.enumerated() {
            var z: [Expr] = []
            for j in 0..<lin.width {
                var sum: Expr?
                for k in 0..<lin.inDim {
                    let w = constant(eff[lin.weights + k * lin.width + j])
                    guard w != 0, let input = current[k] else { continue }
                    let term: Expr = .binary(.mul, .number(w), input)
                    sum = sum.map { .binary(.add, $0, term) } ?? term
                }
                let b = constant(eff[lin.biases + j])
                if b != 0 || sum == nil { sum = sum.map { .binary(.add, $0, .number(b)) } ?? .number(b) }
                z.append(sum!.simplified())
            }
            guard li < architecture.hidden.count else {
                current = z
                break
            }
            let layer = architecture.hidden[li]
            let u = layer.unary.count
            var next: [Expr?] = []
            for (i, op) in layer.unary.enumerated() {
                next.append(eff[lin.unaryThresholds + i] != 0 ? op.expr(z[i]) : z[i])
            }
            for (j, op) in layer.binary.enumerated() {
                let a = z[u + 2 * j], b = z[u + 2 * j + 1]
                next.append(eff[lin.binaryThresholds + j] != 0 ? op.expr(a, b) : .binary(.add, a, b))
            }
            current = next.map { $0?.simplified() }
        }
        return current.map { out in
            var f = (out ?? .number(0)).simplified()
            if let d = digits { f = f.roundingConstants(toSignificantDigits: d).simplified().roundingConstants(toSignificantDigits: d) }
            return f
        }
    }

    /// Extracted formulas with their node counts and printed text; variables print as `x0`, `x1`, …
    /// unless `variableNames` is given (for example `inputNames`, checked by
    /// `ExpressionPrinter.checkVariableNames` so the text parses back).
    public func formulas(digits: Int? = 3, variableNames: [String]? = nil) -> [ExtractedFormula] {
        let printer = ExpressionPrinter(variableNames: variableNames)
        return extract(digits: digits).map { ExtractedFormula(expr: $0, complexity: $0.nodeCount, text: printer.print($0)) }
    }

    /// Names of the formulas: the stored output (class) names when they are usable as formula names,
    /// else `y0`, `y1`, …
    public func formulaNames() -> [String] {
        if let names = outputNames, names.count == architecture.outputs,
           names.allSatisfy({ (try? ExpressionPrinter.checkVariableNames([$0])) != nil }), Set(names).count == names.count {
            return names
        }
        return (0..<architecture.outputs).map { "y\($0)" }
    }

    /// Node count of each extracted formula.
    public func complexity(digits: Int? = 3) -> [Int] { extract(digits: digits).map(\.nodeCount) }
}

extension Expr {
    var constantValue: Double? {
        if case .number(let v) = self { return v }
        return nil
    }
}
