"""The paper's reference cases, the volumetric threshold and the batch-cost invariants.

* Threshold: a gravimetric cost target (50 $/kg of Li7P3S11, Hu et al. 2026 after
  Pasta et al.) times the reference material's density gives USD per litre.
* Reference cases: every ``reference.<MATERIAL>_<ROUTE>.{raw,processing,total}`` entry
  of the parameter set is a published result (USD/L) for that route at its milling time.
* Invariants: the batch cost is :math:`F + v\\,t_\\mathrm{eff}`; the paper's two LZACO
  processing numbers pin F ≈ 102.25 $/batch and v ≈ 24.28 $/h.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sselab.cost import units as U
from sselab.cost.inputs import read_plant, read_switches
from sselab.cost.materials import material_names, route_names
from sselab.cost.model import CostCase
from sselab.cost.processing import fixed_and_variable_cost
from sselab.cost.reader import ParameterReader, has_param
from sselab.errors import DataError
from sselab.parameters import ParameterSet


@dataclass(frozen=True)
class Threshold:
    """A cost target per kg turned into USD per litre."""

    material: str
    cost_USD_per_kg: Any
    density_g_per_cm3: Any

    @property
    def USD_per_L(self) -> Any:
        """Threshold per litre (1 g/cm³ = 1 kg/L)."""
        return self.cost_USD_per_kg * self.density_g_per_cm3

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        return {
            "material": self.material,
            "cost_USD_per_kg": self.cost_USD_per_kg,
            "density_g_per_cm3": self.density_g_per_cm3,
            "USD_per_L": self.USD_per_L,
        }


def threshold(params: ParameterSet, overrides: dict[str, Any] | None = None) -> Threshold:
    """The threshold of the set (``threshold.material``, ``threshold.cost_per_kg``)."""
    r = ParameterReader(params, overrides)
    if not r.has("threshold.cost_per_kg"):
        raise DataError(f"parameter set {params.id!r} defines no threshold.cost_per_kg")
    mat = str(r.value("threshold.material", track=False)) if r.has("threshold.material") else ""
    dname = f"materials.{mat}.density"
    if not r.has(dname):
        raise DataError(f"threshold material {mat!r} has no {dname} in {params.id!r}")
    return Threshold(
        material=mat,
        cost_USD_per_kg=r.money("threshold.cost_per_kg", U.PER_MASS),
        density_g_per_cm3=r.positive(dname, U.DENSITY, "density"),
    )


@dataclass(frozen=True)
class ReferenceCase:
    """A published result: the case that produced it and the paper's USD/L values."""

    id: str
    case: CostCase
    paper_USD_per_L: dict[str, float]


def reference_cases(params: ParameterSet) -> list[ReferenceCase]:
    """Cases ``reference.<MATERIAL>_<ROUTE>.*`` of the set, in file order."""
    out: list[ReferenceCase] = []
    seen: set[str] = set()
    mats = material_names(params)
    for name in params:
        if not name.startswith("reference."):
            continue
        parts = name.split(".")
        if len(parts) != 3 or parts[1] in seen:
            continue
        cid = parts[1]
        for m in mats:
            route = cid[len(m) + 1:] if cid.startswith(m + "_") else None
            if route in route_names(params, m):
                vals = {
                    k: float(params.value(f"reference.{cid}.{k}"))
                    for k in ("raw", "processing", "total")
                    if has_param(params, f"reference.{cid}.{k}")
                }
                out.append(ReferenceCase(cid, CostCase(m, route), vals))
                seen.add(cid)
                break
    return out


def fixed_and_variable(params: ParameterSet,
                       overrides: dict[str, Any] | None = None) -> tuple[Any, Any]:
    """F (USD per batch) and v (USD per hour of effective milling) of the set's plant."""
    r = ParameterReader(params, overrides)
    return fixed_and_variable_cost(read_plant(r, read_switches(r).mill_energy_hours))
