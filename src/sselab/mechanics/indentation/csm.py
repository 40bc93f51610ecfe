"""Continuous stiffness measurement (CSM): H(h) and E(h) from the harmonic stiffness.

With the harmonic contact stiffness S(h) measured at every point of the
loading segment, the Oliver–Pharr relations apply point by point::

    h_c = h − ε·P/S,  A = A(h_c),  H = P/A,  E_r = √π·S/(2β√A)

and the reported values are averages over a depth range (the vendors'
"average over defined range", e.g. 100–200 nm).

References
----------
X. Li, B. Bhushan, Mater. Charact. 48, 11 (2002); W. C. Oliver, G. M. Pharr,
J. Mater. Res. 19, 3 (2004), section III.B.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sselab.mechanics.indentation.oliver_pharr import OliverPharrOptions

NAN = float("nan")
_BIG = 1e30  # vendors store "no value" as 1.8e308


@dataclass(frozen=True)
class CsmResult:
    """CSM averages over ``depth_range_m`` (SI units), and the per-point curves."""

    ok: bool
    reason: str = ""
    depth_range_m: tuple[float, float] = (NAN, NAN)
    n_points: int = 0
    modulus_Pa: float = NAN
    modulus_sd_Pa: float = NAN
    hardness_Pa: float = NAN
    hardness_sd_Pa: float = NAN
    poisson_ratio: float = NAN
    depth_m: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False, compare=False)
    hardness_curve_Pa: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False,
                                          compare=False)
    modulus_curve_Pa: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False,
                                         compare=False)


def analyse_csm(
    depth_m: np.ndarray, load_N: np.ndarray, stiffness_N_per_m: np.ndarray, *,
    options: OliverPharrOptions, poisson_ratio: float,
    depth_range_m: tuple[float, float] | None, stop: int | None = None,
) -> CsmResult:
    """Point-by-point H and E from the harmonic stiffness on the loading branch ``[0, stop)``.

    Parameters
    ----------
    depth_m, load_N, stiffness_N_per_m : array_like
        Corrected depth (m), load (N), harmonic contact stiffness (N/m).
    options : OliverPharrOptions
        ε, β, area function and indenter.
    poisson_ratio : float
        Sample ν.
    depth_range_m : (float, float) or None
        Averaging range of the *total* depth h (m); None: no average (ok=False).
    stop : int, optional
        End of the loading branch (default: the point of maximum load).
    """
    h = np.asarray(depth_m, dtype=float)
    p = np.asarray(load_N, dtype=float)
    s = np.asarray(stiffness_N_per_m, dtype=float)
    if stop is None:
        stop = int(np.nanargmax(p)) + 1 if p.size else 0
    h, p, s = h[:stop], p[:stop], s[:stop]
    valid = (np.isfinite(h) & np.isfinite(p) & np.isfinite(s) & (s > 0) & (s < _BIG)
             & (p > 0) & (h > 0))
    hc = np.where(valid, h - options.epsilon * p / np.where(valid, s, 1.0), np.nan)
    valid &= hc > 0
    area_fn = options.resolved_area()
    area = np.where(valid, area_fn.area_m2(np.where(valid, hc, 1e-9)), np.nan)
    valid &= np.isfinite(area) & (area > 0)
    hard = np.where(valid, p / np.where(valid, area, 1.0), np.nan)
    er = np.where(valid, math.sqrt(math.pi) * s / (2 * options.beta * np.sqrt(np.where(valid, area, 1.0))),
                  np.nan)
    ind = options.resolved_indenter()
    denom = 1.0 / er - (1 - ind.poisson_ratio**2) / ind.modulus_Pa
    mod = np.where(valid & (denom > 0), (1 - poisson_ratio**2) / np.where(denom > 0, denom, 1.0),
                   np.nan)
    base = dict(depth_m=h, hardness_curve_Pa=hard, modulus_curve_Pa=mod,
                poisson_ratio=float(poisson_ratio))
    if depth_range_m is None:
        return CsmResult(ok=False, reason="no CSM depth range given", **base)
    lo, hi = depth_range_m
    sel = (h >= lo) & (h <= hi) & np.isfinite(hard) & np.isfinite(mod)
    n = int(sel.sum())
    if n < 3:
        return CsmResult(ok=False, depth_range_m=(lo, hi),
                         reason=f"only {n} valid CSM points between {lo * 1e9:.0f} and "
                                f"{hi * 1e9:.0f} nm", **base)
    return CsmResult(ok=True, depth_range_m=(lo, hi), n_points=n,
                     modulus_Pa=float(np.mean(mod[sel])), modulus_sd_Pa=float(np.std(mod[sel], ddof=1)),
                     hardness_Pa=float(np.mean(hard[sel])),
                     hardness_sd_Pa=float(np.std(hard[sel], ddof=1)), **base)
