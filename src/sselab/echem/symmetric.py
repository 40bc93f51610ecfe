"""Symmetric cells (Li | SE | Li, Li-In | SE | Li-In) under galvanostatic cycling.

The record is split into half-cycles: runs of constant current sign with
|I| > ``min_current_fraction`` × the typical |I| (rests and open-circuit rows
separate them).  For each half-cycle the largest, final and time-averaged |V| are
kept; consecutive pairs of half-cycles form a cycle.

Overpotential of a cycle
    the largest |V| in it (the polarisation envelope), with the time it occurred;
    the time-averaged |V| is given too.
Growth rate
    least-squares slope of the cycle overpotential against time (V h⁻¹, with its
    standard error), fitted over the cycles before any short; also the first and last
    overpotentials and their ratio.
Time to a voltage limit
    two readings, both counted from the start of the first half-cycle ("cycling time"):
    the first time a recorded |V| reaches ``voltage_limit_V`` (interpolated linearly
    between the two bracketing rows of the same half-cycle; what a cycler's voltage
    cut-off sees), and the time the *envelope* reaches it (linear interpolation of the
    half-cycles' largest |V| against the times they occurred; what one reads off a
    plot, and less sensitive to noise when |V| creeps along the limit).
Short circuit
    a half-cycle whose mean |V| falls below ``short_drop_fraction`` × the median of
    the preceding four is a short; *hard* when the following half-cycles stay low,
    *transient* (soft) when the voltage recovers.  The time is the first row where
    |V| falls below that level.

In a Li-In | SE | Li-In cell both electrodes are at ≈ 0.62 V vs Li/Li⁺, so the cell
voltage is the overpotential as in a Li | SE | Li cell; no reference offset applies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sselab.errors import InputError

HOUR_S = 3600.0
_trapezoid = getattr(np, "trapezoid", None) or getattr(np, "trapz")  # noqa: B009 (numpy < 2)


@dataclass(frozen=True)
class HalfCycle:
    """One constant-current half-cycle (rows ``[start, stop)``)."""

    index: int
    start: int
    stop: int
    start_s: float
    end_s: float
    current_A: float
    max_abs_V: float
    max_abs_time_s: float
    end_abs_V: float
    mean_abs_V: float
    charge_C: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True)
class CycleOverpotential:
    """Overpotential of one cycle (1-based ``index``; ``n_half`` = 2 unless incomplete)."""

    index: int
    start_s: float
    end_s: float
    overpotential_V: float
    time_of_max_s: float
    mean_abs_V: float
    n_half: int


@dataclass(frozen=True)
class Growth:
    """Linear growth of the cycle overpotential with time."""

    slope_V_per_h: float
    slope_stderr_V_per_h: float
    intercept_V: float
    r_squared: float
    n_cycles: int
    initial_V: float
    final_V: float

    @property
    def ratio(self) -> float:
        """final / initial overpotential."""
        return self.final_V / self.initial_V if self.initial_V > 0 else math.nan


@dataclass(frozen=True)
class LimitCrossing:
    """When |V| first reached the voltage limit (``reached`` False: never)."""

    reached: bool
    limit_V: float
    time_s: float
    cycling_time_s: float
    half_cycle: int
    max_abs_V: float
    envelope_cycling_time_s: float = math.nan
    reason: str = ""


@dataclass(frozen=True)
class ShortCircuit:
    """Short-circuit verdict."""

    detected: bool
    kind: str
    time_s: float
    half_cycle: int
    ratio: float
    reason: str = ""


@dataclass(frozen=True)
class SymmetricResult:
    """Everything :func:`analyse_symmetric` found.

    Attributes
    ----------
    half_cycles, cycles : tuple
    growth : Growth or None (fewer than 3 cycles before any short)
    limit : LimitCrossing
    short : ShortCircuit
    current_A : float
        Median |I| of the half-cycles, A.
    current_density_A_per_m2 : float or None
        With an area.
    half_cycle_s : float
        Median half-cycle duration, s.
    cycling_start_s : float
        Start of the first half-cycle, s (record time).
    area_m2 : float or None
    """

    half_cycles: tuple[HalfCycle, ...]
    cycles: tuple[CycleOverpotential, ...]
    growth: Growth | None
    limit: LimitCrossing
    short: ShortCircuit
    current_A: float
    current_density_A_per_m2: float | None
    half_cycle_s: float
    cycling_start_s: float
    area_m2: float | None
    n_rows: int

    def overpotential_at(self, cycling_time_s: float) -> float:
        """Cycle overpotential envelope at a cycling time, V (linear interpolation).

        NaN outside the recorded cycles.
        """
        if not self.cycles:
            return math.nan
        t = np.array([c.time_of_max_s for c in self.cycles]) - self.cycling_start_s
        v = np.array([c.overpotential_V for c in self.cycles])
        x = float(cycling_time_s)
        if x < t[0] or x > t[-1]:
            return math.nan
        return float(np.interp(x, t, v))


def _runs(active_sign: np.ndarray) -> list[tuple[int, int]]:
    """[start, stop) of runs of equal nonzero sign."""
    s = active_sign
    change = np.flatnonzero(np.diff(s) != 0) + 1
    starts = np.concatenate(([0], change))
    stops = np.concatenate((change, [s.size]))
    return [(int(a), int(b)) for a, b in zip(starts, stops, strict=True) if s[a] != 0]


def half_cycles(time_s: np.ndarray, voltage_V: np.ndarray, current_A: np.ndarray, *,
                min_current_fraction: float = 0.05) -> tuple[HalfCycle, ...]:
    """Split a galvanostatic record into constant-current half-cycles (see module doc)."""
    t, v, i = (np.asarray(a, dtype=float).reshape(-1) for a in (time_s, voltage_V, current_A))
    typical = float(np.percentile(np.abs(i), 90)) if i.size else 0.0
    if not typical > 0:
        raise InputError("the current is zero throughout; this is not a galvanostatic record")
    sign = np.where(np.abs(i) > min_current_fraction * typical, np.sign(i), 0.0)
    out: list[HalfCycle] = []
    for a, b in _runs(sign):
        if b - a < 2:
            continue
        tt, vv, ii = t[a:b], np.abs(v[a:b]), i[a:b]
        k = int(np.argmax(vv))
        dur = tt[-1] - tt[0]
        mean = float(_trapezoid(vv, tt) / dur) if dur > 0 else float(vv.mean())
        out.append(HalfCycle(len(out), a, b, float(tt[0]), float(tt[-1]), float(np.median(ii)),
                             float(vv[k]), float(tt[k]), float(vv[-1]), mean,
                             float(_trapezoid(ii, tt))))
    return tuple(out)


def _cycles(halves: tuple[HalfCycle, ...]) -> tuple[CycleOverpotential, ...]:
    out = []
    for c, k in enumerate(range(0, len(halves), 2), start=1):
        hs = halves[k:k + 2]
        j = int(np.argmax([h.max_abs_V for h in hs]))
        w = np.array([h.duration_s for h in hs])
        m = np.array([h.mean_abs_V for h in hs])
        mean = float(np.sum(w * m) / np.sum(w)) if np.sum(w) > 0 else float(m.mean())
        out.append(CycleOverpotential(c, hs[0].start_s, hs[-1].end_s, hs[j].max_abs_V,
                                      hs[j].max_abs_time_s, mean, len(hs)))
    return tuple(out)


def _growth(cycles: tuple[CycleOverpotential, ...]) -> Growth | None:
    if len(cycles) < 3:
        return None
    x = np.array([c.time_of_max_s for c in cycles]) / HOUR_S
    y = np.array([c.overpotential_V for c in cycles])
    if np.ptp(x) == 0:
        return None
    xm, ym = x.mean(), y.mean()
    sxx = float(np.sum((x - xm) ** 2))
    slope = float(np.sum((x - xm) * (y - ym)) / sxx)
    icpt = float(ym - slope * xm)
    res = y - (slope * x + icpt)
    n = x.size
    se = math.sqrt(float(np.sum(res ** 2)) / (n - 2) / sxx) if n > 2 else math.nan
    sst = float(np.sum((y - ym) ** 2))
    r2 = 1.0 - float(np.sum(res ** 2)) / sst if sst > 0 else 1.0
    return Growth(slope, se, icpt, r2, n, float(y[0]), float(y[-1]))


def _short(halves: tuple[HalfCycle, ...], t: np.ndarray, v: np.ndarray,
           frac: float) -> ShortCircuit:
    m = np.array([h.mean_abs_V for h in halves])
    for k in range(4, m.size):
        ref = float(np.median(m[k - 4:k]))
        if not (ref > 0 and m[k] < frac * ref):
            continue
        follow = m[k:min(k + 3, m.size)]
        hard = bool(np.all(follow < frac * ref))
        level = frac * ref
        lo = halves[k - 1].start
        hi = halves[k].stop
        below = np.flatnonzero(np.abs(v[lo:hi]) < level)
        when = float(t[lo + below[0]]) if below.size else halves[k].start_s
        kind = "hard" if hard else "transient"
        why = (f"mean |V| of half-cycle {k} is {m[k]:.3g} V, {m[k] / ref:.2g} × the median "
               f"{ref:.3g} V of the four before" + (" and stays low" if hard else
                                                    "; the voltage later recovers"))
        return ShortCircuit(True, kind, when, k, float(m[k] / ref), why)
    return ShortCircuit(False, "", math.nan, -1, math.nan,
                        f"no half-cycle's mean |V| fell below {frac:g} × the median of the "
                        "four before it")


def _envelope_crossing(halves: tuple[HalfCycle, ...], limit: float) -> float:
    tt = np.array([h.max_abs_time_s for h in halves])
    vv = np.array([h.max_abs_V for h in halves])
    hit = np.flatnonzero(vv >= limit)
    if hit.size == 0:
        return math.nan
    k = int(hit[0])
    if k == 0:
        return float(tt[0])
    f = (limit - vv[k - 1]) / (vv[k] - vv[k - 1]) if vv[k] != vv[k - 1] else 1.0
    return float(tt[k - 1] + f * (tt[k] - tt[k - 1]))


def _limit(halves: tuple[HalfCycle, ...], t: np.ndarray, v: np.ndarray, limit: float,
           t0: float) -> LimitCrossing:
    vmax = max((h.max_abs_V for h in halves), default=math.nan)
    env = _envelope_crossing(halves, limit) - t0
    for h in halves:
        if h.max_abs_V < limit:
            continue
        vv = np.abs(v[h.start:h.stop])
        k = int(np.flatnonzero(vv >= limit)[0])
        r = h.start + k
        if k == 0:
            when = float(t[r])
        else:
            v0, v1 = vv[k - 1], vv[k]
            f = (limit - v0) / (v1 - v0) if v1 != v0 else 1.0
            when = float(t[r - 1] + f * (t[r] - t[r - 1]))
        return LimitCrossing(True, limit, when, when - t0, h.index, vmax, env)
    return LimitCrossing(False, limit, math.nan, math.nan, -1, vmax, math.nan,
                         f"|V| stays below {limit:g} V (largest {vmax:.4g} V)")


def analyse_symmetric(time_s, voltage_V, current_A, *, area_m2: float | None = None,
                      voltage_limit_V: float = 2.0, min_current_fraction: float = 0.05,
                      short_drop_fraction: float = 0.2) -> SymmetricResult:
    """Overpotential per cycle, growth, time to a voltage limit and shorts of a record.

    Parameters
    ----------
    time_s, voltage_V, current_A : array of float
        The record (s, V, A); time must not decrease.
    area_m2 : float, optional
        Electrode area, m² (for the current density).
    voltage_limit_V : float
        |V| whose first crossing is reported (default 2 V).
    min_current_fraction : float
        Rows with |I| below this fraction of the typical |I| are rest.
    short_drop_fraction : float
        Drop of the mean |V| (vs the four preceding half-cycles) that flags a short.

    Returns
    -------
    SymmetricResult

    Raises
    ------
    InputError
        Arrays of unequal length, non-finite values, decreasing time, no current, or
        fewer than two half-cycles.
    """
    t, v, i = (np.asarray(a, dtype=float).reshape(-1) for a in (time_s, voltage_V, current_A))
    if not (t.size == v.size == i.size):
        raise InputError(f"time, voltage and current differ in length: {t.size}, {v.size}, "
                         f"{i.size}")
    for name, a in (("time", t), ("voltage", v), ("current", i)):
        if not np.all(np.isfinite(a)):
            k = int(np.flatnonzero(~np.isfinite(a))[0])
            raise InputError(f"{name} is not finite at row {k}")
    if t.size > 1 and np.any(np.diff(t) < 0):
        k = int(np.flatnonzero(np.diff(t) < 0)[0]) + 1
        raise InputError(f"time decreases at row {k}; sort or split the record first")
    if not (math.isfinite(voltage_limit_V) and voltage_limit_V > 0):
        raise InputError(f"voltage_limit_V must be a positive number; got {voltage_limit_V!r}")
    if not 0 < short_drop_fraction < 1:
        raise InputError("short_drop_fraction must be between 0 and 1")
    if area_m2 is not None and not (math.isfinite(area_m2) and area_m2 > 0):
        raise InputError(f"area_m2 must be a positive, finite number; got {area_m2!r}")
    halves = half_cycles(t, v, i, min_current_fraction=min_current_fraction)
    if len(halves) < 2:
        raise InputError(f"found {len(halves)} constant-current half-cycle(s); a symmetric-cell "
                         "analysis needs alternating current steps")
    t0 = halves[0].start_s
    short = _short(halves, t, v, short_drop_fraction)
    cycles = _cycles(halves)
    usable = cycles if not short.detected else tuple(
        c for c in cycles if c.end_s < halves[short.half_cycle].start_s)
    current = float(np.median([abs(h.current_A) for h in halves]))
    return SymmetricResult(
        half_cycles=halves, cycles=cycles, growth=_growth(usable),
        limit=_limit(halves, t, v, float(voltage_limit_V), t0), short=short,
        current_A=current,
        current_density_A_per_m2=current / area_m2 if area_m2 else None,
        half_cycle_s=float(np.median([h.duration_s for h in halves])),
        cycling_start_s=t0, area_m2=area_m2, n_rows=int(t.size))
