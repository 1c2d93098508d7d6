"""Compares a jet sample with the published hls4ml jet figures.

Splits the sample 50/50 (seeded shuffle), standardizes with the training half's mean and
population standard deviation (as the Swift loader does), then reports:
- per-class feature means (and the groomed-mass peak),
- a 16-64-32-32-5 ReLU MLP (scikit-learn): test accuracy and one-vs-rest AUCs beside the
  published DNN's,
- set A (Examples/jets_pysr.txt, the published PySR expressions) in float: accuracy and
  one-vs-rest AUCs beside the published ones.

Reads a CSV (class + 16 features) or, with --workdir, the generator's chunks for one radius;
`--processes` picks the process of each class, and `process@dir` reads one process's chunks
from another work directory, so a pilot sample of one class can be compared with the rest
unchanged. `--split-seeds N` repeats everything on N different 50/50 splits and reports the
mean and spread, which small pilots need to tell a change from noise.
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


def load_chunks(workdir, radius, per_class, processes="gg,qq,tt,hww,hzz"):
    import generate

    per = {}
    for item in processes.split(","):
        process, _, where = item.strip().partition("@")
        got, _, _ = generate.collect(where or workdir, [process], radius)
        label = generate.PROCESSES[process][0]
        if label in per:
            raise SystemExit(f"--processes {processes} gives class {label} twice")
        per[label] = got[label]
    if set(per) != set(CLASSES):
        raise SystemExit(f"--processes {processes} must give every class of {CLASSES} one process")
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


def evaluate(x, labels, seed, mlp_seeds, expressions):
    """MLP (seed-averaged probabilities) and set A on one seeded 50/50 split."""
    ztr, ytr, zte, yte = split(x, labels, seed)
    from sklearn.neural_network import MLPClassifier

    accs, probs = [], []
    for s in range(mlp_seeds):
        mlp = MLPClassifier(hidden_layer_sizes=(64, 32, 32), activation="relu", solver="adam",
                            learning_rate_init=1e-3, batch_size=256, max_iter=200, early_stopping=True,
                            validation_fraction=0.1, n_iter_no_change=10, random_state=s)
        mlp.fit(ztr, ytr)
        p = mlp.predict_proba(zte)
        probs.append(p)
        accs.append(float((p.argmax(axis=1) == yte).mean()))
    p = np.mean(probs, axis=0)
    scores = set_a_scores(expressions, zte)
    return {"seed": seed, "mlp_accuracy": accs,
            "mlp_auc": {c: auc(p[:, i], yte == i) for i, c in enumerate(CLASSES)},
            "set_a_accuracy": float((scores.argmax(axis=1) == yte).mean()),
            "set_a_auc": {c: auc(scores[:, i], yte == i) for i, c in enumerate(CLASSES)}}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", default="Data/jets/jets_hlf.csv.gz")
    ap.add_argument("--workdir", help="read the generator's chunks instead of a CSV")
    ap.add_argument("--radius", type=float, default=0.8, help="radius to read from the chunks")
    ap.add_argument("--per-class", type=int, default=0, help="cap jets per class (chunks only)")
    ap.add_argument("--processes", default="gg,qq,tt,hww,hzz",
                    help="process per class, each optionally as process@workdir (chunks only)")
    ap.add_argument("--split-seeds", type=int, default=1, help="50/50 splits to average (seeds seed, seed+1, ...)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--expressions", default="Examples/jets_pysr.txt")
    ap.add_argument("--mlp-seeds", type=int, default=1, help="MLP trainings to average")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    if args.workdir:
        names, x, labels = load_chunks(args.workdir, args.radius, args.per_class, args.processes)
        source = f"chunks in {args.workdir} ({args.processes}), R = {args.radius}"
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

    low = [float((mass[labels == i] < 50).mean()) for i in range(len(CLASSES))]
    print("fraction with groomed mass < 50 GeV: " + ", ".join(f"{c} {f:.3f}" for c, f in zip(CLASSES, low)))

    runs = [evaluate(x, labels, args.seed + k, args.mlp_seeds, args.expressions) for k in range(args.split_seeds)]
    accs = [a for r in runs for a in r["mlp_accuracy"]]
    mlp_auc = {c: float(np.mean([r["mlp_auc"][c] for r in runs])) for c in CLASSES}
    set_a_acc = float(np.mean([r["set_a_accuracy"] for r in runs]))
    set_a_auc = {c: float(np.mean([r["set_a_auc"][c] for r in runs])) for c in CLASSES}
    if args.split_seeds > 1:
        split_acc = [float(np.mean(r["mlp_accuracy"])) for r in runs]
        set_a_split = [r["set_a_accuracy"] for r in runs]
        print(f"\nover {args.split_seeds} splits: MLP accuracy {np.mean(split_acc):.3f} ± {np.std(split_acc):.3f}; "
              f"set A {np.mean(set_a_split):.3f} ± {np.std(set_a_split):.3f} (mean ± standard deviation)")
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
            json.dump({"source": source, "means": means, "mass_mode": peaks, "mass_below_50": low,
                       "mlp_accuracy": accs, "mlp_auc": mlp_auc, "set_a_accuracy": set_a_acc,
                       "set_a_auc": set_a_auc, "splits": runs}, fh, indent=1)


if __name__ == "__main__":
    main()
