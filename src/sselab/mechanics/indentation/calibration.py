"""Frame-compliance and tip-area-function calibration on a reference material.

Indents of different depth into a material of known modulus (fused silica,
E = 72 GPa, ν = 0.17) give, per unload i, the *measured* peak load P_i, total
depth h_i and total stiffness S_t,i (frame + contact in series).  With

    C_t = 1/S_t = C_f + √π / (2·β·E_r·√A(h_c))                 (Oliver & Pharr 1992, eq. 23)

and E_r known, a trial frame compliance C_f fixes for every unload

    S_i   = 1/(C_t,i − C_f)                 contact stiffness
    h_c,i = (h_i − C_f·P_i) − ε·P_i/S_i     contact depth
    A_i   = π·S_i² / (4·β²·E_r²)            contact area

and the area coefficients follow from a *linear* weighted least-squares fit
of A_i = Σ C_j·h_c,i^(2/2^j) (relative residuals).  C_f is the value that
minimises that fit's residual (a 1-D profile: grid scan, then bounded
refinement).  This is the joint fit of the iterative procedure of Oliver &
Pharr (1992, section IV.A), done as a variable projection.

References
----------
W. C. Oliver, G. M. Pharr, J. Mater. Res. 7, 1564 (1992), section IV.A.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sselab.errors import FitError, InputError
from sselab.mechanics.indentation.area_function import AreaFunction
from sselab.mechanics.indentation.oliver_pharr import (
    Indenter,
    UnloadResult,
    diamond,
    reduced_from_sample_Pa,
)

_NM = 1e-9


@dataclass(frozen=True)
class CalibrationResult:
    """Calibrated frame compliance (m/N) and area function, with fit diagnostics.

    ``rms_rel`` is the RMS relative residual of the area fit; ``contact_depth_m``
    and ``area_m2`` are the per-unload points of the final fit.
    """

    frame_compliance_m_per_N: float
    area: AreaFunction
    rms_rel: float
    n_unloads: int
    contact_depth_m: np.ndarray
    area_m2: np.ndarray


def fused_silica() -> tuple[float, float]:
    """(E in Pa, ν) of the fused-silica reference from the packaged parameter set."""
    from sselab.parameters import load_parameter_set

    p = load_parameter_set("mechanics/indentation")
    return (float(p.value("reference.fused_silica.modulus")) * 1e9,
            float(p.value("reference.fused_silica.poisson_ratio")))


def _area_points(cf: float, p: np.ndarray, h: np.ndarray, ct: np.ndarray, er: float,
                 epsilon: float, beta: float) -> tuple[np.ndarray, np.ndarray]:
    s = 1.0 / (ct - cf)
    hc = (h - cf * p) - epsilon * p / s
    a = math.pi * s * s / (4.0 * beta * beta * er * er)
    return hc, a


def _fit_area(hc: np.ndarray, a: np.ndarray, n_terms: int, c0: float | None
              ) -> tuple[np.ndarray, float]:
    """Weighted linear LSQ of A = Σ C_j h^(2/2^j) in nm units; returns (coeffs, rms_rel)."""
    if np.any(hc <= 0):
        return np.full(n_terms, np.nan), math.inf
    x = hc / _NM
    y = a / (_NM * _NM)
    expo = 2.0 / 2.0 ** np.arange(n_terms)
    basis = x[:, None] ** expo[None, :]
    w = 1.0 / y
    if c0 is not None:
        rhs = y - c0 * basis[:, 0]
        sub = basis[:, 1:]
        if sub.shape[1]:
            coef, *_ = np.linalg.lstsq(sub * w[:, None], rhs * w, rcond=None)
        else:
            coef = np.zeros(0)
        coeffs = np.concatenate(([c0], coef))
    else:
        coeffs, *_ = np.linalg.lstsq(basis * w[:, None], y * w, rcond=None)
    resid = (basis @ coeffs - y) * w
    return coeffs, float(np.sqrt(np.mean(resid * resid)))


def calibrate(
    max_load_N: np.ndarray, max_depth_m: np.ndarray, total_stiffness_N_per_m: np.ndarray, *,
    reference_modulus_Pa: float | None = None, reference_poisson_ratio: float | None = None,
    indenter: Indenter | None = None, epsilon: float = 0.75, beta: float = 1.0,
    n_terms: int = 3, fixed_c0: float | None = None,
    max_frame_compliance_m_per_N: float | None = None,
) -> CalibrationResult:
    """Fit the frame compliance and area-function coefficients (see module docstring).

    Parameters
    ----------
    max_load_N, max_depth_m, total_stiffness_N_per_m : array_like
        Per unload: P_max (N), measured h_max (m, *not* frame-corrected) and the
        measured stiffness (N/m, fitted on the uncorrected curve).
    reference_modulus_Pa, reference_poisson_ratio : float, optional
        Reference material; default fused silica (72 GPa, 0.17).
    indenter : Indenter, optional
        Default diamond.
    epsilon, beta : float
        Geometry factors.
    n_terms : int
        Number of area coefficients C0…C(n−1) (≤ number of unloads − 1).
    fixed_c0 : float, optional
        Hold C0 fixed (e.g. 24.5) and fit the others.
    max_frame_compliance_m_per_N : float, optional
        Upper end of the C_f search (default just below the smallest 1/S_t).

    Raises
    ------
    InputError
        Arrays of unequal length, non-positive values, too few unloads.
    FitError
        No frame compliance gives a positive contact depth for every unload.
    """
    p = np.asarray(max_load_N, dtype=float)
    h = np.asarray(max_depth_m, dtype=float)
    st = np.asarray(total_stiffness_N_per_m, dtype=float)
    if not (p.shape == h.shape == st.shape) or p.ndim != 1:
        raise InputError("load, depth and stiffness arrays must be 1-D and of equal length")
    if not (np.all(np.isfinite(p) & np.isfinite(h) & np.isfinite(st))
            and np.all(p > 0) and np.all(h > 0) and np.all(st > 0)):
        raise InputError("calibration needs positive, finite P_max, h_max and S for every unload")
    n_free = n_terms - (1 if fixed_c0 is not None else 0)
    if n_terms < 1 or p.size < n_free + 2:
        raise InputError(f"{p.size} unloads are too few to fit {n_free} area coefficients "
                         f"and the frame compliance (need at least {n_free + 2})")
    e_ref, nu_ref = fused_silica()
    e_ref = reference_modulus_Pa if reference_modulus_Pa is not None else e_ref
    nu_ref = reference_poisson_ratio if reference_poisson_ratio is not None else nu_ref
    er = reduced_from_sample_Pa(e_ref, nu_ref, indenter or diamond())
    ct = 1.0 / st
    cf_hi = float(np.min(ct)) * (1.0 - 1e-6)
    if max_frame_compliance_m_per_N is not None:
        cf_hi = min(cf_hi, float(max_frame_compliance_m_per_N))

    def cost(cf: float) -> float:
        hc, a = _area_points(cf, p, h, ct, er, epsilon, beta)
        return _fit_area(hc, a, n_terms, fixed_c0)[1]

    grid = np.linspace(0.0, cf_hi, 401)
    costs = np.array([cost(c) for c in grid])
    if not np.any(np.isfinite(costs)):
        raise FitError("no frame compliance gives positive contact depths for all unloads; "
                       "check the data and epsilon")
    k = int(np.nanargmin(np.where(np.isfinite(costs), costs, np.nan)))
    lo, hi = grid[max(k - 1, 0)], grid[min(k + 1, grid.size - 1)]
    # golden-section refinement on [lo, hi]
    g = (math.sqrt(5.0) - 1.0) / 2.0
    a_, b_ = lo, hi
    c_, d_ = b_ - g * (b_ - a_), a_ + g * (b_ - a_)
    fc, fd = cost(c_), cost(d_)
    for _ in range(200):
        if abs(b_ - a_) <= 1e-12 * max(abs(b_), 1e-30) + 1e-30:
            break
        if fc < fd:
            b_, d_, fd = d_, c_, fc
            c_ = b_ - g * (b_ - a_)
            fc = cost(c_)
        else:
            a_, c_, fc = c_, d_, fd
            d_ = a_ + g * (b_ - a_)
            fd = cost(d_)
    cf = 0.5 * (a_ + b_)
    if cost(cf) > costs[k]:
        cf = float(grid[k])
    hc, a = _area_points(cf, p, h, ct, er, epsilon, beta)
    coeffs, rms = _fit_area(hc, a, n_terms, fixed_c0)
    if not (np.all(np.isfinite(coeffs)) and coeffs[0] > 0):
        raise FitError(f"calibrated area function is unphysical (C0 = {coeffs[0]:.4g}); "
                       f"use fewer terms or fix C0")
    return CalibrationResult(float(cf), AreaFunction(tuple(float(c) for c in coeffs),
                                                     name="calibrated"),
                             rms, int(p.size), hc, a)


def calibrate_from_results(results: list[UnloadResult] | tuple[UnloadResult, ...], **kwargs: object
                           ) -> CalibrationResult:
    """:func:`calibrate` on analysed unloads (run the analysis with frame compliance 0).

    Unloads that could not be analysed are skipped.
    """
    ok = [r for r in results if r.ok]
    if not ok:
        raise InputError("no analysed unloads to calibrate on")
    return calibrate(np.array([r.max_load_N for r in ok]), np.array([r.max_depth_m for r in ok]),
                     np.array([r.stiffness_N_per_m for r in ok]), **kwargs)  # type: ignore[arg-type]
