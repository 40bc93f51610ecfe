"""Cycle definition as a policy, and the flags for the edges of a record.

The canonical table already carries a derived ``cycle`` column (see
:mod:`sselab.cycling.halfcycles`): a cycle opens with a half-cycle in the *first
direction* of the policy,

* ``"charge"`` — positive electrodes and full cells (charge, then discharge);
* ``"discharge"`` — negative-electrode half-cells that lithiate first;
* ``"vendor"`` — the instrument's own counter, copied;
* ``"auto"`` — the vendor counter's habit, else the first half-cycle unless it is partial.

This module chooses the policy for an analysis, fixes the Coulombic-efficiency
convention that goes with it, and flags the two edges every real record has:

leading partial half-cycle
    current-carrying rows before the first half-cycle in the opening direction (an
    OCV → cut-off discharge before charge-first cycling) are cycle 0, never cycle 1; and
    a record that starts in the middle of a half-cycle (a fragment of a longer test) has
    a cycle 1 whose opening half-cycle holds clearly less than the next ones at the same
    current.
trailing incomplete cycle
    the last cycle lacks its closing half-cycle, or that half-cycle holds clearly less
    than the previous ones at the same current (the test stopped mid-discharge).

Both are reported and excluded from efficiencies, retention and rate averages.

Coulombic efficiency (CE) = closing / opening capacity of a complete cycle:
discharge/charge for a charge-first cell (cathode, full cell), charge/discharge
(delithiation/lithiation) for a discharge-first negative-electrode half-cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sselab.cycling.halfcycles import POLICIES
from sselab.cycling.table import CyclingTable
from sselab.errors import InputError

#: A half-cycle is partial/truncated when it holds less than this fraction of the
#: median of its neighbours at the same current.
PARTIAL_FRACTION = 0.8
#: Currents within this relative tolerance count as the same level.
SAME_CURRENT_REL_TOL = 0.1

CE_CONVENTIONS: dict[str, str] = {"charge": "discharge/charge", "discharge": "charge/discharge"}

__all__ = ["CE_CONVENTIONS", "POLICIES", "CycleEdges", "apply_cycle_policy", "detect_edges",
           "opening_direction"]


def apply_cycle_policy(table: CyclingTable, first: str = "auto") -> CyclingTable:
    """``table`` with its cycles derived under ``first`` (no copy when already so).

    Parameters
    ----------
    first : {"auto", "charge", "discharge", "vendor"}
    """
    f = str(first).strip().lower()
    if f not in POLICIES:
        raise InputError(f"cycle policy must be one of {', '.join(POLICIES)}; got {first!r}")
    if f == "vendor" and "vendor_cycle" not in table:
        raise InputError("this file has no vendor cycle counter; use --first charge|discharge "
                         "or auto")
    if table.metadata.cycle_policy == f:
        return table
    return table.with_cycle_policy(f)


def opening_direction(cycle_of_step: np.ndarray, direction_of_step: np.ndarray) -> int:
    """+1/−1: the direction of the first current-carrying step of most cycles ≥ 1 (0: none)."""
    d = np.asarray(direction_of_step)
    c = np.asarray(cycle_of_step)
    act = np.flatnonzero((d != 0) & (c >= 1))
    if act.size == 0:
        return 0
    cc = c[act]
    first = np.ones(cc.size, dtype=bool)
    first[1:] = cc[1:] != cc[:-1]
    dirs = d[act][first]
    n_ch, n_dis = int(np.sum(dirs > 0)), int(np.sum(dirs < 0))
    if n_ch == n_dis:
        return int(dirs[0])
    return 1 if n_ch > n_dis else -1


@dataclass(frozen=True)
class CycleEdges:
    """Edge flags of a record (cycle numbers refer to the summary's ``cycle`` array).

    Attributes
    ----------
    leading_partial_cycles : tuple of int
        Cycles holding a leading partial half-cycle: 0 (rows before the first opening
        half-cycle) and/or 1 (the record starts mid-half-cycle).
    trailing_incomplete_cycle : int or None
        The last cycle when it is incomplete.
    messages : tuple of str
        One sentence per flag.
    """

    leading_partial_cycles: tuple[int, ...] = ()
    trailing_incomplete_cycle: int | None = None
    messages: tuple[str, ...] = ()


def _same_level(a: float, b: np.ndarray, tol: float) -> np.ndarray:
    return np.abs(b - a) <= tol * np.maximum(np.abs(a), np.abs(b))


def detect_edges(cycle: np.ndarray, opening_Ah: np.ndarray, closing_Ah: np.ndarray,
                 opening_current_A: np.ndarray, closing_current_A: np.ndarray,
                 opening_name: str, closing_name: str, *, fragment_start: bool = False,
                 ends_with_opening: bool = False, pre_cycle: bool = True,
                 fraction: float = PARTIAL_FRACTION,
                 current_tol: float = SAME_CURRENT_REL_TOL) -> CycleEdges:
    """Flag the leading partial half-cycle and the trailing incomplete cycle.

    Parameters
    ----------
    cycle : ndarray of int
        Cycle numbers in order (0 may be present).
    opening_Ah, closing_Ah : ndarray
        Capacity of each cycle's opening and closing half-cycles (≥ 0), Ah.
    opening_current_A, closing_current_A : ndarray
        Their current levels (|I|), A.
    opening_name, closing_name : str
        ``"charge"``/``"discharge"`` for the messages.
    fragment_start : bool
        The record is known to start inside a half-cycle (its test time starts well after
        0, or its first step is a CV hold): the first cycle ≥ 1 is flagged when cycle 0
        holds nothing.
    ends_with_opening : bool
        The record's last current-carrying step is in the opening direction (a cycle
        whose closing half-cycle never came, whatever the numbering).
    pre_cycle : bool
        Cycle 0 means "before the first cycle" (sselab's derived numbering); False for a
        vendor counter, which may legitimately start at 0.
    """
    cyc = np.asarray(cycle)
    qo = np.asarray(opening_Ah, dtype=float)
    qc = np.asarray(closing_Ah, dtype=float)
    io = np.asarray(opening_current_A, dtype=float)
    ic = np.asarray(closing_current_A, dtype=float)
    leading: list[int] = []
    msgs: list[str] = []
    first_real = 1 if pre_cycle else (int(cyc.min()) if cyc.size else 0)
    pos0 = np.flatnonzero(cyc == 0) if pre_cycle else np.zeros(0, dtype=np.int64)
    if pos0.size and (qo[pos0[0]] > 0 or qc[pos0[0]] > 0):
        k = pos0[0]
        parts = [f"{name} {q * 1e3:.6g} mAh" for name, q in ((opening_name, qo[k]),
                                                               (closing_name, qc[k])) if q > 0]
        leading.append(0)
        msgs.append(f"leading partial half-cycle before the first {opening_name}: "
                    f"{', '.join(parts)}; kept out of cycle 1 (cycle 0)")
    pos1 = np.flatnonzero(cyc >= first_real)
    c1 = int(cyc[pos1[0]]) if pos1.size else 1
    if fragment_start and not leading and pos1.size:
        leading.append(c1)
        msgs.append(f"cycle {c1} opens with a partial {opening_name}: the record starts inside "
                    "a half-cycle (a fragment of a longer test)")
    elif pos1.size:
        k = int(pos1[0])
        later = np.flatnonzero((cyc > c1) & (qo > 0) & (qc > 0))[:5]
        later = later[_same_level(io[k], io[later], current_tol)] if later.size else later
        if later.size >= 2 and qo[k] > 0:
            ref = float(np.median(qo[later]))
            if qo[k] < fraction * ref:
                leading.append(c1)
                msgs.append(f"cycle {c1} opens with a partial {opening_name} "
                            f"({qo[k] * 1e3:.6g} mAh, < {fraction:g} × the next ones at the "
                            f"same current, {ref * 1e3:.6g} mAh): the record starts "
                            "mid-half-cycle")
    trailing = None
    act = np.flatnonzero((cyc >= first_real) & ((qo > 0) | (qc > 0)))
    if act.size:
        k = int(act[-1])
        if qc[k] <= 0:
            trailing = int(cyc[k])
            msgs.append(f"cycle {trailing} has no {closing_name}: the record ends after its "
                        f"{opening_name} (incomplete last cycle)")
        elif ends_with_opening:
            trailing = int(cyc[k])
            msgs.append(f"cycle {trailing} is incomplete: the record ends with a "
                        f"{opening_name} that no {closing_name} follows")
        else:
            prev = act[:-1]
            prev = prev[(qo[prev] > 0) & (qc[prev] > 0)]
            prev = prev[_same_level(ic[k], ic[prev], current_tol)][-3:] if prev.size else prev
            if prev.size:
                ref = float(np.median(qc[prev]))
                if qc[k] < fraction * ref:
                    trailing = int(cyc[k])
                    msgs.append(f"cycle {trailing} is incomplete: its {closing_name} holds "
                                f"{qc[k] * 1e3:.6g} mAh, < {fraction:g} × the previous ones "
                                f"at the same current ({ref * 1e3:.6g} mAh); the record "
                                "stops mid-half-cycle")
    return CycleEdges(tuple(leading), trailing, tuple(msgs))
