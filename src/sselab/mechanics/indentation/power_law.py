"""Power-law fit of an unloading curve, P = B·(h − h_f)^m (Oliver & Pharr 1992).

Only numpy is used (no scipy import on the command-line path): a grid over m
with the linearisation P^(1/m) = B^(1/m)·(h − h_f) gives the start values,
then a Levenberg–Marquardt refinement of (B, h_f, m) with the analytic
Jacobian minimises Σ (P − B(h − h_f)^m)² over the fit window.

The contact stiffness is the slope at the top of the unload,

    S = dP/dh |_(h_max) = m·B·(h_max − h_f)^(m−1).

References
----------
W. C. Oliver, G. M. Pharr, J. Mater. Res. 7, 1564 (1992), eq. (8) and section IV.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sselab.errors import FitError, InputError

#: The grid of exponents tried for start values.
_M_GRID = np.linspace(0.6, 4.0, 69)
_MIN_POINTS = 5


@dataclass(frozen=True)
class PowerLawFit:
    """Result of :func:`fit_unloading` (SI units).

    Attributes
    ----------
    B : float
        Prefactor in N/m^m.
    final_depth_m : float
        h_f (m), the depth where the fitted curve reaches zero load.
    m : float
        Exponent.
    stiffness_N_per_m : float
        S = dP/dh at h_max (N/m).
    max_depth_m, max_load_N : float
        h_max (m) and P_max (N) at which S was evaluated.
    n_points : int
        Points inside the fit window.
    window_N : tuple of float
        Load window (N) the fit used.
    rms_rel : float
        Root-mean-square residual divided by P_max.
    iterations : int
        Levenberg–Marquardt iterations.
    """

    B: float
    final_depth_m: float
    m: float
    stiffness_N_per_m: float
    max_depth_m: float
    max_load_N: float
    n_points: int
    window_N: tuple[float, float]
    rms_rel: float
    iterations: int

    def load_N(self, depth_m: np.ndarray) -> np.ndarray:
        """Fitted load (N) at ``depth_m`` (m); zero below h_f."""
        u = np.clip(np.asarray(depth_m, dtype=float) - self.final_depth_m, 0.0, None)
        return self.B * u**self.m


def _grid_start(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Best (b, x_f, m) on the exponent grid, by linear regression of y^(1/m) on x."""
    z = y[None, :] ** (1.0 / _M_GRID[:, None])
    xm = x.mean()
    zm = z.mean(axis=1, keepdims=True)
    dx = x - xm
    sxx = float(dx @ dx)
    slope = ((z - zm) @ dx) / sxx
    ok = slope > 0
    if not np.any(ok):
        raise FitError("the unloading curve does not fall with decreasing depth "
                       "(no positive slope); check the segment and the sign of the data")
    slope = np.where(ok, slope, np.nan)
    xf = xm - zm[:, 0] / slope
    b = slope**_M_GRID
    u = np.clip(x[None, :] - xf[:, None], 0.0, None)
    pred = b[:, None] * u ** _M_GRID[:, None]
    sse = np.nansum((y[None, :] - pred) ** 2, axis=1)
    sse = np.where(ok & np.isfinite(xf), sse, np.inf)
    k = int(np.argmin(sse))
    return float(b[k]), float(xf[k]), float(_M_GRID[k])


def _levenberg_marquardt(
    x: np.ndarray, y: np.ndarray, p0: tuple[float, float, float], max_iter: int = 100
) -> tuple[np.ndarray, int]:
    """Minimise Σ(y − b(x − x_f)^m)² over (b, x_f, m) from ``p0`` (x_f < min x kept)."""
    p = np.array(p0, dtype=float)
    lam = 1e-3
    xmin = float(x.min())
    jac = np.empty((x.size, 3))

    def resid(q: np.ndarray) -> np.ndarray:
        return y - q[0] * np.exp(q[2] * np.log(x - q[1]))

    r = resid(p)
    cost = float(r @ r)
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 - iteration count is returned
        lu = np.log(x - p[1])
        um = np.exp(p[2] * lu)
        jac[:, 0] = um
        jac[:, 1] = -p[0] * p[2] * um / (x - p[1])
        jac[:, 2] = p[0] * um * lu
        jtj = jac.T @ jac
        g = jac.T @ r
        dg = np.diag(jtj).copy() + 1e-30
        improved = False
        for _ in range(30):
            a = jtj.copy()
            a[np.diag_indices(3)] += lam * dg
            try:
                step = np.linalg.solve(a, g)
            except np.linalg.LinAlgError:
                lam *= 10.0
                continue
            q = p + step
            if q[1] >= xmin or q[0] <= 0 or not (0.2 < q[2] < 8.0):
                lam *= 10.0
                continue
            rq = resid(q)
            cq = float(rq @ rq)
            if cq <= cost:
                rel = (cost - cq) / max(cost, 1e-300)
                p, r, cost = q, rq, cq
                lam = max(lam / 10.0, 1e-12)
                improved = True
                break
            lam *= 10.0
        if not improved or rel < 1e-12 or float(np.max(np.abs(step) / (np.abs(p) + 1e-12))) < 1e-9:
            break
    return p, it


def fit_unloading(
    depth_m: np.ndarray,
    load_N: np.ndarray,
    *,
    max_depth_m: float | None = None,
    max_load_N: float | None = None,
    window: tuple[float, float] = (0.5, 0.95),
) -> PowerLawFit:
    """Fit P = B·(h − h_f)^m to the unloading branch within a load window.

    Parameters
    ----------
    depth_m, load_N : array_like
        The unloading branch (first point = top of the unload), m and N.
    max_depth_m, max_load_N : float, optional
        h_max and P_max; default the first point of the branch.
    window : (float, float)
        Fractions of P_max bounding the points fitted (default 0.5–0.95).

    Returns
    -------
    PowerLawFit

    Raises
    ------
    InputError
        Bad window.
    FitError
        Too few points in the window, or no decreasing branch.
    """
    lo, hi = (float(window[0]), float(window[1]))
    if not (0.0 <= lo < hi <= 1.0):
        raise InputError(f"fit window must satisfy 0 <= low < high <= 1 (fractions of "
                         f"P_max), got {window}")
    h = np.asarray(depth_m, dtype=float)
    p = np.asarray(load_N, dtype=float)
    if h.size < 2:
        raise FitError("unloading branch has fewer than two points")
    h_max = float(h[0]) if max_depth_m is None else float(max_depth_m)
    p_max = float(p[0]) if max_load_N is None else float(max_load_N)
    if not (p_max > 0 and math.isfinite(p_max) and math.isfinite(h_max)):
        raise FitError(f"maximum load must be positive and finite, got {p_max!r} N")
    sel = np.isfinite(h) & np.isfinite(p) & (p >= lo * p_max) & (p <= hi * p_max)
    n = int(sel.sum())
    if n < _MIN_POINTS:
        raise FitError(f"only {n} unloading points between {lo:.0%} and {hi:.0%} of P_max "
                       f"(need {_MIN_POINTS}); widen --window or check the segment")
    hw, pw = h[sel], p[sel]
    h_lo = float(np.min(h))
    scale_h = h_max - h_lo
    if not scale_h > 0:
        raise FitError("depth does not decrease during the unload (h_max <= minimum depth)")
    x = (hw - h_lo) / scale_h
    y = pw / p_max
    b0, xf0, m0 = _grid_start(x, y)
    (b, xf, m), it = _levenberg_marquardt(x, y, (b0, xf0, m0))
    if not (math.isfinite(b) and math.isfinite(xf) and math.isfinite(m)):
        raise FitError("power-law fit of the unloading curve did not converge")
    x_top = (h_max - h_lo) / scale_h
    u_top = x_top - xf
    if not u_top > 0:
        raise FitError("fitted final depth h_f lies above h_max")
    s_norm = m * b * u_top ** (m - 1.0)
    r = y - b * np.clip(x - xf, 0, None) ** m
    rms = float(np.sqrt(np.mean(r * r)))
    stiffness = s_norm * p_max / scale_h
    B = b * p_max / scale_h**m
    h_f = h_lo + xf * scale_h
    return PowerLawFit(B=float(B), final_depth_m=float(h_f), m=float(m),
                       stiffness_N_per_m=float(stiffness), max_depth_m=h_max,
                       max_load_N=p_max, n_points=n, window_N=(lo * p_max, hi * p_max),
                       rms_rel=rms, iterations=it)
