"""An RGB picture of what was counted as pore: grey image with pores tinted, region grid drawn.

The grey image is scaled linearly from its minimum to maximum to 0…255 (8-bit
images are shown as they are); pore pixels are blended with ``color`` (red by
default, like ImageJ's threshold display); region borders are drawn in
``grid_color``.  Returns a (rows, cols, 3) uint8 array; writing it to PNG is
:func:`sselab.io.imaging.write_png`.
"""

from __future__ import annotations

import numpy as np

from sselab.errors import InputError


def to_display(data: np.ndarray) -> np.ndarray:
    """uint8 display copy of a grey image (8-bit unchanged, others min–max scaled)."""
    arr = np.asarray(data)
    if arr.dtype == np.uint8:
        return arr.copy()
    lo, hi = float(arr.min()), float(arr.max())
    if hi <= lo:
        return np.zeros(arr.shape, np.uint8)
    return np.round((arr.astype(float) - lo) * 255.0 / (hi - lo)).astype(np.uint8)


def pore_overlay(gray: np.ndarray, pore_mask: np.ndarray, *,
                 color: tuple[int, int, int] = (255, 0, 0), alpha: float = 0.65,
                 grid: tuple[int, int] | None = None,
                 grid_color: tuple[int, int, int] = (255, 215, 0)) -> np.ndarray:
    """RGB uint8 overlay of ``pore_mask`` on ``gray`` (same shape)."""
    g = to_display(gray)
    mask = np.asarray(pore_mask, bool)
    if g.shape != mask.shape:
        raise InputError(f"image {g.shape} and pore mask {mask.shape} differ in shape")
    if not 0 <= alpha <= 1:
        raise InputError("alpha must be between 0 and 1")
    rgb = np.repeat(g[:, :, None], 3, axis=2).astype(float)
    col = np.asarray(color, float)
    rgb[mask] = (1 - alpha) * rgb[mask] + alpha * col
    out = np.clip(np.round(rgb), 0, 255).astype(np.uint8)
    if grid:
        rows, cols = mask.shape
        for y in np.linspace(0, rows, grid[0] + 1).round().astype(int)[1:-1]:
            out[y, :, :] = grid_color
        for x in np.linspace(0, cols, grid[1] + 1).round().astype(int)[1:-1]:
            out[:, x, :] = grid_color
    return out
