"""Per-cycle summary on synthetic records with known answers (closed forms)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sselab.cycling import CyclingTable
from sselab.cycling.steps import STEP_CODE
from sselab.cycling.summary import summarise
from sselab.cycling.synthetic import synthetic_cycling
from sselab.errors import InputError

QC = np.array([2.0e-3, 1.9e-3, 1.85e-3, 1.84e-3])
QD = np.array([1.7e-3, 1.86e-3, 1.83e-3, 1.82e-3])


@pytest.fixture(scope="module")
def cell():
    return synthetic_cycling(QC, QD, 0.5e-3, 0.4e-3, points_per_half_cycle=400,
                             resistance_ohm=40.0, active_mass_kg=10e-6, area_m2=1e-4,
                             nominal_capacity_Ah=2e-3)


def test_capacities_and_ce_come_back(cell):
    s = summarise(cell)
    assert s.n_cycles == 4 and np.all(s.complete)
    assert s.charge_capacity_Ah == pytest.approx(QC, rel=1e-12)
    assert s.discharge_capacity_Ah == pytest.approx(QD, rel=1e-12)
    assert s.coulombic_efficiency == pytest.approx(QD / QC, rel=1e-12)
    assert s.charge_coulomb_Ah == pytest.approx(QC, rel=1e-9)  # ∫I dt of a CC step
    assert s.warnings == ()


def test_normalised_capacities(cell):
    s = summarise(cell)
    assert s.specific(s.discharge_capacity_Ah) == pytest.approx(QD / 10e-6)  # mAh/g
    rec = s.records()[0]
    assert rec["discharge_mAh_per_g"] == pytest.approx(170.0)
    assert rec["discharge_mAh_per_cm2"] == pytest.approx(1.7)  # 1.7 mAh on 1 cm²
    assert rec["charge_specific_current_mA_per_g"] == pytest.approx(50.0)
    assert rec["charge_c_rate_nominal"] == pytest.approx(0.25)
    bare = summarise(cell, active_mass_kg=None)
    assert bare.active_mass_kg == pytest.approx(10e-6)  # None keeps the table's mass
    no_mass = summarise(cell.with_metadata(active_mass_kg=None, area_m2=None))
    with pytest.raises(InputError, match="mass"):
        no_mass.specific(no_mass.discharge_capacity_Ah)
    assert "discharge_mAh_per_g" not in no_mass.records()[0]


def test_energy_mean_voltage_and_hysteresis(cell):
    s = summarise(cell)
    t, v, i, e = (cell[c] for c in ("time_s", "voltage_V", "current_A", "energy_Wh"))
    # independent trapezoid of V·I over the first charge step
    m = (cell["cycle"] == 1) & (i > 0)
    idx = np.flatnonzero(m)
    e_ch = np.trapezoid(v[idx] * i[idx], t[idx]) / 3600
    assert s.charge_energy_Wh[0] == pytest.approx(e_ch, rel=1e-9)
    assert s.charge_mean_voltage_V[0] == pytest.approx(e_ch / QC[0], rel=1e-9)
    assert v[idx].min() < s.charge_mean_voltage_V[0] < v[idx].max()
    assert s.voltage_hysteresis_V[0] == pytest.approx(
        s.charge_mean_voltage_V[0] - s.discharge_mean_voltage_V[0])
    assert s.voltage_hysteresis_V[0] > 0
    assert e[idx[-1]] == pytest.approx(e_ch, rel=1e-9)


def test_ir_drop_at_current_interruption(cell):
    """The synthetic voltage falls by I·R (40 Ω) at the end of each half-cycle."""
    s = summarise(cell)
    assert s.charge_resistance_ohm == pytest.approx(40.0, rel=1e-9)
    assert s.discharge_resistance_ohm == pytest.approx(40.0, rel=1e-9)
    assert s.charge_ir_drop_V == pytest.approx(0.5e-3 * 40)
    assert s.discharge_ir_drop_V == pytest.approx(0.4e-3 * 40)


def _cccv_table(split_steps: bool) -> CyclingTable:
    """CC 1 mA for 1 h to 4.2 V (V rising as t⁴), CV at 4.2 V with I = 1 mA·e^(−t/1800 s) for 1 h, rest,
    CC discharge 1 mA for 1.5 h."""
    t_cc = np.linspace(0, 3600, 361)
    t_cv = np.linspace(10, 3600, 360)
    i_cv = 1e-3 * np.exp(-t_cv / 1800)
    q_cv = 1e-3 * 1800 * (1 - np.exp(-t_cv / 1800)) / 3600
    t_dis = np.linspace(0, 5400, 541)
    t = np.concatenate([t_cc, 3600 + t_cv, 7200 + np.array([10.0, 300.0]), 7500 + t_dis])
    v = np.concatenate([3.6 + 0.6 * (t_cc / 3600) ** 4, np.full(360, 4.2), [4.15, 4.12],
                        4.1 - 1.0 * t_dis / 5400])
    i = np.concatenate([np.full(361, 1e-3), i_cv, [0.0, 0.0], np.full(541, -1e-3)])
    q_cc = 1e-3 * t_cc / 3600
    if split_steps:
        q = np.concatenate([q_cc, q_cv, [0, 0], -1e-3 * t_dis / 3600])
        step = np.repeat([1, 2, 3, 4], [361, 360, 2, 541])
        st = np.repeat([STEP_CODE["CC"], STEP_CODE["CV"], STEP_CODE["rest"], STEP_CODE["CC"]],
                       [361, 360, 2, 541])
    else:
        q = np.concatenate([q_cc, q_cc[-1] + q_cv, [0, 0], -1e-3 * t_dis / 3600])
        step = np.repeat([1, 2, 3], [721, 2, 541])
        st = np.repeat([STEP_CODE["CCCV"], STEP_CODE["rest"], STEP_CODE["CC"]], [721, 2, 541])
    return CyclingTable.from_columns({"time_s": t, "voltage_V": v, "current_A": i,
                                      "capacity_Ah": q, "step_index": step, "step_type": st})


@pytest.mark.parametrize("split", [True, False])
def test_cv_share_of_cc_cv_charge(split):
    """CV capacity = 1 mA·1800 s·(1 − e⁻²)/3600 whether CV is its own step or part of CCCV."""
    s = summarise(_cccv_table(split))
    q_cv = 1e-3 * 1800 * (1 - math.exp(-2)) / 3600
    q_total = 1e-3 + q_cv
    assert s.charge_capacity_Ah[0] == pytest.approx(q_total, rel=1e-6)
    assert s.charge_cv_capacity_Ah[0] == pytest.approx(q_cv, rel=0.02)
    assert s.charge_cv_share[0] == pytest.approx(q_cv / q_total, rel=0.02)
    assert s.discharge_cv_share[0] == 0.0
    assert s.charge_current_A[0] == pytest.approx(1e-3)


def test_coulomb_cross_check_warns_on_a_wrong_current_unit(cell):
    cols = dict(cell.columns)
    cols["current_A"] = cols["current_A"] * 1.5
    s = summarise(CyclingTable(cols, cell.metadata))
    assert any("coulomb counting" in w and "50" in w for w in s.warnings)
    assert s.charge_capacity_Ah == pytest.approx(QC)  # vendor capacity still used


def test_integrated_capacity_is_said_so():
    t = synthetic_cycling(QC, QD, 1e-3, 1e-3)
    cols = {k: v for k, v in t.columns.items() if k not in ("capacity_Ah", "half_cycle",
                                                            "cycle")}
    s = summarise(CyclingTable.from_columns(cols, t.metadata, cycle_policy="charge"))
    assert s.capacity_source == "integrated"
    assert any("no capacity counter" in w for w in s.warnings)
    assert s.charge_capacity_Ah == pytest.approx(QC, rel=1e-6)


def test_policy_argument_and_errors(cell):
    s = summarise(cell, first="discharge")
    assert s.first_direction == "discharge" and s.ce_convention == "charge/discharge"
    with pytest.raises(InputError, match="policy"):
        summarise(cell, first="sideways")
    with pytest.raises(InputError, match="ce_convention"):
        summarise(cell, ce_convention="dis/ch")
    with pytest.raises(InputError, match="no cycle 7"):
        summarise(cell).index_of(7)


def test_edges_of_a_truncated_record(cell):
    """Cut the record in the middle of the last discharge: the last cycle is incomplete."""
    last_dis = np.flatnonzero((cell["cycle"] == 4) & (cell["current_A"] < 0))
    cut = cell.select(slice(0, int(last_dis[len(last_dis) // 4])))
    s = summarise(cut)
    assert s.edges.trailing_incomplete_cycle == 4
    assert not s.complete[s.index_of(4)]
    assert "incomplete" in s.records()[-1]["flag"]


def test_summary_has_no_python_loop_per_row():
    """A 1-million-row record summarises in well under a second (vectorised)."""
    import time

    n = 250
    q = np.full(n, 1e-3)
    t = synthetic_cycling(q, q * 0.99, 1e-3, 1e-3, points_per_half_cycle=2000)
    assert len(t) > 1_000_000
    summarise(t)
    t0 = time.perf_counter()
    s = summarise(t)
    assert time.perf_counter() - t0 < 1.0
    assert s.n_cycles == n
