"""From a raw :class:`IndentCurve` to one Oliver–Pharr result per unload.

Steps, in order (each recorded in :class:`Corrections`):

1. thermal drift: rate from a low-load hold (vendor-marked or detected) when
   the file's depth is not already drift-corrected; h ← h − ṙ·(t − t_contact);
2. frame compliance: h ← h − C_f·P (C_f = 0 when the file is frame-corrected);
3. surface: depth zero from the file, or from extrapolating the loading curve;
4. every unload (vendor markers, else detected turning points) analysed with
   :func:`~sselab.mechanics.indentation.oliver_pharr.analyse_unload`;
5. CSM averages when the file has harmonic stiffness.

When no area function is given, the one stored in the file is used, else the
ideal Berkovich tip.

An indent that cannot be analysed (unreadable, no unload, failed fit...)
comes back with flagged unloads and reasons; the others are unaffected.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sselab.errors import FitError
from sselab.mechanics.indentation.area_function import AreaFunction
from sselab.mechanics.indentation.csm import CsmResult, analyse_csm
from sselab.mechanics.indentation.curve import IndentCurve
from sselab.mechanics.indentation.drift import correct_drift, estimate_drift, find_drift_hold
from sselab.mechanics.indentation.oliver_pharr import (
    OliverPharrOptions,
    UnloadResult,
    result_from_fit,
)
from sselab.mechanics.indentation.power_law import PowerLawFit, fit_unloadings
from sselab.mechanics.indentation.segments import find_unloads, fit_surface

#: Poisson ratio used when neither the user nor the file gives one (assumed).
DEFAULT_POISSON_RATIO = 0.3


@dataclass(frozen=True)
class Corrections:
    """What was done to the raw depth before the analysis (SI units)."""

    drift_rate_m_per_s: float = 0.0
    drift_source: str = "none"
    frame_compliance_m_per_N: float = 0.0
    frame_source: str = "none"
    surface_offset_m: float = 0.0
    surface_source: str = "file"
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class IndentResult:
    """All results of one indent."""

    name: str
    source: str
    unloads: tuple[UnloadResult, ...]
    csm: CsmResult | None
    corrections: Corrections
    poisson_ratio: float
    poisson_source: str
    problem: str = ""
    area_name: str = ""
    vendor_csm: dict[str, Any] = field(default_factory=dict)
    depth_m: np.ndarray | None = None  # corrected depth, for plots
    load_N: np.ndarray | None = None

    @property
    def ok_unloads(self) -> tuple[UnloadResult, ...]:
        """The unloads that gave results."""
        return tuple(u for u in self.unloads if u.ok)


def _poisson(curve: IndentCurve, options: OliverPharrOptions) -> tuple[float, str]:
    if options.poisson_ratio is not None:
        return float(options.poisson_ratio), "user"
    if math.isfinite(curve.poisson_ratio) and -1 < curve.poisson_ratio < 0.5:
        return float(curve.poisson_ratio), "file"
    return DEFAULT_POISSON_RATIO, "assumed (0.3)"


def _failed(curve: IndentCurve, reason: str, nu: float, nu_src: str) -> IndentResult:
    u = UnloadResult(indent=curve.name, unload=1, ok=False, reason=reason)
    return IndentResult(curve.name, curve.source, (u,), None, Corrections(), nu, nu_src,
                        problem=reason)


@dataclass
class _Prepared:
    curve: IndentCurve
    options: OliverPharrOptions
    nu: float
    nu_src: str
    h: np.ndarray
    p: np.ndarray
    ranges: list[tuple[int, int]]
    corrections: Corrections
    first_start: int


def _prepare(curve: IndentCurve, options: OliverPharrOptions) -> _Prepared | IndentResult:
    """Steps 1–3 and the unload ranges; an IndentResult when the indent cannot be analysed."""
    if options.area is None and curve.area_coefficients_nm:
        options = options.with_(area=AreaFunction(curve.area_coefficients_nm,
                                                  name="from file"))
    nu, nu_src = _poisson(curve, options)
    if curve.problem:
        return _failed(curve, curve.problem, nu, nu_src)
    h = np.array(curve.depth_m, dtype=float)
    p = np.array(curve.load_N, dtype=float)
    finite = np.isfinite(h) & np.isfinite(p)
    if finite.sum() < 5:
        return _failed(curve, "fewer than 5 finite load-depth points", nu, nu_src)
    if not np.nanmax(p) > 0:
        return _failed(curve, "load never positive", nu, nu_src)
    notes: list[str] = []
    ranges = find_unloads(p, segments=curve.segments)
    first_start = ranges[0][0] if ranges else int(np.nanargmax(p))
    # 1. drift
    drift_rate, drift_src = 0.0, "none"
    if curve.drift_corrected:
        drift_src = "file (already corrected)"
    elif options.drift == "auto" and curve.time_s is not None:
        after = ranges[-1][1] if ranges else first_start
        hold = find_drift_hold(p, curve.time_s, after=after, segments=curve.segments)
        if hold is not None:
            est = estimate_drift(curve.time_s, h, hold[0], hold[1], source=hold[2])
            if est is None:
                notes.append("drift hold found but its time is not increasing; no drift correction")
            else:
                pos = np.nonzero(p >= 0.01 * np.nanmax(p))[0]
                t0 = float(curve.time_s[pos[0]]) if pos.size else float(curve.time_s[0])
                t = np.asarray(curve.time_s, dtype=float)
                if np.all(np.diff(t[pos[0] if pos.size else 0:]) >= 0):
                    h = correct_drift(h, t, est.rate_m_per_s, t0)
                    drift_rate, drift_src = est.rate_m_per_s, est.source
                else:
                    notes.append("time is not monotonic; no drift correction")
    # 2. frame compliance
    if options.frame_compliance_m_per_N is not None:
        cf, cf_src = float(options.frame_compliance_m_per_N), "user"
    elif curve.frame_corrected:
        cf, cf_src = 0.0, "file (already corrected)"
    elif math.isfinite(curve.frame_stiffness_N_per_m) and curve.frame_stiffness_N_per_m > 0:
        cf, cf_src = 1.0 / curve.frame_stiffness_N_per_m, "file frame stiffness"
    else:
        cf, cf_src = 0.0, "none"
    if cf:
        h = h - cf * p
    # 3. surface
    offset, surf_src = 0.0, "file"
    if options.surface == "fit" or (options.surface == "auto" and not curve.surface_referenced):
        try:
            offset = fit_surface(h, p, stop=first_start + 1)
            surf_src = "loading-curve extrapolation"
            h = h - offset
        except FitError as exc:
            return _failed(curve, f"surface not found: {exc}", nu, nu_src)
    corr = Corrections(drift_rate, drift_src, cf, cf_src, offset, surf_src, tuple(notes))
    return _Prepared(curve, options, nu, nu_src, h, p, ranges, corr, first_start)


def _assemble(pr: _Prepared, fits: list[PowerLawFit | FitError]) -> IndentResult:
    """Steps 4–5: results per unload from the fits, CSM averages."""
    curve, options, h, p = pr.curve, pr.options, pr.h, pr.p
    vendor = curve.vendor if len(curve.vendor) == len(pr.ranges) else ()
    results = [result_from_fit(fit, options=options, poisson_ratio=pr.nu, indent=curve.name,
                               unload=k + 1, index=a, vendor=vendor[k] if vendor else None)
               for k, ((a, _b), fit) in enumerate(zip(pr.ranges, fits, strict=True))]
    csm = None
    if options.use_csm and curve.harmonic_stiffness_N_per_m is not None:
        rng = options.csm_depth_range_m or curve.vendor_csm.get("depth_range_m")
        csm = analyse_csm(h, p, curve.harmonic_stiffness_N_per_m, options=options,
                          poisson_ratio=pr.nu, depth_range_m=rng, stop=pr.first_start + 1)
    if not results:
        results.append(UnloadResult(indent=curve.name, unload=1, ok=False,
                                    reason="no unloading segment found"))
    return IndentResult(curve.name, curve.source, tuple(results), csm, pr.corrections, pr.nu,
                        pr.nu_src, area_name=options.resolved_area().name,
                        vendor_csm=dict(curve.vendor_csm), depth_m=h, load_N=p)


def analyse_indent(curve: IndentCurve, options: OliverPharrOptions | None = None) -> IndentResult:
    """Oliver–Pharr analysis of every unload of ``curve`` (see module docstring)."""
    return analyse_indents([curve], options)[0]


def analyse_indents(curves: list[IndentCurve] | tuple[IndentCurve, ...],
                    options: OliverPharrOptions | None = None) -> tuple[IndentResult, ...]:
    """:func:`analyse_indent` for each curve; all unloads are fitted in one batch."""
    options = options or OliverPharrOptions()
    prepared = [_prepare(c, options) for c in curves]
    branches = [(pr.h[a:b], pr.p[a:b]) for pr in prepared if isinstance(pr, _Prepared)
                for a, b in pr.ranges]
    fits = fit_unloadings(branches, window=options.window) if branches else []
    out: list[IndentResult] = []
    k = 0
    for pr in prepared:
        if isinstance(pr, IndentResult):
            out.append(pr)
            continue
        n = len(pr.ranges)
        out.append(_assemble(pr, fits[k:k + n]))
        k += n
    return tuple(out)
