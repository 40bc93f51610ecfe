"""Electronic conductivity from a DC-polarisation trace: σe = I_ss·L/(V·A)."""

from __future__ import annotations

import numpy as np
import pytest

from sselab.errors import InputError
from sselab.transport.conductivity import Pellet
from sselab.transport.dc_polarisation import electronic_conductivity, steady_state_current

PELLET = Pellet.from_mm(0.80, 10.0)


def _trace(i_ss=2e-9, i0=1e-6, tau=60.0, t_end=3600.0, n=721, noise=0.0, seed=0):
    t = np.linspace(0, t_end, n)
    i = i_ss + i0 * np.exp(-t / tau)
    if noise:
        i = i + noise * i_ss * np.random.default_rng(seed).standard_normal(n)
    return t, i


def test_steady_trace_closed_form():
    t, i = _trace()
    r = electronic_conductivity(t, i, 1.0, PELLET)
    assert r.steady and not r.warnings
    assert r.steady_current_A == pytest.approx(2e-9, rel=1e-6)
    assert r.conductivity_S_per_m == pytest.approx(2e-9 * 0.8e-3 / (1.0 * PELLET.electrode_area_m2),
                                                   rel=1e-6)
    assert r.tail_start_s == pytest.approx(0.8 * 3600, abs=5.0)
    # σe of ~2e-5 S/m vs σ_ion 0.255 S/m: orders of magnitude lower
    assert r.conductivity_S_per_m / 0.255 < 1e-3


def test_negative_current_and_noise():
    t, i = _trace(noise=0.05)
    r = electronic_conductivity(t, -i, -1.0, PELLET, tail_fraction=0.5)
    assert r.steady
    assert r.steady_current_A == pytest.approx(2e-9, rel=0.02)
    assert r.steady_current_stderr_A == pytest.approx(0.05 * 2e-9 / np.sqrt(r.n_tail), rel=0.3)
    assert r.voltage_V == 1.0


def test_drifting_trace_is_flagged():
    t, i = _trace(tau=2000.0)
    r = electronic_conductivity(t, i, 1.0, PELLET)
    assert not r.steady
    assert r.relative_drift < -0.05
    assert "not at steady state" in r.warnings[0]


def test_steady_state_current_returns_window():
    t, i = _trace()
    mean, sem, drift, t0, n = steady_state_current(t, i, 0.1)
    assert n == 73 and t0 == pytest.approx(3240.0)
    assert abs(drift) < 1e-3


@pytest.mark.parametrize("args", [
    ([0, 1], [1e-9, 1e-9], 1.0),          # too short
    ([0, 1, 2], [1e-9, 1e-9], 1.0),       # length mismatch
    ([0, 1, 2], [0.0, 0.0, 0.0], 1.0),    # zero current
    ([0, 1, 2], [1e-9, 1e-9, 1e-9], 0.0), # zero voltage
])
def test_bad_input(args):
    t, i, v = args
    with pytest.raises(InputError):
        electronic_conductivity(t, i, v, PELLET)


def test_real_chronoamperometry_file_through_the_reader(data_dir):
    """A real Bio-Logic CA record (format sample: a ~3.44 V cell hold, not a blocking pellet)."""
    from sselab.io.eis import read_chronoamperometry

    tr = read_chronoamperometry(data_dir / "eis" / "galvani" / "v1150_CA.mpr")
    r = electronic_conductivity(tr.time_s, tr.current_A, float(tr.voltage_V[-1]), PELLET)
    # the last 20 % of the record: 20 points, current ≈ 12.4 µA and rising
    assert r.n_tail == 20
    assert r.steady_current_A == pytest.approx(1.24e-5, rel=0.01)
    assert not r.steady and r.relative_drift > 0.05
    assert "rising" in r.warnings[0]
