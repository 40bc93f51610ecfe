"""Post-processing: detached interface length, reaction forces, peak values."""

from __future__ import annotations

import numpy as np


def detached_fraction(x_m: np.ndarray, phi: np.ndarray, threshold: float = 0.95) -> float:
    """Fraction of a line (nodes at ``x_m``, sorted) where φ > ``threshold``.

    φ is linear between nodes; the part of each segment above the threshold is
    counted exactly.  Returns length(φ > threshold) / total length.
    """
    x = np.asarray(x_m, float)
    f = np.asarray(phi, float) - threshold
    if x.size < 2:
        return 0.0
    a, b = f[:-1], f[1:]
    dx = np.diff(x)
    both = (a > 0) & (b > 0)
    frac = np.where(both, 1.0, 0.0)
    cross = (a > 0) != (b > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        part = np.where(a > 0, a / (a - b), b / (b - a))
    frac = np.where(cross, part, frac)
    return float(np.sum(frac * dx) / (x[-1] - x[0]))


def peak(values: np.ndarray, loads: np.ndarray) -> tuple[float, float]:
    """(maximum value, load at the maximum)."""
    i = int(np.argmax(values))
    return float(values[i]), float(loads[i])
