"""Peak finding on a (background-subtracted) pattern: position, height, FWHM, area, d.

Peaks are local maxima whose prominence exceeds ``prominence`` (default
``snr`` × the robust noise σ of the signal).  The position is refined as the
intensity-weighted centroid of the points above half maximum, which is
unbiased for symmetric peaks and reaches a fraction of the step size.  The
FWHM is measured by linear interpolation at half height; the area is the
trapezoidal integral between the points where the peak falls to
``area_rel_height`` of its height (10 % by default), which misses the far
tails of Lorentzian-like peaks (use :mod:`sselab.xrd.crystallinity` fitting
when areas must be exact).

Example
-------
>>> import numpy as np
>>> from sselab.xrd.profiles import gaussian
>>> x = np.arange(20, 40, 0.02); y = gaussian(x, 30.0123, 0.2, 100.0)
>>> pk = find_peaks(x, y)[0]
>>> round(pk.position_deg, 3), round(pk.fwhm_deg, 2)
(30.012, 0.2)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sselab.errors import InputError
from sselab.xrd.background import noise_sigma


@dataclass(frozen=True)
class Peak:
    """One peak of a pattern.

    Attributes
    ----------
    position_deg : float
        Centroid of the part above half maximum, 2θ in degrees.
    height : float
        Maximum above the supplied baseline (intensity units).
    prominence : float
        Height above the higher of the two neighbouring minima.
    fwhm_deg : float
        Full width at half maximum in degrees.
    area : float
        Integrated intensity (intensity × degrees) between the 10 %-height points.
    d_spacing_angstrom : float
        λ / (2 sin θ) at the position, or NaN when no wavelength was given.
    index : int
        Index of the maximum in the input arrays.
    """

    position_deg: float
    height: float
    prominence: float
    fwhm_deg: float
    area: float
    d_spacing_angstrom: float
    index: int


def find_peaks(two_theta_deg: np.ndarray, intensity: np.ndarray, *,
               baseline: np.ndarray | None = None, prominence: float | None = None,
               snr: float = 5.0, min_distance_deg: float = 0.0,
               max_fwhm_deg: float | None = None, wavelength_angstrom: float | None = 1.5406,
               area_rel_height: float = 0.9) -> list[Peak]:
    """Peaks of ``intensity − baseline``, strongest first.

    Parameters
    ----------
    two_theta_deg, intensity : array
        The pattern (2θ increasing).
    baseline : array, optional
        Subtracted before peak search (e.g. a SNIP background).
    prominence : float, optional
        Minimum prominence; default ``snr`` × robust noise σ.
    min_distance_deg : float
        Minimum separation between reported peaks.
    max_fwhm_deg : float, optional
        Drop peaks broader than this (e.g. amorphous halos).
    wavelength_angstrom : float or None
        For ``d_spacing_angstrom``.
    area_rel_height : float
        Area limits, as in :func:`scipy.signal.peak_widths` (0.9 = where the peak is at 10 %).
    """
    from scipy.signal import find_peaks as _sp_find_peaks
    from scipy.signal import peak_widths

    x = np.asarray(two_theta_deg, dtype=float)
    y = np.asarray(intensity, dtype=float)
    if x.ndim != 1 or x.shape != y.shape or x.size < 3:
        raise InputError("2θ and intensity must be 1-D arrays of equal length ≥ 3")
    if np.any(np.diff(x) <= 0):
        raise InputError("2θ must be strictly increasing")
    s = y - (0.0 if baseline is None else np.asarray(baseline, dtype=float))
    if prominence is None:
        sigma = noise_sigma(s)
        prominence = snr * sigma if sigma > 0 else 1e-9 * max(float(np.ptp(s)), 1e-300)
    step = float(np.median(np.diff(x)))
    distance = max(1, int(round(min_distance_deg / step))) if min_distance_deg > 0 else None
    idx, props = _sp_find_peaks(s, prominence=prominence, distance=distance)
    if idx.size == 0:
        return []
    w_half = peak_widths(s, idx, rel_height=0.5, prominence_data=(
        props["prominences"], props["left_bases"], props["right_bases"]))
    w_base = peak_widths(s, idx, rel_height=area_rel_height, prominence_data=(
        props["prominences"], props["left_bases"], props["right_bases"]))
    grid = np.arange(x.size)
    out: list[Peak] = []
    for j, i in enumerate(idx):
        xl, xr = np.interp([w_half[2][j], w_half[3][j]], grid, x)
        fwhm = float(xr - xl)
        if max_fwhm_deg is not None and fwhm > max_fwhm_deg:
            continue
        half = s[i] - 0.5 * props["prominences"][j]
        lo = int(np.floor(w_half[2][j]))
        hi = int(np.ceil(w_half[3][j]))
        seg = slice(max(lo, 0), min(hi + 1, x.size))
        wts = np.clip(s[seg] - half, 0.0, None)
        pos = float(np.sum(wts * x[seg]) / np.sum(wts)) if np.sum(wts) > 0 else float(x[i])
        a0 = int(np.floor(w_base[2][j]))
        a1 = int(np.ceil(w_base[3][j]))
        base_level = s[i] - props["prominences"][j]
        segment = slice(max(a0, 0), min(a1 + 1, x.size))
        area = float(np.trapezoid(np.clip(s[segment] - max(base_level, 0.0), 0.0, None),
                                  x[segment]))
        d = (wavelength_angstrom / (2 * np.sin(np.radians(pos) / 2))
             if wavelength_angstrom else float("nan"))
        out.append(Peak(pos, float(s[i]), float(props["prominences"][j]), fwhm, area,
                        float(d), int(i)))
    out.sort(key=lambda p: -p.height)
    return out
