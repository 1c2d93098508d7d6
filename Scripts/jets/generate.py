"""Generate the bundled jet sample (g, q, t, w, z) the way the hls4ml LHC jet dataset was made.

One process per class at 13 TeV with the hard objects in a narrow pT window (Pythia 8 2->2
processes for g, q, t; W and Z pairs from a narrow heavy scalar, so mostly longitudinally
polarized, with a veto on the bosons' pT; Monash tune, underlying event on), a simple detector emulation
(tracks, calorimeter cells, type-dependent smearing; see detector.py), anti-kT jets, and
the leading jet of every event labelled by its process. Jets whose N2 or tau3/tau2 would
be undefined are dropped. Definitions: FEATURES.md; recipe and measured figures:
Data/jets/README.md.

Work is cut into chunks (one Pythia run with its own seed each) written to a work
directory as they finish, so an interrupted run resumes. Each chunk holds the features of
the leading jet for every requested radius, so the radius of the bundled file can be
chosen after generation (`--assemble-only --radius R`). The output keeps the first N
jets per class in chunk order, which keeps it independent of how the worker processes
were scheduled.
"""

import argparse
import gzip
import multiprocessing as mp
import os
import sys
import time

import math

import fastjet
import numpy as np
import pythia8mc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from detector import PRESETS, reconstruct  # noqa: E402
from features import FEATURE_NAMES, jet_features  # noqa: E402

CLASSES = ["g", "q", "t", "w", "z"]

# One process per class; the label is the process.
PROCESSES = {
    "gg": ("g", ["HardQCD:gg2gg = on", "HardQCD:qqbar2gg = on"]),
    "qq": ("q", ["HardQCD:qq2qq = on", "HardQCD:qqbar2qqbarNew = on", "HardQCD:gg2qqbar = on"]),
    "tt": ("t", ["Top:gg2ttbar = on", "Top:qqbar2ttbar = on"]),
    "ww": ("w", ["WeakDoubleBoson:ffbar2WW = on"]),
    "zz": ("z", ["WeakDoubleBoson:ffbar2gmZgmZ = on", "WeakZ0:gmZmode = 2"]),
    # Alternatives for the boson classes (measured in Data/jets/README.md, "Pilots"):
    # a narrow heavy scalar decaying to a boson pair, whose bosons are mostly longitudinally
    # polarized (qq -> WW, ZZ gives mostly transverse ones), with the bosons' pT in the window
    # (see RESONANCES); and a boson recoiling against a quark or gluon (2->2, pT-hat window).
    "hww": ("w", ["Higgs:useBSM = on", "HiggsBSM:gg2H2 = on", "35:onMode = off", "35:onIfMatch = 24 -24"]),
    "hzz": ("z", ["Higgs:useBSM = on", "HiggsBSM:gg2H2 = on", "35:onMode = off", "35:onIfMatch = 23 23"]),
    "wj": ("w", ["WeakBosonAndParton:qqbar2Wg = on", "WeakBosonAndParton:qg2Wq = on"]),
    "zj": ("z", ["WeakBosonAndParton:qqbar2gmZg = on", "WeakBosonAndParton:qg2gmZq = on", "WeakZ0:gmZmode = 2"]),
}
# Seed blocks keep every chunk's Pythia seed distinct (Pythia accepts seeds < 900 000 000).
SEED_BASE = {"gg": 11_000_000, "qq": 12_000_000, "tt": 13_000_000, "ww": 14_000_000, "zz": 15_000_000,
             "hww": 16_000_000, "hzz": 17_000_000, "wj": 18_000_000, "zj": 19_000_000}
# Resonance processes: the decay boson's PDG id and nominal mass (GeV). A 2->1 process has no
# pT-hat, so the resonance (H2, PDG 35, width forced to RESONANCE_WIDTH) gets the mass whose
# two-body decay at 90 degrees gives bosons of pT = the window's upper edge, and a process-level
# veto keeps the events whose bosons both lie in the window (about 1 in 9).
RESONANCES = {"hww": (24, 80.4), "hzz": (23, 91.19)}
RESONANCE_WIDTH = 1.0

COMMON = [
    "Beams:eCM = 13000.",
    "Tune:pp = 14",  # Monash 2013 (Pythia's default, stated explicitly)
    "Next:numberCount = 0",
    "Next:numberShowEvent = 0",
    "Next:numberShowInfo = 0",
    "Next:numberShowProcess = 0",
    "Print:quiet = on",
    "Random:setSeed = on",
    # Particles with c*tau > 10 mm (K0S, Lambda, Sigma+-, Xi) reach the detector.
    "ParticleDecays:limitTau0 = on",
    "ParticleDecays:tau0Max = 10.",
    # Hadronic W and Z decays, also for the W from top decays.
    "24:onMode = off", "24:onIfAny = 1 2 3 4 5",
    "23:onMode = off", "23:onIfAny = 1 2 3 4 5",
]

JET_PT_MIN = 100.0
DEFAULT_DETECTOR = "r1_h022_e0175_t220"


class BosonPtWindow(pythia8mc.UserHooks):
    """Vetoes a hard process unless every W or Z in it has pT in [lo, hi]."""

    def __init__(self, lo, hi):
        pythia8mc.UserHooks.__init__(self)
        self.lo, self.hi = lo, hi

    def canVetoProcessLevel(self):
        return True

    def doVetoProcessLevel(self, process):
        for i in range(process.size()):
            p = process[i]
            if p.idAbs() in (23, 24) and not (self.lo <= p.pT() <= self.hi):
                return True
        return False


def process_settings(process, pt_min, pt_max, pi0_stable=False):
    """Pythia settings of one process: the common ones, the process's, its kinematic window."""
    settings = COMMON + PROCESSES[process][1]
    if process in RESONANCES:
        _, m_boson = RESONANCES[process]
        mass = 2 * math.sqrt(pt_max ** 2 + m_boson ** 2)
        settings += [f"35:m0 = {mass:.3f}", f"35:mWidth = {RESONANCE_WIDTH}", "35:doForceWidth = on"]
    else:
        settings += [f"PhaseSpace:pTHatMin = {pt_min}", f"PhaseSpace:pTHatMax = {pt_max}"]
    if pi0_stable:
        settings += ["111:mayDecay = off"]
    return settings


def make_pythia(process, seed, pt_min, pt_max, pi0_stable=False):
    """An initialized Pythia for one chunk, and the hook object it uses (keep it alive)."""
    pythia = pythia8mc.Pythia("", False)
    for line in process_settings(process, pt_min, pt_max, pi0_stable) + [f"Random:seed = {seed}"]:
        if not pythia.readString(line):
            raise RuntimeError(f"Pythia rejected setting: {line}")
    hook = None
    if process in RESONANCES:
        hook = BosonPtWindow(pt_min, pt_max)
        pythia.setUserHooksPtr(hook)
    if not pythia.init():
        raise RuntimeError(f"Pythia init failed for {process}")
    return pythia, hook


def stable_particles(pythia):
    rows = [(p.id(), p.px(), p.py(), p.pz(), p.e()) for p in pythia.event if p.isFinal()]
    a = np.array(rows, dtype=np.float64)
    return a[:, 1:5], a[:, 0].astype(np.int64)


def leading_jet_features(objects, radius):
    """Features of the leading anti-kT jet with pT > JET_PT_MIN, or None if there is none."""
    pjs = [fastjet.PseudoJet(float(px), float(py), float(pz), float(e)) for px, py, pz, e in objects]
    cs = fastjet.ClusterSequence(pjs, fastjet.JetDefinition(fastjet.antikt_algorithm, radius))
    jets = fastjet.sorted_by_pt(cs.inclusive_jets(JET_PT_MIN))
    if not jets:
        return None
    jet = jets[0]
    feats, defined = jet_features(jet)
    return feats, defined, (jet.pt(), jet.eta(), jet.m())


def chunk_path(workdir, process, chunk):
    return os.path.join(workdir, f"{process}_{chunk:04d}.npz")


def run_chunk(job):
    """Generate one chunk; returns (process, chunk index, per-radius arrays, events)."""
    process, chunk, n_events, cfg = job
    path = chunk_path(cfg["workdir"], process, chunk)
    if os.path.exists(path):
        return process, chunk, dict(np.load(path))
    seed = SEED_BASE[process] + chunk
    pythia, hook = make_pythia(process, seed, cfg["pt_min"], cfg["pt_max"], cfg["pi0_stable"])
    detector = PRESETS[cfg["detector"]] if cfg["detector"] != "none" else None
    rng = np.random.Generator(np.random.PCG64(seed))
    radii = cfg["radii"]
    feats = {r: [] for r in radii}
    defined = {r: [] for r in radii}
    kin = {r: [] for r in radii}
    events = 0
    for _ in range(n_events):
        if not pythia.next():
            continue
        events += 1
        p4, ids = stable_particles(pythia)
        objects, _ = reconstruct(p4, ids, detector, rng)
        for r in radii:
            out = leading_jet_features(objects, r)
            if out is None:
                feats[r].append([np.nan] * len(FEATURE_NAMES))
                defined[r].append(False)
                kin[r].append([0.0, 0.0, 0.0])
            else:
                feats[r].append(out[0])
                defined[r].append(out[1])
                kin[r].append(list(out[2]))
    data = {"events": np.array(events), "detector": np.array(cfg["detector"]),
            "pi0_stable": np.array(cfg["pi0_stable"])}
    for r in radii:
        key = _rkey(r)
        data[f"features_{key}"] = np.array(feats[r], dtype=np.float64).reshape(-1, len(FEATURE_NAMES))
        data[f"defined_{key}"] = np.array(defined[r], dtype=bool)
        data[f"jet_{key}"] = np.array(kin[r], dtype=np.float64).reshape(-1, 3)
    tmp = path + ".tmp.npz"
    np.savez(tmp, **data)
    os.replace(tmp, path)
    return process, chunk, data


def _rkey(radius):
    return f"r{int(round(radius * 10)):02d}"


def collect(workdir, processes, radius, detector=None, pi0_stable=None):
    """Defined leading-jet features per class from all chunks on disk, in chunk order."""
    key = _rkey(radius)
    per_class, events, chunks = {}, {}, {}
    for p in processes:
        label = PROCESSES[p][0]
        rows, k, n_ev = [], 0, 0
        while os.path.exists(chunk_path(workdir, p, k)):
            data = np.load(chunk_path(workdir, p, k))
            # Chunks from before the detector was recorded used the default preset.
            made = str(data["detector"]) if "detector" in data else DEFAULT_DETECTOR
            if detector is not None and made != detector:
                raise SystemExit(f"{chunk_path(workdir, p, k)} was made with detector {made}, not {detector}")
            stable = bool(data["pi0_stable"]) if "pi0_stable" in data else False
            if pi0_stable is not None and stable != pi0_stable:
                raise SystemExit(f"{chunk_path(workdir, p, k)} was made with pi0_stable = {stable}; "
                                 f"use a separate --workdir for each setting")
            if f"features_{key}" not in data:
                raise SystemExit(f"{chunk_path(workdir, p, k)} has no jets for R = {radius}")
            f = data[f"features_{key}"][data[f"defined_{key}"]]
            rows.append(f)
            n_ev += int(data["events"])
            k += 1
        per_class[label] = np.concatenate(rows) if rows else np.zeros((0, len(FEATURE_NAMES)))
        events[p] = n_ev
        chunks[p] = k
    return per_class, events, chunks


def write_csv(path, per_class, n):
    tmp = path + ".tmp"
    with gzip.open(tmp, "wt", compresslevel=9, newline="") as fh:
        fh.write(",".join(["class"] + FEATURE_NAMES) + "\n")
        for k in [c for c in CLASSES if c in per_class]:
            for row in per_class[k][:n]:
                fh.write(k + "," + ",".join(_fmt(v) for v in row) + "\n")
    os.replace(tmp, path)


def _fmt(v):
    if float(v).is_integer() and abs(v) < 1e6:
        return str(int(v))
    return f"{v:.6g}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-class", type=int, default=10000, help="jets kept per class")
    ap.add_argument("--processes", default="gg,qq,tt,hww,hzz",
                    help="comma-separated processes, one per class, from " + ",".join(PROCESSES))
    ap.add_argument("--pt-min", type=float, default=995.0, help="lower edge of the hard-process pT window, GeV")
    ap.add_argument("--pt-max", type=float, default=1005.0, help="upper edge of the hard-process pT window, GeV")
    ap.add_argument("--radii", default="0.4,0.8", help="anti-kT radii whose leading jet each chunk records")
    ap.add_argument("--radius", type=float, default=0.8, help="radius written to the output file")
    ap.add_argument("--detector", default=DEFAULT_DETECTOR, choices=sorted(PRESETS) + ["none"],
                    help="detector emulation preset (detector.py), or none: all visible stable particles")
    ap.add_argument("--pi0-stable", action="store_true",
                    help="do not decay neutral pions (they reach the detector as photons do)")
    ap.add_argument("--chunk-events", type=int, default=250)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--deadline", type=float, default=0,
                    help="Unix time after which no new chunk starts; the output then keeps the largest "
                         "equal number of jets per class that was reached")
    ap.add_argument("--workdir", default="Data/jets/.work")
    ap.add_argument("--output", default="Data/jets/jets_hlf.csv.gz")
    ap.add_argument("--assemble-only", action="store_true", help="write the output from existing chunks")
    args = ap.parse_args()
    processes = [p.strip() for p in args.processes.split(",") if p.strip()]
    unknown = [p for p in processes if p not in PROCESSES]
    if unknown:
        raise SystemExit(f"--processes: unknown {', '.join(unknown)}; choose from {', '.join(PROCESSES)}")
    labels = [PROCESSES[p][0] for p in processes]
    if len(set(labels)) != len(labels):
        raise SystemExit(f"--processes {args.processes} gives a class more than one process; use one per class")
    radii = [float(r) for r in args.radii.split(",")]
    if args.radius not in radii:
        raise SystemExit(f"--radius {args.radius} is not among --radii {args.radii}")
    os.makedirs(args.workdir, exist_ok=True)
    cfg = {"workdir": args.workdir, "pt_min": args.pt_min, "pt_max": args.pt_max,
           "radii": radii, "detector": args.detector, "pi0_stable": args.pi0_stable}
    start = time.time()

    if not args.assemble_only:
        # Jets per chunk are estimated from finished chunks, so we don't oversubmit while
        # keeping the workers busy; chunks on disk are picked up first.
        have = {p: 0 for p in processes}
        done_chunks = {p: 0 for p in processes}
        next_chunk = {p: 0 for p in processes}
        pending = {p: 0 for p in processes}
        key = _rkey(args.radius)
        with mp.Pool(args.workers) as pool:
            inflight = []
            while True:
                late = args.deadline and time.time() > args.deadline
                # Keep at most one chunk queued beyond the busy workers, given to the
                # process furthest from its target, so a deadline stops work promptly.
                while not late and sum(pending.values()) < args.workers + 1:
                    expected = {}
                    for p in processes:
                        per_chunk = have[p] / done_chunks[p] if done_chunks[p] else args.chunk_events
                        expected[p] = have[p] + per_chunk * pending[p]
                    short = [p for p in processes if expected[p] < args.per_class]
                    if not short:
                        break
                    p = min(short, key=lambda q: expected[q])
                    job = (p, next_chunk[p], args.chunk_events, cfg)
                    next_chunk[p] += 1
                    pending[p] += 1
                    inflight.append(pool.apply_async(run_chunk, (job,)))
                if not inflight:
                    break
                ready = [r for r in inflight if r.ready()]
                if not ready:
                    time.sleep(0.5)
                    continue
                for r in ready:
                    inflight.remove(r)
                    p, chunk, data = r.get()
                    pending[p] -= 1
                    done_chunks[p] += 1
                    have[p] += int(data[f"defined_{key}"].sum())
                    print(f"[{time.time() - start:7.1f}s] {p} chunk {chunk}: {int(data['events'])} events; "
                          f"jets at R={args.radius}: {have}", flush=True)

    per_class, events, chunks = collect(args.workdir, processes, args.radius, args.detector, args.pi0_stable)
    n = min(min(len(v) for v in per_class.values()), args.per_class)
    write_csv(args.output, per_class, n)
    print(f"wrote {args.output}: R = {args.radius}, {n} jets per class; events {events}; chunks {chunks}; "
          f"{time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
