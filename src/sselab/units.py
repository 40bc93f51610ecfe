"""Small, tested unit converters used at the boundaries (CLI, readers, report).

Cores work in SI; these helpers convert to and from the units that labs use.
"""

from __future__ import annotations

from sselab.constants import T0_K, N_A_per_mol, e_C


def mS_per_cm_to_S_per_m(x: float) -> float:
    """mS cm⁻¹ → S m⁻¹ (1 mS cm⁻¹ = 0.1 S m⁻¹)."""
    return x * 0.1


def S_per_m_to_mS_per_cm(x: float) -> float:
    """S m⁻¹ → mS cm⁻¹."""
    return x * 10.0


def degC_to_K(t_degC: float) -> float:
    """°C → K."""
    return t_degC + T0_K


def K_to_degC(t_K: float) -> float:
    """K → °C."""
    return t_K - T0_K


def eV_to_kJ_per_mol(e_eV: float) -> float:
    """eV per particle → kJ mol⁻¹."""
    return e_eV * e_C * N_A_per_mol / 1e3


def GPa_to_Pa(x: float) -> float:
    """GPa → Pa."""
    return x * 1e9


def Pa_to_GPa(x: float) -> float:
    """Pa → GPa."""
    return x / 1e9


def g_per_cm3_to_kg_per_m3(x: float) -> float:
    """g cm⁻³ → kg m⁻³."""
    return x * 1e3


def kg_per_m3_to_g_per_cm3(x: float) -> float:
    """kg m⁻³ → g cm⁻³."""
    return x / 1e3


def mAh_to_C(x: float) -> float:
    """mAh → C (1 mAh = 3.6 C)."""
    return x * 3.6


def C_to_mAh(x: float) -> float:
    """C → mAh."""
    return x / 3.6
