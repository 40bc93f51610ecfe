"""AFM contact models: closed forms, JKR reduced curve, effective modulus, Tabor parameter."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sselab.errors import InputError
from sselab.mechanics.afm import models
from sselab.mechanics.afm.tip import TipGeometry, reduced_modulus, youngs_from_reduced
from sselab.mechanics.afm.validity import assess, default_limits, tabor_parameter


def test_hertz_paraboloid_closed_form():
    tip = TipGeometry("paraboloid", radius_m=8e-9)
    e_red = 1.55e9
    d = np.array([-1e-9, 0.0, 1e-9, 4e-9])
    f = models.hertz_force(d, e_red, tip)
    expected = 4 / 3 * e_red * math.sqrt(8e-9) * np.clip(d, 0, None) ** 1.5
    np.testing.assert_allclose(f, expected, rtol=1e-15, atol=0)
    assert f[0] == 0.0 and f[1] == 0.0


@pytest.mark.parametrize(("shape", "factor"), [("cone", 2 / math.pi), ("pyramid", 0.8887),
                                                ("pyramid4", 0.7453)])
def test_sharp_tips_closed_form(shape, factor):
    tip = TipGeometry(shape, half_angle_deg=20.0)
    pref, expo = models.power_law(tip)
    assert expo == 2.0
    assert pref == pytest.approx(factor * math.tan(math.radians(20.0)), rel=1e-12)


def test_dmt_is_hertz_minus_adhesion():
    tip = TipGeometry("paraboloid", radius_m=10e-9)
    d = np.linspace(0, 3e-9, 7)
    np.testing.assert_allclose(models.dmt_force(d, 2e9, 10e-9, 3e-9),
                               models.hertz_force(d, 2e9, tip) - 3e-9, rtol=1e-14, atol=1e-24)


def test_jkr_reduced_curve_landmarks():
    e_red, R, fc = 1.5e9, 8e-9, 3e-9
    _, d0 = models.jkr_scales(e_red, R, fc)
    # load-controlled pull-off: minimum −F_c at α = (1/2)^(2/3)
    a_c = 0.5 ** (2 / 3)
    dc = models.jkr_indentation(a_c, e_red, R, fc)
    assert models.jkr_force(dc, e_red, R, fc) == pytest.approx(-fc, rel=1e-12)
    # displacement-controlled jump-off: −5/9 F_c at α = 6^(−2/3), δ = −3·6^(−4/3) δ0
    d_min = -3 * 6 ** (-4 / 3) * d0
    assert models.jkr_force(d_min, e_red, R, fc) == pytest.approx(-5 / 9 * fc, rel=1e-9)
    # zero indentation: α = (2/3)^(2/3), F = −8/9 F_c
    assert models.jkr_force(0.0, e_red, R, fc) == pytest.approx(-8 / 9 * fc, rel=1e-12)


def test_jkr_inversion_exact_and_tends_to_hertz():
    e_red, R, fc = 1.5e9, 8e-9, 3e-9
    _, d0 = models.jkr_scales(e_red, R, fc)
    alpha = np.concatenate([models.JKR_ALPHA_MIN * (1 + np.geomspace(1e-4, 1e-2, 20)),
                            np.linspace(0.4, 30, 200)])
    back = models.jkr_alpha(models.jkr_indentation(alpha, e_red, R, fc) / d0)
    np.testing.assert_allclose(back, alpha, rtol=1e-9)
    # at the fold dδ/dα = 0, so α is determined only to √(round-off) of δ
    near = models.JKR_ALPHA_MIN * (1 + np.geomspace(1e-12, 1e-4, 20))
    back = models.jkr_alpha(models.jkr_indentation(near, e_red, R, fc) / d0)
    np.testing.assert_allclose(back, near, rtol=1e-7)
    # tiny adhesion → Hertz
    tip = TipGeometry("paraboloid", radius_m=R)
    dd = np.array([1e-9, 2e-9, 3e-9])
    np.testing.assert_allclose(models.jkr_force(dd, e_red, R, 1e-18), models.hertz_force(dd, e_red, tip),
                               rtol=1e-4)


def test_reduced_modulus_round_trip_and_tip_compliance():
    e = 1.41e9
    assert reduced_modulus(e, 0.3) == pytest.approx(e / 0.91, rel=1e-15)
    er = reduced_modulus(e, 0.3, tip_modulus_Pa=169e9, tip_poisson_ratio=0.27)
    assert er < e / 0.91
    assert youngs_from_reduced(er, 0.3, 169e9, 0.27) == pytest.approx(e, rel=1e-12)
    with pytest.raises(InputError):
        reduced_modulus(e, 0.7)


def test_tip_geometry_validation():
    with pytest.raises(InputError):
        TipGeometry("paraboloid")
    with pytest.raises(InputError):
        TipGeometry("cone", half_angle_deg=95)
    with pytest.raises(InputError):
        TipGeometry("sphere", radius_m=1e-9)


def test_work_of_adhesion_and_tabor():
    R = 8e-9
    assert models.work_of_adhesion("dmt", 2 * math.pi * R * 0.05, R) == pytest.approx(0.05)
    assert models.work_of_adhesion("jkr", 1.5 * math.pi * R * 0.05, R) == pytest.approx(0.05)
    # μ = (R w² / (E*² z0³))^(1/3): R = 8 nm, w = 0.05 J/m², E* = 1.55 GPa, z0 = 0.3 nm
    mu = tabor_parameter(R, 0.05, 1.55e9, 0.3e-9)
    assert mu == pytest.approx((8e-9 * 0.05**2 / (1.55e9**2 * 0.3e-9**3)) ** (1 / 3), rel=1e-12)
    arr = tabor_parameter(R, np.array([0.01, 0.05]), 1.55e9, 0.3e-9)
    assert arr.shape == (2,) and arr[1] == pytest.approx(mu)


def test_validity_flags():
    lim = default_limits()
    assert lim.z0_m == pytest.approx(0.3e-9) and lim.dmt_mu_max == 0.1 and lim.jkr_mu_min == 5.0
    ok, w = assess("hertz", adhesion_ratio=0.01, tabor=math.nan)
    assert ok and w == ()
    ok, w = assess("hertz", adhesion_ratio=0.2, tabor=math.nan)
    assert not ok and "Hertz" in w[0]
    assert not assess("dmt", adhesion_ratio=0.1, tabor=0.8)[0]
    assert assess("dmt", adhesion_ratio=0.1, tabor=0.05)[0]
    assert not assess("jkr", adhesion_ratio=1.0, tabor=0.8)[0]
    assert not assess("dmt", adhesion_ratio=0.1, tabor=0.05, depth_to_radius=0.5)[0]
