"""Half-cycles and cycles derived from the current sign and the step boundaries.

Vendor cycle counters disagree with each other and with the data (an Arbin export whose
``Cycle_Index`` is 1 throughout, a Maccor ``Cyc#`` stuck at 0, Neware files counted
150, 160 or 161 cycles by three readers).  sselab therefore derives its own:

half-cycle
    A maximal run of steps whose net charge has one sign.  Every step gets a direction,
    +1 (charge: Q_step > 0), −1 (discharge) or 0 (rest, OCV, EIS, or no current).  A new
    half-cycle starts at each step whose non-zero direction differs from the previous
    non-zero direction; zero-direction steps (rests) belong to the half-cycle before them.
    Rows before the first current-carrying step are half-cycle 0.  A CC step followed by
    a CV step in the same direction is one half-cycle, so its capacity is the *sum* of
    both steps (the CC+CV trap of per-cycle ``max()``).
cycle
    Starts at every half-cycle in the *first direction* of the policy: ``"charge"``
    (positive electrodes and full cells: charge then discharge) or ``"discharge"``
    (negative-electrode half-cells that lithiate first).  Half-cycles before the first
    one in that direction (e.g. the partial discharge from OCV that precedes charge-first
    cycling) are cycle 0.

The ``"auto"`` policy picks the first direction in this order:

1. the vendor cycle counter, when it advances at least twice: the direction of the
   half-cycles at whose start it most often advances;
2. otherwise the first current-carrying half-cycle, unless it is *partial*: when its
   charge is below ``partial_fraction`` (0.8) of the median of the next two half-cycles
   in the same direction, it is a leading partial half-cycle and the cycles start with
   the opposite direction;
3. otherwise ``"charge"``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sselab.cycling.steps import IDLE_CODES, step_end_values, step_lengths, step_starts
from sselab.errors import InputError

POLICIES: tuple[str, ...] = ("auto", "charge", "discharge", "vendor")


@dataclass(frozen=True)
class CycleAssignment:
    """Result of :func:`assign_cycles`.

    Attributes
    ----------
    half_cycle, cycle : ndarray of int32, shape (n,)
        Per-row derived numbers (0 = before the first half-cycle / cycle).
    first_direction : str
        ``"charge"``, ``"discharge"`` or ``"vendor"`` (cycles copied from the vendor).
    reason : str
        Why this first direction was chosen (for the table's notes).
    """

    half_cycle: np.ndarray
    cycle: np.ndarray
    first_direction: str
    reason: str


def step_directions(capacity_Ah: np.ndarray, current_A: np.ndarray, step_index: np.ndarray,
                    step_type: np.ndarray | None = None, *, rel_tol: float = 1e-5,
                    q_rel_tol: float = 1e-7) -> np.ndarray:
    """Direction of every step: +1 charge, −1 discharge, 0 idle (int8, one per step).

    The sign of the step's charge (``capacity_Ah`` on its last row) decides; when that is
    exactly 0 (a quantised export) the sign of the summed current decides.  Idle steps:
    type rest/OCV/EIS; largest |I| below ``rel_tol`` × the record's largest |I|; or a
    non-zero charge below ``q_rel_tol`` × the largest step charge (the one-record
    transition steps Arbin writes between protocol steps hold ~10⁻¹² Ah).
    """
    i = np.asarray(current_A, dtype=np.float64)
    n = i.size
    starts = step_starts(step_index)
    if n == 0:
        return np.zeros(0, dtype=np.int8)
    q_end = step_end_values(np.asarray(capacity_Ah, dtype=np.float64), step_index)
    i_sum = np.add.reduceat(i, starts)
    i_max = np.maximum.reduceat(np.abs(i), starts)
    d = np.sign(q_end)
    d = np.where(d == 0, np.sign(i_sum), d)
    scale = float(np.max(np.abs(i)))
    d[i_max <= rel_tol * scale] = 0
    q_abs = np.abs(q_end)
    d[(q_abs > 0) & (q_abs <= q_rel_tol * float(np.max(q_abs)))] = 0
    if step_type is not None:
        st = np.asarray(step_type)[starts]
        d[np.isin(st, IDLE_CODES)] = 0
    return d.astype(np.int8)


def half_cycles_per_step(directions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Half-cycle number of every step and the direction of every half-cycle.

    Returns
    -------
    hc_of_step : ndarray of int32
        0 for steps before the first current-carrying step, else 1, 2, …
    hc_direction : ndarray of int8
        Direction of half-cycle k at index k (index 0 is 0).
    """
    d = np.asarray(directions, dtype=np.int8)
    active = np.flatnonzero(d != 0)
    hc = np.zeros(d.size, dtype=np.int32)
    if active.size == 0:
        return hc, np.zeros(1, dtype=np.int8)
    da = d[active]
    new = np.ones(da.size, dtype=bool)
    new[1:] = da[1:] != da[:-1]
    hc[active] = np.cumsum(new, dtype=np.int64).astype(np.int32)
    hc = np.maximum.accumulate(hc)
    hc_dir = np.concatenate(([0], da[new])).astype(np.int8)
    return hc, hc_dir


def _vendor_vote(vendor_cycle_step: np.ndarray, hc_of_step: np.ndarray,
                 hc_dir: np.ndarray) -> int:
    """Direction (+1/−1) at whose half-cycle starts the vendor cycle counter advances, or 0."""
    vc = np.asarray(vendor_cycle_step, dtype=np.float64)
    if vc.size < 2:
        return 0
    adv = np.flatnonzero(np.diff(vc) > 0) + 1  # step indices where the vendor cycle advances
    if adv.size < 2:
        return 0
    hc_new = np.zeros(hc_of_step.size, dtype=bool)
    hc_new[1:] = hc_of_step[1:] != hc_of_step[:-1]
    hc_new[0] = hc_of_step[0] > 0
    # an advance counts for the first half-cycle that starts at or after it
    starts_hc = np.flatnonzero(hc_new)
    if starts_hc.size == 0:
        return 0
    pos = np.searchsorted(starts_hc, adv)
    pos = pos[pos < starts_hc.size]
    dirs = hc_dir[hc_of_step[starts_hc[pos]]]
    n_ch = int(np.sum(dirs > 0))
    n_dis = int(np.sum(dirs < 0))
    if n_ch == n_dis:
        return 0
    return 1 if n_ch > n_dis else -1


def _partial_first(hc_charge: np.ndarray, hc_dir: np.ndarray, fraction: float) -> bool:
    """True when half-cycle 1 holds < ``fraction`` × median of the next two like it."""
    if hc_dir.size < 2:
        return False
    same = np.flatnonzero(hc_dir[2:] == hc_dir[1]) + 2
    if same.size == 0:
        return False
    ref = float(np.median(hc_charge[same[:2]]))
    return ref > 0 and hc_charge[1] < fraction * ref


def assign_cycles(step_index: np.ndarray, current_A: np.ndarray, capacity_Ah: np.ndarray,
                  step_type: np.ndarray | None = None, vendor_cycle: np.ndarray | None = None,
                  *, policy: str = "auto", partial_fraction: float = 0.8) -> CycleAssignment:
    """Derive ``half_cycle`` and ``cycle`` per row (see the module docstring for the rules).

    Parameters
    ----------
    step_index, current_A, capacity_Ah, step_type, vendor_cycle : ndarray, shape (n,)
        Columns of a :class:`~sselab.cycling.table.CyclingTable` (A, per-step Ah).
    policy : {"auto", "charge", "discharge", "vendor"}
        First direction of a cycle, or ``"vendor"`` to copy the vendor cycle numbers.
    partial_fraction : float
        Threshold of the leading-partial-half-cycle test of ``"auto"``.
    """
    if policy not in POLICIES:
        raise InputError(f"cycle policy must be one of {', '.join(POLICIES)}; got {policy!r}")
    n = np.asarray(current_A).size
    starts = step_starts(step_index)
    lens = step_lengths(starts, n)
    d = step_directions(capacity_Ah, current_A, step_index, step_type)
    hc_step, hc_dir = half_cycles_per_step(d)
    half_cycle = np.repeat(hc_step, lens).astype(np.int32)
    if policy == "vendor":
        if vendor_cycle is None:
            raise InputError("cycle policy 'vendor' needs a vendor cycle column; this file has "
                             "none: use 'auto', 'charge' or 'discharge'")
        return CycleAssignment(half_cycle, np.asarray(vendor_cycle, dtype=np.int32),
                               "vendor", "cycle numbers copied from the vendor's counter")
    q_end = np.abs(step_end_values(np.asarray(capacity_Ah, dtype=np.float64), step_index))
    hc_charge = np.bincount(hc_step, weights=np.where(d != 0, q_end, 0.0),
                            minlength=hc_dir.size)
    if policy in ("charge", "discharge"):
        first = 1 if policy == "charge" else -1
        reason = f"first direction {policy!r} given"
    else:
        first, reason = 0, ""
        if vendor_cycle is not None:
            first = _vendor_vote(np.asarray(vendor_cycle)[starts], hc_step, hc_dir)
            if first:
                reason = ("auto: the vendor cycle counter advances at "
                          f"{'charge' if first > 0 else 'discharge'} half-cycles")
        if not first and hc_dir.size > 1:
            first = int(hc_dir[1])
            if _partial_first(hc_charge, hc_dir, partial_fraction):
                first = -first
                reason = ("auto: the first half-cycle is partial "
                          f"({hc_charge[1]:.4g} Ah, < {partial_fraction:g} × the next ones "
                          "like it), so it is cycle 0 and cycles start with the other direction")
            else:
                reason = "auto: cycles start with the direction of the first half-cycle"
        if not first:
            first, reason = 1, "auto: no current-carrying step; 'charge' assumed"
    starts_cycle = (hc_dir == first)
    starts_cycle[0] = False
    cyc_of_hc = np.cumsum(starts_cycle, dtype=np.int64).astype(np.int32)
    cycle = cyc_of_hc[half_cycle]
    return CycleAssignment(half_cycle, cycle, "charge" if first > 0 else "discharge", reason)
