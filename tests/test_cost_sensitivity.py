"""One-at-a-time sensitivity (tornado) and Monte Carlo of the cost."""

from __future__ import annotations

import numpy as np
import pytest

from sselab.cost import CostCase, default_parameters, evaluate, monte_carlo, tornado
from sselab.cost.montecarlo import distributions, make_distribution
from sselab.errors import DataError, InputError, ParseError
from sselab.parameters import data_text, parse_parameter_set

CASE = CostCase("LZACO", "Li2CO3")


@pytest.fixture(scope="module")
def tor():
    return tornado(default_parameters(), CASE)


def test_tornado_sorted_and_covers_every_numeric_input(tor):
    swings = [r.swing for r in tor.rows]
    assert swings == sorted(swings, reverse=True)
    names = {r.name for r in tor.rows}
    for expected in ("prices.ZrCl4", "prices.Li2CO3", "prices.AlCl3", "materials.LZACO.density",
                     "plant.mill.price", "economics.electricity_price", "economics.rent",
                     "plant.operation.handling_time", "currency.CNY_per_USD",
                     "materials.LZACO.routes.Li2CO3.milling_time"):
        assert expected in names
    # the Li2O price and stoichiometry do not enter this case
    assert "prices.Li2O" not in names
    assert not any(".precursors." in n or ".byproducts." in n for n in names)
    assert tor.base_output == pytest.approx(43.70, rel=0.005)


def test_tornado_signs(tor):
    rows = {r.name: r for r in tor.rows}
    base = tor.base_output
    # costs rise with prices, density and time...
    for name in ("prices.ZrCl4", "prices.Li2CO3", "materials.LZACO.density",
                 "plant.mill.price", "economics.salary",
                 "materials.LZACO.routes.Li2CO3.milling_time"):
        assert rows[name].output_at_low < base < rows[name].output_at_high, name
    # ...and fall with more output per batch or a weaker USD-priced CNY
    for name in ("plant.mill.kg_per_mill", "currency.CNY_per_USD",
                 "economics.depreciation_hours_per_year"):
        assert rows[name].output_at_low > base > rows[name].output_at_high, name


def test_tornado_linear_inputs_are_symmetric(tor):
    rows = {r.name: r for r in tor.rows}
    base = tor.base_output
    for name in ("prices.ZrCl4", "materials.LZACO.density", "economics.rent"):
        r = rows[name]
        assert r.output_at_high - base == pytest.approx(base - r.output_at_low, rel=1e-9)
    # the density scales the whole cost: ±20 % of it is ±20 % of the total
    assert rows["materials.LZACO.density"].swing == pytest.approx(0.4 * base, rel=1e-9)
    # an input that is zero does not move anything
    assert rows["plant.operation.operators_milling"].swing == 0


def test_tornado_yield_capped_at_one(tor):
    r = {x.name: x for x in tor.rows}["plant.operation.yield_fraction"]
    assert r.high_value == 1.0 and r.output_at_high == pytest.approx(tor.base_output)


def test_tornado_includes_explicit_user_inputs():
    t = tornado(default_parameters(), CostCase("LZACO", "Li2CO3", milling_time_h=6,
                                               density_g_per_cm3=2.2))
    names = {r.name for r in t.rows}
    assert {"case.milling_time_h", "case.density_g_per_cm3"} <= names
    assert "materials.LZACO.density" not in names


def test_tornado_bad_step():
    with pytest.raises(InputError):
        tornado(default_parameters(), CASE, rel_step=1.5)


def test_monte_carlo_percentiles_ordered_and_reproducible():
    ps = default_parameters()
    a = monte_carlo(ps, CASE, 4000, seed=7)
    b = monte_carlo(ps, CASE, 4000, seed=7)
    c = monte_carlo(ps, CASE, 4000, seed=8)
    assert a.p5 < a.p50 < a.p95
    assert a.raw_USD_per_L[5.0] < a.raw_USD_per_L[95.0]
    assert a.as_dict() == b.as_dict()
    np.testing.assert_array_equal(a.samples_total_USD_per_L, b.samples_total_USD_per_L)
    assert a.p50 != c.p50
    # the median lies near the model value; the spread is a few USD/L
    assert a.p50 == pytest.approx(a.base_total_USD_per_L, rel=0.03)
    assert 2.0 < a.p95 - a.p5 < 20.0
    assert a.probability_below_threshold == 1.0
    assert a.samples_total_USD_per_L.shape == (4000,)


def test_monte_carlo_uses_declared_distributions():
    ds = {d.name: d for d in distributions(default_parameters(), CASE)}
    assert ds["prices.AlCl3"].dist == "uniform"
    assert (ds["prices.AlCl3"].low, ds["prices.AlCl3"].high) == (0.30, 1.50)
    assert ds["plant.mill.count"].dist == "fixed"
    assert ds["economics.rent"].dist == "triangular"
    assert ds["economics.rent"].low == pytest.approx(24.0)
    assert ds["materials.LZACO.density"].dist == "normal"


def test_monte_carlo_samples_respect_bounds():
    rng = np.random.default_rng(0)
    d = make_distribution("prices.ZrCl4", 10.0, {"dist": "triangular", "rel": 0.2})
    x = d.sample(rng, 10000)
    assert x.min() >= 8.0 and x.max() <= 12.0
    n = make_distribution("x", 1.0, {"dist": "normal", "rel_sd": 0.5}).sample(rng, 10000)
    assert (n > 0).all()
    y = make_distribution("plant.operation.yield_fraction", 1.0, {"rel": 0.2}).sample(rng, 1000)
    assert y.max() <= 1.0
    with pytest.raises(ParseError):
        make_distribution("x", 1.0, {"dist": "cauchy"})
    with pytest.raises(ParseError):
        make_distribution("x", 1.0, {"dist": "uniform", "low": 2.0, "high": 1.0})


def test_monte_carlo_rejects_bad_input():
    with pytest.raises(InputError):
        monte_carlo(default_parameters(), CASE, 3)
    text = data_text("cost/lzaco_2026.toml").replace(
        '"prices.AlCl3" = {', '"prices.Nope" = {')
    with pytest.raises(DataError, match="prices.Nope"):
        monte_carlo(parse_parameter_set(text), CASE, 100)


def test_monte_carlo_is_vectorised_single_evaluation():
    ps = default_parameters()
    r = evaluate(ps, CASE, {"prices.ZrCl4": np.array([10.0, 11.28, 12.0])})
    assert np.shape(r.total_USD_per_L) == (3,)
    assert float(r.total_USD_per_L[1]) == pytest.approx(float(evaluate(ps, CASE).total_USD_per_L))
