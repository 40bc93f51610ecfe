"""Conductivity retention after a stability test (humidity exposure, annealing).

Retention r = σ_after / σ_before.  Its standard uncertainty follows from the two
conductivities' standard uncertainties (first-order propagation, independent errors):

.. math:: u(r)/r = \\sqrt{(u_a/σ_a)^2 + (u_b/σ_b)^2}

and, for numbers printed with finite precision (half a unit of the last digit h),
the interval of ratios the printed pair allows is

.. math:: [(σ_a - h_a)/(σ_b + h_b),\\; (σ_a + h_a)/(σ_b - h_b)].

When the same pellet is measured twice, σ_after/σ_before = (R_before/R_after)·(L_after/L_before)
(area unchanged): see :func:`retention_from_resistance`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sselab.errors import InputError


@dataclass(frozen=True)
class Retention:
    """Conductivity retention after a test.

    Attributes
    ----------
    before_S_per_m, after_S_per_m : float
        Conductivities, S m⁻¹.
    fraction : float
        σ_after / σ_before.
    stderr : float
        Standard uncertainty of ``fraction`` (NaN when no uncertainties were given).
    interval : tuple of float or None
        Range of ``fraction`` allowed by the printed precision, when given.
    """

    before_S_per_m: float
    after_S_per_m: float
    fraction: float
    stderr: float
    interval: tuple[float, float] | None = None

    @property
    def percent(self) -> float:
        """Retention, %."""
        return 100.0 * self.fraction

    @property
    def change_percent(self) -> float:
        """Relative change (after − before)/before, % (negative for a loss)."""
        return 100.0 * (self.fraction - 1.0)


def _pos(name: str, v: float) -> float:
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number; got {v!r}") from None
    if not (math.isfinite(x) and x > 0):
        raise InputError(f"{name} must be a positive, finite number; got {v!r}")
    return x


def _nonneg(name: str, v: float | None) -> float | None:
    if v is None:
        return None
    x = float(v)
    if not (math.isfinite(x) and x >= 0):
        raise InputError(f"{name} must be ≥ 0 and finite; got {v!r}")
    return x


def conductivity_retention(before_S_per_m: float, after_S_per_m: float, *,
                           before_stderr_S_per_m: float | None = None,
                           after_stderr_S_per_m: float | None = None,
                           half_unit_S_per_m: float | None = None) -> Retention:
    """Retention σ_after/σ_before with optional uncertainty and rounding interval.

    Parameters
    ----------
    before_S_per_m, after_S_per_m : float
        Conductivities before and after the test, S m⁻¹ (any unit works if both share it).
    before_stderr_S_per_m, after_stderr_S_per_m : float, optional
        Standard uncertainties, S m⁻¹.
    half_unit_S_per_m : float, optional
        Half a unit of the last printed digit of both values, S m⁻¹ (e.g. 5e-4 S m⁻¹
        for values printed as 2.55 mS cm⁻¹); gives :attr:`Retention.interval`.
    """
    b = _pos("before_S_per_m", before_S_per_m)
    a = _pos("after_S_per_m", after_S_per_m)
    ub = _nonneg("before_stderr_S_per_m", before_stderr_S_per_m)
    ua = _nonneg("after_stderr_S_per_m", after_stderr_S_per_m)
    h = _nonneg("half_unit_S_per_m", half_unit_S_per_m)
    r = a / b
    if ua is None and ub is None:
        se = math.nan
    else:
        se = r * math.hypot((ua or 0.0) / a, (ub or 0.0) / b)
    interval = None
    if h is not None:
        if h >= b:
            raise InputError("half_unit_S_per_m must be smaller than the conductivity before")
        interval = (max(a - h, 0.0) / (b + h), (a + h) / (b - h))
    return Retention(b, a, r, se, interval)


def retention_from_resistance(resistance_before_ohm: float, resistance_after_ohm: float, *,
                              thickness_before_m: float | None = None,
                              thickness_after_m: float | None = None) -> float:
    """σ_after/σ_before of one pellet from its two resistances (and thicknesses, if changed).

    σ = L/(R·A) with the area unchanged, so the ratio is (R_b/R_a)·(L_a/L_b).
    """
    rb = _pos("resistance_before_ohm", resistance_before_ohm)
    ra = _pos("resistance_after_ohm", resistance_after_ohm)
    if (thickness_before_m is None) != (thickness_after_m is None):
        raise InputError("give both thicknesses or neither")
    ratio = rb / ra
    if thickness_before_m is not None:
        ratio *= _pos("thickness_after_m", thickness_after_m) / _pos("thickness_before_m",
                                                                        thickness_before_m)
    return ratio
