"""Synthetic forward model ↔ Oliver–Pharr pipeline, drift, surface and segment detection."""

from __future__ import annotations

import numpy as np
import pytest

from sselab.errors import InputError
from sselab.mechanics.indentation.analysis import analyse_indent
from sselab.mechanics.indentation.area_function import AreaFunction
from sselab.mechanics.indentation.csm import analyse_csm
from sselab.mechanics.indentation.drift import estimate_drift, find_drift_hold
from sselab.mechanics.indentation.oliver_pharr import OliverPharrOptions
from sselab.mechanics.indentation.segments import find_unloads, fit_surface, noise_sigma
from sselab.mechanics.indentation.synthetic import (
    SyntheticIndentSpec,
    synthesize_curve,
    true_unloads,
)

TARGET = dict(hardness_Pa=0.22e9, modulus_Pa=1.41e9, poisson_ratio=0.3, max_load_N=2e-3)


def _check(r, H=0.22e9, E=1.41e9, rel=1e-6):
    assert all(u.ok for u in r.unloads), [u.reason for u in r.unloads]
    for u in r.unloads:
        assert u.hardness_Pa == pytest.approx(H, rel=rel)
        assert u.modulus_Pa == pytest.approx(E, rel=rel)


@pytest.mark.parametrize("markers", [True, False])
@pytest.mark.parametrize("m", [1.3, 1.5])
def test_noise_free_inversion_is_exact(markers, m):
    c = synthesize_curve(SyntheticIndentSpec(**TARGET, m=m, markers=markers))
    _check(analyse_indent(c))


def test_multi_unload_gives_one_result_per_unload():
    spec = SyntheticIndentSpec(**TARGET, cycle_fractions=(0.125, 0.25, 0.5, 1.0), markers=False)
    r = analyse_indent(synthesize_curve(spec))
    assert [u.unload for u in r.unloads] == [1, 2, 3, 4]
    _check(r)
    truth = true_unloads(spec)
    for u, t in zip(r.unloads, truth, strict=True):
        assert u.stiffness_N_per_m == pytest.approx(t.stiffness_N_per_m, rel=1e-6)
        assert u.contact_depth_m == pytest.approx(t.contact_depth_m, rel=1e-6)


@pytest.mark.parametrize("eps,beta", [(0.72, 1.0), (1.0, 1.0), (0.75, 1.034)])
def test_geometry_factors(eps, beta):
    spec = SyntheticIndentSpec(**TARGET, epsilon=eps, beta=beta)
    _check(analyse_indent(synthesize_curve(spec), OliverPharrOptions(epsilon=eps, beta=beta)))


def test_polynomial_tip_and_frame_compliance():
    area = AreaFunction((24.5, 2000.0, 20000.0))
    spec = SyntheticIndentSpec(**TARGET, area=area, frame_compliance_m_per_N=5e-6)
    c = synthesize_curve(spec)
    assert not c.frame_corrected
    _check(analyse_indent(c, OliverPharrOptions(area=area, frame_compliance_m_per_N=5e-6)))
    off = analyse_indent(c, OliverPharrOptions(area=area, frame_compliance_m_per_N=0.0))
    assert off.unloads[0].modulus_Pa < 0.99 * 1.41e9  # uncorrected frame makes E too low


def test_drift_is_measured_on_the_low_load_hold_and_corrected():
    spec = SyntheticIndentSpec(**TARGET, drift_rate_m_per_s=2e-9, markers=False)
    c = synthesize_curve(spec)
    r = analyse_indent(c)
    assert r.corrections.drift_rate_m_per_s == pytest.approx(2e-9, rel=1e-9)
    assert r.corrections.drift_source == "detected low-load hold"
    _check(r, rel=2e-3)  # drift is referenced to the 1 % P_max contact time
    raw = analyse_indent(c, OliverPharrOptions(drift="off"))
    assert abs(raw.unloads[0].modulus_Pa / 1.41e9 - 1) > 0.01


def test_vendor_drift_segment_is_preferred():
    c = synthesize_curve(SyntheticIndentSpec(**TARGET, drift_rate_m_per_s=-0.1e-9))
    hold = find_drift_hold(c.load_N, c.time_s, after=0, segments=c.segments)
    assert hold is not None and hold[2] == "vendor drift segment"
    est = estimate_drift(c.time_s, c.depth_m, hold[0], hold[1])
    assert est.rate_m_per_s == pytest.approx(-0.1e-9, rel=1e-9)


def test_no_hold_no_drift_correction():
    spec = SyntheticIndentSpec(**TARGET, drift_hold_fraction=0.0, drift_rate_m_per_s=0.1e-9,
                               markers=False)
    r = analyse_indent(synthesize_curve(spec))
    assert r.corrections.drift_source == "none" and r.corrections.drift_rate_m_per_s == 0.0


def test_surface_offset_found_by_loading_curve_extrapolation():
    spec = SyntheticIndentSpec(**TARGET, surface_offset_m=37e-9, approach_points=50, markers=False)
    c = synthesize_curve(spec)
    assert not c.surface_referenced
    r = analyse_indent(c)
    assert r.corrections.surface_offset_m == pytest.approx(37e-9, rel=1e-6)
    _check(r)
    off = fit_surface(c.depth_m, c.load_N, stop=int(np.argmax(c.load_N)) + 1)
    assert off == pytest.approx(37e-9, rel=1e-6)


def test_realistic_noise_within_one_percent():
    rng = np.random.default_rng(7)
    spec = SyntheticIndentSpec(**TARGET, m=1.35, depth_noise_m=0.5e-9, load_noise_N=0.5e-6,
                               drift_rate_m_per_s=0.05e-9, surface_offset_m=20e-9,
                               approach_points=40, markers=False, points_per_segment=300)
    r = analyse_indent(synthesize_curve(spec, rng))
    _check(r, rel=0.01)


def test_find_unloads_and_noise_sigma():
    rng = np.random.default_rng(1)
    spec = SyntheticIndentSpec(**TARGET, cycle_fractions=(0.5, 1.0), load_noise_N=1e-6,
                               markers=False)
    c = synthesize_curve(spec, rng)
    assert noise_sigma(c.load_N) == pytest.approx(1e-6, rel=0.2)
    ranges = find_unloads(c.load_N)
    assert len(ranges) == 2
    for (a, b), frac in zip(ranges, (0.5, 1.0), strict=True):
        assert c.load_N[a] == pytest.approx(frac * 2e-3, rel=5e-3)
        assert c.load_N[b - 1] < 0.15 * frac * 2e-3
    assert find_unloads(np.linspace(0, 1, 50)) == []  # loading only


def test_csm_stiffness_gives_exact_h_and_e():
    # harmonic stiffness along a Kick-law loading curve of a material with constant H and E
    from sselab.mechanics.indentation.oliver_pharr import diamond, reduced_from_sample_Pa

    area = AreaFunction((24.5,))
    er = reduced_from_sample_Pa(1.41e9, 0.3, diamond())
    p = np.linspace(1e-6, 2e-3, 400)
    a = p / 0.22e9
    hc = np.sqrt(a / 24.5e-18) * 1e-9
    s = 2 * er * np.sqrt(a) / np.sqrt(np.pi)
    h = hc + 0.75 * p / s
    r = analyse_csm(h, p, s, options=OliverPharrOptions(area=area), poisson_ratio=0.3,
                    depth_range_m=(200e-9, 600e-9))
    assert r.ok and r.n_points > 50
    assert r.hardness_Pa == pytest.approx(0.22e9, rel=1e-9)
    assert r.modulus_Pa == pytest.approx(1.41e9, rel=1e-9)
    none = analyse_csm(h, p, s, options=OliverPharrOptions(), poisson_ratio=0.3,
                       depth_range_m=(5e-6, 6e-6))
    assert not none.ok and "valid CSM points" in none.reason


def test_spec_validation():
    with pytest.raises(InputError):
        SyntheticIndentSpec(hardness_Pa=-1, modulus_Pa=1e9)
    with pytest.raises(InputError):
        SyntheticIndentSpec(hardness_Pa=1e9, modulus_Pa=1e9, cycle_fractions=(1.0, 0.5))


def test_curves_are_labelled_synthetic():
    c = synthesize_curve(SyntheticIndentSpec(**TARGET))
    assert c.meta["synthetic"] is True and c.source == "synthetic"
