#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ with the Swift toolchain (-sanitize=fuzzer,address) and runs each
# for the given number of seconds (default 600). Corpora live in .build/fuzz/corpus/<target> (seeded from
# Fuzz/seeds/<target>), crashes in .build/fuzz/crashes/<target>; any crash fails the script. Turn every
# crash into a regression test before fixing it.
#
#   Scripts/fuzz/run.sh [seconds-per-target] [target ...]     targets: formula csv npy model
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(formula csv npy model)
out=.build/fuzz
mkdir -p "$out"
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -suppress-warnings)

# A module the targets' entry files import, built once per run into $out/modules and shared by every target
# that needs it (Support: only the seeded RNG the readers use, so swift-crypto is not needed here).
declare -A built_modules=()
module() {
    local name="$1"; shift
    [ -n "${built_modules[$name]:-}" ] && return 0
    mkdir -p "$out/modules"
    swiftc "${flags[@]}" -wmo -module-name "$name" -emit-module -emit-module-path "$out/modules/$name.swiftmodule" \
        -c "$@" -o "$out/modules/$name.o"
    built_modules[$name]=1
}

build() {
    local name="$1"
    case "$name" in
        formula)
            module SymbolicExpression Sources/SymbolicExpression/*.swift
            swiftc "${flags[@]}" -module-name FuzzFormula -I "$out/modules" Fuzz/FuzzFormula.swift \
                "$out/modules/SymbolicExpression.o" -o "$out/formula" ;;
        csv|npy)
            local entry=Fuzz/FuzzCSV.swift
            [ "$name" = npy ] && entry=Fuzz/FuzzNPY.swift
            module Support Sources/Support/SplitMix64.swift
            module Dataset -I Sources/CZlib -I "$out/modules" Sources/Dataset/*.swift
            swiftc "${flags[@]}" -module-name "Fuzz_$name" -I Sources/CZlib -I "$out/modules" "$entry" \
                "$out/modules/Dataset.o" "$out/modules/Support.o" -lz -o "$out/$name" ;;
        model)
            module SymbolicExpression Sources/SymbolicExpression/*.swift
            module Support Sources/Support/SplitMix64.swift
            swiftc "${flags[@]}" -module-name FuzzModel -I "$out/modules" Sources/SymbolNet/*.swift Fuzz/FuzzModel.swift \
                "$out/modules/SymbolicExpression.o" "$out/modules/Support.o" -o "$out/model" ;;
        *) echo "unknown fuzz target $name (formula, csv, npy, model)" >&2; exit 2 ;;
    esac
}

status=0
for t in "${targets[@]}"; do
    echo "== fuzz $t: build"
    build "$t" 2> >(grep -v "Cannot export local symbol" >&2)
    mkdir -p "$out/corpus/$t" "$out/crashes/$t"
    [ -d "Fuzz/seeds/$t" ] && cp -n Fuzz/seeds/$t/* "$out/corpus/$t/" 2>/dev/null || true
    echo "== fuzz $t: ${seconds} s"
    if ! "./$out/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
            -artifact_prefix="$out/crashes/$t/" "$out/corpus/$t" > "$out/$t.log" 2>&1; then
        echo "fuzz $t: CRASH — see $out/$t.log and $out/crashes/$t/" >&2
        grep -E "ERROR|Fatal error|SUMMARY|panic" "$out/$t.log" | head -5 >&2 || true
        status=1
    else
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$out/$t.log" | tr '\n' ' '; echo
    fi
done
exit $status
