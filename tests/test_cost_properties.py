"""Property tests: the cost rises with every precursor price and with milling time."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sselab.cost import CostCase, default_parameters, evaluate

price = st.floats(min_value=0.01, max_value=1000.0, allow_nan=False)
factor = st.floats(min_value=1.0001, max_value=10.0)


@settings(max_examples=60, deadline=None)
@given(p1=price, p2=price, p3=price, which=st.sampled_from(["Li2CO3", "ZrCl4", "AlCl3"]),
       f=factor)
def test_total_increases_with_each_price(p1, p2, p3, which, f):
    ps = default_parameters()
    prices = {"Li2CO3": p1, "ZrCl4": p2, "AlCl3": p3}
    lo = evaluate(ps, CostCase("LZACO", "Li2CO3", prices_USD_per_kg=tuple(prices.items())))
    prices[which] *= f
    hi = evaluate(ps, CostCase("LZACO", "Li2CO3", prices_USD_per_kg=tuple(prices.items())))
    assert hi.raw_USD_per_L > lo.raw_USD_per_L
    assert hi.total_USD_per_L > lo.total_USD_per_L
    assert hi.processing_USD_per_L == lo.processing_USD_per_L


@settings(max_examples=40, deadline=None)
@given(t=st.floats(min_value=0.1, max_value=200.0), f=factor)
def test_total_increases_with_milling_time(t, f):
    ps = default_parameters()
    a = evaluate(ps, CostCase("Li2ZrCl6", milling_time_h=t))
    b = evaluate(ps, CostCase("Li2ZrCl6", milling_time_h=t * f))
    assert b.processing_USD_per_L > a.processing_USD_per_L
    assert b.raw_USD_per_L == a.raw_USD_per_L


@settings(max_examples=40, deadline=None)
@given(rho=st.floats(min_value=0.5, max_value=8.0))
def test_per_litre_is_per_kg_times_density(rho):
    r = evaluate(default_parameters(), CostCase("LZACO", "Li2O", density_g_per_cm3=rho))
    assert abs(r.total_USD_per_L - r.total_USD_per_kg * rho) <= 1e-9 * r.total_USD_per_L
