"""Precursor recipes and the raw-materials cost of a product.

A recipe lists the precursors (mol per formula unit of product) and the gaseous
by-products that leave the batch (for example CO2 from Li2CO3).  The raw-materials
cost per kg of product is

.. math::

    c_\\mathrm{raw} = \\frac{\\sum_i n_i M_i p_i}{M_\\mathrm{product}},\\qquad
    M_\\mathrm{product} = \\sum_i n_i M_i - \\sum_j m_j M_j ,

with :math:`n_i` mol of precursor *i* (molar mass :math:`M_i` in g/mol, price
:math:`p_i` in USD/kg) and :math:`m_j` mol of by-product *j* lost per formula unit.
With ``basis="precursor"`` the cost is instead per kg of the precursor mix (the
by-products are then ignored), the alternative reading of Hu et al. (2026) that
``cost_and_chemistry.md`` §1.2 rejects.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sselab.errors import DataError, InputError

#: Accepted values of the raw-cost basis switch.
COST_BASES = ("product", "precursor")


@dataclass(frozen=True)
class Recipe:
    """Precursors and lost by-products, in mol per formula unit of product.

    Parameters
    ----------
    precursors : tuple of (formula, mol per f.u.)
        Every amount must be positive.
    byproducts : tuple of (formula, mol per f.u.)
        Gases that leave the batch (amounts ≥ 0).
    """

    precursors: tuple[tuple[str, float], ...]
    byproducts: tuple[tuple[str, float], ...] = ()

    def __post_init__(self) -> None:
        if not self.precursors:
            raise InputError("a recipe needs at least one precursor")
        names = [n for n, _ in self.precursors]
        if len(set(names)) != len(names):
            raise InputError(f"precursor listed twice in recipe {names}")
        for name, amount in self.precursors:
            if not (math.isfinite(amount) and amount > 0):
                raise InputError(
                    f"amount of precursor {name} must be > 0 mol per formula unit, got {amount!r}"
                )
        for name, amount in self.byproducts:
            if not (math.isfinite(amount) and amount >= 0):
                raise InputError(
                    f"amount of by-product {name} must be >= 0 mol per formula unit, got {amount!r}"
                )

    @classmethod
    def from_mappings(
        cls, precursors: Mapping[str, float], byproducts: Mapping[str, float] | None = None
    ) -> Recipe:
        """Recipe from ``{formula: mol}`` mappings (order kept)."""
        return cls(
            tuple((str(k), float(v)) for k, v in precursors.items()),
            tuple((str(k), float(v)) for k, v in (byproducts or {}).items()),
        )

    @property
    def formulas(self) -> tuple[str, ...]:
        """All formulas the recipe needs a molar mass for."""
        return tuple(n for n, _ in self.precursors) + tuple(n for n, _ in self.byproducts)

    def label(self) -> str:
        """Human form, e.g. ``1.4 Li2CO3 + 0.75 ZrCl4 + 0.25 AlCl3 - 1.4 CO2↑``."""
        s = " + ".join(f"{a:g} {n}" for n, a in self.precursors)
        for n, a in self.byproducts:
            s += f" - {a:g} {n}↑"
        return s


@dataclass(frozen=True)
class PrecursorCost:
    """One precursor's share of the raw-materials cost.

    ``price_USD_per_kg`` and ``cost_USD_per_kg`` may be numpy arrays (Monte Carlo).
    """

    name: str
    amount_mol_per_fu: float
    molar_mass_g_per_mol: float
    mass_g_per_fu: float
    price_USD_per_kg: Any
    cost_USD_per_kg: Any

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        return {
            "precursor": self.name,
            "amount_mol_per_fu": self.amount_mol_per_fu,
            "molar_mass_g_per_mol": self.molar_mass_g_per_mol,
            "mass_g_per_fu": self.mass_g_per_fu,
            "price_USD_per_kg": self.price_USD_per_kg,
            "cost_USD_per_kg": self.cost_USD_per_kg,
        }


@dataclass(frozen=True)
class RawMaterialCost:
    """Raw-materials cost per kg (of product or of precursor mix, see ``basis``)."""

    items: tuple[PrecursorCost, ...]
    precursor_mass_g_per_fu: float
    byproduct_mass_g_per_fu: float
    product_mass_g_per_fu: float
    basis: str
    total_USD_per_kg: Any

    @property
    def mass_loss_fraction(self) -> float:
        """Fraction of the loaded precursor mass that leaves as gas."""
        return self.byproduct_mass_g_per_fu / self.precursor_mass_g_per_fu

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        return {
            "basis": self.basis,
            "precursor_mass_g_per_fu": self.precursor_mass_g_per_fu,
            "byproduct_mass_g_per_fu": self.byproduct_mass_g_per_fu,
            "product_mass_g_per_fu": self.product_mass_g_per_fu,
            "mass_loss_fraction": self.mass_loss_fraction,
            "total_USD_per_kg": self.total_USD_per_kg,
            "precursors": [i.as_dict() for i in self.items],
        }


def raw_material_cost(
    recipe: Recipe,
    molar_masses_g_per_mol: Mapping[str, float],
    prices_USD_per_kg: Mapping[str, Any],
    basis: str = "product",
) -> RawMaterialCost:
    """Raw-materials cost of one kg of product (or of precursor mix).

    Parameters
    ----------
    recipe : Recipe
        Precursors and lost by-products per formula unit.
    molar_masses_g_per_mol : mapping
        Molar mass of every formula in the recipe, g/mol.
    prices_USD_per_kg : mapping
        Price of every precursor, USD/kg (floats or numpy arrays of samples).
    basis : {"product", "precursor"}
        Divide by the product mass (by-products lost) or by the precursor mass.

    Returns
    -------
    RawMaterialCost
        Per-precursor contributions and their sum, USD per kg.
    """
    if basis not in COST_BASES:
        raise InputError(f"cost basis must be one of {', '.join(COST_BASES)}, got {basis!r}")
    missing = [f for f in recipe.formulas if f not in molar_masses_g_per_mol]
    if missing:
        raise DataError(f"no molar mass for {', '.join(missing)}")
    no_price = [n for n, _ in recipe.precursors if n not in prices_USD_per_kg]
    if no_price:
        raise DataError(
            f"no price for precursor(s) {', '.join(no_price)}; add prices.<NAME> to the "
            f"parameter file (known: {', '.join(sorted(prices_USD_per_kg))})"
        )
    m_in = sum(a * molar_masses_g_per_mol[n] for n, a in recipe.precursors)
    m_out = sum(a * molar_masses_g_per_mol[n] for n, a in recipe.byproducts)
    m_prod = m_in - m_out
    if not m_prod > 0:
        raise InputError(
            f"recipe {recipe.label()} loses all its mass ({m_out:.4g} of {m_in:.4g} g per "
            f"formula unit); check the by-products"
        )
    denom = m_prod if basis == "product" else m_in
    items = []
    total: Any = 0.0
    for name, amount in recipe.precursors:
        mm = float(molar_masses_g_per_mol[name])
        price = prices_USD_per_kg[name]
        c = amount * mm * price / denom
        total = total + c
        items.append(PrecursorCost(name, amount, mm, amount * mm, price, c))
    return RawMaterialCost(
        items=tuple(items),
        precursor_mass_g_per_fu=m_in,
        byproduct_mass_g_per_fu=m_out,
        product_mass_g_per_fu=m_prod,
        basis=basis,
        total_USD_per_kg=total,
    )
