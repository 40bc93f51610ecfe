"""Shannon ionic radii and the effective (mole-fraction weighted) non-Li cation radius.

The effective radius of the non-Li cations M in a composition is

    r_eff(CN) = Σ_M x_M · r_M(CN),     x_M = n_M / Σ n_M

with Shannon (1976) *ionic* radii r_M for coordination number CN (Roman
numerals, as in Shannon's Table 1) and the default oxidation states.  For
LZACO (Zr/Al = 3:1) at CN VI: 0.75·0.72 + 0.25·0.535 = 0.674 Å, against
0.64 Å for Ta⁵⁺ (Hu et al. 2026: "0.67 vs. 0.64 Å").

Examples
--------
>>> from sselab.chem.radii import effective_cation_radius, ionic_radius_angstrom
>>> ionic_radius_angstrom("Zr", 4, "VI")
0.72
>>> round(effective_cation_radius("1.4Li2O-0.75ZrCl4-0.25AlCl3", "VI").radius_angstrom, 5)
0.67375
>>> ionic_radius_angstrom("Ta", 5, "IV")
Traceback (most recent call last):
...
sselab.errors.DataError: Shannon (1976) lists no ionic radius of Ta5+ for CN IV; tabulated CNs: VI, VII, VIII
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sselab.chem.composition import Composition, parse_composition
from sselab.chem.elements import default_oxidation_state
from sselab.errors import DataError, InputError
from sselab.parameters import data_text

SHANNON_FILE = "chem/shannon_radii.toml"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV")
#: Coordination numbers reported by default (the paper's "other coordinate numbers too").
DEFAULT_CNS = ("IV", "V", "VI", "VIII")


def roman_cn(cn: str | int) -> str:
    """Normalise a coordination number to Shannon's Roman form: 6, "6", "vi" -> "VI"."""
    if isinstance(cn, bool):
        raise InputError(f"coordination number must be 1-14 or a Roman numeral, got {cn!r}")
    if isinstance(cn, int):
        if 1 <= cn <= len(_ROMAN):
            return _ROMAN[cn - 1]
    elif isinstance(cn, str):
        s = cn.strip().upper()
        if s.isdigit() and 1 <= int(s) <= len(_ROMAN):
            return _ROMAN[int(s) - 1]
        if s in _ROMAN:
            return s
    raise InputError(
        f"coordination number must be 1-14 or a Roman numeral (IV, V, VI, VIII), got {cn!r}"
    )


def ion_label(element: str, charge: int) -> str:
    """'Zr4+', 'Li+', 'O2-', 'Cl-'."""
    sign = "+" if charge > 0 else "-"
    mag = abs(int(charge))
    return f"{element}{'' if mag == 1 else mag}{sign}"


@cache
def _table() -> dict[str, Any]:
    return tomllib.loads(data_text(SHANNON_FILE))


@cache
def _index() -> dict[tuple[str, int], dict[str, float]]:
    out: dict[tuple[str, int], dict[str, float]] = {}
    for label, rec in _table()["ions"].items():
        key = (str(rec["element"]), int(rec["charge"]))
        if ion_label(*key) != label:  # pragma: no cover - guards the data file
            raise DataError(f"{SHANNON_FILE}: entry {label!r} does not match {key}")
        out[key] = {str(k): float(v) for k, v in rec["radii_angstrom"].items()}
    return out


def shannon_source() -> dict[str, str]:
    """The ``[meta]`` table of the packaged Shannon radii (source, citation, unit)."""
    return dict(_table()["meta"])


def tabulated_cns(element: str, charge: int) -> tuple[str, ...]:
    """Coordination numbers Shannon tabulates for the ion, in increasing order.

    Raises
    ------
    DataError
        If sselab has no Shannon radii for the ion at all.
    """
    try:
        radii = _index()[(element, int(charge))]
    except KeyError:
        known = ", ".join(ion_label(*k) for k in sorted(_index()))
        raise DataError(
            f"no Shannon radii for {ion_label(element, charge)} in {SHANNON_FILE}; known ions: {known}"
        ) from None
    return tuple(sorted(radii, key=_ROMAN.index))


def ionic_radius_angstrom(element: str, charge: int, cn: str | int = "VI") -> float:
    """Shannon (1976) ionic radius in Å of ``element`` with ``charge`` at coordination ``cn``.

    Raises
    ------
    DataError
        If the ion or that CN is not tabulated; the message lists the tabulated CNs.
    """
    c = roman_cn(cn)
    cns = tabulated_cns(element, charge)
    if c not in cns:
        raise DataError(
            f"Shannon (1976) lists no ionic radius of {ion_label(element, charge)} for CN {c}; "
            f"tabulated CNs: {', '.join(cns)}"
        )
    return _index()[(element, int(charge))][c]


@dataclass(frozen=True)
class CationShare:
    """One non-Li cation's contribution to the effective radius."""

    element: str
    charge: int
    mole_fraction: float
    radius_angstrom: float


@dataclass(frozen=True)
class EffectiveRadius:
    """Mole-fraction weighted Shannon ionic radius of the non-Li cations.

    Attributes
    ----------
    formula : str
        Composition it was computed for.
    cn : str
        Coordination number (Roman).
    radius_angstrom : float
        r_eff = Σ x_M r_M, Å.
    shares : tuple of CationShare
        Per-cation mole fractions (sum 1) and radii.
    excluded : tuple of str
        Cations left out (Li by default).
    """

    formula: str
    cn: str
    radius_angstrom: float
    shares: tuple[CationShare, ...]
    excluded: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        return {
            "formula": self.formula,
            "cn": self.cn,
            "radius_angstrom": self.radius_angstrom,
            "shares": [
                {"ion": ion_label(s.element, s.charge), "mole_fraction": s.mole_fraction,
                 "radius_angstrom": s.radius_angstrom}
                for s in self.shares
            ],
            "excluded": list(self.excluded),
        }


def effective_cation_radius(
    composition: str | Composition,
    cn: str | int = "VI",
    *,
    exclude: tuple[str, ...] = ("Li",),
    oxidation_states: Mapping[str, int] | None = None,
) -> EffectiveRadius:
    """Mole-fraction weighted mean Shannon ionic radius of the non-Li cations.

    Parameters
    ----------
    composition : str or Composition
        Formula or composition, e.g. ``"1.4Li2O-0.75ZrCl4-0.25AlCl3"``.
    cn : str or int
        Coordination number ("VI" or 6) applied to every cation.
    exclude : tuple of str
        Cations left out of the average (the mobile Li⁺ by default).
    oxidation_states : mapping, optional
        Overrides of the default oxidation states (``{"Ce": 4}``).

    Raises
    ------
    DataError
        If a cation has no Shannon radius for ``cn`` (the message lists the tabulated CNs).
    InputError
        If the composition has no cations besides the excluded ones.
    """
    comp = parse_composition(composition)
    c = roman_cn(cn)
    overrides = dict(oxidation_states or {})
    cations: list[tuple[str, int, float]] = []
    for el, n in comp.amounts:
        if el in exclude:
            continue
        q = int(overrides[el]) if el in overrides else default_oxidation_state(el)
        if q > 0:
            cations.append((el, q, n))
    if not cations:
        raise InputError(
            f"{comp.formula} has no cations other than {', '.join(exclude)}; "
            "the effective non-Li cation radius is undefined"
        )
    total = math.fsum(n for _, _, n in cations)
    shares = tuple(
        CationShare(el, q, n / total, ionic_radius_angstrom(el, q, c)) for el, q, n in cations
    )
    r = math.fsum(s.mole_fraction * s.radius_angstrom for s in shares)
    return EffectiveRadius(comp.formula, c, r, shares, tuple(exclude))


@dataclass(frozen=True)
class RadiusComparisonRow:
    """Effective radius vs a reference ion at one CN (None where not tabulated)."""

    cn: str
    effective_radius_angstrom: float | None
    reference_radius_angstrom: float | None
    difference_angstrom: float | None
    note: str


@dataclass(frozen=True)
class RadiusComparison:
    """Effective non-Li cation radius compared with a reference ion over several CNs."""

    formula: str
    reference_ion: str
    rows: tuple[RadiusComparisonRow, ...]

    def row(self, cn: str | int) -> RadiusComparisonRow:
        """The row for ``cn``."""
        c = roman_cn(cn)
        for r in self.rows:
            if r.cn == c:
                return r
        raise DataError(f"CN {c} not in this comparison; have {', '.join(r.cn for r in self.rows)}")

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        return {
            "formula": self.formula,
            "reference_ion": self.reference_ion,
            "rows": [
                {"cn": r.cn, "effective_radius_angstrom": r.effective_radius_angstrom,
                 "reference_radius_angstrom": r.reference_radius_angstrom,
                 "difference_angstrom": r.difference_angstrom, "note": r.note}
                for r in self.rows
            ],
        }


def compare_with_ion(
    composition: str | Composition,
    reference: tuple[str, int] = ("Ta", 5),
    cns: tuple[str | int, ...] = DEFAULT_CNS,
    *,
    exclude: tuple[str, ...] = ("Li",),
    oxidation_states: Mapping[str, int] | None = None,
) -> RadiusComparison:
    """Effective non-Li cation radius vs a reference ion (default Ta⁵⁺) at several CNs.

    Where either side is not tabulated at a CN, its value is None and ``note`` says
    which ion lacks that CN (e.g. "Ta5+ has no CN IV (tabulated: VI, VII, VIII)").
    """
    comp = parse_composition(composition)
    el, q = reference
    label = ion_label(el, q)
    ref_cns = tabulated_cns(el, q)
    rows = []
    for cn in cns:
        c = roman_cn(cn)
        notes = []
        try:
            eff: float | None = effective_cation_radius(
                comp, c, exclude=exclude, oxidation_states=oxidation_states
            ).radius_angstrom
        except DataError as exc:
            eff = None
            notes.append(str(exc).replace("Shannon (1976) lists no ionic radius of ", "no radius for "))
        if c in ref_cns:
            ref: float | None = _index()[(el, int(q))][c]
        else:
            ref = None
            notes.append(f"{label} has no CN {c} (tabulated: {', '.join(ref_cns)})")
        diff = None if eff is None or ref is None else eff - ref
        rows.append(RadiusComparisonRow(c, eff, ref, diff, "; ".join(notes)))
    return RadiusComparison(comp.formula, label, tuple(rows))
