import Datapath
import FixedPoint

/// A design ready for simulation or synthesis: the top module and the primitive files it uses.
public struct EmittedDesign: Sendable {
    public var top: String
    /// File name and text of every Verilog file, top first.
    public var files: [(name: String, text: String)]
    /// Cycles from `in_valid` to `out_valid`, as scheduled.
    public var latency: Int
    public var schedule: Schedule
}

/// Prints a scheduled `Datapath` as a pipelined Verilog module with a valid handshake.
///
/// Inputs are registered on entry, each node is a wire in its stage, values that are needed in later
/// stages travel through one register per stage boundary, and every rounding or overflow decision is an
/// instance of the `sf_cast` primitive. Data registers have no reset; the valid pipeline does.
public struct VerilogEmitter {
    public var delays: DelayModel
    public var generatorVersion = "symbolforge 0.1"
    /// Print each node's fixed-point format beside its wire (for plans that choose a format per node).
    public var annotateFormats = false

    public init(delays: DelayModel = DelayModel()) { self.delays = delays }

    var registerInputs: Bool { delays.registerInputs }

    /// Names the emitter refuses for ports and modules: Verilog and SystemVerilog keywords, C++ keywords (the
    /// same design is written as HLS C++), the control ports and the sf_ prefix (see `HardwareNames`).
    func checkName(_ n: String) throws(EmitError) {
        if let why = HardwareNames.problem(with: n, in: [.verilog]) { throw .badPortName(n, reason: why) }
    }

    public func emit(_ d: Datapath, moduleName: String? = nil) throws -> EmittedDesign {
        // The DSP budget chooses the constant multiplies of each design; the whole emission sees that choice.
        let resolved = delays.resolved(for: d)
        if resolved != delays {
            var e = self
            e.delays = resolved
            return try e.emit(d, moduleName: moduleName)
        }
        let schedule = try Schedule.checked(d, delays: delays)
        try checkName(moduleName ?? d.name)
        let module = try makeModule(d, schedule, name: moduleName ?? d.name)
        let roms = romPorts(d).flatMap { t, counts in
            counts.map { TableROM(d.tables[t], name: Self.romName(module.name, t, ports: $0), storage: delays.storage(of: d.tables[t]), ports: $0).module }
        }
        return EmittedDesign(top: module.name, files: [("\(module.name).v", module.text)] + roms.map { ("\($0.name).v", $0.text) } + (try HDLLibrary.files()),
                             latency: schedule.latency, schedule: schedule)
    }

    /// The top module alone (for golden files and inspection).
    public func makeModule(_ d: Datapath, _ schedule: Schedule, name: String) throws(EmitError) -> VModule {
        let resolved = delays.resolved(for: d)
        if resolved != delays {
            var e = self
            e.delays = resolved
            return try e.makeModule(d, schedule, name: name)
        }
        for p in d.inputs { try checkName(p.name) }
        for o in d.outputs { try checkName(o.name) }
        let last = schedule.stages - 1
        var ports = [VPort(.input, "clk"), VPort(.input, "rst"), VPort(.input, "in_valid")]
        ports += d.inputs.map { VPort(.input, $0.name, width: $0.format.width, signed: $0.format.isSigned) }
        ports.append(VPort(.output, "out_valid"))
        ports += d.outputs.map { VPort(.output, $0.name, width: d.outputFormat($0).width, signed: d.outputFormat($0).isSigned) }

        // Nodes some consumer reads only the low bits of (see `extend`); their declarations carry a lint waiver.
        var truncated = Set<Int>()
        for n in d.nodes {
            let target = n.op.isMul ? n.format.asInteger : n.format
            for o in n.op.operands {
                if case .table = n.op { continue }
                if case .cast = n.op { continue }
                let from = n.op.isMul ? d[o].format.asInteger : d[o].format
                if target.width - from.width - (target.fractionBits - from.fractionBits) < 0 { truncated.insert(o.index) }
            }
        }
        func declare(_ item: VItem, node i: Int) -> [VItem] {
            truncated.contains(i) ? [.lint(off: true, rule: "UNUSEDSIGNAL"), item, .lint(off: false, rule: "UNUSEDSIGNAL")] : [item]
        }

        // Last stage in which each node's value is read; outputs are read at the end of the last stage.
        var lastUse = [Int](repeating: -1, count: d.nodes.count)
        for (i, n) in d.nodes.enumerated() {
            // A registered table reads its argument one stage before its value appears.
            let readStage = registeredTable(n, d) ? schedule.stage[i] - 1 : schedule.stage[i]
            for o in n.op.operands { lastUse[o.index] = max(lastUse[o.index], readStage) }
        }
        for o in d.outputs { lastUse[o.node.index] = max(lastUse[o.node.index], last + 1) }

        var items: [VItem] = []
        var clocked: [VItem.NonBlocking] = []
        let truncatedInputs = Set(d.nodes.indices.compactMap { i -> Int? in
            if case .input(let k) = d.nodes[i].op, truncated.contains(i) { return k }
            return nil
        })
        let usedInputs = Set(d.nodes.compactMap { n -> Int? in
            if case .input(let k) = n.op { return k }
            return nil
        })
        if schedule.registerInputs {
            items.append(.comment("Input registers."))
            for (k, p) in d.inputs.enumerated() where usedInputs.contains(k) {
                let r = VItem.reg(name: "sf_\(p.name)_r", width: p.format.width, signed: p.format.isSigned)
                items += truncatedInputs.contains(k) ? [.lint(off: true, rule: "UNUSEDSIGNAL"), r, .lint(off: false, rule: "UNUSEDSIGNAL")] : [r]
                clocked.append(.init("sf_\(p.name)_r", .name(p.name)))
            }
            if !clocked.isEmpty { items.append(.clocked(clock: "clk", clocked)) }
        }
        let unused = d.inputs.indices.filter { !usedInputs.contains($0) }
        if !unused.isEmpty {
            // Inputs no formula reads; the name tells lint this is deliberate.
            items.append(.wire(name: "sf_unused_inputs", width: 1, signed: false))
            items.append(.assign("sf_unused_inputs", .unary(.reduceAnd, .concat([.literal(width: 1, bits: 0, signed: false)] + unused.map { .name(d.inputs[$0].name) }))))
        }

        func wire(_ i: Int) -> String { NodeSignals.name(i) }
        func reg(_ i: Int, _ k: Int) -> String { "sf_n\(i)_s\(k)" }
        /// Node `i` as seen by logic in stage `t`.
        func seen(_ i: Int, at t: Int) -> VExpr {
            if case .constant = d.nodes[i].op { return .name(wire(i)) }
            return t <= schedule.stage[i] ? .name(wire(i)) : .name(reg(i, t - 1))
        }

        // Declared before the stages that read them.
        items.append(.blank)
        items.append(.comment("Pipeline registers: one per stage boundary a value crosses."))
        var pipeline: [VItem.NonBlocking] = []
        for (i, node) in d.nodes.enumerated() where !isConstant(node) && lastUse[i] > schedule.stage[i] {
            for k in schedule.stage[i]..<lastUse[i] {
                items += declare(.reg(name: reg(i, k), width: node.format.width, signed: node.format.isSigned), node: i)
                pipeline.append(.init(reg(i, k), k == schedule.stage[i] ? .name(wire(i)) : .name(reg(i, k - 1))))
            }
        }

        // A constant that only shift-and-add multiplies read lives in their wiring, not in a signal.
        var readConstants = Set<Int>()
        for n in d.nodes {
            let csd = delays.shiftAdd(n, in: d) != nil
            for o in n.op.operands where !(csd && isConstant(d[o])) { readConstants.insert(o.index) }
        }
        for o in d.outputs { readConstants.insert(o.node.index) }
        let constants = d.nodes.indices.filter { isConstant(d.nodes[$0]) && readConstants.contains($0) }
        if !constants.isEmpty {
            items.append(.blank)
            items.append(.comment("Constants."))
            for i in constants {
                items += declare(.wire(name: wire(i), width: d.nodes[i].format.width, signed: d.nodes[i].format.isSigned), node: i)
                items += body(i, d.nodes[i], d, seen: { seen($0.index, at: 0) })
            }
        }
        for stage in 0...last {
            items.append(.blank)
            items.append(.comment("Stage \(stage)."))
            // A block table's address is set up one stage before its value, which the RAM's output register
            // delivers; the reads themselves are instanced after the stages (two reads may share one RAM).
            for (i, node) in d.nodes.enumerated() where schedule.stage[i] == stage + 1 && registeredTable(node, d) {
                guard case .table(let a, let t) = node.op else { continue }
                if annotateFormats { items.append(.comment("sf_n\(i): \(node.format.description), table t\(t), block ROM")) }
                items += declare(.wire(name: wire(i), width: node.format.width, signed: node.format.isSigned), node: i)
                items += tableIndex(i, d, argument: seen(a.index, at: stage), table: t)
            }
            for (i, node) in d.nodes.enumerated() where schedule.stage[i] == stage && !isConstant(node) && !registeredTable(node, d) {
                if case .table(let a, let t) = node.op {
                    if annotateFormats { items.append(.comment("sf_n\(i): \(node.format.description), table t\(t), distributed ROM")) }
                    items += declare(.wire(name: wire(i), width: node.format.width, signed: node.format.isSigned), node: i)
                    items += tableIndex(i, d, argument: seen(a.index, at: stage), table: t)
                    items.append(.instance(module: Self.romName(name, t, ports: 1), name: "sf_rom\(i)", parameters: [],
                                           connections: [("addr", .name(tableAddress(i))), ("dout", .name(wire(i)))]))
                    continue
                }
                if annotateFormats { items.append(.comment("sf_n\(i): \(node.format.description)")) }
                items += declare(.wire(name: wire(i), width: node.format.width, signed: node.format.isSigned), node: i)
                items += body(i, node, d, seen: { seen($0.index, at: stage) })
            }
        }

        let blockReads = blockTableReads(d)
        if !blockReads.isEmpty {
            items.append(.blank)
            items.append(.comment("Registered ROM reads: two reads of one table share a dual-port ROM."))
            for (t, reads) in blockReads {
                for pair in stride(from: 0, to: reads.count, by: 2).map({ Array(reads[$0..<min($0 + 2, reads.count)]) }) {
                    var conns: [(String, VExpr)] = [("clk", .name("clk"))]
                    for (k, i) in pair.enumerated() {
                        let port = TableROM.portNames(k, of: pair.count)
                        conns += [(port.addr, .name(tableAddress(i))), (port.dout, .name(wire(i)))]
                    }
                    items.append(.instance(module: Self.romName(name, t, ports: pair.count), name: "sf_rom\(pair[0])", parameters: [], connections: conns))
                }
            }
        }

        if !pipeline.isEmpty { items.append(.clocked(clock: "clk", pipeline)) }

        items.append(.blank)
        items.append(.comment("Valid handshake: latency \(schedule.latency) cycles, II = 1."))
        items.append(.instance(module: "sf_valid_pipe", name: "sf_valid", parameters: [("DEPTH", .name("\(schedule.latency)"))],
                               connections: [("clk", .name("clk")), ("rst", .name("rst")), ("din", .name("in_valid")), ("dout", .name("out_valid"))]))
        for o in d.outputs {
            let i = o.node.index
            items.append(.assign(o.name, isConstant(d.nodes[i]) ? .name(wire(i)) : .name(reg(i, last))))
        }

        let header = [
            "\(name): generated by \(generatorVersion). Do not edit; regenerate from the formulas.",
            "Latency \(schedule.latency) cycles, initiation interval 1, \(schedule.stages) logic stage(s) at \(delays.clockPeriodNs) ns" + (delays.family == .xc7 ? "." : " (\(delays.family.rawValue) delay model)."),
        ] + d.outputs.map { "\($0.name): \(d.outputFormat($0).fullDescription)" }
        return VModule(name: name, header: header, ports: ports, items: items)
    }

    /// The ROM module of table `t` with `ports` read ports (a dual-port one is a separate module).
    static func romName(_ top: String, _ t: Int, ports: Int) -> String { "\(top)_rom\(t)" + (ports == 2 ? "_dp" : "") }

    /// Whether `n` reads a table through a registered ROM (block RAM, or left to synthesis on ECP5).
    func registeredTable(_ n: Node, _ d: Datapath) -> Bool {
        if case .table(_, let t) = n.op { return delays.storage(of: d.tables[t]).isRegistered }
        return false
    }

    /// The reading nodes of every block table, in node order; reads are paired onto dual-port RAMs in this order.
    func blockTableReads(_ d: Datapath) -> [(table: Int, reads: [Int])] {
        var reads: [Int: [Int]] = [:]
        for (i, n) in d.nodes.enumerated() where registeredTable(n, d) {
            if case .table(_, let t) = n.op { reads[t, default: []].append(i) }
        }
        return reads.keys.sorted().map { ($0, reads[$0]!) }
    }

    /// For each read table, the port counts of the ROM modules it needs (1, 2, or both for an odd number of
    /// block reads above one).
    func romPorts(_ d: Datapath) -> [(table: Int, ports: [Int])] {
        var out: [Int: Set<Int>] = [:]
        for n in d.nodes where !registeredTable(n, d) {
            if case .table(_, let t) = n.op { out[t, default: []].insert(1) }
        }
        for (t, reads) in blockTableReads(d) {
            if reads.count >= 2 { out[t, default: []].insert(2) }
            if reads.count % 2 == 1 { out[t, default: []].insert(1) }
        }
        return out.keys.sorted().map { ($0, out[$0]!.sorted()) }
    }

    func tableAddress(_ i: Int) -> String { "sf_n\(i)_addr" }

    func isConstant(_ n: Node) -> Bool {
        if case .constant = n.op { return true }
        return false
    }

    /// The logic computing one node.
    func body(_ i: Int, _ node: Node, _ d: Datapath, seen: (NodeID) -> VExpr) -> [VItem] {
        let name = "sf_n\(i)"
        let f = node.format
        switch node.op {
        case .input(let k):
            return [.assign(name, .name(registerInputs ? "sf_\(d.inputs[k].name)_r" : d.inputs[k].name))]
        case .constant(let raw):
            return [.assign(name, .constant(raw, width: f.width, signed: f.isSigned))]
        case .add(let a, let b), .sub(let a, let b):
            let op: VBinaryOperator
            if case .add = node.op { op = .add } else { op = .subtract }
            return [.assign(name, .binary(op, extend(seen(a), d[a].format, to: f), extend(seen(b), d[b].format, to: f)))]
        case .neg(let a):
            return [.assign(name, .unary(.negate, extend(seen(a), d[a].format, to: f)))]
        case .abs(let a):
            let x = extend(seen(a), d[a].format, to: f)
            guard case .name(let n) = seen(a) else { preconditionFailure("operands are named signals") }
            let negative: VExpr = d[a].format.isSigned ? .bit(n, d[a].format.width - 1) : .literal(width: 1, bits: 0, signed: false)
            return [.assign(name, .ternary(negative, .unary(.negate, x), x))]
        case .mul where delays.shiftAdd(node, in: d) != nil:
            return shiftAdd(i, node, d, seen: seen)
        case .mul(let a, let b):
            // Both operands widened to the product width keep the multiply exact and lint-clean.
            let w = FixedFormat(width: f.width, integerBits: f.width, isSigned: f.isSigned)
            return [.assign(name, .binary(.multiply, extend(seen(a), d[a].format.asInteger, to: w), extend(seen(b), d[b].format.asInteger, to: w)))]
        case .cast(let a):
            let src = d[a].format
            let params: [(String, VExpr)] = [
                ("IN_W", .name("\(src.width)")), ("IN_F", .name("\(src.fractionBits)")), ("IN_SIGNED", .name(src.isSigned ? "1" : "0")),
                ("OUT_W", .name("\(f.width)")), ("OUT_F", .name("\(f.fractionBits)")), ("OUT_SIGNED", .name(f.isSigned ? "1" : "0")),
                ("QMODE", .name("\(HDLLibrary.code(f.quantization))")), ("OMODE", .name("\(HDLLibrary.code(f.overflow))")),
                ("NBITS", .name("\(f.saturationBits)")),
            ]
            return [.instance(module: "sf_cast", name: "sf_cast\(i)", parameters: params, connections: [("din", seen(a)), ("dout", .name(name))])]
        case .table:
            preconditionFailure("table nodes are emitted by tableLookup")
        }
    }

    /// A constant multiply as a sum of shifted copies of the other operand (CSD digits), modulo 2^W: the
    /// exact product fits the node's W bits, so only the low W bits of every term matter.
    func shiftAdd(_ i: Int, _ node: Node, _ d: Datapath, seen: (NodeID) -> VExpr) -> [VItem] {
        let name = "sf_n\(i)"
        let f = node.format
        let w = f.width
        let (_, x) = ConstantMultiplication.constantOperand(node, in: d)!
        let digits = delays.shiftAdd(node, in: d)!.filter { $0.shift < w }
        guard !digits.isEmpty else { return [.assign(name, .constant(0, width: w, signed: f.isSigned))] }
        let xw = "\(name)_x"
        let wide = FixedFormat(width: w, integerBits: w, isSigned: f.isSigned)
        var items: [VItem] = [
            .lint(off: true, rule: "UNUSEDSIGNAL"), .wire(name: xw, width: w, signed: f.isSigned), .lint(off: false, rule: "UNUSEDSIGNAL"),
            .assign(xw, extend(seen(x), d[x].format.asInteger, to: wide)),
        ]
        func term(_ s: Int) -> VExpr {
            guard s > 0 else { return .name(xw) }
            let joined: VExpr = .concat([.slice(xw, w - 1 - s, 0), .literal(width: s, bits: 0, signed: false)])
            return f.isSigned ? .signed(joined) : joined
        }
        var sum: VExpr = digits[0].negative ? .unary(.negate, term(digits[0].shift)) : term(digits[0].shift)
        for g in digits.dropFirst() { sum = .binary(g.negative ? .subtract : .add, sum, term(g.shift)) }
        items.append(.assign(name, sum))
        return items
    }

    /// Address computation of a table node (a bit slice, or a subtract and clamp; a leading-one detector for a
    /// segmented table).
    func tableIndex(_ i: Int, _ d: Datapath, argument: VExpr, table t: Int) -> [VItem] {
        let tb = d.tables[t]
        let f = tb.inputFormat
        let addr = tableAddress(i)
        var params: [(String, VExpr)] = [
            ("IN_W", .name("\(f.width)")), ("IN_SIGNED", .name(f.isSigned ? "1" : "0")),
            ("START", .constant(tb.startRaw, width: f.width + 1, signed: false)),
        ]
        let module: String
        if let g = tb.segments {
            module = "sf_table_index_seg"
            params += [("MANT_W", .name("\(g.mantissaBits)")), ("SEGMENTS", .name("\(g.count)")), ("ADDR_W", .name("\(tb.addressBits)"))]
        } else {
            module = "sf_table_index"
            params += [("SHIFT", .name("\(tb.indexShift)")), ("ADDR_W", .name("\(tb.addressBits)")), ("PERIODIC", .name(tb.periodic ? "1" : "0"))]
        }
        return [
            .wire(name: addr, width: tb.addressBits, signed: false),
            .instance(module: module, name: "sf_index\(i)", parameters: params, connections: [("din", argument), ("addr", .name(addr))]),
        ]
    }

    /// `value` of format `from`, aligned to `to`'s LSB and sign- or zero-extended to `to`'s width.
    /// The target always has room for the exact value, so nothing is lost.
    ///
    /// When range analysis made the result narrower than an operand, the operand is cut to the result
    /// width: two's-complement arithmetic modulo 2^W needs only the low W bits, and the true result fits.
    func extend(_ value: VExpr, _ from: FixedFormat, to: FixedFormat) -> VExpr {
        let shift = to.fractionBits - from.fractionBits
        let ext = to.width - from.width - shift
        precondition(shift >= 0, "operand \(from) has finer fraction bits than \(to)")
        if ext < 0 {
            guard case .name(let n) = value else { preconditionFailure("operands are named signals") }
            let keep = to.width - shift
            if keep <= 0 { return .constant(0, width: to.width, signed: to.isSigned) }
            var parts: [VExpr] = [.slice(n, keep - 1, 0)]
            if shift > 0 { parts.append(.literal(width: shift, bits: 0, signed: false)) }
            let joined: VExpr = parts.count == 1 ? parts[0] : .concat(parts)
            return to.isSigned ? .signed(joined) : joined
        }
        var parts: [VExpr] = []
        if ext > 0 {
            guard case .name(let n) = value else { preconditionFailure("operands are named signals") }
            let fill: VExpr = from.isSigned ? .bit(n, from.width - 1) : .literal(width: 1, bits: 0, signed: false)
            parts.append(ext == 1 ? fill : .replicate(ext, fill))
        }
        parts.append(value)
        if shift > 0 { parts.append(.literal(width: shift, bits: 0, signed: false)) }
        let joined: VExpr = parts.count == 1 ? value : .concat(parts)
        return to.isSigned ? (parts.count == 1 && from.isSigned ? value : .signed(joined)) : joined
    }
}

extension Op {
    var isMul: Bool {
        if case .mul = self { return true }
        return false
    }
}

extension FixedFormat {
    /// The same bits read as an integer, for multiplies where only the bit pattern matters.
    var asInteger: FixedFormat { FixedFormat(width: width, integerBits: width, isSigned: isSigned) }
}
