import Datapath
import FixedPoint

/// One generated file of an HLS project, with its path relative to the project root.
public struct HLSFile: Hashable, Sendable {
    public var path: String
    public var text: String
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// A complete HLS project: firmware, testbench, Vivado/Vitis HLS script and a g++ csim Makefile.
public struct HLSProject: Hashable, Sendable {
    /// Name of the top function (also the stem of the firmware files).
    public var top: String
    public var files: [HLSFile]

    /// Relative paths of the testbench's default vector files.
    public static let inputVectorsPath = "tb_data/tb_input_bits.dat"
    public static let expectedVectorsPath = "tb_data/tb_output_bits.dat"
    public static let csimOutputPath = "tb_data/csim_output_bits.dat"

    /// The files that make up the C++ program csim compiles (firmware and testbench), in a fixed order.
    public var sourceFiles: [HLSFile] { files.filter { $0.path.hasSuffix(".cpp") || $0.path.hasSuffix(".h") } }
}

/// Why a design cannot be written as an HLS project.
public struct HLSEmitError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Writes a `Datapath` as ap_fixed C++ in which every node is a variable of exactly the node's format.
///
/// The C++ relies on ap_fixed's own arithmetic: its operators return full-precision results, and the
/// Datapath gives each arithmetic node a format that holds every value of its operation (ap_fixed's
/// result type, possibly without integer bits that range analysis proved to be sign copies), so
/// assigning the result to the node's variable is lossless; a `cast` node is an assignment into a type
/// carrying its Q/O/N modes.
/// Constants and table entries are written as raw bits, never as decimal values or computed at start-up.
public struct HLSEmitter: Sendable {
    /// Bumped whenever the generated text changes, so cached csim binaries are never reused across versions.
    public let generatorVersion = "symbolforge-hls/1"
    /// FPGA part written into build_prj.tcl.
    public var part: String
    /// Clock period written into build_prj.tcl.
    public var clockPeriodNs: Double

    public init(part: String = "xcvu13p-flga2577-2-e", clockPeriodNs: Double = 5) {
        self.part = part
        self.clockPeriodNs = clockPeriodNs
    }

    /// Checks an FPGA part name before it is written into build_prj.tcl: letters, digits, '-', '_' and '.'
    /// only, so no Tcl syntax (braces, brackets, `;`, `$`, spaces) can reach the script.
    public static func checkPart(_ part: String) throws(HLSEmitError) {
        let ok = part.count <= 64 && part.first.map { $0.isASCII && ($0.isLetter || $0.isNumber) } == true
            && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
        guard ok else {
            throw HLSEmitError(message: "--part '\(part)' is not an FPGA part name: use letters, digits, '-', '_' and '.' only (e.g. xcvu13p-flga2577-2-e)")
        }
    }

    /// Checks the clock period written into build_prj.tcl.
    public static func checkClockPeriod(_ ns: Double) throws(HLSEmitError) {
        guard ns.isFinite, ns > 0 else { throw HLSEmitError(message: "clock period \(ns) ns: give a positive, finite number of nanoseconds") }
    }

    /// Widest port the text testbench exchanges (one signed or unsigned 64-bit integer per value).
    public static let maxPortWidth = 64
    /// Widest table entry written as one literal.
    public static let maxTableWidth = 64

    /// Generates the project for `d`.
    public func emit(_ d: Datapath) throws(HLSEmitError) -> HLSProject {
        try Self.checkPart(part)
        try Self.checkClockPeriod(clockPeriodNs)
        if let why = HardwareNames.problem(with: d.name, in: [.cxx]) {
            throw HLSEmitError(message: "the design name '\(d.name)' cannot name a C++ function: \(why)")
        }
        guard !d.inputs.isEmpty else { throw HLSEmitError(message: "\(d.name): an HLS top function needs at least one input") }
        guard !d.outputs.isEmpty else { throw HLSEmitError(message: "\(d.name): an HLS top function needs at least one output") }
        let inFmt = d.inputs[0].format
        // Array ports share one element type; a mixed-format design would need per-port arguments.
        if let other = d.inputs.first(where: { $0.format != inFmt }) {
            throw HLSEmitError(message: "\(d.name): input \(other.name) is \(other.format.fullDescription) but \(d.inputs[0].name) is \(inFmt.fullDescription); the array port needs one format for all inputs")
        }
        let outFmt = d.outputFormat(d.outputs[0])
        if let other = d.outputs.first(where: { d.outputFormat($0) != outFmt }) {
            throw HLSEmitError(message: "\(d.name): output \(other.name) is \(d.outputFormat(other).fullDescription) but \(d.outputs[0].name) is \(outFmt.fullDescription); the array port needs one format for all outputs")
        }
        for f in [inFmt, outFmt] where f.width > Self.maxPortWidth {
            throw HLSEmitError(message: "\(d.name): port format \(f.fullDescription) is wider than \(Self.maxPortWidth) bits, which the text testbench cannot exchange")
        }
        for (i, t) in d.tables.enumerated() where t.outputFormat.width > Self.maxTableWidth {
            throw HLSEmitError(message: "\(d.name): table t\(i) entries are \(t.outputFormat.width) bits wide; at most \(Self.maxTableWidth) are supported")
        }
        let top = d.name
        return HLSProject(top: top, files: [
            HLSFile(path: "firmware/sf_bits.h", text: bitsHeader),
            HLSFile(path: "firmware/\(top).h", text: header(d, inFmt, outFmt)),
            HLSFile(path: "firmware/\(top).cpp", text: source(d)),
            HLSFile(path: "\(top)_test.cpp", text: testbench(d, inFmt, outFmt)),
            HLSFile(path: "build_prj.tcl", text: tcl(d)),
            HLSFile(path: "Makefile", text: makefile(d)),
            HLSFile(path: "README.md", text: readme(d)),
        ])
    }

    // MARK: Firmware

    var bitsHeader: String {
        """
        // Generated by \(generatorVersion). Raw-bit access to ap_fixed values.
        #ifndef SF_BITS_H_
        #define SF_BITS_H_

        #include "ap_fixed.h"
        #include "ap_int.h"

        // Builds a fixed-point value from its raw bits, so constants and table entries are exact
        // without a round trip through double and nothing is computed when the program starts.
        template <class T, int W, bool S>
        T sf_from_bits(const ap_int_base<W, S>& bits) {
        #pragma HLS INLINE
            T v;
            v.range() = bits;
            return v;
        }

        #endif

        """
    }

    func header(_ d: Datapath, _ inFmt: FixedFormat, _ outFmt: FixedFormat) -> String {
        let guardName = d.name.uppercased() + "_H_"
        return """
        // Generated by \(generatorVersion) from datapath \(d.name). Do not edit.
        #ifndef \(guardName)
        #define \(guardName)

        #include "ap_fixed.h"
        #include "sf_bits.h"

        #define N_INPUTS \(d.inputs.count)
        #define N_OUTPUTS \(d.outputs.count)

        // Port element types: inputs \(d.inputs.map(\.name).joined(separator: ", ")); outputs \(d.outputs.map(\.name).joined(separator: ", ")).
        typedef \(inFmt.fullDescription) input_t;
        typedef \(outFmt.fullDescription) result_t;

        void \(d.name)(const input_t x[N_INPUTS], result_t y[N_OUTPUTS]);

        #endif

        """
    }

    func source(_ d: Datapath) -> String {
        var s = """
        // Generated by \(generatorVersion) from datapath \(d.name). Do not edit.
        // Every node of the datapath is one variable of exactly the node's format. ap_fixed's operators
        // return full-precision results and each arithmetic node's format holds every value its operation
        // can produce, so those assignments never change a value; only `cast` nodes round or overflow.
        #include "\(d.name).h"

        // Node types.

        """
        for (i, n) in d.nodes.enumerated() {
            s += "typedef \(n.format.fullDescription) n\(i)_t;\n"
        }
        for (i, t) in d.tables.enumerated() {
            s += "\n" + table(t, i)
        }
        s += """

        void \(d.name)(const input_t x[N_INPUTS], result_t y[N_OUTPUTS]) {
        #pragma HLS ARRAY_PARTITION variable=x complete dim=0
        #pragma HLS ARRAY_PARTITION variable=y complete dim=0
        #pragma HLS PIPELINE II=1

        """
        for (i, n) in d.nodes.enumerated() {
            s += "    " + statement(i, n, d) + "\n"
        }
        for (k, o) in d.outputs.enumerated() {
            s += "    y[\(k)] = \(o.node);  // \(o.name)\n"
        }
        s += "}\n"
        return s
    }

    func statement(_ i: Int, _ n: Node, _ d: Datapath) -> String {
        let lhs = "n\(i)_t n\(i)"
        switch n.op {
        case .input(let k):
            return "\(lhs) = x[\(k)];  // \(d.inputs[k].name)"
        case .constant(let raw):
            return "const \(lhs) = sf_from_bits<n\(i)_t>(\(Self.bitsLiteral(raw, width: n.format.width, signed: n.format.isSigned)));  // \(n.format.double(fromRaw: raw))"
        case .add(let a, let b): return "\(lhs) = \(a) + \(b);"
        case .sub(let a, let b): return "\(lhs) = \(a) - \(b);"
        case .mul(let a, let b): return "\(lhs) = \(a) * \(b);"
        case .neg(let a): return "\(lhs) = -\(a);"
        case .abs(let a): return "\(lhs) = \(a) < 0 ? n\(i)_t(-\(a)) : n\(i)_t(\(a));  // abs"
        case .cast(let a): return "\(lhs) = \(a);  // cast"
        case .table(let a, let t):
            return "\(lhs) = sf_from_bits<n\(i)_t>(t\(t)_rom[t\(t)_index(\(a))]);  // \(d.tables[t].function.rawValue)"
        }
    }

    /// A table's ROM (raw entries) and its index function, mirroring `FunctionTable.index`.
    func table(_ t: FunctionTable, _ i: Int) -> String {
        let w = t.outputFormat.width
        let elem = t.outputFormat.isSigned ? "ap_int<\(w)>" : "ap_uint<\(w)>"
        let aw = max(t.addressBits, 1)
        let inW = t.inputFormat.width
        let inSigned = t.inputFormat.isSigned
        // (x − start) of two W-bit values needs W+1 bits; one more keeps an unsigned argument positive.
        let dw = inW + 2
        let shift = t.indexShift
        let range = "[\(t.start), \(t.end))"
        var s = """
        // t\(i): \(t.function.rawValue)\(t.scale != 1 ? " of \(t.scale)·x" : ""), \(t.size) entries on \(range), \(t.periodic ? "periodic" : "clamped"), \(t.sampling.rawValue) samples.
        // Argument \(t.inputFormat.fullDescription), entries \(t.outputFormat.fullDescription) as raw bits.
        typedef \(t.inputFormat.fullDescription) t\(i)_arg_t;
        static const \(elem) t\(i)_rom[\(t.size)] = {

        """
        var line = "    "
        for (k, e) in t.entries.enumerated() {
            let lit = Self.hexLiteral(e, width: w) + (k + 1 < t.entries.count ? "," : "")
            if line.count + lit.count + 1 > 100 {
                s += line + "\n"
                line = "    "
            }
            line += (line == "    " ? "" : " ") + lit
        }
        s += line + "\n};\n\n"
        if let g = t.segments { return s + segmentedIndex(t, g, i) }
        s += """
        // index = floor((x − start)·N/span) as a shift of the raw bits\(t.periodic ? "; the low bits wrap around the period" : ", clamped to [0, N−1]").
        static ap_uint<\(aw)> t\(i)_index(t\(i)_arg_t x) {
        #pragma HLS INLINE
            \(inSigned ? "ap_int" : "ap_uint")<\(inW)> bits = x.range();
            ap_int<\(dw)> d = ap_int<\(dw)>(bits) - ap_int<\(dw)>(\(Self.signedLiteral(t.startRaw)));

        """
        let qw: Int
        if shift >= 0 {
            qw = dw
            s += "    ap_int<\(qw)> q = d >> \(min(shift, dw));\n"
        } else {
            qw = dw - shift
            s += "    ap_int<\(qw)> q = ap_int<\(qw)>(d) << \(-shift);\n"
        }
        if t.periodic {
            s += "    return q.range(\(aw - 1), 0);\n"
        } else {
            s += """
                if (q < 0) return 0;
                if (q > \(t.size - 1)) return \(t.size - 1);
                return q.range(\(aw - 1), 0);

            """
        }
        s += "}\n"
        return s
    }

    /// A segmented table's index function, mirroring `TableSegments.index`: the leading one of u = x − start
    /// picks the segment, the bits below it the entry.
    func segmentedIndex(_ t: FunctionTable, _ g: TableSegments, _ i: Int) -> String {
        let inW = t.inputFormat.width
        let dw = inW + 2
        let m = g.mantissaBits
        return """
        // index = {segment, \(m) bits below the leading one of u = x − start}; segment 0 holds u < 2^\(m) one per LSB, clamped to [0, N−1].
        static ap_uint<\(t.addressBits)> t\(i)_index(t\(i)_arg_t x) {
        #pragma HLS INLINE
            \(t.inputFormat.isSigned ? "ap_int" : "ap_uint")<\(inW)> bits = x.range();
            ap_int<\(dw)> u = ap_int<\(dw)>(bits) - ap_int<\(dw)>(\(Self.signedLiteral(t.startRaw)));
            if (u < 0) return 0;
            if (u < \(1 << m)) return ap_uint<\(t.addressBits)>(u);
            int e = 0;
            for (int b = 0; b < \(dw - 1); b++) {
        #pragma HLS UNROLL
                if (u[b]) e = b;
            }
            int k = e - \(m) + 1;
            if (k >= \(g.count)) return \(g.entries - 1);
            ap_uint<\(dw)> mant = ap_uint<\(dw)>(u >> (e - \(m))) & \((1 << m) - 1);
            return ap_uint<\(t.addressBits)>((ap_uint<\(t.addressBits)>(k) << \(m)) | ap_uint<\(t.addressBits)>(mant));
        }

        """
    }

    // MARK: Literals

    /// An `ap_int<W>`/`ap_uint<W>` expression holding `raw`'s low `width` bits; wide values are built from 64-bit chunks.
    static func bitsLiteral(_ raw: Int128, width: Int, signed: Bool) -> String {
        let t = signed ? "ap_int<\(width)>" : "ap_uint<\(width)>"
        var u = UInt128(bitPattern: raw)
        if width < 128 { u &= (UInt128(1) << width) - 1 }
        if width <= 64 { return "\(t)(\(hexLiteral(raw, width: width)))" }
        // Chunks keep every literal within unsigned long long; the shifts and ORs fold at compile time.
        var parts: [String] = []
        var shift = 0
        while shift < width {
            let chunk = UInt64(truncatingIfNeeded: u >> shift)
            if chunk != 0 { parts.append(shift == 0 ? "ap_uint<\(width)>(0x\(String(chunk, radix: 16))ULL)" : "(ap_uint<\(width)>(0x\(String(chunk, radix: 16))ULL) << \(shift))") }
            shift += 64
        }
        return "\(t)(" + (parts.isEmpty ? "ap_uint<\(width)>(0)" : parts.joined(separator: " | ")) + ")"
    }

    /// The low `width` (≤ 64) bits of `raw` as an unsigned hexadecimal literal.
    static func hexLiteral(_ raw: Int128, width: Int) -> String {
        let mask: UInt128 = width >= 128 ? ~0 : (UInt128(1) << width) - 1
        let u = UInt64(truncatingIfNeeded: UInt128(bitPattern: raw) & mask)
        return "0x\(String(u, radix: 16))ULL"
    }

    /// A signed integer literal (≤ 64 bits) that never spells the most negative value as a negated overflow.
    static func signedLiteral(_ v: Int128) -> String {
        if v == Int128(Int64.min) { return "(-9223372036854775807LL - 1)" }
        return "\(v)LL"
    }

    // MARK: Testbench, scripts

    func testbench(_ d: Datapath, _ inFmt: FixedFormat, _ outFmt: FixedFormat) -> String {
        let inW = inFmt.width, outW = outFmt.width
        let readIn = inFmt.isSigned ? "ap_int<\(inW)>((long long)strtoll(p, &end, 10))" : "ap_uint<\(inW)>((unsigned long long)strtoull(p, &end, 10))"
        let outBits = outFmt.isSigned ? "ap_int<\(outW)>(y[k].range()).to_int64()" : "ap_uint<\(outW)>(y[k].range()).to_uint64()"
        let outFmtSpec = outFmt.isSigned ? "%lld" : "%llu"
        let outCast = outFmt.isSigned ? "(long long)" : "(unsigned long long)"
        let expRead = outFmt.isSigned ? "(long long)strtoll(p, &end, 10)" : "(unsigned long long)strtoull(p, &end, 10)"
        let expType = outFmt.isSigned ? "long long" : "unsigned long long"
        return """
        // Generated by \(generatorVersion). C simulation testbench for \(d.name).
        //
        // Vectors are raw integer bits in decimal (two's complement values for signed types), one vector
        // per line, one value per port in port order. Usage:
        //   \(d.name)_csim [inputs [outputs [expected]]]
        // Defaults: \(HLSProject.inputVectorsPath), \(HLSProject.csimOutputPath), \(HLSProject.expectedVectorsPath).
        // When the expected file exists, every output is compared with == and the exit status is 1 on any mismatch.
        #include <cerrno>
        #include <cstdio>
        #include <cstdlib>
        #include <cstring>

        #include "firmware/\(d.name).h"

        static bool read_line(FILE* f, char* buf, int size) {
            while (fgets(buf, size, f)) {
                if (buf[0] != '\\n' && buf[0] != '#') return true;
            }
            return false;
        }

        int main(int argc, char** argv) {
            const char* in_path = argc > 1 ? argv[1] : "\(HLSProject.inputVectorsPath)";
            const char* out_path = argc > 2 ? argv[2] : "\(HLSProject.csimOutputPath)";
            const char* exp_path = argc > 3 ? argv[3] : "\(HLSProject.expectedVectorsPath)";
            FILE* fin = fopen(in_path, "r");
            if (!fin) {
                fprintf(stderr, "cannot open input vectors %s: %s\\n", in_path, strerror(errno));
                return 2;
            }
            FILE* fout = fopen(out_path, "w");
            if (!fout) {
                fprintf(stderr, "cannot write outputs %s: %s\\n", out_path, strerror(errno));
                return 2;
            }
            FILE* fexp = (exp_path[0] != '\\0') ? fopen(exp_path, "r") : NULL;
            static char line[1 << 16];
            long vectors = 0, mismatches = 0;
            while (read_line(fin, line, sizeof line)) {
                input_t x[N_INPUTS];
                result_t y[N_OUTPUTS];
                char* p = line;
                char* end;
                for (int i = 0; i < N_INPUTS; i++) {
                    errno = 0;
                    x[i] = sf_from_bits<input_t>(\(readIn));
                    if (end == p || errno != 0) {
                        fprintf(stderr, "%s:%ld: value %d is not a raw integer\\n", in_path, vectors + 1, i + 1);
                        return 2;
                    }
                    p = end;
                }
                \(d.name)(x, y);
                for (int k = 0; k < N_OUTPUTS; k++) {
                    fprintf(fout, k + 1 < N_OUTPUTS ? "\(outFmtSpec) " : "\(outFmtSpec)\\n", \(outCast)\(outBits));
                }
                if (fexp) {
                    static char eline[1 << 16];
                    if (!read_line(fexp, eline, sizeof eline)) {
                        fprintf(stderr, "%s has fewer vectors than %s\\n", exp_path, in_path);
                        return 2;
                    }
                    char* q = eline;
                    for (int k = 0; k < N_OUTPUTS; k++) {
                        char* p = q;
                        \(expType) e = \(expRead);
                        q = end;
                        if (e != \(outBits)) {
                            if (mismatches < 10) fprintf(stderr, "vector %ld output %d: expected %s, csim %s\\n", vectors, k, p, y[k].to_string(10).c_str());
                            mismatches++;
                        }
                    }
                }
                vectors++;
            }
            fclose(fin);
            if (fclose(fout) != 0) {
                fprintf(stderr, "cannot write outputs %s\\n", out_path);
                return 2;
            }
            if (fexp) {
                fclose(fexp);
                printf("%ld vectors, %ld mismatches against %s\\n", vectors, mismatches, exp_path);
                return mismatches == 0 ? 0 : 1;
            }
            printf("%ld vectors\\n", vectors);
            return 0;
        }

        """
    }

    func tcl(_ d: Datapath) -> String {
        """
        # Generated by \(generatorVersion). Vivado HLS / Vitis HLS build of \(d.name).
        #   vivado_hls -f build_prj.tcl        (or: vitis_hls -f build_prj.tcl)
        # Set csim/synth/cosim below, or pass them: vitis_hls -f build_prj.tcl -tclargs csim=1 synth=0
        array set opt {csim 1 synth 1 cosim 0 export 0}
        foreach arg $argv {
            set kv [split $arg =]
            if {[llength $kv] == 2} { set opt([lindex $kv 0]) [lindex $kv 1] }
        }

        open_project -reset \(d.name)_prj
        set_top \(d.name)
        add_files firmware/\(d.name).cpp -cflags "-std=c++0x -Ifirmware"
        add_files -tb \(d.name)_test.cpp -cflags "-std=c++0x -Ifirmware"
        add_files -tb tb_data
        open_solution -reset solution1
        set_part {\(part)}
        create_clock -period \(clockPeriodNs) -name default

        if {$opt(csim)} {
            # The testbench reads tb_data relative to the csim build directory, where add_files -tb copies it.
            csim_design
        }
        if {$opt(synth)} { csynth_design }
        if {$opt(cosim)} { cosim_design }
        if {$opt(export)} { export_design -format ip_catalog }
        exit

        """
    }

    func makefile(_ d: Datapath) -> String {
        let bin = "\(d.name)_csim"
        return """
        # Generated by \(generatorVersion). C simulation with g++ and the open ap_types headers; no vendor tool.
        #   make csim                 build and run on tb_data, compare with tb_data/tb_output_bits.dat
        # ap_types: AP_TYPES_INCLUDE, else $(SYMBOLFORGE_CACHE)/ap_types/1.3.0/include (Scripts/ap_types/install.sh).
        SYMBOLFORGE_CACHE ?= $(HOME)/.cache/symbolforge
        AP_TYPES_INCLUDE ?= $(SYMBOLFORGE_CACHE)/ap_types/1.3.0/include
        CXX ?= g++
        CXXFLAGS ?= -O2 -std=c++14

        SOURCES = firmware/\(d.name).cpp \(d.name)_test.cpp
        HEADERS = firmware/\(d.name).h firmware/sf_bits.h

        .PHONY: csim clean
        csim: \(bin)
        \t./\(bin) \(HLSProject.inputVectorsPath) \(HLSProject.csimOutputPath) \(HLSProject.expectedVectorsPath)

        \(bin): $(SOURCES) $(HEADERS)
        \t@test -f "$(AP_TYPES_INCLUDE)/ap_fixed.h" || { echo "ap_types headers not found in $(AP_TYPES_INCLUDE): run Scripts/ap_types/install.sh (pip download --no-deps hls4ml==1.3.0) or set AP_TYPES_INCLUDE" >&2; exit 1; }
        \t$(CXX) $(CXXFLAGS) -I"$(AP_TYPES_INCLUDE)" -Ifirmware -o $@ $(SOURCES)

        clean:
        \trm -f \(bin) \(HLSProject.csimOutputPath)

        """
    }

    func readme(_ d: Datapath) -> String {
        """
        # \(d.name): HLS project

        Generated by \(generatorVersion). `firmware/\(d.name).cpp` holds the top function: one C++ variable
        per datapath node, typed with the node's exact ap_fixed format. `make csim` compiles it with g++
        against the open ap_types headers and runs `\(d.name)_test.cpp` on `tb_data/`; `vivado_hls -f
        build_prj.tcl` (or `vitis_hls`) runs C simulation and synthesis.

        Vectors: raw integer bits in decimal, one vector per line, ports in order
        (inputs: \(d.inputs.map(\.name).joined(separator: ", ")); outputs: \(d.outputs.map(\.name).joined(separator: ", "))).

        Datapath:

        ```
        \(d.listing)```

        """
    }
}

extension HLSProject {
    /// The project with test vectors in `tb_data/`: inputs, and the expected outputs the testbench compares with.
    public func withVectors(rawInputs: [Int128], inputCount: Int, expected: [Int128]?, outputCount: Int) -> HLSProject {
        var p = self
        p.files.removeAll { $0.path.hasPrefix("tb_data/") }
        p.files.append(HLSFile(path: Self.inputVectorsPath, text: HLSVectors.text(rawInputs, columns: inputCount)))
        if let expected { p.files.append(HLSFile(path: Self.expectedVectorsPath, text: HLSVectors.text(expected, columns: outputCount))) }
        return p
    }
}
