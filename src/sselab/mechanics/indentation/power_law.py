"""Power-law fit of an unloading curve, P = B·(h − h_f)^m (Oliver & Pharr 1992).

Only numpy is used (no scipy import on the command-line path): a grid over m
with the linearisation P^(1/m) = B^(1/m)·(h − h_f) gives the start values,
then a Levenberg–Marquardt refinement of (B, h_f, m) with the analytic
Jacobian minimises Σ (P − B(h − h_f)^m)² over the fit window.  Many unloads
are fitted at once (:func:`fit_unloadings`): the grid and every LM iteration
run on padded 2-D arrays, one row per unload, each row with its own damping.

The contact stiffness is the slope at the top of the unload,

    S = dP/dh |_(h_max) = m·B·(h_max − h_f)^(m−1).

References
----------
W. C. Oliver, G. M. Pharr, J. Mater. Res. 7, 1564 (1992), eq. (8) and section IV.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from sselab.errors import FitError, InputError

#: The grid of exponents tried for start values.
_M_GRID = np.linspace(0.6, 4.6, 26)
_MIN_POINTS = 5
_MAX_ITER = 300


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


def _grid_start(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Best (b, x_f, m) per row on the exponent grid (regression of y^(1/m) on x)."""
    n = w.sum(axis=1)  # (R,)
    ly = np.log(np.where(y > 0, y, 1e-300))
    z = np.exp(ly[:, None, :] / _M_GRID[None, :, None])  # y^(1/m), (R, G, N)
    xm = (x * w).sum(axis=1) / n
    dx = (x - xm[:, None]) * w
    sxx = (dx * dx).sum(axis=1)
    zm = (z * w[:, None, :]).sum(axis=2) / n[:, None]
    slope = ((z - zm[:, :, None]) * dx[:, None, :]).sum(axis=2) / sxx[:, None]
    ok = slope > 0
    slope = np.where(ok, slope, 1.0)
    xf = xm[:, None] - zm / slope
    b = slope ** _M_GRID[None, :]
    u = np.clip(x[:, None, :] - xf[:, :, None], 1e-300, None)
    pred = b[:, :, None] * np.exp(_M_GRID[None, :, None] * np.log(u))
    sse = (((y[:, None, :] - pred) * w[:, None, :]) ** 2).sum(axis=2)
    sse = np.where(ok & np.isfinite(xf) & np.isfinite(sse), sse, np.inf)
    k = np.argmin(sse, axis=1)
    rows = np.arange(x.shape[0])
    start = np.column_stack((b[rows, k], xf[rows, k], _M_GRID[k]))
    start[~np.isfinite(sse[rows, k])] = np.nan
    return start


def _levenberg_marquardt(x: np.ndarray, y: np.ndarray, w: np.ndarray, p0: np.ndarray,
                         max_iter: int = _MAX_ITER) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row-wise LM for y ≈ b(x − x_f)^m (weights w ∈ {0, 1}).

    Returns (params, iterations, converged).
    """
    p = p0.copy()
    rows = p.shape[0]
    xmin = np.where(w > 0, x, np.inf).min(axis=1)
    lam = np.full(rows, 1e-3)
    iters = np.zeros(rows, dtype=int)
    active = np.all(np.isfinite(p), axis=1)

    def resid(q: np.ndarray) -> np.ndarray:
        u = np.where(w > 0, x - q[:, 1:2], 1.0)
        u = np.where(u > 0, u, np.nan)
        return (y - q[:, 0:1] * np.exp(q[:, 2:3] * np.log(u))) * w

    r = resid(p)
    cost = np.where(active, (r * r).sum(axis=1), np.inf)
    eye = np.eye(3)
    for _ in range(max_iter):
        if not active.any():
            break
        u = np.where(w > 0, x - p[:, 1:2], 1.0)
        u = np.where(u > 0, u, 1.0)
        lu = np.log(u)
        um = np.exp(p[:, 2:3] * lu) * w
        jac = np.stack((um, -p[:, 0:1] * p[:, 2:3] * um / u, p[:, 0:1] * um * lu), axis=2)
        jtj = np.einsum("rni,rnj->rij", jac, jac)
        g = np.einsum("rni,rn->ri", jac, np.nan_to_num(r))
        dg = np.einsum("rii->ri", jtj)
        a = jtj + (lam[:, None] * dg + 1e-15 * dg.max(axis=1, keepdims=True) + 1e-300)[:, :, None] * eye
        a[~active] = eye
        step = np.linalg.solve(a, g[:, :, None])[:, :, 0]
        q = p + step
        valid = active & (q[:, 1] < xmin) & (q[:, 0] > 0) & (q[:, 2] > 0.2) & (q[:, 2] < 8.0)
        rq = resid(np.where(valid[:, None], q, p))
        cq = np.where(valid, (rq * rq).sum(axis=1), np.inf)
        cq = np.where(np.isfinite(cq), cq, np.inf)
        accept = valid & (cq <= cost)
        rel = np.where(accept, (cost - cq) / np.maximum(cost, 1e-300), np.inf)
        small = np.max(np.abs(step) / (np.abs(p) + 1e-12), axis=1) < 1e-9
        p[accept] = q[accept]
        r[accept] = rq[accept]
        cost[accept] = cq[accept]
        iters[active] += 1
        lam = np.where(accept, np.maximum(lam / 10.0, 1e-12), np.where(active, lam * 10.0, lam))
        done = (accept & ((rel < 1e-13) | small)) | (lam > 1e12)
        active &= ~done
    return p, iters, ~active


@dataclass(frozen=True)
class _Prepared:
    x: np.ndarray
    y: np.ndarray
    h_lo: float
    scale_h: float
    h_max: float
    p_max: float
    window_N: tuple[float, float]


def _prepare(depth_m: np.ndarray, load_N: np.ndarray, max_depth_m: float | None,
             max_load_N: float | None, lo: float, hi: float) -> _Prepared:
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
    h_lo = float(np.nanmin(h))
    scale_h = h_max - h_lo
    if not scale_h > 0:
        raise FitError("depth does not decrease during the unload (h_max <= minimum depth)")
    return _Prepared((h[sel] - h_lo) / scale_h, p[sel] / p_max, h_lo, scale_h, h_max, p_max,
                     (lo * p_max, hi * p_max))


def fit_unloadings(
    branches: list[tuple[Any, ...]], *, window: tuple[float, float] = (0.5, 0.95)
) -> list[PowerLawFit | FitError]:
    """Fit P = B·(h − h_f)^m to many unloading branches at once.

    Parameters
    ----------
    branches : list of (depth_m, load_N) or (depth_m, load_N, max_depth_m, max_load_N)
        Each branch starts at the top of its unload, m and N; h_max and P_max
        default to its first point.
    window : (float, float)
        Fractions of P_max bounding the points fitted (default 0.5–0.95).

    Returns
    -------
    list
        Per branch a :class:`PowerLawFit`, or the :class:`FitError` saying why
        that branch could not be fitted (the other branches are unaffected).

    Raises
    ------
    InputError
        Bad window.
    """
    lo, hi = (float(window[0]), float(window[1]))
    if not (0.0 <= lo < hi <= 1.0):
        raise InputError(f"fit window must satisfy 0 <= low < high <= 1 (fractions of "
                         f"P_max), got {window}")
    out: list[PowerLawFit | FitError | None] = [None] * len(branches)
    prepared: list[tuple[int, _Prepared]] = []
    for k, branch in enumerate(branches):
        h, p, *tops = branch
        hmax, pmax = (tops + [None, None])[:2]
        try:
            prepared.append((k, _prepare(h, p, hmax, pmax, lo, hi)))
        except FitError as exc:
            out[k] = exc
    if prepared:
        npts = max(pr.x.size for _, pr in prepared)
        rows = len(prepared)
        x = np.ones((rows, npts))
        y = np.ones((rows, npts))
        w = np.zeros((rows, npts))
        for i, (_, pr) in enumerate(prepared):
            m = pr.x.size
            x[i, :m], y[i, :m], w[i, :m] = pr.x, pr.y, 1.0
            x[i, m:] = pr.x.max()
        with np.errstate(all="ignore"):
            start = _grid_start(x, y, w)
            params, iters, conv = _levenberg_marquardt(x, y, w, start)
        for i, (k, pr) in enumerate(prepared):
            out[k] = _finish(pr, params[i], int(iters[i]), bool(np.isfinite(start[i]).all()),
                             bool(conv[i]))
    return out  # type: ignore[return-value]


def _finish(pr: _Prepared, q: np.ndarray, it: int, started: bool, converged: bool
            ) -> PowerLawFit | FitError:
    if not started:
        return FitError("the unloading curve does not fall with decreasing depth "
                        "(no positive slope); check the segment and the sign of the data")
    if not converged:
        return FitError(f"power-law fit did not converge in {_MAX_ITER} iterations (B, h_f and "
                        f"m are not separately determined by these points); widen --window")
    b, xf, m = (float(v) for v in q)
    if not (math.isfinite(b) and math.isfinite(xf) and math.isfinite(m)):
        return FitError("power-law fit of the unloading curve did not converge")
    u_top = (pr.h_max - pr.h_lo) / pr.scale_h - xf
    if not u_top > 0:
        return FitError("fitted final depth h_f lies above h_max")
    r = pr.y - b * np.clip(pr.x - xf, 0, None) ** m
    return PowerLawFit(
        B=b * pr.p_max / pr.scale_h**m, final_depth_m=pr.h_lo + xf * pr.scale_h, m=m,
        stiffness_N_per_m=m * b * u_top ** (m - 1.0) * pr.p_max / pr.scale_h,
        max_depth_m=pr.h_max, max_load_N=pr.p_max, n_points=int(pr.x.size),
        window_N=pr.window_N, rms_rel=float(np.sqrt(np.mean(r * r))), iterations=it)


def fit_unloading(
    depth_m: np.ndarray,
    load_N: np.ndarray,
    *,
    max_depth_m: float | None = None,
    max_load_N: float | None = None,
    window: tuple[float, float] = (0.5, 0.95),
) -> PowerLawFit:
    """Fit P = B·(h − h_f)^m to one unloading branch within a load window.

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
    (res,) = fit_unloadings([(depth_m, load_N, max_depth_m, max_load_N)], window=window)
    if isinstance(res, FitError):
        raise res
    return res
