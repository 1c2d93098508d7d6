// Fuzz target: the formula parser and printer. Any input may be rejected with a ParseError, but none may
// crash, and every accepted formula must print to text that parses back to the same tree.
// Built by Scripts/fuzz/run.sh against the SymbolicExpression module.
import SymbolicExpression

@_cdecl("LLVMFuzzerTestOneInput")
public func formulaRoundTrip(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let e = try? Expr.parse(text) {
        check(e, text)
    }
    if let set = try? FormulaSet.parse(text, file: "fuzz") {
        for f in set.formulas { check(f.expr, text) }
        _ = set.inputCount
    }
    return 0
}

func check(_ e: Expr, _ source: String) {
    let printed = e.description
    let again: Expr
    do { again = try Expr.parse(printed) } catch {
        fatalError("printed formula does not parse: \(error)\nsource: \(source)\nprinted: \(printed)")
    }
    guard again == e else { fatalError("parse(print(e)) != e\nsource: \(source)\nprinted: \(printed)\nagain: \(again)") }
    // The other passes over the tree must not crash either.
    _ = e.simplified().description
    _ = e.nodeCount
    let n = (e.maxVariableIndex ?? 0) + 1
    _ = CompiledExpression(e).evaluate(rows: 1, columns: n, data: [Double](repeating: 0.5, count: n))
}
