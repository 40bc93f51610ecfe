"""Synthetic blocking-electrode impedance spectra of a solid-electrolyte pellet.

Used where the paper's raw spectra are not public: spectra are *generated* from
a conductivity σ(T) (Arrhenius, :func:`~sselab.transport.arrhenius.arrhenius_conductivity`)
and a pellet geometry, so that the analysis pipeline can be shown to recover σ
and Ea.  Every spectrum is labelled ``synthetic`` in its metadata.

Equivalent circuit (all in series)::

    R_lead — (R_b ‖ CPE_b) — [(R_gb ‖ CPE_gb)] — CPE_el

* Bulk: R_b = (1 − f_gb)·L/(σA); its capacitance is geometric, C_b = ε0·εr·A/L
  (pF range), and the CPE coefficient is chosen so that C_eff(R_b, Q_b, n_b) = C_b,
  i.e. Q_b = C_b^n·R_b^(n−1).  The apex f = σ/(2π ε0 εr) is ≈ 180 MHz for
  LZACO at 25 °C (εr = 25): above the 35 MHz top of the paper's window, so only
  its low-frequency tail is measured.
* Grain boundary (optional, f_gb = R_gb/R_total): specific capacitance C'_gb
  (F m⁻¹; Irvine et al. 1990 give 1e-11–1e-8 F cm⁻¹), same construction.
  The total ionic resistance R_b + R_gb follows σ(T) exactly.
* Electrode: CPE_el = 1/(Q_el·(jω)^n_el), the blocking spike.

Noise: Re and Im each get independent Gaussian noise of standard deviation
``noise_relative``·|Z| (proportional, "complex Gaussian").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from scipy import constants as _scipy_constants

from sselab.constants import T0_K
from sselab.eis.spectrum import Spectrum
from sselab.errors import InputError, require_positive
from sselab.transport.arrhenius import arrhenius_conductivity
from sselab.transport.conductivity import Pellet

#: Vacuum permittivity, F m⁻¹ (CODATA via scipy).
_EPS0: float = _scipy_constants.epsilon_0


def _cpe_q_for_capacitance(c_F: float, r_ohm: float, n: float) -> float:
    """Q such that (R^(1−n)·Q)^(1/n) = C, i.e. Q = C^n·R^(n−1)."""
    return c_F**n * r_ohm ** (n - 1.0)


def rc_cpe_impedance(frequency_Hz: np.ndarray, r_ohm: float, q: float, n: float) -> np.ndarray:
    """Z of R ‖ CPE: R / (1 + R·Q·(jω)^n), Ω."""
    jw = 2j * np.pi * np.asarray(frequency_Hz, dtype=float)
    return r_ohm / (1.0 + r_ohm * q * jw**n)


def cpe_impedance(frequency_Hz: np.ndarray, q: float, n: float) -> np.ndarray:
    """Z of a CPE: 1 / (Q·(jω)^n), Ω."""
    jw = 2j * np.pi * np.asarray(frequency_Hz, dtype=float)
    return 1.0 / (q * jw**n)


@dataclass(frozen=True)
class SyntheticPelletModel:
    """Everything needed to generate the spectra of one pellet at any temperature.

    Parameters
    ----------
    sigma25_S_per_m : float
        Total ionic conductivity at 25 °C, S m⁻¹ (2.55 mS cm⁻¹ = 0.255 S m⁻¹).
    activation_energy_eV : float
        Ea of σ(T), eV.
    pellet : Pellet
        Geometry.
    arrhenius_model : {"sigma_T", "sigma"}
        Form of σ(T).
    bulk_relative_permittivity, bulk_cpe_n : float
        εr (sets the geometric bulk capacitance) and the bulk CPE exponent.
    gb_resistance_fraction : float
        R_gb/(R_b + R_gb); 0 = no grain-boundary arc.
    gb_specific_capacitance_F_per_m, gb_cpe_n : float
        C'_gb = C_gb·L/A (F m⁻¹; 1e-9 F cm⁻¹ = 1e-7 F m⁻¹) and the GB CPE exponent.
    electrode_cpe_q, electrode_cpe_n : float
        Blocking-electrode CPE (Q in F s^(n−1)).
    lead_resistance_ohm : float
        Series resistance of leads/cell, Ω.
    f_max_Hz, f_min_Hz, n_points : float, float, int
        Log-spaced frequency grid, high → low.
    amplitude_V : float
        Excitation amplitude, V (recorded in metadata; the model is linear).
    noise_relative : float
        Standard deviation of Re and Im noise as a fraction of |Z|.
    description : str
        Label recorded in metadata.
    """

    sigma25_S_per_m: float
    activation_energy_eV: float
    pellet: Pellet
    arrhenius_model: str = "sigma_T"
    bulk_relative_permittivity: float = 25.0
    bulk_cpe_n: float = 0.90
    gb_resistance_fraction: float = 0.0
    gb_specific_capacitance_F_per_m: float = 1e-7
    gb_cpe_n: float = 0.85
    electrode_cpe_q: float = 4.0e-6
    electrode_cpe_n: float = 0.85
    lead_resistance_ohm: float = 0.0
    f_max_Hz: float = 35e6
    f_min_Hz: float = 1.0
    n_points: int = 40
    amplitude_V: float = 0.010
    noise_relative: float = 0.005
    description: str = "synthetic pellet"
    extra_metadata: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        require_positive("sigma25", self.sigma25_S_per_m, "S/m")
        require_positive("activation energy", self.activation_energy_eV, "eV")
        require_positive("relative permittivity", self.bulk_relative_permittivity)
        for name in ("bulk_cpe_n", "gb_cpe_n", "electrode_cpe_n"):
            v = float(getattr(self, name))
            if not (0.0 < v <= 1.0):
                raise InputError(f"{name} must lie in (0, 1], got {v}")
        if not (0.0 <= self.gb_resistance_fraction < 1.0):
            raise InputError("gb_resistance_fraction must lie in [0, 1)")
        if not (self.f_max_Hz > self.f_min_Hz > 0):
            raise InputError("need f_max_Hz > f_min_Hz > 0")
        if int(self.n_points) < 5:
            raise InputError("a spectrum needs at least 5 points")
        if not (0.0 <= self.noise_relative < 0.5):
            raise InputError("noise_relative must lie in [0, 0.5)")
        if self.lead_resistance_ohm < 0:
            raise InputError("lead resistance must be ≥ 0")

    def frequencies_Hz(self) -> np.ndarray:
        """The log-spaced grid, Hz, from f_max down to f_min."""
        return np.logspace(math.log10(self.f_max_Hz), math.log10(self.f_min_Hz),
                           int(self.n_points))

    def conductivity_S_per_m(self, temperature_K: float) -> float:
        """Total ionic σ(T), S m⁻¹."""
        return float(arrhenius_conductivity(temperature_K, self.sigma25_S_per_m,
                                            self.activation_energy_eV,
                                            self.arrhenius_model))  # type: ignore[arg-type]

    def true_parameters(self, temperature_K: float) -> dict[str, float]:
        """Element values at T: resistances (Ω), CPE Q (F s^(n−1)) and n, σ, capacitances."""
        t = require_positive("temperature", temperature_K, "K")
        sigma = self.conductivity_S_per_m(t)
        a, length = self.pellet.electrode_area_m2, self.pellet.thickness_m
        r_tot = length / (sigma * a)
        r_gb = self.gb_resistance_fraction * r_tot
        r_b = r_tot - r_gb
        c_b = _EPS0 * self.bulk_relative_permittivity * a / length
        out = {
            "temperature_K": t,
            "conductivity_S_per_m": sigma,
            "R_ionic_total_ohm": r_tot,
            "R_bulk_ohm": r_b,
            "C_bulk_F": c_b,
            "Q_bulk": _cpe_q_for_capacitance(c_b, r_b, self.bulk_cpe_n),
            "n_bulk": self.bulk_cpe_n,
            "f_bulk_apex_Hz": 1.0 / (2 * math.pi * r_b * c_b),
            "R_gb_ohm": r_gb,
            "Q_electrode": self.electrode_cpe_q,
            "n_electrode": self.electrode_cpe_n,
            "R_lead_ohm": self.lead_resistance_ohm,
        }
        if r_gb > 0:
            c_gb = self.gb_specific_capacitance_F_per_m * a / length
            out.update({
                "C_gb_F": c_gb,
                "Q_gb": _cpe_q_for_capacitance(c_gb, r_gb, self.gb_cpe_n),
                "n_gb": self.gb_cpe_n,
                "f_gb_apex_Hz": 1.0 / (2 * math.pi * r_gb * c_gb),
            })
        return out

    def impedance_ohm(self, temperature_K: float,
                      frequency_Hz: np.ndarray | None = None) -> np.ndarray:
        """Noise-free Z(f) at temperature T, Ω."""
        f = self.frequencies_Hz() if frequency_Hz is None else np.asarray(frequency_Hz, float)
        p = self.true_parameters(temperature_K)
        z = p["R_lead_ohm"] + rc_cpe_impedance(f, p["R_bulk_ohm"], p["Q_bulk"], p["n_bulk"])
        if p["R_gb_ohm"] > 0:
            z = z + rc_cpe_impedance(f, p["R_gb_ohm"], p["Q_gb"], p["n_gb"])
        return z + cpe_impedance(f, p["Q_electrode"], p["n_electrode"])

    def spectrum(self, temperature_K: float, rng: np.random.Generator | None = None) -> Spectrum:
        """A (noisy, if ``rng`` is given and noise_relative > 0) synthetic spectrum at T.

        The metadata hold ``synthetic=True``, the generating parameters and the true values.
        """
        f = self.frequencies_Hz()
        z = self.impedance_ohm(temperature_K, f)
        if rng is not None and self.noise_relative > 0:
            mag = np.abs(z) * self.noise_relative
            z = z + mag * (rng.standard_normal(f.size) + 1j * rng.standard_normal(f.size))
        true = self.true_parameters(temperature_K)
        meta: dict[str, Any] = {
            "synthetic": True,
            "generator": "sselab.transport.synthetic",
            "description": self.description,
            "temperature_K": float(temperature_K),
            "temperature_degC": float(temperature_K) - T0_K,
            "technique": "PEIS (synthetic)",
            "amplitude_V": self.amplitude_V,
            "noise_relative": self.noise_relative if rng is not None else 0.0,
            "sigma25_S_per_m": self.sigma25_S_per_m,
            "activation_energy_eV": self.activation_energy_eV,
            "arrhenius_model": self.arrhenius_model,
            "thickness_m": self.pellet.thickness_m,
            "electrode_area_m2": self.pellet.electrode_area_m2,
            "true": true,
        }
        meta.update(self.extra_metadata)
        return Spectrum(f, z, meta)

    def series(self, temperatures_K: Sequence[float],
               rng: np.random.Generator | None = None) -> tuple[Spectrum, ...]:
        """One spectrum per temperature (same generator, drawn in order)."""
        return tuple(self.spectrum(t, rng) for t in temperatures_K)

    def with_(self, **changes: Any) -> SyntheticPelletModel:
        """A copy with some fields changed."""
        return replace(self, **changes)


def lzaco_model(sigma25_mS_per_cm: float | None = None, description: str = "",
                parameter_set: Any = None) -> SyntheticPelletModel:
    """The synthetic LZACO pellet of ``sselab/data/transport/lzaco_eis_synthetic.toml``.

    Parameters
    ----------
    sigma25_mS_per_cm : float, optional
        Override σ(25 °C), mS cm⁻¹ (default: the paper's 2.55 for the Li2O route).
    description : str
        Label for the metadata.
    parameter_set : ParameterSet, optional
        An already loaded set (default: the packaged one).
    """
    if parameter_set is None:
        from sselab.parameters import load_parameter_set

        parameter_set = load_parameter_set("transport/lzaco_eis_synthetic")
    ps = parameter_set
    s25 = ps.value("sigma25.li2o_30h") if sigma25_mS_per_cm is None else sigma25_mS_per_cm
    pellet = Pellet.from_mm(ps.value("pellet.thickness"), ps.value("pellet.diameter"),
                            ps.value("pellet.thickness_uncertainty"),
                            ps.value("pellet.diameter_uncertainty"))
    return SyntheticPelletModel(
        sigma25_S_per_m=float(s25) * 0.1,
        activation_energy_eV=float(ps.value("activation_energy")),
        pellet=pellet,
        arrhenius_model=str(ps.value("arrhenius_form")),
        bulk_relative_permittivity=float(ps.value("bulk.relative_permittivity")),
        bulk_cpe_n=float(ps.value("bulk.cpe_exponent")),
        gb_resistance_fraction=float(ps.value("grain_boundary.resistance_fraction")),
        electrode_cpe_q=float(ps.value("electrode.cpe_q")),
        electrode_cpe_n=float(ps.value("electrode.cpe_exponent")),
        lead_resistance_ohm=float(ps.value("lead_resistance")),
        f_max_Hz=float(ps.value("eis.f_max")),
        f_min_Hz=float(ps.value("eis.f_min")),
        n_points=int(ps.value("eis.n_points")),
        amplitude_V=float(ps.value("eis.amplitude")),
        noise_relative=float(ps.value("eis.noise_relative")),
        description=description or f"synthetic LZACO pellet, σ25 = {float(s25):g} mS/cm",
        extra_metadata={"pellet_pressure_MPa": ps.value("pellet.pressure")},
    )


def lzaco_temperatures_K(parameter_set: Any = None) -> tuple[float, ...]:
    """The temperatures (K) of the synthetic series, from the packaged parameter set."""
    if parameter_set is None:
        from sselab.parameters import load_parameter_set

        parameter_set = load_parameter_set("transport/lzaco_eis_synthetic")
    return tuple(float(t) + T0_K for t in parameter_set.value("eis.temperatures"))
