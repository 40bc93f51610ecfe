"""Compare several patterns: crystallinity, peaks and which reference phases they show.

Used for the paper's comparisons — compositions (Fig. 1d–e), Li2O vs Li2CO3
route against milling time (Fig. 3a–b), as-milled vs annealed (Supp. Figs. 6,
8a).  A reference phase is "seen" in a pattern when its strong reflections
(relative intensity ≥ ``min_relative_intensity``) have an observed peak
within ``tolerance_deg``; the score is the intensity-weighted share of those
reflections that were matched.

Example
-------
>>> import numpy as np
>>> from sselab.xrd.synthetic import synthetic_pattern
>>> a = synthetic_pattern(crystalline_fraction=0.3, phases=(("ccp", 1.0),),
...                       rng=np.random.default_rng(0)).pattern
>>> c = compare_patterns([a], names=["ccp-rich"])
>>> c.rows[0].phase_scores["ccp"] > 0.9
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from sselab.errors import InputError
from sselab.xrd.pattern import XRDPattern


@dataclass(frozen=True)
class PhaseMatch:
    """How well one reference phase's strong reflections are matched by observed peaks."""

    phase: str
    score: float
    matched: tuple[tuple[int, int, int], ...]
    missing: tuple[tuple[int, int, int], ...]


def match_phase(peak_positions_deg: Sequence[float], phase: str, *,
                wavelength_angstrom: float = 1.5406, two_theta_range_deg=(5.0, 90.0),
                tolerance_deg: float = 0.3, min_relative_intensity: float = 20.0) -> PhaseMatch:
    """Match observed peak positions against a reference phase's strong reflections."""
    from sselab.xrd.reflections import load_structure, reflections

    refl = [r for r in reflections(load_structure(phase), wavelength_angstrom=wavelength_angstrom,
                                   two_theta_min_deg=two_theta_range_deg[0],
                                   two_theta_max_deg=two_theta_range_deg[1])
            if r.relative_intensity >= min_relative_intensity]
    if not refl:
        return PhaseMatch(phase, float("nan"), (), ())
    pos = np.asarray(list(peak_positions_deg), float)
    hit = [bool(pos.size) and float(np.min(np.abs(pos - r.two_theta_deg))) <= tolerance_deg
           for r in refl]
    w = np.array([r.relative_intensity for r in refl])
    score = float(np.sum(w[np.array(hit, bool)]) / np.sum(w))
    return PhaseMatch(phase, score, tuple(r.hkl for r, h in zip(refl, hit, strict=True) if h),
                      tuple(r.hkl for r, h in zip(refl, hit, strict=True) if not h))


@dataclass(frozen=True)
class ComparisonRow:
    """One pattern of a comparison."""

    name: str
    crystallinity_percent: float
    n_bragg_peaks: int
    strongest_peaks_deg: tuple[float, ...]
    phase_scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Comparison:
    """Several patterns side by side, plus a common grid of normalised intensities."""

    rows: tuple[ComparisonRow, ...]
    two_theta_deg: np.ndarray
    normalized: np.ndarray  # (n_patterns, n_points), each scaled to max 1
    results: tuple = ()


def compare_patterns(patterns: Sequence[XRDPattern], *, names: Sequence[str] | None = None,
                     phases: Sequence[str] = ("hcp", "ccp"), method: str = "fit",
                     backgrounds: Sequence | None = None, tolerance_deg: float = 0.3,
                     **crystallinity_options) -> Comparison:
    """Crystallinity, peaks and phase scores of each pattern; common normalised grid."""
    from sselab.xrd.crystallinity import crystallinity_index

    pats = list(patterns)
    if not pats:
        raise InputError("compare_patterns needs at least one pattern")
    labels = list(names) if names is not None else [p.name or f"pattern {i + 1}"
                                                   for i, p in enumerate(pats)]
    if len(labels) != len(pats):
        raise InputError("names and patterns differ in number")
    bgs = list(backgrounds) if backgrounds is not None else ["snip"] * len(pats)
    rows, results = [], []
    for p, name, bg in zip(pats, labels, bgs, strict=True):
        r = crystallinity_index(p, method=method, background=bg, **crystallinity_options)
        bragg = sorted(r.bragg_peaks, key=lambda k: -k.area)
        positions = [b.center_deg for b in bragg]
        scores = {ph: match_phase(positions, ph, wavelength_angstrom=p.wavelength_angstrom,
                                  two_theta_range_deg=(float(p.two_theta_deg[0]),
                                                       float(p.two_theta_deg[-1])),
                                  tolerance_deg=tolerance_deg).score for ph in phases}
        rows.append(ComparisonRow(name, r.crystallinity_percent, len(bragg),
                                  tuple(round(b.center_deg, 3) for b in bragg[:5]), scores))
        results.append(r)
    lo = max(float(p.two_theta_deg[0]) for p in pats)
    hi = min(float(p.two_theta_deg[-1]) for p in pats)
    if lo >= hi:
        raise InputError("the patterns share no common 2θ range")
    step = min(p.step_deg for p in pats)
    grid = np.arange(lo, hi + 1e-9, step)
    norm = np.vstack([np.interp(grid, p.two_theta_deg, p.intensity) for p in pats])
    norm = norm / np.maximum(norm.max(axis=1, keepdims=True), 1e-300)
    return Comparison(tuple(rows), grid, norm, tuple(results))
