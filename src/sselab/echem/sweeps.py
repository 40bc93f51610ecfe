"""Split a potential record into monotonic sweeps (the segments of an LSV or CV).

A turning point is accepted only when the potential retraces from its running extreme
by more than a hysteresis ``tolerance_V`` ("zig-zag" filter), so measurement noise on
a slow sweep never splits it.  Segments shorter than ``min_points`` or spanning less
than ``min_span_V`` (e.g. the first point of an EC-Lab LSV recorded before the sweep
settles) are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sselab.errors import InputError


@dataclass(frozen=True)
class Sweep:
    """One monotonic segment of a record.

    Attributes
    ----------
    index : int
        Position among the kept segments (0-based).
    start, stop : int
        Row range ``[start, stop)`` in the record.
    direction : int
        +1 for a sweep to more positive potentials (anodic), −1 for a cathodic sweep.
    start_V, end_V : float
        Potential at the first and last row, V.
    """

    index: int
    start: int
    stop: int
    direction: int
    start_V: float
    end_V: float

    @property
    def n_points(self) -> int:
        return self.stop - self.start

    @property
    def kind(self) -> str:
        """``"anodic"`` or ``"cathodic"``."""
        return "anodic" if self.direction > 0 else "cathodic"


def default_tolerance_V(potential_V: np.ndarray) -> float:
    """Hysteresis for turning points: max(1 % of the range, 3 × median |ΔE|, 1 mV)."""
    e = np.asarray(potential_V, dtype=float)
    rng = float(np.ptp(e)) if e.size else 0.0
    step = float(np.median(np.abs(np.diff(e)))) if e.size > 1 else 0.0
    return max(0.01 * rng, 3.0 * step, 1e-3)


def turning_points(potential_V: np.ndarray, tolerance_V: float) -> list[int]:
    """Indices where the sweep direction reverses (zig-zag filter with hysteresis)."""
    e = np.asarray(potential_V, dtype=float)
    n = e.size
    if n < 3:
        return []
    out: list[int] = []
    ext_i = 0
    ext_v = e[0]
    direction = 0
    for k in range(1, n):
        v = e[k]
        if direction == 0:
            if abs(v - e[ext_i]) > tolerance_V:
                direction = 1 if v > e[ext_i] else -1
                ext_i, ext_v = k, v
            continue
        if (v - ext_v) * direction > 0:
            ext_i, ext_v = k, v
        elif abs(v - ext_v) > tolerance_V:
            out.append(ext_i)
            direction = -direction
            ext_i, ext_v = k, v
    return out


def split_sweeps(potential_V: np.ndarray, *, tolerance_V: float | None = None,
                 min_points: int = 5, min_span_V: float | None = None) -> tuple[Sweep, ...]:
    """Monotonic segments of ``potential_V``.

    Parameters
    ----------
    potential_V : array of float
        Potential in record order, V (the programmed potential when available).
    tolerance_V : float, optional
        Hysteresis for turning points (default :func:`default_tolerance_V`).
    min_points : int
        Segments with fewer rows are dropped.
    min_span_V : float, optional
        Segments spanning less are dropped (default: 5 × tolerance).

    Returns
    -------
    tuple of Sweep
        In record order; a turning point belongs to both adjacent segments.

    Raises
    ------
    InputError
        Non-finite potentials or fewer than ``min_points`` rows.
    """
    e = np.asarray(potential_V, dtype=float).reshape(-1)
    if e.size < max(min_points, 2):
        raise InputError(f"a voltammogram needs at least {max(min_points, 2)} points; got {e.size}")
    if not np.all(np.isfinite(e)):
        bad = int(np.flatnonzero(~np.isfinite(e))[0])
        raise InputError(f"potential is not finite at point {bad}; remove such rows first")
    tol = default_tolerance_V(e) if tolerance_V is None else float(tolerance_V)
    if not tol > 0:
        raise InputError(f"tolerance_V must be > 0; got {tolerance_V!r}")
    span_min = 5.0 * tol if min_span_V is None else float(min_span_V)
    bounds = [0, *turning_points(e, tol), e.size - 1]
    out: list[Sweep] = []
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        stop = b + 1
        if stop - a < min_points or abs(e[b] - e[a]) < span_min:
            continue
        out.append(Sweep(len(out), int(a), int(stop), 1 if e[b] > e[a] else -1,
                         float(e[a]), float(e[b])))
    return tuple(out)
