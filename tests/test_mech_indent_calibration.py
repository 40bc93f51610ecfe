"""Frame-compliance and area-function calibration on synthetic fused silica."""

from __future__ import annotations

import numpy as np
import pytest

from sselab.errors import InputError
from sselab.mechanics.indentation.analysis import analyse_indent
from sselab.mechanics.indentation.area_function import AreaFunction
from sselab.mechanics.indentation.calibration import (
    calibrate,
    calibrate_from_results,
    fused_silica,
)
from sselab.mechanics.indentation.oliver_pharr import OliverPharrOptions
from sselab.mechanics.indentation.synthetic import SyntheticIndentSpec, synthesize_curve

TRUE_AREA = AreaFunction((24.5, 800.0, 5000.0))
TRUE_CF = 2e-7  # m/N = 0.2 nm/mN
DEPTHS_NM = np.array([60, 100, 200, 400, 800, 1500])


def _fused_silica_unloads(noise=0.0, seed=0):
    e, nu = fused_silica()
    assert (e, nu) == (72e9, 0.17)
    rng = np.random.default_rng(seed)
    unloads = []
    for k, pm in enumerate(np.geomspace(0.5e-3, 500e-3, 10)):
        spec = SyntheticIndentSpec(hardness_Pa=9.0e9, modulus_Pa=e, poisson_ratio=nu,
                                   max_load_N=pm, m=1.35, area=TRUE_AREA,
                                   frame_compliance_m_per_N=TRUE_CF,
                                   cycle_fractions=(0.5, 1.0), depth_noise_m=noise * 1e-9,
                                   markers=k % 2 == 0)
        r = analyse_indent(synthesize_curve(spec, rng), OliverPharrOptions(frame_compliance_m_per_N=0.0))
        unloads += list(r.unloads)
    return unloads


def test_noise_free_recovery_within_one_percent():
    cal = calibrate_from_results(_fused_silica_unloads())
    assert cal.n_unloads == 20
    assert cal.frame_compliance_m_per_N == pytest.approx(TRUE_CF, rel=0.01)
    for got, want in zip(cal.area.coefficients_nm, TRUE_AREA.coefficients_nm, strict=True):
        assert got == pytest.approx(want, rel=0.01)
    h = DEPTHS_NM * 1e-9
    assert np.allclose(cal.area.area_m2(h), TRUE_AREA.area_m2(h), rtol=0.01)
    assert cal.rms_rel < 1e-3


def test_with_depth_noise_area_and_compliance_within_one_percent():
    cal = calibrate_from_results(_fused_silica_unloads(noise=0.05, seed=4))
    assert cal.frame_compliance_m_per_N == pytest.approx(TRUE_CF, rel=0.01)
    h = DEPTHS_NM * 1e-9
    assert np.allclose(cal.area.area_m2(h), TRUE_AREA.area_m2(h), rtol=0.01)


def test_fixed_c0():
    cal = calibrate_from_results(_fused_silica_unloads(), fixed_c0=24.5)
    assert cal.area.coefficients_nm[0] == 24.5
    assert cal.frame_compliance_m_per_N == pytest.approx(TRUE_CF, rel=0.01)


def test_calibrated_tip_then_gives_the_reference_modulus():
    unloads = _fused_silica_unloads()
    cal = calibrate_from_results(unloads)
    spec = SyntheticIndentSpec(hardness_Pa=9.0e9, modulus_Pa=72e9, poisson_ratio=0.17,
                               max_load_N=30e-3, area=TRUE_AREA, frame_compliance_m_per_N=TRUE_CF)
    r = analyse_indent(synthesize_curve(spec), OliverPharrOptions(
        area=cal.area, frame_compliance_m_per_N=cal.frame_compliance_m_per_N))
    assert r.unloads[0].modulus_Pa == pytest.approx(72e9, rel=0.005)


def test_input_validation():
    with pytest.raises(InputError):
        calibrate(np.ones(3), np.ones(2), np.ones(3))
    with pytest.raises(InputError):
        calibrate(np.ones(3), np.ones(3), -np.ones(3))
    with pytest.raises(InputError, match="too few"):
        calibrate(np.ones(3), np.ones(3), np.ones(3), n_terms=3)
    with pytest.raises(InputError):
        calibrate_from_results([])
