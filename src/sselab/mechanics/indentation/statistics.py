"""Statistics over many indents: mean ± sd, and outlier flags with reasons.

Outliers are found with the modified z-score of Iglewicz & Hoaglin (1993),

    M_i = 0.6745·(x_i − median(x)) / MAD,   MAD = median(|x_i − median(x)|),

flagging |M_i| > 3.5.  Because very repeatable data (e.g. fused silica,
MAD ≈ 0.2 %) would otherwise flag harmless scatter, a value must also differ
from the median by more than ``min_rel_dev`` (default 5 %) to be an outlier.
Flagged unloads are listed with the reason and left out of the mean ± sd;
unloads that could not be analysed (``ok=False``) never enter the statistics.

References
----------
B. Iglewicz, D. C. Hoaglin, *How to Detect and Handle Outliers*, ASQC Basic
References in Quality Control 16 (1993).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from sselab.mechanics.indentation._median import median
from sselab.mechanics.indentation.oliver_pharr import UnloadResult

#: Quantities checked for outliers: attribute name → label used in reasons.
CHECKED = {"modulus_Pa": "E", "hardness_Pa": "H"}


def modified_z_scores(x: np.ndarray) -> np.ndarray:
    """0.6745·(x − median)/MAD; with MAD = 0 the mean absolute deviation·1.2533 is used."""
    x = np.asarray(x, dtype=float)
    if x.size == 0:
        return x
    med = median(x)
    mad = median(np.abs(x - med))
    if mad > 0:
        return 0.6745 * (x - med) / mad
    meanad = np.mean(np.abs(x - med))
    if meanad > 0:
        return (x - med) / (1.253314 * meanad)
    return np.zeros_like(x)


@dataclass(frozen=True)
class Stat:
    """Mean, sample standard deviation and count (SI units of the quantity)."""

    mean: float
    sd: float
    n: int


@dataclass(frozen=True)
class IndentationSummary:
    """Summary of a set of unload results.

    Attributes
    ----------
    n_total, n_ok, n_flagged, n_outliers : int
        All unloads; analysed; not analysable (with reasons); outliers.
    modulus_Pa, hardness_Pa : Stat
        Over analysed, non-outlier unloads.
    flagged : tuple of (indent, unload, reason)
        Unloads that could not be analysed.
    outliers : tuple of (indent, unload, reason)
        Analysed unloads left out of the means.
    """

    n_total: int
    n_ok: int
    n_flagged: int
    n_outliers: int
    modulus_Pa: Stat
    hardness_Pa: Stat
    flagged: tuple[tuple[str, int, str], ...]
    outliers: tuple[tuple[str, int, str], ...]


def flag_outliers(results: list[UnloadResult] | tuple[UnloadResult, ...], *,
                  z_max: float = 3.5, min_rel_dev: float = 0.05) -> tuple[UnloadResult, ...]:
    """Copies of ``results`` with ``outlier`` set to a reason where E or H is an outlier."""
    res = list(results)
    ok = [i for i, r in enumerate(res) if r.ok]
    if len(ok) < 3:
        return tuple(res)
    reasons: dict[int, list[str]] = {}
    for attr, label in CHECKED.items():
        x = np.array([getattr(res[i], attr) for i in ok])
        z = modified_z_scores(x)
        med = median(x)
        for k, i in enumerate(ok):
            rel = abs(x[k] - med) / abs(med) if med else math.inf
            if abs(z[k]) > z_max and rel > min_rel_dev:
                reasons.setdefault(i, []).append(
                    f"{label} modified z-score {z[k]:+.1f} (|z| > {z_max:g}), "
                    f"{(x[k] - med) / med:+.1%} from median")
    for i, rs in reasons.items():
        res[i] = replace(res[i], outlier="; ".join(rs))
    return tuple(res)


def _stat(values: list[float]) -> Stat:
    v = np.asarray(values, dtype=float)
    if v.size == 0:
        return Stat(float("nan"), float("nan"), 0)
    sd = float(np.std(v, ddof=1)) if v.size > 1 else float("nan")
    return Stat(float(np.mean(v)), sd, int(v.size))


def summarize(results: list[UnloadResult] | tuple[UnloadResult, ...]) -> IndentationSummary:
    """Mean ± sd of E and H over analysed, non-outlier unloads, with the flag lists.

    Call :func:`flag_outliers` first to have outliers excluded.
    """
    res = list(results)
    good = [r for r in res if r.ok and not r.outlier]
    return IndentationSummary(
        n_total=len(res),
        n_ok=sum(r.ok for r in res),
        n_flagged=sum(not r.ok for r in res),
        n_outliers=sum(bool(r.ok and r.outlier) for r in res),
        modulus_Pa=_stat([r.modulus_Pa for r in good]),
        hardness_Pa=_stat([r.hardness_Pa for r in good]),
        flagged=tuple((r.indent, r.unload, r.reason) for r in res if not r.ok),
        outliers=tuple((r.indent, r.unload, r.outlier) for r in res if r.ok and r.outlier),
    )
