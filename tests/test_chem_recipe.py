"""Synthesis recipes: precursor masses (reference note §4.3), CO2 release, ball loading."""

from __future__ import annotations

import pytest

from sselab.chem import parse_composition, precursor_mix, synthesis_recipe
from sselab.errors import InputError

LZACO = "1.4Li2O-0.75ZrCl4-0.25AlCl3"
TOL = 1e-4  # g


def _masses(r) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return {p.formula: p.mass_g for p in r.precursors}


def test_li2o_route_2g() -> None:
    r = synthesis_recipe(LZACO, 2.0, li_source="Li2O")
    m = _masses(r)
    assert m["Li2O"] == pytest.approx(0.3347, abs=TOL)
    assert m["ZrCl4"] == pytest.approx(1.3985, abs=TOL)
    assert m["AlCl3"] == pytest.approx(0.2667, abs=TOL)
    assert r.loaded_powder_g == pytest.approx(2.0)
    assert r.product_g == pytest.approx(2.0)
    assert r.gases == ()
    assert r.ball_mass_g == 40.0
    assert r.ball_to_powder_ratio == pytest.approx(20.0)
    assert r.warnings == ()
    assert r.target_molar_mass_g_per_mol == pytest.approx(249.93, abs=0.02)


def test_li2co3_route_2g_loaded() -> None:
    r = synthesis_recipe((1.4, 0.25), 2.0, li_source="Li2CO3")
    m = _masses(r)
    assert m["Li2CO3"] == pytest.approx(0.6641, abs=TOL)
    assert m["ZrCl4"] == pytest.approx(1.1219, abs=TOL)
    assert m["AlCl3"] == pytest.approx(0.2140, abs=TOL)
    assert sum(m.values()) == pytest.approx(2.0)
    (co2,) = r.gases
    assert co2.formula == "CO2"
    assert co2.mass_g == pytest.approx(0.3955, abs=TOL)
    assert r.mass_loss_percent == pytest.approx(19.78, abs=0.005)
    assert r.product_g == pytest.approx(1.6045, abs=TOL)
    assert co2.amount_mmol == pytest.approx(8.99, abs=0.01)
    # ideal gas: V = nRT/p at 273.15 K / 100 kPa and 298.15 K / 100 kPa
    assert co2.volume_stp_mL == pytest.approx(co2.amount_mmol * 1e-3 * 8.314462618 * 273.15 / 1e5 * 1e6)
    assert co2.volume_25C_mL == pytest.approx(co2.volume_stp_mL * 298.15 / 273.15)
    assert 200 < co2.volume_stp_mL < 210
    assert r.ball_to_powder_ratio == pytest.approx(20.0)
    assert any("CO2" in w and "sealed 80 mL jar" in w for w in r.warnings)
    assert "1.4 Li2CO3 + 0.75 ZrCl4 + 0.25 AlCl3 -> Li2.8Zr0.75Al0.25O1.4Cl3.75 + 1.4 CO2" == r.reaction


def test_li2co3_route_2g_product() -> None:
    r = synthesis_recipe(LZACO, 2.0, li_source="Li2CO3", basis="product")
    m = _masses(r)
    assert m["Li2CO3"] == pytest.approx(0.8278, abs=TOL)
    assert m["ZrCl4"] == pytest.approx(1.3985, abs=TOL)
    assert m["AlCl3"] == pytest.approx(0.2667, abs=TOL)
    assert r.gas_mass_g == pytest.approx(0.4930, abs=TOL)
    assert r.product_g == pytest.approx(2.0)
    assert r.loaded_powder_g == pytest.approx(2.4930, abs=TOL)
    assert r.ball_to_powder_ratio == pytest.approx(16.04, abs=0.01)
    assert any("differs from the reference 20:1" in w for w in r.warnings)


def test_li2co3_written_directly_and_swapped_back() -> None:
    r = synthesis_recipe("1.4Li2CO3-0.75ZrCl4-0.25AlCl3", 2.0)
    assert _masses(r)["Li2CO3"] == pytest.approx(0.6641, abs=TOL)
    r2 = synthesis_recipe("1.4Li2CO3-0.75ZrCl4-0.25AlCl3", 2.0, li_source="Li2O")
    assert _masses(r2)["Li2O"] == pytest.approx(0.3347, abs=TOL)
    assert r2.gases == ()


def test_ball_mass_and_bpr() -> None:
    r = synthesis_recipe(LZACO, 2.0, bpr=15)
    assert r.ball_mass_g == pytest.approx(30.0)
    r = synthesis_recipe(LZACO, 1.0, ball_mass_g=40)
    assert r.ball_to_powder_ratio == pytest.approx(40.0)
    r = synthesis_recipe(LZACO, 2.0, ball_mass_g=40, bpr=20)
    assert r.warnings == ()
    with pytest.raises(InputError, match="disagree"):
        synthesis_recipe(LZACO, 2.0, ball_mass_g=40, bpr=10)


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf"), "two"])
def test_bad_batch_mass(bad) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="batch mass"):
        synthesis_recipe(LZACO, bad)


def test_bad_options() -> None:
    with pytest.raises(InputError, match="basis"):
        synthesis_recipe(LZACO, 2.0, basis="mixed")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="li_source"):
        synthesis_recipe(LZACO, 2.0, li_source="LiOH")
    with pytest.raises(InputError, match="ball mass"):
        synthesis_recipe(LZACO, 2.0, ball_mass_g=0)
    with pytest.raises(InputError):
        synthesis_recipe(42, 2.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(("x", "y"), [(1.0, 0.2), (1.8, 0.5), (1.2, 0.35), (1.4, 0.25)])
def test_any_family_member(x: float, y: float) -> None:
    for src in ("Li2O", "Li2CO3"):
        r = synthesis_recipe((x, y), 2.0, li_source=src)
        # moles of product formula units consistent for every precursor
        n_fu = r.formula_units_mmol
        coef = {"Li2O": x, "Li2CO3": x, "ZrCl4": 1 - y, "AlCl3": y}
        for p in r.precursors:
            assert p.amount_mmol == pytest.approx(n_fu * coef[p.formula])
        assert r.loaded_powder_g == pytest.approx(2.0)
        assert r.product_g == pytest.approx(n_fu * 1e-3 * r.target_molar_mass_g_per_mol)


def test_plain_formula_decomposition() -> None:
    m = precursor_mix("Li1.75ZrCl4.75O0.5")
    assert [(round(n, 9), p.formula) for n, p in m.items] == [
        (0.5, "Li2O"), (0.75, "LiCl"), (1.0, "ZrCl4")]
    assert precursor_mix("Li2ZrCl6").reaction() == "2 LiCl + ZrCl4 -> Li2ZrCl6"
    m = precursor_mix("Li2.8Zr0.75Al0.25O1.4Cl3.75")
    assert [p.formula for _, p in m.items] == ["Li2O", "ZrCl4", "AlCl3"]
    r = synthesis_recipe("Li1.75ZrCl4.75O0.5", 2.0, ball_mass_g=30)
    assert r.ball_to_powder_ratio == pytest.approx(15.0)  # paper: 30 g balls, BPR 15:1
    assert r.product_g == pytest.approx(2.0)


def test_rounded_plain_formula_warns() -> None:
    r = synthesis_recipe("Li2.22Zr1.11Cl5.33O0.67", 2.0)
    assert any("not exactly reachable" in w for w in r.warnings)


def test_general_oxychloride_oxide_sum_and_explicit_precursors() -> None:
    r = synthesis_recipe("0.5Li2O-0.75LiCl-ZrCl4", 2.0, li_source="Li2CO3")
    assert {p.formula for p in r.precursors} == {"Li2CO3", "LiCl", "ZrCl4"}
    assert r.gases[0].formula == "CO2"
    assert parse_composition(r.target_formula) == parse_composition("Li1.75ZrCl4.75O0.5")
    r = synthesis_recipe("Li6PS5Cl", 1.0, precursors=("Li2S", "P2S5", "LiCl"))
    assert r.reaction == "2.5 Li2S + 0.5 P2S5 + LiCl -> Li6PS5Cl"
    assert any("ignored" in w for w in synthesis_recipe("LiCl", 1.0, li_source="Li2CO3").warnings)


def test_plain_formula_failures() -> None:
    with pytest.raises(InputError, match="no precursor supplies P"):
        precursor_mix("Li6PS5Cl")
    with pytest.raises(InputError, match="cannot be made"):
        precursor_mix("Li3ZrCl8")  # not charge balanced: needs more Cl than LiCl + ZrCl4 give
