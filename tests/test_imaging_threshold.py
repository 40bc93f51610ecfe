"""Thresholds on constructed histograms with hand-computed answers."""

from __future__ import annotations

import numpy as np
import pytest

from sselab.errors import InputError
from sselab.imaging.threshold import compute_threshold, histogram256, ij_isodata_level, otsu_level


def _h(**bins: int) -> np.ndarray:
    h = np.zeros(256, int)
    for k, v in bins.items():
        h[int(k[1:])] = v
    return h


def test_two_spikes():
    h = _h(b50=100, b200=100)
    # IJ_IsoData: means 50 and 200 → t = 125 at every step; stops at g = 125
    assert ij_isodata_level(h) == 125
    # Otsu: every level 50…199 separates the spikes equally; the first maximum is 50
    assert otsu_level(h) == 50


def test_isodata_hand_computed_four_bins():
    # bins 10 (30), 20 (10), 100 (20), 110 (40): once g ≥ 20, m_lo = 12.5, m_hi = 106.67,
    # t = 59.58 → the moving index stops at 59, level = round(59.58) = 60
    h = _h(b10=30, b20=10, b100=20, b110=40)
    assert ij_isodata_level(h) == 60
    assert otsu_level(h) == 20


def test_isodata_ignores_first_and_last_bin():
    h = _h(b0=100000, b100=10, b200=10, b255=5000)
    assert ij_isodata_level(h) == 150


def test_isodata_mode_clipping_variant():
    # mode 1000 at bin 50 > 2 × 100 → clipped to 150: t = (54 + 200)/2 = 127 instead of 125.45
    h = _h(b50=1000, b60=100, b200=100)
    assert ij_isodata_level(h) == 125
    assert ij_isodata_level(h, clip_mode=True) == 127


def test_degenerate_histograms():
    assert ij_isodata_level(_h(b100=50)) == 128  # one grey level: ImageJ returns the middle
    assert otsu_level(_h(b100=50)) == 100
    with pytest.raises(InputError):
        otsu_level(np.zeros(256))
    with pytest.raises(InputError):
        ij_isodata_level(np.array([1, -1, 3]))


def test_otsu_matches_scikit_image_on_random_images():
    skf = pytest.importorskip("skimage.filters")
    rng = np.random.default_rng(4)
    for _ in range(5):
        img = np.concatenate([rng.normal(rng.uniform(40, 90), 12, 3000),
                              rng.normal(rng.uniform(140, 200), 15, 9000)])
        img = np.clip(np.round(img), 0, 255).astype(np.uint8).reshape(60, 200)
        t = compute_threshold(img, "otsu")
        # skimage: foreground = image > t; sselab: lower class = bin ≤ level → same split
        assert t.level == int(skf.threshold_otsu(img))


def test_sixteen_bit_binning_and_manual():
    img = np.zeros((20, 20), np.uint16)
    img[:10] = 1000
    img[10:] = 50000
    hist = histogram256(img)
    assert not hist.eight_bit and hist.counts.sum() == 400
    assert hist.counts[0] == 200 and hist.counts[255] == 200
    t = compute_threshold(img, "manual", manual_value=20000)
    assert t.lower_mask(img).sum() == 200
    with pytest.raises(InputError, match="manual"):
        compute_threshold(img, "manual")
    with pytest.raises(InputError, match="unknown threshold"):
        compute_threshold(img, "triangle")
    assert compute_threshold(img, "default").method == "isodata"
