"""XRD core: pattern type, peak shapes, baselines, peak finding (closed forms)."""

from __future__ import annotations

import numpy as np
import pytest

from sselab.errors import InputError
from sselab.xrd.background import (
    asymmetric_least_squares,
    iterative_polynomial,
    moving_average,
    noise_sigma,
    rolling_opening,
    snip,
)
from sselab.xrd.pattern import XRDPattern
from sselab.xrd.peaks import find_peaks
from sselab.xrd.profiles import (
    gaussian,
    lorentzian,
    pseudo_voigt,
    pseudo_voigt_height,
    pseudo_voigt_with_derivatives,
)

X = np.round(np.arange(10.0, 80.0 + 1e-9, 0.02), 6)


def test_pattern_axes_closed_form():
    p = XRDPattern(np.array([20.0, 30.0, 40.0]), np.array([1.0, 2.0, 3.0]), 1.5406)
    d = 1.5406 / (2 * np.sin(np.radians(15.0)))
    assert p.d_spacing_angstrom[1] == pytest.approx(d, rel=1e-12)
    assert p.q_per_angstrom[1] == pytest.approx(2 * np.pi / d, rel=1e-12)
    with pytest.raises(InputError, match="keeps 2 points"):
        p.crop(25, 45)
    assert XRDPattern(X, np.ones_like(X)).crop(20, 30).n_points == 501


@pytest.mark.parametrize("tt,y,msg", [
    ([1, 2], [1, 2], "at least 3"),
    ([1, 3, 2], [1, 1, 1], "strictly increasing"),
    ([1, 2, np.nan], [1, 1, 1], "finite"),
    ([1, 2, 3], [1, 1], "differ in length"),
    ([-1, 2, 3], [1, 1, 1], "(0, 180)"),
])
def test_pattern_rejects_bad_input(tt, y, msg):
    with pytest.raises(InputError, match=msg.replace("(", r"\(").replace(")", r"\)")):
        XRDPattern(np.array(tt, float), np.array(y, float))


def test_pattern_is_frozen_and_read_only():
    p = XRDPattern(X, np.ones_like(X))
    with pytest.raises(ValueError):
        p.intensity[0] = 5.0
    with pytest.raises(AttributeError):
        p.name = "x"  # type: ignore[misc]


def test_profile_areas_and_heights():
    x = np.linspace(-2000, 2000, 4_000_001)
    assert np.trapezoid(gaussian(x, 0.0, 0.5, 3.0), x) == pytest.approx(3.0, rel=1e-9)
    assert np.trapezoid(lorentzian(x, 0.0, 0.5, 3.0), x) == pytest.approx(3.0, rel=2e-4)
    for eta in (0.0, 0.3, 1.0):
        h = pseudo_voigt(np.array([1.0]), 1.0, 0.4, 2.0, eta)[0]
        assert h == pytest.approx(pseudo_voigt_height(0.4, 2.0, eta), rel=1e-12)
        # half maximum at ± FWHM/2 for both components
        assert pseudo_voigt(np.array([1.2]), 1.0, 0.4, 2.0, eta)[0] == pytest.approx(h / 2, rel=1e-9)


def test_pseudo_voigt_derivatives_match_finite_differences():
    x = np.linspace(28, 32, 401)
    args = np.array([30.1, 0.35, 7.0, 0.4])
    _, *ders = pseudo_voigt_with_derivatives(x, *args)
    for k, d in enumerate(ders):
        h = 1e-6 * max(1.0, abs(args[k]))
        up, dn = args.copy(), args.copy()
        up[k] += h
        dn[k] -= h
        fd = (pseudo_voigt(x, *up) - pseudo_voigt(x, *dn)) / (2 * h)
        assert np.allclose(d, fd, rtol=1e-5, atol=1e-8)


def test_snip_recovers_linear_background_under_narrow_peaks():
    base = 100 + 2.0 * (X - 10)
    y = base + gaussian(X, 30, 0.3, 50) + gaussian(X, 55, 0.4, 80)
    bg = snip(y, 50)
    assert np.max(np.abs(bg - base)) < 0.5


def test_rolling_opening_keeps_broad_halo_and_removes_peaks():
    halo = gaussian(X, 40, 10.0, 5000)
    y = halo + gaussian(X, 35, 0.3, 80)
    env = rolling_opening(y, 50)
    # sagitta of a Gaussian over ±1°: 4 ln2 (1/10)^2 ≈ 2.8 % of its height, plus averaging
    assert np.max(np.abs(env - halo)) < 0.05 * halo.max()
    i = np.argmin(np.abs(X - 35))
    assert abs(env[i] - halo[i]) < 0.05 * halo[i]  # the 250-count peak is gone


def test_modpoly_and_als_follow_a_quadratic_baseline():
    base = 200 - 3 * (X - 45) + 0.05 * (X - 45) ** 2
    y = base + gaussian(X, 30, 0.4, 60) + gaussian(X, 60, 0.5, 60)
    assert np.max(np.abs(iterative_polynomial(X, y, 2) - base)) < 2.0
    assert np.max(np.abs(asymmetric_least_squares(y, 1e7, 0.001) - base)) < 5.0
    with pytest.raises(InputError):
        asymmetric_least_squares(y, 1e6, 1.5)


def test_moving_average_and_noise_sigma():
    assert np.allclose(moving_average(np.arange(10.0), 3)[1:-1], np.arange(1.0, 9.0))
    rng = np.random.default_rng(3)
    assert noise_sigma(rng.normal(0, 2.0, 20000)) == pytest.approx(2.0, rel=0.05)


def test_find_peaks_position_width_area():
    x = np.arange(20, 40, 0.02)
    y = 50 + gaussian(x, 30.0123, 0.2, 100.0) + gaussian(x, 35.5, 0.3, 60.0)
    pk = find_peaks(x, y, baseline=np.full_like(x, 50.0))
    assert len(pk) == 2
    first = pk[0]
    assert first.position_deg == pytest.approx(30.0123, abs=2e-3)
    assert first.fwhm_deg == pytest.approx(0.2, abs=0.005)
    # Gaussian area between the 10 %-height points: erf(√(ln 10)) = 0.9683
    assert first.area == pytest.approx(100.0 * 0.9683, rel=0.01)
    assert first.d_spacing_angstrom == pytest.approx(1.5406 / (2 * np.sin(np.radians(15.00615))),
                                                     rel=1e-4)
    assert find_peaks(x, np.full_like(x, 3.0)) == []
