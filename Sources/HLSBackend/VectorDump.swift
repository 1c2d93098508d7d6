import Datapath
import FixedPoint
import Foundation

/// CSV of the input vectors and every implementation's outputs, for `cosim --dump`.
///
/// One row per vector. Columns: `vector`, then per input `<name>_bits,<name>`, then per implementation
/// and output `<impl>.<output>_bits,<impl>.<output>`, then `agree` (1 when every implementation gave
/// the same bits on every output). Bits are the raw integer (two's complement value for signed types);
/// real values are `raw·2^-F` printed with Swift's shortest round-trip formatting, so they are exact.
public enum VectorDump {
    /// Outputs of one implementation (e.g. "swift", "hls_csim", "verilator"), raw and row-major.
    public struct Implementation: Sendable {
        public var name: String
        public var rawOutputs: [Int128]
        public init(name: String, rawOutputs: [Int128]) {
            self.name = name
            self.rawOutputs = rawOutputs
        }
    }

    /// The CSV text. Every implementation must hold `count × outputs` values.
    public static func csv(datapath d: Datapath, rawInputs: [Int128], implementations: [Implementation]) -> String {
        let nIn = d.inputs.count, nOut = d.outputs.count
        let count = nIn == 0 ? 0 : rawInputs.count / nIn
        for impl in implementations {
            precondition(impl.rawOutputs.count == count * nOut, "\(impl.name): \(impl.rawOutputs.count) outputs for \(count) vectors × \(nOut) outputs")
        }
        var header = ["vector"]
        for p in d.inputs { header += ["\(p.name)_bits", p.name] }
        for impl in implementations {
            for o in d.outputs { header += ["\(impl.name).\(o.name)_bits", "\(impl.name).\(o.name)"] }
        }
        header.append("agree")
        var s = header.map(quote).joined(separator: ",") + "\n"
        let outFormats = d.outputs.map { d.outputFormat($0) }
        for r in 0..<count {
            var row = [String(r)]
            for (c, p) in d.inputs.enumerated() {
                let raw = rawInputs[r * nIn + c]
                row += [String(raw), real(raw, p.format)]
            }
            var agree = true
            for impl in implementations {
                for k in 0..<nOut {
                    let raw = impl.rawOutputs[r * nOut + k]
                    row += [String(raw), real(raw, outFormats[k])]
                    if raw != implementations[0].rawOutputs[r * nOut + k] { agree = false }
                }
            }
            row.append(agree ? "1" : "0")
            s += row.joined(separator: ",") + "\n"
        }
        return s
    }

    /// Writes `vectors.csv` into `directory` (created if needed) and returns its path.
    @discardableResult
    public static func write(datapath d: Datapath, rawInputs: [Int128], implementations: [Implementation], to directory: URL) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("vectors.csv")
        try Data(csv(datapath: d, rawInputs: rawInputs, implementations: implementations).utf8).write(to: url, options: .atomic)
        return url
    }

    static func real(_ raw: Int128, _ f: FixedFormat) -> String {
        let v = f.double(fromRaw: raw)
        return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }

    static func quote(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
