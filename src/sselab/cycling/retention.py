"""Capacity retention from a chosen reference cycle, and cycles to 95/90/80 %.

Retention of cycle n is R(n) = Q(n) / Q(n_ref), Q the reversible (closing half-cycle)
capacity.  Only like-for-like cycles enter the series:

* complete cycles only (the leading partial half-cycle and the trailing incomplete cycle
  are excluded, see :mod:`sselab.cycling.policy`);
* cycles after ``formation_cycles`` (the paper treats its initial high-rate cycles as
  formation, Fig. 4g,h / Supp. Fig. 18);
* the *test rate* only: cycles whose current level differs from the reference cycle's
  by more than ``rate_tolerance`` (slow check-up cycles such as ``test_2.ndax`` cycles
  10/31/52, or a rate ladder) are listed as excluded, never mixed in.

The reference is the first eligible cycle at the test rate, or a cycle the caller names.
The test rate is the most frequent current level among the eligible cycles.

Cycles to a threshold x (0.95, 0.90, 0.80):

first crossing
    the first cycle of the series with R < x;
sustained crossing
    the first cycle after which R stays < x to the end of the record (the cycle after
    the last one with R ≥ x);
not reached
    ``None``, with ``reached = False`` — never a number.

"Cycles after the reference" (n − n_ref) is reported beside the cycle number: the paper
counts cycles after formation ("95 % after 746 cycles").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sselab.cycling.summary import CycleSummary
from sselab.errors import InputError

DEFAULT_THRESHOLDS: tuple[float, ...] = (0.95, 0.90, 0.80)
#: Current levels within this relative tolerance are the same rate.
RATE_TOLERANCE = 0.1


@dataclass(frozen=True)
class ThresholdCrossing:
    """Cycles to one retention threshold.

    Attributes
    ----------
    threshold : float
        Fraction (0.8 = 80 %).
    first_cycle, sustained_cycle : int or None
        Cycle numbers (None: not reached).
    first_after_reference, sustained_after_reference : int or None
        The same as n − n_ref.
    reached : bool
    """

    threshold: float
    first_cycle: int | None
    sustained_cycle: int | None
    first_after_reference: int | None
    sustained_after_reference: int | None

    @property
    def reached(self) -> bool:
        return self.first_cycle is not None

    def describe(self) -> str:
        """``"90 %: cycle 4 (first), cycle 4 (sustained)"`` or ``"80 %: not reached"``."""
        p = f"{100 * self.threshold:g} %"
        if not self.reached:
            return f"{p}: not reached"
        first = f"{p}: cycle {self.first_cycle} first (+{self.first_after_reference})"
        if self.sustained_cycle is None:
            return f"{first}, not sustained (back above {p} at the end)"
        return (f"{first}, cycle {self.sustained_cycle} sustained "
                f"(+{self.sustained_after_reference})")


@dataclass(frozen=True)
class Retention:
    """Retention series and threshold crossings.

    Attributes
    ----------
    reference_cycle : int
    reference_capacity_Ah : float
    test_current_A : float
        Current level of the series (that of the reference cycle), A.
    cycle : ndarray of int
        Cycles of the series (≥ reference, same rate, complete).
    capacity_Ah, retention : ndarray
        Q(n) and Q(n)/Q(n_ref).
    crossings : tuple of ThresholdCrossing
    excluded : tuple of (int, str)
        Cycles ≥ 1 left out of the series, with the reason.
    final_retention : float
        R of the last cycle of the series.
    """

    reference_cycle: int
    reference_capacity_Ah: float
    test_current_A: float
    cycle: np.ndarray
    capacity_Ah: np.ndarray
    retention: np.ndarray
    crossings: tuple[ThresholdCrossing, ...]
    excluded: tuple[tuple[int, str], ...]
    final_retention: float

    def at(self, cycle: int) -> float:
        """Retention of ``cycle`` (must be in the series)."""
        k = np.flatnonzero(self.cycle == int(cycle))
        if k.size == 0:
            raise InputError(f"cycle {cycle} is not in the retention series (excluded or "
                             "absent); see Retention.excluded")
        return float(self.retention[k[0]])

    def crossing(self, threshold: float) -> ThresholdCrossing:
        for c in self.crossings:
            if abs(c.threshold - threshold) < 1e-12:
                return c
        raise InputError(f"threshold {threshold} was not computed; computed: "
                         f"{', '.join(str(c.threshold) for c in self.crossings)}")


def _levels_match(a: float, b: np.ndarray, tol: float) -> np.ndarray:
    return np.abs(b - a) <= tol * np.maximum(np.abs(a), np.abs(b))


def threshold_crossings(cycle: np.ndarray, retention: np.ndarray, thresholds: tuple[float, ...],
                        reference_cycle: int) -> tuple[ThresholdCrossing, ...]:
    """First and sustained crossings of each threshold (R < x) in a retention series."""
    cyc = np.asarray(cycle)
    r = np.asarray(retention, dtype=float)
    out: list[ThresholdCrossing] = []
    for x in thresholds:
        x = float(x)
        if not (0 < x <= 1.5):
            raise InputError(f"retention thresholds are fractions (0.8 = 80 %); got {x}")
        below = r < x
        if not np.any(below):
            out.append(ThresholdCrossing(x, None, None, None, None))
            continue
        first = int(cyc[np.argmax(below)])
        above = np.flatnonzero(~below)
        after_last_above = (above[-1] + 1) if above.size else 0
        sus = int(cyc[after_last_above]) if after_last_above < cyc.size else None
        out.append(ThresholdCrossing(x, first, sus, first - reference_cycle,
                                     None if sus is None else sus - reference_cycle))
    return tuple(out)


def retention(summary: CycleSummary, *, reference_cycle: int | None = None,
              formation_cycles: int = 0, thresholds: tuple[float, ...] = DEFAULT_THRESHOLDS,
              rate_tolerance: float = RATE_TOLERANCE, same_rate: bool = True) -> Retention:
    """Retention of the reversible capacity from a reference cycle.

    Parameters
    ----------
    summary : CycleSummary
    reference_cycle : int, optional
        Cycle to normalise by (default: the first eligible cycle at the test rate).
    formation_cycles : int
        Cycles 1 … N are formation and never enter the series (nor the default reference).
    thresholds : tuple of float
        Fractions for cycles-to-x.
    rate_tolerance : float
        Relative tolerance of "same current level".
    same_rate : bool
        False keeps every eligible cycle regardless of current (not recommended).

    Raises
    ------
    InputError
        No complete cycle after formation, or the named reference is not eligible.
    """
    if formation_cycles < 0:
        raise InputError(f"formation_cycles must be ≥ 0; got {formation_cycles}")
    cyc = summary.cycle
    q = summary.reversible_capacity_Ah
    cur = summary.reversible_current_A
    excluded: dict[int, str] = {}
    for k, c in enumerate(cyc):
        c = int(c)
        if not summary.is_cycle[k]:
            continue
        if not summary.complete[k]:
            excluded[c] = "incomplete or partial cycle"
        elif c <= formation_cycles:
            excluded[c] = "formation cycle"
    after = (cyc > formation_cycles) if formation_cycles else np.ones(cyc.size, dtype=bool)
    eligible = np.flatnonzero(summary.complete & after & (q > 0))
    if eligible.size == 0:
        raise InputError(f"no complete cycle after {formation_cycles} formation cycle(s) to "
                         "compute a retention from")
    if reference_cycle is None:
        if same_rate:
            from sselab.cycling.rate import current_levels

            label, _ = current_levels(cur[eligible], rate_tolerance)
            mode = int(np.argmax(np.bincount(label)))
            ref_k = int(eligible[np.flatnonzero(label == mode)[0]])
        else:
            ref_k = int(eligible[0])
    else:
        hit = np.flatnonzero(cyc == int(reference_cycle))
        if hit.size == 0 or hit[0] not in set(eligible.tolist()):
            why = excluded.get(int(reference_cycle), "absent")
            raise InputError(f"reference cycle {reference_cycle} cannot be used ({why}); "
                             f"eligible cycles run {int(cyc[eligible[0]])}–"
                             f"{int(cyc[eligible[-1]])}")
        ref_k = int(hit[0])
    ref_cycle = int(cyc[ref_k])
    test_current = float(cur[ref_k])
    series = eligible[cyc[eligible] >= ref_cycle]
    if same_rate:
        same = _levels_match(test_current, cur[series], rate_tolerance)
        for k in series[~same]:
            excluded[int(cyc[k])] = (f"different rate ({cur[k] * 1e3:.4g} mA vs the test rate "
                                     f"{test_current * 1e3:.4g} mA)")
        series = series[same]
    for k in eligible[cyc[eligible] < ref_cycle]:
        excluded.setdefault(int(cyc[k]), "before the reference cycle")
    q_ref = float(q[ref_k])
    r = q[series] / q_ref
    cs = cyc[series].astype(np.int64)
    return Retention(
        reference_cycle=ref_cycle, reference_capacity_Ah=q_ref, test_current_A=test_current,
        cycle=cs, capacity_Ah=q[series].astype(float), retention=r,
        crossings=threshold_crossings(cs, r, tuple(thresholds), ref_cycle),
        excluded=tuple(sorted(excluded.items())), final_retention=float(r[-1]))
