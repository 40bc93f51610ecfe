"""Chemistry of (oxy)halide solid electrolytes: formulas, masses, charge balance, radii, recipes.

Pure functions and frozen dataclasses; no file I/O besides the packaged data tables
(atomic weights, oxidation states, Shannon radii) and no printing.

Examples
--------
>>> from sselab.chem import parse_composition, molar_mass_g_per_mol
>>> c = parse_composition("1.4Li2O-0.75ZrCl4-0.25AlCl3")
>>> c.formula, round(c.molar_mass_g_per_mol, 2)
('Li2.8Zr0.75Al0.25O1.4Cl3.75', 249.93)
>>> round(molar_mass_g_per_mol("Li2CO3"), 3)
73.888
"""

from __future__ import annotations

from sselab.chem.composition import (
    Composition,
    molar_mass_g_per_mol,
    molar_ratio,
    parse_composition,
)
from sselab.chem.formula import FormulaError

__all__ = [
    "Composition",
    "FormulaError",
    "molar_mass_g_per_mol",
    "molar_ratio",
    "parse_composition",
]
