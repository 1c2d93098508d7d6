/// Float evaluation of expressions, one point at a time or over a batch of rows.
extension Expr {
    /// Evaluates at one input vector (index i reads `x[i]`).
    public func evaluate(_ x: [Double]) -> Double {
        switch self {
        case .number(let v): return v
        case .variable(let i): return x[i]
        case .negate(let a): return -a.evaluate(x)
        case .call(let f, let a): return f.apply(a.evaluate(x))
        case .binary(let op, let a, let b): return op.apply(a.evaluate(x), b.evaluate(x))
        }
    }
}

extension BinaryOperator {
    /// The float meaning of the operator.
    @inlinable
    public func apply(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: return a + b
        case .sub: return a - b
        case .mul: return a * b
        case .div: return a / b
        case .pow: return _pow(a, b)
        }
    }
}

/// An expression flattened to a postfix program so a batch of rows is evaluated without walking the tree
/// per row.
public struct CompiledExpression: Sendable {
    enum Step: Sendable {
        case number(Double), variable(Int), negate, call(Function), binary(BinaryOperator)
    }
    let steps: [Step]
    let depth: Int

    public init(_ e: Expr) {
        var steps: [Step] = []
        func emit(_ e: Expr) {
            switch e {
            case .number(let v): steps.append(.number(v))
            case .variable(let i): steps.append(.variable(i))
            case .negate(let a): emit(a); steps.append(.negate)
            case .call(let f, let a): emit(a); steps.append(.call(f))
            case .binary(let op, let a, let b): emit(a); emit(b); steps.append(.binary(op))
            }
        }
        emit(e)
        var d = 0, maxD = 0
        for s in steps {
            switch s {
            case .number, .variable: d += 1
            case .negate, .call: break
            case .binary: d -= 1
            }
            maxD = Swift.max(maxD, d)
        }
        self.steps = steps
        self.depth = maxD
    }

    /// Evaluates over `rows` row-major rows of `columns` values each; returns one value per row.
    public func evaluate(rows: Int, columns: Int, data: [Double]) -> [Double] {
        precondition(data.count >= rows * columns, "data holds fewer than rows*columns values")
        var out = [Double](repeating: 0, count: rows)
        var stack = [Double](repeating: 0, count: Swift.max(depth, 1))
        data.withUnsafeBufferPointer { x in
            for r in 0..<rows {
                let base = r * columns
                var sp = 0
                for s in steps {
                    switch s {
                    case .number(let v): stack[sp] = v; sp += 1
                    case .variable(let i): stack[sp] = x[base + i]; sp += 1
                    case .negate: stack[sp - 1] = -stack[sp - 1]
                    case .call(let f): stack[sp - 1] = f.apply(stack[sp - 1])
                    case .binary(let op):
                        sp -= 1
                        stack[sp - 1] = op.apply(stack[sp - 1], stack[sp])
                    }
                }
                out[r] = stack[0]
            }
        }
        return out
    }
}
