"""Arrhenius fits of conductivity: activation energy, prefactor, σ at 25 °C.

Two forms (ordinary least squares on the linearised equation, as
:func:`scipy.stats.linregress` does):

* ``"sigma_T"`` (default):  σ·T = A·exp(−Ea/(kB·T))  →  ln(σT) = ln A − (Ea/kB)·(1/T)
* ``"sigma"``:              σ   = A·exp(−Ea/(kB·T))  →  ln σ   = ln A − (Ea/kB)·(1/T)

With x = 1/T, y the log, slope b and intercept a, n points and residual sum of
squares SSR:  s² = SSR/(n−2), u(b) = s/√Sxx, u(a) = s·√(1/n + x̄²/Sxx), so
Ea = −kB·b with u(Ea) = kB·u(b).  The prediction at T₀ has
u(ln y₀) = s·√(1/n + (x₀−x̄)²/Sxx).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from sselab.constants import T0_K, N_A_per_mol, e_C, k_B_eV_per_K
from sselab.errors import InputError

ArrheniusModel = Literal["sigma_T", "sigma"]
MODELS: tuple[str, ...] = ("sigma_T", "sigma")

#: 25 °C in K, the reference temperature of reported conductivities.
T25_K: float = T0_K + 25.0


@dataclass(frozen=True)
class ArrheniusFit:
    """Result of an Arrhenius fit.

    Attributes
    ----------
    model : {"sigma_T", "sigma"}
        Fitted form (see module docstring).
    activation_energy_eV, activation_energy_stderr_eV : float
        Ea and its standard error, eV (nan stderr with only two points).
    ln_prefactor, ln_prefactor_stderr : float
        ln A and its standard error; A in S K m⁻¹ ("sigma_T") or S m⁻¹ ("sigma").
    slope_K, intercept : float
        Fitted line ln(y) = intercept + slope_K·(1/T); slope in K.
    r_squared : float
        Coefficient of determination of the linear fit.
    n_points : int
        Number of (T, σ) points.
    sigma25_S_per_m, sigma25_stderr_S_per_m : float
        σ predicted at 25 °C and its standard error (delta method on ln σ).
    temperature_range_K : (float, float)
        Lowest and highest temperature fitted.
    residuals : tuple of float
        ln(y) − fitted, per point.
    warnings : tuple of str
        E.g. extrapolation to 25 °C outside the measured range.
    line_covariance : ((float, float), (float, float))
        Covariance of (intercept, slope_K).
    """

    model: str
    activation_energy_eV: float
    activation_energy_stderr_eV: float
    ln_prefactor: float
    ln_prefactor_stderr: float
    slope_K: float
    intercept: float
    r_squared: float
    n_points: int
    sigma25_S_per_m: float
    sigma25_stderr_S_per_m: float
    temperature_range_K: tuple[float, float]
    residuals: tuple[float, ...]
    warnings: tuple[str, ...] = ()
    line_covariance: tuple[tuple[float, float], tuple[float, float]] = (
        (math.nan, math.nan), (math.nan, math.nan))

    @property
    def activation_energy_kJ_per_mol(self) -> float:
        """Ea in kJ mol⁻¹."""
        return self.activation_energy_eV * e_C * N_A_per_mol / 1e3

    @property
    def activation_energy_stderr_kJ_per_mol(self) -> float:
        """u(Ea) in kJ mol⁻¹."""
        return self.activation_energy_stderr_eV * e_C * N_A_per_mol / 1e3

    @property
    def prefactor(self) -> float:
        """A = exp(ln A), S K m⁻¹ ("sigma_T") or S m⁻¹ ("sigma")."""
        return math.exp(self.ln_prefactor)

    @property
    def sigma25_mS_per_cm(self) -> float:
        """σ(25 °C) in mS cm⁻¹."""
        return self.sigma25_S_per_m * 10.0

    @property
    def sigma25_stderr_mS_per_cm(self) -> float:
        """u(σ(25 °C)) in mS cm⁻¹."""
        return self.sigma25_stderr_S_per_m * 10.0

    def conductivity_S_per_m(self, temperature_K: float | np.ndarray) -> float | np.ndarray:
        """σ(T) from the fitted line, S m⁻¹."""
        t = np.asarray(temperature_K, dtype=float)
        ln_y = self.intercept + self.slope_K / t
        out = np.exp(ln_y) / t if self.model == "sigma_T" else np.exp(ln_y)
        return float(out) if out.ndim == 0 else out

    def ln_conductivity_stderr(self, temperature_K: float) -> float:
        """Standard error of ln σ(T) predicted by the fit."""
        x0 = 1.0 / float(temperature_K)
        (vaa, vab), (_, vbb) = self.line_covariance
        return math.sqrt(max(vaa + 2.0 * x0 * vab + x0 * x0 * vbb, 0.0))


def arrhenius_conductivity(temperature_K: float | np.ndarray, sigma25_S_per_m: float,
                           activation_energy_eV: float,
                           model: ArrheniusModel = "sigma_T") -> float | np.ndarray:
    """σ(T), S m⁻¹, of an Arrhenius conductor given σ(25 °C) and Ea (the forward model)."""
    _check_model(model)
    t = np.asarray(temperature_K, dtype=float)
    boltz = np.exp(-activation_energy_eV / k_B_eV_per_K * (1.0 / t - 1.0 / T25_K))
    out = sigma25_S_per_m * boltz * (T25_K / t if model == "sigma_T" else 1.0)
    return float(out) if out.ndim == 0 else out


def _check_model(model: str) -> None:
    if model not in MODELS:
        raise InputError(f"unknown Arrhenius model {model!r}; use one of {', '.join(MODELS)}")


def fit_arrhenius(temperature_K: np.ndarray, conductivity_S_per_m: np.ndarray,
                  model: ArrheniusModel = "sigma_T") -> ArrheniusFit:
    """Fit Ea and the prefactor to conductivities measured at several temperatures.

    Parameters
    ----------
    temperature_K : array of float
        Absolute temperatures, K (> 0; at least two distinct values).
    conductivity_S_per_m : array of float
        Conductivities, S m⁻¹ (> 0).
    model : {"sigma_T", "sigma"}
        Linearised form (module docstring).

    Returns
    -------
    ArrheniusFit
        Standard errors equal those of :func:`scipy.stats.linregress` on the same line.
    """
    _check_model(model)
    t = np.asarray(temperature_K, dtype=float).reshape(-1)
    s = np.asarray(conductivity_S_per_m, dtype=float).reshape(-1)
    if t.shape != s.shape:
        raise InputError(f"{t.size} temperatures but {s.size} conductivities")
    if t.size < 2:
        raise InputError("an Arrhenius fit needs at least two temperatures")
    if not np.all(np.isfinite(t)) or np.any(t <= 0):
        raise InputError("temperatures must be finite and > 0 K (convert °C to K first)")
    if not np.all(np.isfinite(s)) or np.any(s <= 0):
        raise InputError("conductivities must be finite and > 0")
    if np.ptp(t) < 1e-9 * t.max():
        raise InputError("all temperatures are equal; an Arrhenius fit needs at least two")
    warns: list[str] = []
    if t.max() > 2000.0 or t.min() < 20.0:
        warns.append(f"temperatures span {t.min():.4g}–{t.max():.4g} K; were they given in °C?")
    x = 1.0 / t
    y = np.log(s * t) if model == "sigma_T" else np.log(s)
    n = t.size
    xm, ym = x.mean(), y.mean()
    sxx = float(np.sum((x - xm) ** 2))
    sxy = float(np.sum((x - xm) * (y - ym)))
    syy = float(np.sum((y - ym) ** 2))
    b = sxy / sxx
    a = ym - b * xm
    resid = y - (a + b * x)
    ssr = float(np.sum(resid**2))
    r2 = 1.0 if syy == 0.0 else max(0.0, min(1.0, sxy * sxy / (sxx * syy)))
    if n > 2:
        s2 = ssr / (n - 2)
        vbb = s2 / sxx
        vaa = s2 * (1.0 / n + xm * xm / sxx)
        vab = -xm * s2 / sxx
    else:
        vaa = vab = vbb = math.nan
        warns.append("two points: the line is exact and its standard errors are undefined")
    x25 = 1.0 / T25_K
    ln_y25 = a + b * x25
    sig25 = math.exp(ln_y25) / T25_K if model == "sigma_T" else math.exp(ln_y25)
    u_ln25 = math.sqrt(max(vaa + 2 * x25 * vab + x25 * x25 * vbb, 0.0)) if n > 2 else math.nan
    if not (t.min() - 0.5 <= T25_K <= t.max() + 0.5):
        warns.append(f"σ(25 °C) is extrapolated from {t.min():.1f}–{t.max():.1f} K")
    return ArrheniusFit(
        model=model,
        activation_energy_eV=-b * k_B_eV_per_K,
        activation_energy_stderr_eV=math.sqrt(vbb) * k_B_eV_per_K if n > 2 else math.nan,
        ln_prefactor=a,
        ln_prefactor_stderr=math.sqrt(vaa) if n > 2 else math.nan,
        slope_K=b,
        intercept=a,
        r_squared=r2,
        n_points=n,
        sigma25_S_per_m=sig25,
        sigma25_stderr_S_per_m=sig25 * u_ln25,
        temperature_range_K=(float(t.min()), float(t.max())),
        residuals=tuple(float(v) for v in resid),
        warnings=tuple(warns),
        line_covariance=((vaa, vab), (vab, vbb)),
    )
