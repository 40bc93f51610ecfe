"""Rate capability: cycles grouped by current level, mean ± sd per level, recovery.

Current levels
    The closing-half-cycle currents of the complete cycles are clustered on a log scale:
    sorted, a new level starts where two neighbours differ by more than
    ``rel_tolerance`` (default 10 %).  A level's current is the median of its members.
Ladder
    Consecutive cycles at one level form a *block*.  The rate-capability ladder is the
    run of blocks from the first one until a level comes back (C/20 → … → 2C → C/20):
    the returning block is the *recovery* block.  Levels are reported in ladder order.
Per level
    n, mean and sample standard deviation (ddof = 1; 0 for one cycle) of the reversible
    capacity, in Ah, plus the specific current and nominal/effective C-rates when the
    summary knows the mass and the nominal/measured capacity.
Recovery ratio
    Q(first cycle of the recovery block) / mean Q of that level in the ladder.

``scope="all"`` instead groups every complete cycle by level regardless of order
(long tests with periodic check-ups).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sselab.cycling.summary import CycleSummary
from sselab.errors import InputError

REL_TOLERANCE = 0.1


def current_levels(current_A: np.ndarray, rel_tolerance: float = REL_TOLERANCE
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Cluster currents into levels.

    Returns
    -------
    label : ndarray of int
        Level of each entry (0 = lowest current).
    level_A : ndarray
        Median |I| of each level, ascending.
    """
    i = np.abs(np.asarray(current_A, dtype=float))
    if i.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    if np.any(i <= 0):
        raise InputError("current levels need non-zero currents")
    order = np.argsort(i, kind="stable")
    li = np.log(i[order])
    new = np.concatenate(([True], np.diff(li) > np.log1p(rel_tolerance)))
    lab_sorted = np.cumsum(new) - 1
    label = np.empty(i.size, dtype=np.int64)
    label[order] = lab_sorted
    level = np.array([np.median(i[label == k]) for k in range(int(lab_sorted[-1]) + 1)])
    return label, level


@dataclass(frozen=True)
class RateLevel:
    """One current level of a rate test (SI units; Ah kg⁻¹ ≡ mAh g⁻¹, A kg⁻¹ ≡ mA g⁻¹)."""

    current_A: float
    cycles: tuple[int, ...]
    mean_capacity_Ah: float
    sd_capacity_Ah: float
    specific_current_A_per_kg: float | None
    mean_specific_capacity_Ah_per_kg: float | None
    sd_specific_capacity_Ah_per_kg: float | None
    nominal_c_rate: float | None
    effective_c_rate: float | None

    @property
    def n(self) -> int:
        return len(self.cycles)


@dataclass(frozen=True)
class RateCapability:
    """Result of :func:`rate_capability`.

    Attributes
    ----------
    levels : tuple of RateLevel
        In ladder order (``scope="ladder"``) or ascending current (``"all"``).
    scope : str
    recovery_cycle : int or None
        First cycle of the block that returns to an earlier level.
    recovery_ratio : float or None
        Q(recovery_cycle) / mean Q of that level in the ladder.
    recovery_level_A : float or None
    """

    levels: tuple[RateLevel, ...]
    scope: str
    recovery_cycle: int | None
    recovery_ratio: float | None
    recovery_level_A: float | None

    def level_near(self, current_A: float, rel_tolerance: float = REL_TOLERANCE) -> RateLevel:
        """The level whose current is within ``rel_tolerance`` of ``current_A``."""
        for lv in self.levels:
            if abs(lv.current_A - current_A) <= rel_tolerance * max(lv.current_A, current_A):
                return lv
        raise InputError(f"no level near {current_A * 1e3:.4g} mA; levels: "
                         + ", ".join(f"{lv.current_A * 1e3:.4g}" for lv in self.levels))


def _level(summary: CycleSummary, idx: np.ndarray, current: float) -> RateLevel:
    q = summary.reversible_capacity_Ah[idx]
    mean = float(np.mean(q))
    sd = float(np.std(q, ddof=1)) if q.size > 1 else 0.0
    m = summary.active_mass_kg
    nom = summary.nominal_c_rate(np.array([current]))
    eff = summary.effective_c_rate(np.array([current]))
    return RateLevel(
        current_A=current, cycles=tuple(int(c) for c in summary.cycle[idx]),
        mean_capacity_Ah=mean, sd_capacity_Ah=sd,
        specific_current_A_per_kg=None if m is None else current / m,
        mean_specific_capacity_Ah_per_kg=None if m is None else mean / m,
        sd_specific_capacity_Ah_per_kg=None if m is None else sd / m,
        nominal_c_rate=None if nom is None else float(nom[0]),
        effective_c_rate=None if eff is None else float(eff[0]))


def rate_capability(summary: CycleSummary, *, scope: str = "ladder",
                    rel_tolerance: float = REL_TOLERANCE,
                    first_cycle: int = 1) -> RateCapability:
    """Group complete cycles by current level (see the module docstring).

    Parameters
    ----------
    summary : CycleSummary
    scope : {"ladder", "all"}
    rel_tolerance : float
        Relative tolerance of one current level.
    first_cycle : int
        Ignore cycles before this one (e.g. formation cycles before the ladder).
    """
    if scope not in ("ladder", "all"):
        raise InputError(f"scope must be 'ladder' or 'all'; got {scope!r}")
    ok = np.flatnonzero(summary.complete & (summary.cycle >= first_cycle)
                        & (summary.reversible_current_A > 0))
    if ok.size == 0:
        raise InputError("no complete cycle to compute a rate capability from")
    label, level = current_levels(summary.reversible_current_A[ok], rel_tolerance)
    if scope == "all":
        levels = tuple(_level(summary, ok[label == k], float(level[k]))
                       for k in range(level.size))
        return RateCapability(levels, scope, None, None, None)
    # blocks of consecutive cycles at one level
    new_block = np.concatenate(([True], label[1:] != label[:-1]))
    block = np.cumsum(new_block) - 1
    block_label = label[new_block]
    seen: list[int] = []
    ladder_blocks: list[int] = []
    recovery_block = None
    for b, lab in enumerate(block_label):
        if lab in seen:
            recovery_block = b
            break
        seen.append(int(lab))
        ladder_blocks.append(b)
    levels = tuple(_level(summary, ok[block == b], float(level[block_label[b]]))
                   for b in ladder_blocks)
    rec_cycle = rec_ratio = rec_level = None
    if recovery_block is not None:
        k = ok[block == recovery_block][0]
        lab = int(block_label[recovery_block])
        ref = next(lv for b, lv in zip(ladder_blocks, levels, strict=True)
                   if block_label[b] == lab)
        rec_cycle = int(summary.cycle[k])
        rec_ratio = float(summary.reversible_capacity_Ah[k]) / ref.mean_capacity_Ah
        rec_level = float(level[lab])
    return RateCapability(levels, scope, rec_cycle, rec_ratio, rec_level)
