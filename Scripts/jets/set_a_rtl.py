"""Set A (Examples/jets_pysr.txt) in RTL on a jet sample's test half.

`inputs` writes the test half of check.py's 50/50 split (same seed, standardized with the
training half's statistics) as a CSV with columns x0..x15, for
`symbolforge cosim Examples/jets_pysr.txt --data TEST.csv --dump DIR`.
`score` reads DIR/vectors.csv (the cosim's edge cases first, then the data rows in order),
takes the Verilator outputs of the data rows and prints the argmax accuracy and one-vs-rest
AUCs, beside set A in float (numpy) on the same rows and the agreement of the two argmaxes.
"""

import argparse
import csv
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check import CLASSES, auc, load_csv, set_a_scores, split  # noqa: E402


def test_half(sample, seed):
    _, x, labels = load_csv(sample)
    _, _, zte, yte = split(x, labels, seed)
    return zte, yte


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["inputs", "score"])
    ap.add_argument("--sample", default="Data/jets/jets_hlf.csv.gz")
    ap.add_argument("--seed", type=int, default=0, help="split seed (check.py's --seed)")
    ap.add_argument("--csv", default="set_a_test.csv", help="inputs: the CSV to write")
    ap.add_argument("--dump", help="score: the cosim --dump directory")
    ap.add_argument("--expressions", default="Examples/jets_pysr.txt")
    args = ap.parse_args()
    zte, yte = test_half(args.sample, args.seed)
    if args.command == "inputs":
        tmp = args.csv + ".tmp"
        with open(tmp, "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow([f"x{i}" for i in range(zte.shape[1])])
            for row in zte:
                w.writerow([f"{v:.9g}" for v in row])
        os.replace(tmp, args.csv)
        print(f"wrote {args.csv}: {len(zte)} test jets")
        return
    if not args.dump:
        raise SystemExit("score needs --dump DIR (the directory given to symbolforge cosim --dump)")
    with open(os.path.join(args.dump, "vectors.csv")) as fh:
        rows = list(csv.DictReader(fh))
    if len(rows) < len(zte):
        raise SystemExit(f"{args.dump}/vectors.csv has {len(rows)} rows, fewer than the {len(zte)} test jets")
    rows = rows[len(rows) - len(zte):]
    rtl = np.array([[float(r[f"verilator.{c}"]) for c in CLASSES] for r in rows])
    ref = set_a_scores(args.expressions, zte)
    acc = float((rtl.argmax(axis=1) == yte).mean())
    acc_f = float((ref.argmax(axis=1) == yte).mean())
    agree = float((rtl.argmax(axis=1) == ref.argmax(axis=1)).mean())
    print(f"set A on {len(yte)} test jets: RTL accuracy {acc:.4f}, float {acc_f:.4f}, argmax agreement {agree:.4f}")
    print("RTL AUC " + " / ".join(f"{c} {auc(rtl[:, i], yte == i):.3f}" for i, c in enumerate(CLASSES)))


if __name__ == "__main__":
    main()
