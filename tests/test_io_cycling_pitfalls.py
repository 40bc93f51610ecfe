"""Reading pitfalls P1–P10 of shared/reference/cycling.md, each on the file that shows it.

Every test fails on the known wrong behaviour (named in its docstring).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from sselab.cycling import CyclingTable
from sselab.cycling.steps import capacity_from_current
from sselab.io.cycling import read_cycling

DATA = Path(__file__).parent / "data" / "cycling"


def per_cycle_mAh(t: CyclingTable, key: str = "cycle") -> tuple[np.ndarray, np.ndarray]:
    """(charge, discharge) per cycle number, mAh: the sum of step capacities."""
    s = t.step_starts
    ends = np.append(s[1:], len(t)) - 1
    q = t["capacity_Ah"][ends]
    c = t[key][ends]
    ch = np.bincount(c, weights=np.clip(q, 0, None)) * 1e3
    dis = np.bincount(c, weights=np.clip(-q, 0, None)) * 1e3
    return ch, dis


@pytest.fixture(scope="module")
def nw4() -> CyclingTable:
    return read_cycling(DATA / "nw4-120-1-6-53.ndax")


@pytest.fixture(scope="module")
def res() -> CyclingTable:
    return read_cycling(DATA / "20160805_test001_45_cc_01.res.gz")


@pytest.fixture(scope="module")
def maccor() -> CyclingTable:
    return read_cycling(DATA / "PredictionDiagnostics_000109_tztest.010.gz")


# ------------------------------------------------------------------ P1 step-resetting counters
def test_p1_cccv_charge_is_summed_over_steps(nw4):
    """Wrong: max() of Neware's per-step counter gives 1.640545 mAh for cycle 1."""
    ch, dis = per_cycle_mAh(nw4)
    assert ch[1] == pytest.approx(1.696540, abs=2e-6)
    assert dis[1] == pytest.approx(0.323620, abs=2e-6)
    c1 = nw4["cycle"] == 1
    assert abs(nw4["capacity_Ah"][c1]).max() * 1e3 == pytest.approx(1.640545, abs=2e-6)


def test_p1_multirate_discharge_is_summed():
    """Wrong: the largest CC step alone gives 4.680 mAh instead of 5.08628."""
    t = read_cycling(DATA / "neware_uio.csv.gz")
    ch, dis = per_cycle_mAh(t)
    assert dis[1] == pytest.approx(5.08628, abs=1e-5)
    assert ch[1] == pytest.approx(4.24934, abs=1e-5)
    vch, vdis = per_cycle_mAh(t, "vendor_cycle")
    assert (vch[3], vdis[3]) == (pytest.approx(7.83477, abs=1e-5), pytest.approx(7.97423, abs=1e-5))


def test_p1_maccor_charge_summed_over_steps(maccor):
    """Wrong: the max of Amp-hr in vendor cycle 87 is one step (1.45199 Ah), not 2.583298."""
    ch, dis = per_cycle_mAh(maccor, "vendor_cycle")
    assert ch[87] / 1e3 == pytest.approx(2.583298, abs=1e-6)
    assert dis[86] / 1e3 == pytest.approx(1.937758, abs=1e-6)


# ------------------------------------------------------------------ P2 vendor cycle index
def test_p2_constant_vendor_cycle_is_not_used(tmp_path):
    """Wrong: Arbin's Cycle_Index is 1 in every row, i.e. one 'cycle' of 11 mAh discharge."""
    t = read_cycling(DATA / "bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx")
    assert np.all(t["vendor_cycle"] == 1)
    assert t["cycle"].max() == 2
    ch, dis = per_cycle_mAh(t)
    assert dis[1] == pytest.approx(5.798, abs=2e-3) and ch[1] == pytest.approx(5.698, abs=2e-3)
    assert dis[2] == pytest.approx(5.257, abs=2e-3)
    assert ch.sum() == pytest.approx(5.702703, abs=1e-5)
    assert dis.sum() == pytest.approx(11.054898, abs=1e-4)
    assert any("Cycle_Index" in n for n in t.notes)


def test_p2_vendor_cycles_kept_separately(nw4):
    """Wrong: reporting only one numbering (fastnda default 160, BTSDA 150)."""
    assert np.unique(nw4["vendor_cycle"]).size == 150
    assert nw4["cycle"].max() == 160
    assert nw4.with_cycle_policy("vendor")["cycle"].max() == 150


# ------------------------------------------------------------------ P3 leading partial half-cycle
def test_p3_partial_first_discharge_is_cycle_zero():
    """Wrong (navani): cycle 1 = (0.2065 discharge, 0.9868 charge), CE 4.78."""
    t = read_cycling(DATA / "jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr.gz")
    ch, dis = per_cycle_mAh(t)
    assert dis[0] == pytest.approx(0.206529, abs=1e-6) and ch[0] == 0
    assert ch[1] == pytest.approx(0.986781, abs=1e-6)
    assert dis[1] == pytest.approx(0.852855, abs=1e-6)
    assert dis[1] / ch[1] == pytest.approx(0.8643, abs=1e-4)
    assert t.metadata.first_direction == "charge"
    assert "partial" in t.metadata.cycle_reason


# ------------------------------------------------------------------ P4 electrode convention
def test_p4_anode_half_cell_discharges_first(res):
    """Wrong: charge-first pairing of a Si anode that lithiates (discharges) first."""
    assert res.metadata.first_direction == "discharge"
    ch, dis = per_cycle_mAh(res)
    assert dis[1] == pytest.approx(1.755094, abs=1e-6)
    assert ch[1] == pytest.approx(1.625406, abs=1e-6)
    assert ch[1] / dis[1] == pytest.approx(0.9261, abs=1e-4)
    forced = res.with_cycle_policy("charge")
    fch, fdis = per_cycle_mAh(forced)
    assert fdis[0] == pytest.approx(1.755094, abs=1e-6)
    assert (fch[1], fdis[1]) == (pytest.approx(1.625406, abs=1e-6), pytest.approx(1.567475, abs=1e-6))


def test_p4_cathode_full_cell_charges_first(nw4):
    assert nw4.metadata.first_direction == "charge"


# ------------------------------------------------------------------ P5 incomplete last cycle
def test_p5_incomplete_last_cycle_is_visible(res):
    """The last cycle holds only a partial discharge; its half-cycle count shows it."""
    ch, dis = per_cycle_mAh(res)
    assert res["cycle"].max() == 18
    assert ch[18] == 0 and dis[18] == pytest.approx(0.239313, abs=1e-6)
    last = res["half_cycle"][res["cycle"] == 18]
    assert np.unique(last).size == 1


def test_p5_test2_last_cycle_stops_mid_discharge():
    t = read_cycling(DATA / "test_2.ndax")
    ch, dis = per_cycle_mAh(t)
    assert t["cycle"].max() == 54
    assert (ch[1], dis[1]) == (pytest.approx(0.23497, abs=1e-5), pytest.approx(0.10059, abs=1e-5))
    assert dis[54] == pytest.approx(0.00363, abs=1e-5)


# ------------------------------------------------------------------ P6 quantised exports
def test_p6_landt_uses_vendor_capacity_and_warns():
    """Wrong: coulomb counting the 0.1 mA-rounded current gives 7.14 / 3.56 mAh."""
    t = read_cycling(DATA / "SINTEF__LiGrR2032__2024-04-30__25degC__Landt.csv.gz")
    ch, dis = per_cycle_mAh(t)
    assert dis[1] == pytest.approx(6.3, abs=1e-9) and ch[1] == pytest.approx(3.2, abs=1e-9)
    assert dis[2] == pytest.approx(1.3, abs=1e-9)
    assert t.metadata.capacity_source == "vendor"
    assert any("quantised" in n for n in t.notes)
    # the wrong answer really is different: integrate the exported current
    q = capacity_from_current(t["time_s"], t["current_A"], t["step_index"])
    s = t.step_starts
    ends = np.append(s[1:], len(t)) - 1
    first_dis = -q[ends][t["cycle"][ends] == 1].min() * 1e3
    assert first_dis == pytest.approx(7.14, abs=0.02)


# ------------------------------------------------------------------ P7 nominal capacity metadata
def test_p7_arbin_mass_and_nominal_capacity(res):
    m = res.metadata
    assert m.active_mass_kg == pytest.approx(0.85283798e-6, rel=1e-6)
    assert m.nominal_capacity_Ah * 1e3 == pytest.approx(3.052, abs=1e-3)  # 1C = 3.052 mA


# ------------------------------------------------------------------ P8 unsigned current, units
MACCOR_UNSIGNED = (
    "Today's Date 01/02/2024  Date of Test:\t01/01/2024\t Filename:\tC:\\x.001 Procedure: p.000\t"
    "Comment/Barcode: X\n"
    "Rec#\tCyc#\tStep\tTest (Sec)\tStep (Sec)\tAmp-hr\tWatt-hr\tAmps\tVolts\tState\tES\tDPt Time\n"
)


def _maccor_rows() -> str:
    rows = []
    t = 0.0
    rec = 0
    plan = [(1, "R", 0.0, 3), (2, "C", 1.0, 4), (3, "R", 0.0, 2), (4, "D", 1.0, 4),
            (2, "C", 1.0, 4), (3, "R", 0.0, 2), (4, "D", 1.0, 3)]
    for step, state, amps, n in plan:
        for k in range(n):
            rec += 1
            st = 360.0 * k
            ah = amps * st / 3600.0
            stamp = datetime(2024, 1, 1, 12) + timedelta(seconds=t)
            rows.append(f"{rec}\t0\t{step}\t{t:.4f}\t{st:.4f}\t{ah:.10f}\t{ah * 3.7:.10f}\t"
                        f"{amps:.10f}\t{3.7 + (0.1 if state == 'C' else -0.1):.8f}\t{state}\t0\t"
                        f"{stamp:%m/%d/%Y %H:%M:%S}")
            t += 360.0
    return "\n".join(rows) + "\n"


def test_p8_maccor_unsigned_current_signed_by_state(tmp_path):
    """Wrong: a positive discharge current, and one 'cycle' from Cyc# = 0 throughout."""
    p = tmp_path / "unsigned.001"
    p.write_text(MACCOR_UNSIGNED + _maccor_rows())
    t = read_cycling(p)
    assert t.provenance.format == "maccor_txt"
    d = t["vendor_step"] == 4
    assert np.all(t["current_A"][d] == -1.0)
    assert np.all(t["capacity_Ah"][d] <= 0)
    assert any("unsigned" in n for n in t.notes)
    assert np.all(t["vendor_cycle"] == 0)
    assert t["cycle"].max() == 2
    ch, dis = per_cycle_mAh(t)
    assert ch[1] == pytest.approx(1000.0 * 3 * 360 / 3600) and dis[2] == pytest.approx(200.0)


def test_p8_units_from_headers(tmp_path):
    """Wrong: reading Current(mA) and Capacity(mAh) as A and Ah (a factor 1000)."""
    lines = ["DataPoint,Cycle Index,Step Index,Step Type,Time,Cumulative Time,Current(mA),"
             "Voltage(V),Chg. Cap.(mAh),DChg. Cap.(mAh),Date"]
    k = 0
    for step, kind, i in ((1, "CC Chg", 2.0), (2, "CC DChg", -2.0)):
        for j in range(5):
            k += 1
            q = abs(i) * 60 * j / 3600
            lines.append(f"{k},1,{step},{kind},00:0{j}:00,00:{k - 1:02d}:00,{i},{3.5 + 0.01 * j},"
                         f"{q if i > 0 else 0},{q if i < 0 else 0},2024-01-01 00:{k - 1:02d}:00")
    p = tmp_path / "ma.csv"
    p.write_text("\n".join(lines) + "\n")
    t = read_cycling(p)
    assert t.provenance.format == "neware_csv"
    assert t["current_A"].max() == pytest.approx(2e-3)
    assert t["capacity_Ah"].max() == pytest.approx(2e-3 * 240 / 3600)
    assert t["capacity_Ah"].min() == pytest.approx(-2e-3 * 240 / 3600)


# ------------------------------------------------------------------ P10 time zones
def test_p10_neware_utc_with_inferred_zone(nw4):
    """Wrong: the naive 11:48:21 (BTSDA) or 12:48:21 (local) taken as UTC."""
    m = nw4.metadata
    assert m.start_time_utc == datetime(2025, 4, 7, 10, 48, 21, 950000, tzinfo=UTC)
    assert m.timezone == "UTC+02:00" and m.timezone_source == "inferred"
    assert m.utc_offset_s == 7200
    assert m.start_time_local == "2025-04-07T12:48:21.950000"


def test_p10_neware_zone_from_caller_overrides_inference():
    t = read_cycling(DATA / "nw4-120-1-6-53.ndax", timezone="Europe/Zurich")
    assert t.metadata.timezone == "Europe/Zurich" and t.metadata.timezone_source == "user"
    assert t.metadata.start_time_utc.hour == 10


def test_p10_maccor_dst_fold_test_time_is_the_axis(maccor):
    """Wrong: time from local dates, which jump back 3593 s at the US DST end."""
    t = maccor["time_s"]
    assert np.all(np.diff(t) >= 0)
    assert maccor.metadata.start_time_utc is None  # naive local time, zone unknown
    la = read_cycling(DATA / "PredictionDiagnostics_000109_tztest.010.gz",
                      timezone="America/Los_Angeles").metadata
    first = datetime(2019, 11, 2, 23, 28, 51, tzinfo=ZoneInfo("America/Los_Angeles"))
    last = datetime(2019, 11, 3, 7, 38, 32, tzinfo=ZoneInfo("America/Los_Angeles"))  # PST
    assert la.start_time_utc + timedelta(seconds=float(t[0])) == first.astimezone(UTC)
    elapsed = (last.astimezone(UTC) - first.astimezone(UTC)).total_seconds()  # 32981 s
    assert float(t[-1] - t[0]) == pytest.approx(elapsed, abs=10)
    assert la.utc_offset_s == -7 * 3600


def test_p10_nda_timestamps_are_utc():
    t = read_cycling(DATA / "TestFile.nda.gz")
    assert t.metadata.start_time_utc.isoformat().startswith("2024-05-27T08:02:53")
    assert t.metadata.timezone == "UTC"
    assert t["temperature_K"].min() > 290  # aux T1 in K, not °C


def test_p10_biologic_start_from_log_module():
    t = read_cycling(DATA / "00_test_02_MB_C01.mpr")
    assert t.metadata.start_time_local == "2023-12-08T09:49:52.346000"
    t = read_cycling(DATA / "col_27_issue_74.mpr")
    assert t.metadata.start_time_local.startswith("2022-07-28T17:20:49")
