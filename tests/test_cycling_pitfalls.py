"""Pitfalls P1–P10 of shared/reference/cycling.md at the analysis level (sselab.cycling).

Each test names the wrong behaviour it guards against; the wrong answer is computed too,
to show the file really has the trap.  (The Si-anode Arbin ``.res`` checks of P4/P5 —
CE 92.61 % charge/discharge, cycle 18 incomplete — are in test_cycling_realfiles.py, which
reads that slow file once.)
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from sselab.cycling import CyclingTable
from sselab.cycling.retention import retention
from sselab.cycling.steps import STEP_CODE
from sselab.cycling.summary import summarise
from sselab.cycling.synthetic import synthetic_cycling
from sselab.io.cycling import read_cycling

DATA = Path(__file__).parent / "data" / "cycling"


@cache
def _read(name: str) -> CyclingTable:
    return read_cycling(DATA / name)


# ------------------------------------------------------------------ P1 step-resetting counters
def test_p1_cccv_charge_is_cc_plus_cv():
    """Wrong: max() per cycle of Neware's per-step counter = 1.640545 mAh (the CV step)."""
    t = _read("nw4-120-1-6-53.ndax")
    s = summarise(t)
    k = s.index_of(1)
    assert s.charge_capacity_Ah[k] * 1e3 == pytest.approx(1.696540, abs=1e-6)
    wrong = np.abs(t["capacity_Ah"][t["cycle"] == 1]).max() * 1e3
    assert wrong == pytest.approx(1.640545, abs=1e-6)
    assert s.charge_cv_capacity_Ah[k] * 1e3 == pytest.approx(1.640545, abs=1e-6)
    assert s.charge_cv_share[k] == pytest.approx(1.640545 / 1.696540, rel=1e-5)


def test_p1_multirate_discharge_is_summed():
    """Wrong: the largest of the three CC discharge steps (4.680 mAh) for 5.08628."""
    s = summarise(_read("neware_uio.csv.gz"), first="vendor")
    assert s.discharge_capacity_Ah[s.index_of(1)] * 1e3 == pytest.approx(5.08628, abs=5e-6)
    assert s.discharge_current_A[s.index_of(1)] * 1e3 == pytest.approx(0.249, abs=1e-3)


def test_p1_maccor_cycle_87_charge():
    """Wrong: one step of the CC+CV charge (1.45199 Ah) instead of 2.583298 Ah."""
    s = summarise(_read("PredictionDiagnostics_000109_tztest.010.gz"), first="vendor")
    assert s.charge_capacity_Ah[s.index_of(87)] == pytest.approx(2.583298, abs=1e-6)


# ------------------------------------------------------------------ P2 vendor cycle index
def test_p2_cycles_from_current_not_a_constant_vendor_counter():
    """Wrong: Arbin's Cycle_Index (1 throughout) → one 'cycle' with 11.05 mAh discharge."""
    t = _read("bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx")
    s = summarise(t)
    assert s.n_cycles == 2
    assert s.discharge_capacity_Ah[s.index_of(1)] * 1e3 == pytest.approx(5.798, abs=1e-3)
    wrong = summarise(t, first="vendor")
    assert wrong.n_cycles == 1
    assert wrong.discharge_capacity_Ah[0] * 1e3 == pytest.approx(11.054898, abs=1e-4)


def test_p2_reader_dependent_counts_are_both_available():
    """Wrong: one numbering only (BTSDA 150, fastnda/NewareNDA default 160)."""
    t = _read("nw4-120-1-6-53.ndax")
    assert summarise(t).n_cycles == 160
    assert summarise(t, first="vendor").n_cycles == 150


# ------------------------------------------------------------------ P3 leading partial
def test_p3_leading_partial_discharge_is_cycle_zero():
    """Wrong (navani): cycle 1 = (0.2065 discharge, 0.9868 charge), CE 4.78."""
    t = _read("jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr.gz")
    s = summarise(t)
    assert s.edges.leading_partial_cycles == (0,)
    k0 = s.index_of(0)
    assert s.discharge_capacity_Ah[k0] * 1e3 == pytest.approx(0.206529, abs=1e-6)
    assert not s.complete[k0] and math.isnan(s.coulombic_efficiency[k0])
    assert 100 * s.coulombic_efficiency[s.index_of(1)] == pytest.approx(86.43, abs=0.005)
    wrong = summarise(t, first="discharge")  # the navani pairing
    k = wrong.index_of(1)
    assert wrong.charge_capacity_Ah[k] / wrong.discharge_capacity_Ah[k] == pytest.approx(
        4.78, abs=0.005)
    assert 1 in wrong.edges.leading_partial_cycles  # … and sselab flags that pairing too


def test_p3_fragment_that_starts_mid_charge_is_flagged():
    """Wrong: Maccor cycle 86 starts in the CV step; its 1.28 Ah charge is not a full one."""
    s = summarise(_read("PredictionDiagnostics_000109_tztest.010.gz"))
    assert 1 in s.edges.leading_partial_cycles
    assert math.isnan(s.coulombic_efficiency[s.index_of(1)])  # not 151 %


# ------------------------------------------------------------------ P4 CE convention
def test_p4_anode_half_cell_ce_is_charge_over_discharge():
    """Wrong: discharge/charge (119.7 %) for a cell that lithiates (discharges) first."""
    s = summarise(_read("neware_uio.csv.gz"), first="vendor")
    assert s.first_direction == "discharge" and s.ce_convention == "charge/discharge"
    assert s.coulombic_efficiency[s.index_of(1)] == pytest.approx(4.24934 / 5.08628, rel=1e-5)


def test_p4_cathode_ce_is_discharge_over_charge():
    t = synthetic_cycling(np.array([2e-3, 1.9e-3]), np.array([1.8e-3, 1.88e-3]), 1e-3, 1e-3)
    s = summarise(t)
    assert s.ce_convention == "discharge/charge"
    assert s.coulombic_efficiency[0] == pytest.approx(0.9)
    forced = summarise(t, ce_convention="charge/discharge")
    assert forced.coulombic_efficiency[0] == pytest.approx(2.0 / 1.8)


# ------------------------------------------------------------------ P5 incomplete last cycle
@pytest.mark.parametrize("name,policy,cycle", [("test_2.ndax", "auto", 54),
                                               ("PredictionDiagnostics_000109_tztest.010.gz",
                                                "vendor", 89),
                                               ("SINTEF__LiGrR2032__2024-04-30__25degC__Landt"
                                                ".csv.gz", "auto", 2)])
def test_p5_incomplete_last_cycle_flagged_and_kept_out_of_retention(name, policy, cycle):
    """Wrong: test_2 cycle 54 (0.00363 mAh discharge) read as a 92 % capacity loss."""
    s = summarise(_read(name), first=policy)
    assert s.edges.trailing_incomplete_cycle == cycle
    k = s.index_of(cycle)
    assert not s.complete[k]
    if name == "test_2.ndax":
        r = retention(s, formation_cycles=10)
        assert cycle not in r.cycle.tolist()
        assert dict(r.excluded)[cycle] == "incomplete or partial cycle"


# ------------------------------------------------------------------ P6 quantised exports
def test_p6_quantised_land_export_uses_vendor_capacity_and_warns():
    """Wrong: coulomb counting the 0.1 mA-rounded current: 7.14 / 3.56 mAh."""
    s = summarise(_read("SINTEF__LiGrR2032__2024-04-30__25degC__Landt.csv.gz"))
    k = s.index_of(1)
    assert s.discharge_capacity_Ah[k] * 1e3 == pytest.approx(6.3, abs=1e-9)
    assert s.charge_capacity_Ah[k] * 1e3 == pytest.approx(3.2, abs=1e-9)
    assert s.discharge_coulomb_Ah[k] * 1e3 == pytest.approx(7.14, abs=0.02)
    assert s.charge_coulomb_Ah[k] * 1e3 == pytest.approx(3.56, abs=0.02)
    assert any("quantised" in w for w in s.warnings)
    assert any("coulomb counting" in w for w in s.warnings)


def test_p6_quantised_capacity_detected_without_reader_note():
    t = synthetic_cycling(np.full(3, 1.23456e-3), np.full(3, 1.2e-3), 1e-3, 1e-3)
    cols = dict(t.columns)
    cols["capacity_Ah"] = np.round(cols["capacity_Ah"], 4)  # 0.1 mAh resolution
    q = CyclingTable(cols, t.metadata)
    assert any("0.1 mAh resolution" in w for w in summarise(q).warnings)
    assert not any("quantised" in w for w in summarise(t).warnings)


# ------------------------------------------------------------------ P7 nominal vs effective C
def test_p7_nominal_and_effective_c_rate():
    """Wrong: calling the 0.079 mA cycles 'C/20' without saying they run at 0.79 C."""
    s = summarise(_read("test_2.ndax"), nominal_capacity_Ah=1.58422e-3)
    k = s.index_of(1)
    nom = s.nominal_c_rate(s.discharge_current_A)[k]
    eff = s.effective_c_rate(s.discharge_current_A)[k]
    assert nom == pytest.approx(0.05, rel=1e-3)
    assert s.effective_reference_Ah * 1e3 == pytest.approx(0.10059, abs=1e-5)
    assert eff == pytest.approx(0.0792 / 0.10059, rel=2e-3)
    assert eff / nom == pytest.approx(15.75, rel=0.01)
    rec = s.records()[0]
    assert "discharge_c_rate_nominal" in rec and "discharge_c_rate_effective" in rec


# ------------------------------------------------------------------ P8 unsigned current, units
def test_p8_unsigned_maccor_current_gives_positive_capacities(tmp_path):
    """Wrong: a positive 'discharge' current → two charges and no discharge."""
    head = ("Today's Date 01/02/2024  Date of Test:\t01/01/2024\t Filename:\tC:\\x.001 "
            "Procedure: p.000\tComment/Barcode: X\n"
            "Rec#\tCyc#\tStep\tTest (Sec)\tStep (Sec)\tAmp-hr\tWatt-hr\tAmps\tVolts\tState\tES\t"
            "DPt Time\n")
    rows, t, rec = [], 0.0, 0
    for step, state, amps, n in [(1, "R", 0.0, 3), (2, "C", 1.0, 4), (3, "R", 0.0, 2),
                                 (4, "D", 1.0, 4), (2, "C", 1.0, 4), (3, "R", 0.0, 2),
                                 (4, "D", 1.0, 4)]:
        for k in range(n):
            rec += 1
            st = 360.0 * k
            ah = amps * st / 3600.0
            rows.append(f"{rec}\t0\t{step}\t{t:.4f}\t{st:.4f}\t{ah:.10f}\t{ah * 3.7:.10f}\t"
                        f"{amps:.10f}\t{3.7 + (0.1 if state == 'C' else -0.1):.8f}\t{state}\t0\t"
                        f"01/01/2024 12:00:00")
            t += 360.0
    p = tmp_path / "unsigned.001"
    p.write_text(head + "\n".join(rows) + "\n")
    t = read_cycling(p)
    s = summarise(t)
    assert s.n_cycles == 2
    stuck = summarise(t, first="vendor")  # Cyc# = 0 throughout: one 'cycle 0' (P2)
    assert stuck.cycle.tolist() == [0] and stuck.n_cycles == 1
    assert stuck.charge_capacity_Ah[0] == pytest.approx(0.6)
    assert s.charge_capacity_Ah[0] == pytest.approx(0.3) and s.discharge_capacity_Ah[0] == \
        pytest.approx(0.3)
    r = s.records()[0]
    assert r["charge_mAh"] == pytest.approx(300.0)  # units in the key, converted once


# ------------------------------------------------------------------ P9 mixed techniques
def test_p9_impedance_step_inside_the_record_is_ignored():
    """Wrong: an EIS step (oscillating current) counted as a half-cycle or a cycle."""
    t = synthetic_cycling(np.full(2, 1e-3), np.full(2, 0.98e-3), 1e-3, 1e-3)
    cols = {k: np.array(v) for k, v in t.columns.items()}
    rest = np.flatnonzero((cols["step_type"] == STEP_CODE["rest"]) & (cols["vendor_cycle"] == 1)
                          & (cols["vendor_step"] == 3))
    cols["step_type"][rest] = STEP_CODE["EIS"]
    cols["current_A"][rest] = 1e-3 * np.array([1, -1, 1])[: rest.size]
    for k in ("half_cycle", "cycle"):
        cols.pop(k)
    eis = CyclingTable.from_columns(cols, t.metadata, cycle_policy="charge")
    s0, s1 = summarise(t), summarise(eis)
    assert s1.n_cycles == s0.n_cycles == 2
    assert np.allclose(s1.discharge_capacity_Ah, s0.discharge_capacity_Ah)


# ------------------------------------------------------------------ P10 time axis
def test_p10_durations_from_test_time_across_the_dst_fold():
    """Wrong: durations from local dates, which jump back 3593 s at the US DST end."""
    t = _read("PredictionDiagnostics_000109_tztest.010.gz")
    s = summarise(t, first="vendor")
    assert np.all(s.charge_duration_s >= 0) and np.all(s.discharge_duration_s >= 0)
    assert np.all(np.diff(s.start_time_s) > 0)
    k = s.index_of(86)
    assert s.discharge_duration_s[k] == pytest.approx(7208, abs=2)
