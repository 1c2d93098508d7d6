#!/usr/bin/env bash
# Fixed-point emulation throughput: FixedPoint (release, cross-module as the evaluator uses it) against
# g++ -O3 with the ap_types headers, on y = quantize(a*b + c*d - e*e), ap_fixed<18,8> inputs.
# Both sides use the same input raws; equal checksums show they computed the same bits.
#
#   Scripts/bench/fixedpoint_bench.sh [N]      # N values (default 1e7); prints a Markdown table
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
n="${1:-10000000}"
include="${AP_TYPES_INCLUDE:-$("$root/Scripts/ap_types/install.sh")}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# FixedPoint as its own module, so @inlinable is what makes the hot loop fast, as in the real evaluator.
swiftc -O -wmo -parse-as-library -module-name FixedPoint -I "$root/Sources/CGMP" \
    -emit-module -emit-module-path "$out/FixedPoint.swiftmodule" -emit-object -o "$out/FixedPoint.o" \
    "$root"/Sources/FixedPoint/*.swift
swiftc -O -I "$out" -I "$root/Sources/CGMP" "$root/Scripts/bench/fixedpoint_bench.swift" "$out/FixedPoint.o" \
    -lgmp -o "$out/bench_swift"
g++ -O3 -std=c++14 -w -I "$include" "$root/Scripts/bench/fixedpoint_bench.cpp" -o "$out/bench_cpp"

results="$( "$out/bench_cpp" "$n"; "$out/bench_swift" "$n" )"
echo "| implementation | values | seconds | values/s | checksum |"
echo "|---|---:|---:|---:|---|"
echo "$results" | awk -F'\t' '{ printf "| %s | %d | %.3f | %.3g | %s |\n", $1, $2, $3, $4, $5 }'
echo
echo "machine: $(nproc) cores, $(uname -sm); $(swiftc --version 2>&1 | head -n 1); $(g++ --version | head -n 1)"
