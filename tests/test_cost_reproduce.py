"""The `cost` reproduce section: all claims pass, tables and figures present."""

from __future__ import annotations

import pytest

from sselab.reproduce.registry import Context, sections


@pytest.fixture(scope="module")
def result():
    spec = {s.id: s for s in sections()}["cost"]
    assert spec.order == 20 and spec.title == "Production cost"
    return spec.func(Context())


def test_all_claims_pass(result):
    ids = [c.id for c in result.claims]
    assert len(ids) == 10 and len(set(ids)) == 10
    assert "cost.lzaco_li2co3_4h.total" in ids and "cost.threshold_li7p3s11" in ids
    for c in result.claims:
        assert c.status == "pass", (c.id, c.paper, c.computed)
        assert c.kind == "model" and c.tolerance == 0.005 and c.where
        assert abs(c.rel_error) < 0.005


def test_tables_figures_provenance(result):
    tids = {t.id for t in result.tables}
    assert {"cost-breakdown", "cost-raw", "cost-tornado", "cost-monte-carlo"} <= tids
    mc = next(t for t in result.tables if t.id == "cost-monte-carlo")
    for row in mc.rows:
        assert row[3] < row[4] < row[5]  # P5 < P50 < P95
    assert {f.id for f in result.figures} == {"cost-fig3d", "cost-fig3f", "cost-tornado"}
    for f in result.figures:
        assert f.svg.startswith("<svg") and f.alt
    assert result.parameter_sets[0].id == "cost_lzaco_2026"
    assert result.citations == ["Hu2026", "sselab_cost_note"]
    assert any("calibrated" in n.lower() for n in result.notes)
    assert len(result.inputs[0].sha256) == 64
