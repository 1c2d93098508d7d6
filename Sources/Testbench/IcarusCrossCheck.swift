import Datapath
import FixedPoint
import Foundation
import Support
import VerilogBackend

/// A second, independent RTL simulator: runs an emitted design under Icarus Verilog and compares every
/// output with the golden model, so a Verilator-specific interpretation cannot hide a bug.
public struct IcarusCrossCheck {
    public init() {}

    /// What Icarus saw.
    public struct Outcome: Sendable {
        public var vectors: Int
        /// Per output: results whose bits differ from the golden model.
        public var mismatches: [Int]
        /// The scheduled latency when every vector showed it, else the first other latency seen.
        public var latencyCycles: Int
        /// Vectors whose result arrived after another number of cycles than the schedule's.
        public var latencyMismatches: Int
        public var seconds: Double
        /// Per output: the failing vectors and the first one's values, for the failure report and repro.
        public var failureLog: [OutputFailureLog] = []
    }

    public enum Failure: Error, CustomStringConvertible {
        case toolMissing(String)
        case failed(String, output: String)
        case resultCount(expected: Int, got: Int)

        public var description: String {
            switch self {
            case .toolMissing(let t): return "\(t) is not installed; install Icarus Verilog with: apt-get install iverilog"
            case .failed(let step, let out): return "Icarus \(step) failed:\n\(out)"
            case .resultCount(let e, let g): return "Icarus produced \(g) results for \(e) vectors; the valid handshake lost or invented results"
            }
        }
    }

    /// Simulates `stimulus` (real inputs, quantized per input format) and compares with the golden model.
    public func run(_ design: EmittedDesign, datapath d: Datapath, stimulus: Stimulus) throws -> Outcome {
        let start = Date()
        let golden = GoldenModel(d)
        let n = stimulus.count
        let nIn = d.inputs.count
        let raw = d.quantizeInputs(stimulus.values, stride: stimulus.inputCount)
        let expected = golden.evaluateBatch(count: n, inputs: raw)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sf-icarus-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // One line per vector: the inputs concatenated as one hex word, first input in the top bits.
        let inWidth = d.inputs.map(\.format.width).reduce(0, +)
        var vec = ""
        vec.reserveCapacity(n * (inWidth / 4 + 2))
        for r in 0..<n {
            var bits = ""
            for c in 0..<nIn { bits += Self.binary(raw[r * nIn + c], width: d.inputs[c].format.width) }
            vec += Self.hex(fromBinary: bits) + "\n"
        }
        try vec.write(to: dir.appendingPathComponent("vectors.hex"), atomically: false, encoding: .utf8)
        for f in design.files { try f.text.write(to: dir.appendingPathComponent(f.name), atomically: false, encoding: .utf8) }
        try testbench(design, d, vectors: n, inWidth: inWidth).write(to: dir.appendingPathComponent("sf_icarus_tb.v"), atomically: false, encoding: .utf8)

        let files = ["sf_icarus_tb.v"] + design.files.map(\.name)
        let (crc, cout) = try Self.shell(["iverilog", "-g2005", "-s", "sf_icarus_tb", "-o", "sim.vvp"] + files, in: dir)
        guard crc == 0 else { throw Failure.failed("compilation", output: cout) }
        let (src, sout) = try Self.shell(["vvp", "-n", "sim.vvp"], in: dir)
        guard src == 0 else { throw Failure.failed("simulation", output: sout) }

        let lines = try String(contentsOf: dir.appendingPathComponent("results.txt"), encoding: .utf8).split(separator: "\n")
        guard lines.count == n else { throw Failure.resultCount(expected: n, got: lines.count) }
        let nOut = d.outputs.count
        var mismatches = [Int](repeating: 0, count: nOut)
        var log = (0..<nOut).map { OutputFailureLog(output: $0) }
        // Every vector's latency is checked, not only the last one's.
        var latency = design.latency
        var latencyMismatches = 0
        for (r, line) in lines.enumerated() {
            let fields = line.split(separator: " ")
            let seen = Int(fields[0]) ?? -1
            if seen != design.latency {
                if latencyMismatches == 0 { latency = seen }
                latencyMismatches += 1
            }
            for k in 0..<nOut {
                let f = d.outputFormat(d.outputs[k])
                let got = Self.parse(String(fields[k + 1]), format: f)
                if got != expected[r * nOut + k] {
                    mismatches[k] += 1
                    // An x or z result (nil) is recorded as 0; the count above is what matters for it.
                    log[k].record(vector: r, cycle: nil, actual: got ?? 0, expected: expected[r * nOut + k], cap: 20)
                }
            }
        }
        return Outcome(vectors: n, mismatches: mismatches, latencyCycles: latency, latencyMismatches: latencyMismatches,
                       seconds: Date().timeIntervalSince(start), failureLog: log)
    }

    /// The self-checking-free driver: vectors back to back after reset, results written as they appear.
    func testbench(_ design: EmittedDesign, _ d: Datapath, vectors n: Int, inWidth: Int) -> String {
        var lines = [
            "`timescale 1ns / 1ps",
            "module sf_icarus_tb;",
            "    reg clk = 1'b0;",
            "    reg rst = 1'b1;",
            "    reg in_valid = 1'b0;",
            "    reg [\(inWidth - 1):0] mem [0:\(max(n, 1) - 1)];",
            "    reg [\(inWidth - 1):0] cur;",
        ]
        var offset = inWidth
        var inPorts: [String] = []
        for p in d.inputs {
            offset -= p.format.width
            lines.append("    wire [\(p.format.width - 1):0] \(p.name) = cur[\(offset + p.format.width - 1):\(offset)];")
            inPorts.append(".\(p.name)(\(p.name))")
        }
        lines.append("    wire out_valid;")
        var outPorts: [String] = []
        for o in d.outputs {
            lines.append("    wire [\(d.outputFormat(o).width - 1):0] \(o.name);")
            outPorts.append(".\(o.name)(\(o.name))")
        }
        let conns = ([".clk(clk)", ".rst(rst)", ".in_valid(in_valid)"] + inPorts + [".out_valid(out_valid)"] + outPorts).joined(separator: ", ")
        lines += [
            "    \(design.top) dut (\(conns));",
            "    integer fd, i, cycle;",
            "    always #5 clk = ~clk;",
            "    initial begin",
            "        $readmemh(\"vectors.hex\", mem);",
            "        fd = $fopen(\"results.txt\", \"w\");",
            "        cur = 0; cycle = 0;",
            "        repeat (2) @(posedge clk);",
            "        #1 rst = 1'b0;",
            "        for (i = 0; i < \(n); i = i + 1) begin",
            "            cur = mem[i]; in_valid = 1'b1;",
            "            @(posedge clk); #1;",
            "        end",
            "        in_valid = 1'b0; cur = 0;",
            "        repeat (\(design.latency + 4)) @(posedge clk);",
            "        $fclose(fd);",
            "        $finish;",
            "    end",
            "    // Results are sampled just after each rising edge, like the Verilator bridge.",
            "    integer received = 0;",
            "    always @(posedge clk) begin",
            "        cycle <= cycle + 1;",
            "    end",
            "    always @(posedge clk) begin",
            "        #2;",
            "        if (out_valid) begin",
            "            $fwrite(fd, \"%0d" + String(repeating: " %h", count: d.outputs.count) + "\\n\", cycle - 2 - received" + d.outputs.map { ", \($0.name)" }.joined() + ");",
            "            received = received + 1;",
            "        end",
            "    end",
            "endmodule",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    static func binary(_ v: Int128, width: Int) -> String {
        let u = UInt128(bitPattern: v)
        return String((0..<width).reversed().map { (u >> $0) & 1 == 1 ? Character("1") : Character("0") })
    }

    static func hex(fromBinary bits: String) -> String {
        let pad = (4 - bits.count % 4) % 4
        let b = Array(String(repeating: "0", count: pad) + bits)
        var out = ""
        for i in stride(from: 0, to: b.count, by: 4) {
            out.append(String(Int(String(b[i..<(i + 4)]), radix: 2)!, radix: 16))
        }
        return out
    }

    static func parse(_ hex: String, format: FixedFormat) -> Int128? {
        guard let u = UInt128(hex, radix: 16) else { return nil }
        return format.wrapRaw(Int128(bitPattern: u))
    }

    static func shell(_ args: [String], in dir: URL) throws -> (Int32, String) {
        let r: ProcessOutput
        do { r = try ProcessRunner.run(args[0], Array(args.dropFirst()), .init(directory: dir, mergeStderr: true)) } catch {
            if case .cannotStart = error { throw Failure.toolMissing(args[0]) }
            throw error
        }
        return (r.status, r.stdout)
    }
}
