"""Where the unloads are, and where the surface is.

* :func:`find_unloads` — index ranges ``[start, stop)`` of every unload.  Vendor
  segment markers are used when the file has them; otherwise turning points
  of the load signal are found with a hysteresis (a peak counts only when the
  load then falls by more than ``max(2 % of P_max, 5 σ_noise)``).  The unload
  starts at the *end* of a peak-load hold (the last point still within the
  hold tolerance), so P_max and h_max are taken after creep.
* :func:`fit_surface` — the contact point by extrapolating the loading curve:
  for a self-similar tip the loading curve follows Kick's law P = K·(h − h0)²,
  so √P is linear in h and its zero is the surface h0.
"""

from __future__ import annotations

import math

import numpy as np

from sselab.errors import FitError
from sselab.mechanics.indentation._median import median
from sselab.mechanics.indentation.curve import Segment


def noise_sigma(y: np.ndarray) -> float:
    """Robust white-noise σ of a smooth signal from the MAD of its second differences."""
    y = np.asarray(y, dtype=float)
    y = y[np.isfinite(y)]
    if y.size < 5:
        return 0.0
    d2 = np.diff(y, 2)
    mad = median(np.abs(d2 - median(d2)))
    return mad / 0.6745 / math.sqrt(6.0)


def _turning_points(p: np.ndarray, delta: float) -> list[tuple[int, int]]:
    """(peak, valley) index pairs of ``p`` with hysteresis ``delta``."""
    pairs: list[tuple[int, int]] = []
    rising = True
    i_ext = 0
    peak = -1
    for i in range(p.size):
        v = p[i]
        if rising:
            if v > p[i_ext]:
                i_ext = i
            elif v < p[i_ext] - delta:
                peak = i_ext
                rising = False
                i_ext = i
        else:
            if v < p[i_ext]:
                i_ext = i
            elif v > p[i_ext] + delta:
                pairs.append((peak, i_ext))
                rising = True
                i_ext = i
    if not rising:
        pairs.append((peak, i_ext))
    return pairs


def find_unloads(
    load_N: np.ndarray, *, segments: tuple[Segment, ...] = (), min_drop: float = 0.2
) -> list[tuple[int, int]]:
    """Index ranges ``[start, stop)`` of the unloads of a curve.

    Parameters
    ----------
    load_N : array_like
        Load signal (N).
    segments : tuple of Segment
        Vendor markers; when any is an ``unload`` segment, those are used
        (each cut at its minimum load).
    min_drop : float
        A detected unload must remove at least this fraction of its peak load.

    Returns
    -------
    list of (start, stop)
        ``start`` is the top of the unload (P_max, h_max); empty when none.
    """
    p = np.asarray(load_N, dtype=float)
    marked = [s for s in segments if s.kind == "unload"]
    if marked:
        out = []
        for s in marked:
            seg = p[s.start:s.stop]
            if seg.size < 2 or not np.any(np.isfinite(seg)):
                continue
            stop = s.start + int(np.nanargmin(seg)) + 1
            out.append((s.start, stop))
        return out
    finite = np.isfinite(p)
    if finite.sum() < 5:
        return []
    p = np.where(finite, p, -np.inf)
    pmax = float(np.max(p[finite]))
    if not pmax > 0:
        return []
    sigma = noise_sigma(p[finite])
    delta = max(0.02 * pmax, 5.0 * sigma)
    tol_hold = max(0.0005 * pmax, 4.0 * sigma)
    out = []
    for peak, valley in _turning_points(p, delta):
        ppk = p[peak]
        if ppk < 0.05 * pmax or ppk - p[valley] < min_drop * ppk:
            continue
        seg = p[peak:valley + 1]
        # end of the peak hold: last point still within tol_hold of the peak
        in_hold = np.nonzero(seg < ppk - tol_hold)[0]
        start = peak + (int(in_hold[0]) - 1 if in_hold.size else 0)
        start = max(start, peak)
        # end of the unload: first point within tol_hold of the valley load
        low = np.nonzero(p[start:valley + 1] <= p[valley] + tol_hold)[0]
        stop = start + (int(low[0]) + 1 if low.size else valley + 1 - start)
        if stop - start >= 2:
            out.append((start, stop))
    return out


def fit_surface(depth_m: np.ndarray, load_N: np.ndarray, stop: int,
                window: tuple[float, float] = (0.05, 0.3)) -> float:
    """Surface position h0 (m) from the loading branch ``[0, stop)``.

    Fits √P = a·(h − h0) to the loading points whose load lies within
    ``window`` (fractions of the branch's maximum load) and returns h0.

    Raises
    ------
    FitError
        Too few loading points or a non-increasing loading branch.
    """
    h = np.asarray(depth_m, dtype=float)[:stop]
    p = np.asarray(load_N, dtype=float)[:stop]
    ok = np.isfinite(h) & np.isfinite(p)
    h, p = h[ok], p[ok]
    if p.size < 5:
        raise FitError("too few loading points to locate the surface")
    pk = float(np.max(p))
    # only the last monotone climb through the window (ignores approach noise)
    sel = (p >= window[0] * pk) & (p <= window[1] * pk)
    idx = np.nonzero(sel)[0]
    if idx.size < 5:
        raise FitError(f"only {idx.size} loading points between {window[0]:.0%} and "
                       f"{window[1]:.0%} of the peak load; cannot locate the surface")
    x, y = h[idx], np.sqrt(p[idx])
    a, b = np.polyfit(x, y, 1)
    if not a > 0:
        raise FitError("loading curve does not rise with depth; cannot locate the surface")
    return float(-b / a)
