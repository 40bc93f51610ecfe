"""Monte-Carlo uncertainty of the cost with per-parameter distributions.

Distributions come from ``[meta.monte_carlo]`` of the parameter set::

    [meta.monte_carlo]
    default = { dist = "triangular", rel = 0.2 }     # every numeric input not listed
    fixed = ["plant.mill.count", ...]                 # held at their value
    [meta.monte_carlo.parameters]
    "prices.AlCl3" = { dist = "uniform", low = 0.30, high = 1.50 }
    "materials.LZACO.density" = { dist = "normal", rel_sd = 0.01 }

``triangular`` has its mode at the value and bounds ``value·(1∓rel)`` (or absolute
``low``/``high``); ``uniform`` uses the same bounds; ``normal`` has mean = value and
``sd`` or ``rel_sd``, redrawn where ≤ 0.  Explicit user inputs (``case.*``) are held
fixed.  Values are in the parameter file's units.  All samples are drawn from one seeded
:class:`numpy.random.Generator` in a fixed order and evaluated in one vectorised call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from sselab.cost.model import CostCase, evaluate
from sselab.cost.reader import has_param
from sselab.cost.reference import threshold
from sselab.cost.sensitivity import UPPER_BOUNDS, numeric_inputs
from sselab.errors import DataError, InputError, ParseError
from sselab.parameters import ParameterSet

#: Distribution used when the parameter set declares none.
DEFAULT_DISTRIBUTION: dict[str, Any] = {"dist": "triangular", "rel": 0.2}
#: Percentiles reported.
PERCENTILES = (5.0, 50.0, 95.0)
_DISTS = ("triangular", "uniform", "normal", "fixed")


@dataclass(frozen=True)
class Distribution:
    """Distribution of one input (file units)."""

    name: str
    dist: str
    low: float = float("nan")
    mode: float = float("nan")
    high: float = float("nan")
    sd: float = float("nan")

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` samples."""
        if self.dist == "triangular":
            x = rng.triangular(self.low, self.mode, self.high, n)
        elif self.dist == "uniform":
            x = rng.uniform(self.low, self.high, n)
        elif self.dist == "normal":
            x = rng.normal(self.mode, self.sd, n)
            bad = x <= 0
            for _ in range(100):
                if not bad.any():
                    break
                x[bad] = rng.normal(self.mode, self.sd, int(bad.sum()))
                bad = x <= 0
            else:  # pragma: no cover - needs sd >> mean
                raise InputError(f"normal distribution of {self.name} is mostly <= 0")
        else:
            x = np.full(n, self.mode)
        if self.name in UPPER_BOUNDS:
            x = np.minimum(x, UPPER_BOUNDS[self.name])
        return x

    def describe(self) -> str:
        """Short text, e.g. ``triangular(8.4, 10.5, 12.6)``."""
        if self.dist == "normal":
            return f"normal({self.mode:.4g}, sd {self.sd:.3g})"
        if self.dist == "fixed":
            return f"fixed({self.mode:.4g})"
        if self.dist == "uniform":
            return f"uniform({self.low:.4g}, {self.high:.4g})"
        return f"triangular({self.low:.4g}, {self.mode:.4g}, {self.high:.4g})"


def make_distribution(name: str, value: float, spec: Mapping[str, Any]) -> Distribution:
    """Distribution of ``name`` (base ``value``) from a spec mapping."""
    dist = str(spec.get("dist", "triangular"))
    if dist not in _DISTS:
        raise ParseError(f"monte_carlo entry for {name!r}: dist {dist!r}; use one of {_DISTS}")
    if dist == "fixed" or value == 0:
        return Distribution(name, "fixed", mode=value)
    if dist == "normal":
        sd = float(spec["sd"]) if "sd" in spec else float(spec.get("rel_sd", 0.1)) * abs(value)
        if not sd > 0:
            raise ParseError(f"monte_carlo entry for {name!r}: sd must be > 0")
        return Distribution(name, "normal", mode=value, sd=sd)
    rel = float(spec.get("rel", 0.2))
    low = float(spec.get("low", value * (1 - rel)))
    high = float(spec.get("high", value * (1 + rel)))
    if not (low < high) or (dist == "triangular" and not low <= value <= high):
        raise ParseError(
            f"monte_carlo entry for {name!r}: need low < high (and low <= value <= high for "
            f"triangular); got low={low}, value={value}, high={high}"
        )
    return Distribution(name, dist, low=low, mode=value, high=high)


def distributions(params: ParameterSet, case: CostCase) -> list[Distribution]:
    """Distributions of all numeric inputs ``case`` uses (fixed ones included)."""
    mc = params.meta.get("monte_carlo", {}) if isinstance(params.meta, Mapping) else {}
    default = mc.get("default", DEFAULT_DISTRIBUTION)
    fixed = set(mc.get("fixed", []))
    declared = mc.get("parameters", {})
    unknown = [k for k in list(declared) + list(fixed) if not has_param(params, k)]
    if unknown:
        raise DataError(
            f"{params.origin}: [meta.monte_carlo] names unknown parameter(s) {', '.join(unknown)}"
        )
    names, base = numeric_inputs(params, case)
    out = []
    for name in names:
        if name in fixed or name.startswith("case."):
            out.append(Distribution(name, "fixed", mode=base[name]))
        else:
            out.append(make_distribution(name, base[name], declared.get(name, default)))
    return out


@dataclass(frozen=True)
class MonteCarloResult:
    """Percentiles of the cost (USD/L) over ``n`` Monte-Carlo samples."""

    label: str
    n: int
    seed: int
    base_total_USD_per_L: float
    total_USD_per_L: dict[float, float]
    raw_USD_per_L: dict[float, float]
    processing_USD_per_L: dict[float, float]
    mean_total_USD_per_L: float
    threshold_USD_per_L: float
    probability_below_threshold: float
    distributions: tuple[Distribution, ...]
    samples_total_USD_per_L: np.ndarray

    @property
    def p5(self) -> float:
        """5th percentile of the total, USD/L."""
        return self.total_USD_per_L[5.0]

    @property
    def p50(self) -> float:
        """Median of the total, USD/L."""
        return self.total_USD_per_L[50.0]

    @property
    def p95(self) -> float:
        """95th percentile of the total, USD/L."""
        return self.total_USD_per_L[95.0]

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON (without the samples)."""
        def pct(d: dict[float, float]) -> dict[str, float]:
            return {f"P{p:g}": v for p, v in d.items()}

        return {
            "case": self.label,
            "n": self.n,
            "seed": self.seed,
            "base_total_USD_per_L": self.base_total_USD_per_L,
            "total_USD_per_L": pct(self.total_USD_per_L),
            "raw_USD_per_L": pct(self.raw_USD_per_L),
            "processing_USD_per_L": pct(self.processing_USD_per_L),
            "mean_total_USD_per_L": self.mean_total_USD_per_L,
            "threshold_USD_per_L": self.threshold_USD_per_L,
            "probability_below_threshold": self.probability_below_threshold,
            "varied": {d.name: d.describe() for d in self.distributions if d.dist != "fixed"},
        }


def monte_carlo(params: ParameterSet, case: CostCase, n: int = 10_000,
                seed: int = 20260108) -> MonteCarloResult:
    """Monte-Carlo percentiles (P5, P50, P95) of the cost of ``case``.

    Parameters
    ----------
    params : ParameterSet
        Cost parameter set (with optional ``[meta.monte_carlo]``).
    case : CostCase
        The case analysed.
    n : int
        Number of samples (≥ 10).
    seed : int
        Seed of the :class:`numpy.random.Generator`; equal seeds give equal results.
    """
    if int(n) != n or n < 10:
        raise InputError(f"Monte-Carlo needs an integer number of samples >= 10, got {n!r}")
    n = int(n)
    rng = np.random.default_rng(seed)
    dists = distributions(params, case)
    overrides = {d.name: d.sample(rng, n) for d in dists if d.dist != "fixed"}
    base = evaluate(params, case)
    res = evaluate(params, case, overrides)

    def arr(v: Any) -> np.ndarray:
        return np.broadcast_to(np.asarray(v, dtype=float), (n,))

    tot, raw, proc = arr(res.total_USD_per_L), arr(res.raw_USD_per_L), arr(res.processing_USD_per_L)

    def pct(a: np.ndarray) -> dict[float, float]:
        return {p: float(v) for p, v in zip(PERCENTILES, np.percentile(a, PERCENTILES), strict=True)}

    try:
        thr = float(threshold(params).USD_per_L)
    except DataError:
        thr = float("nan")
    return MonteCarloResult(
        label=base.label,
        n=n,
        seed=seed,
        base_total_USD_per_L=float(base.total_USD_per_L),
        total_USD_per_L=pct(tot),
        raw_USD_per_L=pct(raw),
        processing_USD_per_L=pct(proc),
        mean_total_USD_per_L=float(tot.mean()),
        threshold_USD_per_L=thr,
        probability_below_threshold=float(np.mean(tot < thr)) if thr == thr else float("nan"),
        distributions=tuple(dists),
        samples_total_USD_per_L=tot,
    )
