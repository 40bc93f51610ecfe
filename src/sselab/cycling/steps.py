"""Step-level helpers that need only the columns of a cycling record (all vectorised).

A *step* is a maximal run of consecutive rows under one programmed instruction (a CC
charge, a CV hold, a rest …).  Vendors number their protocol steps (``Step_Index``,
``Ns``, ``Step``), but the same protocol step recurs in every loop, so sselab numbers
steps itself: ``step_index`` counts step boundaries from 1 and never decreases.

Every function here works on whole arrays with :func:`numpy.add.reduceat`-style
reductions, so a 10-million-row record costs a few array passes.
"""

from __future__ import annotations

import numpy as np

#: Step-type vocabulary; ``step_type`` columns hold the index into this tuple (int8).
STEP_TYPES: tuple[str, ...] = (
    "unknown", "rest", "OCV", "CC", "CV", "CCCV", "CP", "CR", "pulse", "EIS", "other",
)
#: Name → code of :data:`STEP_TYPES`.
STEP_CODE: dict[str, int] = {name: code for code, name in enumerate(STEP_TYPES)}
#: Codes of step types that carry no net current by design.
IDLE_CODES: tuple[int, ...] = (STEP_CODE["rest"], STEP_CODE["OCV"], STEP_CODE["EIS"])


def step_index_from_keys(*keys: np.ndarray) -> np.ndarray:
    """Monotone step numbers (from 1) that advance whenever any key changes.

    Parameters
    ----------
    *keys : ndarray, shape (n,)
        Per-row vendor identifiers (protocol step id, cycle id, mode, …).  A change of any
        of them between two consecutive rows starts a new step.

    Returns
    -------
    ndarray of int32, shape (n,)
        1, 1, …, 2, 2, …; empty input gives an empty array.
    """
    if not keys:
        raise ValueError("step_index_from_keys needs at least one key array")
    n = len(keys[0])
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    change = np.zeros(n, dtype=bool)
    change[0] = True
    for k in keys:
        k = np.asarray(k)
        if len(k) != n:
            raise ValueError("all key arrays must have the same length")
        if n > 1:
            change[1:] |= k[1:] != k[:-1]
    return np.cumsum(change, dtype=np.int64).astype(np.int32)


def step_starts(step_index: np.ndarray) -> np.ndarray:
    """Row index of the first row of every step (int64, starts with 0 when non-empty)."""
    s = np.asarray(step_index)
    if s.size == 0:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate(([0], np.flatnonzero(s[1:] != s[:-1]) + 1)).astype(np.int64)


def step_lengths(starts: np.ndarray, n_rows: int) -> np.ndarray:
    """Number of rows of each step given its first rows."""
    return np.diff(np.append(starts, n_rows)).astype(np.int64)


def capacity_from_current(time_s: np.ndarray, current_A: np.ndarray,
                          step_index: np.ndarray) -> np.ndarray:
    """Coulomb counting within each step: Q(t) = ∫ I dt from the step's first row, in Ah.

    Trapezoidal rule, Q_k = Σ ½(I_j + I_{j−1})(t_j − t_{j−1}) / 3600 over the step's rows
    up to k.  The interval between the previous step's last row and a step's first row
    is counted in the new step (so the steps add up to the whole-record integral); the
    result restarts at each step like Neware/Maccor counters.
    """
    t = np.asarray(time_s, dtype=np.float64)
    i = np.asarray(current_A, dtype=np.float64)
    n = t.size
    if n == 0:
        return np.zeros(0)
    dq = np.zeros(n)
    dq[1:] = 0.5 * (i[1:] + i[:-1]) * np.diff(t) / 3600.0
    starts = step_starts(step_index)
    c = np.cumsum(dq)
    base = np.where(starts > 0, c[np.maximum(starts - 1, 0)], 0.0)
    return c - np.repeat(base, step_lengths(starts, n))


def capacity_from_cumulative(counter: np.ndarray, step_index: np.ndarray, *,
                             resets: bool = False) -> np.ndarray:
    """Per-step charge from a counter that runs on across steps, in the counter's unit.

    The baseline of a step is the counter's value on the last row of the previous step.
    With ``resets=True`` the counter is taken to be non-negative and non-decreasing
    between vendor resets (Arbin's ``Charge_Capacity``/``Discharge_Capacity``, which
    restart at every Arbin cycle): a step whose first value is below the previous step's
    last value starts from a baseline of 0.  With ``resets=False`` (a signed counter that
    runs over the whole file, e.g. Bio-Logic ``(Q-Qo)``) the previous value is always
    the baseline.
    """
    q = np.asarray(counter, dtype=np.float64)
    n = q.size
    if n == 0:
        return np.zeros(0)
    starts = step_starts(step_index)
    base = np.zeros(starts.size)
    if starts.size > 1:
        prev_last = q[starts[1:] - 1]
        if resets:
            first = q[starts[1:]]
            base[1:] = np.where(first < prev_last, 0.0, prev_last)
        else:
            base[1:] = prev_last
    return q - np.repeat(base, step_lengths(starts, n))


def step_end_values(values: np.ndarray, step_index: np.ndarray) -> np.ndarray:
    """The value on the last row of every step."""
    v = np.asarray(values)
    starts = step_starts(step_index)
    if starts.size == 0:
        return v[:0]
    return v[np.append(starts[1:], v.size) - 1]


def classify_steps(time_s: np.ndarray, voltage_V: np.ndarray, current_A: np.ndarray,
                   step_index: np.ndarray, *, rest_rel: float = 1e-4,
                   cc_rel_spread: float = 0.05, cv_spread_V: float = 0.005) -> np.ndarray:
    """Step type codes (per row, int8) from the data alone, for vendors that store none.

    Rules per step, on |I| and V over the step's rows (first row of a step excluded from
    the spreads when the step has more than two rows, to skip the switching transient):

    * ``rest`` — max |I| ≤ ``rest_rel`` × max |I| of the whole record (or exactly 0);
    * ``CC`` — (max |I| − min |I|) ≤ ``cc_rel_spread`` × max |I|;
    * ``CV`` — max V − min V ≤ ``cv_spread_V`` while the current is not constant;
    * ``CCCV`` — the first part of the step is CC and the end is CV: the current on the
      last row is below 1 − ``cc_rel_spread`` of the step's max |I| and the voltage on
      the last row lies within ``cv_spread_V`` of the step's extreme voltage;
    * ``other`` — anything else (drive cycles, pulses within one step …).
    """
    i = np.abs(np.asarray(current_A, dtype=np.float64))
    v = np.asarray(voltage_V, dtype=np.float64)
    n = i.size
    if n == 0:
        return np.zeros(0, dtype=np.int8)
    starts = step_starts(step_index)
    lens = step_lengths(starts, n)
    # mask the first row of steps longer than two rows out of the spread statistics
    skip = np.zeros(n, dtype=bool)
    skip[starts[lens > 2]] = True
    i_s = np.where(skip, np.nan, i)
    v_s = np.where(skip, np.nan, v)
    # reduceat on NaN-masked arrays: use fmax/fmin which ignore NaN
    imax = np.fmax.reduceat(i_s, starts)
    imin = np.fmin.reduceat(i_s, starts)
    vmax = np.fmax.reduceat(v_s, starts)
    vmin = np.fmin.reduceat(v_s, starts)
    ends = np.append(starts[1:], n) - 1
    i_end = i[ends]
    v_end = v[ends]
    imax_all = float(np.max(i)) if n else 0.0
    rest = np.fmax.reduceat(i, starts) <= rest_rel * imax_all
    cc = (imax - imin) <= cc_rel_spread * imax
    cv = (vmax - vmin) <= cv_spread_V
    v_extreme = np.where(np.abs(v_end - vmax) <= np.abs(v_end - vmin), vmax, vmin)
    cccv = (i_end < (1.0 - cc_rel_spread) * imax) & (np.abs(v_end - v_extreme) <= cv_spread_V)
    code = np.full(starts.size, STEP_CODE["other"], dtype=np.int8)
    code[cccv] = STEP_CODE["CCCV"]
    code[cv & ~cc] = STEP_CODE["CV"]
    code[cc] = STEP_CODE["CC"]
    code[rest] = STEP_CODE["rest"]
    return np.repeat(code, lens)


def codes_from_names(names: np.ndarray, mapping: dict[str, str]) -> np.ndarray:
    """Map vendor step-type labels (per row) to :data:`STEP_TYPES` codes (int8).

    ``mapping`` maps lower-case vendor labels to canonical names; unknown labels become
    ``unknown``.  Only the distinct labels are looked up, so this is fast on long records.
    """
    arr = np.asarray(names)
    if arr.size == 0:
        return np.zeros(0, dtype=np.int8)
    uniq, inv = np.unique(arr.astype(str), return_inverse=True)
    lut = np.array([STEP_CODE[mapping.get(str(u).strip().lower(), "unknown")] for u in uniq],
                   dtype=np.int8)
    return lut[inv.reshape(-1)]
