"""Differential capacity dQ/dV and differential voltage dV/dQ, robust to non-monotonic V.

Grouping samples by voltage and differencing (navani#15) scrambles curves whose voltage
goes back and forth — noise, relaxation after a current change, a multi-rate step-down.
Here the half-cycle is treated as a path Q(V) along which the voltage should move in one
direction (up on charge, down on discharge):

1. *Monotone runs.*  With x = s·V (s = +1 charge, −1 discharge) the record splits into
   maximal runs where x rises; their number (and the reversals between them) is reported.
2. *Monotone fit.*  x is replaced by its isotonic (pool-adjacent-violators) regression
   x̂ on the sample order — the closest non-decreasing sequence in least squares.  A
   backward run is pooled with its neighbours into one flat piece, so the charge it
   carries is put at one voltage instead of being counted twice.
3. *Integration on a voltage grid.*  Q(x̂) is interpolated at the edges of a uniform grid
   of width ΔV (default 5 mV) and differenced: dQ/dV_k = (Q(e_{k+1}) − Q(e_k)) / ΔV.  The
   integral of dQ/dV over the grid equals the half-cycle's capacity (charge is conserved).
4. *Smoothing in volts.*  A Gaussian of standard deviation σ_V (default 10 mV) — fixed in
   volts, not in samples, so the result does not depend on the logging interval.
5. *Peaks.*  :func:`scipy.signal.find_peaks` with a prominence of at least ``peak_prominence``
   × the curve's maximum; the full width at half prominence is given in volts.

dV/dQ is V̂(Q) on a uniform capacity grid, smoothed with a Gaussian of σ_Q (default 1 % of
the capacity) and differentiated with central differences.

Capacities are magnitudes (Ah, ≥ 0); dQ/dV is returned ≥ 0 for both directions
(``signed_dqdv`` gives the conventional negative sign of discharge).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sselab.cycling.table import CyclingTable
from sselab.errors import InputError

BIN_WIDTH_V = 0.005
SMOOTHING_V = 0.010
PEAK_PROMINENCE = 0.05


@dataclass(frozen=True)
class Peak:
    """A dQ/dV peak: position (cell voltage, V), height (Ah V⁻¹), prominence, FWHM (V)."""

    voltage_V: float
    height_Ah_per_V: float
    prominence_Ah_per_V: float
    width_V: float


@dataclass(frozen=True)
class DifferentialCapacity:
    """dQ/dV of one half-cycle on a uniform voltage grid (ascending voltage).

    Attributes
    ----------
    voltage_V : ndarray
        Bin centres, cell voltage, V.
    dqdv_Ah_per_V, raw_dqdv_Ah_per_V : ndarray
        Smoothed and unsmoothed |dQ/dV|, Ah V⁻¹.
    direction : int
        +1 charge, −1 discharge.
    bin_width_V, smoothing_V : float
    peaks : tuple of Peak
    n_monotone_runs, n_reversals : int
        Runs in which the voltage moves the expected way, and the backward moves between
        them, in the raw samples.
    capacity_Ah : float
        Capacity of the half-cycle (= ∫ dQ/dV dV).
    reference_offset_V : float or None
        Anode offset; ``voltage_V + reference_offset_V`` is E vs Li/Li⁺.
    """

    voltage_V: np.ndarray
    dqdv_Ah_per_V: np.ndarray
    raw_dqdv_Ah_per_V: np.ndarray
    direction: int
    bin_width_V: float
    smoothing_V: float
    peaks: tuple[Peak, ...]
    n_monotone_runs: int
    n_reversals: int
    capacity_Ah: float
    reference_offset_V: float | None = None

    @property
    def signed_dqdv(self) -> np.ndarray:
        """dQ/dV with discharge negative (the usual plotting convention)."""
        return self.direction * self.dqdv_Ah_per_V


@dataclass(frozen=True)
class DifferentialVoltage:
    """dV/dQ of one half-cycle on a uniform capacity grid.

    Attributes
    ----------
    capacity_Ah, voltage_V, dvdq_V_per_Ah : ndarray
    direction : int
    smoothing_Ah : float
    """

    capacity_Ah: np.ndarray
    voltage_V: np.ndarray
    dvdq_V_per_Ah: np.ndarray
    direction: int
    smoothing_Ah: float


def monotone_runs(voltage_V: np.ndarray, direction: int) -> tuple[int, int]:
    """(runs, reversals): maximal runs of s·V non-decreasing, and the backward moves."""
    x = direction * np.asarray(voltage_V, dtype=float)
    dx = np.diff(x)
    dx = dx[dx != 0]
    if dx.size == 0:
        return (1 if x.size else 0), 0
    back = dx < 0
    reversals = int(np.sum(back[1:] & ~back[:-1]) + (1 if back[0] else 0))
    return reversals + 1, reversals


def _isotonic(x: np.ndarray) -> np.ndarray:
    try:
        from scipy.optimize import isotonic_regression
    except ImportError:  # scipy < 1.12: the running maximum is a monotone (upper) envelope
        return np.maximum.accumulate(x)
    return np.asarray(isotonic_regression(x, increasing=True).x)


def _prepare(voltage_V: np.ndarray, capacity_Ah: np.ndarray, direction: int
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if direction not in (1, -1):
        raise InputError(f"direction must be +1 (charge) or -1 (discharge); got {direction!r}")
    v = np.asarray(voltage_V, dtype=float)
    q = np.abs(np.asarray(capacity_Ah, dtype=float))
    if v.shape != q.shape or v.ndim != 1:
        raise InputError("voltage and capacity must be 1-D arrays of the same length")
    if v.size < 3:
        raise InputError(f"a differential analysis needs at least 3 samples; got {v.size}")
    if not (np.all(np.isfinite(v)) and np.all(np.isfinite(q))):
        raise InputError("voltage and capacity must be finite")
    q = np.maximum.accumulate(q)
    return v, q, _isotonic(direction * v)


def dqdv(voltage_V: np.ndarray, capacity_Ah: np.ndarray, direction: int, *,
         bin_width_V: float = BIN_WIDTH_V, smoothing_V: float = SMOOTHING_V,
         peak_prominence: float = PEAK_PROMINENCE,
         reference_offset_V: float | None = None) -> DifferentialCapacity:
    """dQ/dV of one half-cycle (see the module docstring).

    Parameters
    ----------
    voltage_V : ndarray
        Cell voltage in sample order, V.
    capacity_Ah : ndarray
        Charge passed since the start of the half-cycle (cumulative over its steps), Ah.
    direction : {+1, -1}
        Charge or discharge.
    bin_width_V, smoothing_V : float
        Grid width and Gaussian σ in volts (``smoothing_V = 0`` → no smoothing).
    peak_prominence : float
        Minimum peak prominence as a fraction of the curve's maximum.
    """
    from scipy.ndimage import gaussian_filter1d
    from scipy.signal import find_peaks, peak_widths

    if not (bin_width_V > 0) or smoothing_V < 0:
        raise InputError("bin_width_V must be > 0 and smoothing_V ≥ 0")
    v, q, xi = _prepare(voltage_V, capacity_Ah, direction)
    runs, rev = monotone_runs(v, direction)
    last = np.concatenate((np.flatnonzero(np.diff(xi) > 0), [xi.size - 1]))
    xu = np.concatenate(([xi[0] - 1e-12], xi[last]))
    qu = np.concatenate(([q[0]], q[last]))
    lo = np.floor(xu[0] / bin_width_V) * bin_width_V
    hi = np.ceil(xu[-1] / bin_width_V) * bin_width_V
    n_bins = max(int(round((hi - lo) / bin_width_V)), 1)
    if n_bins > 2_000_000:
        raise InputError(f"voltage span {hi - lo:.3g} V / bin {bin_width_V:g} V gives too many "
                         "bins; use a wider bin")
    edges = lo + bin_width_V * np.arange(n_bins + 1)
    q_edge = np.interp(edges, xu, qu)
    raw = np.diff(q_edge) / bin_width_V
    sigma = smoothing_V / bin_width_V
    smooth = gaussian_filter1d(raw, sigma, mode="constant") if sigma > 0 else raw.copy()
    centres = 0.5 * (edges[1:] + edges[:-1])
    volts = direction * centres
    peaks: list[Peak] = []
    if smooth.size >= 3 and np.max(smooth) > 0:
        idx, props = find_peaks(smooth, prominence=peak_prominence * float(np.max(smooth)))
        if idx.size:
            w = peak_widths(smooth, idx, rel_height=0.5)[0] * bin_width_V
            order = np.argsort(-smooth[idx])
            peaks = [Peak(float(volts[idx[k]]), float(smooth[idx[k]]),
                          float(props["prominences"][k]), float(w[k])) for k in order]
    if direction < 0:
        volts, smooth, raw = volts[::-1], smooth[::-1], raw[::-1]
    return DifferentialCapacity(
        voltage_V=volts, dqdv_Ah_per_V=smooth, raw_dqdv_Ah_per_V=raw, direction=direction,
        bin_width_V=float(bin_width_V), smoothing_V=float(smoothing_V), peaks=tuple(peaks),
        n_monotone_runs=runs, n_reversals=rev, capacity_Ah=float(q[-1] - q[0]),
        reference_offset_V=reference_offset_V)


def dvdq(voltage_V: np.ndarray, capacity_Ah: np.ndarray, direction: int, *,
         n_points: int = 400, smoothing_fraction: float = 0.01) -> DifferentialVoltage:
    """dV/dQ of one half-cycle on ``n_points`` capacities; Gaussian σ = fraction × Q."""
    from scipy.ndimage import gaussian_filter1d

    if n_points < 5 or smoothing_fraction < 0:
        raise InputError("n_points must be ≥ 5 and smoothing_fraction ≥ 0")
    v, q, xi = _prepare(voltage_V, capacity_Ah, direction)
    span = float(q[-1] - q[0])
    if span <= 0:
        raise InputError("the half-cycle carries no charge")
    last = np.concatenate((np.flatnonzero(np.diff(q) > 0), [q.size - 1]))
    qg = np.linspace(q[0], q[-1], n_points)
    vg = direction * np.interp(qg, q[last], xi[last])
    dq = qg[1] - qg[0]
    sigma = smoothing_fraction * span / dq
    vs = gaussian_filter1d(vg, sigma, mode="nearest") if sigma > 0 else vg
    return DifferentialVoltage(capacity_Ah=qg - q[0], voltage_V=vs,
                               dvdq_V_per_Ah=np.gradient(vs, dq), direction=direction,
                               smoothing_Ah=smoothing_fraction * span)


# ---------------------------------------------------------------------- table helpers
def half_cycle_curve(table: CyclingTable, cycle: int, direction: int,
                     steps: object | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(time_s, voltage_V, cumulative |Q| in Ah) of the ``direction`` half of ``cycle``.

    Rests inside the half-cycle are skipped; the capacity runs on across its steps (CC, CV,
    multi-rate segments).
    """
    from sselab.cycling.step_stats import StepStats, step_stats

    st = steps if isinstance(steps, StepStats) else step_stats(table)
    sel = np.flatnonzero((st.cycle == int(cycle)) & (st.direction == int(direction)))
    if sel.size == 0:
        name = "charge" if direction > 0 else "discharge"
        raise InputError(f"cycle {cycle} has no {name} in this record")
    lens = st.end[sel] - st.start[sel] + 1
    before = np.concatenate(([0], np.cumsum(lens)[:-1]))
    rows = np.repeat(st.start[sel] - before, lens) + np.arange(int(lens.sum()))
    offset = np.concatenate(([0.0], np.cumsum(np.abs(st.capacity_Ah[sel]))[:-1]))
    q = np.abs(table["capacity_Ah"][rows]) + np.repeat(offset, lens)
    return table["time_s"][rows], table["voltage_V"][rows], q


def cycle_dqdv(table: CyclingTable, cycle: int, direction: int, **options: float
               ) -> DifferentialCapacity:
    """:func:`dqdv` of one half-cycle of ``table`` (options as for :func:`dqdv`)."""
    _, v, q = half_cycle_curve(table, cycle, direction)
    off = options.pop("reference_offset_V", table.metadata.reference_offset_V)
    return dqdv(v, q, direction, reference_offset_V=off, **options)  # type: ignore[arg-type]
