"""Charge-balance check with fixed (default) oxidation states.

Σ (n_i · q_i) over cations must equal Σ (n_j · |q_j|) over anions.  Published
formulas are rounded (``Li2.22Zr1.11Cl5.33O0.67``: 6.66 vs 6.67), so the check
accepts a relative imbalance up to ``rel_tol`` (default 0.02, i.e. 2 % of the
anion charge).

Examples
--------
>>> from sselab.chem.charge import charge_balance
>>> cb = charge_balance("Li2.22Zr1.11Cl5.33O0.67")
>>> round(cb.cation_charge, 2), round(cb.anion_charge, 2), cb.ok
(6.66, 6.67, True)
>>> charge_balance("Li3ZrCl6").ok
False
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sselab.chem.composition import Composition, parse_composition
from sselab.chem.elements import default_oxidation_state
from sselab.errors import InputError

#: Default relative tolerance for rounded published formulas.
DEFAULT_REL_TOL = 0.02


@dataclass(frozen=True)
class ChargeBalance:
    """Result of :func:`charge_balance` (charges in elementary charges per formula unit).

    Attributes
    ----------
    formula : str
        Element formula checked.
    cation_charge : float
        Σ nᵢ·qᵢ over elements with qᵢ > 0.
    anion_charge : float
        Σ nⱼ·|qⱼ| over elements with qⱼ < 0 (a positive number).
    imbalance : float
        cation_charge − anion_charge.
    relative_imbalance : float
        imbalance / anion_charge (imbalance / cation_charge when there are no anions).
    tolerance : float
        Relative tolerance used.
    ok : bool
        |relative_imbalance| ≤ tolerance.
    oxidation_states : tuple of (str, int)
        The states used, per element.
    """

    formula: str
    cation_charge: float
    anion_charge: float
    imbalance: float
    relative_imbalance: float
    tolerance: float
    ok: bool
    oxidation_states: tuple[tuple[str, int], ...]

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON (charges in elementary charges per formula unit)."""
        return {
            "formula": self.formula,
            "cation_charge_e_per_fu": self.cation_charge,
            "anion_charge_e_per_fu": self.anion_charge,
            "imbalance_e_per_fu": self.imbalance,
            "relative_imbalance": self.relative_imbalance,
            "tolerance_relative": self.tolerance,
            "ok": self.ok,
            "oxidation_states": dict(self.oxidation_states),
        }


def charge_balance(
    composition: str | Composition,
    *,
    oxidation_states: Mapping[str, int] | None = None,
    rel_tol: float = DEFAULT_REL_TOL,
) -> ChargeBalance:
    """Check electroneutrality with fixed oxidation states.

    Parameters
    ----------
    composition : str or Composition
        Formula or composition.
    oxidation_states : mapping, optional
        Overrides of the defaults in ``sselab/data/chem/oxidation_states.toml``
        (Li +1, Zr +4, Al +3, O −2, Cl −1, ...), e.g. ``{"Fe": 2}``.
    rel_tol : float
        Accepted |imbalance| / anion charge (default 0.02).

    Raises
    ------
    DataError
        If an element has no default oxidation state and none is given.
    InputError
        If ``rel_tol`` is negative or not finite.
    """
    if not (rel_tol >= 0 and math.isfinite(rel_tol)):
        raise InputError(f"rel_tol must be >= 0 and finite, got {rel_tol!r}")
    comp = parse_composition(composition)
    overrides = dict(oxidation_states or {})
    used: list[tuple[str, int]] = []
    cat = an = 0.0
    for el, n in comp.amounts:
        q = int(overrides[el]) if el in overrides else default_oxidation_state(el)
        used.append((el, q))
        if q > 0:
            cat += n * q
        else:
            an += n * -q
    imb = cat - an
    ref = an if an > 0 else cat
    rel = imb / ref if ref > 0 else 0.0
    return ChargeBalance(
        formula=comp.formula,
        cation_charge=cat,
        anion_charge=an,
        imbalance=imb,
        relative_imbalance=rel,
        tolerance=float(rel_tol),
        ok=abs(rel) <= rel_tol * (1 + 1e-12),
        oxidation_states=tuple(used),
    )
