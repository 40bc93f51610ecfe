"""Force maps: vectorised DMT fitting equals single-curve fits; statistics; 128×128 timing."""

from __future__ import annotations

import time

import numpy as np
import pytest

from sselab.errors import InputError
from sselab.mechanics.afm import TipGeometry, fit_curve
from sselab.mechanics.afm.maps import ForceMap, fit_map, histogram, map_statistics
from sselab.mechanics.afm.synthetic import synthetic_dmt_map

E, NU, R, K = 1.41e9, 0.3, 8e-9, 40.0
TIP = TipGeometry("paraboloid", radius_m=R)


def _map(shape, seed=1, noise=0.15e-9, e=E, retract_only=True):
    rng = np.random.default_rng(seed)
    fa = rng.uniform(2e-9, 4e-9, shape)
    z, f, seg = synthetic_dmt_map(shape, e, NU, R, K, 15e-9, adhesion_force_N=fa, n_points=256,
                                  noise_N=noise, baseline_offset_N=rng.normal(0, 1e-9, shape),
                                  baseline_slope_N_per_m=rng.normal(0, 0.02, shape), rng=rng,
                                  retract_only=retract_only)
    return ForceMap(z, f, seg, K, pixel_size_m=50e-9), fa


def test_map_pixels_equal_single_curve_fits():
    fmap, _ = _map((8, 8), retract_only=False)
    mm = fit_map(fmap, "dmt", tip=TIP, poisson_ratio=NU)
    assert mm.converged.all()
    for i, j in [(0, 0), (3, 5), (7, 7)]:
        one = fit_curve(fmap.curve(i, j), "dmt", tip=TIP, poisson_ratio=NU)
        assert mm.youngs_modulus_Pa[i, j] == pytest.approx(one.youngs_modulus_Pa, rel=1e-9)
        assert mm.pulloff_force_N[i, j] == pytest.approx(one.pulloff_force_N, rel=1e-9)


def test_noise_free_map_recovers_modulus_and_adhesion():
    e = np.full((6, 7), E)
    e[:3] = 2 * E  # two phases
    fmap, fa = _map((6, 7), noise=0.0, e=e)
    mm = fit_map(fmap, "dmt", tip=TIP, poisson_ratio=NU)
    np.testing.assert_allclose(mm.youngs_modulus_Pa, e, rtol=1e-6)
    np.testing.assert_allclose(mm.adhesion_force_N, fa, rtol=1e-6)
    assert mm.as_dict()["n_fitted"] == 42
    assert (mm.tabor_parameter > 0.1).all() and not mm.within_validity.any()


def test_statistics_and_histogram():
    v = np.array([[1.0, 2.0, 3.0], [4.0, np.nan, 5.0]])
    st = map_statistics(v)
    assert (st.median, st.q1, st.q3, st.iqr) == (3.0, 2.0, 4.0, 2.0)
    assert st.n_valid == 5 and st.n_total == 6
    counts, edges = histogram(v, bins=4)
    assert counts.sum() == 5 and edges[0] == 1.0 and edges[-1] == 5.0
    counts, edges = histogram(v, bins=4, log=True)
    assert edges[1] / edges[0] == pytest.approx(edges[2] / edges[1])
    assert map_statistics(np.full(3, np.nan)).n_valid == 0


def test_map_validation():
    with pytest.raises(InputError):
        ForceMap(np.zeros(10), np.zeros((2, 10)), np.zeros(10), K)
    fmap, _ = _map((2, 2))
    with pytest.raises(InputError):
        fit_map(fmap, "dmt", tip=TIP, poisson_ratio=NU, segment="approach")
    with pytest.raises(InputError):
        fit_map(fmap, "jkr", tip=TIP, poisson_ratio=NU)


@pytest.mark.slow
def test_128x128_dmt_map_under_10_s_and_at_single_curve_modulus():
    """16 384 curves (256 points each) fitted with DMT in < 10 s; E as the single-curve fit."""
    fmap, _ = _map((128, 128), seed=5)
    t = time.perf_counter()
    mm = fit_map(fmap, "dmt", tip=TIP, poisson_ratio=NU)
    seconds = time.perf_counter() - t
    assert seconds < 10.0
    st = mm.modulus_statistics()
    assert st.n_valid == 128 * 128
    one = fit_curve(fmap.curve(64, 64), "dmt", tip=TIP, poisson_ratio=NU)
    assert mm.youngs_modulus_Pa[64, 64] == pytest.approx(one.youngs_modulus_Pa, rel=1e-9)
    assert st.median == pytest.approx(one.youngs_modulus_Pa, rel=0.005)
    assert st.median == pytest.approx(E, rel=0.005)
