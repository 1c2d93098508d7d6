"""Cross-checks the fast ECF sums in features.py against a direct loop over triples."""

import itertools
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import features  # noqa: E402


def brute_force(kin):
    z = kin[:, 0] / kin[:, 0].sum()
    r = features._pair_distances(kin)
    n = len(z)
    pairs = list(itertools.combinations(range(n), 2))
    triples = list(itertools.combinations(range(n), 3))
    e2 = {b: sum(z[i] * z[j] * (1.0 if b == 0 else r[i, j] ** b) for i, j in pairs) for b in (0, 1, 2)}
    out = {"c1_b0_mmdt": e2[0], "c1_b1_mmdt": e2[1], "c1_b2_mmdt": e2[2]}
    e3, e13, e23 = {}, {}, {}
    for b in (1, 2):
        e3[b] = e13[b] = e23[b] = 0.0
        for i, j, k in triples:
            w = z[i] * z[j] * z[k]
            d = sorted([r[i, j], r[i, k], r[j, k]])
            e3[b] += w * (d[0] * d[1] * d[2]) ** b
            e13[b] += w * d[0] ** b
            e23[b] += w * (d[0] * d[1]) ** b
    for b in (1, 2):
        out[f"c2_b{b}_mmdt"] = e3[b] / e2[b] ** 2
        out[f"d2_b{b}_mmdt"] = e3[b] / e2[b] ** 3
        out[f"d2_a1_b{b}_mmdt"] = e3[1] / e2[b] ** (3.0 / b)
        out[f"m2_b{b}_mmdt"] = e13[b] / e2[b]
        out[f"n2_b{b}_mmdt"] = e23[b] / e2[b] ** 2
    return out


def main():
    rng = np.random.default_rng(12345)
    worst = 0.0
    for n in (3, 4, 7, 15, 40):
        kin = np.c_[rng.exponential(20.0, n) + 0.5, rng.normal(0, 0.3, n), rng.normal(3.1, 0.3, n)]
        fast, slow = features.ecf_features(kin), brute_force(kin)
        for key, ref in slow.items():
            worst = max(worst, abs(fast[key] - ref) / abs(ref))
    print(f"largest relative difference: {worst:.2e}")
    if worst > 1e-10:
        sys.exit("mismatch between fast and brute-force energy correlators")


if __name__ == "__main__":
    main()
