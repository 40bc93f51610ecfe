"""Distribution of relaxation times (DRT) by non-negative Tikhonov regularisation.

The spectrum is written as a series resistance plus a continuous distribution
of RC relaxations (optionally a series inductance),

.. math::

    Z(\\omega) = R_\\infty + [j\\omega L] + \\int \\frac{\\gamma(\\ln\\tau)}{1 + j\\omega\\tau}
                 \\, d\\ln\\tau ,

with γ (Ω per unit ln τ) piecewise constant on a log-spaced τ grid (the
"RC basis"; each cell's kernel is integrated exactly:
∫ dlnτ/(1 + jωτ) = Δlnτ − Δln(1 + jωτ)).  Rows are weighted by 1/|Z| and the
real and imaginary parts are fitted together.  The regularised problem

.. math::

    \\min_{x \\ge 0} \\; \\|A x - b\\|^2 + \\lambda \\|D\\gamma\\|^2

(D = identity, first or second difference) is solved as one non-negative
least-squares problem on the augmented matrix [A; √λ D].  λ is chosen by
generalised cross-validation,

.. math::

    \\mathrm{GCV}(\\lambda) = \\frac{n\\,\\|A x_\\lambda - b\\|^2}{(n - \\mathrm{tr}\\,H_\\lambda)^2},

with the influence matrix H of the unconstrained problem, or by the
corner (maximum curvature) of the L-curve.  Peaks of γ are located by
parabolic interpolation in ln τ.

References
----------
.. [1] T. H. Wan, M. Saccoccio, C. Chen, F. Ciucci. Influence of the
   discretization methods on the distribution of relaxation times
   deconvolution. Electrochim. Acta 184, 483–499 (2015).
.. [2] G. H. Golub, M. Heath, G. Wahba. Generalized cross-validation as a method
   for choosing a good ridge parameter. Technometrics 21, 215–223 (1979).
.. [3] P. C. Hansen. Analysis of discrete ill-posed problems by means of the
   L-curve. SIAM Review 34, 561–580 (1992).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sselab.eis.spectrum import Spectrum
from sselab.errors import InputError

LAMBDA_GRID = np.logspace(-7, 1, 33)


@dataclass(frozen=True)
class DRTPeak:
    """One peak of γ(ln τ)."""

    tau_s: float
    frequency_Hz: float
    gamma_ohm: float
    resistance_ohm: float


@dataclass(frozen=True, eq=False)
class DRTResult:
    """Result of :func:`drt`.

    Attributes
    ----------
    tau_s : ndarray
        Grid of time constants (cell centres), s.
    gamma_ohm : ndarray
        γ on the grid, Ω per unit ln τ.
    R_inf_ohm : float
        Series (high-frequency) resistance.
    inductance_H : float
        Series inductance (0 unless ``inductance=True``).
    lambda_ : float
        Regularisation parameter used.
    method : str
        How λ was chosen ("gcv", "lcurve" or "fixed").
    peaks : tuple of DRTPeak
        Interior maxima of γ above ``peak_threshold`` × max γ, sorted by τ (a
        maximum on the edge of the τ grid is a process outside the measured
        window and is not listed).
    impedance_fit_ohm : ndarray
        Model impedance at the data frequencies.
    residuals : ndarray of complex
        (Z − Ẑ)/|Z|.
    lambda_grid, criterion : ndarray
        The λ values tried and the GCV value or L-curve curvature of each.
    """

    tau_s: np.ndarray
    gamma_ohm: np.ndarray
    R_inf_ohm: float
    inductance_H: float
    lambda_: float
    method: str
    peaks: tuple[DRTPeak, ...]
    frequency_Hz: np.ndarray
    impedance_ohm: np.ndarray
    impedance_fit_ohm: np.ndarray
    residuals: np.ndarray
    lambda_grid: np.ndarray
    criterion: np.ndarray

    @property
    def polarization_resistance_ohm(self) -> float:
        """∫ γ dln τ, Ω."""
        return float(np.sum(self.gamma_ohm) * _dlntau(self.tau_s))

    def to_dict(self) -> dict:
        """Plain, JSON-ready summary."""
        return {
            "R_inf_ohm": self.R_inf_ohm, "inductance_H": self.inductance_H,
            "polarization_resistance_ohm": self.polarization_resistance_ohm,
            "lambda": self.lambda_, "lambda_method": self.method,
            "peaks": [{"tau_s": p.tau_s, "frequency_Hz": p.frequency_Hz,
                       "gamma_ohm": p.gamma_ohm, "resistance_ohm": p.resistance_ohm}
                      for p in self.peaks],
            "tau_s": self.tau_s.tolist(), "gamma_ohm": self.gamma_ohm.tolist(),
            "rms_residual": float(np.sqrt(np.mean(np.abs(self.residuals) ** 2))),
        }


def _dlntau(tau: np.ndarray) -> float:
    return float(np.log(tau[1] / tau[0])) if tau.size > 1 else 1.0


def _kernel(omega: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """∫_cell dlnτ/(1 + jωτ) for each frequency and grid cell, shape (n, K)."""
    h = _dlntau(tau)
    edges = np.exp(np.log(tau[0]) - h / 2 + h * np.arange(tau.size + 1))
    wt = np.outer(omega, edges)
    # ∫ dlnτ /(1 + jωτ) = ln τ − ln(1 + jωτ); difference over the cell
    prim = -np.log1p(1j * wt)
    return h + (prim[:, 1:] - prim[:, :-1])


def _difference(n: int, order: int) -> np.ndarray:
    if order == 0:
        return np.eye(n)
    d = np.eye(n)
    for _ in range(order):
        d = np.diff(d, axis=0)
    return d


def _solve(a, b, dfull, lam):
    from scipy.optimize import nnls

    aug = np.vstack((a, np.sqrt(lam) * dfull))
    rhs = np.concatenate((b, np.zeros(dfull.shape[0])))
    x, _ = nnls(aug, rhs, maxiter=50 * aug.shape[1])
    return x


def _trace_h(a: np.ndarray, dfull: np.ndarray, lam: float) -> float:
    """tr H of the unconstrained regularised problem, H = A (AᵀA + λDᵀD)⁻¹ Aᵀ.

    (Using the unconstrained influence matrix rather than the active set of the
    non-negative solution makes GCV markedly less prone to under-smoothing.)
    """
    ata = a.T @ a
    g = ata + lam * (dfull.T @ dfull)
    try:
        return float(np.trace(np.linalg.solve(g, ata)))
    except np.linalg.LinAlgError:
        return float(np.trace(np.linalg.lstsq(g, ata, rcond=None)[0]))


def _curvature(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Menger curvature of consecutive point triplets (ends get −inf)."""
    k = np.full(x.size, -np.inf)
    for i in range(1, x.size - 1):
        p1, p2, p3 = (x[i - 1], y[i - 1]), (x[i], y[i]), (x[i + 1], y[i + 1])
        area2 = (p2[0] - p1[0]) * (p3[1] - p1[1]) - (p2[1] - p1[1]) * (p3[0] - p1[0])
        d = np.hypot(p2[0] - p1[0], p2[1] - p1[1]) * np.hypot(p3[0] - p2[0], p3[1] - p2[1]) \
            * np.hypot(p3[0] - p1[0], p3[1] - p1[1])
        k[i] = 2.0 * area2 / d if d > 0 else -np.inf
    return k


def _peaks(tau: np.ndarray, gamma: np.ndarray, threshold: float) -> tuple[DRTPeak, ...]:
    h = _dlntau(tau)
    lt = np.log(tau)
    g = gamma
    out = []
    gmax = float(np.max(gamma)) if gamma.size else 0.0
    # interior maxima only: a maximum on the grid edge is a process outside the window
    for i in range(1, g.size - 1):
        if not (g[i] > g[i - 1] and g[i] >= g[i + 1] and g[i] > threshold * gmax):
            continue
        k = i
        # parabolic refinement of the maximum in ln tau
        y0, y1, y2 = g[i - 1], g[i], g[i + 1]
        den = y0 - 2 * y1 + y2
        off = 0.5 * (y0 - y2) / den if den < 0 else 0.0
        off = float(np.clip(off, -0.5, 0.5))
        lt_peak = lt[k] + off * h
        # area between the neighbouring minima
        lo = k
        while lo > 0 and gamma[lo - 1] <= gamma[lo] and gamma[lo - 1] > 0:
            lo -= 1
        hi = k
        while hi < gamma.size - 1 and gamma[hi + 1] <= gamma[hi] and gamma[hi + 1] > 0:
            hi += 1
        tau_p = float(np.exp(lt_peak))
        out.append(DRTPeak(tau_s=tau_p, frequency_Hz=1.0 / (2.0 * np.pi * tau_p),
                           gamma_ohm=float(y1 - 0.25 * (y0 - y2) * off),
                           resistance_ohm=float(np.sum(gamma[lo:hi + 1]) * h)))
    return tuple(out)


def drt(
    spectrum: Spectrum,
    *,
    regularization: str | float = "gcv",
    order: int = 2,
    points_per_decade: int = 10,
    tau_range_s: tuple[float, float] | None = None,
    inductance: bool = False,
    peak_threshold: float = 0.05,
) -> DRTResult:
    """Distribution of relaxation times of ``spectrum``.

    Parameters
    ----------
    spectrum : Spectrum
        Capacitive data (drop inductive points first unless ``inductance=True``).
    regularization : "gcv", "lcurve" or float
        How to choose λ, or λ itself.
    order : {0, 1, 2}
        Penalise γ itself, its first or its second difference.
    points_per_decade : int
        τ-grid density.
    tau_range_s : (float, float), optional
        Grid limits; default one decade beyond 1/(2π f_max) … 1/(2π f_min).
    inductance : bool
        Fit a series inductance L ≥ 0 too.
    peak_threshold : float
        Report maxima above this fraction of max γ.

    Returns
    -------
    DRTResult
    """
    f, z = spectrum.frequency_Hz, spectrum.impedance_ohm
    if f.size < 5:
        raise InputError("DRT needs at least 5 points")
    if np.any(f <= 0) or not np.all(np.isfinite(z)) or np.any(z == 0):
        raise InputError("DRT needs f > 0 and finite, non-zero impedance")
    if order not in (0, 1, 2):
        raise InputError(f"order must be 0, 1 or 2, got {order}")
    omega = 2.0 * np.pi * f
    if tau_range_s is None:
        tau_lo, tau_hi = 0.1 / omega.max(), 10.0 / omega.min()
    else:
        tau_lo, tau_hi = (float(v) for v in tau_range_s)
        if not 0 < tau_lo < tau_hi:
            raise InputError("tau_range_s must be (low, high) with 0 < low < high")
    n_tau = max(3, int(round(np.log10(tau_hi / tau_lo) * points_per_decade)) + 1)
    tau = np.geomspace(tau_lo, tau_hi, n_tau)

    zabs = np.abs(z)
    zref = float(np.median(zabs))
    ker = _kernel(omega, tau) * zref  # unknowns scaled by zref: dimensionless
    cols_re = [np.full(f.size, zref)]
    cols_im = [np.zeros(f.size)]
    if inductance:
        lref = zref / omega.max()
        cols_re.append(np.zeros(f.size))
        cols_im.append(omega * lref)
    n_extra = len(cols_re)
    a = np.vstack((np.column_stack(cols_re + [ker.real]), np.column_stack(cols_im + [ker.imag])))
    a /= np.tile(zabs, 2)[:, None]
    b = np.concatenate((z.real, z.imag)) / np.tile(zabs, 2)
    d = _difference(n_tau, order)
    dfull = np.hstack((np.zeros((d.shape[0], n_extra)), d))

    if isinstance(regularization, str):
        method = regularization.lower()
        if method not in ("gcv", "lcurve"):
            raise InputError(f"regularization must be 'gcv', 'lcurve' or a number, "
                             f"got {regularization!r}")
        grid = LAMBDA_GRID
        sols = [_solve(a, b, dfull, lam) for lam in grid]
        res = np.array([np.sum((a @ x - b) ** 2) for x in sols])
        if method == "gcv":
            n = b.size
            tr = np.array([_trace_h(a, dfull, lam) for lam in grid])
            crit = n * res / np.maximum(n - tr, 1e-12) ** 2
            best = int(np.argmin(crit))
        else:
            sem = np.array([np.sum((dfull @ x) ** 2) for x in sols])
            crit = _curvature(np.log(np.maximum(res, 1e-300)), np.log(np.maximum(sem, 1e-300)))
            best = int(np.argmax(crit))
        lam, x = float(grid[best]), sols[best]
    else:
        lam = float(regularization)
        if not lam >= 0:
            raise InputError(f"regularization parameter must be >= 0, got {regularization}")
        method, grid, crit = "fixed", np.array([lam]), np.array([np.nan])
        x = _solve(a, b, dfull, lam)

    r_inf = float(x[0] * zref)
    ell = float(x[1] * zref / omega.max()) if inductance else 0.0
    gamma = x[n_extra:] * zref
    zfit = r_inf + 1j * omega * ell + (ker / zref) @ gamma
    return DRTResult(
        tau_s=tau, gamma_ohm=gamma, R_inf_ohm=r_inf, inductance_H=ell, lambda_=lam,
        method=method, peaks=_peaks(tau, gamma, peak_threshold), frequency_Hz=f,
        impedance_ohm=z, impedance_fit_ohm=zfit, residuals=(z - zfit) / zabs,
        lambda_grid=np.asarray(grid), criterion=np.asarray(crit),
    )
