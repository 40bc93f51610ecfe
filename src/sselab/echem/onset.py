"""Onset potential of a faradaic current on one voltammetric sweep, two ways.

Tangent intersection
    A straight line is fitted to the *baseline* (the electrochemically quiet start of
    the sweep, where only capacitive and leakage currents flow) and another, the
    *tangent*, to the steep part of the rise, i.e. the points whose baseline-corrected
    current lies between ``rise_fraction[0]`` and ``rise_fraction[1]`` of its maximum
    in the sweep.  The onset is where the two lines cross:

    .. math:: E_\\text{on} = (b_\\text{base} - b_\\text{tan}) / (m_\\text{tan} - m_\\text{base})

    with slopes *m* and intercepts *b* of i(E).  Its standard error is propagated from
    both fits' covariance matrices (delta method).  This is the construction most
    solid-electrolyte papers draw by hand on LSV curves.

Current (density) threshold
    The onset is the first potential from which the baseline-corrected current, in the
    faradaic direction, stays at or above a threshold (``persist_points`` consecutive
    points, so a single noise spike does not count), interpolated linearly between the
    bracketing points.  With an electrode area the threshold is a current density.

Isolated spikes (points more than 8 robust standard deviations from a running median,
e.g. current-range switching glitches) are left out of both fits and of the threshold
search; their number is :attr:`SweepOnsets.n_spikes`.

The two definitions answer different questions and give different numbers on the same
curve (the threshold onset depends on the threshold and the electrode area; the tangent
onset on the chosen rise window); results always state the method and its settings.

Automatic baseline window
    Let Δ be the faradaic excursion of the (Savitzky–Golay smoothed) current from the
    sweep start to its end.  The baseline runs from 5 % of the swept range after the
    start (skipping the start-up charging transient) over the first 70 % of the stretch
    before the current has risen by 5 % of Δ.  Give ``baseline_window_V`` when the
    sweep does not start in a quiet region (e.g. a CV segment starting at a vertex).

The faradaic direction (sign of the current rise) is taken from the data, so files with
either current-sign convention give the same onsets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sselab.errors import InputError

#: Smallest number of points in a sweep that the onset analysis accepts.
MIN_POINTS = 20
_BASELINE_RISE_FRACTION = 0.05
_BASELINE_KEEP = 0.7
_START_SKIP = 0.05
_REFINE = 5


@dataclass(frozen=True)
class Line:
    """A least-squares line i = slope·E + intercept with its covariance.

    Attributes
    ----------
    slope_A_per_V, intercept_A : float
        Fitted slope (A V⁻¹) and intercept (A, at E = 0 V).
    covariance : tuple of tuple of float
        2×2 covariance of (slope, intercept).
    potential_range_V : tuple of float
        (min, max) potential of the fitted points, V.
    n_points : int
    r_squared : float
    """

    slope_A_per_V: float
    intercept_A: float
    covariance: tuple[tuple[float, float], tuple[float, float]]
    potential_range_V: tuple[float, float]
    n_points: int
    r_squared: float

    def __call__(self, potential_V: np.ndarray | float) -> np.ndarray | float:
        return self.slope_A_per_V * np.asarray(potential_V, dtype=float) + self.intercept_A


def fit_line(potential_V: np.ndarray, current_A: np.ndarray) -> Line:
    """Ordinary least squares of current on potential (≥ 3 points, distinct potentials)."""
    x = np.asarray(potential_V, dtype=float)
    y = np.asarray(current_A, dtype=float)
    n = x.size
    if n < 3 or np.ptp(x) == 0:
        raise InputError("a line fit needs at least 3 points at distinct potentials")
    xm, ym = x.mean(), y.mean()
    sxx = float(np.sum((x - xm) ** 2))
    slope = float(np.sum((x - xm) * (y - ym)) / sxx)
    icpt = float(ym - slope * xm)
    res = y - (slope * x + icpt)
    s2 = float(np.sum(res ** 2) / (n - 2))
    var_m = s2 / sxx
    var_b = s2 * (1.0 / n + xm ** 2 / sxx)
    cov_mb = -xm * s2 / sxx
    sst = float(np.sum((y - ym) ** 2))
    r2 = 1.0 - float(np.sum(res ** 2)) / sst if sst > 0 else 1.0
    return Line(slope, icpt, ((var_m, cov_mb), (cov_mb, var_b)),
                (float(x.min()), float(x.max())), int(n), r2)


@dataclass(frozen=True)
class TangentOnset:
    """Onset by tangent intersection (see the module docstring).

    ``potential_V`` is NaN when ``detected`` is False; ``reason`` then says why.
    """

    detected: bool
    potential_V: float
    stderr_V: float
    baseline: Line | None
    tangent: Line | None
    rise_fraction: tuple[float, float]
    baseline_auto: bool
    reason: str = ""

    method = "tangent intersection"

    @property
    def description(self) -> str:
        """How the onset was constructed, in words."""
        base = "automatic baseline window" if self.baseline_auto else "given baseline window"
        lo, hi = self.rise_fraction
        return (f"intersection of a line fitted to the baseline ({base}) with a line fitted "
                f"to the rise between {100 * lo:g} % and {100 * hi:g} % of the maximum "
                "baseline-corrected current")


@dataclass(frozen=True)
class ThresholdOnset:
    """Onset by a current (density) threshold (see the module docstring)."""

    detected: bool
    potential_V: float
    threshold_A: float
    threshold_A_per_m2: float | None
    baseline_corrected: bool
    persist_points: int
    reason: str = ""

    method = "current threshold"

    @property
    def description(self) -> str:
        """How the onset was found, in words."""
        if self.threshold_A_per_m2 is not None:
            what = (f"{self.threshold_A_per_m2 * 0.1 * 1e3:g} µA cm⁻² "
                    f"(= {self.threshold_A:.4g} A for the electrode area)")
        else:
            what = f"{self.threshold_A:.4g} A"
        corr = "baseline-corrected current" if self.baseline_corrected else "raw current"
        return (f"first potential from which the {corr} stays ≥ {what} for "
                f"{self.persist_points} consecutive points, interpolated linearly")


@dataclass(frozen=True)
class SweepOnsets:
    """Both onsets of one sweep, with what was decided about the sweep.

    Attributes
    ----------
    direction : int
        +1 anodic sweep (an oxidation onset), −1 cathodic sweep (a reduction onset).
    faradaic_sign : int
        Sign of the current rise in the file's convention (+1, −1; 0 if flat).
    tangent, threshold : TangentOnset, ThresholdOnset or None
        ``threshold`` is None when no threshold could be set (no area and no current
        threshold given).
    noise_A : float
        Robust standard deviation of the baseline residuals, A.
    excursion_A : float
        Baseline-corrected faradaic current at the end of the sweep, A (≥ 0).
    n_spikes : int
        Isolated spikes left out of the fits and the threshold search.
    potential_range_V : tuple of float
        (start, end) potential of the sweep, V.
    """

    direction: int
    faradaic_sign: int
    tangent: TangentOnset
    threshold: ThresholdOnset | None
    noise_A: float
    excursion_A: float
    potential_range_V: tuple[float, float]
    n_points: int
    n_spikes: int = 0

    @property
    def process(self) -> str:
        """``"oxidation"`` (anodic sweep) or ``"reduction"`` (cathodic sweep)."""
        return "oxidation" if self.direction > 0 else "reduction"


def _smooth(y: np.ndarray) -> np.ndarray:
    """Running median (odd window ≈ 1 % of the points, 5–51): removes isolated spikes and,
    on a monotonic stretch, returns the centre value itself (no bias on a rising curve)."""
    n = y.size
    w = min(51, max(5, (n // 100) | 1))
    if n < w + 2:
        return y.copy()
    from scipy.ndimage import median_filter

    return median_filter(y, size=w, mode="nearest")


def _spikes(i: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Points further than 8 robust standard deviations from the running median."""
    r = i - ys
    mad = float(np.median(np.abs(r - np.median(r))))
    if mad == 0.0:
        return np.zeros(i.size, dtype=bool)
    return np.abs(r) > 8.0 * 1.4826 * mad


def _check(e: np.ndarray, i: np.ndarray) -> None:
    if e.size != i.size:
        raise InputError(f"potential and current differ in length: {e.size} vs {i.size}")
    if e.size < MIN_POINTS:
        raise InputError(f"a sweep needs at least {MIN_POINTS} points for an onset; got {e.size}")
    for name, a in (("potential", e), ("current", i)):
        if not np.all(np.isfinite(a)):
            k = int(np.flatnonzero(~np.isfinite(a))[0])
            raise InputError(f"{name} is not finite at point {k} of the sweep")


def _baseline_mask(x: np.ndarray, y_rel: np.ndarray, delta: float, e: np.ndarray,
                   window_V: tuple[float, float] | None) -> tuple[np.ndarray, str]:
    if window_V is not None:
        lo, hi = sorted(float(v) for v in window_V)
        m = (e >= lo) & (e <= hi)
        return m, "" if m.sum() >= 5 else (
            f"the baseline window {lo:g}–{hi:g} V holds {int(m.sum())} points (need ≥ 5)")
    x0 = x[0]
    span = x[-1] - x0
    start = x0 + _START_SKIP * span
    # the first point from which the rise stays above 5 % of the excursion (noise in a flat
    # baseline may cross it briefly)
    ok = y_rel > _BASELINE_RISE_FRACTION * delta
    later_low = np.flip(np.maximum.accumulate(np.flip(~ok)))
    above = np.flatnonzero(ok & ~later_low & (x > start))
    if above.size == 0:
        return np.zeros(x.size, bool), "the current never leaves the start level"
    x_rise = x[above[0]]
    end = start + _BASELINE_KEEP * (x_rise - start)
    m = (x >= start) & (x <= end) & (np.arange(x.size) < above[0])
    if m.sum() < 5:
        return m, ("the current rises from the start of the sweep, leaving no quiet baseline; "
                   "give baseline_window_V")
    return m, ""


def analyse_sweep(potential_V: np.ndarray, current_A: np.ndarray, *, direction: int | None = None,
                  area_m2: float | None = None, threshold_A_per_m2: float | None = 0.01,
                  threshold_A: float | None = None,
                  baseline_window_V: tuple[float, float] | None = None,
                  rise_fraction: tuple[float, float] = (0.4, 0.9),
                  threshold_baseline: bool = True, persist_points: int | None = None,
                  min_excursion_noise: float = 10.0) -> SweepOnsets:
    """Tangent-intersection and threshold onsets of one monotonic sweep.

    Parameters
    ----------
    potential_V, current_A : array of float
        The sweep in record order, V and A.  Potentials may already be referred to
        Li/Li⁺; the onsets come out on the same scale.
    direction : {+1, −1}, optional
        Sweep direction (default: from the end points).
    area_m2 : float, optional
        Electrode area, m²; with it the threshold is ``threshold_A_per_m2``
        (default 0.01 A m⁻² = 1 µA cm⁻²).
    threshold_A : float, optional
        Current threshold, A; used when no area is given (or to override the density).
    baseline_window_V : (float, float), optional
        Potential range of the baseline fit, V (default: automatic).
    rise_fraction : (float, float)
        Part of the rise the tangent is fitted to, as fractions of the maximum
        baseline-corrected current (0 < lo < hi ≤ 1).
    threshold_baseline : bool
        Apply the threshold to the baseline-corrected current (default) or the raw one.
    persist_points : int, optional
        Consecutive points that must stay above the threshold (default max(3, n/200)).
    min_excursion_noise : float
        A rise smaller than this many baseline noise standard deviations is "no onset".

    Returns
    -------
    SweepOnsets

    Raises
    ------
    InputError
        Too few points, non-finite values, bad fractions or thresholds.
    """
    e = np.asarray(potential_V, dtype=float).reshape(-1)
    i = np.asarray(current_A, dtype=float).reshape(-1)
    _check(e, i)
    lo_f, hi_f = (float(v) for v in rise_fraction)
    if not (0.0 < lo_f < hi_f <= 1.0):
        raise InputError(f"rise_fraction must satisfy 0 < lo < hi ≤ 1; got {rise_fraction!r}")
    d = int(direction) if direction is not None else (1 if e[-1] >= e[0] else -1)
    if d not in (1, -1):
        raise InputError(f"direction must be +1 or −1; got {direction!r}")
    if area_m2 is not None and not (math.isfinite(area_m2) and area_m2 > 0):
        raise InputError(f"area_m2 must be a positive, finite number; got {area_m2!r}")
    n = e.size
    persist = max(3, n // 200) if persist_points is None else int(persist_points)
    if persist < 1:
        raise InputError("persist_points must be ≥ 1")
    x = d * e
    ys = _smooth(i)
    spike = _spikes(i, ys)
    good = ~spike
    k0 = max(3, n // 10)
    k1 = max(3, n // 50)
    i_start = float(np.median(ys[:k0]))
    i_end = float(np.median(ys[-k1:]))
    sign = int(np.sign(i_end - i_start))
    rng = (float(e[0]), float(e[-1]))

    spec = _threshold_spec(area_m2, threshold_A_per_m2, threshold_A)

    def fail(reason: str) -> SweepOnsets:
        t = TangentOnset(False, math.nan, math.nan, None, None, (lo_f, hi_f),
                         baseline_window_V is None, reason)
        th = None if spec is None or not threshold_baseline else ThresholdOnset(
            False, math.nan, spec[0], spec[1], True, persist, f"no baseline: {reason}")
        if spec is not None and not threshold_baseline:
            th = _threshold(e, i, Line(0.0, 0.0, ((0.0, 0.0), (0.0, 0.0)), rng, 0, 1.0), sign,
                            spec, False, persist, 0, np.ones(n, dtype=bool))
        return SweepOnsets(d, sign, t, th, math.nan, 0.0, rng, n)

    if sign == 0:
        return fail("the current is flat over the sweep; no faradaic rise")
    delta = abs(i_end - i_start)
    mask, why = _baseline_mask(x, sign * (ys - i_start), delta, e, baseline_window_V)
    if why:
        return fail(why)
    mask &= good
    if mask.sum() < 5:
        return fail("fewer than 5 points in the baseline window after removing spikes")
    base = fit_line(e[mask], i[mask])
    if baseline_window_V is None:
        # refine: measure the rise from the fitted baseline instead of the start level, so a
        # sloping baseline (leakage) does not end the baseline window too early
        for _ in range(_REFINE):
            rel = sign * (ys - base(e))
            end_rel = float(np.median(rel[-k1:]))
            m2, why2 = _baseline_mask(x, rel, end_rel, e, None) if end_rel > 0 else (mask, "x")
            if why2 or np.array_equal(m2, mask):
                break
            mask = m2 & good
            if mask.sum() < 5:
                return fail("fewer than 5 points in the refined baseline window")
            base = fit_line(e[mask], i[mask])
    resid = i[mask] - base(e[mask])
    noise = float(1.4826 * np.median(np.abs(resid - np.median(resid))))
    if noise == 0.0:
        noise = float(np.std(resid))
    yc = sign * (ys - base(e))
    exc = float(np.median(yc[-k1:]))
    # threshold (independent of the tangent construction)
    thr = _threshold(e, i, base, sign, spec, threshold_baseline, persist,
                     int(np.flatnonzero(mask)[0]), good)
    if not exc > min_excursion_noise * max(noise, 1e-300):
        t = TangentOnset(False, math.nan, math.nan, base, None, (lo_f, hi_f),
                         baseline_window_V is None,
                         f"no faradaic rise above the baseline within the sweep (end excursion "
                         f"{exc:.3g} A ≤ {min_excursion_noise:g} × noise {noise:.3g} A): the "
                         "stability limit lies beyond the swept range")
        return SweepOnsets(d, sign, t, thr, noise, max(exc, 0.0), rng, n, int(spike.sum()))
    after = np.arange(n) > np.flatnonzero(mask)[-1]
    ymax = float(np.max(yc[after])) if after.any() else math.nan
    tangent = _tangent(e, i, yc, after, ymax, lo_f, hi_f, base, sign, d,
                       baseline_window_V is None, good)
    return SweepOnsets(d, sign, tangent, thr, noise, exc, rng, n, int(spike.sum()))


def _tangent(e: np.ndarray, i: np.ndarray, yc: np.ndarray, after: np.ndarray, ymax: float,
             lo_f: float, hi_f: float, base: Line, sign: int, d: int, auto: bool,
             good: np.ndarray) -> TangentOnset:
    def no(reason: str, tan: Line | None = None) -> TangentOnset:
        return TangentOnset(False, math.nan, math.nan, base, tan, (lo_f, hi_f), auto, reason)

    idx = np.flatnonzero(after)
    a_rel = np.flatnonzero(yc[idx] >= lo_f * ymax)
    if a_rel.size == 0:
        return no("no rise after the baseline window")
    a = idx[a_rel[0]]
    b_rel = np.flatnonzero((idx > a) & (yc[idx] >= hi_f * ymax))
    b = idx[b_rel[0]] if b_rel.size else idx[-1]
    sel = np.arange(a, b + 1)
    sel = sel[good[sel]]
    if sel.size < 3:
        return no(f"only {sel.size} points in the rise window {100 * lo_f:g}–{100 * hi_f:g} % of "
                  "the maximum; widen rise_fraction or record more points")
    tan = fit_line(e[sel], i[sel])
    dm = tan.slope_A_per_V - base.slope_A_per_V
    u_dm = math.sqrt(tan.covariance[0][0] + base.covariance[0][0])
    if not sign * d * dm > 3.0 * u_dm:
        return no("the fitted rise is not significantly steeper than the baseline (no change "
                  "of slope: a straight record has no onset)", tan)
    e_on = (base.intercept_A - tan.intercept_A) / dm
    g_b = np.array([e_on / dm, 1.0 / dm])
    g_t = np.array([-e_on / dm, -1.0 / dm])
    var = float(g_b @ np.array(base.covariance) @ g_b + g_t @ np.array(tan.covariance) @ g_t)
    lo, hi = min(e[0], e[-1]), max(e[0], e[-1])
    if not lo <= e_on <= hi:
        return no(f"the tangent meets the baseline at {e_on:.4g} V, outside the swept range "
                  f"{lo:.4g}–{hi:.4g} V", tan)
    return TangentOnset(True, float(e_on), math.sqrt(max(var, 0.0)), base, tan, (lo_f, hi_f), auto)


def _threshold_spec(area_m2: float | None, j_th: float | None,
                    i_th: float | None) -> tuple[float, float | None] | None:
    """(threshold in A, density in A m⁻² or None), or None when none can be set."""
    if i_th is not None:
        if not (math.isfinite(i_th) and i_th > 0):
            raise InputError(f"threshold_A must be a positive, finite number; got {i_th!r}")
        return float(i_th), None
    if area_m2 is not None and j_th is not None:
        if not (math.isfinite(j_th) and j_th > 0):
            raise InputError(f"threshold_A_per_m2 must be positive and finite; got {j_th!r}")
        return float(j_th) * area_m2, float(j_th)
    return None


def _threshold(e: np.ndarray, i: np.ndarray, base: Line, sign: int,
               spec: tuple[float, float | None] | None, corrected: bool, persist: int,
               first: int, good: np.ndarray) -> ThresholdOnset | None:
    if spec is None:
        return None
    thr_A, thr_j = spec
    y = sign * (i - base(e)) if corrected else sign * i
    above = (y >= thr_A) & good
    if persist > 1:
        run = np.convolve(above.astype(int), np.ones(persist, dtype=int), mode="valid")
        ok = np.flatnonzero(run == persist)
    else:
        ok = np.flatnonzero(above)
    ok = ok[ok > first]
    if ok.size == 0:
        return ThresholdOnset(False, math.nan, thr_A, thr_j, corrected, persist,
                              f"the current never stays above {thr_A:.4g} A within the sweep")
    k = int(ok[0])
    if y[k - 1] >= thr_A:
        return ThresholdOnset(False, math.nan, thr_A, thr_j, corrected, persist,
                              "the current is above the threshold from the start of the baseline")
    y0, y1 = y[k - 1], y[k]
    f = min(max((thr_A - y0) / (y1 - y0), 0.0), 1.0) if y1 != y0 else 1.0
    e_on = float(e[k - 1] + f * (e[k] - e[k - 1]))
    return ThresholdOnset(True, e_on, thr_A, thr_j, corrected, persist)
