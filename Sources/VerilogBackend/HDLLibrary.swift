import Foundation
import FixedPoint

/// The hand-written Verilog primitives in `HDL/` that emitted designs instantiate.
public enum HDLLibrary {
    /// Primitive file names, one module per file.
    public static let primitives = ["sf_cast", "sf_valid_pipe", "sf_table_index", "sf_table_index_seg"]

    /// Name and text of every primitive: from `$SYMBOLFORGE_HDL` when set (to try edited primitives
    /// without rebuilding), else the copy of `HDL/` compiled into this binary, so an installed or copied
    /// binary emits the same files as the checkout.
    public static func files() throws -> [(name: String, text: String)] {
        if let env = ProcessInfo.processInfo.environment["SYMBOLFORGE_HDL"], !env.isEmpty {
            let dir = URL(fileURLWithPath: env)
            return try primitives.map { p in
                let url = dir.appendingPathComponent("\(p).v")
                do {
                    return ("\(p).v", try String(contentsOf: url, encoding: .utf8))
                } catch {
                    throw EmitError.hdlLibraryMissing(url.path)
                }
            }
        }
        return try primitives.map { p in
            guard let f = EmbeddedHDL.files.first(where: { $0.name == "\(p).v" }) else { throw EmitError.hdlLibraryMissing("HDL/\(p).v") }
            return f
        }
    }

    /// The QMODE parameter of `sf_cast`.
    public static func code(_ q: QuantizationMode) -> Int {
        switch q {
        case .rnd: return 0
        case .rndZero: return 1
        case .rndMinInf: return 2
        case .rndInf: return 3
        case .rndConv: return 4
        case .trn: return 5
        case .trnZero: return 6
        }
    }

    /// The OMODE parameter of `sf_cast`.
    public static func code(_ o: OverflowMode) -> Int {
        switch o {
        case .sat: return 0
        case .satZero: return 1
        case .satSym: return 2
        case .wrap: return 3
        case .wrapSM: return 4
        }
    }
}

/// Why a design could not be written out.
public enum EmitError: Error, CustomStringConvertible, Equatable {
    case hdlLibraryMissing(String)
    case badPortName(String, reason: String)

    public var description: String {
        switch self {
        case .hdlLibraryMissing(let p):
            return "the Verilog primitive \(p) is missing; set SYMBOLFORGE_HDL to the HDL/ folder of the SymbolForge checkout, or rebuild (HDL/*.v is compiled in)"
        case .badPortName(let n, let reason):
            return "output or input name '\(n)' cannot be a Verilog port: \(reason); rename it in the formula file"
        }
    }
}
