"""Generate hls4ml-like boosted jets (g, q, t, w, z) with Pythia 8 and FastJet.

Each work unit ("chunk") is one Pythia run with its own seed; chunks are written to a
work directory as they finish so an interrupted run can be resumed, and the final
sample takes the first N jets per class in chunk order, which keeps the output
independent of how the two worker processes were scheduled.
"""

import argparse
import gzip
import math
import multiprocessing as mp
import os
import sys
import time

import fastjet
import numpy as np
import pythia8mc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from features import FEATURE_NAMES, jet_features  # noqa: E402

CLASSES = ["g", "q", "t", "w", "z"]
PROCESSES = ["qcd", "tt", "ww", "zz"]
# Seed blocks per process keep every chunk's Pythia seed distinct (Pythia accepts < 900 000 000).
SEED_BASE = {"qcd": 1_000_000, "tt": 2_000_000, "ww": 3_000_000, "zz": 4_000_000}

JET_PT_MIN, JET_PT_MAX, JET_ABS_ETA_MAX = 800.0, 1200.0, 2.0
MATCH_DR = 0.8
NEUTRINOS = {12, 14, 16}

COMMON = [
    "Beams:eCM = 13000.",
    "Next:numberCount = 0",
    "Next:numberShowEvent = 0",
    "Next:numberShowInfo = 0",
    "Next:numberShowProcess = 0",
    "Print:quiet = on",
    "Random:setSeed = on",
    # Hadron decays keep Pythia's defaults; only the W and Z decay tables are narrowed below.
]

HADRONIC_WZ = [
    "24:onMode = off", "24:onIfAny = 1 2 3 4 5",
    "23:onMode = off", "23:onIfAny = 1 2 3 4 5",
]

# A 2 TeV bulk-like RS graviton gives W/Z/top with pT near its Jacobian peak at 1 TeV.
GRAVITON = [
    "ExtraDimensionsG*:gg2G* = on",
    "ExtraDimensionsG*:ffbar2G* = on",
    "5100039:m0 = 2000.",
    "5100039:onMode = off",
]

SETTINGS = {
    "qcd": ["HardQCD:all = on", "PhaseSpace:pTHatMin = 750.", "PhaseSpace:pTHatMax = 1300."],
    "tt": GRAVITON + ["5100039:onIfMatch = 6 -6"] + HADRONIC_WZ,
    "ww": GRAVITON + ["5100039:onIfMatch = 24 -24"] + HADRONIC_WZ,
    "zz": GRAVITON + ["5100039:onIfMatch = 23 23"] + HADRONIC_WZ,
}

RESONANCE = {"tt": (6, "t"), "ww": (24, "w"), "zz": (23, "z")}
ANTIKT = fastjet.JetDefinition(fastjet.antikt_algorithm, 0.8)


def delta_r(eta1, phi1, eta2, phi2):
    dphi = abs(phi1 - phi2)
    if dphi > math.pi:
        dphi = 2 * math.pi - dphi
    return math.hypot(eta1 - eta2, dphi)


def make_pythia(process, seed):
    pythia = pythia8mc.Pythia("", False)
    for line in COMMON + SETTINGS[process] + [f"Random:seed = {seed}"]:
        if not pythia.readString(line):
            raise RuntimeError(f"Pythia rejected setting: {line}")
    if not pythia.init():
        raise RuntimeError(f"Pythia init failed for {process}")
    return pythia


def truth_targets(pythia, process):
    """Objects a jet must be matched to, as (class label, eta, phi)."""
    if process == "qcd":
        targets = []
        for idx in (5, 6):
            p = pythia.process[idx]
            ida = p.idAbs()
            label = "g" if ida == 21 else ("q" if ida in (1, 2, 3) else None)
            if label is not None:
                targets.append((label, p.eta(), p.phi()))
        return targets
    pid, label = RESONANCE[process]
    event = pythia.event
    targets = []
    for i in range(event.size()):
        p = event[i]
        if p.idAbs() != pid:
            continue
        # The last copy before decay carries the direction after radiation recoil.
        d1 = p.daughter1()
        if d1 > 0 and event[d1].idAbs() == pid:
            continue
        targets.append((label, p.eta(), p.phi()))
    return targets


def final_state(pythia):
    event = pythia.event
    out = []
    for i in range(event.size()):
        p = event[i]
        if p.isFinal() and p.idAbs() not in NEUTRINOS:
            out.append(fastjet.PseudoJet(p.px(), p.py(), p.pz(), p.e()))
    return out


def run_chunk(args):
    """Generate one chunk; returns (process, chunk index, labels, features, events tried)."""
    process, chunk, n_events, workdir = args
    path = os.path.join(workdir, f"{process}_{chunk:04d}.npz")
    if os.path.exists(path):
        data = np.load(path)
        return process, chunk, list(data["labels"]), data["features"], int(data["events"])
    pythia = make_pythia(process, SEED_BASE[process] + chunk)
    labels, rows = [], []
    done = 0
    for _ in range(n_events):
        if not pythia.next():
            continue
        done += 1
        cs = fastjet.ClusterSequence(final_state(pythia), ANTIKT)
        jets = fastjet.sorted_by_pt(cs.inclusive_jets(100.0))[:2]
        targets = truth_targets(pythia, process)
        for jet in jets:
            if not (JET_PT_MIN <= jet.pt() <= JET_PT_MAX and abs(jet.eta()) <= JET_ABS_ETA_MAX):
                continue
            best = min(targets, key=lambda t: delta_r(jet.eta(), jet.phi_std(), t[1], t[2]), default=None)
            if best is None or delta_r(jet.eta(), jet.phi_std(), best[1], best[2]) > MATCH_DR:
                continue
            labels.append(best[0])
            rows.append(jet_features(jet))
    feats = np.array(rows, dtype=np.float64).reshape(-1, len(FEATURE_NAMES))
    tmp = path + ".tmp.npz"
    np.savez(tmp, labels=np.array(labels, dtype="<U1"), features=feats, events=done)
    os.replace(tmp, path)
    return process, chunk, labels, feats, done


def bench(n_events):
    for process in PROCESSES:
        t0 = time.time()
        _, _, labels, _, done = run_chunk((process, 9999, n_events, "/tmp"))
        os.remove(f"/tmp/{process}_9999.npz")
        dt = time.time() - t0
        counts = {c: labels.count(c) for c in sorted(set(labels))}
        print(f"{process}: {done} events in {dt:.1f} s = {done / dt:.2f} ev/s, jets {counts}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--per-class", type=int, default=10000, help="jets kept per class")
    ap.add_argument("--chunk-events", type=int, default=500)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--workdir", default="Data/jets/.work")
    ap.add_argument("--output", default="Data/jets/jets_hlf.csv.gz")
    ap.add_argument("--bench", type=int, default=0, help="only time N events per process")
    args = ap.parse_args()
    if args.bench:
        bench(args.bench)
        return
    os.makedirs(args.workdir, exist_ok=True)

    # Each process is assigned classes; QCD serves both g and q.
    serves = {"qcd": ["g", "q"], "tt": ["t"], "ww": ["w"], "zz": ["z"]}
    results = {p: {} for p in PROCESSES}
    next_chunk = {p: 0 for p in PROCESSES}

    def counts():
        c = {k: 0 for k in CLASSES}
        for p in PROCESSES:
            for _, (labels, _, _) in results[p].items():
                for lab in labels:
                    c[lab] += 1
        return c

    def short(p, pending):
        c = counts()
        # Pending chunks are assumed to yield as much as the average finished chunk, so
        # we don't oversubmit while keeping both workers busy.
        done = results[p]
        avg = {k: (sum(l.count(k) for l, _, _ in done.values()) / len(done)) if done else 0 for k in serves[p]}
        return any(c[k] + avg[k] * pending[p] < args.per_class for k in serves[p]) or (not done and pending[p] == 0)

    start = time.time()
    pending = {p: 0 for p in PROCESSES}
    with mp.Pool(args.workers) as pool:
        inflight = []

        def submit(p):
            job = (p, next_chunk[p], args.chunk_events, args.workdir)
            next_chunk[p] += 1
            pending[p] += 1
            inflight.append(pool.apply_async(run_chunk, (job,)))

        while True:
            for p in PROCESSES:
                while short(p, pending) and pending[p] < args.workers:
                    submit(p)
            if not inflight:
                break
            ready = [r for r in inflight if r.ready()]
            if not ready:
                time.sleep(0.5)
                continue
            for r in ready:
                inflight.remove(r)
                p, chunk, labels, feats, done = r.get()
                pending[p] -= 1
                results[p][chunk] = (labels, feats, done)
                elapsed = time.time() - start
                print(f"[{elapsed:7.1f}s] {p} chunk {chunk}: {done} events, {len(labels)} jets; totals {counts()}", flush=True)

    per_class = {k: [] for k in CLASSES}
    events = {p: 0 for p in PROCESSES}
    for p in PROCESSES:
        for chunk in sorted(results[p]):
            labels, feats, done = results[p][chunk]
            events[p] += done
            for lab, row in zip(labels, feats):
                per_class[lab].append(row)
    with gzip.open(args.output, "wt", compresslevel=9, newline="") as fh:
        fh.write(",".join(["class"] + FEATURE_NAMES) + "\n")
        for k in CLASSES:
            for row in per_class[k][: args.per_class]:
                fh.write(k + "," + ",".join(_fmt(v) for v in row) + "\n")
    elapsed = time.time() - start
    print(f"wrote {args.output}: {args.per_class} per class, events per process {events}, {elapsed:.0f} s")


def _fmt(v):
    if float(v).is_integer() and abs(v) < 1e6:
        return str(int(v))
    return f"{v:.6g}"


if __name__ == "__main__":
    main()
