"""Precursor mixtures: which precursors make a target, and which of them lose gas.

A :class:`PrecursorMix` is a list of ``(moles per formula unit of product,
precursor composition)``.  It comes either from an oxide-sum notation
(``1.4Li2O-0.75ZrCl4-0.25AlCl3``) or, for a plain formula, from a unique
non-negative decomposition into the binary precursors listed in
``sselab/data/chem/precursors.toml`` (Li2O, LiCl, ZrCl4, AlCl3, ...).

Examples
--------
>>> from sselab.chem.precursors import precursor_mix
>>> m = precursor_mix("Li1.75ZrCl4.75O0.5")
>>> [(round(n, 4), p.formula) for n, p in m.items]
[(0.5, 'Li2O'), (0.75, 'LiCl'), (1.0, 'ZrCl4')]
>>> m2 = precursor_mix("1.4Li2O-0.75ZrCl4-0.25AlCl3").with_li_source("Li2CO3")
>>> [(n, p.formula) for n, p in m2.items]
[(1.4, 'Li2CO3'), (0.75, 'ZrCl4'), (0.25, 'AlCl3')]
>>> [(round(n, 4), g.formula) for n, g in m2.gases]
[(1.4, 'CO2')]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from sselab.chem.composition import Composition, format_amount, parse_composition
from sselab.errors import DataError, InputError
from sselab.parameters import data_text

PRECURSORS_FILE = "chem/precursors.toml"
#: Lithium sources that can be swapped for one another.
LI_SOURCES = ("Li2O", "Li2CO3")


@cache
def _table() -> dict[str, Any]:
    return tomllib.loads(data_text(PRECURSORS_FILE))


@cache
def gas_releasing() -> dict[Composition, tuple[Composition, float, Composition]]:
    """``precursor -> (gas, gas per formula unit, solid residue)`` from the data file."""
    out = {}
    for f, rec in _table()["gas_release"].items():
        out[parse_composition(f)] = (
            parse_composition(rec["gas"]),
            float(rec["gas_per_formula_unit"]),
            parse_composition(rec["residue"]),
        )
    return out


def decomposition_candidates() -> tuple[str, ...]:
    """Binary precursors used to decompose plain formulas."""
    return tuple(_table()["decomposition"]["candidates"])


@dataclass(frozen=True)
class PrecursorMix:
    """Precursors per formula unit of product, and the gases they release.

    Attributes
    ----------
    items : tuple of (float, Composition)
        Moles of each precursor per formula unit of product.
    gases : tuple of (float, Composition)
        Moles of gas released per formula unit of product.
    product : Composition
        Σ precursors − Σ gases.
    max_deviation : float
        Largest |product − target| per element relative to the target amount
        (0 unless the target was a rounded plain formula).
    """

    items: tuple[tuple[float, Composition], ...]
    gases: tuple[tuple[float, Composition], ...]
    product: Composition
    max_deviation: float = 0.0

    @classmethod
    def from_items(cls, items: list[tuple[float, Composition]], max_deviation: float = 0.0) -> PrecursorMix:
        """Build a mix, working out the gases and the product."""
        items = [(round(float(n), 10), p) for n, p in items if n > 0]
        if not items:
            raise InputError("a precursor mix needs at least one precursor with a positive amount")
        gases: dict[Composition, float] = {}
        for n, p in items:
            rel = gas_releasing().get(p)
            if rel:
                gas, k, _ = rel
                gases[gas] = gases.get(gas, 0.0) + n * k
        total: dict[str, float] = {}
        for n, p in items:
            for el, a in p.amounts:
                total[el] = total.get(el, 0.0) + n * a
        for g, n in gases.items():
            for el, a in g.amounts:
                total[el] = total.get(el, 0.0) - n * a
        if any(v < -1e-9 for v in total.values()):  # pragma: no cover - data guarantee
            raise DataError("gas release exceeds the precursor amounts; check precursors.toml")
        product = Composition(tuple((el, max(v, 0.0)) for el, v in total.items()))
        return cls(tuple(items), tuple((round(n, 10), g) for g, n in gases.items()), product,
                   max_deviation)

    def with_li_source(self, li_source: str | None) -> PrecursorMix:
        """The same product made with ``li_source`` ("Li2O" or "Li2CO3") for every Li2O/Li2CO3.

        ``None`` keeps the mix as written.
        """
        if li_source is None:
            return self
        if li_source not in LI_SOURCES:
            raise InputError(f"li_source must be one of {', '.join(LI_SOURCES)}, got {li_source!r}")
        new = parse_composition(li_source)
        swap = {parse_composition(s) for s in LI_SOURCES}
        items = [(n, new if p in swap else p) for n, p in self.items]
        merged: dict[Composition, float] = {}
        for n, p in items:
            merged[p] = merged.get(p, 0.0) + n
        return PrecursorMix.from_items([(n, p) for p, n in merged.items()], self.max_deviation)

    @property
    def has_li_source(self) -> bool:
        """True when some precursor is Li2O or Li2CO3."""
        swap = {parse_composition(s) for s in LI_SOURCES}
        return any(p in swap for _, p in self.items)

    def reaction(self) -> str:
        """The balanced equation, e.g. ``1.4 Li2CO3 + 0.75 ZrCl4 + 0.25 AlCl3 -> Li2.8… + 1.4 CO2``."""
        lhs = " + ".join(f"{_coef(n)}{p.formula}" for n, p in self.items)
        rhs = [self.product.formula] + [f"{_coef(n)}{g.formula}" for n, g in self.gases]
        return f"{lhs} -> {' + '.join(rhs)}"


def _coef(n: float) -> str:
    s = format_amount(n)
    return f"{s} " if s else ""


def precursor_mix(
    target: str | Composition,
    precursors: tuple[str, ...] | None = None,
    rel_tol: float = 0.02,
) -> PrecursorMix:
    """Precursors for ``target``.

    Parameters
    ----------
    target : str or Composition
        An oxide-sum notation (its components are the precursors) or a plain
        formula (decomposed into ``precursors``).
    precursors : tuple of str, optional
        Precursors for a plain formula; default: the candidates of
        ``precursors.toml`` whose elements all occur in the target.
    rel_tol : float
        Largest accepted relative deviation per element between target and the
        best non-negative decomposition (rounded published formulas).

    Raises
    ------
    InputError
        If the plain formula cannot be made from the precursors uniquely and within
        ``rel_tol``; the message suggests writing an oxide sum.
    """
    comp = parse_composition(target)
    if len(comp.components) > 1 and precursors is None:
        return PrecursorMix.from_items([(c, parse_composition(f)) for c, f in comp.components])
    return _decompose(comp, precursors, rel_tol)


def _decompose(comp: Composition, precursors: tuple[str, ...] | None, rel_tol: float) -> PrecursorMix:
    import numpy as np

    elements = set(comp.elements)
    if precursors is None:
        cands = [parse_composition(f) for f in decomposition_candidates()]
        cands = [p for p in cands if set(p.elements) <= elements]
    else:
        cands = [parse_composition(f) for f in precursors]
    hint = (
        "write the target as an oxide sum of its precursors, e.g. "
        "'0.5Li2O-0.75LiCl-ZrCl4', or pass precursors explicitly"
    )
    if not cands:
        raise InputError(f"no known precursor fits {comp.formula}; {hint}")
    covered = set().union(*(p.elements for p in cands))
    missing = sorted(elements - covered)
    if missing:
        raise InputError(f"no precursor supplies {', '.join(missing)} for {comp.formula}; {hint}")
    els = sorted(elements | covered)
    A = np.array([[p.element_amount(e) for p in cands] for e in els])
    b = np.array([comp.element_amount(e) for e in els])
    sol, _, rank, _ = np.linalg.lstsq(A, b, rcond=None)
    if rank < len(cands):
        raise InputError(
            f"precursors {', '.join(p.formula for p in cands)} do not give a unique recipe "
            f"for {comp.formula}; {hint}"
        )
    if np.any(sol < -1e-9):
        bad = [p.formula for p, n in zip(cands, sol, strict=True) if n < -1e-9]
        raise InputError(
            f"{comp.formula} would need negative amounts of {', '.join(bad)}; {hint}"
        )
    recon = A @ np.clip(sol, 0, None)
    dev = np.abs(recon - b) / np.where(b > 0, b, 1.0)
    worst = float(dev.max())
    if worst > rel_tol:
        e = els[int(dev.argmax())]
        raise InputError(
            f"{comp.formula} cannot be made from {', '.join(p.formula for p in cands)} "
            f"(best mix is off by {100 * worst:.1f} % in {e}; is it charge balanced?); {hint}"
        )
    items = [(float(n), p) for n, p in zip(sol, cands, strict=True) if n > 1e-9]
    return PrecursorMix.from_items(items, max_deviation=worst if worst > 1e-9 else 0.0)
