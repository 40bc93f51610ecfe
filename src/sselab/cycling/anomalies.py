"""Anomaly flags for cycling records: CE above 100 %, soft shorts, abnormal charge time.

Flags (one :class:`AnomalyFlag` per cycle and kind; complete cycles only):

``ce_above_100``
    CE > 1 + ``ce_tolerance`` (default 0.2 %): more charge out than in.  Isolated values
    follow rate changes (the cell gives back charge stored at a slower rate); a *run*
    of ``drift_run`` (3) or more consecutive cycles is also flagged ``ce_drift`` — a
    calibration drift, a side reaction that feeds the closing half-cycle, or a current
    offset.
``soft_short``
    the signature of a (soft) internal short in a charge-first cell: during the charge,
    at least ``soft_short_drops`` voltage drops larger than ``drop_V`` (default 5 mV)
    between consecutive samples while the charge current flows (a cell under constant
    charging current does not lose voltage), or a charge that lasts longer than
    ``duration_factor`` × the median of its rate level *and* a CE below the level's median
    by more than ``ce_drop`` (charge leaks instead of being stored) — not on the first
    complete cycle, whose low CE and long charge are the normal formation loss.
``long_charge`` / ``short_charge``
    charge duration above ``duration_factor`` (1.5) × or below 1/``duration_factor`` × the
    median of the cycles at the same charge current (same rate level, ±10 %).

All reductions are vectorised; the voltage-drop count is one pass over the rows of the
charging steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sselab.cycling.rate import current_levels
from sselab.cycling.step_stats import step_stats
from sselab.cycling.summary import CycleSummary
from sselab.cycling.table import CyclingTable

CE_TOLERANCE = 0.002
DRIFT_RUN = 3
DROP_V = 0.005
SOFT_SHORT_DROPS = 3
DURATION_FACTOR = 1.5
CE_DROP = 0.05


@dataclass(frozen=True)
class AnomalyFlag:
    """One anomaly: the cycle, its kind, the value that tripped it, and a sentence."""

    cycle: int
    kind: str
    value: float
    message: str


@dataclass(frozen=True)
class AnomalyReport:
    """All flags of a record, in cycle order."""

    flags: tuple[AnomalyFlag, ...]

    def cycles(self, kind: str) -> tuple[int, ...]:
        """Cycles flagged ``kind``."""
        return tuple(f.cycle for f in self.flags if f.kind == kind)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(sorted({f.kind for f in self.flags}))


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) index ranges of True runs."""
    m = np.concatenate(([False], np.asarray(mask, bool), [False]))
    d = np.diff(m.astype(np.int8))
    return list(zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1), strict=True))


def charge_voltage_drops(table: CyclingTable, summary: CycleSummary, *,
                         drop_V: float = DROP_V) -> np.ndarray:
    """Number of sample-to-sample voltage drops > ``drop_V`` during charge, per cycle.

    Only rows inside charging steps count (step boundaries excluded), so the relaxation
    at the start of a rest or a current reversal is never counted.
    """
    st = step_stats(table)
    sel = np.flatnonzero(st.direction > 0)
    counts = np.zeros(summary.cycle.size, dtype=np.int64)
    if sel.size == 0:
        return counts
    v = table["voltage_V"]
    dv = np.diff(v)  # dv[k] = v[k+1] - v[k]
    drop = dv < -drop_V
    # rows k (k+1 in the same step) of charge steps: reduceat over the step's drop flags
    per_step = np.zeros(sel.size, dtype=np.int64)
    starts, ends = st.start[sel], st.end[sel]
    long = ends > starts
    if np.any(long):
        cums = np.concatenate(([0], np.cumsum(drop)))
        per_step[long] = cums[ends[long]] - cums[starts[long]]
    pos = np.searchsorted(summary.cycle, st.cycle[sel])
    ok = (pos < summary.cycle.size)
    ok[ok] &= summary.cycle[pos[ok]] == st.cycle[sel][ok]
    np.add.at(counts, pos[ok], per_step[ok])
    return counts


def detect_anomalies(summary: CycleSummary, table: CyclingTable | None = None, *,
                     ce_tolerance: float = CE_TOLERANCE, drift_run: int = DRIFT_RUN,
                     drop_V: float = DROP_V, soft_short_drops: int = SOFT_SHORT_DROPS,
                     duration_factor: float = DURATION_FACTOR,
                     ce_drop: float = CE_DROP) -> AnomalyReport:
    """Flag anomalous cycles (see the module docstring); ``table`` enables the voltage-drop test."""
    flags: list[AnomalyFlag] = []
    cyc = summary.cycle
    ok = summary.complete
    ce = summary.coulombic_efficiency
    hi = ok & (ce > 1 + ce_tolerance)
    for k in np.flatnonzero(hi):
        flags.append(AnomalyFlag(int(cyc[k]), "ce_above_100", float(ce[k]),
                                 f"cycle {int(cyc[k])}: CE {100 * ce[k]:.2f} % > 100 %"))
    for a, b in _runs(hi):
        if b - a >= drift_run:
            for k in range(a, b):
                flags.append(AnomalyFlag(int(cyc[k]), "ce_drift", float(ce[k]),
                                         f"cycles {int(cyc[a])}–{int(cyc[b - 1])}: CE above "
                                         f"100 % for {b - a} consecutive cycles"))
    # durations and CE relative to the cycle's charge-rate level
    idx = np.flatnonzero(ok & (summary.charge_current_A > 0))
    long_charge = np.zeros(cyc.size, dtype=bool)
    ce_low = np.zeros(cyc.size, dtype=bool)
    if idx.size >= 3:
        lab, _ = current_levels(summary.charge_current_A[idx])
        dur = summary.charge_duration_s
        for g in np.unique(lab):
            members = idx[lab == g]
            if members.size < 3:
                continue
            med = float(np.median(dur[members]))
            med_ce = float(np.nanmedian(ce[members]))
            for k in members:
                c = int(cyc[k])
                if med > 0 and dur[k] > duration_factor * med:
                    long_charge[k] = True
                    flags.append(AnomalyFlag(c, "long_charge", float(dur[k] / med),
                                             f"cycle {c}: charge lasts {dur[k] / 3600:.3g} h, "
                                             f"{dur[k] / med:.2f} × the median at this rate"))
                elif med > 0 and dur[k] < med / duration_factor:
                    flags.append(AnomalyFlag(c, "short_charge", float(dur[k] / med),
                                             f"cycle {c}: charge lasts {dur[k] / 3600:.3g} h, "
                                             f"{dur[k] / med:.2f} × the median at this rate"))
                if np.isfinite(ce[k]) and ce[k] < med_ce - ce_drop:
                    ce_low[k] = True
    drops = (charge_voltage_drops(table, summary, drop_V=drop_V) if table is not None
             else np.zeros(cyc.size, dtype=np.int64))
    first_complete = int(np.flatnonzero(ok)[0]) if np.any(ok) else -1
    for k in range(cyc.size):
        c = int(cyc[k])
        if summary.first_direction == "charge" and drops[k] >= soft_short_drops:
            flags.append(AnomalyFlag(c, "soft_short", float(drops[k]),
                                     f"cycle {c}: {int(drops[k])} voltage drops > "
                                     f"{drop_V * 1e3:g} mV during the charge (soft-short "
                                     "signature)"))
        elif long_charge[k] and ce_low[k] and k != first_complete:
            flags.append(AnomalyFlag(c, "soft_short", float(ce[k]),
                                     f"cycle {c}: long charge with CE {100 * ce[k]:.1f} % "
                                     "well below its rate level (soft-short signature)"))
    flags.sort(key=lambda f: (f.cycle, f.kind))
    return AnomalyReport(tuple(flags))
