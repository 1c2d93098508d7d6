"""Jet substructure features of one jet (see FEATURES.md for the definitions)."""

import math
import os

import fastjet
import numpy as np

FEATURE_NAMES = [
    "zlogz", "c1_b0_mmdt", "c1_b1_mmdt", "c1_b2_mmdt", "c2_b1_mmdt", "c2_b2_mmdt",
    "d2_b1_mmdt", "d2_b2_mmdt", "d2_a1_b1_mmdt", "d2_a1_b2_mmdt", "m2_b1_mmdt",
    "m2_b2_mmdt", "n2_b1_mmdt", "n2_b2_mmdt", "mass_mmdt", "multiplicity",
]

# C/A with a radius far above the jet size so that every constituent ends in one tree.
_CA_DEF = fastjet.JetDefinition(fastjet.cambridge_algorithm, 10.0)


def mmdt(jet, zcut=0.1):
    """Return the modified-mass-drop (soft drop beta=0) groomed version of `jet`.

    The jet is reclustered with C/A and declustered from the top; the softer
    branch is dropped until min(pT1, pT2)/(pT1 + pT2) > zcut.
    """
    constituents = list(jet.constituents())
    cs = fastjet.ClusterSequence(constituents, _CA_DEF)
    current = cs.exclusive_jets(1)[0]
    p1, p2 = fastjet.PseudoJet(), fastjet.PseudoJet()
    while current.has_parents(p1, p2):
        pt1, pt2 = p1.pt(), p2.pt()
        if min(pt1, pt2) / (pt1 + pt2) > zcut:
            break
        current = p1 if pt1 >= pt2 else p2
        p1, p2 = fastjet.PseudoJet(), fastjet.PseudoJet()
    # The returned jet references `cs`; keep it alive by copying what we need now.
    parts = current.constituents()
    return current.m(), np.array([[c.pt(), c.rap(), c.phi()] for c in parts])


def _pair_distances(kin):
    drap = kin[:, 1][:, None] - kin[:, 1][None, :]
    dphi = np.abs(kin[:, 2][:, None] - kin[:, 2][None, :])
    dphi = np.where(dphi > math.pi, 2 * math.pi - dphi, dphi)
    return np.sqrt(drap * drap + dphi * dphi)


def ecf_features(kin):
    """Energy-correlation ratios of one (groomed) jet from its constituents' (pT, y, phi)."""
    z = kin[:, 0] / kin[:, 0].sum()
    r = _pair_distances(kin)
    n = len(z)
    out = {}
    e2, e3 = {}, {}
    for beta in (0, 1, 2):
        if beta == 0:
            # R^0 is 1 for distinct pairs, 0 on the diagonal (a particle is not paired with itself).
            m = 1.0 - np.eye(n)
        else:
            m = r ** beta
        e2[beta] = 0.5 * z @ m @ z
        # Sum over ordered triples of distinct particles: the zero diagonal of m removes
        # coincident indices, so no explicit i<j<k loop is needed.
        e3[beta] = np.sum((np.outer(z, z) * m) * ((m * z[None, :]) @ m)) / 6.0
    out["c1_b0_mmdt"] = e2[0]
    out["c1_b1_mmdt"] = e2[1]
    out["c1_b2_mmdt"] = e2[2]
    for beta in (1, 2):
        out[f"c2_b{beta}_mmdt"] = _ratio(e3[beta], e2[beta] ** 2)
        out[f"d2_b{beta}_mmdt"] = _ratio(e3[beta], e2[beta] ** 3)
        out[f"d2_a1_b{beta}_mmdt"] = _ratio(e3[1], e2[beta] ** (3.0 / beta))

    # Generalized correlators 1e3 and 2e3 need the ordering of the three pair angles of each
    # triple, which has no matrix-product shortcut: a compiled triple loop when a C compiler
    # is available, else one numpy block over the list of i<j<k.
    if n >= 3:
        gen = _generalized_e3(z, r)
        for beta in (1, 2):
            e13, e23 = gen[beta]
            out[f"m2_b{beta}_mmdt"] = _ratio(e13, e2[beta])
            out[f"n2_b{beta}_mmdt"] = _ratio(e23, e2[beta] ** 2)
    else:
        for beta in (1, 2):
            out[f"m2_b{beta}_mmdt"] = 0.0
            out[f"n2_b{beta}_mmdt"] = 0.0
    return out


def _generalized_e3_numpy(z, r):
    i, j, k = _triples(len(z))
    zzz = z[i] * z[j] * z[k]
    a, b, c = r[i, j], r[i, k], r[j, k]
    lo = np.minimum(np.minimum(a, b), c)
    hi = np.maximum(np.maximum(a, b), c)
    mid = a + b + c - lo - hi
    return {beta: (float(np.sum(zzz * lo ** beta)), float(np.sum(zzz * (lo * mid) ** beta))) for beta in (1, 2)}


_LIB = None


def _load_triples_lib():
    """Compiles triples.c once per source content into a user cache and loads it (None if no cc)."""
    import ctypes
    import hashlib
    import subprocess
    import tempfile

    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "triples.c")
    with open(src, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()[:16]
    cache = os.path.join(os.path.expanduser("~"), ".cache", "symbolforge", "jets")
    lib = os.path.join(cache, f"triples-{digest}.so")
    if not os.path.exists(lib):
        os.makedirs(cache, exist_ok=True)
        fd, tmp = tempfile.mkstemp(suffix=".so", dir=cache)
        os.close(fd)
        try:
            subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", tmp, src], check=True, capture_output=True)
            os.replace(tmp, lib)
        except (OSError, subprocess.CalledProcessError):
            os.unlink(tmp)
            return None
    handle = ctypes.CDLL(lib)
    fn = handle.generalized_e3
    dbl = ctypes.POINTER(ctypes.c_double)
    fn.argtypes = [ctypes.c_int, dbl, dbl, dbl]
    fn.restype = None
    return fn, dbl


def _generalized_e3(z, r):
    """{beta: (1e3, 2e3)} for beta = 1, 2."""
    global _LIB
    if _LIB is None:
        _LIB = _load_triples_lib() or False
    if not _LIB:
        return _generalized_e3_numpy(z, r)
    fn, dbl = _LIB
    z = np.ascontiguousarray(z, dtype=np.float64)
    r = np.ascontiguousarray(r, dtype=np.float64)
    out = np.zeros(4)
    fn(len(z), z.ctypes.data_as(dbl), r.ctypes.data_as(dbl), out.ctypes.data_as(dbl))
    return {1: (out[0], out[1]), 2: (out[2], out[3])}


def _ratio(num, den):
    # A groomed jet of one particle has e2 = 0; report 0 like a jet with no substructure.
    return float(num / den) if den > 0 else 0.0


_TRIPLE_NMAX = 256


def _build_triples(n):
    # Ordered by k (the largest index) first, so the triples of any m <= n are a prefix.
    k, j, i = np.nonzero(np.tri(n, n, -1, dtype=bool)[:, :, None] & np.tri(n, n, -1, dtype=bool)[None, :, :])
    return i.astype(np.int32), j.astype(np.int32), k.astype(np.int32)


_TRIPLES = None


def _triples(n):
    """Index arrays (i, j, k) of all triples i < j < k < n."""
    global _TRIPLES
    if n > _TRIPLE_NMAX:
        return _build_triples(n)
    if _TRIPLES is None:
        _TRIPLES = _build_triples(_TRIPLE_NMAX)
    count = n * (n - 1) * (n - 2) // 6
    return tuple(t[:count] for t in _TRIPLES)


def jet_features(jet):
    """All 16 features of an anti-kT jet in FEATURE_NAMES order, and whether they are defined.

    Every feature is computed; `defined` is False when the groomed or the ungroomed jet has
    fewer than three constituents, where N2 (e2 = 0) or tau3/tau2 (tau2 = 0) would be 0/0.
    """
    cons = jet.constituents()
    energies = np.array([c.e() for c in cons])
    zs = energies / energies.sum()
    # z log z with z = E_i / E_jet: a constituent scaled to (almost) nothing contributes 0.
    zlogz = float(np.sum(np.where(zs > 0, zs * np.log(np.where(zs > 0, zs, 1.0)), 0.0)))
    feats = {"zlogz": zlogz, "multiplicity": float(len(cons))}
    mass, kin = mmdt(jet)
    feats["mass_mmdt"] = mass
    feats.update(ecf_features(kin))
    defined = len(cons) >= 3 and len(kin) >= 3
    return [feats[name] for name in FEATURE_NAMES], defined
