"""The canonical CyclingTable and its column-only helpers (steps, half-cycles, cycles)."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from sselab.cycling import STEP_CODE, CyclingMetadata, CyclingTable
from sselab.cycling.halfcycles import assign_cycles, half_cycles_per_step
from sselab.cycling.steps import (
    capacity_from_cumulative,
    capacity_from_current,
    classify_steps,
    step_index_from_keys,
)
from sselab.errors import InputError, ParseError


def synthetic(first: str = "charge", partial: bool = False, n_cycles: int = 3) -> dict:
    """CC charge + CV hold + rest + CC discharge + rest, 1 mA, 1 s sampling."""
    t, v, i = [], [], []
    time = 0.0

    def seg(n, cur, volt):
        nonlocal time
        for k in range(n):
            t.append(time)
            i.append(cur(k) if callable(cur) else cur)
            v.append(volt(k) if callable(volt) else volt)
            time += 1.0

    seg(10, 0.0, 3.0)
    order = ["charge", "discharge"] if first == "charge" else ["discharge", "charge"]
    if partial:
        seg(30, -1e-3 if first == "charge" else 1e-3, lambda k: 3.0 - 0.01 * k)
        seg(5, 0.0, 2.7)
    for _ in range(n_cycles):
        for d in order:
            if d == "charge":
                seg(100, 1e-3, lambda k: 3.0 + 0.01 * k)
                seg(50, lambda k: 1e-3 * np.exp(-k / 10), 4.0)
            else:
                seg(120, -1e-3, lambda k: 4.0 - 0.01 * k)
            seg(5, 0.0, 3.5)
    return {"time_s": np.array(t), "voltage_V": np.array(v), "current_A": np.array(i)}


def test_from_columns_derives_everything():
    tab = CyclingTable.from_columns(synthetic())
    assert tab.metadata.capacity_source == "integrated"
    assert tab.column_names[:8] == ("time_s", "voltage_V", "current_A", "capacity_Ah",
                                    "step_index", "step_type", "half_cycle", "cycle")
    assert tab["cycle"].max() == 3 and tab["half_cycle"].max() == 6
    types = set(tab.step_type_names)
    assert {"rest", "CC"} <= types and types <= {"rest", "CC", "CV", "CCCV"}
    for name, a in tab.columns.items():
        assert not a.flags.writeable, name
    d = tab.describe()
    assert d["rows"] == len(tab) and d["n_cycles"] == 3


def test_charge_summed_over_cc_and_cv():
    tab = CyclingTable.from_columns(synthetic())
    s = tab.step_starts
    q = tab["capacity_Ah"][np.append(s[1:], len(tab)) - 1]
    c = tab["cycle"][np.append(s[1:], len(tab)) - 1]
    ch = np.bincount(c, weights=np.clip(q, 0, None))
    # trapezoid over rest→CC (½·1 mA·1 s), 99 CC intervals, CC→CV (1 mA·1 s), 49 CV intervals
    cc = (0.5 + 99) * 1e-3 / 3600
    cv = (1e-3 + sum(0.5e-3 * (np.exp(-k / 10) + np.exp(-(k + 1) / 10)) for k in range(49))) / 3600
    cv_end_to_rest = 0.5 * 1e-3 * np.exp(-49 / 10) / 3600  # counted in the following rest
    assert ch[1] == pytest.approx(cc + cv + cv_end_to_rest, rel=1e-9)
    assert ch[1] > 1.1 * cc  # CC+CV, not the CC step alone


@pytest.mark.parametrize("first", ["charge", "discharge"])
def test_auto_policy_follows_first_half_cycle(first):
    tab = CyclingTable.from_columns(synthetic(first))
    assert tab.metadata.first_direction == first


def test_auto_policy_detects_partial_first_half_cycle():
    tab = CyclingTable.from_columns(synthetic("charge", partial=True))
    assert tab.metadata.first_direction == "charge"
    assert "partial" in tab.metadata.cycle_reason
    assert tab["cycle"].max() == 3
    assert np.all(tab["cycle"][tab["half_cycle"] == 1] == 0)


def test_policy_override_and_vendor():
    cols = synthetic()
    tab = CyclingTable.from_columns(cols, cycle_policy="discharge")
    assert tab.metadata.first_direction == "discharge"
    assert tab["cycle"].max() == 3  # the first charge is cycle 0
    with pytest.raises(InputError, match="vendor"):
        CyclingTable.from_columns(cols, cycle_policy="vendor")
    with pytest.raises(InputError, match="policy"):
        CyclingTable.from_columns(cols, cycle_policy="weird")


def test_half_cycles_per_step_rests_join_previous():
    hc, dirs = half_cycles_per_step(np.array([0, 1, 1, 0, -1, 0, -1, 1], dtype=np.int8))
    assert hc.tolist() == [0, 1, 1, 1, 2, 2, 2, 3]
    assert dirs.tolist() == [0, 1, -1, 1]


def test_step_index_from_keys_and_capacities():
    s = step_index_from_keys(np.array([1, 1, 2, 2, 1, 1]), np.array([0, 0, 0, 1, 1, 1]))
    assert s.tolist() == [1, 1, 2, 3, 4, 4]
    q = capacity_from_cumulative(np.array([0.0, 1, 2, 3, 3, 4]), s)
    assert q.tolist() == [0, 1, 1, 1, 0, 1]  # a step's first row counts the gap before it
    arbin = capacity_from_cumulative(np.array([0.0, 1, 2, 0.1, 0.5, 0.9]),
                                     np.array([1, 1, 1, 2, 2, 2]), resets=True)
    assert arbin.tolist() == pytest.approx([0, 1, 2, 0.1, 0.5, 0.9])
    t = np.arange(5.0) * 3600
    q = capacity_from_current(t, np.ones(5), np.array([1, 1, 1, 2, 2]))
    assert q.tolist() == [0, 1, 2, 1, 2]


def test_classify_steps_rest_cc_cv():
    t = np.arange(30.0)
    i = np.r_[np.zeros(10), np.full(10, 1e-3), 1e-3 * np.exp(-np.arange(10) / 3)]
    v = np.r_[np.full(10, 3.0), 3.0 + 0.05 * np.arange(10), np.full(10, 4.2)]
    st = classify_steps(t, v, i, np.repeat([1, 2, 3], 10))
    assert [st[0], st[10], st[20]] == [STEP_CODE["rest"], STEP_CODE["CC"], STEP_CODE["CV"]]


def test_validation_errors():
    cols = synthetic()
    tab = CyclingTable.from_columns(cols)
    bad = dict(tab.columns)
    bad["time_s"] = bad["time_s"][::-1].copy()
    with pytest.raises(ParseError, match="time_s decreases"):
        CyclingTable(bad)
    bad = dict(tab.columns)
    bad["voltage_V"] = np.where(np.arange(len(tab)) == 5, np.nan, bad["voltage_V"])
    with pytest.raises(ParseError, match="voltage_V is not finite"):
        CyclingTable(bad)
    bad = dict(tab.columns)
    bad["weird"] = bad["time_s"]
    with pytest.raises(ParseError, match="unit suffix"):
        CyclingTable(bad)
    bad = dict(tab.columns)
    bad["temperature_K"] = bad["time_s"][:-1]
    with pytest.raises(ParseError, match="rows"):
        CyclingTable(bad)
    with pytest.raises(ParseError, match="no voltage_V"):
        CyclingTable.from_columns({"time_s": [0.0], "current_A": [0.0]})


def test_metadata_validation_and_reference_offset():
    tab = CyclingTable.from_columns(synthetic())
    with pytest.raises(InputError, match="reference-electrode offset"):
        tab.voltage_vs_reference_V  # noqa: B018
    li_in = tab.with_metadata(reference_offset_V=0.62)
    assert li_in.voltage_vs_reference_V == pytest.approx(tab["voltage_V"] + 0.62)
    with pytest.raises(InputError):
        CyclingMetadata(active_mass_kg=-1.0)
    with pytest.raises(InputError):
        CyclingMetadata(start_time_utc=datetime(2024, 1, 1))  # naive
    with pytest.raises(InputError, match="unknown metadata"):
        tab.with_metadata(colour="red")


def test_select_keeps_metadata_and_does_not_alias_input():
    cols = synthetic()
    tab = CyclingTable.from_columns(cols, CyclingMetadata(active_mass_kg=1e-6))
    cols["time_s"][0] = 99.0  # the caller's array; the table holds its own copy
    assert tab["time_s"][0] == 0.0
    part = tab.select(tab["cycle"] == 2)
    assert len(part) == int(np.sum(tab["cycle"] == 2))
    assert part.metadata.active_mass_kg == 1e-6


def test_assign_cycles_vendor_vote():
    cols = synthetic("discharge")
    tab = CyclingTable.from_columns(cols)
    vendor = tab["cycle"] + 5  # a vendor counter that advances at discharge starts
    ca = assign_cycles(tab["step_index"], tab["current_A"], tab["capacity_Ah"],
                       tab["step_type"], vendor)
    assert ca.first_direction == "discharge" and "vendor" in ca.reason
