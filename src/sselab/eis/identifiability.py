"""Which fitted parameters do the data determine? Covariance, correlations, flags.

From the Jacobian J of the weighted residuals at the optimum (in the fit
coordinates x: ln p for scale parameters, p for exponents) the covariance is

.. math::

    \\mathrm{Cov}(x) = s^2 (J^T J)^{+}, \\qquad s^2 = \\chi^2 / (2N - m),

computed by SVD.  Directions whose singular value is below
eps · max(2N, m) · σ_max carry no information at all (exact degeneracy); the
parameters taking part in them get an infinite standard error.  A parameter is
flagged as *not identifiable* when its relative standard error exceeds
``MAX_RELATIVE_STDERR`` (1) or its correlation with another parameter exceeds
``MAX_ABS_CORRELATION`` (0.99) in magnitude.

References
----------
.. [1] M. E. Orazem, B. Tribollet. *Electrochemical Impedance Spectroscopy*,
   2nd ed., Wiley (2017), ch. 19 (regression: confidence intervals and
   correlation of parameter estimates).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

#: Above these a parameter is flagged as not identifiable.
MAX_RELATIVE_STDERR = 1.0
MAX_ABS_CORRELATION = 0.99


@dataclass(frozen=True, eq=False)
class CovarianceAnalysis:
    """Standard errors, correlations and identifiability of the free parameters.

    Attributes
    ----------
    covariance, correlation : ndarray, shape (m, m)
        In the parameters' own units (∞ rows/columns for undetermined ones).
    stderr, relative_stderr : mapping name → float
    identifiable : mapping name → bool
    notes : tuple of str
        Why each flagged parameter is flagged; parameters on a bound.
    root_covariance_x : ndarray, shape (r, m)
        B with Cov(x)⁺ = BᵀB (r resolved directions), for combinations c·x.
    null_space_x : ndarray, shape (m − r, m)
        Orthonormal basis of the undetermined directions in x.
    """

    covariance: np.ndarray
    correlation: np.ndarray
    stderr: Mapping[str, float]
    relative_stderr: Mapping[str, float]
    identifiable: Mapping[str, bool]
    notes: tuple[str, ...]
    root_covariance_x: np.ndarray
    null_space_x: np.ndarray


def _svd_covariance(jx: np.ndarray, s2: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(s² (JᵀJ)⁺, B, null basis) in x via SVD."""
    _, s, vt = np.linalg.svd(jx, full_matrices=False)
    m = jx.shape[1]
    if s.size == 0 or s[0] == 0.0:
        return np.zeros((m, m)), np.zeros((0, m)), np.eye(m)
    keep = s > s[0] * np.finfo(float).eps * max(jx.shape)
    w = vt[keep] / s[keep][:, None]
    return (w.T @ w) * s2, w * np.sqrt(s2), vt[~keep]


def analyse_covariance(
    jacobian_x: np.ndarray,
    s2: float,
    dp_dx: np.ndarray,
    values: Sequence[float],
    names: Sequence[str],
    bounds: Mapping[str, tuple[float, float]],
) -> CovarianceAnalysis:
    """Covariance and identifiability of parameters ``names`` at the optimum.

    Parameters
    ----------
    jacobian_x : ndarray, shape (2N, m)
        Jacobian of the weighted residuals with respect to the fit coordinates.
    s2 : float
        Residual variance χ²/(2N − m).
    dp_dx : ndarray, shape (m,)
        dp/dx (p for log-fitted parameters, 1 otherwise).
    values : sequence of float
        Parameter values p.
    names : sequence of str
    bounds : mapping name → (lower, upper)
        To report parameters sitting on a bound.
    """
    values = np.asarray(values, dtype=float)
    cov_pinv, root, null = _svd_covariance(jacobian_x, s2)
    m = len(names)
    lost = np.any(np.abs(null) > 1e-6, axis=0) if null.size else np.zeros(m, dtype=bool)
    cov_x = cov_pinv.copy()
    cov_x[lost, :] = np.inf
    cov_x[:, lost] = np.inf
    with np.errstate(invalid="ignore", over="ignore"):
        cov = cov_x * np.outer(dp_dx, dp_dx)
        sd = np.sqrt(np.diag(cov))
        corr = cov_x / np.sqrt(np.outer(np.diag(cov_x), np.diag(cov_x)))
    corr[~np.isfinite(corr)] = np.nan
    np.fill_diagonal(corr, 1.0)

    stderr, rel, ident, notes = {}, {}, {}, []
    for k, n in enumerate(names):
        stderr[n] = float(sd[k])
        rel[n] = float(sd[k]) / abs(float(values[k])) if values[k] != 0 else float("inf")
        ident[n] = True
        if not rel[n] <= MAX_RELATIVE_STDERR:
            ident[n] = False
            notes.append(f"{n}: relative standard error {rel[n]:.3g} > {MAX_RELATIVE_STDERR:g}; "
                         "the data barely constrain it")
    if np.any(lost):
        mixed = ", ".join(n for n, lo in zip(names, lost, strict=True) if lo)
        notes.append(f"{mixed}: not separately determined; the model is exactly degenerate "
                     "along a direction mixing them (e.g. an element with no effect in the "
                     "measured window)")
    for a in range(m):
        for b in range(a + 1, m):
            c = corr[a, b]
            if np.isfinite(c) and abs(c) > MAX_ABS_CORRELATION:
                ident[names[a]] = ident[names[b]] = False
                notes.append(f"{names[a]} and {names[b]} are correlated (r = {c:+.4f}); only a "
                             "combination of them is determined")
    for k, n in enumerate(names):
        v = values[k]
        for bound, side in zip(bounds[n], ("lower", "upper"), strict=True):
            if np.isfinite(bound) and abs(v - bound) <= 1e-6 * max(abs(bound), 1e-12):
                notes.append(f"{n} = {v:.6g} sits on its {side} bound")
    return CovarianceAnalysis(covariance=cov, correlation=corr, stderr=stderr,
                              relative_stderr=rel, identifiable=ident, notes=tuple(notes),
                              root_covariance_x=root, null_space_x=null)
