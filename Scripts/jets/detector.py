"""A simple detector emulation for boosted-jet studies (definitions in FEATURES.md, "Detector").

Charged hadrons become tracks unless they carry more than `track_pt_max`; photons and
neutral pions go into electromagnetic cells, neutral hadrons and the too-hard charged
hadrons into hadronic cells, both square η–φ grids over |η| < 3; charged leptons stay as
they are. Every resulting object is then scaled by a Gaussian factor with a resolution
that depends on its kind. Neutrinos and particles outside the four kinds are not seen.
"""

import math
from dataclasses import dataclass

import numpy as np

# Particle kinds by PDG id. Long-lived hadrons (K0S, Λ, Σ±, Ξ) are final-state particles
# because the generator keeps particles with cτ > 10 mm stable.
CHARGED_HADRONS = frozenset({211, -211, 321, -321, 2212, -2212, 3112, -3112, 3222, -3222, 3312, -3312})
PHOTONS = frozenset({22, 111})
NEUTRAL_HADRONS = frozenset({3122, -3122, 130, 310, 2112, -2112, 3322, -3322})
LEPTONS = frozenset({11, -11, 13, -13, 15, -15})

KIND_CHARGED, KIND_PHOTON, KIND_NEUTRAL, KIND_LEPTON, KIND_NONE = 0, 1, 2, 3, -1

_KIND_OF = {}
for _ids, _kind in ((CHARGED_HADRONS, KIND_CHARGED), (PHOTONS, KIND_PHOTON),
                    (NEUTRAL_HADRONS, KIND_NEUTRAL), (LEPTONS, KIND_LEPTON)):
    for _i in _ids:
        _KIND_OF[_i] = _kind


def kinds(pdg_ids):
    """Kind code of every particle (KIND_NONE for particles the detector does not see)."""
    return np.fromiter((_KIND_OF.get(int(i), KIND_NONE) for i in pdg_ids), dtype=np.int8, count=len(pdg_ids))


@dataclass(frozen=True)
class Detector:
    """Cell sizes (η and φ alike), track threshold and resolution scale."""

    hcal_cell: float = 0.022
    ecal_cell: float = 0.0175
    track_pt_max: float = 220.0
    eta_max: float = 3.0
    resolution_scale: float = 1.0

    def tag(self):
        return f"r{self.resolution_scale:g}_h{self.hcal_cell:g}_e{self.ecal_cell:g}_t{self.track_pt_max:g}"


# The two settings found in the original processing's steering script: the one its output
# files are named after, and the one that script actually passed under that name when the
# particle-level jets were added (resolution halved, finer cells).
PRESETS = {
    "r1_h022_e0175_t220": Detector(hcal_cell=0.022, ecal_cell=0.0175, track_pt_max=220.0, resolution_scale=1.0),
    "r05_h010_e005_t220": Detector(hcal_cell=0.010, ecal_cell=0.005, track_pt_max=220.0, resolution_scale=0.5),
}


def _cells(px, py, pz, e, cell, eta_max):
    """Sum energies into an η–φ grid; returns massless cells (px, py, pz, e) at the cell centres.

    The grid has floor(2·eta_max/cell) bins in η over [−eta_max, eta_max] and
    floor(2π/cell) bins in φ over [0, 2π), so the bins are slightly wider than `cell`.
    Energy outside |η| < eta_max is lost.
    """
    n_eta = math.floor(2 * eta_max / cell)
    n_phi = math.floor(2 * math.pi / cell)
    w_eta = 2 * eta_max / n_eta
    w_phi = 2 * math.pi / n_phi
    pt = np.hypot(px, py)
    # A particle along the beam (pT = 0) gets a huge |η| and falls outside the grid.
    eta = np.arcsinh(pz / np.maximum(pt, 1e-12))
    phi = np.mod(np.arctan2(py, px), 2 * math.pi)
    i_eta = np.floor((eta + eta_max) / w_eta).astype(np.int64)
    i_phi = np.minimum(np.floor(phi / w_phi).astype(np.int64), n_phi - 1)
    inside = (i_eta >= 0) & (i_eta < n_eta)
    index = i_eta[inside] * n_phi + i_phi[inside]
    occupied, inverse = np.unique(index, return_inverse=True)
    energy = np.bincount(inverse, weights=e[inside], minlength=len(occupied))
    keep = energy > 0
    occupied, energy = occupied[keep], energy[keep]
    c_eta = -eta_max + (occupied // n_phi + 0.5) * w_eta
    c_phi = (occupied % n_phi + 0.5) * w_phi
    c_pt = energy / np.cosh(c_eta)
    return c_pt * np.cos(c_phi), c_pt * np.sin(c_phi), c_pt * np.sinh(c_eta), energy


def _resolution(kind, pt, e):
    """Relative resolution of each object by kind (CMS-like, see FEATURES.md)."""
    res = np.zeros_like(e)
    track = (kind == KIND_CHARGED) | (kind == KIND_LEPTON)
    res[track] = np.sqrt((0.00025 * pt[track]) ** 2 + 0.015 ** 2)
    ph = kind == KIND_PHOTON
    eph = np.maximum(e[ph], 1e-12)
    res[ph] = np.sqrt((0.027 / np.sqrt(eph / 1.6)) ** 2 + (0.15 * 1.6 / eph) ** 2 + 0.005 ** 2)
    nh = kind == KIND_NEUTRAL
    enh = np.maximum(e[nh], 1e-12)
    res[nh] = np.sqrt((1.20 / np.sqrt(enh / 7.0)) ** 2 + 0.05 ** 2)
    return res


def reconstruct(p4, pdg_ids, detector, rng):
    """Detector objects from stable particles.

    p4: array (n, 4) of px, py, pz, E; pdg_ids: array (n,). Returns (objects (m, 4), kind (m,)).
    With `detector` None the visible particles (everything but neutrinos) are returned unchanged.
    """
    pdg_ids = np.asarray(pdg_ids)
    if detector is None:
        visible = ~np.isin(np.abs(pdg_ids), (12, 14, 16, 18))
        return p4[visible], kinds(pdg_ids[visible])
    kind = kinds(pdg_ids)
    px, py, pz, e = p4.T
    pt = np.hypot(px, py)
    track = (kind == KIND_CHARGED) & (pt <= detector.track_pt_max)
    lepton = kind == KIND_LEPTON
    to_ecal = kind == KIND_PHOTON
    to_hcal = (kind == KIND_NEUTRAL) | ((kind == KIND_CHARGED) & ~track)

    ecal = _cells(px[to_ecal], py[to_ecal], pz[to_ecal], e[to_ecal], detector.ecal_cell, detector.eta_max)
    hcal = _cells(px[to_hcal], py[to_hcal], pz[to_hcal], e[to_hcal], detector.hcal_cell, detector.eta_max)
    kept = track | lepton
    objects = np.concatenate([p4[kept], np.stack(ecal, axis=1), np.stack(hcal, axis=1)])
    obj_kind = np.concatenate([
        kind[kept],
        np.full(len(ecal[3]), KIND_PHOTON, dtype=np.int8),
        np.full(len(hcal[3]), KIND_NEUTRAL, dtype=np.int8),
    ])
    if detector.resolution_scale > 0:
        obj_pt = np.hypot(objects[:, 0], objects[:, 1])
        sigma = _resolution(obj_kind, obj_pt, objects[:, 3]) * detector.resolution_scale
        scale = np.maximum(1e-10, rng.normal(1.0, sigma))
        objects = objects * scale[:, None]
    return objects, obj_kind
