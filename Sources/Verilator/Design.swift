import Foundation

/// Direction of a design port as seen from the testbench.
public enum PortDirection: String, Codable, Sendable {
    case input
    case output
}

/// One port of a simulated design: its name, direction and width in bits.
///
/// Values cross the C boundary as little-endian 32-bit words, so any width works.
public struct PortSpec: Hashable, Codable, Sendable {
    public var name: String
    public var direction: PortDirection
    public var width: Int

    /// Number of 32-bit words one value of this port occupies.
    public var words: Int { (width + 31) / 32 }

    public init(name: String, direction: PortDirection, width: Int) {
        self.name = name
        self.direction = direction
        self.width = width
    }

    /// Shorthand for an input port.
    public static func input(_ name: String, width: Int = 1) -> PortSpec {
        PortSpec(name: name, direction: .input, width: width)
    }

    /// Shorthand for an output port.
    public static func output(_ name: String, width: Int = 1) -> PortSpec {
        PortSpec(name: name, direction: .output, width: width)
    }
}

/// Everything needed to build one design.
///
/// `ports` lists every port except the clock (rst, in_valid, data inputs, out_valid, outputs),
/// in the order the run loop packs them: inputs in the order they appear here make up one cycle's
/// input words, outputs likewise make up one cycle's output words.
public struct DesignSource: Sendable {
    /// Verilog texts, written into the build directory under their names. Files ending in `.v`
    /// or `.sv` are passed to Verilator; others (`.vh`, `.svh`, memory images) are only written
    /// next to them so that `include and `$readmemh` can find them.
    public var files: [(name: String, text: String)]
    /// Name of the top module.
    public var top: String
    /// Name of the clock input; it is driven by the run loop and must not appear in `ports`.
    public var clock: String
    /// Every other port, in packing order.
    public var ports: [PortSpec]
    /// Extra Verilator arguments (e.g. `-GWIDTH=8`); they are part of the content hash.
    public var extraFlags: [String]
    /// Build the traced variant (every signal dumped to a waveform file); nil is the fast, untraced build.
    /// A traced build has its own content hash, so it is cached beside the untraced one.
    public var trace: TraceFormat?

    public init(
        files: [(name: String, text: String)],
        top: String,
        clock: String = "clk",
        ports: [PortSpec],
        extraFlags: [String] = [],
        trace: TraceFormat? = nil
    ) {
        self.files = files
        self.top = top
        self.clock = clock
        self.ports = ports
        self.extraFlags = extraFlags
        self.trace = trace
    }

    /// The same design, built with waveform tracing in `format`.
    public func traced(_ format: TraceFormat) -> DesignSource {
        var s = self
        s.trace = format
        return s
    }

    /// Input ports in packing order.
    public var inputs: [PortSpec] { ports.filter { $0.direction == .input } }
    /// Output ports in packing order.
    public var outputs: [PortSpec] { ports.filter { $0.direction == .output } }

    /// Text replaced, in every file, by the absolute directory the files are written to.
    ///
    /// Verilated `$readmemh` opens its file relative to the simulating process's working
    /// directory, so a ROM image must be named by absolute path:
    /// `$readmemh("@SYMBOLFORGE_SOURCE_DIR@/rom.hex", rom)` with `rom.hex` among `files`.
    /// The hash covers the text before replacement.
    public static let sourceDirectoryToken = "@SYMBOLFORGE_SOURCE_DIR@"

    /// Rejects sources that would produce a confusing Verilator or compiler error later.
    func validate() throws {
        if files.isEmpty {
            throw VerilatorError.invalidSource("no Verilog files given; add at least one file defining module '\(top)'")
        }
        var fileNames = Set<String>()
        for file in files {
            let name = file.name
            if name.isEmpty || name.contains("/") || name.hasPrefix(".") || name.contains("\0") {
                throw VerilatorError.invalidSource("file name '\(name)' must be a plain file name without '/' or a leading '.'")
            }
            if !fileNames.insert(name).inserted {
                throw VerilatorError.invalidSource("file name '\(name)' appears twice")
            }
        }
        if !files.contains(where: { Self.isVerilogFile($0.name) }) {
            throw VerilatorError.invalidSource("no file ends in .v or .sv, so Verilator has nothing to compile")
        }
        guard Self.isIdentifier(top) else {
            throw VerilatorError.invalidSource("top module name '\(top)' is not a plain Verilog identifier")
        }
        guard Self.isIdentifier(clock) else {
            throw VerilatorError.invalidSource("clock name '\(clock)' is not a plain Verilog identifier")
        }
        var portNames: Set<String> = [clock]
        for port in ports {
            guard Self.isIdentifier(port.name) else {
                throw VerilatorError.invalidSource("port name '\(port.name)' is not a plain Verilog identifier")
            }
            guard port.width >= 1 else {
                throw VerilatorError.invalidSource("port '\(port.name)' has width \(port.width); widths start at 1")
            }
            if !portNames.insert(port.name).inserted {
                let what = port.name == clock ? "is the clock, which the run loop drives; leave it out of ports" : "appears twice in ports"
                throw VerilatorError.invalidSource("port '\(port.name)' \(what)")
            }
        }
    }

    static func isVerilogFile(_ name: String) -> Bool {
        name.hasSuffix(".v") || name.hasSuffix(".sv")
    }

    /// Plain identifiers only: escaped Verilog names would need Verilator's C++ name mangling.
    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first else { return false }
        let letters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
        let rest = letters.union(CharacterSet(charactersIn: "0123456789"))
        guard letters.contains(first) else { return false }
        return s.unicodeScalars.allSatisfy { rest.contains($0) }
    }
}

/// A design compiled into a loadable shared library in the build cache.
public struct BuiltDesign: Sendable {
    /// SHA-256 (hex) of everything that affects the library; also names its cache entry.
    public let hash: String
    /// Absolute path of the shared library to pass to `SimulatedDesign.load`.
    public let libraryPath: String
    /// Cache entry holding the library, the generated C++ and Verilator's log.
    public let directory: String
    /// True when the library already existed and nothing was run.
    public let cacheHit: Bool
    /// Wall time spent in `build`, including waiting for another builder of the same design.
    public let buildSeconds: Double
    public let top: String
    public let clock: String
    /// Every port except the clock, in packing order.
    public let ports: [PortSpec]
    /// The waveform format of a traced build; nil for the untraced one.
    public var trace: TraceFormat? = nil

    public var inputs: [PortSpec] { ports.filter { $0.direction == .input } }
    public var outputs: [PortSpec] { ports.filter { $0.direction == .output } }
}
