"""The :class:`Composition` value object: element amounts per formula unit.

A composition is parsed from a plain formula (``Li1.75ZrCl4.75O0.5``,
``Ca3(PO4)2``) or an oxide-sum notation (``1.4Li2O-0.75ZrCl4-0.25AlCl3``, also
with ``·``, ``*``, ``+`` or spaces).  The oxide-sum components are kept (for
recipes); the element amounts are summed.

Element order of :attr:`Composition.formula` (the convention used throughout
sselab): **Li first**, then the other cations in order of first appearance,
then the non-halogen anions (N, O, S, Se, Te) in order of first appearance,
then the halogens (F, Cl, Br, I) in order of first appearance.  So
``1.4Li2O-0.75ZrCl4-0.25AlCl3`` is ``Li2.8Zr0.75Al0.25O1.4Cl3.75``.

Amounts are stored rounded to 10 decimals (this removes floating-point noise
such as 0.30000000000000004 and makes ``parse_composition(c.formula) == c``
exact).  Equality and hashing depend only on the element amounts, not on how
the formula was written.

Examples
--------
>>> from sselab.chem import parse_composition, molar_mass_g_per_mol
>>> c = parse_composition("1.4Li2O-0.75ZrCl4-0.25AlCl3")
>>> c.formula
'Li2.8Zr0.75Al0.25O1.4Cl3.75'
>>> round(c.molar_mass_g_per_mol, 2)
249.93
>>> round(c.ratio("O", "Cl"), 4)
0.3733
>>> round(molar_mass_g_per_mol("Li2CO3"), 3)
73.888
>>> c == parse_composition("Li2.8Zr0.75Al0.25O1.4Cl3.75")
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from sselab.chem.elements import atomic_weight_g_per_mol, known_elements
from sselab.chem.formula import parse_formula
from sselab.errors import DataError, InputError

#: Non-halogen anions, placed after the cations (in order of first appearance).
CHALCOGEN_LIKE_ANIONS = frozenset({"N", "O", "S", "Se", "Te"})
#: Halogens, placed last (in order of first appearance).
HALOGENS = frozenset({"F", "Cl", "Br", "I"})
#: Decimals kept for amounts.
AMOUNT_DECIMALS = 10


def _rank(el: str) -> int:
    if el == "Li":
        return 0
    if el in HALOGENS:
        return 3
    if el in CHALCOGEN_LIKE_ANIONS:
        return 2
    return 1


def conventional_order(elements: Iterable[str]) -> tuple[str, ...]:
    """Order element symbols by the sselab convention (see module docstring).

    ``elements`` must be in order of first appearance; the sort is stable.
    """
    seen: dict[str, None] = dict.fromkeys(elements)
    return tuple(sorted(seen, key=_rank))


def format_amount(x: float) -> str:
    """Amount as written in a formula: '' for 1, no trailing zeros, never exponent form."""
    if x == 1.0:
        return ""
    s = f"{x:.{AMOUNT_DECIMALS}f}".rstrip("0").rstrip(".")
    return s


def _normalise(pairs: Iterable[tuple[str, float]]) -> tuple[tuple[str, float], ...]:
    known = known_elements()
    acc: dict[str, float] = {}
    for el, n in pairs:
        if not isinstance(el, str) or el not in known:
            raise DataError(f"unknown element {el!r}; use a symbol such as 'Li' or 'Cl'")
        try:
            v = float(n)
        except (TypeError, ValueError):
            raise InputError(f"amount of {el} must be a number, got {n!r}") from None
        if not math.isfinite(v) or v < 0:
            raise InputError(f"amount of {el} must be finite and >= 0, got {n!r}")
        acc[el] = acc.get(el, 0.0) + v
    out = [(el, round(v, AMOUNT_DECIMALS)) for el, v in acc.items()]
    out = [(el, v) for el, v in out if v > 0.0]
    if not out:
        raise InputError("a composition needs at least one element with a positive amount")
    order = conventional_order(el for el, _ in out)
    d = dict(out)
    return tuple((el, d[el]) for el in order)


@dataclass(frozen=True, eq=False)
class Composition:
    """Element amounts per formula unit (immutable, hashable).

    Parameters
    ----------
    amounts : tuple of (str, float)
        ``(element, amount)`` pairs.  They are merged, rounded to 10 decimals, zero
        amounts dropped, and put in the sselab conventional order on construction.
    components : tuple of (float, str)
        ``(coefficient, formula)`` of each component when parsed from an oxide-sum
        notation (one entry for a plain formula; empty when built from amounts).
        Not part of equality.
    text : str
        The text the composition was parsed from ("" otherwise).  Not part of equality.
    """

    amounts: tuple[tuple[str, float], ...]
    components: tuple[tuple[float, str], ...] = field(default=(), repr=False)
    text: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "amounts", _normalise(self.amounts))
        comps = tuple((float(c), str(f)) for c, f in self.components)
        object.__setattr__(self, "components", comps)

    # -- identity ----------------------------------------------------------------------
    def _key(self) -> tuple[tuple[str, float], ...]:
        return tuple(sorted(self.amounts))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Composition):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __str__(self) -> str:
        return self.formula

    # -- constructors ------------------------------------------------------------------
    @classmethod
    def from_amounts(cls, amounts: Mapping[str, float] | Iterable[tuple[str, float]]) -> Composition:
        """Build from ``{"Li": 2, "O": 1}`` or ``[("Li", 2), ("O", 1)]``."""
        pairs = amounts.items() if isinstance(amounts, Mapping) else amounts
        return cls(tuple(pairs))

    # -- properties --------------------------------------------------------------------
    @property
    def formula(self) -> str:
        """Element formula in the sselab conventional order, e.g. ``Li2.8Zr0.75Al0.25O1.4Cl3.75``."""
        return "".join(f"{el}{format_amount(n)}" for el, n in self.amounts)

    @property
    def elements(self) -> tuple[str, ...]:
        """Element symbols in conventional order."""
        return tuple(el for el, _ in self.amounts)

    @property
    def mapping(self) -> Mapping[str, float]:
        """Read-only ``element -> amount`` mapping."""
        return MappingProxyType(dict(self.amounts))

    @property
    def is_oxide_sum(self) -> bool:
        """True when parsed from a sum of more than one component."""
        return len(self.components) > 1

    @property
    def molar_mass_g_per_mol(self) -> float:
        """Molar mass per formula unit, g/mol: Σ nᵢ·Ar(i) with IUPAC 2021 atomic weights."""
        return math.fsum(n * atomic_weight_g_per_mol(el) for el, n in self.amounts)

    @property
    def atoms_per_formula_unit(self) -> float:
        """Σ nᵢ, atoms per formula unit."""
        return math.fsum(n for _, n in self.amounts)

    def element_amount(self, element: str) -> float:
        """Amount of ``element`` per formula unit (0.0 when absent)."""
        for el, n in self.amounts:
            if el == element:
                return n
        if element not in known_elements():
            raise DataError(f"unknown element {element!r}")
        return 0.0

    def ratio(self, numerator: str, denominator: str) -> float:
        """Molar ratio n(numerator)/n(denominator), e.g. ``ratio("O", "Cl")``.

        Raises
        ------
        InputError
            If the denominator element is absent (ratio undefined).
        """
        d = self.element_amount(denominator)
        if d == 0.0:
            raise InputError(
                f"{self.formula} contains no {denominator}; the {numerator}/{denominator} "
                f"ratio is undefined"
            )
        return self.element_amount(numerator) / d

    def mass_fractions(self) -> dict[str, float]:
        """Mass fraction of each element (sums to 1)."""
        m = self.molar_mass_g_per_mol
        return {el: n * atomic_weight_g_per_mol(el) / m for el, n in self.amounts}

    def scaled(self, factor: float) -> Composition:
        """Amounts multiplied by ``factor`` (> 0)."""
        if not (factor > 0 and math.isfinite(factor)):
            raise InputError(f"scale factor must be positive and finite, got {factor!r}")
        return Composition(tuple((el, n * factor) for el, n in self.amounts))

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON output."""
        return {
            "formula": self.formula,
            "amounts": dict(self.amounts),
            "components": [{"coefficient": c, "formula": f} for c, f in self.components],
            "molar_mass_g_per_mol": self.molar_mass_g_per_mol,
        }


def parse_composition(text: str | Composition) -> Composition:
    """Parse a plain formula or an oxide-sum notation into a :class:`Composition`.

    Parameters
    ----------
    text : str or Composition
        e.g. ``"Li2.22Zr1.11Cl5.33O0.67"``, ``"1.4Li2O·0.75ZrCl4·0.25AlCl3"``,
        ``"Ca3(PO4)2"``.  A :class:`Composition` is returned unchanged.

    Raises
    ------
    sselab.errors.ParseError
        Naming the offending token and its 1-based position.
    """
    if isinstance(text, Composition):
        return text
    comps = parse_formula(text)
    pairs: list[tuple[str, float]] = []
    for c in comps:
        pairs.extend((el, c.coefficient * n) for el, n in c.amounts)
    kept = tuple((c.coefficient, c.text) for c in comps)
    return Composition(tuple(pairs), components=kept, text=text)


def molar_mass_g_per_mol(formula: str | Composition) -> float:
    """Molar mass per formula unit in g/mol (IUPAC 2021 conventional atomic weights).

    >>> round(molar_mass_g_per_mol("ZrCl4"), 3)
    233.024
    """
    return parse_composition(formula).molar_mass_g_per_mol


def molar_ratio(formula: str | Composition, numerator: str, denominator: str) -> float:
    """Molar ratio of two elements, e.g. ``molar_ratio("Li3Zr0.75OCl4", "O", "Cl") == 0.25``."""
    return parse_composition(formula).ratio(numerator, denominator)
