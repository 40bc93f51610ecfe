"""Reproduce sections "echem" and "stability": claims pass, fast, inputs recorded."""

from __future__ import annotations

import time

import pytest

from sselab.reproduce.registry import Context
from sselab.reproduce.runner import run


@pytest.fixture(scope="module")
def rep():
    t0 = time.perf_counter()
    r = run(Context(), only=["echem", "stability"])
    return r, time.perf_counter() - t0


def test_claims_pass_and_are_labelled_synthetic(rep):
    r, seconds = rep
    assert seconds < 10.0
    ech, stab = r.sections
    assert ech.error == "" and stab.error == ""
    ids = {c.id: c for c in ech.claims}
    assert set(ids) == {"echem.lsv_reduction_onset", "echem.lsv_oxidation_onset",
                        "echem.symmetric_li_time_to_2V", "echem.symmetric_li_voltage_at_80h"}
    for c in ech.claims:
        assert c.status == "pass" and c.synthetic_input and c.kind == "pipeline"
    assert abs(ids["echem.lsv_reduction_onset"].computed - 1.62) <= 0.02
    assert abs(ids["echem.lsv_oxidation_onset"].computed - 4.19) <= 0.02


def test_inputs_figures_tables(rep):
    r, _ = rep
    ech, stab = r.sections
    assert len(ech.inputs) == 3 and all(i.synthetic for i in ech.inputs)
    assert all("byte for byte" in i.description for i in ech.inputs)
    assert {f.id for f in ech.figures} == {"echem.lsv", "echem.symmetric", "echem.overpotential"}
    assert all(f.svg.startswith("<svg") and f.alt for f in ech.figures)
    assert stab.claims == [] and stab.tables[0].id == "stability.retention"
    row = stab.tables[0].rows[0]
    assert row[3] == pytest.approx(87.45, abs=0.01)
