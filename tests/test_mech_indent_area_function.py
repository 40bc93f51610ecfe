"""Tip area functions: ideal Berkovich, O–P polynomial, cone, inverse, parsing."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sselab.errors import InputError
from sselab.mechanics.indentation.area_function import (
    AreaFunction,
    cone,
    ideal_berkovich,
    parse_area_function,
)


def test_ideal_berkovich_is_24_5_hc_squared():
    a = ideal_berkovich()
    assert a.coefficients_nm == (24.5,)
    assert float(a.area_m2(1e-6)) == pytest.approx(24.5e-12)  # 1 µm → 24.5 µm²


def test_polynomial_series_exponents():
    a = AreaFunction((24.5, 100.0, 1000.0, 50.0))
    h = 400.0  # nm
    expected = 24.5 * h**2 + 100 * h + 1000 * h**0.5 + 50 * h**0.25
    assert float(a.area_nm2(h)) == pytest.approx(expected)
    assert float(a.area_m2(h * 1e-9)) == pytest.approx(expected * 1e-18)
    # derivative against a central difference
    d = (float(a.area_m2(400.001e-9)) - float(a.area_m2(399.999e-9))) / 0.002e-9
    assert float(a.slope_m(400e-9)) == pytest.approx(d, rel=1e-6)


@pytest.mark.parametrize("coeffs", [(24.5,), (24.5, 800.0, 5000.0), (27.3136, 152.699, -494.18)])
def test_inverse_round_trip(coeffs):
    a = AreaFunction(coeffs)
    for hc in (60e-9, 200e-9, 1.5e-6):
        assert a.contact_depth_m(float(a.area_m2(hc))) == pytest.approx(hc, rel=1e-9)


def test_cone_area():
    c = cone(70.3)  # equivalent cone of a Berkovich tip
    assert c.coefficients_nm[0] == pytest.approx(math.pi * math.tan(math.radians(70.3)) ** 2)
    assert c.coefficients_nm[0] == pytest.approx(24.5, rel=0.01)
    with pytest.raises(InputError):
        cone(95)


def test_non_positive_depth_gives_nan_and_invalid():
    a = ideal_berkovich()
    assert np.isnan(a.area_m2(-1e-9)) and np.isnan(a.area_m2(0.0))
    assert not a.is_valid_at(0.0) and not a.is_valid_at(float("nan"))


def test_negative_coefficients_invalid_at_small_depth():
    a = AreaFunction((24.5, 0.0, -5000.0))
    assert not a.is_valid_at(5e-9)   # area negative there
    assert a.is_valid_at(500e-9)


def test_parse():
    assert parse_area_function("ideal").coefficients_nm == (24.5,)
    assert parse_area_function("24.5, 100,1000").coefficients_nm == (24.5, 100.0, 1000.0)
    for bad in ("abc", "0,1", "-24.5", "nan"):
        with pytest.raises(InputError):
            parse_area_function(bad)
