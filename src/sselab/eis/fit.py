"""Complex non-linear least-squares fit of an equivalent circuit to a spectrum.

The fit minimises

.. math::

    \\chi^2 = \\sum_i \\left(\\frac{\\mathrm{Re}(Z_i^{model} - Z_i)}{\\sigma'_i}\\right)^2
            + \\left(\\frac{\\mathrm{Im}(Z_i^{model} - Z_i)}{\\sigma''_i}\\right)^2

with scipy's trust-region-reflective ``least_squares`` and the analytic
Jacobian of :mod:`sselab.eis.circuits`.  Positive scale parameters (R, C, Q, τ …)
are fitted as ln p, which makes the problem far better scaled (values from
1e-12 F to 1e6 Ω sit side by side) and keeps them positive without active
bounds; exponents (CPE α) are fitted linearly inside their bounds.

Weightings (σ', σ''):

* ``"modulus"``: σ' = σ'' = |Z_i| (impedance.py's ``weight_by_modulus=True``);
* ``"proportional"``: σ' = |Re Z_i|, σ'' = |Im Z_i| (each floored at 1e-3 |Z_i|,
  so points where a part crosses zero do not dominate);
* ``"unit"``: σ = 1 Ω (impedance.py's default, unweighted).

The covariance is s² (JᵀJ)⁻¹ with s² = χ²/(2N − m) (the weights are relative,
not measured variances: the same convention as ``scipy.optimize.curve_fit`` and
impedance.py); see :mod:`sselab.eis.identifiability` for which parameters the
data determine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from sselab.eis.circuits import Circuit, parse_circuit
from sselab.eis.identifiability import analyse_covariance
from sselab.eis.spectrum import Spectrum
from sselab.errors import FitError, InputError

WEIGHTINGS: tuple[str, ...] = ("modulus", "proportional", "unit")


@dataclass(frozen=True, eq=False)
class CircuitFit:
    """Result of :func:`fit_circuit`.

    Attributes
    ----------
    circuit : Circuit
        The fitted model.
    parameters : mapping str → float
        Best-fit values (fixed ones included), SI units (see ``units``).
    units : mapping str → str
        Unit of each parameter.
    stderr, relative_stderr : mapping str → float
        One-standard-error estimates from the covariance (0 for fixed parameters,
        ``inf`` where the data do not determine the parameter at all).
    identifiable : mapping str → bool
        False where the relative standard error > 1 or |correlation| > 0.99.
    identifiability_notes : tuple of str
        Why each flagged parameter is flagged, and parameters sitting on a bound.
    free_parameters : tuple of str
        Order of the rows/columns of ``covariance`` and ``correlation``.
    fixed : mapping str → float
        Parameters held constant.
    covariance, correlation : ndarray, shape (m, m)
        Of the free parameters, in their own units.
    frequency_Hz, impedance_ohm, impedance_fit_ohm : ndarray
        The data and the model at the data frequencies.
    residuals : ndarray of complex
        (Z_data − Z_model)/|Z_data| (relative).
    chi2, reduced_chi2 : float
        Weighted sum of squares and χ²/(2N − m).
    dof : int
        2N − m.
    weighting : str
    success : bool
        True when the optimiser met a convergence criterion.
    message : str
    n_evaluations, n_jacobian_evaluations : int
    initial : mapping str → float
        The starting point used.
    estimability : tuple of ndarray
        (B with covariance⁺ = BᵀB in fit coordinates x, null-space basis, dp/dx)
        for :meth:`sum_with_stderr`; x = ln p for scale parameters.
    """

    circuit: Circuit
    parameters: Mapping[str, float]
    units: Mapping[str, str]
    stderr: Mapping[str, float]
    relative_stderr: Mapping[str, float]
    identifiable: Mapping[str, bool]
    identifiability_notes: tuple[str, ...]
    free_parameters: tuple[str, ...]
    fixed: Mapping[str, float]
    covariance: np.ndarray
    correlation: np.ndarray
    frequency_Hz: np.ndarray
    impedance_ohm: np.ndarray
    impedance_fit_ohm: np.ndarray
    residuals: np.ndarray
    chi2: float
    reduced_chi2: float
    dof: int
    weighting: str
    success: bool
    message: str
    n_evaluations: int
    n_jacobian_evaluations: int
    initial: Mapping[str, float] = field(default_factory=dict)
    estimability: tuple[np.ndarray, np.ndarray, np.ndarray] | None = field(default=None,
                                                                          repr=False)

    @property
    def values(self) -> np.ndarray:
        """Parameter values in circuit order."""
        return np.array([self.parameters[n] for n in self.circuit.parameter_names])

    @property
    def all_identifiable(self) -> bool:
        return all(self.identifiable.values())

    def sum_with_stderr(self, names: Sequence[str]) -> tuple[float, float]:
        """Σ p_i over ``names`` and its standard error (correlations included).

        Useful when parameters are individually unidentifiable but their sum is
        (R0 + R1 when an arc lies above the measured frequencies).  The sum's
        error is ∞ only if the sum itself moves along an undetermined direction.
        """
        unknown = [n for n in names if n not in self.parameters]
        if unknown:
            raise InputError(f"unknown parameter(s) {', '.join(unknown)}")
        value = float(sum(self.parameters[n] for n in names))
        if self.estimability is None:
            return value, float("nan")
        root_cov, null, dpdx = self.estimability
        g = np.zeros(len(self.free_parameters))
        for n in names:
            if n in self.free_parameters:
                k = self.free_parameters.index(n)
                g[k] += dpdx[k]
        if not np.any(g):
            return value, 0.0
        if null.size and np.linalg.norm(null @ g) > 1e-6 * np.linalg.norm(g):
            return value, float("inf")
        return value, float(np.linalg.norm(root_cov @ g))

    def predict(self, frequency_Hz) -> np.ndarray:
        """Model impedance, Ω, at ``frequency_Hz``."""
        return self.circuit.impedance(self.values, frequency_Hz)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready summary (no arrays of the data)."""
        return {
            "circuit": str(self.circuit),
            "weighting": self.weighting,
            "success": self.success,
            "message": self.message,
            "parameters": {n: {"value": self.parameters[n], "unit": self.units[n],
                               "stderr": self.stderr[n],
                               "relative_stderr": self.relative_stderr[n],
                               "identifiable": self.identifiable[n],
                               "fixed": n in self.fixed}
                           for n in self.circuit.parameter_names},
            "identifiability_notes": list(self.identifiability_notes),
            "chi2": self.chi2, "reduced_chi2": self.reduced_chi2, "dof": self.dof,
            "n_points": int(self.frequency_Hz.size),
            "n_evaluations": self.n_evaluations,
            "correlation": {"parameters": list(self.free_parameters),
                            "matrix": self.correlation.tolist()},
        }


def _as_mapping(values, names: Sequence[str], free: Sequence[str], what: str) -> dict:
    if values is None:
        return {}
    if isinstance(values, Mapping):
        unknown = [k for k in values if k not in names]
        if unknown:
            raise InputError(f"{what}: unknown parameter(s) {', '.join(map(str, unknown))}; "
                             f"this circuit has {', '.join(names)}")
        return dict(values)
    seq = list(values)
    if len(seq) == len(names):
        return dict(zip(names, seq, strict=True))
    if len(seq) == len(free):
        return dict(zip(free, seq, strict=True))
    raise InputError(f"{what}: got {len(seq)} values, expected {len(names)} "
                     f"({', '.join(names)}) or {len(free)} free ones")


def _bounds(circuit: Circuit, bounds, free: Sequence[str]) -> tuple[dict, dict]:
    names = circuit.parameter_names
    lower = {n: info[2] for n, info in zip(names, circuit.parameter_info, strict=True)}
    upper = {n: info[3] for n, info in zip(names, circuit.parameter_info, strict=True)}
    if bounds is None:
        return lower, upper
    if isinstance(bounds, Mapping):
        for k, (lo, hi) in _as_mapping(bounds, names, free, "bounds").items():
            lower[k], upper[k] = float(lo), float(hi)
        return lower, upper
    if len(bounds) != 2:
        raise InputError("bounds must be a mapping name -> (lower, upper) or a pair "
                         "(lower values, upper values)")
    lo = _as_mapping(bounds[0], names, free, "lower bounds")
    hi = _as_mapping(bounds[1], names, free, "upper bounds")
    lower.update({k: float(v) for k, v in lo.items()})
    upper.update({k: float(v) for k, v in hi.items()})
    return lower, upper


def _weights(z: np.ndarray, weighting: str) -> tuple[np.ndarray, np.ndarray]:
    mod = np.abs(z)
    if weighting == "unit":
        one = np.ones(z.size)
        return one, one
    if np.any(mod == 0):
        raise InputError(f"weighting {weighting!r} divides by |Z|, but some points have Z = 0; "
                         "remove them or use weighting='unit'")
    if weighting == "modulus":
        return mod, mod
    if weighting == "proportional":
        floor = 1e-3 * mod
        return np.maximum(np.abs(z.real), floor), np.maximum(np.abs(z.imag), floor)
    raise InputError(f"unknown weighting {weighting!r}; use one of {', '.join(WEIGHTINGS)}")


def fit_circuit(
    spectrum: Spectrum,
    circuit: str | Circuit,
    initial: Mapping[str, float] | Sequence[float] | None = None,
    bounds: Mapping[str, tuple[float, float]] | tuple | None = None,
    weighting: str = "modulus",
    fixed: Mapping[str, float] | None = None,
    *,
    max_evaluations: int = 1000,
    tolerance: float = 1e-12,
    stall_tolerance: float | None = 1e-2,
) -> CircuitFit:
    """Fit ``circuit`` to ``spectrum`` by weighted complex non-linear least squares.

    Parameters
    ----------
    spectrum : Spectrum
        Data (all points are used; crop or drop inductive points beforehand).
    circuit : str or Circuit
        E.g. ``"R0-p(R1,CPE1)-CPE2"``.
    initial : mapping or sequence, optional
        Starting values (by name, or all values in circuit order).  Missing ones
        come from :func:`sselab.eis.initial.initial_guess`.
    bounds : mapping name → (lower, upper) or (lower seq, upper seq), optional
        Defaults: [0, ∞) for scale parameters, [0, 1] for CPE/La exponents.
    weighting : {"modulus", "proportional", "unit"}
    fixed : mapping name → value, optional
        Parameters held constant.
    max_evaluations : int
        Hard cap on model evaluations (keeps every fit fast; ``success`` is False
        when it is reached).
    tolerance : float
        ``ftol = xtol = gtol`` of ``scipy.optimize.least_squares``.
    stall_tolerance : float or None
        Statistical stopping rule for flat valleys (non-identifiable parameters):
        stop when ten iterations together lower χ² by less than
        ``stall_tolerance`` × χ²/(2N − m), a change far below what the noise can
        resolve (Δχ² ≈ χ²/(2N − m) is one standard error).  Without it, trust-region
        steps can crawl along such valleys for thousands of evaluations without a
        meaningful change.  ``None`` disables it (needs scipy ≥ 1.16 to act).

    Returns
    -------
    CircuitFit

    Raises
    ------
    InputError
        Bad names, values outside bounds, too few points.
    FitError
        The model cannot be evaluated at the starting point.
    """
    from scipy.optimize import least_squares

    model = parse_circuit(circuit)
    names = model.parameter_names
    if not isinstance(spectrum, Spectrum):
        raise InputError("fit_circuit needs a sselab.eis.Spectrum")
    freq, zd = spectrum.frequency_Hz, spectrum.impedance_ohm
    if not np.all(np.isfinite(zd)) or np.any(freq <= 0):
        raise InputError("spectrum has non-finite impedances or non-positive frequencies")
    fixed_map = {k: float(v) for k, v in _as_mapping(fixed, names, names, "fixed").items()}
    free = tuple(n for n in names if n not in fixed_map)
    if not free:
        raise InputError("every parameter is fixed; nothing to fit")
    if 2 * freq.size < len(free):
        raise InputError(f"{freq.size} points (2 x {freq.size} real numbers) cannot determine "
                         f"{len(free)} free parameters")
    w_re, w_im = _weights(zd, weighting)
    lower, upper = _bounds(model, bounds, free)

    start = _as_mapping(initial, names, free, "initial")
    if any(n not in start for n in free):
        from sselab.eis.initial import initial_guess

        guess = initial_guess(spectrum, model)
        start = {n: start.get(n, guess[n]) for n in names}
    start.update(fixed_map)
    p_full = np.array([float(start[n]) for n in names])

    idx = np.array([names.index(n) for n in free])
    info = model.parameter_info
    lo = np.array([lower[n] for n in free])
    hi = np.array([upper[n] for n in free])
    if np.any(lo >= hi):
        bad = [n for n, a, b in zip(free, lo, hi, strict=True) if a >= b]
        raise InputError(f"lower bound not below upper bound for {', '.join(bad)}")
    p0 = p_full[idx]
    is_log = np.array([info[i][4] and lower[n] >= 0.0 for i, n in zip(idx, free, strict=True)])
    bad = [n for n, v, lg in zip(free, p0, is_log, strict=True) if lg and not v > 0]
    if bad:
        raise InputError(f"initial value(s) of {', '.join(bad)} must be > 0")
    p0 = np.clip(p0, lo, hi)
    with np.errstate(divide="ignore"):
        x_lo = np.where(is_log, np.log(np.maximum(lo, 0.0)), lo)
        x_hi = np.where(is_log, np.log(hi), hi)
    x0 = np.where(is_log, np.log(np.where(is_log, p0, 1.0)), p0)
    span = np.where(np.isfinite(x_hi - x_lo), x_hi - x_lo, 1.0)
    x0 = np.clip(x0, x_lo + 1e-10 * span, x_hi - 1e-10 * span)

    omega = 2.0 * np.pi * freq
    root = model.root

    def params(x: np.ndarray) -> np.ndarray:
        p = p_full.copy()
        with np.errstate(over="ignore"):
            p[idx] = np.where(is_log, np.exp(x), x)
        return p

    def fun(x: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            d = root.evaluate(params(x), omega, False)[0] - zd
        return np.concatenate((d.real / w_re, d.imag / w_im))

    def jac(x: np.ndarray) -> np.ndarray:
        p = params(x)
        with np.errstate(all="ignore"):
            _, j = root.evaluate(p, omega, True)
            j = j[idx] * np.where(is_log, p[idx], 1.0)[:, None]
            out = np.concatenate((j.real / w_re, j.imag / w_im), axis=1).T
        if not np.all(np.isfinite(out)):  # overflow far from the data: no information there
            out = np.nan_to_num(out, nan=0.0, posinf=0.0, neginf=0.0)
        return out

    r0 = fun(x0)
    if not np.all(np.isfinite(r0)):
        raise FitError(f"circuit {model} gives non-finite impedance at the initial values "
                       f"{dict(zip(names, p_full, strict=True))}; choose other initial values")
    kwargs: dict[str, Any] = {}
    if stall_tolerance is not None and _has_callback():
        kwargs["callback"] = _StallDetector(stall_tolerance, 2 * freq.size - len(free))
    with np.errstate(over="ignore", invalid="ignore"):  # trial steps far off: inf cost
        res = least_squares(fun, x0, jac=jac, bounds=(x_lo, x_hi), method="trf",
                            ftol=tolerance, xtol=tolerance, gtol=tolerance,
                            max_nfev=int(max_evaluations), x_scale=1.0, **kwargs)
    p_best = params(res.x)
    return _result(model, spectrum, p_best, free, idx, is_log, fixed_map, res, lower, upper,
                   weighting, start, w_re, w_im, stall_tolerance)


@cache
def _has_callback() -> bool:
    """scipy >= 1.16: ``least_squares`` accepts ``callback``."""
    import inspect

    from scipy.optimize import least_squares

    return "callback" in inspect.signature(least_squares).parameters

_STALL_WINDOW = 10


class _StallDetector:
    """least_squares callback: StopIteration once χ² stops changing meaningfully."""

    def __init__(self, tolerance: float, dof: int):
        self.tolerance = tolerance
        self.dof = max(dof, 1)
        self.costs: list[float] = []
        self.stalled = False

    def __call__(self, intermediate_result) -> None:
        cost = float(intermediate_result.cost)
        self.costs.append(cost)
        if len(self.costs) > _STALL_WINDOW:
            gain = 2.0 * (self.costs[-1 - _STALL_WINDOW] - cost)
            if gain < self.tolerance * 2.0 * cost / self.dof:
                self.stalled = True
                raise StopIteration


def _result(model, spectrum, p, free, idx, is_log, fixed_map, res, lower, upper, weighting,
            start, w_re, w_im, stall) -> CircuitFit:
    names = model.parameter_names
    freq, zd = spectrum.frequency_Hz, spectrum.impedance_ohm
    zfit = model.root.evaluate(p, 2.0 * np.pi * freq, False)[0]
    r = np.concatenate(((zfit - zd).real / w_re, (zfit - zd).imag / w_im))
    chi2 = float(r @ r)
    dof = 2 * freq.size - len(free)
    s2 = chi2 / dof if dof > 0 else np.nan
    scale = np.where(is_log, p[idx], 1.0)
    a = analyse_covariance(res.jac, s2, scale, [p[names.index(n)] for n in free], free,
                           {n: (lower[n], upper[n]) for n in free})
    stderr = {n: 0.0 for n in names}
    rel = {n: 0.0 for n in names}
    ident = {n: True for n in names}
    stderr.update(a.stderr)
    rel.update(a.relative_stderr)
    ident.update(a.identifiable)

    ok = bool(res.status in (-2, 1, 2, 3, 4) and np.all(np.isfinite(p)))
    if res.status == -2:
        msg = (f"chi2 changed by less than {stall:g} x chi2/dof over {_STALL_WINDOW} "
               "iterations (statistically converged)")
    elif res.status == 0:
        msg = (f"stopped after {res.nfev} evaluations (max_evaluations) before converging; "
               "raise max_evaluations or give better initial values")
    else:
        msg = str(res.message)
    zd_abs = np.abs(zd)
    with np.errstate(divide="ignore", invalid="ignore"):
        resid = (zd - zfit) / zd_abs
    return CircuitFit(
        circuit=model,
        parameters={n: float(v) for n, v in zip(names, p, strict=True)},
        units={n: info[0] for n, info in zip(names, model.parameter_info, strict=True)},
        stderr=stderr, relative_stderr=rel, identifiable=ident,
        identifiability_notes=a.notes, free_parameters=tuple(free),
        fixed=dict(fixed_map), covariance=a.covariance, correlation=a.correlation,
        frequency_Hz=freq, impedance_ohm=zd, impedance_fit_ohm=zfit, residuals=resid,
        chi2=chi2, reduced_chi2=float(s2), dof=int(dof), weighting=weighting, success=ok,
        message=msg, n_evaluations=int(res.nfev), n_jacobian_evaluations=int(res.njev or 0),
        initial={n: float(start[n]) for n in names},
        estimability=(a.root_covariance_x, a.null_space_x, scale),
    )
