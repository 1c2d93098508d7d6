// Fuzz target: reading a SymbolNet model file and extracting its formulas. Any input may be rejected,
// none may crash. Built by Scripts/fuzz/run.sh with Sources/SymbolNet (and SymbolicExpression).
import Foundation
import SymbolicExpression

@_cdecl("LLVMFuzzerTestOneInput")
public func modelJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    if let m = try? SymbolNetModel.load(from: bytes) {
        for f in m.formulas(digits: 4) { _ = f.expr.description }
        _ = try? m.predict([[Double](repeating: 0.25, count: m.architecture.inputs)])
    }
    return 0
}
