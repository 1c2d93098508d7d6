#!/usr/bin/env python3
"""Runs hls4ml's symbolic-expression flow on formulas and writes its C-simulation outputs as raw bits.

hls4ml writes its project (firmware, bridge, build_lib.sh), compiles it with g++ against the ap_types
headers it ships (hls_include_path='' so no vendor tool or vendor header is needed for + - * and LUT
functions), and predict() runs the compiled C++ on the vectors. Inputs and outputs are exchanged as raw
integer bits so the comparison with SymbolForge is exact.

    run_hls4ml.py --precision 'ap_fixed<16,6>' --inputs 3 --formula 'x0*x1 - 2.5' [--formula ...] \
        [--lut name:func:size:start:end ...] [--built-in-luts] --vectors in.txt --out out.txt --project DIR
"""
import argparse
import os
import re
import sys


def parse_format(text):
    m = re.fullmatch(r'\s*ap_(u?)fixed<\s*(\d+)\s*,\s*(-?\d+)\s*(?:,.*)?>\s*', text)
    if not m:
        sys.exit(f'run_hls4ml.py: cannot parse precision {text!r}')
    return m.group(1) != 'u', int(m.group(2)), int(m.group(3))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--precision', required=True)
    ap.add_argument('--inputs', type=int, required=True)
    ap.add_argument('--formula', action='append', required=True)
    ap.add_argument('--lut', action='append', default=[], help='name:math_func:table_size:range_start:range_end')
    ap.add_argument('--built-in-luts', action='store_true')
    ap.add_argument('--vectors', required=True, help='raw input bits, one vector per line')
    ap.add_argument('--out', required=True, help='raw output bits, one vector per line')
    ap.add_argument('--project', required=True, help='directory for the hls4ml project')
    args = ap.parse_args()

    import numpy as np
    import sympy
    import hls4ml

    signed, width, integer = parse_format(args.precision)
    frac = width - integer
    luts = {}
    for spec in args.lut:
        name, func, size, start, end = spec.split(':')
        luts[name] = {'math_func': func, 'table_size': int(size), 'range_start': float(start), 'range_end': float(end)}

    # LUT names must be SymPy functions for the parser to leave them as calls.
    local = {name: sympy.Function(name) for name in luts}
    exprs = [sympy.parsing.sympy_parser.parse_expr(f, local_dict=local) for f in args.formula]

    raw = np.loadtxt(args.vectors, dtype=np.int64, ndmin=2)
    x = raw.astype(np.float64) * 2.0 ** -frac  # exact: raw fits 53 bits

    model = hls4ml.converters.convert_from_symbolic_expression(
        exprs, n_symbols=args.inputs, lut_functions=luts or None, use_built_in_lut_functions=args.built_in_luts,
        output_dir=args.project, precision=args.precision, hls_include_path='', hls_libs_path='')
    try:
        model.compile()
    except Exception as e:
        # hls4ml reports a failed g++ build only as a missing .so; rerun its build script to show the compiler.
        import subprocess
        r = subprocess.run(['bash', 'build_lib.sh'], cwd=args.project, capture_output=True, text=True)
        sys.exit(f'run_hls4ml.py: hls4ml could not compile its project ({e}).\n'
                 f'{r.stdout}{r.stderr}\n'
                 'Functions other than + - * and LUTs (e.g. hls::sin<16,6>) need the vendor hls_math.h (Vivado/Vitis HLS); '
                 'use --lut or --built-in-luts instead.')
    y = np.asarray(model.predict(np.ascontiguousarray(x)), dtype=np.float64).reshape(len(x), -1)
    bits = y * 2.0 ** frac
    if not np.all(bits == np.round(bits)):
        sys.exit('run_hls4ml.py: an output is not a multiple of the LSB; the precision does not match the project')
    np.savetxt(args.out, bits.astype(np.int64), fmt='%d')
    with open(os.path.join(args.project, 'symbolforge_expressions.txt'), 'w') as f:
        for e in exprs:
            f.write(str(e) + '\n')


if __name__ == '__main__':
    main()
