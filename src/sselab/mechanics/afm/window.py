"""Which points of a force curve a fit uses (the fit window), and the defaults per model.

Three rules, all evaluated on far → near rows of a
:class:`~sselab.mechanics.afm.preprocess.PreparedBatch`:

``contact_factor`` (κ)
    The last κ × (number of points from the contact point to the force
    maximum) points up to the maximum: the contact part plus a stretch of
    baseline before it.  κ = 3 is the crop used by JPK Data Processing / nanite
    for Hertz fits of the approach curve.
``force``  (lo, hi)
    Points between the contact point and the maximum whose force lies
    between lo and hi of the way from the contact-point force to the maximum
    force (0 → 1).  For DMT/JKR on the retract curve the contact point is
    the pull-off minimum, so (0, 1) is the whole contact part (the default).
    A band such as (0.3, 0.9) skips the snap-off and the turn-around, as
    PeakForce-QNM software lets users do, but with F_adh and the contact
    point both free it leaves E much less well determined (about 10 %
    scatter instead of 1 % at 1 % force noise on synthetic DMT curves).
``depth``  (lo, hi), m
    Points up to the maximum whose tip position lies between lo and hi
    beyond the detected contact point (lo may be negative).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sselab.errors import InputError
from sselab.mechanics.afm.preprocess import PreparedBatch

RULES = ("contact_factor", "force", "depth")


@dataclass(frozen=True)
class WindowSpec:
    """A fit-window rule and its parameters (see module docstring)."""

    rule: str
    low: float = 0.0
    high: float = 1.0

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise InputError(f"window rule must be one of {', '.join(RULES)}, got {self.rule!r}")
        if self.rule == "contact_factor" and not (self.low >= 1.0):
            raise InputError(f"the contact factor must be ≥ 1, got {self.low!r}")
        if self.rule == "force" and not (0.0 <= self.low < self.high <= 1.0):
            raise InputError(
                f"a force window needs 0 ≤ low < high ≤ 1 (fractions), got ({self.low}, {self.high})"
            )
        if self.rule == "depth" and not (self.low < self.high):
            raise InputError(f"a depth window needs low < high, got ({self.low}, {self.high})")

    @classmethod
    def contact_factor(cls, factor: float = 3.0) -> WindowSpec:
        """κ × the contact part, ending at the force maximum."""
        return cls("contact_factor", float(factor), float("nan"))

    @classmethod
    def force(cls, low: float, high: float) -> WindowSpec:
        """Force fractions between contact-point force (0) and maximum (1)."""
        return cls("force", float(low), float(high))

    @classmethod
    def depth(cls, low_m: float, high_m: float) -> WindowSpec:
        """Tip positions low_m … high_m beyond the detected contact point."""
        return cls("depth", float(low_m), float(high_m))

    def describe(self) -> str:
        """Human-readable rule, e.g. ``"force 30–90 % of the contact range"``."""
        if self.rule == "contact_factor":
            return f"last {self.low:g} × the contact part (JPK/nanite crop)"
        if self.rule == "force":
            return f"force {100 * self.low:g}–{100 * self.high:g} % of the contact range"
        return f"indentation {self.low * 1e9:g} to {self.high * 1e9:g} nm beyond the detected contact"

    def mask(self, prep: PreparedBatch) -> np.ndarray:
        """Boolean mask (n, m) of the points in the window."""
        f = prep.force_N
        n, m = f.shape
        idx = np.arange(m)[None, :]
        ic = prep.contact_index[:, None]
        im = prep.max_index[:, None]
        if self.rule == "contact_factor":
            start = np.maximum(im + 1 - np.ceil(self.low * (im + 1 - ic)).astype(int), 0)
            return (idx >= start) & (idx <= im)
        if self.rule == "force":
            f0 = np.take_along_axis(f, ic, axis=1)
            f1 = np.take_along_axis(f, im, axis=1)
            rng = np.where(f1 > f0, f1 - f0, np.nan)
            frac = (f - f0) / rng
            return (idx >= ic) & (idx <= im) & (frac >= self.low) & (frac <= self.high)
        x = prep.tip_m
        d = x - np.take_along_axis(x, ic, axis=1)
        return (idx <= im) & (d >= self.low) & (d <= self.high)


def default_window(model: str) -> WindowSpec:
    """sselab's default window: κ = 3 for Hertz (approach), the whole contact part for DMT/JKR."""
    if model == "hertz":
        return WindowSpec.contact_factor(3.0)
    return WindowSpec.force(0.0, 1.0)
