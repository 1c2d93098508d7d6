#!/usr/bin/env bash
# Measures what each SymbolNet operator costs in hardware: one design per operator (the operator on
# fresh inputs, at the main job's precision), Yosys synth_xilinx -family xc7 cell counts, and writes
# Reports/benchmarks/operator_costs.json and .md, and from them Sources/SymbolNet/MeasuredOperatorCosts.swift
# (OperatorCosts.measured, the per-operator pruning weights of `train --operator-costs measured`).
#
# Cost in LUT equivalents: LUT + 264·DSP48E1 + 235·RAMB18, the exchange rates of an xc7a100t
# (63,400 LUT, 240 DSP48E1, 270 RAMB18): a DSP or a BRAM18 counts as the share of the device it uses.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
precision="${PRECISION:-ap_fixed<18,8>}"
bin="${SYMBOLFORGE:-$root/.build/debug/symbolforge}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
ops=(
  "unary identity x0"
  "unary sin sin(x0)"
  "unary cos cos(x0)"
  "unary exp exp(x0)"
  "unary sinh sinh(x0)"
  "unary cosh cosh(x0)"
  "unary tanh tanh(x0)"
  "unary gauss gauss(x0)"
  "unary square x0**2"
  "unary cube x0**3"
  "unary log log(0.001+abs(x0))"
  "binary add x0+x1"
  "binary mul x0*x1"
  "binary div x0/(0.001+abs(x1))"
)
for entry in "${ops[@]}"; do
  read -r kind name formula <<<"$entry"
  echo "== $kind $name: $formula" >&2
  nice -n 5 "$bin" synth "$formula" --inputs 2 --precision "$precision" --no-timing --json "$work/$name.json" >&2
  echo "$kind $name $formula" >>"$work/list"
done
python3 - "$work" "$precision" "$root/Reports/benchmarks" <<'PY'
import json, os, sys
work, precision, out = sys.argv[1:4]
rows = []
for line in open(os.path.join(work, "list")):
    kind, name, formula = line.split()
    r = json.load(open(os.path.join(work, name + ".json")))["resources"]
    cost = r["lut"] + 264 * r["dsp48e1"] + 235 * (r["ramb18"] + 2 * r["ramb36"])
    rows.append(dict(kind=kind, operator=name, formula=formula, lut=r["lut"], ff=r["ff"], carry4=r["carry4"],
                     dsp48e1=r["dsp48e1"], ramb18=r["ramb18"] + 2 * r["ramb36"], cost=cost))
doc = {"precision": precision, "tool": "Yosys synth_xilinx -family xc7",
       "cost": "LUT + 264*DSP48E1 + 235*RAMB18 (xc7a100t exchange rates)",
       "script": "Scripts/bench/operator_costs.sh", "operators": rows}
tmp = os.path.join(out, ".operator_costs.json.tmp")
json.dump(doc, open(tmp, "w"), indent=1, sort_keys=True)
os.replace(tmp, os.path.join(out, "operator_costs.json"))
md = ["# Hardware cost of each SymbolNet operator", "",
      f"One design per operator at `{precision}`, Yosys `synth_xilinx -family xc7` (written by `Scripts/bench/operator_costs.sh`).",
      "Cost in LUT equivalents: LUT + 264·DSP48E1 + 235·RAMB18 (an xc7a100t's 63,400 LUT, 240 DSP48E1, 270 RAMB18).",
      "The training's operator-pruning pressure follows these costs (`--operator-costs`, docs/symbolnet.md).", "",
      "| kind | operator | formula | LUT | FF | CARRY4 | DSP48E1 | RAMB18 | cost |", "|---|---|---|---|---|---|---|---|---|"]
for r in rows:
    md.append(f"| {r['kind']} | {r['operator']} | `{r['formula']}` | {r['lut']} | {r['ff']} | {r['carry4']} | {r['dsp48e1']} | {r['ramb18']} | {r['cost']} |")
open(os.path.join(out, "operator_costs.md"), "w").write("\n".join(md) + "\n")
print("\n".join(md))
PY
python3 "$root/Scripts/bench/operator_costs_swift.py"
