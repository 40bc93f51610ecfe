"""Single-curve fits: closed-form recovery (noise-free 1e-6, noisy ~1 %), windows, validity, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sselab.errors import FitError, InputError
from sselab.mechanics.afm import ForceCurve, TipGeometry, WindowSpec, fit_curve
from sselab.mechanics.afm.lsq import fit_power_law_batch
from sselab.mechanics.afm.synthetic import synthetic_curve

E, NU, K = 1.41e9, 0.3, 40.0
PARA = TipGeometry("paraboloid", radius_m=8e-9)

CASES = [
    ("hertz", TipGeometry("paraboloid", radius_m=20e-9), 0.0, "approach"),
    ("hertz", TipGeometry("cone", half_angle_deg=30.0), 0.0, "approach"),
    ("hertz", TipGeometry("pyramid", half_angle_deg=20.0), 0.0, "approach"),
    ("hertz", TipGeometry("pyramid4", half_angle_deg=20.0), 0.0, "retract"),
    ("dmt", PARA, 3e-9, "retract"),
    ("jkr", PARA, 3e-9, "retract"),
]


@pytest.mark.parametrize(("model", "tip", "fa", "seg"), CASES,
                         ids=[f"{c[0]}-{c[1].shape}-{c[3]}" for c in CASES])
def test_noise_free_recovery(model, tip, fa, seg):
    curve = synthetic_curve(model, E, NU, tip, K, 15e-9, adhesion_force_N=fa, n_points=256,
                            contact_m=37e-9)
    r = fit_curve(curve, model, tip=tip, poisson_ratio=NU, segment=seg)
    assert r.youngs_modulus_Pa == pytest.approx(E, rel=1e-6)
    assert r.contact_point_m == pytest.approx(37e-9, abs=1e-14)
    if model != "hertz":
        assert r.adhesion_force_N == pytest.approx(fa, rel=1e-6)
    assert r.segment == seg and r.model == model
    assert r.window.n_points >= 20 and r.r_squared > 0.999999


@pytest.mark.parametrize(("model", "tip", "fa", "seg"), CASES,
                         ids=[f"{c[0]}-{c[1].shape}-{c[3]}" for c in CASES])
def test_noisy_recovery_about_one_percent(model, tip, fa, seg):
    """0.5 % force noise (75 pN at 15 nN), baseline offset and tilt: mean of 6 curves within 1 %."""
    est = []
    for s in range(6):
        c = synthetic_curve(model, E, NU, tip, K, 15e-9, adhesion_force_N=fa, n_points=256,
                            noise_N=75e-12, baseline_offset_N=1e-9, baseline_slope_N_per_m=0.02,
                            rng=np.random.default_rng(100 + s))
        est.append(fit_curve(c, model, tip=tip, poisson_ratio=NU, segment=seg).youngs_modulus_Pa)
    est = np.array(est) / E - 1
    assert abs(est.mean()) < 0.01
    assert np.all(np.abs(est) < 0.03)


def test_tilted_baseline_is_removed():
    c = synthetic_curve("hertz", E, NU, PARA, K, 15e-9, n_points=300,
                        baseline_offset_N=2e-9, baseline_slope_N_per_m=0.05)
    tilt = fit_curve(c, "hertz", tip=PARA, poisson_ratio=NU, baseline="tilt")
    off = fit_curve(c, "hertz", tip=PARA, poisson_ratio=NU, baseline="offset")
    assert tilt.youngs_modulus_Pa == pytest.approx(E, rel=1e-6)
    assert tilt.baseline_slope_N_per_m == pytest.approx(0.05, rel=1e-6)
    assert abs(off.youngs_modulus_Pa / E - 1) > 1e-3  # an uncorrected tilt biases E


def test_matches_independent_scipy_fit():
    """The batched Levenberg–Marquardt lands on scipy's least-squares optimum (noisy DMT)."""
    from scipy.optimize import least_squares

    c = synthetic_curve("dmt", E, NU, PARA, K, 15e-9, adhesion_force_N=3e-9, n_points=256,
                        noise_N=0.15e-9, rng=np.random.default_rng(7))
    r = fit_curve(c, "dmt", tip=PARA, poisson_ratio=NU)
    x, f = r.tip_m[r.window_mask], r.force_N[r.window_mask]

    def resid(th):  # GPa, nN, nm
        d = np.clip(x - th[2] * 1e-9, 0, None)
        return (4 / 3 * th[0] * 1e9 * math.sqrt(8e-9) * d**1.5 - th[1] * 1e-9 - f) * 1e9

    for start in ([1.5, 3.0, 0.1], [1.7, 2.0, -0.3]):
        sol = least_squares(resid, start, method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15)
        assert r.reduced_modulus_Pa == pytest.approx(sol.x[0] * 1e9, rel=1e-7)
        assert r.adhesion_force_N == pytest.approx(sol.x[1] * 1e-9, rel=1e-7)


def test_window_rules_and_reporting():
    c = synthetic_curve("dmt", E, NU, PARA, K, 15e-9, adhesion_force_N=3e-9, n_points=256)
    band = fit_curve(c, "dmt", tip=PARA, poisson_ratio=NU, window=WindowSpec.force(0.3, 0.9))
    assert band.youngs_modulus_Pa == pytest.approx(E, rel=1e-6)
    w = band.window
    assert "30–90 %" in w.rule
    span = band.max_force_N + band.pulloff_force_N
    assert w.force_min_N >= -band.pulloff_force_N + 0.3 * span - 1e-15
    assert w.force_max_N <= -band.pulloff_force_N + 0.9 * span + 1e-15
    assert w.n_points == int(band.window_mask.sum()) and w.stop_index > w.start_index
    depth = fit_curve(c, "dmt", tip=PARA, poisson_ratio=NU, window=WindowSpec.depth(0.2e-9, 2e-9),
                      adhesion="measured")
    assert depth.youngs_modulus_Pa == pytest.approx(E, rel=0.02)
    d = band.as_dict()
    assert d["window"]["rule"] == w.rule and d["modulus_GPa"] == pytest.approx(1.41, rel=1e-6)


def test_validity_warnings_for_adhesive_soft_contact():
    c = synthetic_curve("dmt", E, NU, PARA, K, 15e-9, adhesion_force_N=3e-9, n_points=256)
    r = fit_curve(c, "dmt", tip=PARA, poisson_ratio=NU)
    assert r.tabor_parameter > 0.1 and not r.valid
    assert any("Tabor" in w for w in r.warnings)
    assert r.adhesion_ratio == pytest.approx(3e-9 / 15e-9, rel=1e-3)
    h = fit_curve(c, "hertz", tip=PARA, poisson_ratio=NU, segment="approach")
    assert any("Hertz is outside" in w for w in h.warnings)
    stiff = synthetic_curve("dmt", 150e9, 0.25, PARA, K, 15e-9, adhesion_force_N=0.05e-9)
    s = fit_curve(stiff, "dmt", tip=PARA, poisson_ratio=0.25)
    assert s.tabor_parameter < 0.1 and not any("Tabor" in w for w in s.warnings)


def test_errors():
    c = synthetic_curve("hertz", E, NU, PARA, K, 15e-9, n_points=64)
    with pytest.raises(InputError):
        fit_curve(c, "dmt", tip=TipGeometry("cone", half_angle_deg=20), poisson_ratio=NU)
    with pytest.raises(InputError):
        fit_curve(c, "maugis", tip=PARA, poisson_ratio=NU)
    with pytest.raises(FitError):
        fit_curve(c, "hertz", tip=PARA, poisson_ratio=NU, window=WindowSpec.depth(50e-9, 60e-9))
    flat = ForceCurve(np.linspace(0, 1e-8, 50), np.zeros(50), K)
    with pytest.raises(FitError):
        fit_curve(flat, "hertz", tip=PARA, poisson_ratio=NU, segment="approach")
    with pytest.raises(InputError):
        WindowSpec.force(0.9, 0.3)


def test_batched_fitter_rows_are_independent():
    """Rows of one batch give the same answers as fitted alone."""
    rng = np.random.default_rng(3)
    x = np.tile(np.linspace(-5e-9, 5e-9, 200), (3, 1))
    cps = np.array([-1e-9, 0.0, 1.5e-9])
    cs = np.array([1e5, 2e5, 3e5])
    f = cs[:, None] * np.clip(x - cps[:, None], 0, None) ** 1.5 + rng.normal(0, 1e-12, x.shape)
    mask = np.ones_like(x, dtype=bool)
    both = fit_power_law_batch(x, f, mask, 1.5, contact_init_m=np.zeros(3),
                               contact_span_m=np.full(3, 3e-9))
    for i in range(3):
        one = fit_power_law_batch(x[i:i + 1], f[i:i + 1], mask[i:i + 1], 1.5,
                                  contact_init_m=np.zeros(1), contact_span_m=np.full(1, 3e-9))
        assert one.prefactor[0] == pytest.approx(both.prefactor[i], rel=1e-9)
        assert both.prefactor[i] == pytest.approx(cs[i], rel=1e-3)
