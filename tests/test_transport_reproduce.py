"""The reproduce section "eis": every claim passes, inputs are labelled synthetic, it is fast."""

from __future__ import annotations

import re
import time

import pytest

from sselab.reproduce.registry import Context, sections


@pytest.fixture(scope="module")
def result():
    spec = {s.id: s for s in sections()}["eis"]
    t0 = time.perf_counter()
    res = spec.func(Context())
    return res, time.perf_counter() - t0, spec


def test_registered(result):
    _, _, spec = result
    assert spec.order == 30
    assert spec.title == "Ion transport (EIS → conductivity → Arrhenius)"


def test_all_claims_pass(result):
    res, _, _ = result
    ids = {c.id: c for c in res.claims}
    assert {"eis.lzaco_sigma25", "eis.lzaco_activation_energy", "eis.li2co3_sigma25",
            "eis.annealed_100C_sigma25", "eis.annealed_100C_retention"} <= set(ids)
    assert [c.id for c in res.claims if c.status != "pass"] == []
    for cid in ("eis.lzaco_sigma25", "eis.lzaco_activation_energy", "eis.li2co3_sigma25",
                "eis.annealed_100C_sigma25"):
        assert ids[cid].kind == "pipeline" and ids[cid].synthetic_input
        assert ids[cid].tolerance == 0.02
    ret = ids["eis.annealed_100C_retention"]
    assert ret.kind == "derived" and ret.tolerance_mode == "abs"
    assert round(ret.computed, 1) == 87.5


def test_inputs_figures_tables_notes(result):
    res, _, _ = result
    assert len(res.inputs) >= 8
    for inp in res.inputs:
        assert inp.synthetic and re.fullmatch(r"[0-9a-f]{64}", inp.sha256)
        assert "σ25" in inp.description
    assert {f.id for f in res.figures} == {"eis.nyquist_25C", "eis.arrhenius"}
    assert all(f.svg.startswith("<svg") for f in res.figures)
    assert len(res.tables[0].rows) >= 6
    assert any("SYNTHETIC" in n for n in res.notes)
    assert {"Hu2026", "Irvine1990"} <= set(res.citations)


def test_other_seeds_also_pass():
    # seeds 20 and 24 once sent a single-start fit into a wrong minimum (arc swallowing the
    # electrode spike); the pipeline's multi-start must recover them
    spec = {s.id: s for s in sections()}["eis"]
    for seed in (1, 20, 24):
        res = spec.func(Context(seed=seed))
        assert [c.id for c in res.claims if c.status != "pass"] == []


def test_fast(result):
    _, seconds, _ = result
    assert seconds < 10.0
