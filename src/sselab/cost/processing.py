"""Processing cost of one batch: depreciation, electricity, personnel and plant area.

The plant of Hu et al. (2026, Methods "Cost analysis") is a set of planetary mills
inside walk-in dry enclosures.  For an effective milling time :math:`t_\\mathrm{eff}`
and a mill duty cycle :math:`d` (5 min on, 5 min off: :math:`d = 0.5`):

.. math::

    t_\\mathrm{work} = t_\\mathrm{eff}/d,\\qquad
    t_\\mathrm{batch} = t_\\mathrm{work} + t_\\mathrm{handle}

and, item by item (prices in USD, lives in hours of use):

* mill depreciation      :math:`n_m\\,C_m/L_m\\cdot t_\\mathrm{work}`
* enclosure depreciation :math:`n_e\\,C_e/L_e\\cdot t_\\mathrm{batch}`
* mill electricity       :math:`n_m\\,P_m\\,e\\cdot t_\\mathrm{work}` (or :math:`t_\\mathrm{eff}`)
* enclosure electricity  :math:`n_e\\,P_e\\,e\\cdot t_\\mathrm{batch}`
* personnel              :math:`w\\,(N_h t_\\mathrm{handle} + N_m t_\\mathrm{work})`
* plant area (rent)      :math:`r\\,n_e A_e\\cdot t_\\mathrm{batch}`

The batch cost is linear in :math:`t_\\mathrm{eff}`: :math:`C = F + v\\,t_\\mathrm{eff}`
(see :func:`fixed_and_variable_cost`).  All inputs may be numpy arrays of equal shape
(Monte-Carlo samples); the arithmetic broadcasts.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from sselab.errors import InputError

#: Accepted values of the mill-energy switch.
MILL_ENERGY_HOURS = ("working", "effective")

#: The four processing components of the paper (Fig. 3d) and the items in each.
COMPONENTS: dict[str, tuple[str, ...]] = {
    "depreciation": ("mill_depreciation_USD", "enclosure_depreciation_USD"),
    "electricity": ("mill_electricity_USD", "enclosure_electricity_USD"),
    "personnel": ("personnel_USD",),
    "plant area": ("rent_USD",),
}


@dataclass(frozen=True)
class PlantInputs:
    """Plant and economics in plain units (USD, h, kW, m², kg).

    Attributes
    ----------
    mill_count, kg_per_mill : number of mills and kg of powder each gives per batch
    mill_price_USD, mill_power_kW, mill_life_h : price, rated power, depreciation life (h)
    duty_cycle : milling fraction of the working time (0 < d ≤ 1)
    enclosure_count, enclosure_area_m2, enclosure_price_USD, enclosure_power_kW,
    enclosure_life_h : the dry enclosures
    handling_time_h : weighing, loading, unloading per batch (enclosure running)
    operators_handling, operators_milling : staff during handling and during milling
    yield_fraction : product kept after handling (0 < Y ≤ 1)
    electricity_USD_per_kWh, wage_USD_per_h, rent_USD_per_m2_h : prices
    mill_energy_hours : "working" (rated power over the working time) or "effective"
    """

    mill_count: Any
    kg_per_mill: Any
    mill_price_USD: Any
    mill_power_kW: Any
    mill_life_h: Any
    duty_cycle: Any
    enclosure_count: Any
    enclosure_area_m2: Any
    enclosure_price_USD: Any
    enclosure_power_kW: Any
    enclosure_life_h: Any
    handling_time_h: Any
    operators_handling: Any
    operators_milling: Any
    yield_fraction: Any
    electricity_USD_per_kWh: Any
    wage_USD_per_h: Any
    rent_USD_per_m2_h: Any
    mill_energy_hours: str = "working"

    _NONNEGATIVE = frozenset(
        {"handling_time_h", "operators_handling", "operators_milling", "enclosure_count",
         "enclosure_power_kW", "enclosure_price_USD", "mill_power_kW", "mill_price_USD",
         "wage_USD_per_h", "rent_USD_per_m2_h", "electricity_USD_per_kWh", "enclosure_area_m2"}
    )

    def __post_init__(self) -> None:
        if self.mill_energy_hours not in MILL_ENERGY_HOURS:
            raise InputError(
                f"mill_energy_hours must be one of {', '.join(MILL_ENERGY_HOURS)}, "
                f"got {self.mill_energy_hours!r}"
            )
        for f in fields(self):
            if f.name == "mill_energy_hours":
                continue
            v = np.asarray(getattr(self, f.name), dtype=float)
            if not np.all(np.isfinite(v)):
                raise InputError(f"plant input {f.name} must be finite, got {v!r}")
            if f.name in self._NONNEGATIVE:
                if np.any(v < 0):
                    raise InputError(f"plant input {f.name} must be >= 0, got {v!r}")
            elif np.any(v <= 0):
                raise InputError(f"plant input {f.name} must be > 0, got {v!r}")
        for name in ("duty_cycle", "yield_fraction"):
            if np.any(np.asarray(getattr(self, name), dtype=float) > 1):
                raise InputError(f"plant input {name} must be <= 1")

    @property
    def nominal_batch_kg(self) -> Any:
        """Mass the mills hold per batch, kg (count × kg per mill)."""
        return self.mill_count * self.kg_per_mill


@dataclass(frozen=True)
class ProcessingCost:
    """Processing cost of one batch, item by item (USD per batch unless stated)."""

    milling_time_h: Any
    working_time_h: Any
    batch_time_h: Any
    batch_product_kg: Any
    mill_depreciation_USD: Any
    enclosure_depreciation_USD: Any
    mill_electricity_USD: Any
    enclosure_electricity_USD: Any
    personnel_USD: Any
    rent_USD: Any

    def items(self) -> dict[str, Any]:
        """The six cost items, USD per batch."""
        return {k: getattr(self, k) for c in COMPONENTS.values() for k in c}

    def components(self) -> dict[str, Any]:
        """The paper's four components (depreciation, electricity, personnel, plant area)."""
        return {name: sum(getattr(self, k) for k in keys) for name, keys in COMPONENTS.items()}

    @property
    def total_USD_per_batch(self) -> Any:
        """Sum of all items, USD per batch."""
        return sum(self.items().values())

    @property
    def USD_per_kg(self) -> Any:
        """Processing cost per kg of product."""
        return self.total_USD_per_batch / self.batch_product_kg

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        return {
            "milling_time_h": self.milling_time_h,
            "working_time_h": self.working_time_h,
            "batch_time_h": self.batch_time_h,
            "batch_product_kg": self.batch_product_kg,
            "items_USD_per_batch": self.items(),
            "components_USD_per_batch": self.components(),
            "total_USD_per_batch": self.total_USD_per_batch,
            "USD_per_kg": self.USD_per_kg,
        }


def processing_cost(plant: PlantInputs, milling_time_h: Any, batch_product_kg: Any) -> ProcessingCost:
    """Processing cost of one batch after ``milling_time_h`` of effective milling.

    Parameters
    ----------
    plant : PlantInputs
        Plant and economics.
    milling_time_h : float or array
        Effective milling time, h (≥ 0; the mills run ``milling_time_h / duty_cycle``).
    batch_product_kg : float or array
        Product obtained per batch, kg (divides the batch cost to give USD/kg).
    """
    t_eff = np.asarray(milling_time_h, dtype=float)
    if np.any(t_eff < 0) or not np.all(np.isfinite(t_eff)):
        raise InputError(f"milling time must be >= 0 h, got {milling_time_h!r}")
    if np.any(np.asarray(batch_product_kg, dtype=float) <= 0):
        raise InputError(f"batch product mass must be > 0 kg, got {batch_product_kg!r}")
    p = plant
    t_eff = milling_time_h
    t_work = t_eff / p.duty_cycle
    t_batch = t_work + p.handling_time_h
    t_mill_energy = t_work if p.mill_energy_hours == "working" else t_eff
    return ProcessingCost(
        milling_time_h=t_eff,
        working_time_h=t_work,
        batch_time_h=t_batch,
        batch_product_kg=batch_product_kg,
        mill_depreciation_USD=p.mill_count * p.mill_price_USD / p.mill_life_h * t_work,
        enclosure_depreciation_USD=(
            p.enclosure_count * p.enclosure_price_USD / p.enclosure_life_h * t_batch
        ),
        mill_electricity_USD=(
            p.mill_count * p.mill_power_kW * t_mill_energy * p.electricity_USD_per_kWh
        ),
        enclosure_electricity_USD=(
            p.enclosure_count * p.enclosure_power_kW * t_batch * p.electricity_USD_per_kWh
        ),
        personnel_USD=p.wage_USD_per_h * (
            p.operators_handling * p.handling_time_h + p.operators_milling * t_work
        ),
        rent_USD=p.rent_USD_per_m2_h * p.enclosure_count * p.enclosure_area_m2 * t_batch,
    )


def fixed_and_variable_cost(plant: PlantInputs) -> tuple[Any, Any]:
    """Intercept and slope of the batch cost, :math:`C = F + v\\,t_\\mathrm{eff}`.

    Returns
    -------
    F_USD_per_batch, v_USD_per_h
        Cost of a batch without milling (handling only), and the cost of each
        further hour of *effective* milling.
    """
    c0 = processing_cost(plant, 0.0, 1.0).total_USD_per_batch
    c1 = processing_cost(plant, 1.0, 1.0).total_USD_per_batch
    return c0, c1 - c0
