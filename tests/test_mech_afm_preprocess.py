"""ForceCurve sign conventions, segment split, baseline correction, contact-point detection."""

from __future__ import annotations

import numpy as np
import pytest

from sselab.errors import FitError, InputError
from sselab.mechanics.afm import ForceCurve, TipGeometry
from sselab.mechanics.afm.preprocess import far_to_near, fit_baseline, prepare_batch
from sselab.mechanics.afm.synthetic import synthetic_curve

K = 40.0
PARA = TipGeometry("paraboloid", radius_m=8e-9)


def test_sign_conventions():
    z = np.linspace(0, 10e-9, 11)
    f = np.linspace(0, 4e-9, 11)
    c = ForceCurve(z, f, K)
    np.testing.assert_allclose(c.deflection_m, f / K)
    np.testing.assert_allclose(c.tip_m, z - f / K)  # repulsion bends the lever: tip lags the piezo
    h = ForceCurve.from_height(-z, f, K)  # JPK/Asylum height decreases on approach
    np.testing.assert_allclose(h.piezo_m, z)
    assert not c.piezo_m.flags.writeable


def test_segment_split_at_turning_point():
    z = np.concatenate([np.linspace(0, 1e-8, 50), np.linspace(1e-8, 0, 50)])
    c = ForceCurve(z, np.zeros(100), K)
    assert (c.segment == 0).sum() == 50 and c.has_segment("retract")
    zr, _ = c.segment_data("retract")
    assert zr[0] == pytest.approx(1e-8)
    s, _ = far_to_near(*c.segment_data("retract"), "retract")
    assert np.all(np.diff(s) >= 0)
    with pytest.raises(InputError):
        c.segment_data("sideways")
    with pytest.raises(InputError):
        ForceCurve(z[:5], np.zeros(5), K)
    with pytest.raises(InputError):
        ForceCurve(z, np.zeros(100), -1.0)
    with pytest.raises(InputError):
        ForceCurve(z, np.full(100, np.nan), K)


def test_baseline_line_recovered():
    z = np.linspace(0, 1e-6, 200)[None, :]
    rng = np.random.default_rng(0)
    f = 2e-10 + 3e-3 * z + rng.normal(0, 1e-12, z.shape)
    off, slope, noise = fit_baseline(z, f, np.ones_like(z, dtype=bool), "tilt")
    assert slope[0] == pytest.approx(3e-3, rel=1e-3)
    assert off[0] == pytest.approx(2e-10, rel=1e-2)
    assert noise[0] == pytest.approx(1e-12, rel=0.25)
    off, slope, _ = fit_baseline(z, f, np.ones_like(z, dtype=bool), "offset")
    assert slope[0] == 0.0 and off[0] == pytest.approx(f.mean())
    with pytest.raises(FitError):
        fit_baseline(z, f, np.zeros_like(z, dtype=bool), "tilt")
    with pytest.raises(InputError):
        fit_baseline(z, f, np.ones_like(z, dtype=bool), "quadratic")


def test_contact_threshold_finds_hertz_contact():
    c = synthetic_curve("hertz", 1.41e9, 0.3, PARA, K, 15e-9, n_points=400, contact_m=5e-9,
                        noise_N=20e-12, baseline_offset_N=1e-9, baseline_slope_N_per_m=0.05,
                        rng=np.random.default_rng(1))
    z, f = far_to_near(*c.segment_data("approach"), "approach")
    p = prepare_batch(z, f, K, baseline="tilt", contact="threshold")
    step = z[1] - z[0]
    assert p.contact_tip_m[0] == pytest.approx(5e-9, abs=4 * step)
    assert p.baseline_slope_N_per_m[0] == pytest.approx(0.05, rel=0.05)
    assert abs(p.force_N[0, : p.contact_index[0] - 10]).max() < 6 * 20e-12
    # tip position from the corrected deflection: s = z − F_corr/k
    np.testing.assert_allclose(p.tip_m[0], z - p.force_N[0] / K)


def test_contact_pulloff_on_adhesive_retract():
    c = synthetic_curve("dmt", 1.41e9, 0.3, PARA, K, 15e-9, adhesion_force_N=3e-9, n_points=256,
                        baseline_offset_N=-2e-9, baseline_slope_N_per_m=0.03)
    z, f = far_to_near(*c.segment_data("retract"), "retract")
    p = prepare_batch(z, f, K, baseline="tilt", contact="pulloff")
    assert p.min_force_N[0] == pytest.approx(-3e-9, rel=0.02)
    assert p.baseline_offset_N[0] == pytest.approx(-2e-9, rel=1e-6)
    assert p.max_force_N[0] == pytest.approx(15e-9, rel=0.02)
    # batch of several rows equals row-by-row processing
    zz = np.vstack([z, z, z])
    ff = np.vstack([f, f * 1.1, f + 1e-9])
    pb = prepare_batch(zz, ff, K, contact="pulloff")
    for i in range(3):
        pi = prepare_batch(zz[i], ff[i], K, contact="pulloff")
        assert pb.contact_index[i] == pi.contact_index[0]
        np.testing.assert_allclose(pb.force_N[i], pi.force_N[0])
