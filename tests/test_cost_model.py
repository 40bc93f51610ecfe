"""Cost model: a hand-computed case, switches, families, user recipes, input errors."""

from __future__ import annotations

import pytest

from sselab.chem import molar_mass_g_per_mol
from sselab.cost import (
    CostCase,
    PlantInputs,
    Recipe,
    cost_per_litre,
    default_parameters,
    evaluate,
    processing_cost,
    raw_material_cost,
)
from sselab.cost.materials import linear_amount
from sselab.errors import DataError, InputError, ParseError
from sselab.parameters import parse_parameter_set


def _p(name, value, unit, kind="assumed", **extra):
    lines = [f"[{name}]", f"value = {value!r}".replace("'", '"'), f'unit = "{unit}"',
             'source = "test"', f'kind = "{kind}"']
    lines += [f"{k} = {v!r}".replace("'", '"') for k, v in extra.items()]
    return "\n".join(lines) + "\n"


def small_set(**changes) -> str:
    """A tiny parameter set whose cost is easy to compute by hand (see the test)."""
    v = {
        "prices.LiCl": (10.0, "USD/kg"),
        "materials.X.density": (2.0, "g/cm3"),
        "materials.X.routes.R.precursors.LiCl": (1.0, "mol/f.u."),
        "materials.X.routes.R.milling_time": (3.0, "h"),
        "plant.mill.count": (1, "1"),
        "plant.mill.kg_per_mill": (2.0, "kg"),
        "plant.mill.price": (8760.0, "USD"),
        "plant.mill.power": (1000.0, "W"),
        "plant.mill.depreciation_years": (1, "year"),
        "plant.mill.duty_cycle": (0.5, "1"),
        "plant.enclosure.count": (1, "1"),
        "plant.enclosure.area": (10.0, "m2"),
        "plant.enclosure.price": (0.0, "USD"),
        "plant.enclosure.power": (0.0, "kW"),
        "plant.enclosure.depreciation_years": (10, "year"),
        "plant.operation.handling_time": (60.0, "min"),
        "plant.operation.operators_handling": (1, "1"),
        "plant.operation.operators_milling": (0, "1"),
        "economics.electricity_price": (100.0, "USD/MWh"),
        "economics.salary": (10.0, "USD/h"),
        "economics.rent": (0.01, "USD/(m2*h)"),
        "economics.depreciation_hours_per_year": (8760, "h/year"),
    }
    v.update(changes)
    text = '[meta]\nid = "small"\n'
    for name, (val, unit) in v.items():
        money = {"currency": "USD", "year": 2024} if unit.startswith("USD") else {}
        text += _p(name, val, unit, **money)
    return text


def test_hand_computed_small_case():
    ps = parse_parameter_set(small_set())
    r = evaluate(ps, CostCase("X"))
    # t_work = 3/0.5 = 6 h, t_batch = 6 + 1 = 7 h
    p = r.processing
    assert p.working_time_h == pytest.approx(6.0) and p.batch_time_h == pytest.approx(7.0)
    assert p.mill_depreciation_USD == pytest.approx(8760 / 8760 * 6)     # 6.0
    assert p.mill_electricity_USD == pytest.approx(1.0 * 6 * 0.1)        # 0.6
    assert p.enclosure_depreciation_USD == 0 and p.enclosure_electricity_USD == 0
    assert p.personnel_USD == pytest.approx(10 * 1 * 1)                  # 10.0
    assert p.rent_USD == pytest.approx(0.01 * 10 * 7)                     # 0.7
    assert p.total_USD_per_batch == pytest.approx(17.3)
    assert r.processing_USD_per_kg == pytest.approx(17.3 / 2)
    assert r.raw_USD_per_kg == pytest.approx(10.0)
    assert r.total_USD_per_L == pytest.approx((10.0 + 8.65) * 2.0)       # 37.3


def test_currency_conversion_and_units():
    text = small_set(**{"prices.LiCl": (72000.0, "CNY/t")}) + _p(
        "currency.CNY_per_USD", 7.2, "CNY/USD")
    r = evaluate(parse_parameter_set(text), CostCase("X"))
    assert r.raw_USD_per_kg == pytest.approx(10.0)


def test_unknown_unit_and_currency_are_refused():
    with pytest.raises(ParseError, match="unit"):
        evaluate(parse_parameter_set(small_set(**{"plant.mill.power": (1.0, "hp")})),
                 CostCase("X"))
    with pytest.raises(DataError, match="exchange rate"):
        evaluate(parse_parameter_set(small_set(**{"prices.LiCl": (72.0, "EUR/kg")})),
                 CostCase("X"))


def test_raw_material_cost_per_product_and_per_precursor():
    rec = Recipe.from_mappings({"Li2CO3": 1.4, "ZrCl4": 0.75, "AlCl3": 0.25}, {"CO2": 1.4})
    mm = {f: molar_mass_g_per_mol(f) for f in rec.formulas}
    prices = {"Li2CO3": 12.64, "ZrCl4": 11.28, "AlCl3": 0.70}
    num = sum(a * mm[f] * prices[f] for f, a in rec.precursors)
    m_in = sum(a * mm[f] for f, a in rec.precursors)
    per_product = raw_material_cost(rec, mm, prices, "product")
    per_precursor = raw_material_cost(rec, mm, prices, "precursor")
    assert per_product.total_USD_per_kg == pytest.approx(num / (m_in - 1.4 * mm["CO2"]))
    assert per_precursor.total_USD_per_kg == pytest.approx(num / m_in)
    assert per_product.total_USD_per_kg > per_precursor.total_USD_per_kg


def test_switches_change_results_in_the_expected_direction():
    ps = default_parameters()
    base = evaluate(ps, CostCase("LZACO", "Li2CO3"))
    prec = evaluate(ps.with_values(model__cost_basis="precursor"), CostCase("LZACO", "Li2CO3"))
    assert prec.raw_USD_per_kg < base.raw_USD_per_kg
    eff = evaluate(ps.with_values(model__mill_energy_hours="effective"),
                   CostCase("LZACO", "Li2CO3"))
    assert eff.processing.mill_electricity_USD == pytest.approx(
        base.processing.mill_electricity_USD / 2)
    loaded = evaluate(ps.with_values(model__batch_mass_basis="loaded"),
                      CostCase("LZACO", "Li2CO3"))
    assert loaded.processing.batch_product_kg == pytest.approx(28 * (1 - 0.19784), rel=1e-3)
    with pytest.raises(ParseError, match="cost_basis"):
        evaluate(ps.with_values(model__cost_basis="per_mole"), CostCase("LZACO", "Li2CO3"))


def test_processing_cost_vectorised():
    import numpy as np

    ps = default_parameters()
    t = np.array([4.0, 30.0])
    r = evaluate(ps, CostCase("LZACO", "Li2CO3", milling_time_h=1.0), {"case.milling_time_h": t})
    assert r.processing_USD_per_L == pytest.approx([15.31, 63.79], rel=0.005)


def test_stray_case_override_is_refused():
    with pytest.raises(DataError, match="case.milling_time_h"):
        evaluate(default_parameters(), CostCase("LZACO", "Li2CO3"), {"case.milling_time_h": 5.0})
    with pytest.raises(DataError, match="prices.Nope"):
        evaluate(default_parameters(), CostCase("LZACO", "Li2CO3"), {"prices.Nope": 5.0})


def test_family_at_paper_composition_matches_named_material():
    named = cost_per_litre("LZACO", "Li2CO3")
    fam = cost_per_litre("LZACO", "Li2CO3", x=1.4, y=0.25)
    assert fam.total_USD_per_L == pytest.approx(named.total_USD_per_L, rel=1e-12)
    assert fam.formula == "Li2.8Zr0.75Al0.25O1.4Cl3.75"


def test_family_member_needs_density_and_time_and_accounts_co2():
    with pytest.raises(InputError, match="density"):
        cost_per_litre("LZACO", "Li2CO3", x=1.0, y=0.5, milling_time_h=4)
    with pytest.raises(InputError, match="milling time"):
        cost_per_litre("LZACO", "Li2CO3", x=1.0, y=0.5, density_g_per_cm3=2.3)
    r = cost_per_litre("LZACO", "Li2CO3", 4, x=1.0, y=0.5, density_g_per_cm3=2.3)
    m = {f: molar_mass_g_per_mol(f) for f in ("Li2CO3", "ZrCl4", "AlCl3", "CO2")}
    p = {"Li2CO3": 12.64, "ZrCl4": 11.28, "AlCl3": 0.70}
    num = 1.0 * m["Li2CO3"] * p["Li2CO3"] + 0.5 * m["ZrCl4"] * p["ZrCl4"] + 0.5 * m["AlCl3"] * p["AlCl3"]
    m_prod = 1.0 * m["Li2CO3"] + 0.5 * m["ZrCl4"] + 0.5 * m["AlCl3"] - 1.0 * m["CO2"]
    assert r.raw_USD_per_kg == pytest.approx(num / m_prod)
    assert r.raw_USD_per_L == pytest.approx(num / m_prod * 2.3)
    assert r.formula == "Li2Zr0.5Al0.5OCl3.5"


def test_family_edges():
    r = cost_per_litre("LZACO", "Li2O", 10, x=1.0, y=0.0, density_g_per_cm3=2.5)
    assert [n for n, _ in r.recipe.precursors] == ["Li2O", "ZrCl4"]  # AlCl3 dropped at y = 0
    with pytest.raises(InputError, match="y"):
        cost_per_litre("LZACO", "Li2O", 10, x=1.0, y=1.5, density_g_per_cm3=2.5)
    with pytest.raises(InputError, match="both x and y"):
        CostCase("LZACO", "Li2O", x=1.0)


def test_linear_amounts():
    assert linear_amount("1 - y", 1.4, 0.25) == pytest.approx(0.75)
    assert linear_amount("2*x + 0.5", 1.0, 0.0) == pytest.approx(2.5)
    assert linear_amount(3, 0, 0) == 3.0
    for bad in ("x**2", "__import__('os')", "1-", "x y", ""):
        with pytest.raises(ParseError):
            linear_amount(bad, 1.0, 1.0)


def test_user_defined_material_in_own_parameter_file():
    from sselab.parameters import data_text

    extra = (
        _p("materials.Li3YCl6.density", 2.43, "g/cm3")
        + _p("materials.Li3YCl6.formula", "Li3YCl6", "formula unit", kind="given")
        + _p("materials.Li3YCl6.routes.LiCl.precursors.LiCl", 3, "mol/f.u.", kind="given")
        + _p("materials.Li3YCl6.routes.LiCl.precursors.YCl3", 1, "mol/f.u.", kind="given")
        + _p("materials.Li3YCl6.routes.LiCl.milling_time", 20, "h")
        + _p("prices.YCl3", 40.0, "USD/kg", currency="USD", year=2024)
    )
    ps = parse_parameter_set(data_text("cost/lzaco_2026.toml") + extra, "user.toml")
    r = evaluate(ps, CostCase("li3ycl6"))
    m = {f: molar_mass_g_per_mol(f) for f in ("LiCl", "YCl3", "Li3YCl6")}
    raw = (3 * m["LiCl"] * 13.98 + m["YCl3"] * 40.0) / m["Li3YCl6"]
    assert r.raw_USD_per_kg == pytest.approx(raw)
    assert r.material == "Li3YCl6" and r.route == "LiCl"


def test_unbalanced_recipe_is_refused():
    from sselab.parameters import data_text

    text = data_text("cost/lzaco_2026.toml").replace(
        'value = "Li2ZrCl6"', 'value = "Li3ZrCl7"')
    with pytest.raises(DataError, match="does not give"):
        evaluate(parse_parameter_set(text), CostCase("Li2ZrCl6"))


@pytest.mark.parametrize("name", ["LZACO", "lzaco", "1.4Li2O-0.75ZrCl4-0.25AlCl3"])
def test_material_aliases(name):
    assert cost_per_litre(name, "li2co3").material == "LZACO"


def test_unknown_material_lists_known_ones():
    with pytest.raises(DataError, match="LZACO, Li2ZrCl6"):
        cost_per_litre("LLZO")
    with pytest.raises(DataError, match="no synthesis route"):
        cost_per_litre("Li7P3S11")


def test_route_rules():
    with pytest.raises(InputError, match="Li2O, Li2CO3"):
        cost_per_litre("LZACO")
    with pytest.raises(InputError, match="LiCl"):
        cost_per_litre("Li2ZrCl6", "Li2O")
    assert cost_per_litre("Li2ZrCl6", "licl").route == "LiCl"


@pytest.mark.parametrize("kw", [{"milling_time_h": 0}, {"milling_time_h": -4},
                                {"density_g_per_cm3": 0}, {"density_g_per_cm3": -2},
                                {"prices_USD_per_kg": (("ZrCl4", 0.0),)},
                                {"prices_USD_per_kg": (("ZrCl4", -1.0),)}])
def test_non_positive_inputs_raise(kw):
    with pytest.raises(InputError):
        cost_per_litre("LZACO", "Li2CO3", **kw)


def test_non_positive_price_in_file_raises():
    ps = default_parameters().with_values(prices__ZrCl4=0.0)
    with pytest.raises(InputError, match="ZrCl4"):
        evaluate(ps, CostCase("LZACO", "Li2CO3"))


def test_plant_inputs_validated():
    ps_plant = dict(mill_count=1, kg_per_mill=1, mill_price_USD=1, mill_power_kW=1,
                    mill_life_h=1, duty_cycle=0.5, enclosure_count=1, enclosure_area_m2=1,
                    enclosure_price_USD=1, enclosure_power_kW=1, enclosure_life_h=1,
                    handling_time_h=1, operators_handling=1, operators_milling=0,
                    yield_fraction=1, electricity_USD_per_kWh=1, wage_USD_per_h=1,
                    rent_USD_per_m2_h=1)
    plant = PlantInputs(**ps_plant)
    assert processing_cost(plant, 0.0, 1.0).working_time_h == 0
    with pytest.raises(InputError):
        PlantInputs(**{**ps_plant, "duty_cycle": 1.5})
    with pytest.raises(InputError):
        PlantInputs(**{**ps_plant, "mill_count": 0})
    with pytest.raises(InputError):
        PlantInputs(**{**ps_plant, "mill_energy_hours": "sometimes"})
    with pytest.raises(InputError):
        processing_cost(plant, -1.0, 1.0)
