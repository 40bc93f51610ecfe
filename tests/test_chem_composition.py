"""Composition value object: element formula, molar mass, ratios (IUPAC 2021 weights)."""

from __future__ import annotations

import pytest

from sselab.chem import Composition, molar_mass_g_per_mol, molar_ratio, parse_composition
from sselab.errors import DataError, InputError

LZACO = "1.4Li2O-0.75ZrCl4-0.25AlCl3"


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        # hand sums of IUPAC 2021 abridged weights (Li 6.94, C 12.011, O 15.999, Cl 35.45,
        # Zr 91.224, Al 26.982)
        ("Li2O", 29.879),
        ("Li2CO3", 73.888),
        ("ZrCl4", 233.024),
        ("AlCl3", 133.332),
        ("LiCl", 42.39),
        ("CO2", 44.009),
        ("Li2ZrCl6", 317.804),
    ],
)
def test_precursor_molar_masses(formula: str, expected: float) -> None:
    assert molar_mass_g_per_mol(formula) == pytest.approx(expected, abs=1e-9)


def test_lzaco_formula_and_mass() -> None:
    c = parse_composition(LZACO)
    assert c.formula == "Li2.8Zr0.75Al0.25O1.4Cl3.75"
    # paper/reference note: 249.93 g per formula unit (±0.02)
    assert c.molar_mass_g_per_mol == pytest.approx(249.93, abs=0.02)
    assert c.molar_mass_g_per_mol == pytest.approx(
        1.4 * 29.879 + 0.75 * 233.024 + 0.25 * 133.332, rel=1e-12
    )
    assert c.components == ((1.4, "Li2O"), (0.75, "ZrCl4"), (0.25, "AlCl3"))
    assert c.is_oxide_sum
    assert c.element_amount("Li") == pytest.approx(2.8)
    assert c.element_amount("Ta") == 0.0
    assert dict(c.amounts) == c.mapping


def test_equality_ignores_notation_and_hash() -> None:
    a = parse_composition(LZACO)
    b = parse_composition("Li2.8Zr0.75Al0.25O1.4Cl3.75")
    c = parse_composition("Cl3.75O1.4Al0.25Zr0.75Li2.8")
    assert a == b == c
    assert len({a, b, c}) == 1
    with pytest.raises(AttributeError):
        a.text = "x"  # frozen


@pytest.mark.parametrize(
    ("formula", "ratio"),
    [
        (LZACO, 1.4 / 3.75),  # 0.3733 -> paper 0.37
        ("Li1.75ZrCl4.75O0.5", 0.5 / 4.75),  # 0.1053 -> 0.11
        ("Li3Zr0.75OCl4", 0.25),
        ("Li2.22Zr1.11Cl5.33O0.67", 0.67 / 5.33),  # 0.1257 -> 0.13
    ],
)
def test_o_cl_ratio(formula: str, ratio: float) -> None:
    assert molar_ratio(formula, "O", "Cl") == pytest.approx(ratio, rel=1e-12)


def test_ratio_without_denominator() -> None:
    with pytest.raises(InputError, match="no Cl"):
        parse_composition("Li2O").ratio("O", "Cl")


def test_from_amounts_and_validation() -> None:
    c = Composition.from_amounts({"O": 1, "Li": 2})
    assert c.formula == "Li2O"
    assert Composition.from_amounts([("Li", 1), ("Li", 1), ("O", 1)]) == c
    with pytest.raises(DataError):
        Composition.from_amounts({"Xx": 1})
    with pytest.raises(InputError):
        Composition.from_amounts({"Li": -1})
    with pytest.raises(InputError):
        Composition.from_amounts({"Li": 0})


def test_mass_fractions_sum_to_one() -> None:
    f = parse_composition(LZACO).mass_fractions()
    assert sum(f.values()) == pytest.approx(1.0, rel=1e-12)
