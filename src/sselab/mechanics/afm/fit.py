"""Fit a contact model to one force curve (and the batched core shared with force maps).

Recipe of :func:`fit_curve`:

1. take one segment (approach or retract), order it far → near and
   baseline-correct it (:mod:`~sselab.mechanics.afm.preprocess`);
2. pick the fit window (:mod:`~sselab.mechanics.afm.window`);
3. fit the model with the contact point free:

   * Hertz (paraboloid, cone, pyramid): F = c·δ^p, baseline held at 0;
   * DMT: F = (4/3)E*√R δ^{3/2} − F_adh with F_adh fitted (``adhesion="fit"``)
     or fixed at the measured pull-off (``adhesion="measured"``);
   * JKR: the displacement-controlled JKR curve with E*, F_c and the contact
     point free (:func:`scipy.optimize.least_squares`).

4. report E = (1 − ν²)E* (rigid tip unless ``tip_modulus_Pa`` is given), the
   window actually used, |F_adh/F_max|, the Tabor parameter μ and warnings when
   the model is outside its validity (:mod:`~sselab.mechanics.afm.validity`).

Hertz/DMT use the same vectorised fitter as force maps
(:func:`fit_batch`), so a map pixel and a single-curve fit of the same data
give the same modulus.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sselab.errors import FitError, InputError
from sselab.mechanics.afm import models
from sselab.mechanics.afm.curve import ForceCurve
from sselab.mechanics.afm.lsq import fit_power_law_batch
from sselab.mechanics.afm.preprocess import PreparedBatch, far_to_near, prepare_batch
from sselab.mechanics.afm.tip import TipGeometry, youngs_from_reduced
from sselab.mechanics.afm.validity import ValidityLimits, assess, default_limits, tabor_parameter
from sselab.mechanics.afm.window import WindowSpec, default_window


@dataclass(frozen=True)
class FitWindow:
    """The window a fit actually used (indices into the far → near segment)."""

    rule: str
    start_index: int
    stop_index: int  # exclusive
    n_points: int
    tip_min_m: float
    tip_max_m: float
    indentation_min_m: float
    indentation_max_m: float
    force_min_N: float
    force_max_N: float


@dataclass(frozen=True, eq=False)
class AfmFit:
    """Result of fitting one force curve.

    Moduli in Pa, forces in N, lengths in m.  ``adhesion_force_N`` is the
    model's adhesion (DMT F_adh, JKR load-controlled pull-off F_c, 0 for
    Hertz); ``pulloff_force_N`` is the measured pull-off (−minimum of the
    baseline-corrected retract curve), NaN without a retract segment.
    ``tip_m``/``force_N`` hold the whole prepared segment (far → near) and
    ``window_mask`` the fitted points, for plots.
    """

    model: str
    segment: str
    tip: TipGeometry
    poisson_ratio: float
    youngs_modulus_Pa: float
    reduced_modulus_Pa: float
    contact_point_m: float
    adhesion_force_N: float
    pulloff_force_N: float
    max_force_N: float
    max_indentation_m: float
    rms_residual_N: float
    r_squared: float
    work_of_adhesion_J_per_m2: float
    tabor_parameter: float
    adhesion_ratio: float
    valid: bool
    warnings: tuple[str, ...]
    window: FitWindow
    baseline_mode: str
    baseline_offset_N: float
    baseline_slope_N_per_m: float
    noise_N: float
    tip_m: np.ndarray = field(repr=False)
    force_N: np.ndarray = field(repr=False)
    window_mask: np.ndarray = field(repr=False)
    name: str = ""

    @property
    def indentation_m(self) -> np.ndarray:
        """δ = s − s_c of every segment point, m."""
        return self.tip_m - self.contact_point_m

    def predict(self, indentation_m: np.ndarray) -> np.ndarray:
        """Model force at indentations δ, N."""
        d = np.asarray(indentation_m, dtype=float)
        if self.model == "jkr":
            return models.jkr_force(d, self.reduced_modulus_Pa, self.tip.radius_m,
                                    self.adhesion_force_N)
        pref, expo = models.power_law(self.tip)
        return pref * self.reduced_modulus_Pa * np.clip(d, 0.0, None) ** expo - self.adhesion_force_N

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly summary (no arrays), with GPa/kPa conveniences."""
        return {
            "name": self.name,
            "model": self.model,
            "geometry": self.tip.shape,
            "tip": self.tip.describe(),
            "tip_radius_m": self.tip.radius_m,
            "tip_half_angle_deg": self.tip.half_angle_deg,
            "segment": self.segment,
            "poisson_ratio": self.poisson_ratio,
            "youngs_modulus_Pa": self.youngs_modulus_Pa,
            "modulus_GPa": self.youngs_modulus_Pa / 1e9,
            "reduced_modulus_Pa": self.reduced_modulus_Pa,
            "contact_point_m": self.contact_point_m,
            "adhesion_force_N": self.adhesion_force_N,
            "pulloff_force_N": self.pulloff_force_N,
            "max_force_N": self.max_force_N,
            "max_indentation_m": self.max_indentation_m,
            "rms_residual_N": self.rms_residual_N,
            "r_squared": self.r_squared,
            "work_of_adhesion_J_per_m2": self.work_of_adhesion_J_per_m2,
            "tabor_parameter": self.tabor_parameter,
            "adhesion_ratio": self.adhesion_ratio,
            "valid": self.valid,
            "warnings": list(self.warnings),
            "window": {
                "rule": self.window.rule,
                "start_index": self.window.start_index,
                "stop_index": self.window.stop_index,
                "n_points": self.window.n_points,
                "indentation_min_m": self.window.indentation_min_m,
                "indentation_max_m": self.window.indentation_max_m,
                "force_min_N": self.window.force_min_N,
                "force_max_N": self.window.force_max_N,
                "order": "far to near (retract segments reversed)",
            },
            "baseline": {
                "mode": self.baseline_mode,
                "offset_N": self.baseline_offset_N,
                "slope_N_per_m": self.baseline_slope_N_per_m,
                "noise_N": self.noise_N,
            },
        }


@dataclass(frozen=True, eq=False)
class BatchFit:
    """Arrays (one entry per row) from :func:`fit_batch`."""

    reduced_modulus_Pa: np.ndarray
    youngs_modulus_Pa: np.ndarray
    contact_point_m: np.ndarray
    adhesion_force_N: np.ndarray  # model adhesion (−offset)
    rms_residual_N: np.ndarray
    r_squared: np.ndarray
    n_points: np.ndarray
    converged: np.ndarray
    mask: np.ndarray
    prepared: PreparedBatch


def _check_model(model: str, tip: TipGeometry) -> None:
    if model not in models.MODELS:
        raise InputError(f"unknown model {model!r}; use one of {', '.join(models.MODELS)}")
    if model in ("dmt", "jkr") and tip.shape != "paraboloid":
        raise InputError(f"{model.upper()} is defined for a paraboloidal (spherical) tip; "
                         f"use --geometry paraboloid with a tip radius")


def fit_batch(
    piezo_m: np.ndarray,
    force_N: np.ndarray,
    spring_constant_N_per_m: float | np.ndarray,
    model: str,
    tip: TipGeometry,
    poisson_ratio: float,
    *,
    baseline: str = "tilt",
    window: WindowSpec | None = None,
    adhesion: str = "fit",
    tip_modulus_Pa: float = math.inf,
    tip_poisson_ratio: float = 0.0,
) -> BatchFit:
    """Vectorised Hertz/DMT fit of far → near rows (n, m) of piezo position z and raw force.

    Rows that cannot be fitted get NaN moduli and ``converged = False``.
    """
    _check_model(model, tip)
    if model == "jkr":
        raise InputError("JKR is fitted curve by curve (fit_curve); force maps support hertz and dmt")
    if adhesion not in ("fit", "measured"):
        raise InputError(f"adhesion must be 'fit' or 'measured', got {adhesion!r}")
    win = window or default_window(model)
    prep = prepare_batch(piezo_m, force_N, spring_constant_N_per_m, baseline=baseline,
                         contact="pulloff" if model == "dmt" else "threshold")
    mask = win.mask(prep)
    npts = mask.sum(axis=1)
    x, f = prep.tip_m, prep.force_N
    ic = prep.contact_index
    xc = prep.contact_tip_m
    xmax = np.take_along_axis(x, prep.max_index[:, None], axis=1)[:, 0]
    span = np.maximum(0.5 * (xmax - xc), 1e-15)
    pref, expo = models.power_law(tip)
    offset_free = model == "dmt" and adhesion == "fit"
    offset = prep.min_force_N if (model == "dmt" and adhesion == "measured") else None
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        res = fit_power_law_batch(x, f, mask, expo, contact_init_m=xc, contact_span_m=span,
                                  offset_free=offset_free, offset_N=offset)
    ok = res.converged & (npts >= 4) & (ic < prep.max_index)
    e_red = np.where(ok, res.prefactor / pref, np.nan)
    e = _youngs(e_red, poisson_ratio, tip_modulus_Pa, tip_poisson_ratio)
    mean = np.where(mask, f, 0.0).sum(axis=1) / np.maximum(npts, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        sst = np.where(mask, (f - mean[:, None]) ** 2, 0.0).sum(axis=1)
        rms = np.sqrt(res.sse / np.maximum(npts, 1))
        r2 = 1.0 - res.sse / sst
    return BatchFit(
        reduced_modulus_Pa=e_red,
        youngs_modulus_Pa=e,
        contact_point_m=np.where(ok, res.contact, np.nan),
        adhesion_force_N=np.where(ok, -res.offset, np.nan),
        rms_residual_N=np.where(ok, rms, np.nan),
        r_squared=np.where(ok, r2, np.nan),
        n_points=npts,
        converged=ok,
        mask=mask,
        prepared=prep,
    )


def _youngs(e_red: np.ndarray, nu: float, e_tip: float, nu_tip: float) -> np.ndarray:
    youngs_from_reduced(1.0, nu)  # validates ν
    inv = np.where(e_red > 0, 1.0 / np.where(e_red > 0, e_red, 1.0), np.nan)
    if math.isfinite(e_tip):
        inv = inv - (1.0 - nu_tip**2) / e_tip
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(inv > 0, (1.0 - nu**2) / inv, np.nan)


def fit_curve(
    curve: ForceCurve,
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
    limits: ValidityLimits | None = None,
) -> AfmFit:
    """Fit ``model`` ("hertz", "dmt" or "jkr") to one segment of ``curve``.

    Parameters
    ----------
    curve : ForceCurve
    model : {"hertz", "dmt", "jkr"}
    tip : TipGeometry
        Paraboloid (radius), cone or pyramid (half-angle); DMT/JKR need a paraboloid.
    poisson_ratio : float
        Sample ν (E = (1 − ν²)E* for a rigid tip).
    segment : {"approach", "retract"}, optional
        Default: approach for Hertz, retract for DMT and JKR.
    baseline : {"tilt", "offset", "none"}
        Baseline subtracted from the non-contact part.
    window : WindowSpec, optional
        Default :func:`~sselab.mechanics.afm.window.default_window`.
    adhesion : {"fit", "measured"}
        DMT only: fit F_adh or hold it at the measured pull-off.
    tip_modulus_Pa, tip_poisson_ratio : float
        Tip elasticity (default rigid).
    limits : ValidityLimits, optional
        Validity limits (default from ``afm_validity.toml``).

    Raises
    ------
    FitError
        When the window holds too few points or the fit does not converge.
    """
    _check_model(model, tip)
    seg = segment or ("approach" if model == "hertz" else "retract")
    z, fr = far_to_near(*curve.segment_data(seg), seg)
    k = curve.spring_constant_N_per_m
    win = window or default_window(model)
    if model == "jkr":
        core = _fit_jkr(z, fr, k, tip, poisson_ratio, baseline, win, tip_modulus_Pa,
                        tip_poisson_ratio)
    else:
        core = fit_batch(z[None, :], fr[None, :], k, model, tip, poisson_ratio, baseline=baseline,
                         window=win, adhesion=adhesion, tip_modulus_Pa=tip_modulus_Pa,
                         tip_poisson_ratio=tip_poisson_ratio)
    prep = core.prepared
    if int(core.n_points[0]) < 4:
        raise FitError(f"the fit window ({win.describe()}) holds only {int(core.n_points[0])} "
                       "points; widen it or check the contact point")
    if not bool(core.converged[0]) or not np.isfinite(core.youngs_modulus_Pa[0]):
        raise FitError(f"the {model} fit of the {seg} segment did not converge to a positive "
                       "modulus; check the segment, window and baseline")
    x, f, mask = prep.tip_m[0], prep.force_N[0], core.mask[0]
    cp = float(core.contact_point_m[0])
    e_red = float(core.reduced_modulus_Pa[0])
    f_adh = float(core.adhesion_force_N[0]) if model != "hertz" else 0.0
    pulloff = _pulloff(curve, seg, prep, baseline)
    fmax = float(prep.max_force_N[0])
    dmax = float(x[prep.max_index[0]] - cp)
    idx = np.nonzero(mask)[0]
    fw, dw = f[mask], x[mask] - cp
    window_used = FitWindow(
        rule=win.describe(), start_index=int(idx[0]), stop_index=int(idx[-1]) + 1,
        n_points=int(idx.size), tip_min_m=float(x[mask].min()), tip_max_m=float(x[mask].max()),
        indentation_min_m=float(dw.min()), indentation_max_m=float(dw.max()),
        force_min_N=float(fw.min()), force_max_N=float(fw.max()),
    )
    lim = limits or default_limits()
    ratio = abs(pulloff / fmax) if np.isfinite(pulloff) and fmax > 0 else math.nan
    radius = tip.radius_m if tip.shape == "paraboloid" else math.nan
    f_for_w = f_adh if model != "hertz" else pulloff
    w = models.work_of_adhesion(model, f_for_w, radius) if np.isfinite(radius) else math.nan
    mu = tabor_parameter(radius, w, e_red, lim.z0_m) if np.isfinite(w) else math.nan
    valid, warns = assess(model, adhesion_ratio=ratio, tabor=mu,
                          depth_to_radius=dmax / radius if np.isfinite(radius) else math.nan,
                          limits=lim)
    return AfmFit(
        model=model, segment=seg, tip=tip, poisson_ratio=float(poisson_ratio),
        youngs_modulus_Pa=float(core.youngs_modulus_Pa[0]), reduced_modulus_Pa=e_red,
        contact_point_m=cp, adhesion_force_N=f_adh, pulloff_force_N=pulloff,
        max_force_N=fmax, max_indentation_m=dmax,
        rms_residual_N=float(core.rms_residual_N[0]), r_squared=float(core.r_squared[0]),
        work_of_adhesion_J_per_m2=w, tabor_parameter=mu, adhesion_ratio=ratio,
        valid=valid, warnings=warns, window=window_used,
        baseline_mode=baseline, baseline_offset_N=float(prep.baseline_offset_N[0]),
        baseline_slope_N_per_m=float(prep.baseline_slope_N_per_m[0]),
        noise_N=float(prep.noise_N[0]), tip_m=x, force_N=f, window_mask=mask, name=curve.name,
    )


def _pulloff(curve: ForceCurve, seg: str, prep: PreparedBatch, baseline: str) -> float:
    """Measured pull-off force (−min of the corrected retract), N; NaN without a retract."""
    if seg == "retract":
        return float(max(-prep.min_force_N[0], 0.0))
    if not curve.has_segment("retract"):
        return math.nan
    z, f = far_to_near(*curve.segment_data("retract"), "retract")
    try:
        p = prepare_batch(z, f, curve.spring_constant_N_per_m, baseline=baseline,
                          contact="pulloff")
    except (FitError, InputError):
        return math.nan
    return float(max(-p.min_force_N[0], 0.0))


def _fit_jkr(z, fr, k, tip, nu, baseline, win, e_tip, nu_tip) -> BatchFit:  # type: ignore[no-untyped-def]
    """JKR fit of one far → near segment (scipy least_squares on E*, F_c, s_c)."""
    from scipy.optimize import least_squares

    dmt = fit_batch(z[None, :], fr[None, :], k, "dmt", tip, nu, baseline=baseline, window=win,
                    adhesion="fit", tip_modulus_Pa=e_tip, tip_poisson_ratio=nu_tip)
    prep, mask = dmt.prepared, dmt.mask
    x, f = prep.tip_m[0][mask[0]], prep.force_N[0][mask[0]]
    if x.size < 5:
        return dmt
    R = tip.radius_m
    e0 = dmt.reduced_modulus_Pa[0]
    if not np.isfinite(e0) or e0 <= 0:
        raise FitError("could not start the JKR fit (the DMT start value failed); check the window")
    pull = max(-float(prep.min_force_N[0]), 1e-3 * float(np.ptp(f)))
    fc0 = pull  # the retract minimum of a JKR curve is −F_c (reached before the jump-off)
    cp0 = float(dmt.contact_point_m[0])
    L = float(np.ptp(x)) or 1.0
    fs = float(np.max(np.abs(f))) or 1.0

    def resid(th: np.ndarray) -> np.ndarray:
        e, fc, cp = math.exp(th[0]) * e0, math.exp(th[1]) * fc0, cp0 + th[2] * L
        return (models.jkr_force(x - cp, e, R, fc) - f) / fs

    sol = least_squares(resid, np.zeros(3), method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15,
                        max_nfev=4000)
    e_red = math.exp(sol.x[0]) * e0
    fc = math.exp(sol.x[1]) * fc0
    cp = cp0 + sol.x[2] * L
    r = sol.fun * fs
    sse = float(r @ r)
    sst = float(((f - f.mean()) ** 2).sum())
    ok = bool(sol.success) and e_red > 0
    e = _youngs(np.array([e_red]), nu, e_tip, nu_tip)
    return BatchFit(
        reduced_modulus_Pa=np.array([e_red if ok else np.nan]),
        youngs_modulus_Pa=np.where(ok, e, np.nan),
        contact_point_m=np.array([cp]),
        adhesion_force_N=np.array([fc]),
        rms_residual_N=np.array([math.sqrt(sse / x.size)]),
        r_squared=np.array([1.0 - sse / sst if sst > 0 else np.nan]),
        n_points=np.array([x.size]),
        converged=np.array([ok]),
        mask=mask,
        prepared=prep,
    )
