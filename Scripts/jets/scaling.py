"""How the MLP's accuracy grows with the number of training jets, on the generator's chunks.

Holds out a fixed test set (the last --test-per-class jets of each class, in chunk order),
trains the check's 16-64-32-32-5 MLP (check.py) on the first N jets per class for several N,
standardizing with each training set's statistics, and prints test accuracy and one-vs-rest
AUCs per size. A curve that is still rising at the largest size says part of the gap to the
published DNN (trained on several hundred thousand jets) is training-set size; a flat one
says the data differ.
"""

import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check import CLASSES, auc, load_chunks  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workdir", default="Data/jets/.work")
    ap.add_argument("--radius", type=float, default=0.4)
    ap.add_argument("--processes", default="gg,qq,tt,hww,hzz", help="as in check.py")
    ap.add_argument("--test-per-class", type=int, default=2000)
    ap.add_argument("--sizes", default="500,1000,2000,4000,8000", help="training jets per class")
    ap.add_argument("--mlp-seeds", type=int, default=2)
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    _, x, labels = load_chunks(args.workdir, args.radius, 0, args.processes)
    n = (labels == 0).sum()
    if max(sizes) + args.test_per_class > n:
        raise SystemExit(f"{n} jets per class; largest size {max(sizes)} + test {args.test_per_class} does not fit")
    per = [x[labels == i] for i in range(len(CLASSES))]
    xte = np.concatenate([p[n - args.test_per_class:] for p in per])
    yte = np.repeat(np.arange(len(CLASSES)), args.test_per_class)
    from sklearn.neural_network import MLPClassifier

    rows = []
    print(f"test: {args.test_per_class} jets per class ({args.processes}); MLP 16-64-32-32-5, {args.mlp_seeds} seeds")
    print("| training jets | accuracy (seeds) | AUC g / q / t / w / z |")
    print("|---|---|---|")
    for m in sizes:
        xtr = np.concatenate([p[:m] for p in per])
        ytr = np.repeat(np.arange(len(CLASSES)), m)
        mean, std = xtr.mean(axis=0), xtr.std(axis=0)
        std[~(std > 0)] = 1.0
        order = np.random.default_rng(0).permutation(len(ytr))
        ztr, zte = ((xtr - mean) / std)[order], (xte - mean) / std
        accs, probs = [], []
        for s in range(args.mlp_seeds):
            mlp = MLPClassifier(hidden_layer_sizes=(64, 32, 32), activation="relu", solver="adam",
                                learning_rate_init=1e-3, batch_size=256, max_iter=200, early_stopping=True,
                                validation_fraction=0.1, n_iter_no_change=10, random_state=s)
            mlp.fit(ztr, ytr[order])
            p = mlp.predict_proba(zte)
            probs.append(p)
            accs.append(float((p.argmax(axis=1) == yte).mean()))
        p = np.mean(probs, axis=0)
        aucs = {c: auc(p[:, i], yte == i) for i, c in enumerate(CLASSES)}
        rows.append({"train_jets": m * len(CLASSES), "accuracy": accs, "auc": aucs})
        print(f"| {m * len(CLASSES)} | {np.mean(accs):.3f} ({', '.join(f'{a:.3f}' for a in accs)}) | "
              + " / ".join(f"{aucs[c]:.3f}" for c in CLASSES) + " |", flush=True)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"processes": args.processes, "test_per_class": args.test_per_class, "rows": rows}, fh, indent=1)


if __name__ == "__main__":
    main()
