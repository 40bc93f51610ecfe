"""Synthesis recipe: precursor masses for a milling batch, gas release and ball loading.

For precursors i with nᵢ mol per formula unit of product and molar masses Mᵢ,
gases g with n_g mol per formula unit, the loaded powder per formula unit is
M_load = Σ nᵢMᵢ and the product M_p = M_load − Σ n_g M_g.  With ``basis="loaded"``
(default; the paper's ball-to-powder ratio refers to the powder put in the
jar) the batch mass is the loaded powder, N = batch/M_load formula units;
with ``basis="product"`` it is the product, N = batch/M_p.  Masses are
mᵢ = N nᵢ Mᵢ.  Gas volumes are ideal-gas volumes V = nRT/p at STP
(273.15 K, 100 kPa) and at 25 °C (298.15 K, 100 kPa).

Examples
--------
>>> from sselab.chem.recipe import synthesis_recipe
>>> r = synthesis_recipe((1.4, 0.25), 2.0, li_source="Li2CO3")
>>> [(p.formula, round(p.mass_g, 4)) for p in r.precursors]
[('Li2CO3', 0.6641), ('ZrCl4', 1.1219), ('AlCl3', 0.214)]
>>> round(r.gases[0].mass_g, 4), round(r.mass_loss_percent, 2), round(r.product_g, 4)
(0.3955, 19.78, 1.6045)
>>> r.ball_to_powder_ratio
20.0
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Literal

from sselab.chem.composition import Composition
from sselab.chem.family import family_composition
from sselab.chem.precursors import PrecursorMix, precursor_mix
from sselab.errors import InputError, require_positive

Basis = Literal["loaded", "product"]
SYNTHESIS_SET = "chem/synthesis_hu2026"


@dataclass(frozen=True)
class PrecursorAmount:
    """One line of a recipe."""

    formula: str
    moles_per_formula_unit: float
    molar_mass_g_per_mol: float
    mass_g: float
    amount_mmol: float
    mass_percent_of_load: float


@dataclass(frozen=True)
class GasRelease:
    """Gas given off during milling (ideal gas)."""

    formula: str
    moles_per_formula_unit: float
    mass_g: float
    amount_mmol: float
    volume_stp_mL: float
    volume_25C_mL: float
    jar_pressure_25C_bar_min: float | None


@dataclass(frozen=True)
class SynthesisRecipe:
    """Precursor masses for one batch, with gas release, ball loading and warnings.

    All masses in g; ``ball_to_powder_ratio`` is ball mass / loaded powder mass.
    """

    target_formula: str
    target_molar_mass_g_per_mol: float
    reaction: str
    li_source: str | None
    basis: str
    batch_g: float
    formula_units_mmol: float
    precursors: tuple[PrecursorAmount, ...]
    gases: tuple[GasRelease, ...]
    loaded_powder_g: float
    product_g: float
    mass_loss_percent: float
    ball_mass_g: float
    ball_to_powder_ratio: float
    jar_volume_mL: float | None
    warnings: tuple[str, ...]

    def precursor(self, formula: str) -> PrecursorAmount:
        """The line for ``formula`` (as printed in the recipe)."""
        for p in self.precursors:
            if p.formula == formula:
                return p
        raise InputError(
            f"{formula!r} is not a precursor of this recipe; have "
            f"{', '.join(p.formula for p in self.precursors)}"
        )

    @property
    def gas_mass_g(self) -> float:
        """Total gas released, g."""
        return math.fsum(g.mass_g for g in self.gases)

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON (units in the keys)."""
        return {
            "target_formula": self.target_formula,
            "target_molar_mass_g_per_mol": self.target_molar_mass_g_per_mol,
            "reaction": self.reaction,
            "li_source": self.li_source,
            "basis": self.basis,
            "batch_g": self.batch_g,
            "formula_units_mmol": self.formula_units_mmol,
            "precursors": [asdict(p) for p in self.precursors],
            "gases": [asdict(g) for g in self.gases],
            "loaded_powder_g": self.loaded_powder_g,
            "product_g": self.product_g,
            "gas_released_g": self.gas_mass_g,
            "mass_loss_percent": self.mass_loss_percent,
            "ball_mass_g": self.ball_mass_g,
            "ball_to_powder_ratio": self.ball_to_powder_ratio,
            "jar_volume_mL": self.jar_volume_mL,
            "warnings": list(self.warnings),
        }


def _defaults() -> dict[str, float]:
    from sselab.parameters import load_parameter_set

    p = load_parameter_set(SYNTHESIS_SET)
    return {
        "ball_mass_g": float(p.value("milling.ball_mass")),
        "bpr": float(p.value("milling.ball_to_powder_ratio")),
        "jar_volume_mL": float(p.value("milling.jar_volume")),
        "T_stp_K": float(p.value("gas.stp_temperature")),
        "p_stp_Pa": float(p.value("gas.stp_pressure")),
        "T_room_K": float(p.value("gas.room_temperature")),
    }


def _target_mix(target: Any, precursors: tuple[str, ...] | None) -> PrecursorMix:
    if isinstance(target, tuple | list) and len(target) == 2 and not isinstance(target[0], str):
        return precursor_mix(family_composition(*target), precursors)
    if isinstance(target, PrecursorMix):
        return target
    if not isinstance(target, str | Composition):
        raise InputError(
            f"target must be a formula, a Composition or (x, y) of the family, got {target!r}"
        )
    return precursor_mix(target, precursors)


def synthesis_recipe(
    target: str | Composition | tuple[float, float],
    batch_g: float,
    *,
    li_source: str | None = None,
    basis: Basis = "loaded",
    ball_mass_g: float | None = None,
    bpr: float | None = None,
    jar_volume_mL: float | None = None,
    precursors: tuple[str, ...] | None = None,
    bpr_reference: float | None = None,
) -> SynthesisRecipe:
    """Precursor masses for a batch of ``target``.

    Parameters
    ----------
    target : str, Composition or (x, y)
        Oxide sum (``"1.4Li2O-0.75ZrCl4-0.25AlCl3"``), plain formula (decomposed into
        binary precursors, see :func:`sselab.chem.precursors.precursor_mix`) or the
        family parameters (x, y) of x Li2O·(1−y) ZrCl4·y AlCl3.
    batch_g : float
        Batch mass in g (> 0): loaded powder or product, see ``basis``.
    li_source : {"Li2O", "Li2CO3"} or None
        Replace every Li2O/Li2CO3 precursor by this one (None: as written).
        Li2CO3 releases 1 CO2 per Li2CO3.
    basis : {"loaded", "product"}
        What ``batch_g`` refers to (default "loaded": the powder put in the jar).
    ball_mass_g : float, optional
        Mass of the milling balls; default 40 g (paper) unless ``bpr`` is given.
    bpr : float, optional
        Ball-to-powder mass ratio; if given (and ``ball_mass_g`` not), the ball mass is
        bpr × loaded powder.  Giving both requires them to agree within 1 %.
    jar_volume_mL : float, optional
        Jar volume for the pressure warning; default 80 mL (paper).
    precursors : tuple of str, optional
        Precursors for decomposing a plain formula.
    bpr_reference : float, optional
        Ratio to compare with (warning when off by > 2 %); default the paper's 20.

    Raises
    ------
    InputError
        For a non-positive batch mass, an unknown basis or Li source, inconsistent
        ball mass and BPR, or a target that cannot be made from known precursors.
    """
    from sselab.constants import R_J_per_mol_K  # scipy: imported only when needed

    try:
        batch = float(batch_g)
    except (TypeError, ValueError):
        raise InputError(f"batch mass must be a number of grams, got {batch_g!r}") from None
    if not (batch > 0 and math.isfinite(batch)):
        raise InputError(
            f"batch mass must be a positive, finite number of grams, got {batch_g!r} g "
            "(e.g. 2.0 g: 40 g of balls at a ball-to-powder ratio of 20:1)"
        )
    if basis not in ("loaded", "product"):
        raise InputError(f"basis must be 'loaded' or 'product', got {basis!r}")
    d = _defaults()
    mix0 = _target_mix(target, precursors)
    mix = mix0.with_li_source(li_source)
    warnings: list[str] = []
    if li_source is not None and not mix0.has_li_source:
        warnings.append(f"li_source={li_source} ignored: the recipe has no Li2O or Li2CO3 precursor")
    if mix.max_deviation > 0:
        warnings.append(
            f"the target is not exactly reachable (rounded formula?): the precursors give "
            f"{mix.product.formula}, off by up to {100 * mix.max_deviation:.2f} % per element"
        )

    m_load_fu = math.fsum(n * p.molar_mass_g_per_mol for n, p in mix.items)
    m_gas_fu = math.fsum(n * g.molar_mass_g_per_mol for n, g in mix.gases)
    m_prod_fu = m_load_fu - m_gas_fu
    n_fu = batch / (m_load_fu if basis == "loaded" else m_prod_fu)
    loaded = n_fu * m_load_fu
    product = n_fu * m_prod_fu

    lines = tuple(
        PrecursorAmount(
            formula=p.formula,
            moles_per_formula_unit=n,
            molar_mass_g_per_mol=p.molar_mass_g_per_mol,
            mass_g=n_fu * n * p.molar_mass_g_per_mol,
            amount_mmol=1e3 * n_fu * n,
            mass_percent_of_load=100.0 * n * p.molar_mass_g_per_mol / m_load_fu,
        )
        for n, p in mix.items
    )

    # ball loading
    if ball_mass_g is not None:
        balls = require_positive("ball mass (ball_mass_g)", ball_mass_g, "g")
        if bpr is not None:
            r = require_positive("ball-to-powder ratio (bpr)", bpr)
            if abs(balls / loaded - r) > 0.01 * r:
                raise InputError(
                    f"ball mass {balls:g} g and BPR {r:g} disagree for {loaded:.4f} g of powder "
                    f"(that BPR needs {r * loaded:.2f} g of balls); give only one of them"
                )
    elif bpr is not None:
        balls = require_positive("ball-to-powder ratio (bpr)", bpr) * loaded
    else:
        balls = d["ball_mass_g"]
    ratio = balls / loaded
    ref = d["bpr"] if bpr_reference is None else require_positive("bpr_reference", bpr_reference)
    if abs(ratio - ref) > 0.02 * ref:
        warnings.append(
            f"ball-to-powder ratio {ratio:.1f}:1 differs from the reference {ref:g}:1 "
            f"({balls:g} g balls, {loaded:.4f} g powder)"
        )

    jar = d["jar_volume_mL"] if jar_volume_mL is None else require_positive(
        "jar volume (jar_volume_mL)", jar_volume_mL, "mL")
    gases = []
    for n, g in mix.gases:
        mol = n_fu * n
        v_stp = mol * R_J_per_mol_K * d["T_stp_K"] / d["p_stp_Pa"] * 1e6
        v_25 = mol * R_J_per_mol_K * d["T_room_K"] / d["p_stp_Pa"] * 1e6
        # lower bound: the whole jar volume taken as gas space (balls and powder ignored)
        p_bar = mol * R_J_per_mol_K * d["T_room_K"] / (jar * 1e-6) / 1e5
        gases.append(GasRelease(g.formula, n, mol * g.molar_mass_g_per_mol, 1e3 * mol,
                                v_stp, v_25, p_bar))
        warnings.append(
            f"releases {mol * g.molar_mass_g_per_mol:.4f} g {g.formula} ({1e3 * mol:.2f} mmol; "
            f"{v_stp:.0f} mL at STP 273.15 K/100 kPa, {v_25:.0f} mL at 25 °C/100 kPa): "
            f"a sealed {jar:g} mL jar gains at least {p_bar:.1f} bar at 25 °C; open it slowly, "
            f"inside the glovebox"
        )

    return SynthesisRecipe(
        target_formula=mix.product.formula,
        target_molar_mass_g_per_mol=m_prod_fu,
        reaction=mix.reaction(),
        li_source=li_source,
        basis=basis,
        batch_g=batch,
        formula_units_mmol=1e3 * n_fu,
        precursors=lines,
        gases=tuple(gases),
        loaded_powder_g=loaded,
        product_g=product,
        mass_loss_percent=100.0 * (loaded - product) / loaded,
        ball_mass_g=balls,
        ball_to_powder_ratio=ratio,
        jar_volume_mL=jar,
        warnings=tuple(warnings),
    )
