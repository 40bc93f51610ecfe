"""Effective capacitance of an R‖CPE arc and the process it belongs to.

A constant-phase element Z_CPE = 1/(Q·(jω)^n) in parallel with a resistance R
has its apex at ω_max = (R·Q)^(−1/n); the capacitance that gives the same
ω_max with an ideal RC element is (Brug et al. 1984; Hsu & Mansfeld 2001)

    C_eff = (R^(1−n) · Q)^(1/n)                         (F)

Normalised by the cell constant, C' = C_eff · L/A, it tells which process an
arc comes from (Irvine, Sinclair & West 1990, Table 1): ~1e-12 F cm⁻¹ bulk,
1e-11–1e-8 grain boundary, 1e-9–1e-7 surface layer, 1e-7–1e-5 electrode
interface, ~1e-4 electrochemical reaction.  The bin edges live in
``sselab/data/transport/capacitance_ranges.toml``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from sselab.errors import InputError, require_positive

#: Process labels, in order of increasing specific capacitance.
PROCESSES: tuple[str, ...] = (
    "bulk", "grain_boundary", "surface_layer", "electrode", "electrochemical_reaction",
)

#: Processes whose resistance is ionic transport through the electrolyte.
IONIC_PROCESSES: frozenset[str] = frozenset({"bulk", "grain_boundary"})


def effective_capacitance_F(resistance_ohm: float, cpe_q: float, cpe_n: float) -> float:
    """C_eff = (R^(1−n)·Q)^(1/n), F, of a CPE (Q in F s^(n−1), exponent n) parallel to R.

    For n = 1 this is Q itself.  References: Brug et al., J. Electroanal. Chem.
    176, 275 (1984); Hsu & Mansfeld, Corrosion 57, 747 (2001).
    """
    r = require_positive("arc resistance", resistance_ohm, "Ω")
    q = require_positive("CPE coefficient Q", cpe_q, "F s^(n-1)")
    n = float(cpe_n)
    if not (0.0 < n <= 1.0 + 1e-9):
        raise InputError(f"CPE exponent n must lie in (0, 1], got {cpe_n!r}")
    return (r ** (1.0 - n) * q) ** (1.0 / n)


def effective_capacitance_log_gradient(resistance_ohm: float, cpe_q: float,
                                       cpe_n: float) -> tuple[float, float, float]:
    """∂ln C_eff/∂(R, Q, n), for propagating a fit covariance into u(C_eff)."""
    r, q, n = float(resistance_ohm), float(cpe_q), float(cpe_n)
    ln_c = ((1.0 - n) * math.log(r) + math.log(q)) / n
    return ((1.0 - n) / (n * r), 1.0 / (n * q), (-math.log(r) - ln_c) / n)


@dataclass(frozen=True)
class CapacitanceRanges:
    """Upper bin edges of specific capacitance, F m⁻¹ (SI; the data file stores F cm⁻¹)."""

    bulk_max_F_per_m: float
    grain_boundary_max_F_per_m: float
    surface_layer_max_F_per_m: float
    electrode_max_F_per_m: float
    source: str = ""

    def classify(self, specific_capacitance_F_per_m: float) -> str:
        """Process label for a specific capacitance C' (F m⁻¹)."""
        c = float(specific_capacitance_F_per_m)
        if not math.isfinite(c) or c <= 0:
            return "unassigned"
        if c < self.bulk_max_F_per_m:
            return "bulk"
        if c < self.grain_boundary_max_F_per_m:
            return "grain_boundary"
        if c < self.surface_layer_max_F_per_m:
            return "surface_layer"
        if c < self.electrode_max_F_per_m:
            return "electrode"
        return "electrochemical_reaction"


@cache
def irvine_ranges() -> CapacitanceRanges:
    """The bins of Irvine, Sinclair & West (1990), from the packaged data file."""
    from sselab.parameters import load_parameter_set

    ps = load_parameter_set("transport/capacitance_ranges")
    f_per_cm_to_si = 100.0  # 1 F cm⁻¹ = 100 F m⁻¹
    return CapacitanceRanges(
        bulk_max_F_per_m=ps.value("edges.bulk_max") * f_per_cm_to_si,
        grain_boundary_max_F_per_m=ps.value("edges.grain_boundary_max") * f_per_cm_to_si,
        surface_layer_max_F_per_m=ps.value("edges.surface_layer_max") * f_per_cm_to_si,
        electrode_max_F_per_m=ps.value("edges.electrode_max") * f_per_cm_to_si,
        source=ps.origin,
    )


@dataclass(frozen=True)
class ArcAssignment:
    """Which process an R‖CPE arc belongs to, from its capacitance.

    Attributes
    ----------
    capacitance_F : float
        C_eff of the arc, F.
    specific_capacitance_F_per_m : float
        C' = C_eff·L/A, F m⁻¹ (×0.01 for the F cm⁻¹ of Irvine et al.).
    process : str
        One of :data:`PROCESSES` or "unassigned".
    relaxation_frequency_Hz : float
        Apex frequency f_max = 1/(2π·R·C_eff), Hz.
    """

    capacitance_F: float
    specific_capacitance_F_per_m: float
    process: str
    relaxation_frequency_Hz: float

    @property
    def specific_capacitance_F_per_cm(self) -> float:
        """C' in F cm⁻¹, the unit of Irvine et al. (1990)."""
        return self.specific_capacitance_F_per_m / 100.0

    @property
    def is_ionic(self) -> bool:
        """True for bulk and grain-boundary arcs (their R is ionic resistance)."""
        return self.process in IONIC_PROCESSES


def assign_arc(resistance_ohm: float, cpe_q: float, cpe_n: float, cell_constant_per_m: float,
               ranges: CapacitanceRanges | None = None) -> ArcAssignment:
    """Assign an R‖CPE arc to bulk / grain boundary / … from C_eff·L/A.

    Parameters
    ----------
    resistance_ohm, cpe_q, cpe_n : float
        The arc's R (Ω), CPE coefficient Q (F s^(n−1)) and exponent n.
    cell_constant_per_m : float
        L/A of the pellet, m⁻¹.
    ranges : CapacitanceRanges, optional
        Bin edges; default :func:`irvine_ranges`.
    """
    k = require_positive("cell constant", cell_constant_per_m, "1/m")
    c = effective_capacitance_F(resistance_ohm, cpe_q, cpe_n)
    spec = c * k
    rng = ranges or irvine_ranges()
    tau_s = float(resistance_ohm) * c  # C_eff under/overflows for extreme fitted CPE exponents
    return ArcAssignment(
        capacitance_F=c,
        specific_capacitance_F_per_m=spec,
        process=rng.classify(spec),
        relaxation_frequency_Hz=(1.0 / (2.0 * math.pi * tau_s)
                                 if 0.0 < tau_s < math.inf else math.nan),
    )
