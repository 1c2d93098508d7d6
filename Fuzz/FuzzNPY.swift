// Fuzz target: the NumPy .npy reader. Any input may be rejected with a DatasetError, none may crash.
// Built by Scripts/fuzz/run.sh against the Dataset module.
import Dataset
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func npyReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    if let t = try? DataTable.npy(data: bytes, source: "fuzz.npy") {
        _ = try? t.inputMatrix(names: ["x0", "x1"])
    }
    return 0
}
