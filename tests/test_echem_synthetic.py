"""Synthetic generators and the embedded example files (reproducible, labelled synthetic)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sselab.echem.synthetic import LsvModel, lsv_sweep
from sselab.errors import InputError
from sselab.io.echem.examples import LSV_FILES, SYMMETRIC_FILE, example_bytes
from sselab.parameters import data_bytes


def test_embedded_examples_regenerate_byte_for_byte():
    fresh = example_bytes()
    assert set(fresh) == {*LSV_FILES.values(), SYMMETRIC_FILE}
    for name, data in fresh.items():
        assert data_bytes(f"echem/{name}") == data, name


def test_embedded_examples_say_they_are_synthetic():
    for name in (*LSV_FILES.values(), SYMMETRIC_FILE):
        head = data_bytes(f"echem/{name}")[:3000].decode("latin-1")
        assert "SYNTHETIC" in head


def test_lsv_generator_is_seeded_and_exact_without_noise():
    m = LsvModel(onset_V=4.19, start_V=2.5, end_V=5.0)
    a = lsv_sweep(m, np.random.default_rng(5))
    b = lsv_sweep(m, np.random.default_rng(5))
    assert np.array_equal(a.current_A, b.current_A)
    s = lsv_sweep(m)
    assert s.potential_V.size == 2501 and s.potential_V[0] == 2.5 and s.potential_V[-1] == 5.0
    assert s.time_s[-1] == pytest.approx(2.0 + 2.5 / 1e-4)
    # far beyond the onset the faradaic current is k (E − E_on)
    j = m.faradaic_A_per_m2(np.array([5.0]))[0]
    assert j == pytest.approx(m.limiting_slope_A_per_m2_per_V * (5.0 - 4.19), rel=1e-9)


def test_threshold_closed_form_is_where_the_faradaic_current_equals_it():
    for m in (LsvModel(onset_V=4.19, start_V=2.5, end_V=5.0),
              LsvModel(onset_V=1.62, start_V=2.5, end_V=0.5)):
        e = m.threshold_onset_V(0.01)
        assert abs(m.faradaic_A_per_m2(np.array([e]))[0]) == pytest.approx(0.01, rel=1e-12)


@pytest.mark.parametrize("kw", [dict(onset_V=6.0), dict(end_V=2.5), dict(foot_width_V=0.0),
                                dict(noise_A_per_m2=-1.0)])
def test_lsv_model_validation(kw):
    base = dict(onset_V=4.19, start_V=2.5, end_V=5.0)
    base.update(kw)
    with pytest.raises(InputError):
        LsvModel(**base)


def test_area_default_is_10_mm_mold():
    assert LsvModel(onset_V=4.0, start_V=2.5, end_V=5.0).area_m2 == pytest.approx(
        math.pi * 0.005 ** 2)
