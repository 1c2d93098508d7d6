"""Compares a jet sample with the published hls4ml jet figures.

Splits the sample 50/50 (seeded shuffle), standardizes with the training half's mean and
population standard deviation (as the Swift loader does), then reports:
- per-class feature means (and the groomed-mass peak),
- a 16-64-32-32-5 ReLU MLP (scikit-learn): test accuracy and one-vs-rest AUCs beside the
  published DNN's,
- set A (Examples/jets_pysr.txt, the published PySR expressions) in float: accuracy and
  one-vs-rest AUCs beside the published ones.

Reads a CSV (class + 16 features) or, with --workdir, the generator's chunks for one radius.
Needs scikit-learn (pip, in the jets venv).
"""

import argparse
import csv
import gzip
import json
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

CLASSES = ["g", "q", "t", "w", "z"]
# Published figures on the hls4ml LHC jet dataset (see Data/jets/README.md for sources).
PUBLISHED_MLP_ACCURACY = (0.75, 0.77)
PUBLISHED_DNN_AUC = {"g": 0.938, "q": 0.903, "t": 0.962, "w": 0.954, "z": 0.946}
PUBLISHED_SET_A_ACCURACY = 0.723
PUBLISHED_SET_A_AUC = {"g": 0.909, "q": 0.868, "t": 0.923, "w": 0.892, "z": 0.879}


def load_csv(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    labels = np.array([CLASSES.index(r[0]) for r in rows])
    x = np.array([[float(v) for v in r[1:]] for r in rows])
    return header[1:], x, labels


def load_chunks(workdir, radius, per_class):
    import generate

    per, _, _ = generate.collect(workdir, list(generate.PROCESSES), radius)
    n = min(min(len(v) for v in per.values()), per_class or 10**9)
    x = np.concatenate([per[c][:n] for c in CLASSES])
    labels = np.repeat(np.arange(len(CLASSES)), n)
    from features import FEATURE_NAMES

    return FEATURE_NAMES, x, labels


def split(x, labels, seed):
    order = np.random.default_rng(seed).permutation(len(labels))
    half = len(labels) // 2
    tr, te = order[:half], order[half:]
    mean = x[tr].mean(axis=0)
    std = x[tr].std(axis=0)
    std[~(std > 0)] = 1.0
    z = (x - mean) / std
    return z[tr], labels[tr], z[te], labels[te]


def auc(score, positive):
    """Area under the ROC curve via the rank statistic (ties get average ranks)."""
    order = np.argsort(score, kind="mergesort")
    ranks = np.empty(len(score))
    s = score[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i:j + 1]] = 0.5 * (i + j) + 1
        i = j + 1
    n_pos = positive.sum()
    n_neg = len(positive) - n_pos
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def set_a_scores(path, z):
    """Evaluates the five published expressions on standardized inputs (columns = classes)."""
    exprs = {}
    with open(path) as fh:
        for line in fh:
            m = re.match(r"^([gqtwz]):\s*(.*)$", line.strip())
            if m:
                exprs[m.group(1)] = m.group(2).replace("^", "**")
    env = {"sin": np.sin, "cos": np.cos, "__builtins__": {}}
    env.update({f"x{i}": z[:, i] for i in range(z.shape[1])})
    return np.stack([np.broadcast_to(eval(exprs[c], env), (len(z),)) for c in CLASSES], axis=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", default="Data/jets/jets_hlf.csv.gz")
    ap.add_argument("--workdir", help="read the generator's chunks instead of a CSV")
    ap.add_argument("--radius", type=float, default=0.8, help="radius to read from the chunks")
    ap.add_argument("--per-class", type=int, default=0, help="cap jets per class (chunks only)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--expressions", default="Examples/jets_pysr.txt")
    ap.add_argument("--mlp-seeds", type=int, default=1, help="MLP trainings to average")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    if args.workdir:
        names, x, labels = load_chunks(args.workdir, args.radius, args.per_class)
        source = f"chunks in {args.workdir}, R = {args.radius}"
    else:
        names, x, labels = load_csv(args.path)
        source = args.path
    print(f"sample: {source}; jets per class: " + ", ".join(
        f"{c} {(labels == i).sum()}" for i, c in enumerate(CLASSES)))

    print("\nper-class feature means")
    print("| feature | " + " | ".join(CLASSES) + " |")
    print("|---|" + "---|" * len(CLASSES))
    means = {}
    for j, name in enumerate(names):
        means[name] = [float(x[labels == i, j].mean()) for i in range(len(CLASSES))]
        print(f"| `{name}` | " + " | ".join(f"{v:.4g}" for v in means[name]) + " |")
    mass = x[:, names.index("mass_mmdt")]
    peaks = []
    for i in range(len(CLASSES)):
        hist, edges = np.histogram(mass[labels == i], bins=np.arange(10, 302, 2))
        peaks.append(float(edges[np.argmax(hist)] + 1))
    print("groomed-mass mode (10-300 GeV, 2 GeV bins): " + ", ".join(f"{c} {p:.0f}" for c, p in zip(CLASSES, peaks)))

    ztr, ytr, zte, yte = split(x, labels, args.seed)
    from sklearn.neural_network import MLPClassifier

    accs, probs = [], []
    for s in range(args.mlp_seeds):
        mlp = MLPClassifier(hidden_layer_sizes=(64, 32, 32), activation="relu", solver="adam",
                            learning_rate_init=1e-3, batch_size=256, max_iter=200, early_stopping=True,
                            validation_fraction=0.1, n_iter_no_change=10, random_state=s)
        mlp.fit(ztr, ytr)
        p = mlp.predict_proba(zte)
        probs.append(p)
        accs.append(float((p.argmax(axis=1) == yte).mean()))
    p = np.mean(probs, axis=0)
    mlp_auc = {c: auc(p[:, i], yte == i) for i, c in enumerate(CLASSES)}

    scores = set_a_scores(args.expressions, zte)
    set_a_acc = float((scores.argmax(axis=1) == yte).mean())
    set_a_auc = {c: auc(scores[:, i], yte == i) for i, c in enumerate(CLASSES)}

    lo, hi = PUBLISHED_MLP_ACCURACY
    print(f"\nMLP 16-64-32-32-5 test accuracy: {np.mean(accs):.3f} (runs {', '.join(f'{a:.3f}' for a in accs)}); "
          f"published {lo:.2f}-{hi:.2f}")
    print(f"set A float accuracy: {set_a_acc:.3f}; published {PUBLISHED_SET_A_ACCURACY:.3f}")
    print("\n| class | MLP AUC | published DNN | diff | set A AUC | published set A |")
    print("|---|---|---|---|---|---|")
    for c in CLASSES:
        print(f"| {c} | {mlp_auc[c]:.3f} | {PUBLISHED_DNN_AUC[c]:.3f} | {mlp_auc[c] - PUBLISHED_DNN_AUC[c]:+.3f} "
              f"| {set_a_auc[c]:.3f} | {PUBLISHED_SET_A_AUC[c]:.3f} |")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"source": source, "means": means, "mass_mode": peaks, "mlp_accuracy": accs,
                       "mlp_auc": mlp_auc, "set_a_accuracy": set_a_acc, "set_a_auc": set_a_auc}, fh, indent=1)


if __name__ == "__main__":
    main()
