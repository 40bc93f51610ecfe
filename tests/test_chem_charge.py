"""Charge balance with fixed oxidation states (tolerance for rounded formulas)."""

from __future__ import annotations

import pytest

from sselab.chem import charge_balance
from sselab.errors import DataError, InputError


@pytest.mark.parametrize(
    ("formula", "cation", "anion"),
    [
        ("1.4Li2O-0.75ZrCl4-0.25AlCl3", 6.55, 6.55),
        ("Li1.75ZrCl4.75O0.5", 5.75, 5.75),
        ("Li3Zr0.75OCl4", 6.0, 6.0),
        ("Li2.22Zr1.11Cl5.33O0.67", 6.66, 6.67),  # rounded published formula
        ("Li2ZrCl6", 6.0, 6.0),
        ("Li6PS5Cl", 11.0, 11.0),
        ("Li7La3Zr2O12", 24.0, 24.0),
    ],
)
def test_balanced(formula: str, cation: float, anion: float) -> None:
    cb = charge_balance(formula)
    assert cb.cation_charge == pytest.approx(cation, abs=1e-9)
    assert cb.anion_charge == pytest.approx(anion, abs=1e-9)
    assert cb.imbalance == pytest.approx(cation - anion, abs=1e-9)
    assert cb.ok


def test_rounded_formula_needs_tolerance() -> None:
    cb = charge_balance("Li2.22Zr1.11Cl5.33O0.67", rel_tol=0.001)
    assert not cb.ok
    assert cb.relative_imbalance == pytest.approx(-0.01 / 6.67)
    assert charge_balance("Li2.22Zr1.11Cl5.33O0.67").ok  # default 2 %


def test_unbalanced() -> None:
    cb = charge_balance("Li3ZrCl6")
    assert not cb.ok
    assert cb.imbalance == pytest.approx(1.0)
    assert cb.as_dict()["ok"] is False


def test_oxidation_state_override_and_missing() -> None:
    assert not charge_balance("FeO").ok  # default Fe +3
    assert charge_balance("FeO", oxidation_states={"Fe": 2}).ok
    with pytest.raises(DataError, match="no default oxidation state for 'Cu'"):
        charge_balance("CuCl2")
    assert charge_balance("CuCl2", oxidation_states={"Cu": 2}).ok
    with pytest.raises(InputError):
        charge_balance("LiCl", rel_tol=-1)
