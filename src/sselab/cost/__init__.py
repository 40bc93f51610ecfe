"""Production cost of solid electrolytes: raw materials + processing (Hu et al. 2026).

The model of the paper's Methods "Cost analysis": the raw-materials cost per kg of
product from precursor prices and a recipe, plus the processing cost of a batch
(instrument depreciation, electricity, personnel, plant area) of 28 planetary mills in
walk-in dry enclosures, divided by the batch mass; both are turned into USD per litre
with the density.  Every input comes from a parameter set (TOML; the default is
``sselab/data/cost/lzaco_2026.toml``) whose values carry unit, source and kind.

Examples
--------
>>> from sselab.cost import cost_per_litre
>>> r = cost_per_litre("LZACO", route="Li2CO3", milling_time_h=4)
>>> round(float(r.total_USD_per_L), 1)
43.7
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sselab.cost.inputs import ModelSwitches
from sselab.cost.materials import material_names, route_names
from sselab.cost.model import CostCase, CostResult, evaluate, evaluate_traced
from sselab.cost.montecarlo import MonteCarloResult, monte_carlo
from sselab.cost.processing import (
    PlantInputs,
    ProcessingCost,
    fixed_and_variable_cost,
    processing_cost,
)
from sselab.cost.recipe import PrecursorCost, RawMaterialCost, Recipe, raw_material_cost
from sselab.cost.reference import (
    ReferenceCase,
    Threshold,
    fixed_and_variable,
    reference_cases,
    threshold,
)
from sselab.cost.sensitivity import Tornado, TornadoRow, tornado
from sselab.parameters import ParameterSet, load_parameter_set

#: Name of the packaged parameter set that reproduces the paper.
DEFAULT_PARAMETERS = "cost/lzaco_2026"


@cache
def default_parameters() -> ParameterSet:
    """The packaged parameter set ``cost/lzaco_2026`` (parsed once)."""
    return load_parameter_set(DEFAULT_PARAMETERS)


def cost_per_litre(
    material: str,
    route: str | None = None,
    milling_time_h: float | None = None,
    *,
    params: ParameterSet | None = None,
    **case_inputs: Any,
) -> CostResult:
    """Cost of ``material`` made by ``route`` with ``milling_time_h`` of effective milling.

    Parameters
    ----------
    material, route, milling_time_h
        See :class:`CostCase`; ``milling_time_h`` defaults to the route's time.
    params : ParameterSet, optional
        Defaults to :func:`default_parameters`.
    **case_inputs
        ``density_g_per_cm3``, ``x``, ``y``, ``prices_USD_per_kg`` (see :class:`CostCase`).
    """
    case = CostCase(material, route, milling_time_h, **case_inputs)
    return evaluate(params if params is not None else default_parameters(), case)


__all__ = [
    "DEFAULT_PARAMETERS",
    "CostCase",
    "CostResult",
    "ModelSwitches",
    "MonteCarloResult",
    "PlantInputs",
    "PrecursorCost",
    "ProcessingCost",
    "RawMaterialCost",
    "Recipe",
    "ReferenceCase",
    "Threshold",
    "Tornado",
    "TornadoRow",
    "cost_per_litre",
    "default_parameters",
    "evaluate",
    "evaluate_traced",
    "fixed_and_variable",
    "fixed_and_variable_cost",
    "material_names",
    "monte_carlo",
    "processing_cost",
    "raw_material_cost",
    "reference_cases",
    "route_names",
    "threshold",
    "tornado",
]
