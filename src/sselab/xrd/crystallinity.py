"""Crystallinity index: Bragg-peak area over the total scattered intensity.

    CI = A_Bragg / (A_Bragg + A_amorphous)

where both areas are integrated over the analysed 2θ range *above the
instrumental background* (air and sample-holder/Kapton scatter, Compton and
fluorescence background).  This is the area-ratio ("Hermans–Weidinger" or
Ruland-type without disorder correction) index; it equals the crystalline
*mass* fraction only if crystalline and amorphous parts scatter equally per
unit mass over the range, and it says nothing about crystallites too small
to give Bragg peaks.

Instrumental background.  Separating a broad halo from a smooth background
is ambiguous without extra information, so the best input is a *measured
blank* (empty holder with the same Kapton film, same counting time) passed as
``background=array``; the fit then scales it and adds a constant.  Without a
blank the background is a SNIP baseline with a window wider than the halos
(``background="snip"``), a line through the end regions (``"linear"``) or
nothing (``"none"``), and the fit refines it as a Chebyshev polynomial; a
steeply curved background (strong air scatter at low angle) then leaks into
the halo — crop the range or measure a blank.

Two methods separate Bragg peaks from halos:

``"envelope"`` (model-free)
    The amorphous part is the rolling-opening lower envelope
    (:func:`sselab.xrd.background.rolling_opening`) of the background-corrected
    pattern with a half-window of a few Bragg widths (``bragg_window_deg``); the
    crystalline part is the rest.  Fast, but the far tails of Bragg peaks and the
    halo tops are mis-assigned, so CI is only approximate.

``"fit"`` (default)
    Starts from the envelope decomposition and fits the whole profile by
    Poisson-weighted least squares: background (scaled blank + constant, or
    Chebyshev polynomial of ``background_degree``), amorphous halos (pseudo-Voigt;
    their number found from the envelope or given by ``n_halos``) and one
    pseudo-Voigt per Bragg peak found (common η).  Areas come from the fitted
    components integrated over the range, tails included.  Weak reflections that
    the peak search does not find end up partly in the halos: CI is biased low by
    roughly their share of the Bragg area.

Example
-------
>>> from sselab.xrd.synthetic import synthetic_pattern
>>> import numpy as np
>>> s = synthetic_pattern(crystalline_fraction=0.3, rng=np.random.default_rng(1))
>>> r = crystallinity_index(s.pattern, background=s.blank)   # blank = measured background
>>> abs(r.crystallinity - s.crystalline_fraction) < 0.02
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sselab.errors import FitError, InputError
from sselab.xrd.background import moving_average, noise_sigma, rolling_opening, snip
from sselab.xrd.pattern import XRDPattern
from sselab.xrd.profiles import pseudo_voigt, pseudo_voigt_with_derivatives


@dataclass(frozen=True)
class FittedPeak:
    """A Bragg peak or amorphous halo of the decomposition."""

    kind: str  # "bragg" | "halo"
    center_deg: float
    fwhm_deg: float
    area: float
    eta: float


@dataclass(frozen=True)
class CrystallinityResult:
    """Decomposition of a pattern into background, amorphous and crystalline parts.

    Attributes
    ----------
    crystallinity : float
        A_Bragg / (A_Bragg + A_amorphous), 0 … 1.
    crystalline_area, amorphous_area : float
        Integrated over the analysed range (intensity × degrees).
    method : str
        "fit" or "envelope".
    two_theta_deg, background, amorphous, crystalline : ndarray
        Analysed grid and the three components (crystalline from the data for
        "envelope", from the model for "fit").
    model : ndarray or None
        Fitted total for "fit".
    peaks : tuple of FittedPeak
        Bragg peaks and halos ("fit"; for "envelope" the peaks found, areas measured).
    reduced_chi2 : float
        Weighted χ²/(n − p) of the fit (NaN for "envelope").
    warnings : tuple of str
    """

    crystallinity: float
    crystalline_area: float
    amorphous_area: float
    method: str
    two_theta_deg: np.ndarray
    background: np.ndarray
    amorphous: np.ndarray
    crystalline: np.ndarray
    model: np.ndarray | None = None
    peaks: tuple[FittedPeak, ...] = ()
    reduced_chi2: float = float("nan")
    warnings: tuple[str, ...] = ()
    options: dict = field(default_factory=dict)

    @property
    def crystallinity_percent(self) -> float:
        """Crystallinity index in percent."""
        return 100.0 * self.crystallinity

    @property
    def bragg_peaks(self) -> tuple[FittedPeak, ...]:
        """Bragg peaks only."""
        return tuple(p for p in self.peaks if p.kind == "bragg")

    @property
    def halos(self) -> tuple[FittedPeak, ...]:
        """Amorphous halos only."""
        return tuple(p for p in self.peaks if p.kind == "halo")

    def as_dict(self) -> dict:
        """Scalars and peaks for JSON (no arrays)."""
        return {
            "crystallinity_percent": self.crystallinity_percent,
            "crystalline_area": self.crystalline_area,
            "amorphous_area": self.amorphous_area,
            "method": self.method,
            "two_theta_range_deg": [float(self.two_theta_deg[0]), float(self.two_theta_deg[-1])],
            "reduced_chi2": self.reduced_chi2,
            "bragg_peaks": [dict(vars(p)) for p in self.bragg_peaks],
            "halos": [dict(vars(p)) for p in self.halos],
            "warnings": list(self.warnings),
            "options": dict(self.options),
        }


# --------------------------------------------------------------------------- helpers
def _points(width_deg: float, step: float, name: str) -> int:
    if not (np.isfinite(width_deg) and width_deg > 0):
        raise InputError(f"{name} must be > 0°, got {width_deg}")
    return max(1, int(round(width_deg / step)))


def _instrument_background(x: np.ndarray, ys: np.ndarray, background: str | np.ndarray,
                           window_deg: float, step: float) -> np.ndarray:
    if isinstance(background, str):
        kind = background.lower()
        if kind == "snip":
            return snip(ys, _points(window_deg, step, "background window"))
        if kind == "none":
            return np.zeros_like(ys)
        if kind == "linear":
            n = max(3, int(0.03 * ys.size))
            x0, x1 = x[:n].mean(), x[-n:].mean()
            y0, y1 = np.percentile(ys[:n], 20), np.percentile(ys[-n:], 20)
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
        raise InputError(f"unknown background {background!r}; use snip, linear, none or an array")
    arr = np.asarray(background, dtype=float)
    if arr.shape != ys.shape:
        raise InputError(f"background array has {arr.size} points, the pattern {ys.size}; "
                         "measure the blank on the same 2θ grid (or resample it)")
    if not np.all(np.isfinite(arr)):
        raise InputError("background array contains NaN or inf")
    return arr


def _crop_background(pattern: XRDPattern, background, rng_deg):
    if isinstance(background, str) or rng_deg is None:
        return background
    arr = np.asarray(background, dtype=float)
    if arr.shape != pattern.intensity.shape:
        raise InputError(f"background array has {arr.size} points, the pattern "
                         f"{pattern.n_points}; measure the blank on the same 2θ grid")
    lo, hi = rng_deg
    m = (pattern.two_theta_deg >= lo) & (pattern.two_theta_deg <= hi)
    return arr[m]


# --------------------------------------------------------------------------- public API
def crystallinity_index(pattern: XRDPattern, *, method: str = "fit",
                        two_theta_range_deg: tuple[float, float] | None = None,
                        background: str | np.ndarray = "snip",
                        background_window_deg: float = 15.0, background_degree: int = 3,
                        bragg_window_deg: float = 2.5, max_bragg_fwhm_deg: float = 2.0,
                        min_halo_fwhm_deg: float = 4.0, n_halos: int | None = None,
                        snr: float = 4.0, smooth_points: int = 5,
                        max_peaks: int = 40, fit_rounds: int = 2) -> CrystallinityResult:
    """Crystallinity index of ``pattern`` (see the module docstring for the methods).

    Parameters
    ----------
    method : {"fit", "envelope"}
    two_theta_range_deg : (lo, hi), optional
        Range analysed (default: the whole pattern).
    background : "snip" | "linear" | "none" | array
        Instrumental background; an array is a measured blank on the pattern's grid.
    background_window_deg : float
        SNIP half-window for ``background="snip"``; must exceed the halo widths.
    background_degree : int
        Chebyshev degree of the fitted background when no blank is given.
    bragg_window_deg : float
        Half-window of the rolling opening separating Bragg peaks (narrower) from halos.
    max_bragg_fwhm_deg, min_halo_fwhm_deg : float
        Width limits that keep Bragg peaks and halos apart in the fit.
    n_halos : int, optional
        Number of halos to fit (default: found from the envelope, 1–3).
    snr : float
        Peak-detection threshold in units of the noise σ.
    smooth_points : int
        Moving-average width used for the envelope steps (the fit uses the raw data).
    max_peaks : int
        At most this many Bragg peaks are fitted.
    fit_rounds : int
        How many times peaks left in the fit residual are added and the fit repeated.
    """
    if not isinstance(pattern, XRDPattern):
        raise InputError("crystallinity_index needs an XRDPattern")
    m = str(method).lower()
    if m not in ("fit", "envelope"):
        raise InputError(f"unknown crystallinity method {method!r}; use fit or envelope")
    background = _crop_background(pattern, background, two_theta_range_deg)
    p = pattern.crop(*two_theta_range_deg) if two_theta_range_deg else pattern
    if p.n_points < 50:
        raise InputError(f"pattern has {p.n_points} points; a crystallinity index needs ≥ 50")
    opts = {"method": m, "background": background if isinstance(background, str) else "blank",
            "background_window_deg": background_window_deg,
            "background_degree": background_degree, "bragg_window_deg": bragg_window_deg,
            "max_bragg_fwhm_deg": max_bragg_fwhm_deg, "min_halo_fwhm_deg": min_halo_fwhm_deg,
            "snr": snr}
    x, y = p.two_theta_deg, p.intensity
    step = p.step_deg
    ys = moving_average(y, smooth_points)
    bg = _instrument_background(x, ys, background, background_window_deg, step)
    amorph = np.clip(rolling_opening(ys - bg, _points(bragg_window_deg, step, "Bragg window")),
                     0.0, None)
    cryst = (y - bg) - amorph
    from sselab.xrd.peaks import find_peaks

    sigma = max(noise_sigma(y), 1e-12 * max(float(np.ptp(y)), 1e-300))
    found = find_peaks(x, moving_average(cryst, 3), prominence=snr * sigma,
                       max_fwhm_deg=max_bragg_fwhm_deg,
                       wavelength_angstrom=p.wavelength_angstrom)[:max_peaks]
    ca = float(np.trapezoid(cryst, x))
    aa = float(np.trapezoid(amorph, x))
    if max(ca, 0.0) + max(aa, 0.0) <= 0:
        raise FitError("no scattering above the background: nothing to measure a crystallinity of")
    if m == "envelope":
        peaks = tuple(FittedPeak("bragg", pk.position_deg, pk.fwhm_deg, pk.area, float("nan"))
                      for pk in found)
        ca, aa = max(ca, 0.0), max(aa, 0.0)
        return CrystallinityResult(ca / (ca + aa), ca, aa, "envelope", x, bg, amorph, cryst,
                                   None, peaks, float("nan"), (), opts)
    blank = None if isinstance(background, str) else bg
    return _fit(p, ys, bg, amorph, found, blank=blank, background_degree=background_degree,
                max_bragg_fwhm_deg=max_bragg_fwhm_deg, min_halo_fwhm_deg=min_halo_fwhm_deg,
                n_halos=n_halos, options=opts, snr=snr, max_peaks=max_peaks,
                rounds=fit_rounds)


def _halo_guesses(x: np.ndarray, amorph: np.ndarray, min_fwhm: float,
                  n: int | None) -> list[tuple[float, float, float]]:
    from scipy.signal import find_peaks as sp_find
    from scipy.signal import peak_widths

    step = float(np.median(np.diff(x)))
    sm = moving_average(amorph, max(3, int(1.0 / step)))
    top = float(sm.max())
    if n is not None and n < 1:
        raise InputError(f"n_halos must be ≥ 1, got {n}")
    if top <= 0:
        return [(float(x[np.argmax(amorph)]), max(2 * min_fwhm, 8.0), 1e-9)]
    idx, _ = sp_find(sm, prominence=0.1 * top)
    if idx.size == 0:
        idx = np.array([int(np.argmax(sm))])
    widths = peak_widths(sm, idx, rel_height=0.5)[0] * step
    order = np.argsort(-sm[idx])[: (n or 3)]
    out = []
    for j in order:
        w = float(np.clip(widths[j], 1.2 * min_fwhm, np.ptp(x)))
        out.append((float(x[idx[j]]), w, float(sm[idx[j]] * w * 1.1)))
    while n and len(out) < n:  # more halos asked for than seen: spread the rest
        c = x[0] + (len(out) + 0.5) * np.ptp(x) / n
        out.append((float(c), max(2 * min_fwhm, 8.0), 0.1 * top * 8.0))
    return out


def _single_thread_blas():
    """Limit BLAS to one thread while fitting: the SVDs here are small (≈ 4000 × 100), and a
    multi-threaded BLAS on a busy 2-core machine was measured 30–70× slower than one thread."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional speed-up
        import contextlib

        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _reference_width(found, step: float, max_fwhm: float):
    """w(2θ) = w0 / cos θ with w0 the median of FWHM·cos θ of the peaks found (Scherrer-like)."""
    if not found:
        return lambda tt: np.full_like(np.asarray(tt, float), min(10 * step, 0.5 * max_fwhm))
    w0 = float(np.median([pk.fwhm_deg * np.cos(np.radians(pk.position_deg) / 2) for pk in found]))
    w0 = max(w0, 2 * step)
    return lambda tt: np.minimum(w0 / np.cos(np.radians(np.asarray(tt, float)) / 2), max_fwhm)


def _fit(p: XRDPattern, ys: np.ndarray, bg0: np.ndarray, amorph: np.ndarray, found, *,
         blank: np.ndarray | None, background_degree: int, max_bragg_fwhm_deg: float,
         min_halo_fwhm_deg: float, n_halos: int | None, options: dict, snr: float,
         max_peaks: int, rounds: int = 3) -> CrystallinityResult:
    """Profile fit; after each fit, peaks left in the residual are added (``rounds`` times)."""
    from scipy.optimize import least_squares

    from sselab.xrd.peaks import find_peaks

    x, y = p.two_theta_deg, p.intensity
    step = p.step_deg
    t = (x - 0.5 * (x[0] + x[-1])) / (0.5 * np.ptp(x))
    if blank is not None:  # scaled blank + constant
        lin = np.column_stack([blank, np.ones_like(x)])
        c0 = np.array([1.0, 0.0])
    else:
        deg = int(background_degree)
        if not 0 <= deg <= 8:
            raise InputError(f"background degree must be 0 … 8, got {background_degree}")
        lin = np.polynomial.chebyshev.chebvander(t, deg)
        c0 = np.linalg.lstsq(lin, bg0, rcond=None)[0]
    nb = lin.shape[1]
    wref = _reference_width(found, step, max_bragg_fwhm_deg)
    halos = _halo_guesses(x, amorph, min_halo_fwhm_deg, n_halos)
    bragg = [(pk.position_deg, float(wref(pk.position_deg)), max(pk.area, 1e-9) * 1.3)
             for pk in found]
    sigma = (np.sqrt(np.maximum(ys, 1.0)) if p.intensity_unit == "counts"
             else np.full_like(y, max(noise_sigma(y), 1e-12)))
    q_prev = np.concatenate([c0, [0.5, 0.3]])
    sol = None
    for rnd in range(rounds + 1):
        p0 = list(q_prev[: nb + 2])
        lo = [-np.inf] * nb + [0.0, 0.0]
        hi = [np.inf] * nb + [1.0, 1.0]
        for c, w, a in bragg:
            wr = float(wref(c))
            p0 += [c, w, a]
            lo += [c - max(wr, 2 * step), max(0.5 * wr, step), 0.0]
            hi += [c + max(wr, 2 * step), min(2.0 * wr, max_bragg_fwhm_deg), np.inf]
        for c, w, a in halos:
            p0 += [c, w, a]
            lo += [x[0] - 10.0, min_halo_fwhm_deg, 0.0]
            hi += [x[-1] + 10.0, 3.0 * np.ptp(x), np.inf]
        lo_a, hi_a = np.array(lo), np.array(hi)
        span = np.where(np.isfinite(hi_a - lo_a), hi_a - lo_a, 1.0)
        p0 = np.clip(np.array(p0, float),
                     np.where(np.isfinite(lo_a), lo_a + 1e-6 * span, -np.inf),
                     np.where(np.isfinite(hi_a), hi_a - 1e-6 * span, np.inf))
        nbr, nh = len(bragg), len(halos)

        memo: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}

        def model_and_jac(q: np.ndarray, nbr: int = nbr, nh: int = nh,
                          memo: dict = memo) -> tuple[np.ndarray, np.ndarray]:
            key = q.tobytes()
            if key in memo:
                return memo[key]
            npk = nbr + nh
            pk = q[nb + 2: nb + 2 + 3 * npk].reshape(npk, 3)
            eta = np.where(np.arange(npk) < nbr, q[nb], q[nb + 1])[:, None]
            v, dc, dw, da, de = pseudo_voigt_with_derivatives(
                x[None, :], pk[:, 0:1], pk[:, 1:2], pk[:, 2:3], eta)
            J = np.empty((x.size, q.size))
            J[:, :nb] = lin
            J[:, nb] = de[:nbr].sum(axis=0)
            J[:, nb + 1] = de[nbr:].sum(axis=0)
            J[:, nb + 2::3] = dc.T
            J[:, nb + 3::3] = dw.T
            J[:, nb + 4::3] = da.T
            out = (lin @ q[:nb] + v.sum(axis=0), J)
            memo.clear()
            memo[key] = out
            return out

        try:
            with _single_thread_blas():
                sol = least_squares(lambda q: (model_and_jac(q)[0] - y) / sigma, p0,
                                    jac=lambda q: model_and_jac(q)[1] / sigma[:, None],
                                    bounds=(lo_a, hi_a), method="trf", x_scale="jac",
                                    max_nfev=100, xtol=1e-6, ftol=1e-7)
        except ValueError as exc:  # pragma: no cover - defensive
            raise FitError(f"crystallinity profile fit failed: {exc}") from None
        q = sol.x
        q_prev = q
        bragg = [tuple(q[nb + 2 + 3 * k: nb + 5 + 3 * k]) for k in range(nbr)]
        halos = [tuple(q[nb + 2 + 3 * (nbr + k): nb + 5 + 3 * (nbr + k)]) for k in range(nh)]
        if rnd == rounds or len(bragg) >= max_peaks:
            break
        resid = y - model_and_jac(q)[0]
        new = find_peaks(x, moving_average(resid, 5), prominence=snr * float(np.median(sigma)),
                         max_fwhm_deg=max_bragg_fwhm_deg)
        new = [pk for pk in new
               if all(abs(pk.position_deg - b[0]) > 0.5 * wref(b[0]) for b in bragg)]
        if not new:
            break
        for pk in new[: max_peaks - len(bragg)]:
            bragg.append((pk.position_deg, float(wref(pk.position_deg)),
                          max(pk.area, 1e-9)))
    assert sol is not None
    q = sol.x
    nbr, nh = len(bragg), len(halos)
    background = lin @ q[:nb]
    cryst = np.zeros_like(y)
    am = np.zeros_like(y)
    peaks = []
    for k in range(nbr + nh):
        c, w, a = q[nb + 2 + 3 * k: nb + 5 + 3 * k]
        e = q[nb] if k < nbr else q[nb + 1]
        v = pseudo_voigt(x, c, w, a, e)
        kind = "bragg" if k < nbr else "halo"
        if kind == "bragg":
            cryst += v
        else:
            am += v
        peaks.append(FittedPeak(kind, float(c), float(w), float(a), float(e)))
    ca = float(np.trapezoid(cryst, x))
    aa = float(np.trapezoid(am, x))
    chi2 = float(np.sum(sol.fun ** 2) / max(1, x.size - q.size))
    warns = []
    if sol.status == 0:
        warns.append("profile fit stopped at the evaluation limit; the result may be rough")
    if ca + aa <= 0:
        raise FitError("the fitted Bragg and halo areas are both zero")
    return CrystallinityResult(ca / (ca + aa), ca, aa, "fit", x, background, am, cryst,
                               background + cryst + am, tuple(peaks), chi2, tuple(warns),
                               options)
