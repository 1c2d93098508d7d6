import Datapath
import FixedPoint

/// A lookup table printed as a ROM module: an initialised array read through one or two ports.
///
/// A distributed ROM reads combinationally (`assign`), so its value is usable in the stage of its address; a
/// block ROM registers its read, as a block RAM's output does, and with two ports it maps to one dual-port
/// block RAM instead of two. The `rom_style` attribute carries the choice to synthesis. The entries are the
/// table object's own raw values; nothing is recomputed here.
struct TableROM {
    let table: FunctionTable
    let name: String
    let storage: TableStorage
    /// Read ports: 1, or 2 for a block ROM shared by two reads.
    let ports: Int

    init(_ table: FunctionTable, name: String, storage: TableStorage, ports: Int = 1) {
        precondition(ports == 1 || (ports == 2 && storage.isRegistered), "only a registered ROM has a second read port")
        self.table = table
        self.name = name
        self.storage = storage
        self.ports = ports
    }

    /// The `rom_style` value: Yosys maps "logic" to LUTs (its "distributed" means LUT RAM, which has no
    /// read-only mapping on xc7); a combinational read is LUTs in any tool, since block RAM reads are clocked.
    static func romStyle(_ s: TableStorage) -> String? {
        switch s {
        case .distributed: return "logic"
        case .registered: return nil
        case .block: return "block"
        }
    }

    /// Address and data port names of read port `k`.
    static func portNames(_ k: Int, of ports: Int) -> (addr: String, dout: String) {
        ports == 1 ? ("addr", "dout") : (k == 0 ? ("addr_a", "dout_a") : ("addr_b", "dout_b"))
    }

    var module: VModule {
        let a = table.addressBits
        let f = table.outputFormat
        let width = f.width
        let names = (0..<self.ports).map { Self.portNames($0, of: self.ports) }
        var lines: [String] = Self.romStyle(storage).map { ["(* rom_style = \"\($0)\" *)"] } ?? []
        lines += [
            "reg [\(width - 1):0] rom [0:\(table.size - 1)];",
            "initial begin",
        ]
        for (i, raw) in table.entries.enumerated() {
            lines.append("    rom[\(i)] = \(VExpr.constant(raw, width: width, signed: false).text);")
        }
        lines.append("end")
        var portList: [VPort] = []
        var outputIsReg: Set<String> = []
        switch storage {
        case .distributed:
            portList = [VPort(.input, names[0].addr, width: a), VPort(.output, names[0].dout, width: width, signed: f.isSigned)]
            lines.append("assign \(names[0].dout) = \(f.isSigned ? "$signed(rom[\(names[0].addr)])" : "rom[\(names[0].addr)]");")
        case .registered, .block:
            portList = [VPort(.input, "clk")]
            for n in names { portList += [VPort(.input, n.addr, width: a), VPort(.output, n.dout, width: width, signed: f.isSigned)] }
            lines.append("always @(posedge clk) begin")
            for n in names { lines.append("    \(n.dout) <= \(f.isSigned ? "$signed(rom[\(n.addr)])" : "rom[\(n.addr)]");") }
            lines.append("end")
            outputIsReg = Set(names.map(\.dout))
        }
        let read = storage == .distributed
            ? "distributed (LUT) ROM, combinational read"
            : (storage == .block ? "block ROM" : "ROM") + ", registered read" + (self.ports == 2 ? ", two ports (one dual-port RAM for two reads)" : "")
        let header = [
            "\(name): \(table.function.rawValue) table, \(table.size) entries on [\(table.start), \(table.end))\(table.periodic ? ", periodic" : ", clamped")\(table.segments.map { ", \($0.count) segments of \(1 << $0.mantissaBits) (leading-one index)" } ?? ""), argument scale \(table.scale), \(table.sampling.rawValue) sampling.",
            "Argument \(table.inputFormat.fullDescription), entries \(f.fullDescription); \(read).",
        ]
        return VModule(name: name, header: header, ports: portList, items: [.raw(lines)], outputIsReg: outputIsReg)
    }
}
