"""dQ/dV and dV/dQ: closed forms, charge conservation, robustness to non-monotonic V."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from sselab.cycling.dqdv import cycle_dqdv, dqdv, dvdq, half_cycle_curve, monotone_runs
from sselab.cycling.synthetic import NCM92_CHARGE, synthetic_cycling
from sselab.errors import InputError


def _two_peaks(n=3000):
    """Q(V) = 0.4 mAh Φ((V−3.7)/0.02) + 0.3 mAh Φ((V−4.0)/0.03) + 0.3 mAh (V−3.4)/0.9."""
    v = np.linspace(3.4, 4.3, 20001)
    q = 0.4e-3 * norm.cdf((v - 3.7) / 0.02) + 0.3e-3 * norm.cdf((v - 4.0) / 0.03) \
        + 0.3e-3 * (v - 3.4) / 0.9
    qs = np.linspace(q[0], q[-1], n)
    return np.interp(qs, q, v), qs - qs[0]


def test_peak_positions_heights_and_area():
    v, q = _two_peaks()
    r = dqdv(v, q, 1, smoothing_V=0.0, bin_width_V=0.002)
    pk = sorted(r.peaks, key=lambda p: p.voltage_V)
    assert [p.voltage_V for p in pk] == pytest.approx([3.7, 4.0], abs=0.0015)
    # unsmoothed height = 0.4 mAh/(0.02 V √(2π)) + flat 0.333 mAh/V
    assert pk[0].height_Ah_per_V == pytest.approx(0.4e-3 / (0.02 * np.sqrt(2 * np.pi))
                                                  + 0.3e-3 / 0.9, rel=0.02)
    assert np.sum(r.raw_dqdv_Ah_per_V) * r.bin_width_V == pytest.approx(q[-1], rel=1e-9)
    assert r.capacity_Ah == pytest.approx(q[-1])
    assert r.n_monotone_runs == 1 and r.n_reversals == 0


def test_gaussian_smoothing_in_volts_broadens_as_expected():
    v, q = _two_peaks()
    r = dqdv(v, q, 1, smoothing_V=0.01, bin_width_V=0.002)
    # σ_eff = √(20² + 10²) mV → height × 20/22.36 on the peak part
    h = 0.4e-3 / (np.hypot(0.02, 0.01) * np.sqrt(2 * np.pi)) + 0.3e-3 / 0.9
    assert max(p.height_Ah_per_V for p in r.peaks) == pytest.approx(h, rel=0.03)
    # σ in volts: the same curve logged 3× more densely gives the same smoothed curve
    v2, q2 = _two_peaks(9000)
    r2 = dqdv(v2, q2, 1, smoothing_V=0.01, bin_width_V=0.002)
    assert np.max(np.abs(r2.dqdv_Ah_per_V - r.dqdv_Ah_per_V)) < 0.01 * r.dqdv_Ah_per_V.max()


def test_noisy_non_monotonic_voltage_keeps_the_peaks():
    """2 mV noise makes V go back and forth ~1000 times; grouping by V would scramble it."""
    v, q = _two_peaks()
    vn = v + np.random.default_rng(1).normal(0, 0.002, v.size)
    runs, rev = monotone_runs(vn, 1)
    assert runs > 500 and rev == runs - 1
    r = dqdv(vn, q, 1)
    pk = sorted(r.peaks[:2], key=lambda p: p.voltage_V)
    assert [p.voltage_V for p in pk] == pytest.approx([3.7, 4.0], abs=0.006)
    assert np.all(r.dqdv_Ah_per_V >= 0)
    assert np.sum(r.raw_dqdv_Ah_per_V) * r.bin_width_V == pytest.approx(q[-1], rel=1e-9)
    # the naive derivative dQ/dV sample by sample is useless here
    naive = np.diff(q) / np.diff(vn)
    assert np.sum(naive < 0) > 500


def test_discharge_direction_and_sign():
    v, q = _two_peaks()
    r = dqdv(v[::-1], q, -1, smoothing_V=0.0, bin_width_V=0.002)
    assert np.all(np.diff(r.voltage_V) > 0)
    assert [round(p.voltage_V, 2) for p in sorted(r.peaks, key=lambda p: p.voltage_V)] == \
        [3.7, 4.0]
    assert np.all(r.signed_dqdv <= 0)


def test_dvdq_of_a_linear_curve_is_constant():
    q = np.linspace(0, 2e-3, 500)
    v = 3.5 + 250.0 * q  # 0.25 V per mAh
    d = dvdq(v, q, 1, smoothing_fraction=0.0)
    assert d.dvdq_V_per_Ah == pytest.approx(250.0, rel=1e-9)
    assert d.capacity_Ah[-1] == pytest.approx(2e-3)


def test_table_helpers_run_across_steps_and_skip_rests():
    t = synthetic_cycling(np.array([1e-3, 1e-3]), np.array([0.9e-3, 0.9e-3]), 1e-4, 1e-4,
                          points_per_half_cycle=300)
    _, v, q = half_cycle_curve(t, 1, 1)
    assert q[0] == 0 and q[-1] == pytest.approx(1e-3)
    r = cycle_dqdv(t, 1, 1)
    # the synthetic charge shape has its three largest features at 3.72, 3.98, 4.18 V vs Li
    got = sorted(p.voltage_V + r.reference_offset_V for p in r.peaks[:3])
    assert got == pytest.approx(list(NCM92_CHARGE.peaks_V), abs=0.01)
    with pytest.raises(InputError, match="no discharge"):
        half_cycle_curve(t, 5, -1)


def test_input_errors():
    with pytest.raises(InputError):
        dqdv(np.array([1.0, 2.0]), np.array([0.0, 1.0]), 1)
    with pytest.raises(InputError):
        dqdv(np.linspace(3, 4, 10), np.linspace(0, 1, 10), 0)
    with pytest.raises(InputError):
        dqdv(np.linspace(3, 4, 10), np.linspace(0, 1, 10), 1, bin_width_V=0)
