"""Synthetic two-phase SEM micrographs with a known pore fraction (labelled synthetic).

Dark pores (random discs, radii drawn uniformly in ``radius_range_px``) are
placed in a bright, slightly textured matrix until the *pore mask* reaches the
requested area fraction; the exact fraction of the mask is the construction
value.  The grey image is then blurred (Gaussian, ``blur_sigma_px``, the
probe/detector resolution) and Gaussian noise is added, and an instrument-style
databar (black strip with white text blocks and a scale bar) is appended at
the bottom.  Thresholding the blurred, noisy image recovers the mask fraction
to within the edge effects of the blur.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sselab.errors import InputError


@dataclass(frozen=True)
class SyntheticMicrograph:
    """Image (uint8, with databar), pore mask (image area only) and the construction values."""

    image: np.ndarray
    pore_mask: np.ndarray
    pore_fraction: float
    databar_rows: int
    parameters: dict = field(default_factory=dict)

    @property
    def relative_density_percent(self) -> float:
        """100 × (1 − pore fraction of the mask)."""
        return 100.0 * (1.0 - self.pore_fraction)


def _databar(width: int, rows: int, rng: np.random.Generator) -> np.ndarray:
    bar = np.zeros((rows, width), np.uint8)
    if rows >= 8:
        bar[2, :] = 255  # separator line
        y0, y1 = rows // 3, rows // 3 + max(2, rows // 6)
        bar[y0:y1, width // 20: width // 20 + width // 5] = 255  # scale bar
        x = width // 3
        while x < width - 12:  # "text": sparse small blocks
            w = int(rng.integers(3, 8))
            bar[rows // 2: rows // 2 + max(3, rows // 5), x: x + w] = 255
            x += w + int(rng.integers(3, 9))
    return bar


def synthetic_micrograph(shape: tuple[int, int] = (448, 448), pore_fraction: float = 0.0387, *,
                         radius_range_px: tuple[float, float] = (2.5, 9.0),
                         matrix_level: float = 168.0, pore_level: float = 48.0,
                         texture_sd: float = 6.0, noise_sd: float = 7.0,
                         blur_sigma_px: float = 1.0, databar_rows: int = 40,
                         rng: np.random.Generator | None = None) -> SyntheticMicrograph:
    """A two-phase micrograph whose pore mask covers ``pore_fraction`` of the image area.

    The default 3.87 % pore fraction corresponds to the paper's 96.13 % relative
    density (Supp. Fig. 10); the image is synthetic, not a reproduction of it.
    """
    from scipy.ndimage import gaussian_filter

    rows, cols = (int(v) for v in shape)
    if rows < 32 or cols < 32:
        raise InputError("synthetic micrograph must be at least 32×32 px")
    if not 0.0 <= pore_fraction < 0.6:
        raise InputError(f"pore fraction must be in [0, 0.6), got {pore_fraction}")
    r0, r1 = radius_range_px
    if not 0.5 <= r0 <= r1:
        raise InputError("radius range must satisfy 0.5 ≤ min ≤ max")
    rng = rng if rng is not None else np.random.default_rng(0)
    mask = np.zeros((rows, cols), bool)
    yy, xx = np.mgrid[0:rows, 0:cols]
    target = pore_fraction * rows * cols
    guard = 0
    while mask.sum() < target and guard < 100000:
        guard += 1
        r = rng.uniform(r0, r1)
        cy, cx = rng.uniform(0, rows), rng.uniform(0, cols)
        y0, y1 = max(0, int(cy - r - 1)), min(rows, int(cy + r + 2))
        x0, x1 = max(0, int(cx - r - 1)), min(cols, int(cx + r + 2))
        disc = (yy[y0:y1, x0:x1] - cy) ** 2 + (xx[y0:y1, x0:x1] - cx) ** 2 <= r * r
        trial = mask[y0:y1, x0:x1] | disc
        if mask.sum() - mask[y0:y1, x0:x1].sum() + trial.sum() > target * 1.002 + 1:
            continue  # would overshoot: try a smaller/other disc
        mask[y0:y1, x0:x1] = trial
        if target - mask.sum() < np.pi * r0 * r0 * 0.5:
            break
    texture = gaussian_filter(rng.normal(0.0, 1.0, (rows, cols)), 6.0)
    texture *= texture_sd / max(float(texture.std()), 1e-12)
    grey = np.where(mask, pore_level, matrix_level + texture)
    grey = gaussian_filter(grey, blur_sigma_px) if blur_sigma_px > 0 else grey
    grey = grey + rng.normal(0.0, noise_sd, grey.shape)
    img = np.clip(np.round(grey), 1, 254).astype(np.uint8)
    full = np.vstack([img, _databar(cols, databar_rows, rng)]) if databar_rows else img
    params = {"shape": [rows, cols], "requested_pore_fraction": pore_fraction,
              "radius_range_px": list(radius_range_px), "matrix_level": matrix_level,
              "pore_level": pore_level, "texture_sd": texture_sd, "noise_sd": noise_sd,
              "blur_sigma_px": blur_sigma_px, "databar_rows": databar_rows, "synthetic": True}
    return SyntheticMicrograph(full, mask, float(mask.mean()), int(databar_rows), params)
