"""Baselines under a diffraction pattern: SNIP, iterative polynomial, asymmetric least squares.

Every function takes the intensity array (and 2θ where needed) and returns
the baseline as an array of the same length; none of them modifies its input.

* :func:`snip` — Statistics-sensitive Non-linear Iterative Peak clipping
  (Ryan et al. 1988; Morháč & Matoušek 2009): at clipping half-width p each
  point is replaced by min(v_i, (v_{i−p} + v_{i+p})/2), for p = 1 … m.  With
  ``lls=True`` the clipping runs on the log-log-square-root transform
  v = ln(ln(√(y+1) + 1) + 1), which compresses the dynamic range of counts.
  A feature wider than about 2m points survives (it is "background"); a
  narrower one is clipped away.
* :func:`iterative_polynomial` — Lieber & Mahadevan-Jansen (2003) "modpoly":
  fit a polynomial, replace the data by min(data, fit), repeat.
* :func:`asymmetric_least_squares` — Eilers & Boelens (2005): minimise
  Σ w_i (y_i − z_i)² + λ Σ (Δ² z_i)² with w_i = p above the baseline and
  1 − p below.
"""

from __future__ import annotations

import numpy as np

from sselab.errors import InputError


def _as_1d(y: np.ndarray, name: str = "intensity") -> np.ndarray:
    arr = np.asarray(y, dtype=float)
    if arr.ndim != 1 or arr.size < 3:
        raise InputError(f"{name} must be a 1-D array of at least 3 values")
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{name} contains NaN or inf")
    return arr


def _lls(y: np.ndarray) -> np.ndarray:
    return np.log(np.log(np.sqrt(np.maximum(y, 0.0) + 1.0) + 1.0) + 1.0)


def _lls_inv(v: np.ndarray) -> np.ndarray:
    return (np.exp(np.exp(v) - 1.0) - 1.0) ** 2 - 1.0


def moving_average(y: np.ndarray, points: int) -> np.ndarray:
    """Centred moving average over ``points`` (odd; ends by reflection)."""
    arr = _as_1d(y)
    n = int(points)
    if n <= 1:
        return arr.copy()
    n += 1 - n % 2
    half = n // 2
    pad = np.pad(arr, half, mode="reflect") if arr.size > half else np.pad(arr, half, mode="edge")
    c = np.cumsum(np.concatenate([[0.0], pad]))
    return (c[n:] - c[:-n]) / n


def snip(y: np.ndarray, half_window_points: int, *, lls: bool = False,
         smooth_points: int = 0) -> np.ndarray:
    """SNIP baseline with clipping half-widths 1 … ``half_window_points``.

    Parameters
    ----------
    y : array
        Intensities (counts or cps).
    half_window_points : int
        Largest clipping half-width m in points; features narrower than about
        2m points are removed, wider ones kept.
    lls : bool
        Clip in the log-log-square-root domain (good for counts spanning decades).
    smooth_points : int
        Moving-average width applied before clipping (reduces the downward bias
        SNIP has on noisy data, which otherwise follows the noise minima).

    The ends are handled by odd reflection about the first/last point so that a
    sloping background is continued rather than clipped to the end value.
    """
    arr = _as_1d(y)
    m = int(half_window_points)
    if m < 1:
        raise InputError(f"SNIP half-window must be at least 1 point, got {half_window_points}")
    work = moving_average(arr, smooth_points) if smooth_points > 1 else arr.copy()
    m = min(m, max(1, work.size - 1))
    n = work.size
    # odd reflection continues the local trend beyond the ends
    k = min(m, n - 1)
    left = 2 * work[0] - work[k:0:-1]
    right = 2 * work[-1] - work[-2:-k - 2:-1]
    v = np.concatenate([left, work, right])
    if lls:
        v = _lls(v)
    for p in range(1, m + 1):
        if 2 * p >= v.size:
            break
        mid = 0.5 * (v[:-2 * p] + v[2 * p:])
        np.minimum(v[p:-p], mid, out=v[p:-p])
    if lls:
        v = _lls_inv(v)
    return v[k:k + n]


def iterative_polynomial(two_theta_deg: np.ndarray, y: np.ndarray, degree: int = 3, *,
                         iterations: int = 100, tolerance: float = 1e-4) -> np.ndarray:
    """Lieber & Mahadevan-Jansen "modpoly" baseline (polynomial in scaled 2θ)."""
    x = _as_1d(two_theta_deg, "two_theta_deg")
    arr = _as_1d(y)
    if x.size != arr.size:
        raise InputError("2θ and intensity differ in length")
    if not 0 <= int(degree) < x.size:
        raise InputError(f"polynomial degree must be 0 … {x.size - 1}, got {degree}")
    t = (x - x.mean()) / (np.ptp(x) / 2 or 1.0)
    work = arr.copy()
    fit = work
    for _ in range(int(iterations)):
        coef = np.polynomial.chebyshev.chebfit(t, work, int(degree))
        fit = np.polynomial.chebyshev.chebval(t, coef)
        new = np.minimum(work, fit)
        change = np.linalg.norm(new - work) / max(np.linalg.norm(work), 1e-300)
        work = new
        if change < tolerance:
            break
    return fit


def asymmetric_least_squares(y: np.ndarray, lam: float = 1e6, p: float = 0.01, *,
                             iterations: int = 10) -> np.ndarray:
    """Eilers & Boelens (2005) asymmetric least-squares baseline.

    Parameters
    ----------
    lam : float
        Smoothness λ (larger = stiffer); 10⁴–10⁸ for patterns of 10³–10⁴ points.
    p : float
        Asymmetry, 0 < p < 1 (weight of points above the baseline), typically 0.001–0.05.
    """
    from scipy import sparse
    from scipy.sparse.linalg import spsolve

    arr = _as_1d(y)
    if not 0 < p < 1:
        raise InputError(f"ALS asymmetry p must be between 0 and 1, got {p}")
    if not lam > 0:
        raise InputError(f"ALS smoothness lambda must be > 0, got {lam}")
    n = arr.size
    d = sparse.diags([1.0, -2.0, 1.0], [0, 1, 2], shape=(n - 2, n))
    penalty = lam * (d.T @ d)
    w = np.ones(n)
    z = arr
    for _ in range(int(iterations)):
        wm = sparse.diags(w, 0)
        z = spsolve((wm + penalty).tocsc(), w * arr)
        w_new = np.where(arr > z, p, 1.0 - p)
        if np.array_equal(w_new, w):
            break
        w = w_new
    return np.asarray(z, dtype=float)


def noise_sigma(y: np.ndarray) -> float:
    """Robust point-to-point noise: 1.4826·MAD(Δy)/√2 (zero for a noiseless curve)."""
    arr = _as_1d(y)
    d = np.diff(arr)
    return float(1.4826 * np.median(np.abs(d - np.median(d))) / np.sqrt(2.0))


def rolling_opening(y: np.ndarray, half_window_points: int) -> np.ndarray:
    """Lower envelope by a flat morphological opening, then a moving average of the same width.

    The opening (erosion followed by dilation with a flat element of 2m + 1
    points) removes every feature narrower than the element — Bragg peaks —
    while a broad concave halo loses only its sagitta over the element width
    (for a Gaussian of FWHM w, a fraction ≈ 4 ln 2 (m·step/w)² of its height).
    This is the "rolling ball" idea with a flat ball; unlike SNIP it does not
    keep clipping concave curvature at every scale up to m, so halos survive.
    """
    from scipy.ndimage import grey_opening

    arr = _as_1d(y)
    m = int(half_window_points)
    if m < 1:
        raise InputError(f"opening half-window must be at least 1 point, got {half_window_points}")
    size = min(2 * m + 1, arr.size)
    opened = grey_opening(arr, size=size, mode="nearest")
    return moving_average(opened, size)
