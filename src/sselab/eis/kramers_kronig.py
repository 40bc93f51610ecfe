"""Linear Kramers–Kronig validity test (Lin-KK) after Schönleber et al. (2014).

The spectrum is fitted with a KK-compliant model whose only free parameters
enter linearly,

.. math::

    \\hat Z(\\omega) = R_0 + \\sum_{k=1}^{M} \\frac{R_k}{1 + j\\omega\\tau_k}
                    + j\\omega L \\; \\left[ + \\frac{1}{j\\omega C} \\right],

with fixed time constants τ_1 = 1/ω_max … τ_M = 1/ω_min spaced evenly in
log τ, so each fit is one weighted linear least-squares solve (rows divided by
|Z|).  M grows from 1 until the over-fitting measure

.. math::

    \\mu = 1 - \\frac{\\sum_{R_k < 0} |R_k|}{\\sum_{R_k \\ge 0} |R_k|}

drops to ``c`` or below (default 0.85).  The relative residuals
(Z − Ẑ)/|Z| then show whether the data obey the Kramers–Kronig relations
(residuals at the noise level, no trend) or not (drift, non-linearity).

This is a clean-room implementation that reproduces, number for number, the
algorithm of impedance.py's ``validation.linKK`` (MIT licence), including its
conventions: M starts at 1 (with τ_1 = 1/ω_min when M = 1); a series
inductance is always included; with ``fit_type="real"`` L (and C) are fitted
afterwards to the imaginary residual; with ``fit_type="imag"`` R_0 follows
from Boukamp's weighted mean of the real residual; μ uses the R_k only.

References
----------
.. [1] M. Schönleber, D. Klotz, E. Ivers-Tiffée. A method for improving the
   robustness of linear Kramers-Kronig validity tests. Electrochim. Acta 131,
   20–27 (2014). doi:10.1016/j.electacta.2014.01.034
.. [2] B. A. Boukamp. A linear Kronig-Kramers transform test for immittance
   data validation. J. Electrochem. Soc. 142, 1885–1894 (1995).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sselab.eis.spectrum import Spectrum
from sselab.errors import InputError

FIT_TYPES: tuple[str, ...] = ("real", "imag", "complex")


@dataclass(frozen=True, eq=False)
class LinKKResult:
    """Result of :func:`lin_kk`.

    Attributes
    ----------
    M : int
        Number of RC elements used.
    mu : float
        Over-fitting measure μ at that M.
    c : float or None
        The μ cut-off used (None: M was fixed).
    fit_type : str
    tau_s : ndarray, shape (M,)
        Time constants, s.
    resistance_ohm : ndarray, shape (M,)
        R_k, Ω (may be negative).
    R0_ohm, inductance_H : float
        Series resistance and inductance.
    capacitance_F : float or None
        Series capacitance (``add_capacitance=True``), else None.
    frequency_Hz, impedance_ohm, impedance_fit_ohm : ndarray
        Data and KK-compliant fit, in the spectrum's order.
    residuals_real, residuals_imag : ndarray
        Re and Im of (Z − Ẑ)/|Z|.
    """

    M: int
    mu: float
    c: float | None
    fit_type: str
    tau_s: np.ndarray
    resistance_ohm: np.ndarray
    R0_ohm: float
    inductance_H: float
    capacitance_F: float | None
    frequency_Hz: np.ndarray
    impedance_ohm: np.ndarray
    impedance_fit_ohm: np.ndarray
    residuals_real: np.ndarray
    residuals_imag: np.ndarray

    @property
    def max_abs_residual(self) -> float:
        """Largest |relative residual| over real and imaginary parts."""
        return float(max(np.max(np.abs(self.residuals_real)),
                         np.max(np.abs(self.residuals_imag))))

    def to_dict(self) -> dict:
        """Plain, JSON-ready summary."""
        return {
            "M": self.M, "mu": self.mu, "c": self.c, "fit_type": self.fit_type,
            "R0_ohm": self.R0_ohm, "inductance_H": self.inductance_H,
            "capacitance_F": self.capacitance_F,
            "max_abs_residual": self.max_abs_residual,
            "rms_residual_real": float(np.sqrt(np.mean(self.residuals_real**2))),
            "rms_residual_imag": float(np.sqrt(np.mean(self.residuals_imag**2))),
            "frequency_Hz": self.frequency_Hz.tolist(),
            "residuals_real": self.residuals_real.tolist(),
            "residuals_imag": self.residuals_imag.tolist(),
        }


def time_constants(frequency_Hz: np.ndarray, M: int) -> np.ndarray:
    """τ_k = 1/ω_max … 1/ω_min, evenly spaced in log τ (τ_1 = 1/ω_min if M = 1), s."""
    f = np.asarray(frequency_Hz, dtype=float)
    t_min = 1.0 / (2.0 * np.pi * np.max(f))
    t_max = 1.0 / (2.0 * np.pi * np.min(f))
    if M == 1:
        return np.array([t_max])
    k = np.arange(M)
    ts = 10.0 ** (np.log10(t_min) + k / (M - 1) * np.log10(t_max / t_min))
    ts[0], ts[-1] = t_min, t_max
    return ts


def _mu(r: np.ndarray) -> float:
    neg = float(np.sum(np.abs(r[r < 0])))
    pos = float(np.sum(np.abs(r[r >= 0])))
    if pos == 0.0:
        return -np.inf if neg > 0 else np.nan
    return 1.0 - neg / pos


def _solve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.linalg.lstsq(a, b, rcond=None)[0]


def _fit(w, z, zabs, ts, fit_type, add_cap):
    """Coefficients (R0, R_k…, 1/C or 0, L) for fixed time constants."""
    m = ts.size
    k = 1.0 / (1.0 + 1j * np.outer(w, ts))  # RC kernels, shape (n, M)
    kre = k.real / zabs[:, None]
    kim = k.imag / zabs[:, None]
    inv_c = 0.0
    if fit_type == "real":
        a = np.column_stack((1.0 / zabs, kre))
        coef = _solve(a, z.real / zabs)
        r0, rk = coef[0], coef[1:]
        zfit_im = k.imag @ rk
        cols = [w / zabs]
        if add_cap:
            cols.insert(0, -1.0 / (w * zabs))
        sol = _solve(np.column_stack(cols), (z.imag - zfit_im) / zabs)
        ell = sol[-1]
        if add_cap:
            inv_c = sol[0]
    elif fit_type == "imag":
        cols = [kim]
        if add_cap:
            cols.append((-1.0 / (w * zabs))[:, None])
        cols.append((w / zabs)[:, None])
        coef = _solve(np.hstack(cols), z.imag / zabs)
        rk = coef[:m]
        ell = coef[-1]
        if add_cap:
            inv_c = coef[m]
        ws = 1.0 / zabs**2
        r0 = float(np.sum(ws * (z.real - k.real @ rk)) / np.sum(ws))
    elif fit_type == "complex":
        n = w.size
        ncol = m + 2 + (1 if add_cap else 0)
        a_re = np.zeros((n, ncol))
        a_im = np.zeros((n, ncol))
        a_re[:, 0] = 1.0 / zabs
        a_re[:, 1:m + 1] = kre
        a_im[:, 1:m + 1] = kim
        a_im[:, -1] = w / zabs
        if add_cap:
            a_im[:, -2] = -1.0 / (w * zabs)
        coef = _solve(np.vstack((a_re, a_im)), np.concatenate((z.real, z.imag)) / np.tile(zabs, 2))
        r0, rk, ell = coef[0], coef[1:m + 1], coef[-1]
        if add_cap:
            inv_c = coef[-2]
    else:
        raise InputError(f"unknown fit_type {fit_type!r}; use one of {', '.join(FIT_TYPES)}")
    return float(r0), np.asarray(rk, dtype=float), float(inv_c), float(ell), k


def lin_kk(
    spectrum: Spectrum,
    c: float | None = 0.85,
    max_M: int = 50,
    fit_type: str = "real",
    add_capacitance: bool = False,
) -> LinKKResult:
    """Lin-KK test of ``spectrum``.

    Parameters
    ----------
    spectrum : Spectrum
    c : float or None
        μ cut-off; M grows from 1 until μ ≤ c (or ``max_M``).  ``None`` uses
        exactly ``max_M`` elements.
    max_M : int
        Largest number of RC elements.
    fit_type : {"real", "imag", "complex"}
        Which part of Z determines the R_k.
    add_capacitance : bool
        Add a series capacitance (spectra without a low-frequency intercept,
        e.g. blocking electrodes).

    Returns
    -------
    LinKKResult
    """
    if fit_type not in FIT_TYPES:
        raise InputError(f"unknown fit_type {fit_type!r}; use one of {', '.join(FIT_TYPES)}")
    if int(max_M) < 1:
        raise InputError(f"max_M must be at least 1, got {max_M}")
    if c is not None and not 0.0 < float(c) <= 1.0:
        raise InputError(f"the mu cut-off c must lie in (0, 1], got {c}")
    f = spectrum.frequency_Hz
    z = spectrum.impedance_ohm
    if f.size < 2 or np.any(f <= 0) or not np.all(np.isfinite(z)):
        raise InputError("Lin-KK needs at least 2 points with f > 0 and finite impedance")
    zabs = np.abs(z)
    if np.any(zabs == 0):
        raise InputError("Lin-KK weights by 1/|Z|; remove points with Z = 0")
    w = 2.0 * np.pi * f

    if c is None:
        M = int(max_M)
        ts = time_constants(f, M)
        r0, rk, inv_c, ell, k = _fit(w, z, zabs, ts, fit_type, add_capacitance)
        mu = _mu(rk)
    else:
        M, mu = 0, 1.0
        while mu > c and M < max_M:
            M += 1
            ts = time_constants(f, M)
            r0, rk, inv_c, ell, k = _fit(w, z, zabs, ts, fit_type, add_capacitance)
            mu = _mu(rk)

    zfit = r0 + k @ rk + 1j * w * ell
    if add_capacitance and inv_c != 0.0:
        zfit = zfit + inv_c / (1j * w)
    resid = (z - zfit) / zabs
    return LinKKResult(
        M=M, mu=float(mu), c=None if c is None else float(c), fit_type=fit_type, tau_s=ts,
        resistance_ohm=rk, R0_ohm=r0, inductance_H=ell,
        capacitance_F=(1.0 / inv_c if add_capacitance and inv_c != 0.0 else None),
        frequency_Hz=f, impedance_ohm=z, impedance_fit_ohm=zfit,
        residuals_real=resid.real, residuals_imag=resid.imag,
    )
