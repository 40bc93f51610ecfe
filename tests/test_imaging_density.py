"""Relative density on constructed micrographs: known pore fractions, databar, regions."""

from __future__ import annotations

import numpy as np
import pytest

from sselab.errors import InputError
from sselab.imaging.density import detect_databar, relative_density
from sselab.imaging.overlay import pore_overlay, to_display
from sselab.imaging.synthetic import synthetic_micrograph


def test_exact_two_level_image():
    img = np.full((100, 120), 200, np.uint8)
    img[:10, :12] = 30  # 1 % pores
    r = relative_density(img, databar=0, grid=(1, 1))
    assert r.overall_density_percent == pytest.approx(99.0)
    assert r.threshold_value == pytest.approx((30 + 200) / 2, abs=1)


@pytest.mark.parametrize("fraction,seed", [(0.0387, 1), (0.10, 2), (0.01, 3)])
def test_synthetic_micrograph_recovered_within_half_a_point(fraction, seed):
    s = synthetic_micrograph(pore_fraction=fraction, rng=np.random.default_rng(seed))
    assert abs(s.pore_fraction - fraction) < 0.003
    for method in ("isodata", "otsu"):
        r = relative_density(s.image, method=method)
        assert r.crop.databar_rows == s.databar_rows and r.crop.databar_detected
        assert abs(r.overall_density_percent - s.relative_density_percent) < 0.5
        # regions differ by a pixel row/column when the size is not a multiple of the grid
        assert r.mean_density_percent == pytest.approx(r.overall_density_percent, abs=0.05)
        assert r.n_regions == 36 and np.isfinite(r.sd_density_percent)


def test_databar_detection():
    s = synthetic_micrograph(shape=(200, 300), databar_rows=25, rng=np.random.default_rng(0))
    assert detect_databar(s.image) == 25
    assert detect_databar(s.image[:200]) == 0


def test_region_scope_flags_pore_free_regions():
    s = synthetic_micrograph(pore_fraction=0.01, rng=np.random.default_rng(5))
    r = relative_density(s.image, scope="region")
    assert any(g.flagged for g in r.regions)
    assert any("threshold far from the global" in w for w in r.warnings)


def test_bright_pores_margins_and_manual():
    s = synthetic_micrograph(rng=np.random.default_rng(7))
    inv = (255 - s.image[: -s.databar_rows]).astype(np.uint8)
    r = relative_density(inv, databar=0, dark_pores=False)
    assert abs(r.overall_density_percent - s.relative_density_percent) < 0.5
    m = relative_density(s.image, method="manual", threshold_value=108, margins=(4, 4, 4, 4))
    assert m.cropped.shape == (448 - 8, 448 - 8)
    with pytest.raises(InputError):
        relative_density(s.image, grid=(0, 3))
    with pytest.raises(InputError, match="cropping"):
        relative_density(s.image, margins=(300, 300, 0, 0))
    with pytest.raises(InputError, match="scope"):
        relative_density(s.image, scope="local")
    w = relative_density(s.image, grid=(2, 2))
    assert any("at least 30" in x for x in w.warnings)


def test_overlay_marks_pores_red():
    img = np.full((20, 20), 100, np.uint8)
    mask = np.zeros((20, 20), bool)
    mask[5, 5] = True
    rgb = pore_overlay(img, mask, alpha=1.0, grid=(2, 2))
    assert rgb.shape == (20, 20, 3) and tuple(rgb[5, 5]) == (255, 0, 0)
    assert tuple(rgb[0, 0]) == (100, 100, 100) and tuple(rgb[10, 3]) == (255, 215, 0)
    assert to_display(np.array([[0, 1000], [2000, 4000]], np.uint16)).max() == 255
    with pytest.raises(InputError):
        pore_overlay(img, mask[:5])
