"""Per-step statistics of a cycling table: the building blocks of every per-cycle value.

One pass of whole-array reductions (:func:`numpy.add.reduceat` over step boundaries), so a
10-million-row record costs a handful of array passes and no Python loop per row.

For every step *s* (rows r₀ … r₁ of the canonical table):

capacity
    Q_s = ``capacity_Ah`` on its last row (the vendor's per-step counter, signed; charge > 0).
    A half-cycle's capacity is Σ Q_s over its steps: CC + CV, multi-rate segments.
coulomb count
    Q_s^∫ = Σ_{k=r₀}^{r₁} ½ (I_k + I_{k−1}) (t_k − t_{k−1}) / 3600 (trapezoid; the interval
    from the previous row is counted in the step, as :func:`~sselab.cycling.steps.
    capacity_from_current` does), to cross-check the vendor counter.
energy
    E_s = ``energy_Wh`` on the last row when the file has the column, else
    Σ ½ (V_k I_k + V_{k−1} I_{k−1}) Δt_k / 3600 (Wh, signed like Q).
constant-voltage capacity
    all of a CV step; for a CCCV step the charge passed from the first row whose voltage
    lies within 5 mV of the step's final voltage (the start of the hold) to its end.
end-of-step IR drop
    ΔV = V(last row of s) − V(first row of s+1) and ΔI = I(last of s) − I(first of s+1):
    R = ΔV/ΔI, read when s carries current and the current changes at the boundary by at
    least half of s's largest |I| (an interruption to rest, or a reversal).
    Δt between the two rows is kept: the longer it is, the more relaxation ΔV includes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sselab.cycling.halfcycles import step_directions
from sselab.cycling.steps import STEP_CODE
from sselab.cycling.table import CyclingTable

#: The IR drop is read at a step boundary where the current changes by at least this
#: fraction of the step's largest |I| (an interruption, or a reversal).
IR_CURRENT_FRACTION = 0.5
#: The CV hold of a CCCV step starts at its first row within this many volts of the
#: step's final voltage.
CV_VOLTAGE_BAND_V = 0.005


@dataclass(frozen=True)
class StepStats:
    """Per-step arrays (one entry per step, in order).

    Attributes
    ----------
    start, end : ndarray of int64
        First and last row of each step.
    direction : ndarray of int8
        +1 charge, −1 discharge, 0 idle (rest, OCV, EIS, no current).
    cycle, half_cycle : ndarray of int32
        The table's ``cycle``/``half_cycle`` on the step's first row.
    step_type : ndarray of int8
        Code into :data:`~sselab.cycling.steps.STEP_TYPES`.
    capacity_Ah, coulomb_Ah, energy_Wh, cv_capacity_Ah : ndarray of float64
        Signed (charge > 0): vendor capacity, ∫I dt, energy, constant-voltage part.
    duration_s : ndarray
        t(last row) − t(first row) + the interval from the previous row, s.
    current_max_A : ndarray
        Largest |I| in the step (the programmed CC current of a CC or CCCV step), A.
    voltage_start_V, voltage_end_V, voltage_min_V, voltage_max_V : ndarray
        Cell voltage, V.
    ir_drop_V, ir_current_step_A, ir_delay_s : ndarray
        V_end − V(next first row), I_end − I(next first row), and the time between the
        two rows; NaN unless the step carries current and the current then changes by
        at least ``IR_CURRENT_FRACTION`` of its largest |I|.
    energy_source : str
        ``"vendor"`` or ``"integrated"``.
    """

    start: np.ndarray
    end: np.ndarray
    direction: np.ndarray
    cycle: np.ndarray
    half_cycle: np.ndarray
    step_type: np.ndarray
    capacity_Ah: np.ndarray
    coulomb_Ah: np.ndarray
    energy_Wh: np.ndarray
    cv_capacity_Ah: np.ndarray
    duration_s: np.ndarray
    current_max_A: np.ndarray
    voltage_start_V: np.ndarray
    voltage_end_V: np.ndarray
    voltage_min_V: np.ndarray
    voltage_max_V: np.ndarray
    ir_drop_V: np.ndarray
    ir_current_step_A: np.ndarray
    ir_delay_s: np.ndarray
    energy_source: str

    @property
    def n_steps(self) -> int:
        return int(self.start.size)


def _cv_capacity(table: CyclingTable, starts: np.ndarray, ends: np.ndarray,
                 st: np.ndarray, q_end: np.ndarray) -> np.ndarray:
    """Constant-voltage part of each step's charge (signed)."""
    cv = np.where(st == STEP_CODE["CV"], q_end, 0.0)
    cccv = np.flatnonzero(st == STEP_CODE["CCCV"])
    if cccv.size == 0:
        return cv
    q = table["capacity_Ah"]
    v = table["voltage_V"]
    v_end = v[ends]
    # only the rows of CCCV steps are touched (a few per cent of a record at most)
    lens = ends[cccv] - starts[cccv] + 1
    before = np.concatenate(([0], np.cumsum(lens)[:-1]))
    rows = np.repeat(starts[cccv] - before, lens) + np.arange(int(lens.sum()))
    owner = np.repeat(np.arange(cccv.size), lens)
    first = rows == np.repeat(starts[cccv], lens)
    dq = q[rows] - np.where(first, 0.0, q[np.maximum(rows - 1, 0)])
    in_band = np.abs(v[rows] - np.repeat(v_end[cccv], lens)) <= CV_VOLTAGE_BAND_V
    pos = np.arange(rows.size)
    hold = np.full(cccv.size, rows.size, dtype=np.int64)
    np.minimum.at(hold, owner, np.where(in_band, pos, rows.size))
    sel = pos >= hold[owner]
    cv[cccv] = np.bincount(owner, weights=np.where(sel, dq, 0.0), minlength=cccv.size)
    return cv


def step_stats(table: CyclingTable) -> StepStats:
    """Per-step statistics of ``table`` (see the module docstring for the definitions)."""
    c = table.columns
    n = len(table)
    t = c["time_s"]
    v = c["voltage_V"]
    i = c["current_A"]
    if n == 0:
        e = np.zeros(0)
        ei = np.zeros(0, dtype=np.int64)
        return StepStats(ei, ei, np.zeros(0, np.int8), ei.astype(np.int32),
                         ei.astype(np.int32), np.zeros(0, np.int8), e, e, e, e, e, e, e, e, e,
                         e, e, e, e, "integrated")
    starts = table.step_starts
    ends = np.append(starts[1:], n) - 1
    q_end = c["capacity_Ah"][ends]
    st = c["step_type"][starts]
    d = step_directions(c["capacity_Ah"], i, c["step_index"], c["step_type"])
    dt = np.empty(n)
    dt[0] = 0.0
    np.subtract(t[1:], t[:-1], out=dt[1:])
    isum = np.empty(n)
    isum[0] = 2.0 * i[0]
    np.add(i[1:], i[:-1], out=isum[1:])
    isum *= dt
    coulomb = np.add.reduceat(isum, starts) / 7200.0
    if "energy_Wh" in c:
        energy = c["energy_Wh"][ends].astype(np.float64)
        source = "vendor"
    else:
        p = v * i
        psum = np.empty(n)
        psum[0] = 2.0 * p[0]
        np.add(p[1:], p[:-1], out=psum[1:])
        del p
        psum *= dt
        energy = np.add.reduceat(psum, starts) / 7200.0
        del psum
        source = "integrated"
    del isum
    duration = np.add.reduceat(dt, starts)
    del dt
    i_max = np.maximum.reduceat(np.abs(i), starts)
    v_min = np.minimum.reduceat(v, starts)
    v_max = np.maximum.reduceat(v, starts)
    cv = _cv_capacity(table, starts, ends, st, q_end)
    # end-of-step IR drop: current step → idle next step
    ir_dv = np.full(starts.size, np.nan)
    ir_di = np.full(starts.size, np.nan)
    ir_dt = np.full(starts.size, np.nan)
    if starts.size > 1:
        nxt = starts[1:]
        di = i[ends[:-1]] - i[nxt]
        k = np.flatnonzero((d[:-1] != 0) & (np.abs(di) >= IR_CURRENT_FRACTION * i_max[:-1]))
        ir_dv[k] = v[ends[k]] - v[nxt[k]]
        ir_di[k] = di[k]
        ir_dt[k] = t[nxt[k]] - t[ends[k]]
    return StepStats(
        start=starts, end=ends, direction=d, cycle=c["cycle"][starts],
        half_cycle=c["half_cycle"][starts], step_type=st, capacity_Ah=q_end,
        coulomb_Ah=coulomb, energy_Wh=energy, cv_capacity_Ah=cv, duration_s=duration,
        current_max_A=i_max, voltage_start_V=v[starts], voltage_end_V=v[ends],
        voltage_min_V=v_min, voltage_max_V=v_max, ir_drop_V=ir_dv, ir_current_step_A=ir_di,
        ir_delay_s=ir_dt, energy_source=source)
