"""Force maps → modulus and adhesion maps, fitted as arrays (no Python loop over curves).

A PeakForce-QNM or force-volume map is a grid of force curves.  Every curve
is baseline-corrected, its contact point located and the model fitted by
the vectorised routines of :mod:`~sselab.mechanics.afm.preprocess` and
:mod:`~sselab.mechanics.afm.lsq` (chunks of a few thousand curves at a time to
bound memory).  The per-pixel algorithm is exactly the one
:func:`~sselab.mechanics.afm.fit.fit_curve` applies to a single curve, so a
pixel's modulus equals the single-curve fit of the same data.

For DMT the fit is F = (4/3)E*√R (s − s_c)^{3/2} − F_adh on the retract
segment: for a fixed contact point s_c the model is linear in E* and F_adh
(closed-form least squares over the arrays); s_c is found by a vectorised
grid search followed by batched Levenberg–Marquardt steps.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sselab.errors import InputError, require_positive
from sselab.mechanics.afm.curve import SEGMENTS, ForceCurve
from sselab.mechanics.afm.fit import fit_batch
from sselab.mechanics.afm.preprocess import far_to_near
from sselab.mechanics.afm.tip import TipGeometry
from sselab.mechanics.afm.validity import ValidityLimits, default_limits, tabor_parameter
from sselab.mechanics.afm.window import WindowSpec, default_window


@dataclass(frozen=True, eq=False)
class ForceMap:
    """A grid of force curves sharing one segment layout.

    Parameters
    ----------
    piezo_m : ndarray, shape (m,) or (ny, nx, m)
        Piezo displacement towards the sample (see :mod:`.curve`), m; a 1-D
        array is a ramp common to all pixels.
    force_N : ndarray, shape (ny, nx, m)
        Force, N, positive repulsive.
    segment : ndarray of int, shape (m,)
        0 approach, 1 retract (as :attr:`ForceCurve.segment`).
    spring_constant_N_per_m : float
    pixel_size_m : float
        Pixel pitch, m (NaN if unknown).
    """

    piezo_m: np.ndarray
    force_N: np.ndarray
    segment: np.ndarray
    spring_constant_N_per_m: float
    pixel_size_m: float = math.nan
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        f = np.asarray(self.force_N, dtype=float)
        if f.ndim != 3:
            raise InputError(f"force_N must have shape (ny, nx, m), got {f.shape}")
        z = np.asarray(self.piezo_m, dtype=float)
        if z.shape not in ((f.shape[-1],), f.shape):
            raise InputError(f"piezo_m must have shape (m,) or {f.shape}, got {z.shape}")
        seg = np.asarray(self.segment).astype(np.int8).reshape(-1)
        if seg.shape != (f.shape[-1],):
            raise InputError("segment must have one entry per point of a curve")
        require_positive("spring constant", self.spring_constant_N_per_m, "N/m")
        object.__setattr__(self, "force_N", f)
        object.__setattr__(self, "piezo_m", z)
        object.__setattr__(self, "segment", seg)
        object.__setattr__(self, "metadata", dict(self.metadata))

    @property
    def shape(self) -> tuple[int, int]:
        """(ny, nx)."""
        return self.force_N.shape[0], self.force_N.shape[1]

    def curve(self, row: int, col: int) -> ForceCurve:
        """The force curve of one pixel."""
        z = self.piezo_m if self.piezo_m.ndim == 1 else self.piezo_m[row, col]
        return ForceCurve(z, self.force_N[row, col], self.spring_constant_N_per_m,
                          segment=self.segment, name=f"pixel ({row}, {col})")


@dataclass(frozen=True)
class MapStatistics:
    """Robust summary of a map's finite values."""

    median: float
    q1: float
    q3: float
    iqr: float
    mean: float
    std: float
    n_valid: int
    n_total: int


@dataclass(frozen=True, eq=False)
class ModulusMap:
    """Per-pixel results of :func:`fit_map` (arrays of shape (ny, nx)).

    ``youngs_modulus_Pa`` is NaN where the fit failed; ``within_validity`` is
    False where the model is outside its validity (Tabor parameter / adhesion
    ratio, see :mod:`.validity`) even though the fit succeeded.
    """

    youngs_modulus_Pa: np.ndarray
    reduced_modulus_Pa: np.ndarray
    adhesion_force_N: np.ndarray  # model adhesion (DMT F_adh)
    pulloff_force_N: np.ndarray  # measured: −min of the corrected segment
    max_force_N: np.ndarray
    contact_point_m: np.ndarray
    rms_residual_N: np.ndarray
    tabor_parameter: np.ndarray
    adhesion_ratio: np.ndarray
    converged: np.ndarray
    within_validity: np.ndarray
    model: str
    segment: str
    tip: TipGeometry
    poisson_ratio: float
    window: str
    seconds: float
    pixel_size_m: float = math.nan

    def modulus_statistics(self) -> MapStatistics:
        """Median/IQR of the fitted Young's modulus, Pa."""
        return map_statistics(self.youngs_modulus_Pa)

    def adhesion_statistics(self) -> MapStatistics:
        """Median/IQR of the measured pull-off force, N."""
        return map_statistics(np.where(self.converged, self.pulloff_force_N, np.nan))

    def as_dict(self) -> dict[str, Any]:
        """JSON summary (statistics, not the arrays)."""
        ms, ad = self.modulus_statistics(), self.adhesion_statistics()
        return {
            "model": self.model,
            "segment": self.segment,
            "tip": self.tip.describe(),
            "poisson_ratio": self.poisson_ratio,
            "shape": list(self.youngs_modulus_Pa.shape),
            "window": self.window,
            "seconds": self.seconds,
            "modulus_median_Pa": ms.median,
            "modulus_iqr_Pa": ms.iqr,
            "modulus_q1_Pa": ms.q1,
            "modulus_q3_Pa": ms.q3,
            "modulus_GPa": ms.median / 1e9,
            "pulloff_median_N": ad.median,
            "pulloff_iqr_N": ad.iqr,
            "n_fitted": ms.n_valid,
            "n_pixels": ms.n_total,
            "fraction_within_validity": float(np.mean(self.within_validity)),
            "tabor_median": float(np.nanmedian(self.tabor_parameter))
            if np.isfinite(self.tabor_parameter).any() else math.nan,
        }


def map_statistics(values: np.ndarray) -> MapStatistics:
    """Median, quartiles, IQR, mean and standard deviation of the finite entries."""
    v = np.asarray(values, dtype=float).reshape(-1)
    ok = v[np.isfinite(v)]
    if ok.size == 0:
        nan = math.nan
        return MapStatistics(nan, nan, nan, nan, nan, nan, 0, int(v.size))
    q1, med, q3 = np.percentile(ok, [25, 50, 75])
    return MapStatistics(float(med), float(q1), float(q3), float(q3 - q1), float(ok.mean()),
                         float(ok.std(ddof=1)) if ok.size > 1 else 0.0, int(ok.size), int(v.size))


def histogram(values: np.ndarray, bins: int = 50, log: bool = False,
              value_range: tuple[float, float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(counts, edges) of the finite (and, with ``log``, positive) entries; log-spaced bins with ``log``."""
    v = np.asarray(values, dtype=float).reshape(-1)
    v = v[np.isfinite(v) & ((v > 0) if log else True)]
    if v.size == 0:
        return np.zeros(bins, dtype=int), np.linspace(0.0, 1.0, bins + 1)
    lo, hi = value_range if value_range else (float(v.min()), float(v.max()))
    if hi <= lo:
        hi = lo * (1 + 1e-9) + 1e-300
    edges = np.geomspace(lo, hi, bins + 1) if log else np.linspace(lo, hi, bins + 1)
    counts, _ = np.histogram(v, edges)
    return counts, edges


def fit_map(
    fmap: ForceMap,
    model: str = "dmt",
    *,
    tip: TipGeometry,
    poisson_ratio: float,
    segment: str | None = None,
    baseline: str = "tilt",
    window: WindowSpec | None = None,
    adhesion: str = "fit",
    tip_modulus_Pa: float = math.inf,
    tip_poisson_ratio: float = 0.0,
    chunk: int = 2048,
    limits: ValidityLimits | None = None,
) -> ModulusMap:
    """Fit every pixel of ``fmap`` (Hertz or DMT) with array operations.

    Parameters are those of :func:`~sselab.mechanics.afm.fit.fit_curve`;
    ``chunk`` curves are processed at a time.
    """
    t0 = time.perf_counter()
    seg = segment or ("approach" if model == "hertz" else "retract")
    sel = fmap.segment == SEGMENTS[seg] if seg in SEGMENTS else None
    if sel is None:
        raise InputError(f"segment must be 'approach' or 'retract', got {segment!r}")
    if not sel.any():
        raise InputError(f"the force map has no {seg} segment")
    ny, nx = fmap.shape
    n = ny * nx
    f = fmap.force_N[..., sel].reshape(n, -1)
    z = fmap.piezo_m[..., sel]
    z = np.broadcast_to(z, (ny, nx, z.shape[-1])).reshape(n, -1)
    k = fmap.spring_constant_N_per_m
    win = window or default_window(model)
    out = {key: np.full(n, np.nan) for key in
           ("e", "er", "fa", "po", "fmax", "cp", "rms")}
    conv = np.zeros(n, dtype=bool)
    for a in range(0, n, max(int(chunk), 1)):
        b = min(a + int(chunk), n)
        zz, fr = far_to_near(z[a:b], f[a:b], seg)
        res = fit_batch(zz, fr, k, model, tip, poisson_ratio, baseline=baseline, window=win,
                        adhesion=adhesion, tip_modulus_Pa=tip_modulus_Pa,
                        tip_poisson_ratio=tip_poisson_ratio)
        out["e"][a:b] = res.youngs_modulus_Pa
        out["er"][a:b] = res.reduced_modulus_Pa
        out["fa"][a:b] = res.adhesion_force_N if model == "dmt" else 0.0
        out["po"][a:b] = np.maximum(-res.prepared.min_force_N, 0.0)
        out["fmax"][a:b] = res.prepared.max_force_N
        out["cp"][a:b] = res.contact_point_m
        out["rms"][a:b] = res.rms_residual_N
        conv[a:b] = res.converged
    lim = limits or default_limits()
    radius = tip.radius_m if tip.shape == "paraboloid" else math.nan
    f_w = out["fa"] if model == "dmt" else out["po"]
    w = np.maximum(f_w, 0.0) / (2.0 * math.pi * radius) if math.isfinite(radius) else np.full(n, np.nan)
    mu = tabor_parameter(radius, w, out["er"], lim.z0_m) * np.ones(n)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.abs(out["po"] / out["fmax"])
    if model == "dmt":
        inside = conv & ~(mu > lim.dmt_mu_max)
    else:
        inside = conv & ~(ratio > lim.hertz_adhesion_ratio_max)
    shape = (ny, nx)
    return ModulusMap(
        youngs_modulus_Pa=out["e"].reshape(shape),
        reduced_modulus_Pa=out["er"].reshape(shape),
        adhesion_force_N=out["fa"].reshape(shape),
        pulloff_force_N=out["po"].reshape(shape),
        max_force_N=out["fmax"].reshape(shape),
        contact_point_m=out["cp"].reshape(shape),
        rms_residual_N=out["rms"].reshape(shape),
        tabor_parameter=mu.reshape(shape),
        adhesion_ratio=ratio.reshape(shape),
        converged=conv.reshape(shape),
        within_validity=inside.reshape(shape),
        model=model,
        segment=seg,
        tip=tip,
        poisson_ratio=float(poisson_ratio),
        window=win.describe(),
        seconds=time.perf_counter() - t0,
        pixel_size_m=fmap.pixel_size_m,
    )

