"""Batched least squares for power-law contact models with a free contact point.

Fits, for every row of a batch independently,

    F(s) = c · max(s − s_c, 0)^p + b

(the Hertz models with p = 3/2 or 2; DMT is the paraboloid with b = −F_adh)
to the points selected by a mask.  c and b enter linearly, s_c does not.

Algorithm, vectorised over rows (no Python loop over curves):

1. coarse grid over s_c: for every candidate the linear parameters have a
   closed form (2 × 2 normal equations), so the profiled sum of squares is
   evaluated for all rows at once and the best candidate kept;
2. Levenberg–Marquardt on (c, b, s_c) from there, with batched 3 × 3 normal
   equations and a per-row damping factor; each row stops when its step is
   below round-off.

Each row is scaled (s by the window length, F by the largest |F|) so the
normal equations are well conditioned.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class PowerLawFit:
    """Result arrays, one entry per row (SI units of the inputs)."""

    prefactor: np.ndarray  # c, N / m^p
    offset: np.ndarray  # b, N
    contact: np.ndarray  # s_c, m
    sse: np.ndarray  # residual sum of squares, N²
    n_points: np.ndarray
    converged: np.ndarray  # bool


def _pow(d: np.ndarray, p: float) -> np.ndarray:
    if p == 1.5:
        return d * np.sqrt(d)
    if p == 2.0:
        return d * d
    return d**p


def _dpow(d: np.ndarray, p: float) -> np.ndarray:
    if p == 1.5:
        return 1.5 * np.sqrt(d)
    if p == 2.0:
        return 2.0 * d
    return p * d ** (p - 1.0)


def _linear(g: np.ndarray, f: np.ndarray, w: np.ndarray, offset_free: bool,
            b_fixed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Closed-form c (and b) for fixed contact point; returns (c, b)."""
    sgg = (w * g * g).sum(axis=1)
    if offset_free:
        sw = w.sum(axis=1)
        sg = (w * g).sum(axis=1)
        sf = (w * f).sum(axis=1)
        sgf = (w * g * f).sum(axis=1)
        det = sgg * sw - sg * sg
        ok = det > 1e-300
        det = np.where(ok, det, 1.0)
        c = np.where(ok, (sgf * sw - sg * sf) / det, 0.0)
        b = np.where(ok, (sgg * sf - sg * sgf) / det, sf / np.maximum(sw, 1.0))
        return c, b
    sgf = (w * g * (f - b_fixed[:, None])).sum(axis=1)
    c = np.where(sgg > 0, sgf / np.where(sgg > 0, sgg, 1.0), 0.0)
    return c, b_fixed


def _compact(mask: np.ndarray, *arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Gather each row's masked points to the front of a (n, W) array; returns (weights, *arrays)."""
    n, m = mask.shape
    width = max(int(mask.sum(axis=1).max()), 1)
    order = np.argsort(~mask, axis=1, kind="stable")[:, :width]
    w = np.take_along_axis(mask, order, axis=1).astype(float)
    return (w,) + tuple(np.take_along_axis(a, order, axis=1) * w for a in arrays)


def fit_power_law_batch(
    tip_m: np.ndarray,
    force_N: np.ndarray,
    mask: np.ndarray,
    exponent: float,
    *,
    contact_init_m: np.ndarray,
    contact_span_m: np.ndarray,
    offset_free: bool = False,
    offset_N: np.ndarray | None = None,
    n_grid: int = 16,
    max_iter: int = 60,
) -> PowerLawFit:
    """Fit F = c·max(s − s_c, 0)^p + b row by row (vectorised).

    Parameters
    ----------
    tip_m, force_N : ndarray, shape (n, m)
        Tip position s (m) and corrected force (N).
    mask : ndarray of bool, shape (n, m)
        Points in each row's fit window.
    exponent : float
        p (1.5 paraboloid, 2 cone/pyramid).
    contact_init_m, contact_span_m : ndarray, shape (n,)
        The grid search covers s_c in [init − span, init + span].
    offset_free : bool
        Fit b (DMT: b = −F_adh) instead of holding it at ``offset_N`` (default 0).
    """
    msk = np.asarray(mask, dtype=bool)
    n = msk.shape[0]
    p = float(exponent)
    npts = msk.sum(axis=1)
    b_fix = np.zeros(n) if offset_N is None else np.broadcast_to(np.asarray(offset_N, float), (n,))
    x0 = np.asarray(contact_init_m, dtype=float).reshape(n)
    span = np.maximum(np.asarray(contact_span_m, dtype=float).reshape(n), 1e-300)
    x_all = np.asarray(tip_m, dtype=float)
    f_all = np.asarray(force_N, dtype=float)

    # per-row scaling, then only the window points (compacted to the front of each row)
    xmax = np.where(msk, x_all, -np.inf).max(axis=1)
    L = np.maximum(xmax - (x0 - span), span)
    L = np.where(np.isfinite(L) & (L > 0), L, 1.0)
    fs = np.where(msk, np.abs(f_all), 0.0).max(axis=1)
    fs = np.where(fs > 0, fs, 1.0)
    w, xs, ys = _compact(msk, (x_all - x0[:, None]) / L[:, None], f_all / fs[:, None])
    bs_fix = b_fix / fs
    sp = span / L
    top = (xmax - x0) / L  # keep at least the last point in contact

    # 1. coarse grid (profiled over the linear parameters)
    best_sse = np.full(n, np.inf)
    best_cp = np.zeros(n)
    for t in np.linspace(-1.0, 1.0, n_grid):
        cp = np.minimum(t * sp, top - 1e-9)
        g = _pow(np.clip(xs - cp[:, None], 0.0, None), p)
        c, b = _linear(g, ys, w, offset_free, bs_fix)
        r = w * (ys - (c[:, None] * g + b[:, None]))
        sse = (r * r).sum(axis=1)
        better = (sse < best_sse) & (c > 0)
        best_sse = np.where(better, sse, best_sse)
        best_cp = np.where(better, cp, best_cp)
    g = _pow(np.clip(xs - best_cp[:, None], 0.0, None), p)
    c, b = _linear(g, ys, w, offset_free, bs_fix)

    # 2. Levenberg–Marquardt on (c, [b,] s_c), iterating only rows not yet converged
    theta = np.stack([c, b, best_cp], axis=1) if offset_free else np.stack([c, best_cp], axis=1)
    k = theta.shape[1]
    lam = np.full(n, 1e-3)
    done = np.zeros(n, dtype=bool)
    settled = np.zeros(n, dtype=bool)  # last accepted step below 1e-5 (scaled units)
    eye = np.eye(k)[None, :, :]

    def residual(rows: np.ndarray, th: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        bb = th[:, 1] if offset_free else bs_fix[rows]
        d = np.clip(xs[rows] - th[:, -1:], 0.0, None)
        gg = _pow(d, p)
        rr = w[rows] * (ys[rows] - (th[:, 0:1] * gg + bb[:, None]))
        return rr, gg, d

    sse = np.empty(n)
    act = np.arange(n)
    r, g, d = residual(act, theta)
    sse[:] = (r * r).sum(axis=1)
    for _ in range(max_iter):
        if act.size == 0:
            break
        th = theta[act]
        wa = w[act]
        cols = [wa * g]
        if offset_free:
            cols.append(wa)
        cols.append(-wa * th[:, 0:1] * _dpow(d, p))
        J = np.stack(cols, axis=2)  # (na, W, k)
        JTJ = np.einsum("nmi,nmj->nij", J, J)
        JTr = np.einsum("nmi,nm->ni", J, r)
        diag = np.einsum("nii->ni", JTJ)
        A = JTJ + lam[act, None, None] * eye * np.maximum(diag, 1e-30)[:, :, None]
        try:
            step = np.linalg.solve(A, JTr[:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:  # pragma: no cover - singular rows
            step = np.zeros_like(th)
        trial = th + step
        trial[:, -1] = np.minimum(trial[:, -1], top[act] - 1e-9)
        r_t, g_t, d_t = residual(act, trial)
        sse_t = (r_t * r_t).sum(axis=1)
        accept = sse_t <= sse[act]
        theta[act] = np.where(accept[:, None], trial, th)
        r = np.where(accept[:, None], r_t, r)
        g = np.where(accept[:, None], g_t, g)
        d = np.where(accept[:, None], d_t, d)
        sse_old = sse[act]
        sse[act] = np.where(accept, sse_t, sse_old)
        small = np.all(np.abs(step) <= 1e-11 * (1.0 + np.abs(th)), axis=1)
        # stagnation at the optimum: an (almost) Gauss–Newton step that no longer lowers the SSE
        flat = accept & (lam[act] <= 1e-2) & (sse_old - sse_t <= 1e-13 * sse_old)
        lam[act] = np.where(accept, np.maximum(lam[act] / 10.0, 1e-12),
                            np.minimum(lam[act] * 10.0, 1e12))
        fin = (accept & small) | flat | (sse[act] <= 1e-32 * npts[act]) | (lam[act] >= 1e12)
        done[act[fin]] = True
        keep = ~fin
        tiny = np.all(np.abs(step) <= 1e-5 * (1.0 + np.abs(th)), axis=1)
        settled[act] = np.where(accept, tiny, settled[act])
        act, r, g, d = act[keep], r[keep], g[keep], d[keep]
    else:
        # out of iterations: accept rows whose steps have shrunk below 1e-5 (scaled units, i.e.
        # ~1e-5 relative in E*) while alternating around the optimum — the Gauss–Newton model is
        # poor where a data point sits right at the contact point (δ^{p-1} kink)
        done[act[settled[act]]] = True

    c = theta[:, 0] * fs / L**p
    b = (theta[:, 1] if offset_free else bs_fix) * fs
    cp = x0 + theta[:, -1] * L
    return PowerLawFit(
        prefactor=c,
        offset=b,
        contact=cp,
        sse=sse * fs**2,
        n_points=npts.astype(int),
        converged=done & (theta[:, 0] > 0),
    )
