"""Cost of one material, route and milling time: raw materials + processing.

.. math::

    c\\,[\\$/\\mathrm{kg}] = c_\\mathrm{raw} + C_\\mathrm{batch}/m_\\mathrm{batch},\\qquad
    c\\,[\\$/\\mathrm{L}] = c\\,[\\$/\\mathrm{kg}]\\times\\rho\\,[\\mathrm{g/cm^3}]

(1 g/cm³ = 1 kg/L), after Hu et al. (2026), Methods "Cost analysis".  Everything the
calculation needs comes from a parameter set; :class:`CostCase` holds what the user
chooses (material, route, milling time) and optional explicit inputs (density, prices,
a family composition x, y).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sselab.cost import units as U
from sselab.cost.inputs import ModelSwitches, read_plant, read_price_USD_per_kg, read_switches
from sselab.cost.materials import (
    check_balance,
    family_recipe,
    matching_material,
    molar_masses,
    net_formula,
    resolve_family,
    resolve_material,
    resolve_route,
    route_recipe,
)
from sselab.cost.processing import ProcessingCost, processing_cost
from sselab.cost.reader import ParameterReader, has_param, show
from sselab.cost.recipe import RawMaterialCost, Recipe, raw_material_cost
from sselab.errors import DataError, InputError, require_positive
from sselab.parameters import ParameterSet


def _check_positive(name: str, v: Any, unit: str) -> None:
    if v is not None:
        require_positive(name, v, unit)


@dataclass(frozen=True)
class CostCase:
    """What to cost.

    Parameters
    ----------
    material : str
        Material name or alias (``"LZACO"``, ``"Li2ZrCl6"`` ...), or a family name when
        ``x`` and ``y`` are given.
    route : str, optional
        Synthesis route; may be omitted when the material has a single route.
    milling_time_h : float, optional
        Effective milling time, h (default: the route's time in the parameter set).
    density_g_per_cm3 : float, optional
        Density of the product (default: from the parameter set).
    x, y : float, optional
        Family composition, e.g. x Li2O·(1−y) ZrCl4·y AlCl3.
    prices_USD_per_kg : tuple of (precursor, USD/kg)
        Prices that replace those of the parameter set.
    """

    material: str
    route: str | None = None
    milling_time_h: float | None = None
    density_g_per_cm3: float | None = None
    x: float | None = None
    y: float | None = None
    prices_USD_per_kg: tuple[tuple[str, float], ...] = field(default=())

    def __post_init__(self) -> None:
        _check_positive("milling time", self.milling_time_h, "h")
        _check_positive("density", self.density_g_per_cm3, "g/cm3")
        for name, p in self.prices_USD_per_kg:
            _check_positive(f"price of {name}", p, "USD/kg")
        if (self.x is None) != (self.y is None):
            raise InputError("give both x and y for a family composition, or neither")
        if self.x is not None:
            _check_positive("x", self.x, "mol")
            if not 0.0 <= float(self.y) <= 1.0:  # type: ignore[arg-type]
                raise InputError(f"y must lie in [0, 1], got {self.y!r}")


@dataclass(frozen=True)
class CostResult:
    """Production cost of one case, with its breakdown.

    Monetary values are USD.  ``raw`` is per kg of product (see ``switches``),
    ``processing`` per batch; the ``*_USD_per_L`` properties multiply by the density.
    Fields may hold numpy arrays when the inputs were Monte-Carlo samples.
    """

    material: str
    route: str
    label: str
    formula: str
    recipe: Recipe
    milling_time_h: Any
    density_g_per_cm3: Any
    raw: RawMaterialCost
    processing: ProcessingCost
    switches: ModelSwitches
    parameter_set_id: str = ""

    @property
    def raw_USD_per_kg(self) -> Any:
        """Raw-materials cost per kg."""
        return self.raw.total_USD_per_kg

    @property
    def processing_USD_per_kg(self) -> Any:
        """Processing cost per kg."""
        return self.processing.USD_per_kg

    @property
    def total_USD_per_kg(self) -> Any:
        """Raw + processing per kg."""
        return self.raw_USD_per_kg + self.processing_USD_per_kg

    @property
    def raw_USD_per_L(self) -> Any:
        """Raw-materials cost per litre of solid electrolyte."""
        return self.raw_USD_per_kg * self.density_g_per_cm3

    @property
    def processing_USD_per_L(self) -> Any:
        """Processing cost per litre."""
        return self.processing_USD_per_kg * self.density_g_per_cm3

    @property
    def total_USD_per_L(self) -> Any:
        """Total production cost per litre."""
        return self.total_USD_per_kg * self.density_g_per_cm3

    def processing_components_USD_per_L(self) -> dict[str, Any]:
        """The four processing components converted to USD per litre."""
        f = self.density_g_per_cm3 / self.processing.batch_product_kg
        return {k: v * f for k, v in self.processing.components().items()}

    def raw_by_precursor_USD_per_L(self) -> dict[str, Any]:
        """Each precursor's raw-materials cost, USD per litre."""
        return {i.name: i.cost_USD_per_kg * self.density_g_per_cm3 for i in self.raw.items}

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON output."""
        return {
            "material": self.material,
            "route": self.route,
            "label": self.label,
            "formula": self.formula,
            "recipe": self.recipe.label(),
            "milling_time_h": self.milling_time_h,
            "density_g_per_cm3": self.density_g_per_cm3,
            "raw_USD_per_kg": self.raw_USD_per_kg,
            "processing_USD_per_kg": self.processing_USD_per_kg,
            "total_USD_per_kg": self.total_USD_per_kg,
            "raw_USD_per_L": self.raw_USD_per_L,
            "processing_USD_per_L": self.processing_USD_per_L,
            "total_USD_per_L": self.total_USD_per_L,
            "raw_by_precursor_USD_per_L": self.raw_by_precursor_USD_per_L(),
            "processing_components_USD_per_L": self.processing_components_USD_per_L(),
            "raw": self.raw.as_dict(),
            "processing_per_batch": self.processing.as_dict(),
            "switches": {
                "cost_basis": self.switches.cost_basis,
                "mill_energy_hours": self.switches.mill_energy_hours,
                "batch_mass_basis": self.switches.batch_mass_basis,
            },
            "parameter_set": self.parameter_set_id,
        }


@dataclass(frozen=True)
class _Resolved:
    material: str
    route: str
    label: str
    formula: str
    recipe: Recipe
    density_param: str | None
    milling_param: str | None


def _resolve(params: ParameterSet, case: CostCase) -> _Resolved:
    if case.x is not None:
        fam = resolve_family(params, case.material)
        route = resolve_route(params, fam, case.route, family=True)
        recipe = family_recipe(params, fam, route, float(case.x), float(case.y))  # type: ignore[arg-type]
        twin = matching_material(params, recipe, route)
        formula = net_formula(recipe)
        label = f"{fam} x={case.x:g} y={case.y:g} ({formula})"
        dens = f"materials.{twin}.density" if twin else None
        mill = f"materials.{twin}.routes.{route}.milling_time" if twin else None
        if case.density_g_per_cm3 is None and (dens is None or not has_param(params, dens)):
            raise InputError(
                f"no density known for {label}; give it with --density-g-cm3 "
                f"(density_g_per_cm3=...)"
            )
        if case.milling_time_h is None and (mill is None or not has_param(params, mill)):
            raise InputError(
                f"no milling time known for {label} by the {route} route; give it with "
                f"--milling-h (milling_time_h=...)"
            )
        return _Resolved(fam, route, label, formula, recipe, dens, mill)
    mat = resolve_material(params, case.material)
    route = resolve_route(params, mat, case.route)
    recipe = route_recipe(params, mat, route)
    fname = f"materials.{mat}.formula"
    if has_param(params, fname):
        formula = str(params.value(fname))
        check_balance(recipe, formula, f"{params.origin}: route {mat}/{route}")
    else:
        formula = net_formula(recipe)
    dens = f"materials.{mat}.density"
    mill = f"materials.{mat}.routes.{route}.milling_time"
    if case.density_g_per_cm3 is None and not has_param(params, dens):
        raise InputError(f"parameter set has no {dens}; give the density with --density-g-cm3")
    if case.milling_time_h is None and not has_param(params, mill):
        raise InputError(f"parameter set has no {mill}; give the milling time with --milling-h")
    return _Resolved(mat, route, f"{mat} via {route}", formula, recipe, dens, mill)


def evaluate_traced(
    params: ParameterSet, case: CostCase, overrides: dict[str, Any] | None = None
) -> tuple[CostResult, list[str]]:
    """Cost of ``case`` and the names of the inputs it used.

    ``overrides`` replace parameter values by dotted name (file units; numpy arrays
    allowed).  Explicit case inputs can be overridden as ``case.milling_time_h``,
    ``case.density_g_per_cm3`` and ``case.price.<precursor>``.  The returned names are
    the parameters read (in order) plus those ``case.*`` inputs the user gave.
    """
    r = ParameterReader(params, overrides)
    res = _resolve(params, case)
    case_used: list[str] = []

    def case_value(key: str, given: Any) -> Any:
        case_used.append(key)
        v = r.overrides.get(key, given)
        if not np.all(np.asarray(v, dtype=float) > 0):
            raise InputError(f"{key.removeprefix('case.')} must be > 0, got {show(v)}")
        return v

    if case.density_g_per_cm3 is not None:
        rho = case_value("case.density_g_per_cm3", case.density_g_per_cm3)
    else:
        rho = r.positive(res.density_param, U.DENSITY, "density")  # type: ignore[arg-type]
    if case.milling_time_h is not None:
        t_eff = case_value("case.milling_time_h", case.milling_time_h)
    else:
        t_eff = r.positive(res.milling_param, U.TIME, "milling time")  # type: ignore[arg-type]

    given_prices = dict(case.prices_USD_per_kg)
    prices: dict[str, Any] = {}
    for name, _ in res.recipe.precursors:
        if name in given_prices:
            prices[name] = case_value(f"case.price.{name}", given_prices[name])
        else:
            prices[name] = read_price_USD_per_kg(r, name)

    stray = [k for k in r.overrides if k.startswith("case.") and k not in case_used]
    if stray:
        raise DataError(
            f"override(s) {', '.join(stray)} name case inputs this case does not have; give "
            f"the value in CostCase first (e.g. milling_time_h=...)"
        )
    switches = read_switches(r)
    plant = read_plant(r, switches.mill_energy_hours)
    mm = molar_masses(params, res.recipe.formulas)
    raw = raw_material_cost(res.recipe, mm, prices, switches.cost_basis)
    batch_kg = plant.nominal_batch_kg * plant.yield_fraction
    if switches.batch_mass_basis == "loaded" and switches.cost_basis == "product":
        batch_kg = batch_kg * raw.product_mass_g_per_fu / raw.precursor_mass_g_per_fu
    proc = processing_cost(plant, t_eff, batch_kg)
    result = CostResult(
        material=res.material,
        route=res.route,
        label=res.label,
        formula=res.formula,
        recipe=res.recipe,
        milling_time_h=t_eff,
        density_g_per_cm3=rho,
        raw=raw,
        processing=proc,
        switches=switches,
        parameter_set_id=params.id,
    )
    return result, r.used + case_used


def evaluate(params: ParameterSet, case: CostCase,
             overrides: dict[str, Any] | None = None) -> CostResult:
    """Cost of ``case`` with the parameter set ``params`` (see :func:`evaluate_traced`)."""
    return evaluate_traced(params, case, overrides)[0]
