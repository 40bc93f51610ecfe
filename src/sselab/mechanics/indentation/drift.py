"""Thermal-drift correction from a constant-load hold segment.

During a hold at constant (low) load the sample's true depth is constant
apart from creep recovery, so the apparent depth rate measures the thermal
drift of the instrument.  The rate is the least-squares slope of h(t) over
the hold, after dropping its first ``skip_fraction`` (the transient); the
depth is then corrected as h ← h − ṙ·(t − t_contact).

A hold at *peak* load is never used: there the depth rate is dominated by
creep of the sample, not by drift.

References
----------
ISO 14577-1:2015, annex on thermal drift; W. C. Oliver, G. M. Pharr,
J. Mater. Res. 7, 1564 (1992), section III.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sselab.mechanics.indentation._median import median
from sselab.mechanics.indentation.curve import Segment
from sselab.mechanics.indentation.segments import noise_sigma

_MIN_HOLD_POINTS = 10


@dataclass(frozen=True)
class DriftEstimate:
    """A drift rate (m/s) measured on the hold ``[start, stop)``."""

    rate_m_per_s: float
    start: int
    stop: int
    n_points: int
    source: str


def _longest_plateau(p: np.ndarray, tol: float) -> tuple[int, int]:
    """Longest run ``[i, j)`` where every load stays within ``tol`` of the run's first load."""
    best = (0, 0)
    n = p.size
    i = 0
    while i < n:
        j = i + 1
        ref = p[i]
        while j < n and abs(p[j] - ref) <= tol:
            j += 1
        if j - i > best[1] - best[0]:
            best = (i, j)
        i = j
    return best


def find_drift_hold(
    load_N: np.ndarray, time_s: np.ndarray | None, *, after: int,
    segments: tuple[Segment, ...] = (), max_load_fraction: float = 0.5,
) -> tuple[int, int, str] | None:
    """The hold segment to measure drift on, as ``(start, stop, source)``, or None.

    A vendor ``drift_hold`` segment wins; otherwise the longest plateau of the
    load after index ``after`` (the end of the last unload) below
    ``max_load_fraction``·P_max, with at least 10 points and 2 s.
    """
    if time_s is None:
        return None
    for s in segments:
        if s.kind == "drift_hold" and s.stop - s.start >= _MIN_HOLD_POINTS:
            return s.start, s.stop, "vendor drift segment"
    p = np.asarray(load_N, dtype=float)
    t = np.asarray(time_s, dtype=float)
    if after >= p.size - _MIN_HOLD_POINTS:
        return None
    tail = p[after:]
    pmax = float(np.nanmax(p))
    tol = max(0.005 * pmax, 5.0 * noise_sigma(tail))
    i, j = _longest_plateau(tail, tol)
    i, j = i + after, j + after
    if j - i < _MIN_HOLD_POINTS:
        return None
    if not median(p[i:j]) <= max_load_fraction * pmax:
        return None
    if not (t[j - 1] - t[i]) >= 2.0:
        return None
    return i, j, "detected low-load hold"


def estimate_drift(time_s: np.ndarray, depth_m: np.ndarray, start: int, stop: int,
                   *, skip_fraction: float = 0.2, source: str = "") -> DriftEstimate | None:
    """Drift rate (m/s) as the slope of depth against time over ``[start, stop)``.

    Returns None when the hold's time is not increasing or too few points remain.
    """
    t = np.asarray(time_s, dtype=float)[start:stop]
    h = np.asarray(depth_m, dtype=float)[start:stop]
    k = int(math.floor(skip_fraction * t.size))
    t, h = t[k:], h[k:]
    ok = np.isfinite(t) & np.isfinite(h)
    t, h = t[ok], h[ok]
    if t.size < _MIN_HOLD_POINTS // 2 or np.any(np.diff(t) <= 0):
        return None
    rate = float(np.polyfit(t - t[0], h, 1)[0])
    return DriftEstimate(rate, start, stop, int(t.size), source)


def correct_drift(depth_m: np.ndarray, time_s: np.ndarray, rate_m_per_s: float,
                  t0_s: float) -> np.ndarray:
    """h − ṙ·(t − t0): depth corrected for a constant drift rate (m)."""
    return np.asarray(depth_m, dtype=float) - rate_m_per_s * (np.asarray(time_s, dtype=float) - t0_s)
