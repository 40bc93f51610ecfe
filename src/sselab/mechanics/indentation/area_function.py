"""Tip area functions A(h_c): projected contact area versus contact depth.

The Oliver–Pharr (1992) series form is used throughout::

    A = C0·h² + C1·h + C2·h^(1/2) + C3·h^(1/4) + … + Cn·h^(1/2^(n-1))

with h in **nm** and A in **nm²** (the vendors' convention, so coefficients
can be typed in as printed on a calibration sheet).  An ideal Berkovich tip
is ``C0 = 24.5`` and nothing else; an ideal cone of half-angle θ is
``C0 = π·tan²θ``.

References
----------
W. C. Oliver, G. M. Pharr, J. Mater. Res. 7, 1564 (1992), eq. (22).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from sselab.errors import InputError

_NM = 1e-9


def _exponents(n: int) -> np.ndarray:
    return 2.0 / 2.0 ** np.arange(n)


@dataclass(frozen=True)
class AreaFunction:
    """A(h_c) = Σ C_i·h_c^(2/2^i), h_c in nm, A in nm².

    Parameters
    ----------
    coefficients_nm : tuple of float
        C0, C1, C2, … in the nm-based units above (C0 dimensionless, C1 in nm,
        C2 in nm^1.5, …).
    name : str
        Label used in tables and JSON ("ideal Berkovich", "calibrated", …).
    """

    coefficients_nm: tuple[float, ...]
    name: str = "polynomial"

    def __post_init__(self) -> None:
        c = tuple(float(x) for x in self.coefficients_nm)
        if not c:
            raise InputError("an area function needs at least the coefficient C0")
        if not all(math.isfinite(x) for x in c):
            raise InputError(f"area-function coefficients must be finite numbers, got {c}")
        if c[0] <= 0:
            raise InputError(
                f"area-function C0 must be > 0 (24.5 for an ideal Berkovich tip), got {c[0]}"
            )
        object.__setattr__(self, "coefficients_nm", c)

    def area_nm2(self, h_c_nm: float | np.ndarray) -> np.ndarray:
        """Projected contact area (nm²) at contact depth ``h_c_nm`` (nm, ≥ 0)."""
        h = np.asarray(h_c_nm, dtype=float)
        hp = np.clip(h, 0.0, None)
        c = self.coefficients_nm
        a = c[0] * hp * hp
        for i in range(1, len(c)):
            if c[i] != 0.0:
                a = a + c[i] * hp ** (2.0 / 2.0**i)
        return np.where(h > 0, a, np.nan)

    def area_m2(self, h_c_m: float | np.ndarray) -> np.ndarray:
        """Projected contact area (m²) at contact depth ``h_c_m`` (m); NaN for h_c ≤ 0."""
        return self.area_nm2(np.asarray(h_c_m, dtype=float) / _NM) * (_NM * _NM)

    def slope_m(self, h_c_m: float | np.ndarray) -> np.ndarray:
        """dA/dh_c (m²/m = m) at ``h_c_m`` (m)."""
        h = np.clip(np.asarray(h_c_m, dtype=float) / _NM, 1e-30, None)
        c = self.coefficients_nm
        e = _exponents(len(c))
        d = sum(ci * ei * h ** (ei - 1.0) for ci, ei in zip(c, e, strict=True) if ci != 0.0)
        return np.asarray(d, dtype=float) * _NM

    def contact_depth_m(self, area_m2: float) -> float:
        """Inverse: the contact depth (m) whose area is ``area_m2`` (m²).

        Solved by bisection on the monotone branch above the largest depth where
        dA/dh ≤ 0 (coefficients can be negative); raises :class:`InputError`
        when no positive depth gives this area.
        """
        target = float(area_m2)
        if not (target > 0 and math.isfinite(target)):
            raise InputError(f"area must be positive and finite, got {area_m2!r} m²")
        hi = math.sqrt(target / (self.coefficients_nm[0] * _NM * _NM)) * _NM
        lo = 0.0
        # the polynomial may exceed C0 h²; widen the bracket until A(hi) ≥ target
        for _ in range(200):
            if float(self.area_m2(hi)) >= target:
                break
            hi *= 2.0
        else:  # pragma: no cover - C0 > 0 guarantees growth
            raise InputError("area function does not reach the requested area")
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            a = float(self.area_m2(mid)) if mid > 0 else 0.0
            if not math.isfinite(a) or a < target:
                lo = mid
            else:
                hi = mid
            if hi - lo <= 1e-15 * hi:
                break
        return 0.5 * (lo + hi)

    def is_valid_at(self, h_c_m: float) -> bool:
        """True when A(h_c) > 0 and the area grows with depth there."""
        if not (h_c_m > 0 and math.isfinite(h_c_m)):
            return False
        a = float(self.area_m2(h_c_m))
        return math.isfinite(a) and a > 0 and float(self.slope_m(h_c_m)) > 0

    def as_dict(self) -> dict[str, object]:
        """JSON-able description."""
        return {"name": self.name, "coefficients_nm": list(self.coefficients_nm),
                "form": "A[nm^2] = sum C_i h_c[nm]^(2/2^i)"}


@cache
def _ideal_c0() -> float:
    from sselab.parameters import load_parameter_set

    return float(load_parameter_set("mechanics/indentation").value(
        "geometry.area.berkovich_ideal_C0"))


def ideal_berkovich() -> AreaFunction:
    """The ideal Berkovich tip, A = 24.5·h_c² (Oliver & Pharr 1992)."""
    return AreaFunction((_ideal_c0(),), name="ideal Berkovich")


def cone(half_angle_deg: float) -> AreaFunction:
    """An ideal cone of half-angle θ: A = π·tan²θ·h_c²."""
    th = float(half_angle_deg)
    if not 0 < th < 90:
        raise InputError(f"cone half-angle must be between 0 and 90 degrees, got {th}")
    return AreaFunction((math.pi * math.tan(math.radians(th)) ** 2,), name=f"cone {th:g} deg")


def parse_area_function(text: str) -> AreaFunction:
    """``"ideal"`` (or ``"berkovich"``) → ideal Berkovich; ``"C0,C1,..."`` → polynomial.

    Coefficients are in the nm convention of :class:`AreaFunction`.
    """
    t = str(text).strip()
    if t.lower() in ("ideal", "berkovich", "ideal-berkovich", "perfect"):
        return ideal_berkovich()
    parts = [p for p in t.replace(";", ",").split(",") if p.strip()]
    try:
        coeffs = tuple(float(p) for p in parts)
    except ValueError:
        raise InputError(
            f"tip area {text!r} is neither 'ideal' nor a comma-separated list of "
            f"coefficients C0,C1,... (A in nm², h in nm)"
        ) from None
    return AreaFunction(coeffs, name="user polynomial")
