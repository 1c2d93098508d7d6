import Foundation
import FixedPoint

/// The hand-written Verilog primitives in `HDL/` that emitted designs instantiate.
public enum HDLLibrary {
    /// Primitive file names, one module per file.
    public static let primitives = ["sf_cast", "sf_valid_pipe", "sf_table_index"]

    /// Where `HDL/` lives: `$SYMBOLFORGE_HDL`, or the package checkout this binary was built from.
    public static func directory() throws -> URL {
        if let env = ProcessInfo.processInfo.environment["SYMBOLFORGE_HDL"] {
            return URL(fileURLWithPath: env)
        }
        // Sources/VerilogBackend/HDLLibrary.swift → package root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = root.appendingPathComponent("HDL")
        guard FileManager.default.fileExists(atPath: dir.appendingPathComponent("sf_cast.v").path) else {
            throw EmitError.hdlLibraryMissing(dir.path)
        }
        return dir
    }

    /// Name and text of every primitive.
    public static func files() throws -> [(name: String, text: String)] {
        let dir = try directory()
        return try primitives.map { p in
            let url = dir.appendingPathComponent("\(p).v")
            do {
                return ("\(p).v", try String(contentsOf: url, encoding: .utf8))
            } catch {
                throw EmitError.hdlLibraryMissing(url.path)
            }
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
            return "the Verilog primitive library is missing at \(p); set SYMBOLFORGE_HDL to the HDL/ folder of the SymbolForge checkout"
        case .badPortName(let n, let reason):
            return "output or input name '\(n)' cannot be a Verilog port: \(reason); rename it in the formula file"
        }
    }
}
