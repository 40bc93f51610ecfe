"""Chemistry of (oxy)halide solid electrolytes: formulas, masses, charge balance, radii, recipes.

Pure functions and frozen dataclasses; no file I/O besides the packaged data tables
(atomic weights, oxidation states, Shannon radii, precursors) and no printing.

Modules: :mod:`~sselab.chem.formula` (parser), :mod:`~sselab.chem.composition`
(Composition, molar mass, ratios), :mod:`~sselab.chem.charge` (charge balance),
:mod:`~sselab.chem.radii` (Shannon radii, effective cation radius),
:mod:`~sselab.chem.family` (x Li2O·(1−y) ZrCl4·y AlCl3), :mod:`~sselab.chem.grid`
(design-space table), :mod:`~sselab.chem.precursors` and :mod:`~sselab.chem.recipe`
(synthesis recipes).

Examples
--------
>>> from sselab.chem import parse_composition, molar_mass_g_per_mol, charge_balance
>>> c = parse_composition("1.4Li2O-0.75ZrCl4-0.25AlCl3")
>>> c.formula, round(c.molar_mass_g_per_mol, 2), round(c.ratio("O", "Cl"), 3)
('Li2.8Zr0.75Al0.25O1.4Cl3.75', 249.93, 0.373)
>>> round(molar_mass_g_per_mol("Li2CO3"), 3), charge_balance(c).ok
(73.888, True)
>>> from sselab.chem import effective_cation_radius, synthesis_recipe
>>> round(effective_cation_radius(c, "VI").radius_angstrom, 3)
0.674
>>> r = synthesis_recipe(c, 2.0, li_source="Li2CO3")
>>> round(r.gas_mass_g, 4), round(r.mass_loss_percent, 2)
(0.3955, 19.78)
"""

from __future__ import annotations

from sselab.chem.charge import ChargeBalance, charge_balance
from sselab.chem.composition import (
    Composition,
    molar_mass_g_per_mol,
    molar_ratio,
    parse_composition,
)
from sselab.chem.family import family_composition, family_parameters
from sselab.chem.formula import FormulaError, parse_formula
from sselab.chem.grid import CompositionGrid, composition_grid
from sselab.chem.precursors import PrecursorMix, precursor_mix
from sselab.chem.radii import (
    EffectiveRadius,
    RadiusComparison,
    compare_with_ion,
    effective_cation_radius,
    ionic_radius_angstrom,
)
from sselab.chem.recipe import SynthesisRecipe, synthesis_recipe

__all__ = [
    "ChargeBalance",
    "Composition",
    "CompositionGrid",
    "EffectiveRadius",
    "FormulaError",
    "PrecursorMix",
    "RadiusComparison",
    "SynthesisRecipe",
    "charge_balance",
    "compare_with_ion",
    "composition_grid",
    "effective_cation_radius",
    "family_composition",
    "family_parameters",
    "ionic_radius_angstrom",
    "molar_mass_g_per_mol",
    "molar_ratio",
    "parse_composition",
    "parse_formula",
    "precursor_mix",
    "synthesis_recipe",
]
