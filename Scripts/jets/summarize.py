"""Prints Markdown summary statistics of a jets CSV (per-class counts, feature means, mass peaks)."""

import argparse
import csv
import gzip
import hashlib
import os

import numpy as np

CLASSES = ["g", "q", "t", "w", "z"]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("path", nargs="?", default="Data/jets/jets_hlf.csv.gz")
    args = ap.parse_args()
    with open(args.path, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()
    with gzip.open(args.path, "rt") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    labels = np.array([r[0] for r in rows])
    x = np.array([[float(v) for v in r[1:]] for r in rows])
    names = header[1:]
    print(f"- file: `{args.path}`, {os.path.getsize(args.path)} bytes, SHA-256 `{digest}`")
    print(f"- rows: {len(rows)}, columns: {len(header)} (`class` + {len(names)} features)")
    print("- per class: " + ", ".join(f"{c} = {(labels == c).sum()}" for c in CLASSES))
    print()
    mass = x[:, names.index("mass_mmdt")]
    print("Groomed mass (`mass_mmdt`, GeV): mode from a 2 GeV histogram over 10-300 GeV, then median and quartiles.")
    print()
    print("| class | mode | median | 25% | 75% | mean multiplicity |")
    print("|---|---|---|---|---|---|")
    for c in CLASSES:
        m = mass[labels == c]
        hist, edges = np.histogram(m, bins=np.arange(10, 302, 2))
        mode = edges[np.argmax(hist)] + 1
        q1, med, q3 = np.percentile(m, [25, 50, 75])
        mult = x[labels == c, names.index("multiplicity")].mean()
        print(f"| {c} | {mode:.0f} | {med:.1f} | {q1:.1f} | {q3:.1f} | {mult:.1f} |")
    print()
    print("Feature means (standard deviations in parentheses) per class:")
    print()
    print("| feature | " + " | ".join(CLASSES) + " |")
    print("|---|" + "---|" * len(CLASSES))
    for j, name in enumerate(names):
        cells = []
        for c in CLASSES:
            v = x[labels == c, j]
            cells.append(f"{v.mean():.4g} ({v.std():.3g})")
        print(f"| `{name}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
