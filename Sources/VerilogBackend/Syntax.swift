/// A small typed model of the Verilog-2001 the emitter writes, printed deterministically.

/// The binary operators the emitter uses.
public enum VBinaryOperator: String, Hashable, Sendable, CaseIterable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
}

/// The unary operators the emitter uses.
public enum VUnaryOperator: String, Hashable, Sendable, CaseIterable {
    case negate = "-"
    /// `&x`: 1 when every bit of x is 1.
    case reduceAnd = "&"
}

/// A Verilog expression.
public indirect enum VExpr: Hashable, Sendable {
    case name(String)
    /// `name[bit]`
    case bit(String, Int)
    /// `name[hi:lo]`
    case slice(String, Int, Int)
    /// A sized literal: `width'h…` (or `width'sh…` when signed); `bits` holds the two's-complement pattern.
    case literal(width: Int, bits: UInt128, signed: Bool)
    case signed(VExpr)
    case concat([VExpr])
    case replicate(Int, VExpr)
    case binary(VBinaryOperator, VExpr, VExpr)
    case unary(VUnaryOperator, VExpr)
    case ternary(VExpr, VExpr, VExpr)

    /// A literal holding `value` in `width` bits.
    public static func constant(_ value: Int128, width: Int, signed: Bool) -> VExpr {
        let mask: UInt128 = width >= 128 ? ~0 : (UInt128(1) << width) - 1
        return .literal(width: width, bits: UInt128(bitPattern: value) & mask, signed: signed)
    }

    /// Printed text.
    public var text: String {
        switch self {
        case .name(let n): return n
        case .bit(let n, let i): return "\(n)[\(i)]"
        case .slice(let n, let hi, let lo): return "\(n)[\(hi):\(lo)]"
        case .literal(let w, let bits, let s): return "\(w)'\(s ? "s" : "")h\(String(bits, radix: 16))"
        case .signed(let e): return "$signed(\(e.text))"
        case .concat(let parts): return "{" + parts.map(\.text).joined(separator: ", ") + "}"
        case .replicate(let n, let e): return "{\(n){\(e.text)}}"
        case .binary(let op, let a, let b): return "\(a.operandText) \(op.rawValue) \(b.operandText)"
        case .unary(let op, let a): return "\(op.rawValue)\(a.operandText)"
        case .ternary(let c, let a, let b): return "\(c.operandText) ? \(a.operandText) : \(b.operandText)"
        }
    }

    var operandText: String {
        switch self {
        case .binary, .ternary: return "(\(text))"
        default: return text
        }
    }
}

/// A port of a module.
public struct VPort: Hashable, Sendable {
    public enum Direction: String, Sendable { case input, output }
    public var direction: Direction
    public var name: String
    public var width: Int
    public var signed: Bool
    public init(_ direction: Direction, _ name: String, width: Int = 1, signed: Bool = false) {
        self.direction = direction
        self.name = name
        self.width = width
        self.signed = signed
    }
}

/// One item in a module body.
public enum VItem: Hashable, Sendable {
    case comment(String)
    case blank
    case wire(name: String, width: Int, signed: Bool)
    case reg(name: String, width: Int, signed: Bool)
    /// A Verilator lint switch around declarations whose upper bits are deliberately unread.
    case lint(off: Bool, rule: String)
    case assign(String, VExpr)
    /// `always @(posedge clk)` with non-blocking assignments.
    case clocked(clock: String, [NonBlocking])
    case instance(module: String, name: String, parameters: [(String, VExpr)], connections: [(String, VExpr)])
    /// Pre-formatted lines (a case ROM body).
    case raw([String])

    public struct NonBlocking: Hashable, Sendable {
        public var lhs: String
        public var rhs: VExpr
        public init(_ lhs: String, _ rhs: VExpr) {
            self.lhs = lhs
            self.rhs = rhs
        }
    }

    public static func == (a: VItem, b: VItem) -> Bool { a.lines == b.lines }
    public func hash(into h: inout Hasher) { h.combine(lines) }

    /// Printed lines (without indentation of the module body).
    public var lines: [String] {
        switch self {
        case .comment(let c): return c.split(separator: "\n", omittingEmptySubsequences: false).map { "// \($0)" }
        case .blank: return [""]
        case .wire(let n, let w, let s): return ["wire \(Self.type(w, s))\(n);"]
        case .reg(let n, let w, let s): return ["reg \(Self.type(w, s))\(n);"]
        case .lint(let off, let rule): return ["/* verilator lint_\(off ? "off" : "on") \(rule) */"]
        case .assign(let l, let r): return ["assign \(l) = \(r.text);"]
        case .clocked(let clk, let body):
            return ["always @(posedge \(clk)) begin"] + body.map { "    \($0.lhs) <= \($0.rhs.text);" } + ["end"]
        case .instance(let m, let n, let params, let conns):
            var out = [params.isEmpty ? "\(m) \(n) (" : "\(m) #("]
            if !params.isEmpty {
                out += params.enumerated().map { i, p in "    .\(p.0)(\(p.1.text))\(i == params.count - 1 ? "" : ",")" }
                out.append(") \(n) (")
            }
            out += conns.enumerated().map { i, c in "    .\(c.0)(\(c.1.text))\(i == conns.count - 1 ? "" : ",")" }
            out.append(");")
            return out
        case .raw(let lines): return lines
        }
    }

    static func type(_ width: Int, _ signed: Bool) -> String {
        (signed ? "signed " : "") + (width > 1 || signed ? "[\(width - 1):0] " : "")
    }
}

/// A module: header comment, ports and body.
public struct VModule: Hashable, Sendable {
    public var name: String
    public var header: [String]
    public var ports: [VPort]
    public var items: [VItem]
    /// Output ports declared `reg` (assigned in an always block).
    public var outputIsReg: Set<String>

    public init(name: String, header: [String] = [], ports: [VPort], items: [VItem], outputIsReg: Set<String> = []) {
        self.name = name
        self.header = header
        self.ports = ports
        self.items = items
        self.outputIsReg = outputIsReg
    }

    /// The file text: timescale, default_nettype guard, one module.
    public var text: String {
        var out = header.map { "// \($0)" }
        out.append("`timescale 1ns / 1ps")
        out.append("`default_nettype none")
        out.append("module \(name) (")
        for (i, p) in ports.enumerated() {
            let kind = outputIsReg.contains(p.name) ? "reg" : "wire"
            out.append("    \(p.direction.rawValue) \(kind) \(VItem.type(p.width, p.signed))\(p.name)\(i == ports.count - 1 ? "" : ",")")
        }
        out.append(");")
        for item in items { out += item.lines.map { $0.isEmpty ? "" : "    " + $0 } }
        out.append("endmodule")
        out.append("")
        out.append("`default_nettype wire")
        return out.joined(separator: "\n") + "\n"
    }
}
