#!/usr/bin/env python3
"""One Markdown row per training run of Scripts/bench/operator_costs_training.sh: test accuracy, the
distinct operator nodes left in the extracted formulas (identical calls are one node in hardware, as the
lowering shares them), their cost from Reports/benchmarks/operator_costs.json, and the Yosys xc7
resources of the formulas as one design.

usage: operator_mix.py RUN_DIR SEED COSTS WALL_SECONDS"""
import json
import re
import sys

d, seed, costs, wall = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
log = open(d + "/train.log").read()
acc = re.search(r"test accuracy ([0-9.]+)", log).group(1)
cx = re.search(r"extracted formulas: complexity (\d+)", log)
body = "\n".join(l.split(":", 1)[1] for l in open(d + "/formulas.txt").read().splitlines() if ":" in l and not l.startswith("#"))


def calls(name):
    """Distinct `name(...)` calls, matched with balanced parentheses."""
    out = set()
    for m in re.finditer(r"\b%s\(" % name, body):
        depth, i = 1, m.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(body[i], 0)
            i += 1
        out.add(body[m.start():i])
    return out


table = {r["operator"]: r["cost"] for r in json.load(open("Reports/benchmarks/operator_costs.json"))["operators"]}
count = {f: len(calls(f)) for f in ["sin", "tanh", "gauss", "square"]}
est = sum(count[k] * table[k] for k in count)
r = json.load(open(d + "/synth.json"))["resources"]
bram = r["ramb18"] + 2 * r["ramb36"]
lut_eq = r["lut"] + 264 * r["dsp48e1"] + 235 * bram
print(f'| {seed} | {costs} | {acc} | {cx.group(1) if cx else "n/a"} | {count["sin"]} / {count["tanh"]} / {count["gauss"]} / {count["square"]} '
      f'| {est} | {r["lut"]} / {r["dsp48e1"]} / {bram} | {lut_eq} | {wall:.0f} |')
