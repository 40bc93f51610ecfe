"""The x Li2O·(1−y) ZrCl4·y AlCl3 family and its design-space grid."""

from __future__ import annotations

import math

import pytest

from sselab.chem import composition_grid, family_composition, family_parameters
from sselab.chem.grid import grid_values
from sselab.errors import DataError, InputError


def test_family_lzaco() -> None:
    c = family_composition(1.4, 0.25)
    assert c.formula == "Li2.8Zr0.75Al0.25O1.4Cl3.75"
    assert c.components == ((1.4, "Li2O"), (0.75, "ZrCl4"), (0.25, "AlCl3"))
    assert c.text == "1.4Li2O-0.75ZrCl4-0.25AlCl3"
    assert family_parameters(c) == (1.4, 0.25)
    assert family_parameters("Li5.6Zr1.5Al0.5O2.8Cl7.5") == (1.4, 0.25)


def test_family_edges_and_errors() -> None:
    assert family_composition(1.0, 0.0).formula == "Li2ZrOCl4"
    assert family_composition(1.0, 1.0).formula == "Li2AlOCl3"
    for x, y in [(0, 0.25), (-1, 0.2), (1.4, -0.1), (1.4, 1.5), (math.nan, 0.2)]:
        with pytest.raises(InputError):
            family_composition(x, y)
    with pytest.raises(InputError, match="not of the family"):
        family_parameters("Li2ZrCl6")
    with pytest.raises(InputError, match="not of the family"):
        family_parameters("Li3Zr0.75OCl4")


def test_default_grid_is_design_space() -> None:
    g = composition_grid()
    assert g.x_values == (1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8)
    assert g.y_values == (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
    assert len(g.rows) == 63
    assert g.cn == "VI"
    assert g.reference_radius_angstrom == 0.64
    assert all(g.column("charge_balanced"))
    rec = g.record(1.4, 0.25)
    assert rec["formula"] == "Li2.8Zr0.75Al0.25O1.4Cl3.75"
    assert rec["molar_mass_g_per_mol"] == pytest.approx(249.9316, abs=1e-9)
    assert rec["o_cl_ratio"] == pytest.approx(1.4 / 3.75)
    assert rec["effective_radius_VI_angstrom"] == pytest.approx(0.67375)
    assert rec["li_per_formula_unit"] == pytest.approx(2.8)
    assert rec["li_mass_percent"] == pytest.approx(100 * 2.8 * 6.94 / 249.9316)
    # O/Cl = x/(4 − y) everywhere
    for r in g.records():
        assert r["o_cl_ratio"] == pytest.approx(r["x"] / (4 - r["y"]))
        assert r["effective_radius_VI_angstrom"] == pytest.approx(
            (1 - r["y"]) * 0.72 + r["y"] * 0.535)


def test_grid_options() -> None:
    g = composition_grid((1.0, 1.8), (0.2, 0.5), 0.4, 0.15, cn="IV")
    assert len(g.rows) == 9
    assert "effective_radius_IV_angstrom" in g.columns
    assert math.isnan(g.reference_radius_angstrom)  # Ta5+ has no CN IV
    with pytest.raises(DataError):
        g.column("nope")
    with pytest.raises(DataError):
        g.record(1.3, 0.2)


@pytest.mark.parametrize(
    ("lo", "hi", "step"), [(1.0, 1.8, 0.3), (1.0, 1.8, 0), (1.8, 1.0, 0.1), (1.0, 1.8, -0.1)]
)
def test_grid_values_errors(lo: float, hi: float, step: float) -> None:
    with pytest.raises(InputError):
        grid_values(lo, hi, step, "x")


def test_grid_values_single_point() -> None:
    assert grid_values(1.4, 1.4, 0.1, "x") == (1.4,)
