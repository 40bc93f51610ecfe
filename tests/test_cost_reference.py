"""The paper's six cost numbers, the threshold and the batch-cost invariants (≤ 0.5 %)."""

from __future__ import annotations

import pytest

from sselab.cost import (
    CostCase,
    cost_per_litre,
    default_parameters,
    evaluate,
    fixed_and_variable,
    reference_cases,
    threshold,
)

REL = 0.005  # the paper's numbers to within 0.5 %

PAPER = {
    ("LZACO", "Li2O", 30): (92.97, 63.79, 156.76),
    ("LZACO", "Li2CO3", 4): (28.39, 15.31, 43.70),
    ("Li2ZrCl6", None, 45): (30.71, 109.30, 140.01),
}


@pytest.mark.parametrize(("key", "expected"), list(PAPER.items()), ids=lambda v: str(v))
def test_published_cost_numbers(key, expected):
    material, route, hours = key
    r = cost_per_litre(material, route, hours)
    raw, proc, total = expected
    assert float(r.raw_USD_per_L) == pytest.approx(raw, rel=REL)
    assert float(r.processing_USD_per_L) == pytest.approx(proc, rel=REL)
    assert float(r.total_USD_per_L) == pytest.approx(total, rel=REL)
    assert float(r.total_USD_per_L) == pytest.approx(
        float(r.raw_USD_per_L + r.processing_USD_per_L), rel=1e-12)


def test_default_milling_times_are_the_papers():
    ps = default_parameters()
    assert float(evaluate(ps, CostCase("LZACO", "Li2CO3")).milling_time_h) == 4
    assert float(evaluate(ps, CostCase("LZACO", "Li2O")).milling_time_h) == 30
    assert float(evaluate(ps, CostCase("Li2ZrCl6")).milling_time_h) == 45


def test_threshold_is_50_per_kg_times_1870():
    t = threshold(default_parameters())
    assert t.material == "Li7P3S11"
    assert float(t.USD_per_L) == pytest.approx(93.50, rel=1e-12)
    assert float(t.USD_per_L) == pytest.approx(50.0 * 1.870, rel=1e-12)


def test_invariants_fixed_and_variable_batch_cost():
    F, v = fixed_and_variable(default_parameters())
    assert float(F) == pytest.approx(102.25, rel=REL)
    assert float(v) == pytest.approx(24.28, rel=REL)


def test_batch_cost_is_linear_in_milling_time():
    ps = default_parameters()
    F, v = fixed_and_variable(ps)
    for t in (1.0, 4.0, 30.0, 45.0):
        r = evaluate(ps, CostCase("LZACO", "Li2O", milling_time_h=t))
        assert float(r.processing.total_USD_per_batch) == pytest.approx(F + v * t, rel=1e-12)


def test_reference_cases_listed_from_the_parameter_file():
    refs = reference_cases(default_parameters())
    assert [rc.id for rc in refs] == ["LZACO_Li2O", "LZACO_Li2CO3", "Li2ZrCl6_LiCl"]
    for rc in refs:
        r = evaluate(default_parameters(), rc.case)
        for k, paper in rc.paper_USD_per_L.items():
            assert float(getattr(r, f"{k}_USD_per_L")) == pytest.approx(paper, rel=REL)


def test_inferred_densities_and_co2_loss():
    r = cost_per_litre("LZACO", "Li2CO3", 4)
    assert r.density_g_per_cm3 == 2.15
    # 1.4 Li2CO3 + 0.75 ZrCl4 + 0.25 AlCl3 -> LZACO + 1.4 CO2: 19.78 % of the mass leaves
    assert r.raw.mass_loss_fraction == pytest.approx(0.1978, abs=5e-4)
    assert r.raw.product_mass_g_per_fu == pytest.approx(249.93, abs=0.01)
    assert cost_per_litre("Li2ZrCl6").density_g_per_cm3 == 2.56


def test_breakdown_sums_and_components():
    r = cost_per_litre("LZACO", "Li2O", 30)
    p = r.processing
    assert sum(p.items().values()) == pytest.approx(float(p.total_USD_per_batch))
    assert sum(p.components().values()) == pytest.approx(float(p.total_USD_per_batch))
    assert set(p.components()) == {"depreciation", "electricity", "personnel", "plant area"}
    assert sum(r.raw_by_precursor_USD_per_L().values()) == pytest.approx(float(r.raw_USD_per_L))
    assert sum(r.processing_components_USD_per_L().values()) == pytest.approx(
        float(r.processing_USD_per_L))
    assert p.working_time_h == 60 and p.batch_product_kg == 28
