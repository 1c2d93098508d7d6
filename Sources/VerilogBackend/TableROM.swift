import Datapath
import FixedPoint

/// A lookup table printed as a case ROM with a registered read, so synthesis can map it to block RAM.
///
/// The entries are the table object's own raw values; nothing is recomputed here.
struct TableROM {
    let table: FunctionTable
    let name: String

    init(_ table: FunctionTable, name: String) {
        self.table = table
        self.name = name
    }

    var module: VModule {
        let a = table.addressBits
        let f = table.outputFormat
        let width = f.width
        var lines: [String] = ["always @(posedge clk) begin", "    case (addr)"]
        for (i, raw) in table.entries.enumerated() {
            lines.append("        \(a)'d\(i): dout <= \(VExpr.constant(raw, width: width, signed: false).text);")
        }
        lines += ["    endcase", "end"]
        let header = [
            "\(name): \(table.function.rawValue) table, \(table.size) entries on [\(table.start), \(table.end))\(table.periodic ? ", periodic" : ", clamped"), argument scale \(table.scale), \(table.sampling.rawValue) sampling.",
            "Argument \(table.inputFormat.fullDescription), entries \(f.fullDescription).",
        ]
        return VModule(name: name, header: header,
                       ports: [VPort(.input, "clk"), VPort(.input, "addr", width: a), VPort(.output, "dout", width: width, signed: f.isSigned)],
                       items: [.raw(lines)], outputIsReg: ["dout"])
    }
}
