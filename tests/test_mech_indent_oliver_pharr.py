"""Oliver–Pharr formulas and single-unload analysis, including the refusals."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sselab.errors import InputError
from sselab.mechanics.indentation.area_function import AreaFunction
from sselab.mechanics.indentation.oliver_pharr import (
    Indenter,
    OliverPharrOptions,
    analyse_unload,
    contact_depth_m,
    diamond,
    epsilon_for,
    properties_from_stiffness,
    reduced_from_sample_Pa,
    reduced_modulus_Pa,
    sample_modulus_Pa,
)


def test_packaged_constants():
    d = diamond()
    assert d.modulus_Pa == 1141e9 and d.poisson_ratio == 0.07
    assert epsilon_for("berkovich") == 0.75
    assert epsilon_for("cone") == 0.72
    assert epsilon_for("flat punch") == 1.0
    with pytest.raises(InputError):
        epsilon_for("sphere")


def test_closed_forms():
    assert contact_depth_m(1000e-9, 10e-3, 1e5, 0.75) == pytest.approx(925e-9)
    # E_r = sqrt(pi) S / (2 beta sqrt(A)); A = 1 um², S = 1e5 N/m → 88.62 GPa
    assert reduced_modulus_Pa(1e5, 1e-12) == pytest.approx(math.sqrt(math.pi) / 2 * 1e11)
    assert reduced_modulus_Pa(1e5, 1e-12, beta=1.034) == pytest.approx(
        reduced_modulus_Pa(1e5, 1e-12) / 1.034)


@pytest.mark.parametrize("E,nu", [(72e9, 0.17), (1.41e9, 0.3), (210e9, 0.3), (500e9, 0.2)])
def test_sample_modulus_round_trip(E, nu):
    ind = diamond()
    er = reduced_from_sample_Pa(E, nu, ind)
    assert sample_modulus_Pa(er, nu, ind) == pytest.approx(E, rel=1e-12)


def test_fused_silica_reduced_modulus_textbook():
    # E = 72 GPa, nu = 0.17 against diamond: E_r = 69.6 GPa (Oliver & Pharr 1992)
    er = reduced_from_sample_Pa(72e9, 0.17, diamond())
    assert er / 1e9 == pytest.approx(69.6, abs=0.05)


def test_reduced_modulus_above_indenter_gives_no_number():
    assert math.isnan(sample_modulus_Pa(2000e9, 0.3, diamond()))
    opts = OliverPharrOptions()
    r = properties_from_stiffness(indent="x", unload=1, max_depth_m=100e-9, max_load_N=1e-3,
                                  stiffness_N_per_m=5e7, options=opts, poisson_ratio=0.3)
    assert not r.ok and "indenter" in r.reason and math.isnan(r.modulus_Pa)


def _unload(m=1.4, E=72e9, H=9e9, nu=0.17, P=50e-3, eps=0.75, area=None):
    area = area or AreaFunction((24.5,))
    er = reduced_from_sample_Pa(E, nu, diamond())
    a = P / H
    hc = area.contact_depth_m(a)
    s = 2 * er * math.sqrt(a) / math.sqrt(math.pi)
    hmax = hc + eps * P / s
    hf = hmax - m * P / s
    pp = np.linspace(P, 0.1 * P, 300)
    hh = hf + (pp / P) ** (1 / m) * (hmax - hf)
    return hh, pp


@pytest.mark.parametrize("eps", [0.72, 0.75, 1.0])
def test_analyse_unload_inverts_the_forward_model(eps):
    h, p = _unload(eps=eps)
    r = analyse_unload(h, p, options=OliverPharrOptions(epsilon=eps), poisson_ratio=0.17)
    assert r.ok, r.reason
    assert r.modulus_Pa == pytest.approx(72e9, rel=1e-6)
    assert r.hardness_Pa == pytest.approx(9e9, rel=1e-6)
    assert r.m == pytest.approx(1.4, rel=1e-6)


def test_polynomial_area_function_is_used():
    area = AreaFunction((24.5, 500.0, 3000.0))
    h, p = _unload(area=area)
    good = analyse_unload(h, p, options=OliverPharrOptions(area=area), poisson_ratio=0.17)
    ideal = analyse_unload(h, p, options=OliverPharrOptions(), poisson_ratio=0.17)
    assert good.hardness_Pa == pytest.approx(9e9, rel=1e-6)
    assert ideal.hardness_Pa > 1.05 * 9e9  # ideal tip underestimates the area


def test_no_unloading_segment_is_flagged():
    r = analyse_unload(np.array([1e-7]), np.array([1e-3]), options=OliverPharrOptions(),
                       poisson_ratio=0.3, indent="t", unload=2)
    assert not r.ok and r.reason == "no unloading segment"
    assert r.indent == "t" and r.unload == 2 and math.isnan(r.hardness_Pa)


def test_negative_stiffness_is_flagged():
    h, p = _unload()
    r = analyse_unload(h, p[::-1].copy(), options=OliverPharrOptions(), poisson_ratio=0.17)
    assert not r.ok and "fit failed" in r.reason
    r2 = properties_from_stiffness(indent="x", unload=1, max_depth_m=1e-6, max_load_N=1e-3,
                                   stiffness_N_per_m=-10.0, options=OliverPharrOptions(),
                                   poisson_ratio=0.3)
    assert not r2.ok and "stiffness is not positive" in r2.reason


def test_exponent_outside_range_is_flagged():
    h, p = _unload(m=3.5)
    r = analyse_unload(h, p, options=OliverPharrOptions(), poisson_ratio=0.17)
    assert not r.ok and "m = 3.5 outside 1–2.5" in r.reason
    assert math.isnan(r.modulus_Pa) and math.isnan(r.hardness_Pa)
    wide = analyse_unload(h, p, options=OliverPharrOptions(m_range=(1, 4)), poisson_ratio=0.17)
    assert wide.ok and wide.modulus_Pa == pytest.approx(72e9, rel=1e-6)


def test_non_positive_contact_depth_is_flagged():
    r = properties_from_stiffness(indent="x", unload=1, max_depth_m=50e-9, max_load_N=10e-3,
                                  stiffness_N_per_m=1e5, options=OliverPharrOptions(),
                                  poisson_ratio=0.3)
    assert not r.ok and "contact depth" in r.reason and math.isnan(r.contact_depth_m)


def test_zero_load_is_flagged():
    r = properties_from_stiffness(indent="x", unload=1, max_depth_m=50e-9, max_load_N=0.0,
                                  stiffness_N_per_m=1e5, options=OliverPharrOptions(),
                                  poisson_ratio=0.3)
    assert not r.ok and "maximum load" in r.reason


@pytest.mark.parametrize("kwargs", [dict(poisson_ratio=0.6), dict(epsilon=0.0), dict(beta=3.0),
                                    dict(window=(0.9, 0.2)), dict(frame_compliance_m_per_N=-1.0),
                                    dict(drift="maybe"), dict(surface="guess")])
def test_options_are_validated(kwargs):
    with pytest.raises(InputError):
        OliverPharrOptions(**kwargs)


def test_custom_indenter():
    sapphire = Indenter(400e9, 0.23, "sapphire")
    er = reduced_from_sample_Pa(72e9, 0.17, sapphire)
    assert sample_modulus_Pa(er, 0.17, sapphire) == pytest.approx(72e9)
