"""One-at-a-time sensitivity of the cost (a tornado table).

Every numeric input a case uses (the parameters read from the set, plus explicit case
inputs such as a user density) is moved by ±``rel_step`` (default 20 %) while all
others stay at their values; the swing is the difference of the output between the two
ends.  Recipe amounts (stoichiometry) and model switches are not perturbed.  Values that
must not exceed 1 (duty cycle, yield) are clipped there.  All perturbed cases are
evaluated in one vectorised call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sselab.cost.model import CostCase, evaluate, evaluate_traced
from sselab.cost.reader import is_number
from sselab.errors import InputError
from sselab.parameters import ParameterSet

#: Parameters that must stay ≤ this value when perturbed.
UPPER_BOUNDS: dict[str, float] = {
    "plant.mill.duty_cycle": 1.0,
    "plant.operation.yield_fraction": 1.0,
}

#: Outputs that can be analysed (attributes of :class:`~sselab.cost.model.CostResult`).
OUTPUTS = ("total_USD_per_L", "raw_USD_per_L", "processing_USD_per_L",
           "total_USD_per_kg", "raw_USD_per_kg", "processing_USD_per_kg")


def numeric_inputs(params: ParameterSet, case: CostCase) -> tuple[list[str], dict[str, float]]:
    """Names and base values of the numeric inputs ``case`` uses (file units)."""
    _, used = evaluate_traced(params, case)
    base: dict[str, float] = {}
    for name in used:
        if name.startswith("case."):
            if name == "case.density_g_per_cm3":
                base[name] = float(case.density_g_per_cm3)  # type: ignore[arg-type]
            elif name == "case.milling_time_h":
                base[name] = float(case.milling_time_h)  # type: ignore[arg-type]
            else:
                base[name] = float(dict(case.prices_USD_per_kg)[name.removeprefix("case.price.")])
        elif is_number(params.value(name)):
            base[name] = float(params.value(name))
    return list(base), base


def describe(params: ParameterSet, name: str) -> tuple[str, str]:
    """(kind, unit) of an input; case inputs are ``user`` inputs."""
    if name.startswith("case."):
        unit = {"case.density_g_per_cm3": "g/cm3", "case.milling_time_h": "h"}.get(name, "USD/kg")
        return "user", unit
    p = params[name]
    return p.kind, p.unit


@dataclass(frozen=True)
class TornadoRow:
    """One input moved by ±step: its values and the output at each end."""

    name: str
    kind: str
    unit: str
    base_value: float
    low_value: float
    high_value: float
    output_at_low: float
    output_at_high: float

    @property
    def swing(self) -> float:
        """|output(high) − output(low)|."""
        return abs(self.output_at_high - self.output_at_low)

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        return {
            "parameter": self.name,
            "kind": self.kind,
            "unit": self.unit,
            "base_value": self.base_value,
            "low_value": self.low_value,
            "high_value": self.high_value,
            "output_at_low": self.output_at_low,
            "output_at_high": self.output_at_high,
            "swing": self.swing,
        }


@dataclass(frozen=True)
class Tornado:
    """One-at-a-time sensitivity of ``output`` for one case, rows sorted by swing."""

    label: str
    output: str
    base_output: float
    rel_step: float
    rows: tuple[TornadoRow, ...]

    def top(self, n: int) -> tuple[TornadoRow, ...]:
        """The ``n`` rows with the largest swing."""
        return self.rows[:n]

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        return {
            "case": self.label,
            "output": self.output,
            "base_output": self.base_output,
            "rel_step": self.rel_step,
            "rows": [r.as_dict() for r in self.rows],
        }


def tornado(params: ParameterSet, case: CostCase, rel_step: float = 0.2,
            output: str = "total_USD_per_L") -> Tornado:
    """One-at-a-time ±``rel_step`` sensitivity of ``output`` for ``case``.

    Parameters
    ----------
    params : ParameterSet
        Cost parameter set.
    case : CostCase
        The case analysed.
    rel_step : float
        Relative step, 0 < step < 1 (0.2 = ±20 %).
    output : str
        One of :data:`OUTPUTS`.

    Returns
    -------
    Tornado
        Rows sorted by decreasing swing (ties by name).
    """
    if not 0.0 < rel_step < 1.0:
        raise InputError(f"relative step must lie in (0, 1), got {rel_step!r}")
    if output not in OUTPUTS:
        raise InputError(f"output must be one of {', '.join(OUTPUTS)}, got {output!r}")
    names, base = numeric_inputs(params, case)
    k = len(names)
    base_res = evaluate(params, case)
    if k == 0:
        return Tornado(base_res.label, output, float(getattr(base_res, output)), rel_step, ())
    overrides: dict[str, Any] = {}
    lows, highs = [], []
    for i, name in enumerate(names):
        v = base[name]
        lo, hi = v * (1 - rel_step), v * (1 + rel_step)
        if name in UPPER_BOUNDS:
            hi = min(hi, UPPER_BOUNDS[name])
        lows.append(lo)
        highs.append(hi)
        arr = np.full(2 * k, v)
        arr[2 * i], arr[2 * i + 1] = lo, hi
        overrides[name] = arr
    res = evaluate(params, case, overrides)
    out = np.broadcast_to(np.asarray(getattr(res, output), dtype=float), (2 * k,))
    rows = []
    for i, name in enumerate(names):
        kind, unit = describe(params, name)
        rows.append(TornadoRow(name, kind, unit, base[name], lows[i], highs[i],
                               float(out[2 * i]), float(out[2 * i + 1])))
    rows.sort(key=lambda r: (-r.swing, r.name))
    return Tornado(base_res.label, output, float(getattr(base_res, output)), rel_step,
                   tuple(rows))
