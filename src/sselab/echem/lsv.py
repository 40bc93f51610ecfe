"""Electrochemical stability window from LSV/CV records: reduction and oxidation onsets.

A record is split into monotonic sweeps (:mod:`sselab.echem.sweeps`); by default the
first anodic sweep gives the oxidation onset and the first cathodic sweep the reduction
onset (an LSV from open circuit has one of them; a CV or a pair of LSV files has both).
Each onset is found by tangent intersection *and* by a current-density threshold
(:mod:`sselab.echem.onset`), both reported with their settings.

Potentials are referred to Li/Li⁺ by adding ``reference_offset_V``, the potential of the
counter/reference electrode vs Li/Li⁺: 0 for Li metal (the paper's Li | LPSCl-LZACO |
LZACO+SS cell), ≈ 0.62 V for Li-In, ≈ 3.29 V for an aqueous SCE.

Reference
---------
Hu et al., Nat. Commun. (2026), Supplementary Fig. 16: reduction and oxidation of LZACO
at 1.62 and 4.19 V vs Li/Li⁺ (0.1 mV s⁻¹, 25 °C).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sselab.echem.onset import SweepOnsets, analyse_sweep
from sselab.echem.sweeps import Sweep, split_sweeps
from sselab.errors import InputError


@dataclass(frozen=True)
class WindowSide:
    """The onsets of one side of the window, with the sweep they came from."""

    sweep: Sweep
    onsets: SweepOnsets
    source: str = ""


@dataclass(frozen=True)
class StabilityWindow:
    """Reduction and oxidation onsets of one or more records, vs Li/Li⁺.

    Attributes
    ----------
    reduction, oxidation : WindowSide or None
        None when no sweep in that direction was analysed.
    reference_offset_V : float
        Added to the measured potentials, V.
    sweeps : tuple of Sweep
        All sweeps found (of the last record when merged).
    settings : mapping
        The options used (area, thresholds, rise fraction, baseline windows).
    """

    reduction: WindowSide | None
    oxidation: WindowSide | None
    reference_offset_V: float
    sweeps: tuple[Sweep, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def reduction_onset_V(self) -> float:
        """Tangent-intersection reduction onset vs Li/Li⁺, V (NaN if not found)."""
        s = self.reduction
        return s.onsets.tangent.potential_V if s is not None else math.nan

    @property
    def oxidation_onset_V(self) -> float:
        """Tangent-intersection oxidation onset vs Li/Li⁺, V (NaN if not found)."""
        s = self.oxidation
        return s.onsets.tangent.potential_V if s is not None else math.nan

    @property
    def width_V(self) -> float:
        """Oxidation minus reduction tangent onset, V (NaN unless both were found)."""
        return self.oxidation_onset_V - self.reduction_onset_V

    def sides(self) -> list[tuple[str, WindowSide]]:
        """``[("reduction", side), ("oxidation", side)]`` for the sides present."""
        return [(k, s) for k, s in (("reduction", self.reduction), ("oxidation", self.oxidation))
                if s is not None]


def stability_window(potential_V: Sequence[float] | np.ndarray,
                     current_A: Sequence[float] | np.ndarray, *,
                     sweep_potential_V: Sequence[float] | np.ndarray | None = None,
                     reference_offset_V: float = 0.0, area_m2: float | None = None,
                     threshold_A_per_m2: float | None = 0.01, threshold_A: float | None = None,
                     rise_fraction: tuple[float, float] = (0.4, 0.9),
                     baseline_window_V: tuple[float, float] | None = None,
                     oxidation_sweep: int | None = None, reduction_sweep: int | None = None,
                     threshold_baseline: bool = True, source: str = "") -> StabilityWindow:
    """Onsets of the first anodic and first cathodic sweep of a record.

    Parameters
    ----------
    potential_V, current_A : array of float
        The record, V (measured scale) and A.
    sweep_potential_V : array of float, optional
        Programmed potential for splitting sweeps (noise-free); default ``potential_V``.
    reference_offset_V : float
        Potential of the reference/counter electrode vs Li/Li⁺, V.
    area_m2 : float, optional
        Electrode area, m² (needed for a current-density threshold).
    threshold_A_per_m2, threshold_A : float, optional
        Threshold as a current density (default 0.01 A m⁻² = 1 µA cm⁻²; needs the
        area) or as a current (overrides).
    rise_fraction : (float, float)
        Tangent window, fractions of the maximum baseline-corrected current.
    baseline_window_V : (float, float), optional
        Baseline range vs Li/Li⁺ (i.e. after the offset), V; applies to every sweep.
    oxidation_sweep, reduction_sweep : int, optional
        Index (into the sweeps found) to analyse instead of the first of each direction.
    threshold_baseline : bool
        Threshold on the baseline-corrected (default) or raw current.
    source : str
        Label of the record (file name) kept in the result.

    Returns
    -------
    StabilityWindow

    Raises
    ------
    InputError
        Bad arrays, an offset that is not finite, or a sweep index that does not exist.
    """
    off = float(reference_offset_V)
    if not math.isfinite(off):
        raise InputError(f"reference_offset_V must be finite; got {reference_offset_V!r}")
    e = np.asarray(potential_V, dtype=float).reshape(-1)
    i = np.asarray(current_A, dtype=float).reshape(-1)
    if e.size != i.size:
        raise InputError(f"potential and current differ in length: {e.size} vs {i.size}")
    ctrl = e if sweep_potential_V is None else np.asarray(sweep_potential_V, dtype=float).ravel()
    if ctrl.size != e.size:
        raise InputError(f"sweep_potential_V has {ctrl.size} values for {e.size} points")
    finite = np.isfinite(e) & np.isfinite(i) & np.isfinite(ctrl)
    if not finite.all():
        e, i, ctrl = e[finite], i[finite], ctrl[finite]
    sweeps = split_sweeps(ctrl)
    if not sweeps:
        raise InputError("no potential sweep found: the potential does not change by more than "
                         "the noise; is this a voltammetry record?")
    settings = {"area_m2": area_m2, "threshold_A_per_m2": threshold_A_per_m2,
                "threshold_A": threshold_A, "rise_fraction": tuple(rise_fraction),
                "baseline_window_V": baseline_window_V, "threshold_baseline": threshold_baseline,
                "reference_offset_V": off, "n_dropped_nonfinite": int((~finite).sum())}

    def pick(direction: int, wanted: int | None) -> Sweep | None:
        if wanted is not None:
            if not 0 <= wanted < len(sweeps):
                raise InputError(f"sweep {wanted} does not exist; the record has {len(sweeps)} "
                                 "sweeps (0-based)")
            if sweeps[wanted].direction != direction:
                kind = "anodic" if direction > 0 else "cathodic"
                raise InputError(f"sweep {wanted} is {sweeps[wanted].kind}, not {kind}")
            return sweeps[wanted]
        return next((s for s in sweeps if s.direction == direction), None)

    sides: dict[int, WindowSide | None] = {}
    for direction, wanted in ((1, oxidation_sweep), (-1, reduction_sweep)):
        sw = pick(direction, wanted)
        if sw is None:
            sides[direction] = None
            continue
        sl = slice(sw.start, sw.stop)
        res = analyse_sweep(e[sl] + off, i[sl], direction=direction, area_m2=area_m2,
                            threshold_A_per_m2=threshold_A_per_m2, threshold_A=threshold_A,
                            baseline_window_V=baseline_window_V, rise_fraction=rise_fraction,
                            threshold_baseline=threshold_baseline)
        sides[direction] = WindowSide(sw, res, source)
    return StabilityWindow(sides[-1], sides[1], off, sweeps, settings)


def merge_windows(windows: Sequence[StabilityWindow]) -> StabilityWindow:
    """One window from several records (e.g. separate oxidation and reduction LSVs).

    Each side is taken from the first record whose tangent onset on that side was
    detected, else from the first record that has that side at all.
    """
    if not windows:
        raise InputError("no records to merge")

    def best(getter) -> WindowSide | None:
        present = [getter(w) for w in windows if getter(w) is not None]
        found = [s for s in present if s.onsets.tangent.detected]
        return (found or present or [None])[0]

    offs = {w.reference_offset_V for w in windows}
    if len(offs) > 1:
        raise InputError(f"records use different reference offsets {sorted(offs)}")
    last = windows[-1]
    return StabilityWindow(best(lambda w: w.reduction), best(lambda w: w.oxidation),
                           last.reference_offset_V, last.sweeps, dict(last.settings))
