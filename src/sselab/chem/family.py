"""The paper's composition family x Li2O · (1−y) ZrCl4 · y AlCl3.

Per formula unit: Li 2x, Zr 1−y, Al y, O x, Cl 4(1−y) + 3y = 4 − y.  The
paper's design space is x ∈ [1.0, 1.8], y ∈ [0.2, 0.5]; LZACO is x = 1.4,
y = 0.25.

Examples
--------
>>> from sselab.chem.family import family_composition, family_parameters
>>> c = family_composition(1.4, 0.25)
>>> c.formula, c.components
('Li2.8Zr0.75Al0.25O1.4Cl3.75', ((1.4, 'Li2O'), (0.75, 'ZrCl4'), (0.25, 'AlCl3')))
>>> family_parameters("Li2.8Zr0.75Al0.25O1.4Cl3.75")
(1.4, 0.25)
"""

from __future__ import annotations

import math

from sselab.chem.composition import Composition, format_amount, parse_composition
from sselab.errors import InputError

#: The paper's design space (Hu et al. 2026, Fig. 1a): x range, y range.
DESIGN_X = (1.0, 1.8)
DESIGN_Y = (0.2, 0.5)
#: The optimum, LZACO.
LZACO_XY = (1.4, 0.25)


def family_composition(x: float, y: float) -> Composition:
    """Composition x Li2O · (1−y) ZrCl4 · y AlCl3 with its oxide-sum components.

    Parameters
    ----------
    x : float
        Li2O per formula unit, > 0.
    y : float
        Al fraction of the non-Li cations, 0 ≤ y ≤ 1 (components with a zero
        coefficient are dropped).

    Raises
    ------
    InputError
        If x ≤ 0 or y outside [0, 1].
    """
    try:
        xf, yf = float(x), float(y)
    except (TypeError, ValueError):
        raise InputError(f"x and y must be numbers, got x={x!r}, y={y!r}") from None
    if not (xf > 0 and math.isfinite(xf)):
        raise InputError(f"x (Li2O per formula unit) must be > 0, got {x!r}")
    if not (0.0 <= yf <= 1.0):
        raise InputError(f"y (AlCl3 fraction) must be within [0, 1], got {y!r}")
    xf, yf = round(xf, 10), round(yf, 10)
    zr = round(1.0 - yf, 10)
    comps = [(xf, "Li2O"), (zr, "ZrCl4"), (yf, "AlCl3")]
    comps = [(c, f) for c, f in comps if c > 0]
    amounts = [("Li", 2 * xf), ("Zr", zr), ("Al", yf), ("O", xf), ("Cl", 4 * zr + 3 * yf)]
    text = "-".join(f"{format_amount(c) or '1'}{f}" for c, f in comps)
    return Composition(tuple(amounts), components=tuple(comps), text=text)


def family_parameters(composition: str | Composition, tol: float = 1e-6) -> tuple[float, float]:
    """(x, y) of a composition of the family, normalised to Zr + Al = 1.

    Raises
    ------
    InputError
        If the composition is not of the form x Li2O · (1−y) ZrCl4 · y AlCl3 (within
        ``tol`` per formula unit).
    """
    comp = parse_composition(composition)
    extra = set(comp.elements) - {"Li", "Zr", "Al", "O", "Cl"}
    m = comp.element_amount("Zr") + comp.element_amount("Al")
    if extra or m == 0:
        raise InputError(f"{comp.formula} is not of the family x Li2O·(1−y) ZrCl4·y AlCl3")
    x = comp.element_amount("O") / m
    y = comp.element_amount("Al") / m
    ok = (
        abs(comp.element_amount("Li") / m - 2 * x) <= tol
        and abs(comp.element_amount("Cl") / m - (4 - y)) <= tol
    )
    if not ok:
        raise InputError(
            f"{comp.formula} is not of the family x Li2O·(1−y) ZrCl4·y AlCl3 "
            "(needs Li = 2·O and Cl = 4 − Al per (Zr + Al))"
        )
    return round(x, 10), round(y, 10)
