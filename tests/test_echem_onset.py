"""Onset potentials by tangent intersection and threshold: closed-form and constructed answers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sselab.echem.lsv import merge_windows, stability_window
from sselab.echem.onset import analyse_sweep, fit_line
from sselab.echem.synthetic import LsvModel, lsv_sweep
from sselab.errors import InputError

AREA = math.pi * 0.005 ** 2


def _piecewise(e_on: float, d: int, n: int = 1500, start: float = 2.5, span: float = 2.0):
    """Sloped baseline plus an exactly linear rise beyond e_on (tangent answer = e_on)."""
    e = start + d * np.linspace(0.0, span, n)
    base = 3e-9 + 1e-9 * (e - start)
    rise = np.where(d * (e - e_on) > 0, 5e-6 * (e - e_on), 0.0)
    return e, base + rise


@pytest.mark.parametrize(("e_on", "d"), [(4.19, 1), (1.62, -1), (3.3, 1), (2.0, -1)])
def test_tangent_exact_on_piecewise_linear_curve(e_on, d):
    e, i = _piecewise(e_on, d)
    r = analyse_sweep(e, i, area_m2=AREA)
    assert r.tangent.detected
    assert r.tangent.potential_V == pytest.approx(e_on, abs=1e-9)
    assert r.direction == d and r.faradaic_sign == d
    assert r.process == ("oxidation" if d > 0 else "reduction")


def test_sign_convention_does_not_matter():
    e, i = _piecewise(4.19, 1)
    a = analyse_sweep(e, i, area_m2=AREA)
    b = analyse_sweep(e, -i, area_m2=AREA)  # cathodic-positive file
    assert b.faradaic_sign == -a.faradaic_sign
    assert b.tangent.potential_V == pytest.approx(a.tangent.potential_V, abs=1e-12)
    assert b.threshold.potential_V == pytest.approx(a.threshold.potential_V, abs=1e-12)


@pytest.mark.parametrize("side", ["oxidation", "reduction"])
@pytest.mark.parametrize("j_th", [0.005, 0.01, 0.05])
def test_noise_free_softplus_both_constructions(side, j_th):
    m = LsvModel(onset_V=4.19, start_V=2.5, end_V=5.0) if side == "oxidation" else \
        LsvModel(onset_V=1.62, start_V=2.5, end_V=0.5)
    s = lsv_sweep(m)  # no noise
    r = analyse_sweep(s.potential_V, s.current_A, area_m2=m.area_m2, threshold_A_per_m2=j_th)
    # the tangent window (40–90 % of the maximum) lies > 10 foot widths past the onset
    assert r.tangent.potential_V == pytest.approx(m.onset_V, abs=2e-4)
    # threshold: closed form E_on + d s ln(exp(j/(k s)) − 1); linear interpolation on 1 mV steps
    assert r.threshold.potential_V == pytest.approx(m.threshold_onset_V(j_th), abs=5e-4)


def test_noisy_recovery_and_uncertainty():
    m = LsvModel(onset_V=4.19, start_V=2.5, end_V=5.0)
    errs = []
    for seed in range(6):
        r = analyse_sweep(*_pair(lsv_sweep(m, np.random.default_rng(seed))), area_m2=m.area_m2)
        errs.append(r.tangent.potential_V - m.onset_V)
        assert 0 < r.tangent.stderr_V < 0.01
        assert r.noise_A == pytest.approx(m.noise_A_per_m2 * m.area_m2, rel=0.3)
    assert max(abs(x) for x in errs) < 0.005


def _pair(s):
    return s.potential_V, s.current_A


def test_reference_offset_shifts_onsets():
    m = LsvModel(onset_V=4.19, start_V=2.5, end_V=5.0, reference_offset_V=0.62)  # Li-In counter
    s = lsv_sweep(m)
    w0 = stability_window(s.potential_V, s.current_A)
    w1 = stability_window(s.potential_V, s.current_A, reference_offset_V=0.62)
    assert w1.oxidation_onset_V == pytest.approx(4.19, abs=2e-4)
    assert w1.oxidation_onset_V - w0.oxidation_onset_V == pytest.approx(0.62, abs=1e-9)
    assert w1.reduction is None and math.isnan(w1.reduction_onset_V)


def test_window_from_two_records_and_from_one_cv():
    ox = lsv_sweep(LsvModel(onset_V=4.19, start_V=2.5, end_V=5.0))
    red = lsv_sweep(LsvModel(onset_V=1.62, start_V=2.5, end_V=0.5))
    w = merge_windows([stability_window(ox.potential_V, ox.current_A),
                       stability_window(red.potential_V, red.current_A)])
    assert w.width_V == pytest.approx(4.19 - 1.62, abs=5e-4)
    # one record: cathodic sweep first, then back up (a CV); each side from its own sweep
    e = np.concatenate((red.potential_V, red.potential_V[::-1][1:], ox.potential_V[1:]))
    i = np.concatenate((red.current_A, np.full(red.current_A.size - 1, 2e-9), ox.current_A[1:]))
    w2 = stability_window(e, i)
    assert [s.kind for s in w2.sweeps] == ["cathodic", "anodic"]
    assert w2.reduction_onset_V == pytest.approx(1.62, abs=2e-3)


def test_no_onset_within_the_sweep():
    rng = np.random.default_rng(3)
    e = np.linspace(2.5, 4.0, 1500)
    i = 2e-9 + 1e-10 * (e - 2.5) + rng.normal(0, 1e-11, e.size)
    r = analyse_sweep(e, i, area_m2=AREA)
    assert not r.tangent.detected
    assert math.isnan(r.tangent.potential_V)
    assert "beyond the swept range" in r.tangent.reason
    assert r.threshold is not None and not r.threshold.detected


def test_explicit_baseline_window_and_threshold_current():
    e, i = _piecewise(4.19, 1)
    r = analyse_sweep(e, i, baseline_window_V=(3.0, 3.5), threshold_A=1e-6)
    assert not r.tangent.baseline_auto
    assert r.tangent.baseline.potential_range_V[0] >= 3.0
    assert r.tangent.potential_V == pytest.approx(4.19, abs=1e-9)
    # rise 5e-6 A/V → 1e-6 A above baseline at 0.2 V past the onset
    assert r.threshold.potential_V == pytest.approx(4.39, abs=1e-3)
    assert r.threshold.threshold_A_per_m2 is None


def test_threshold_needs_area_or_current():
    e, i = _piecewise(4.19, 1)
    assert analyse_sweep(e, i).threshold is None
    assert "µA cm⁻²" in analyse_sweep(e, i, area_m2=AREA).threshold.description


def test_fit_line_matches_numpy():
    rng = np.random.default_rng(0)
    x = np.linspace(0, 1, 50)
    y = 2.0 * x + 1.0 + rng.normal(0, 0.1, x.size)
    line = fit_line(x, y)
    p, cov = np.polyfit(x, y, 1, cov="unscaled")
    res = y - np.polyval(p, x)
    cov = cov * np.sum(res ** 2) / (x.size - 2)
    assert (line.slope_A_per_V, line.intercept_A) == pytest.approx(tuple(p), rel=1e-12)
    assert np.allclose(np.array(line.covariance), cov, rtol=1e-9)


@pytest.mark.parametrize(("kwargs", "msg"), [
    ({"rise_fraction": (0.9, 0.4)}, "rise_fraction"),
    ({"direction": 2}, "direction"),
    ({"area_m2": -1.0}, "area_m2"),
    ({"threshold_A": -1.0}, "threshold_A"),
])
def test_bad_options_are_input_errors(kwargs, msg):
    e, i = _piecewise(4.19, 1)
    with pytest.raises(InputError, match=msg):
        analyse_sweep(e, i, **kwargs)


def test_bad_arrays_are_input_errors():
    with pytest.raises(InputError, match="at least"):
        analyse_sweep([1, 2, 3], [1, 2, 3])
    with pytest.raises(InputError, match="differ in length"):
        analyse_sweep(np.arange(30.0), np.arange(29.0))
    e, i = _piecewise(4.19, 1)
    i[5] = np.nan
    with pytest.raises(InputError, match="not finite"):
        analyse_sweep(e, i)
    with pytest.raises(InputError, match="no potential sweep"):
        stability_window(np.full(50, 3.0), np.zeros(50))
    with pytest.raises(InputError, match="does not exist"):
        stability_window(*_piecewise(4.19, 1), oxidation_sweep=3)
