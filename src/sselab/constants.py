"""Physical constants (CODATA 2018 via :mod:`scipy.constants`; nothing typed by hand)."""

from __future__ import annotations

from scipy import constants as _c

#: Boltzmann constant, J K⁻¹
k_B_J_per_K: float = _c.k
#: Boltzmann constant, eV K⁻¹
k_B_eV_per_K: float = _c.k / _c.e
#: Elementary charge, C
e_C: float = _c.e
#: Avogadro constant, mol⁻¹
N_A_per_mol: float = _c.N_A
#: Faraday constant, C mol⁻¹
F_C_per_mol: float = _c.physical_constants["Faraday constant"][0]
#: Molar gas constant, J mol⁻¹ K⁻¹
R_J_per_mol_K: float = _c.R
#: Molar volume of an ideal gas at STP (273.15 K, 100 kPa), m³ mol⁻¹
V_m_STP_m3_per_mol: float = _c.R * 273.15 / 100e3
#: Zero of the Celsius scale, K
T0_K: float = _c.zero_Celsius
