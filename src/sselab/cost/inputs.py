"""Plant, economics and model switches read from a cost parameter set.

Parameter names (see ``sselab/data/cost/lzaco_2026.toml`` for a documented example)::

    plant.mill.{count, kg_per_mill, price, power, depreciation_years, duty_cycle}
    plant.enclosure.{count, area, price, power, depreciation_years}
    plant.operation.{handling_time, operators_handling, operators_milling, yield_fraction}
    economics.{electricity_price, salary, work_days_per_month, work_hours_per_day,
               rent, rent_hours_per_month, depreciation_hours_per_year}
    model.{cost_basis, mill_energy_hours, batch_mass_basis}
    currency.<CUR>_per_USD
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sselab.cost import units as U
from sselab.cost.processing import MILL_ENERGY_HOURS, PlantInputs
from sselab.cost.reader import ParameterReader
from sselab.cost.recipe import COST_BASES
from sselab.errors import DataError, InputError

#: Accepted values of the batch-mass switch.
BATCH_MASS_BASES = ("product", "loaded")


@dataclass(frozen=True)
class ModelSwitches:
    """The paper's ambiguities, made explicit.

    Attributes
    ----------
    cost_basis : {"product", "precursor"}
        Raw cost per kg of product (gas by-products lost) or per kg of precursor mix.
    mill_energy_hours : {"working", "effective"}
        Bill the mills' rated power over the working time or the effective milling time.
    batch_mass_basis : {"product", "loaded"}
        The mills give ``count × kg_per_mill`` of product, or that mass is loaded and
        the gas by-products leave.
    """

    cost_basis: str = "product"
    mill_energy_hours: str = "working"
    batch_mass_basis: str = "product"


def read_switches(r: ParameterReader) -> ModelSwitches:
    """Model switches (defaults when absent from the set)."""
    def get(name: str, choices: tuple[str, ...], default: str) -> str:
        return r.switch(name, choices) if r.has(name) else default

    return ModelSwitches(
        cost_basis=get("model.cost_basis", COST_BASES, "product"),
        mill_energy_hours=get("model.mill_energy_hours", MILL_ENERGY_HOURS, "working"),
        batch_mass_basis=get("model.batch_mass_basis", BATCH_MASS_BASES, "product"),
    )


def _life_h(r: ParameterReader, name: str) -> Any:
    unit = U.normalise(r.params[name].unit)
    if unit in U.TIME:
        return r.positive(name, U.TIME)
    years = r.positive(name, U.YEARS)
    return years * r.positive("economics.depreciation_hours_per_year", {"h/year": 1.0, "h/yr": 1.0})


def _wage_USD_per_h(r: ParameterReader) -> Any:
    name = "economics.salary"
    _, per = U.split_money(r.params[name].unit)
    if per == "month":
        monthly = r.money(name, {"month": 1.0})
        days = r.positive("economics.work_days_per_month", {"d/month": 1.0})
        hours = r.positive("economics.work_hours_per_day", {"h/d": 1.0})
        return monthly / (days * hours)
    if per == "year":
        yearly = r.money(name, {"year": 1.0})
        days = r.positive("economics.work_days_per_month", {"d/month": 1.0})
        hours = r.positive("economics.work_hours_per_day", {"h/d": 1.0})
        return yearly / (12.0 * days * hours)
    return r.money(name, {"h": 1.0})


def _rent_USD_per_m2_h(r: ParameterReader) -> Any:
    name = "economics.rent"
    _, per = U.split_money(r.params[name].unit)
    if per in ("m2*month", "m^2*month"):
        hours = r.positive("economics.rent_hours_per_month", {"h/month": 1.0})
        return r.money(name, {per: 1.0}) / hours
    if per in ("m2*year", "m^2*year"):
        hours = r.positive("economics.rent_hours_per_month", {"h/month": 1.0})
        return r.money(name, {per: 1.0}) / (12.0 * hours)
    return r.money(name, {"m2*h": 1.0, "m^2*h": 1.0})


def read_plant(r: ParameterReader, mill_energy_hours: str = "working") -> PlantInputs:
    """The plant and economics of the set, converted to USD, h, kW, m² and kg."""
    m, e, o = "plant.mill.", "plant.enclosure.", "plant.operation."
    return PlantInputs(
        mill_count=r.positive(m + "count", U.ONE),
        kg_per_mill=r.positive(m + "kg_per_mill", U.MASS),
        mill_price_USD=r.money(m + "price", {"": 1.0}),
        mill_power_kW=r.number(m + "power", U.POWER),
        mill_life_h=_life_h(r, m + "depreciation_years"),
        duty_cycle=r.positive(m + "duty_cycle", U.ONE),
        enclosure_count=r.number(e + "count", U.ONE),
        enclosure_area_m2=r.number(e + "area", U.AREA),
        enclosure_price_USD=r.money(e + "price", {"": 1.0}),
        enclosure_power_kW=r.number(e + "power", U.POWER),
        enclosure_life_h=_life_h(r, e + "depreciation_years"),
        handling_time_h=r.number(o + "handling_time", U.TIME),
        operators_handling=r.number(o + "operators_handling", U.ONE),
        operators_milling=r.number(o + "operators_milling", U.ONE),
        yield_fraction=(r.positive(o + "yield_fraction", U.ONE)
                        if r.has(o + "yield_fraction") else 1.0),
        electricity_USD_per_kWh=r.money("economics.electricity_price", U.PER_ENERGY),
        wage_USD_per_h=_wage_USD_per_h(r),
        rent_USD_per_m2_h=_rent_USD_per_m2_h(r),
        mill_energy_hours=mill_energy_hours,
    )


def read_price_USD_per_kg(r: ParameterReader, precursor: str) -> Any:
    """Price of ``precursor`` in USD/kg (must be > 0)."""
    name = f"prices.{precursor}"
    if not r.has(name):
        known = [k.split(".", 1)[1] for k in r.params if k.startswith("prices.")]
        raise DataError(
            f"no price for precursor {precursor!r}; add [{name}] to the parameter file "
            f"(priced: {', '.join(known)})"
        )
    v = r.money(name, U.PER_MASS)
    if not np.all(np.asarray(v, dtype=float) > 0):
        raise InputError(f"price of {precursor} must be > 0 USD/kg, got {v!r}")
    return v
