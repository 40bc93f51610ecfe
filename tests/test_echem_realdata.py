"""Onset and half-cycle analyses on real public instrument files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sselab.echem.lsv import stability_window
from sselab.echem.symmetric import half_cycles
from sselab.io.echem import read_voltammogram

DATA = Path(__file__).parent / "data"


def test_real_lsv_threshold_onset_is_where_the_current_crosses():
    v = read_voltammogram(DATA / "echem" / "lsv.mpr")
    w = stability_window(v.potential_V, v.current_A, sweep_potential_V=v.sweep_potential_V,
                         threshold_A=5e-3, threshold_baseline=False)
    red = w.reduction.onsets
    assert w.oxidation is None and red.direction == -1 and red.faradaic_sign == -1
    e_th = red.threshold.potential_V
    # independent check: the raw current at that potential is −5 mA
    sl = slice(w.reduction.sweep.start, w.reduction.sweep.stop)
    e, i = v.potential_V[sl], v.current_A[sl]
    k = int(np.flatnonzero(np.abs(e - e_th) == np.min(np.abs(e - e_th)))[0])
    assert abs(i[k]) == pytest.approx(5e-3, rel=0.5)
    assert red.tangent.detected
    assert red.tangent.potential_V < -0.06
    assert red.tangent.stderr_V < 0.05


def test_real_cv_sweeps_and_oxidation_onset():
    v = read_voltammogram(DATA / "echem" / "cv.mpr.gz")
    w = stability_window(v.potential_V, v.current_A, sweep_potential_V=v.sweep_potential_V,
                         threshold_A=1e-6)
    assert [s.kind for s in w.sweeps] == ["cathodic", "anodic", "cathodic", "anodic"]
    ox = w.oxidation.onsets
    assert ox.tangent.detected and 3.0 < ox.tangent.potential_V < 5.5
    assert ox.threshold.detected and 3.0 < ox.threshold.potential_V < ox.tangent.potential_V


def test_half_cycle_charges_match_the_vendor(data_dir):
    from sselab.io.cycling import read_cycling

    t = read_cycling(data_dir / "cycling" / "jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr.gz")
    hs = half_cycles(t["time_s"], t["voltage_V"], t["current_A"])
    q_mAh = [abs(h.charge_C) / 3.6 for h in hs[:3]]
    # [VENDOR] leading partial discharge, cycle-1 charge and discharge (tests/data/cycling/README)
    assert q_mAh == pytest.approx([0.206529, 0.986781, 0.852855], rel=1e-5)
