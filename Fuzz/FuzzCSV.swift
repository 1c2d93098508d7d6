// Fuzz target: the CSV reader (plain and gzip) and the choice of input columns. Any input may be
// rejected with a DatasetError, none may crash. Built by Scripts/fuzz/run.sh against the Dataset module.
import Dataset
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func csvReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    if let t = try? DataTable.csv(data: bytes, source: "fuzz.csv") {
        _ = try? t.inputMatrix(names: ["x0", "x1"])
        if let first = t.columnNames.first {
            _ = try? t.classification(features: Array(t.columnNames.dropFirst()), label: first)
        }
    }
    if let t = try? DataTable.csv(data: bytes, source: "fuzz.csv", textColumns: ["label"]) {
        _ = try? t.classification(features: t.columnNames, label: "label")
    }
    return 0
}
