#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Algebraic clean-up of expressions: constant folding, the identities x·1, x·0, x+0, −(−x), and
/// collection of like terms in linear combinations (so nested weighted sums collapse to one sum).
///
/// Every rewrite keeps the float value up to rounding, with one documented exception: `0·e` becomes 0
/// even where `e` is infinite or NaN.
extension Expr {
    /// The simplified expression.
    public func simplified() -> Expr { Simplifier.simplify(self) }

    /// Every constant rounded to `digits` significant decimal digits (`digits` ≥ 1).
    public func roundingConstants(toSignificantDigits digits: Int) -> Expr {
        switch self {
        case .number(let v): return .number(Simplifier.round(v, significantDigits: digits))
        case .variable: return self
        case .negate(let a): return .negate(a.roundingConstants(toSignificantDigits: digits))
        case .call(let f, let a): return .call(f, a.roundingConstants(toSignificantDigits: digits))
        case .binary(let op, let a, let b):
            return .binary(op, a.roundingConstants(toSignificantDigits: digits), b.roundingConstants(toSignificantDigits: digits))
        }
    }
}

/// A linear combination Σ cᵢ·mᵢ + constant over non-constant monomials mᵢ, kept in first-seen order
/// so that printed formulas follow the order of the source.
struct LinearForm {
    var constant = 0.0
    var keys: [Expr] = []
    var coefficients: [Expr: Double] = [:]

    init(constant: Double = 0) { self.constant = constant }
    init(term: Expr, coefficient: Double = 1) { add(term, coefficient) }

    var isConstant: Bool { keys.allSatisfy { coefficients[$0] == 0 } }

    /// The single term c·m when the form is exactly that (no constant, one non-zero term).
    var singleTerm: (Expr, Double)? {
        let live = keys.filter { coefficients[$0] != 0 }
        guard constant == 0, live.count == 1 else { return nil }
        return (live[0], coefficients[live[0]]!)
    }

    mutating func add(_ m: Expr, _ c: Double) {
        if let old = coefficients[m] {
            coefficients[m] = old + c
        } else {
            keys.append(m)
            coefficients[m] = c
        }
    }

    mutating func add(_ o: LinearForm, scale: Double) {
        constant += scale * o.constant
        for k in o.keys { add(k, scale * o.coefficients[k]!) }
    }

    func scaled(_ s: Double) -> LinearForm {
        var out = LinearForm()
        out.add(self, scale: s)
        return out
    }
}

enum Simplifier {
    static func simplify(_ e: Expr) -> Expr {
        switch e {
        case .number, .variable:
            return e
        case .call(let f, let a):
            let s = simplify(a)
            if case .number(let v) = s {
                let r = f.apply(v)
                if r.isFinite { return .number(r) }
            }
            return .call(f, s)
        case .binary(.pow, let a, let b):
            let sa = simplify(a), sb = simplify(b)
            switch (sa, sb) {
            case (.number(let x), .number(let y)):
                let r = BinaryOperator.pow.apply(x, y)
                if r.isFinite { return .number(r) }
            case (_, .number(1)): return sa
            case (_, .number(0)): return .number(1)
            case (.number(1), _): return .number(1)
            default: break
            }
            return .binary(.pow, sa, sb)
        case .binary, .negate:
            return build(linear(e))
        }
    }

    /// The linear form of `e`; non-linear sub-expressions become simplified monomials.
    static func linear(_ e: Expr) -> LinearForm {
        switch e {
        case .number(let v):
            return LinearForm(constant: v)
        case .negate(let a):
            return linear(a).scaled(-1)
        case .binary(.add, _, _), .binary(.sub, _, _):
            // The left spine of a sum in a loop: a long flat sum costs one stack frame, not one per term.
            var rights: [(Expr, Double)] = []
            var base = e
            while case .binary(let op, let l, let r) = base, op == .add || op == .sub {
                rights.append((r, op == .add ? 1 : -1))
                base = l
            }
            var out = linear(base)
            for (r, sign) in rights.reversed() { out.add(linear(r), scale: sign) }
            return out
        case .binary(.mul, let a, let b):
            let la = linear(a), lb = linear(b)
            if la.isConstant { return lb.scaled(la.constant) }
            if lb.isConstant { return la.scaled(lb.constant) }
            // Pull the numeric coefficients out of c·m × d·n so that like products collect.
            let (ma, ca) = la.singleTerm ?? (build(la), 1)
            let (mb, cb) = lb.singleTerm ?? (build(lb), 1)
            return LinearForm(term: product(ma, mb), coefficient: ca * cb)
        case .binary(.div, let a, let b):
            let la = linear(a), lb = linear(b)
            if lb.isConstant {
                if lb.constant != 0 { return la.scaled(1 / lb.constant) }
                if la.isConstant { return LinearForm(constant: la.constant / lb.constant) }
            }
            if la.isConstant {
                if la.constant == 0 { return LinearForm() }
                return LinearForm(term: .binary(.div, .number(1), build(lb)), coefficient: la.constant)
            }
            let (ma, ca) = la.singleTerm ?? (build(la), 1)
            return LinearForm(term: .binary(.div, ma, build(lb)), coefficient: ca)
        default:
            let s = simplify(e)
            if case .number(let v) = s { return LinearForm(constant: v) }
            return LinearForm(term: s)
        }
    }

    /// Product of two monomials with factors in a canonical order, so that x1·x2 and x2·x1 collect.
    static func product(_ a: Expr, _ b: Expr) -> Expr {
        var factors: [Expr] = []
        func flatten(_ e: Expr) {
            if case .binary(.mul, let l, let r) = e { flatten(l); flatten(r) } else { factors.append(e) }
        }
        flatten(a)
        flatten(b)
        let keyed = factors.map { ($0.description, $0) }.sorted { $0.0 < $1.0 }
        return keyed.dropFirst().reduce(keyed[0].1) { .binary(.mul, $0, $1.1) }
    }

    /// Writes a linear form back as an expression: c·m terms in order, subtraction for negative
    /// coefficients, the constant last.
    static func build(_ f: LinearForm) -> Expr {
        var out: Expr?
        for m in f.keys {
            let c = f.coefficients[m]!
            if c == 0 { continue }
            let mag = Swift.abs(c)
            let term: Expr = mag == 1 ? m : .binary(.mul, .number(mag), m)
            if let acc = out {
                out = c < 0 ? .binary(.sub, acc, term) : .binary(.add, acc, term)
            } else if c < 0 {
                // A leading negative coefficient stays in the constant (prints as `-0.44*x14`, which
                // parses back to this tree); a bare `-m` stays a negation.
                out = mag == 1 ? .negate(m) : .binary(.mul, .number(c), m)
            } else {
                out = term
            }
        }
        let k = f.constant
        guard let acc = out else { return .number(k == 0 ? 0 : k) }
        if k == 0 { return acc }
        return k < 0 ? .binary(.sub, acc, .number(-k)) : .binary(.add, acc, .number(k))
    }

    /// `v` rounded to `digits` significant decimal digits; dividing by an exact power of ten keeps
    /// results like 0.3 free of binary noise.
    static func round(_ v: Double, significantDigits digits: Int) -> Double {
        guard v != 0, v.isFinite, digits >= 1 else { return v }
        let exponent = Int(floor(log10(Swift.abs(v))))
        let shift = digits - 1 - exponent
        if shift >= 0 {
            guard shift <= 22 else { return v }
            let p = pow(10.0, Double(shift))
            return (v * p).rounded() / p
        } else {
            let p = pow(10.0, Double(-shift))
            return (v / p).rounded() * p
        }
    }
}
