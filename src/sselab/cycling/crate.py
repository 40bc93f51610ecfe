"""Specific current ↔ C-rate, nominal and effective.

The C-rate is the current in units of a reference capacity per hour:

    C = |I| / Q_ref   (h⁻¹),     and per unit active mass   C = j / q_ref,

with j = |I| / m the specific current (mA g⁻¹ ≡ A kg⁻¹) and q_ref a specific capacity
(mAh g⁻¹ ≡ Ah kg⁻¹).  Two references are reported side by side (pitfall P7 of the
cycling reference note):

nominal C
    q_ref = a *nominal* specific capacity that defines 1 C.  The paper uses 200 mAh g⁻¹ for
    scNCM92 (0.1 C = 20 mA g⁻¹) and 158 mAh g⁻¹ for LCO (0.1 C = 15.8 mA g⁻¹); the values
    and their sources are in ``sselab/data/cycling/nominal_capacities.toml``.
effective C
    Q_ref = a *measured* capacity of this cell (e.g. the first complete discharge).  A
    cell that delivers far less than its nominal capacity (``neware/test_2.ndax``: 1 C =
    1.584 mA by protocol, 0.10 mAh measured at C/20) runs ~15× faster than its label.

Units: mA g⁻¹ equals A kg⁻¹ and mAh g⁻¹ equals Ah kg⁻¹, so the SI names below
(``_A_per_kg``, ``_Ah_per_kg``) carry the same numbers as the paper's units.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import numpy as np

from sselab.errors import DataError, InputError

NOMINAL_SET = "cycling/nominal_capacities"

#: C-rates printed as fractions "C/n" when 1/C is within 1 % of an integer n ≤ 100.
_FRACTION_TOL = 0.01


@dataclass(frozen=True)
class NominalCapacity:
    """A nominal specific capacity (1 C definition).

    Attributes
    ----------
    material : str
    specific_capacity_Ah_per_kg : float
        Numerically equal to mAh g⁻¹.
    source, kind : str
    """

    material: str
    specific_capacity_Ah_per_kg: float
    source: str
    kind: str


@cache
def _nominal_table() -> dict[str, NominalCapacity]:
    from sselab.parameters import load_parameter_set

    ps = load_parameter_set(NOMINAL_SET)
    return {name: NominalCapacity(name, float(p.value), p.source, p.kind)
            for name, p in ps.group("material").items()}


def known_materials() -> tuple[str, ...]:
    """Materials with a nominal capacity in the data file."""
    return tuple(_nominal_table())


def nominal_capacity(material: str) -> NominalCapacity:
    """The nominal specific capacity of ``material`` (case-insensitive)."""
    table = _nominal_table()
    low = {k.lower(): k for k in table}
    key = low.get(str(material).strip().lower())
    if key is None:
        raise DataError(f"no nominal capacity for {material!r}; known: {', '.join(table)} "
                        "(or give the nominal specific capacity in mAh/g)")
    return table[key]


def _positive(name: str, value: float) -> float:
    v = float(value)
    if not (v > 0 and np.isfinite(v)):
        raise InputError(f"{name} must be a positive, finite number; got {value!r}")
    return v


def c_rate(current_A: np.ndarray | float, capacity_Ah: float) -> np.ndarray:
    """C = |I| / Q (h⁻¹) for a reference capacity Q in Ah."""
    return np.abs(np.asarray(current_A, dtype=np.float64)) / _positive("capacity_Ah", capacity_Ah)


def specific_current_A_per_kg(current_A: np.ndarray | float, mass_kg: float) -> np.ndarray:
    """j = |I| / m, A kg⁻¹ (= mA g⁻¹)."""
    return np.abs(np.asarray(current_A, dtype=np.float64)) / _positive("mass_kg", mass_kg)


def c_rate_from_specific_current(specific_current_A_per_kg: np.ndarray | float,
                                 nominal_specific_capacity_Ah_per_kg: float) -> np.ndarray:
    """C = j / q_nom (h⁻¹); e.g. 20 mA g⁻¹ / 200 mAh g⁻¹ = 0.1 C."""
    q = _positive("nominal_specific_capacity_Ah_per_kg", nominal_specific_capacity_Ah_per_kg)
    return np.abs(np.asarray(specific_current_A_per_kg, dtype=np.float64)) / q


def specific_current_for_c_rate(c_rate_per_h: np.ndarray | float,
                                nominal_specific_capacity_Ah_per_kg: float) -> np.ndarray:
    """j = C × q_nom, A kg⁻¹ (= mA g⁻¹); e.g. 10 C × 158 mAh g⁻¹ = 1580 mA g⁻¹."""
    q = _positive("nominal_specific_capacity_Ah_per_kg", nominal_specific_capacity_Ah_per_kg)
    return np.asarray(c_rate_per_h, dtype=np.float64) * q


def current_for_c_rate(c_rate_per_h: np.ndarray | float, capacity_Ah: float) -> np.ndarray:
    """|I| = C × Q, A."""
    return np.asarray(c_rate_per_h, dtype=np.float64) * _positive("capacity_Ah", capacity_Ah)


def format_c_rate(c: float) -> str:
    """``"C/20"``, ``"0.33C"``, ``"2C"`` …: a fraction when 1/C is close to an integer."""
    c = float(c)
    if not np.isfinite(c) or c <= 0:
        return "–"
    if c >= 1:
        r = round(c)
        if abs(c - r) <= _FRACTION_TOL * c:
            return f"{r}C"
        return f"{c:.3g}C"
    inv = 1.0 / c
    n = round(inv)
    if n == 1 and abs(inv - 1) <= _FRACTION_TOL:
        return "1C"
    if n <= 100 and abs(inv - n) <= _FRACTION_TOL * inv:
        return f"C/{n}"
    frac = Fraction(c).limit_denominator(10)
    if abs(float(frac) - c) <= _FRACTION_TOL * c and frac.numerator > 1:
        return f"{frac.numerator}C/{frac.denominator}"
    return f"{c:.2g}C"


@dataclass(frozen=True)
class CRates:
    """Nominal and effective C-rates of a set of currents.

    Attributes
    ----------
    current_A : ndarray
        |I| per entry, A.
    specific_current_A_per_kg : ndarray or None
        |I| / m (None without an active mass), A kg⁻¹ = mA g⁻¹.
    nominal_c_rate : ndarray or None
        |I| / Q_nominal, h⁻¹ (None without a nominal capacity).
    effective_c_rate : ndarray or None
        |I| / Q_measured, h⁻¹ (None without a measured reference).
    nominal_capacity_Ah, effective_reference_Ah : float or None
        The two references, Ah.
    """

    current_A: np.ndarray
    specific_current_A_per_kg: np.ndarray | None
    nominal_c_rate: np.ndarray | None
    effective_c_rate: np.ndarray | None
    nominal_capacity_Ah: float | None
    effective_reference_Ah: float | None


def c_rates(current_A: np.ndarray | float, *, active_mass_kg: float | None = None,
            nominal_capacity_Ah: float | None = None,
            nominal_specific_capacity_Ah_per_kg: float | None = None,
            measured_capacity_Ah: float | None = None) -> CRates:
    """Nominal and effective C-rates of ``current_A``.

    The nominal 1 C capacity is ``nominal_capacity_Ah`` or, given an active mass,
    ``nominal_specific_capacity_Ah_per_kg`` × mass (both given and inconsistent by more
    than 1 % → :class:`InputError`).  ``measured_capacity_Ah`` is the effective reference.
    """
    i = np.abs(np.atleast_1d(np.asarray(current_A, dtype=np.float64)))
    m = None if active_mass_kg is None else _positive("active_mass_kg", active_mass_kg)
    qn = None if nominal_capacity_Ah is None else _positive("nominal_capacity_Ah",
                                                            nominal_capacity_Ah)
    if nominal_specific_capacity_Ah_per_kg is not None:
        qs = _positive("nominal_specific_capacity_Ah_per_kg", nominal_specific_capacity_Ah_per_kg)
        if m is None:
            raise InputError("a nominal specific capacity (mAh/g) needs the active mass to "
                             "give a 1 C current; pass active_mass_kg")
        q_from_mass = qs * m
        if qn is not None and abs(q_from_mass - qn) > 0.01 * qn:
            raise InputError(f"nominal capacity {qn * 1e3:.6g} mAh disagrees with "
                             f"{qs:g} mAh/g × {m * 1e6:.6g} mg = {q_from_mass * 1e3:.6g} mAh")
        qn = q_from_mass
    qe = None if measured_capacity_Ah is None else _positive("measured_capacity_Ah",
                                                             measured_capacity_Ah)
    return CRates(
        current_A=i,
        specific_current_A_per_kg=None if m is None else i / m,
        nominal_c_rate=None if qn is None else i / qn,
        effective_c_rate=None if qe is None else i / qe,
        nominal_capacity_Ah=qn,
        effective_reference_Ah=qe,
    )
