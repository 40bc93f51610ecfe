"""Properties of the x Li2O · (1−y) ZrCl4 · y AlCl3 family over a grid of (x, y).

The default grid is the paper's design space, x = 1.0 … 1.8 (step 0.1) and
y = 0.2 … 0.5 (step 0.05): 9 × 7 = 63 compositions.

Examples
--------
>>> from sselab.chem.grid import composition_grid
>>> g = composition_grid()
>>> len(g.rows), g.columns[:3]
(63, ('x', 'y', 'formula'))
>>> rec = g.record(1.4, 0.25)
>>> rec["formula"], round(rec["o_cl_ratio"], 4), round(rec["effective_radius_VI_angstrom"], 4)
('Li2.8Zr0.75Al0.25O1.4Cl3.75', 0.3733, 0.6738)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sselab.chem.charge import charge_balance
from sselab.chem.family import DESIGN_X, DESIGN_Y, family_composition
from sselab.chem.radii import effective_cation_radius, ionic_radius_angstrom, roman_cn
from sselab.errors import DataError, InputError


def grid_values(lo: float, hi: float, step: float, name: str) -> tuple[float, ...]:
    """lo, lo+step, …, hi (inclusive; values rounded to 10 decimals).

    Raises
    ------
    InputError
        If step ≤ 0, hi < lo, or (hi − lo) is not a whole number of steps.
    """
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise InputError(f"{name} range must be finite, got {lo!r}..{hi!r}")
    if not (step > 0 and math.isfinite(step)):
        raise InputError(f"{name} step must be > 0, got {step!r}")
    if hi < lo:
        raise InputError(f"{name} range is empty: max {hi!r} < min {lo!r}")
    n = (hi - lo) / step
    k = round(n)
    if abs(n - k) > 1e-6:
        raise InputError(
            f"{name} range {lo}..{hi} is not a whole number of steps of {step}; "
            f"choose a step that divides {hi - lo:g}"
        )
    if k > 10_000:
        raise InputError(f"{name} grid would have {k + 1} points; use a larger step")
    return tuple(round(lo + i * step, 10) for i in range(k + 1))


@dataclass(frozen=True)
class CompositionGrid:
    """A table of family properties, one row per (x, y).

    Attributes
    ----------
    columns : tuple of str
        Column names, with units in the names.
    rows : tuple of tuple
        One row per composition, x varying slowest.
    x_values, y_values : tuple of float
        The grid axes.
    cn : str
        Coordination number of the effective-radius column.
    reference_radius_angstrom : float
        Ta⁵⁺ Shannon ionic radius at ``cn`` (NaN when not tabulated).
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    x_values: tuple[float, ...]
    y_values: tuple[float, ...]
    cn: str
    reference_radius_angstrom: float

    def column(self, name: str) -> tuple[Any, ...]:
        """All values of column ``name``."""
        try:
            i = self.columns.index(name)
        except ValueError:
            raise DataError(f"no column {name!r}; columns: {', '.join(self.columns)}") from None
        return tuple(r[i] for r in self.rows)

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts (for JSON)."""
        return [dict(zip(self.columns, r, strict=True)) for r in self.rows]

    def record(self, x: float, y: float) -> dict[str, Any]:
        """The row for (x, y) as a dict."""
        for r in self.rows:
            if abs(r[0] - x) < 1e-9 and abs(r[1] - y) < 1e-9:
                return dict(zip(self.columns, r, strict=True))
        raise DataError(f"(x, y) = ({x}, {y}) is not on this grid")


def composition_grid(
    x_range: tuple[float, float] = DESIGN_X,
    y_range: tuple[float, float] = DESIGN_Y,
    x_step: float = 0.1,
    y_step: float = 0.05,
    cn: str | int = "VI",
) -> CompositionGrid:
    """Molar mass, Li content, O/Cl, charge balance and effective radius over an (x, y) grid.

    Parameters
    ----------
    x_range, y_range : (float, float)
        Inclusive ranges (default: the paper's design space 1.0–1.8 and 0.2–0.5).
    x_step, y_step : float
        Grid steps (defaults 0.1 and 0.05); must divide the ranges.
    cn : str or int
        Coordination number of the effective non-Li cation radius column.
    """
    c = roman_cn(cn)
    xs = grid_values(float(x_range[0]), float(x_range[1]), float(x_step), "x")
    ys = grid_values(float(y_range[0]), float(y_range[1]), float(y_step), "y")
    try:
        ref = ionic_radius_angstrom("Ta", 5, c)
    except DataError:
        ref = math.nan
    rcol = f"effective_radius_{c}_angstrom"
    columns = (
        "x", "y", "formula", "molar_mass_g_per_mol", "li_per_formula_unit",
        "li_mass_percent", "li_mmol_per_g", "o_cl_ratio", rcol,
        f"radius_minus_Ta5_{c}_angstrom", "charge_balanced",
    )
    rows = []
    for x in xs:
        for y in ys:
            comp = family_composition(x, y)
            m = comp.molar_mass_g_per_mol
            li = comp.element_amount("Li")
            r = effective_cation_radius(comp, c).radius_angstrom
            rows.append((
                x, y, comp.formula, m, li,
                100.0 * comp.mass_fractions()["Li"], 1000.0 * li / m,
                comp.ratio("O", "Cl"), r, r - ref, charge_balance(comp).ok,
            ))
    return CompositionGrid(columns, tuple(rows), xs, ys, c, ref)
