import SymbolicExpression

/// The names a design gives to Verilog modules and ports, C++ functions and file names, and the words
/// none of them may be.
///
/// Output names are the user's: a reserved one is refused with the formula's line, so the port keeps
/// the name the user chose. A design name taken from a file name is adjusted instead (`module.txt`
/// becomes `module_design`), since the user did not choose it as an identifier.
public enum HardwareNames {
    /// Verilog-2001 (IEEE 1364-2005) keywords.
    public static let verilog: Set<String> = [
        "always", "and", "assign", "automatic", "begin", "buf", "bufif0", "bufif1", "case", "casex", "casez", "cell",
        "cmos", "config", "deassign", "default", "defparam", "design", "disable", "edge", "else", "end", "endcase",
        "endconfig", "endfunction", "endgenerate", "endmodule", "endprimitive", "endspecify", "endtable", "endtask",
        "event", "for", "force", "forever", "fork", "function", "generate", "genvar", "highz0", "highz1", "if",
        "ifnone", "incdir", "include", "initial", "inout", "input", "instance", "integer", "join", "large", "liblist",
        "library", "localparam", "macromodule", "medium", "module", "nand", "negedge", "nmos", "nor",
        "noshowcancelled", "not", "notif0", "notif1", "or", "output", "parameter", "pmos", "posedge", "primitive",
        "pull0", "pull1", "pulldown", "pullup", "pulsestyle_onevent", "pulsestyle_ondetect", "rcmos", "real",
        "realtime", "reg", "release", "repeat", "rnmos", "rpmos", "rtran", "rtranif0", "rtranif1", "scalared",
        "showcancelled", "signed", "small", "specify", "specparam", "strong0", "strong1", "supply0", "supply1",
        "table", "task", "time", "tran", "tranif0", "tranif1", "tri", "tri0", "tri1", "triand", "trior", "trireg",
        "unsigned", "use", "uwire", "vectored", "wait", "wand", "weak0", "weak1", "while", "wire", "wor", "xnor", "xor",
    ]

    /// SystemVerilog (IEEE 1800-2017) keywords beyond Verilog's: Verilator and synthesis tools read
    /// files as SystemVerilog, so these are refused too.
    public static let systemVerilog: Set<String> = [
        "accept_on", "alias", "always_comb", "always_ff", "always_latch", "assert", "assume", "before", "bind", "bins",
        "binsof", "bit", "break", "byte", "chandle", "checker", "class", "clocking", "const", "constraint", "context",
        "continue", "cover", "covergroup", "coverpoint", "cross", "dist", "do", "endchecker", "endclass",
        "endclocking", "endgroup", "endinterface", "endpackage", "endprogram", "endproperty", "endsequence", "enum",
        "eventually", "expect", "export", "extends", "extern", "final", "first_match", "foreach", "forkjoin", "global",
        "iff", "ignore_bins", "illegal_bins", "implements", "implies", "import", "inside", "int", "interconnect",
        "interface", "intersect", "join_any", "join_none", "let", "local", "logic", "longint", "matches", "modport",
        "nettype", "new", "nexttime", "null", "package", "packed", "priority", "program", "property", "protected",
        "pure", "rand", "randc", "randcase", "randsequence", "ref", "reject_on", "restrict", "return", "s_always",
        "s_eventually", "s_nexttime", "s_until", "s_until_with", "sequence", "shortint", "shortreal", "soft", "solve",
        "static", "string", "strong", "struct", "super", "sync_accept_on", "sync_reject_on", "tagged", "this",
        "throughout", "timeprecision", "timeunit", "type", "typedef", "union", "unique", "unique0", "until",
        "until_with", "untyped", "var", "virtual", "void", "wait_order", "weak", "wildcard", "with", "within",
    ]

    /// C++20 keywords and alternative operator spellings.
    public static let cxx: Set<String> = [
        "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
        "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval", "constexpr",
        "constinit", "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype", "default", "delete",
        "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for",
        "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
        "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast",
        "requires", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct",
        "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
        "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
        // Names with a fixed meaning in every C/C++ program.
        "main", "std", "NULL",
    ]

    /// Names the emitted designs use themselves: the control ports and the HLS project's types and arrays.
    public static let generated: Set<String> = [
        "clk", "rst", "in_valid", "out_valid", "input_t", "result_t", "N_INPUTS", "N_OUTPUTS",
    ]

    /// The languages a name is written into.
    public enum Language: Hashable, Sendable, CaseIterable { case verilog, cxx }

    /// Why `name` cannot name a port, module or function in `languages`, or nil when it can.
    public static func problem(with name: String, in languages: Set<Language> = Set(Language.allCases)) -> String? {
        guard FormulaSet.isOutputName(name) else { return "it must be an identifier (ASCII letters, digits and _, not starting with a digit)" }
        if languages.contains(.verilog) {
            if verilog.contains(name) { return "it is a Verilog keyword" }
            if systemVerilog.contains(name) { return "it is a SystemVerilog keyword" }
        }
        if languages.contains(.cxx) {
            if cxx.contains(name) { return "it is a C++ keyword" }
            if name.hasPrefix("_") || name.contains("__") { return "names starting with _ or containing __ are reserved in C++" }
        }
        if generated.contains(name) { return "the generated design uses it itself" }
        let lower = name.lowercased()
        if lower.hasPrefix("sf_") || lower.hasPrefix("ap_") { return "names starting with sf_ or ap_ are used inside the generated design" }
        return nil
    }

    /// A design (module, C++ function and file) name made from a file's base name: characters outside
    /// identifiers become `_`, a leading digit gets `d_`, and a reserved word gets `_design` appended.
    public static func designName(fromFileName base: String) -> String {
        var out = String(base.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        while out.hasPrefix("_") { out.removeFirst() }
        while out.contains("__") { out = out.replacingOccurrences(of: "__", with: "_") }
        if out.isEmpty { return "expr" }
        if out.first!.isNumber { out = "d_" + out }
        if problem(with: out) != nil { out += "_design" }
        if problem(with: out) != nil { out = "d_" + out.filter { $0.isLetter || $0.isNumber } }
        return out
    }
}

extension String {
    /// `replacingOccurrences` without Foundation.
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound] + replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension HardwareNames {
    /// Checks every name a formula set gives its design, located by the formula's line.
    public static func check(_ set: FormulaSet, inputNames: [String], design: String) throws(LoweringError) {
        guard inputNames.count <= ExpressionLimits.maxInputs else {
            throw LoweringError(output: "", line: 0, subexpression: design,
                                message: "\(inputNames.count) inputs are beyond the limit of \(ExpressionLimits.maxInputs) (docs/limits.md)")
        }
        guard set.formulas.count <= ExpressionLimits.maxOutputs else {
            throw LoweringError(output: "", line: 0, subexpression: design,
                                message: "\(set.formulas.count) outputs are beyond the limit of \(ExpressionLimits.maxOutputs) (docs/limits.md)")
        }
        // The design name is checked by each emitter for its own language (an HLS-only design may be
        // called `small`, a Verilog keyword); port names are checked here, where the formula's line is known.
        if let why = problem(with: design, in: []) {
            throw LoweringError(output: "", line: 0, subexpression: design, message: "the design name '\(design)' cannot be used: \(why)")
        }
        let inputs = Set(inputNames)
        for name in inputNames {
            if let why = problem(with: name) {
                throw LoweringError(output: "", line: 0, subexpression: name, message: "the input name '\(name)' cannot be used: \(why)")
            }
        }
        for f in set.formulas {
            if let why = problem(with: f.name) {
                throw LoweringError(output: f.name, line: f.line, subexpression: f.name,
                                    message: "the output name '\(f.name)' cannot name a Verilog port or C++ symbol: \(why); rename the output")
            }
            if inputs.contains(f.name) {
                throw LoweringError(output: f.name, line: f.line, subexpression: f.name,
                                    message: "the output name '\(f.name)' is also the name of an input port; rename the output")
            }
        }
    }
}
