"""Equivalent-circuit elements: analytic impedance and analytic parameter Jacobian.

Every element is an immutable :class:`ElementType` holding two pure functions of
``(params, omega)``: the impedance :math:`Z(\\omega)` and the pair
``(Z, dZ/dp)``.  The table :data:`ELEMENT_TYPES` is read-only; there is no
process-wide registry that user code can mutate.

Symbols follow impedance.py's circuit-string conventions (``R``, ``C``, ``L``,
``CPE``, ``W``, ``Wo``, ``Ws``, ``G``, ``La``, ``K``) so circuit strings written
for impedance.py parse unchanged.  All angular frequencies are ω = 2πf in rad s⁻¹.
One deliberate difference: ``La`` is Bio-Logic's modified inductance
Z = L (jω)^α (its reference [3]); impedance.py implements (L jω)^α.

References
----------
.. [1] M. E. Orazem, B. Tribollet. *Electrochemical Impedance Spectroscopy*,
   2nd ed., Wiley (2017), ch. 9 (CPE, Warburg, finite-length diffusion).
.. [2] J. Bisquert, Phys. Chem. Chem. Phys. 2, 4185 (2000) (finite-length
   Warburg, open and short boundaries).
.. [3] Bio-Logic Application Note 42 (2019) (modified inductance ``La``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from sselab.errors import DataError, InputError

_HALF_PI_J = 0.5j * np.pi

ImpedanceFunction = Callable[[np.ndarray, np.ndarray], np.ndarray]
JacobianFunction = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class ElementType:
    """One kind of circuit element.

    Attributes
    ----------
    symbol : str
        Type prefix used in circuit strings (``"CPE"`` in ``CPE1``).
    description : str
        Human-readable name.
    parameter_units : tuple of str
        SI unit of each parameter, in order.
    parameter_descriptions : tuple of str
        Meaning of each parameter.
    lower, upper : tuple of float
        Default fit bounds of each parameter.
    log_scale : tuple of bool
        True for positive scale parameters (fitted as ln p); False for
        exponents such as the CPE α (fitted linearly within its bounds).
    """

    symbol: str
    description: str
    parameter_units: tuple[str, ...]
    parameter_descriptions: tuple[str, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    log_scale: tuple[bool, ...]
    _z: ImpedanceFunction
    _zj: JacobianFunction

    @property
    def n_params(self) -> int:
        """Number of parameters."""
        return len(self.parameter_units)

    def impedance(self, params, omega_rad_per_s) -> np.ndarray:
        """Z(ω) in Ω for parameters ``params`` at angular frequencies ``omega_rad_per_s``."""
        p, w = self._check(params, omega_rad_per_s)
        return self._z(p, w)

    def impedance_and_jacobian(self, params, omega_rad_per_s) -> tuple[np.ndarray, np.ndarray]:
        """``(Z, J)`` with ``J[i, k] = ∂Z(ω_i)/∂p_k`` (complex, shape (n, n_params))."""
        p, w = self._check(params, omega_rad_per_s)
        z, jac = self._zj(p, w)
        return z, jac.T

    def _check(self, params, omega) -> tuple[np.ndarray, np.ndarray]:
        p = np.asarray(params, dtype=float).reshape(-1)
        if p.size != self.n_params:
            raise InputError(
                f"element {self.symbol} takes {self.n_params} parameter(s) "
                f"({', '.join(self.parameter_descriptions)}), got {p.size}"
            )
        return p, np.asarray(omega, dtype=float).reshape(-1)


# --- element functions: (p, w) -> Z and (p, w) -> (Z, J[k, i]) ------------------------------


def _r_z(p, w):
    return np.full(w.shape, complex(p[0]))


def _r_zj(p, w):
    return _r_z(p, w), np.ones((1, w.size), dtype=complex)


def _c_z(p, w):
    return 1.0 / (1j * w * p[0])


def _c_zj(p, w):
    z = _c_z(p, w)
    return z, (-z / p[0])[None, :]


def _l_z(p, w):
    return 1j * w * p[0]


def _l_zj(p, w):
    return _l_z(p, w), (1j * w)[None, :].astype(complex)


def _cpe_z(p, w):
    return np.exp(-p[1] * (np.log(w) + _HALF_PI_J)) / p[0]


def _cpe_zj(p, w):
    lnjw = np.log(w) + _HALF_PI_J
    z = np.exp(-p[1] * lnjw) / p[0]
    return z, np.stack((-z / p[0], -z * lnjw))


def _w_z(p, w):
    return p[0] * (1.0 - 1.0j) / np.sqrt(w)


def _w_zj(p, w):
    d = (1.0 - 1.0j) / np.sqrt(w)
    return p[0] * d, d[None, :]


def _sqrt_jwt(w, tau):
    # principal sqrt(j w tau) = sqrt(w tau) e^{j pi/4}; Re(s) >= 0
    return np.sqrt(w * tau) * (1.0 + 1.0j) / np.sqrt(2.0)


def _coth_over_s(s):
    """coth(s)/s and csch²(s), overflow-free for large |s| (Re s ≥ 0)."""
    e = np.exp(-2.0 * s)
    om = -np.expm1(-2.0 * s)  # 1 - e^{-2s}, accurate for small s
    coth = (1.0 + e) / om
    return coth / s, 4.0 * e / om**2


def _wo_z(p, w):
    s = _sqrt_jwt(w, p[1])
    return p[0] * _coth_over_s(s)[0]


def _wo_zj(p, w):
    z0, tau = p
    s = _sqrt_jwt(w, tau)
    cs, csch2 = _coth_over_s(s)
    z = z0 * cs
    dtau = -z0 / (2.0 * tau) * (csch2 + cs)
    return z, np.stack((cs.astype(complex), dtau))


def _tanh_over_s(s):
    """tanh(s)/s and sech²(s) − tanh(s)/s, accurate for small and large |s|."""
    e = np.exp(-2.0 * s)
    om = -np.expm1(-2.0 * s)
    ts = om / (1.0 + e) / s
    sech2 = 4.0 * e / (1.0 + e) ** 2
    diff = sech2 - ts
    small = np.abs(s) < 1e-3
    if np.any(small):
        s2 = s[small] ** 2
        ts[small] = 1.0 - s2 / 3.0 + 2.0 * s2**2 / 15.0
        diff[small] = -2.0 * s2 / 3.0 + 8.0 * s2**2 / 15.0
    return ts, diff


def _ws_z(p, w):
    s = _sqrt_jwt(w, p[1])
    return p[0] * _tanh_over_s(s)[0]


def _ws_zj(p, w):
    z0, tau = p
    s = _sqrt_jwt(w, tau)
    ts, diff = _tanh_over_s(s)
    return z0 * ts, np.stack((ts.astype(complex), z0 / (2.0 * tau) * diff))


def _g_z(p, w):
    return p[0] / np.sqrt(1.0 + 1j * w * p[1])


def _g_zj(p, w):
    u = 1.0 + 1j * w * p[1]
    z = p[0] / np.sqrt(u)
    return z, np.stack((z / p[0], -z * 1j * w / (2.0 * u)))


def _la_z(p, w):
    return p[0] * np.exp(p[1] * (np.log(w) + _HALF_PI_J))


def _la_zj(p, w):
    lnjw = np.log(w) + _HALF_PI_J
    z = p[0] * np.exp(p[1] * lnjw)
    return z, np.stack((z / p[0], z * lnjw))


def _k_z(p, w):
    return p[0] / (1.0 + 1j * w * p[1])


def _k_zj(p, w):
    u = 1.0 + 1j * w * p[1]
    return p[0] / u, np.stack((1.0 / u, -p[0] * 1j * w / u**2))


_INF = float("inf")

_TYPES = (
    ElementType("R", "resistor, Z = R", ("ohm",), ("R",), (0.0,), (_INF,), (True,), _r_z, _r_zj),
    ElementType("C", "capacitor, Z = 1/(jωC)", ("F",), ("C",), (0.0,), (_INF,), (True,),
                _c_z, _c_zj),
    ElementType("L", "inductor, Z = jωL", ("H",), ("L",), (0.0,), (_INF,), (True,), _l_z, _l_zj),
    ElementType("CPE", "constant-phase element, Z = 1/(Q (jω)^α)", ("F s^(alpha-1)", "1"),
                ("Q", "alpha"), (0.0, 0.0), (_INF, 1.0), (True, False), _cpe_z, _cpe_zj),
    ElementType("W", "semi-infinite Warburg, Z = A_W (1 - j)/√ω", ("ohm s^-1/2",), ("A_W",),
                (0.0,), (_INF,), (True,), _w_z, _w_zj),
    ElementType("Wo", "finite-length Warburg, open (reflective) end, Z = Z0 coth(√(jωτ))/√(jωτ)",
                ("ohm", "s"), ("Z0", "tau"), (0.0, 0.0), (_INF, _INF), (True, True),
                _wo_z, _wo_zj),
    ElementType("Ws", "finite-length Warburg, short (transmissive) end, "
                "Z = Z0 tanh(√(jωτ))/√(jωτ)", ("ohm", "s"), ("Z0", "tau"), (0.0, 0.0),
                (_INF, _INF), (True, True), _ws_z, _ws_zj),
    ElementType("G", "Gerischer, Z = R_G/√(1 + jωτ_G)", ("ohm", "s"), ("R_G", "tau_G"),
                (0.0, 0.0), (_INF, _INF), (True, True), _g_z, _g_zj),
    ElementType("La", "modified inductance (Bio-Logic), Z = L (jω)^α", ("H s^(alpha-1)", "1"),
                ("L", "alpha"), (0.0, 0.0), (_INF, 1.0), (True, False), _la_z, _la_zj),
    ElementType("K", "RC element in (R, τ) form, Z = R/(1 + jωτ)", ("ohm", "s"), ("R", "tau"),
                (0.0, 0.0), (_INF, _INF), (True, True), _k_z, _k_zj),
)

#: Read-only table of the element types known to the circuit parser, by symbol.
ELEMENT_TYPES: Mapping[str, ElementType] = MappingProxyType({t.symbol: t for t in _TYPES})


def element_type(symbol: str) -> ElementType:
    """The :class:`ElementType` for ``symbol`` (``"R"``, ``"CPE"``, ``"Wo"`` …)."""
    try:
        return ELEMENT_TYPES[symbol]
    except KeyError:
        known = ", ".join(ELEMENT_TYPES)
        raise DataError(f"unknown circuit element {symbol!r}; known elements: {known}") from None
