"""A results table over many measurements: σ per file, then Ea and σ25 per composition.

Pure functions over lists of records.  A record says what was measured (file
label, composition x and y of xLi2O·(1−y)ZrCl4·yAlCl3, temperature, treatment),
the pellet, and the ionic resistance found for it; :func:`conductivity_rows`
turns records into conductivities and :func:`summarise_by_composition` fits one
Arrhenius line per (x, y, treatment) group.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sselab.errors import InputError
from sselab.transport.arrhenius import T25_K, ArrheniusFit, ArrheniusModel, fit_arrhenius
from sselab.transport.conductivity import Pellet, conductivity_from_resistance


@dataclass(frozen=True)
class SeriesRecord:
    """One measurement of the series.

    Attributes
    ----------
    label : str
        File name or other identifier.
    x, y : float
        Composition coordinates (e.g. xLi2O·(1−y)ZrCl4·yAlCl3).
    temperature_K : float
        Measurement temperature, K.
    treatment : str
        Processing label ("as-milled", "100C-5h", …); groups are split by it.
    pellet : Pellet
        Geometry.
    resistance_ohm, resistance_stderr_ohm : float
        Ionic resistance found for this measurement, Ω.
    """

    label: str
    x: float
    y: float
    temperature_K: float
    treatment: str
    pellet: Pellet
    resistance_ohm: float
    resistance_stderr_ohm: float = 0.0


@dataclass(frozen=True)
class SeriesRow:
    """A record with its conductivity."""

    record: SeriesRecord
    conductivity_S_per_m: float
    conductivity_stderr_S_per_m: float

    @property
    def conductivity_mS_per_cm(self) -> float:
        """σ in mS cm⁻¹."""
        return self.conductivity_S_per_m * 10.0


@dataclass(frozen=True)
class CompositionSummary:
    """Per (x, y, treatment): the Arrhenius fit and σ at 25 °C.

    Attributes
    ----------
    x, y : float
    treatment : str
    n_measurements : int
    temperatures_K : tuple of float
    arrhenius : ArrheniusFit or None
        None with fewer than two distinct temperatures.
    sigma25_S_per_m, sigma25_stderr_S_per_m : float
        From the Arrhenius fit; without one, the mean of measurements within
        0.5 K of 25 °C (stderr = their standard deviation / √n, or the single
        measurement's uncertainty); nan if neither exists.
    sigma25_source : str
        "arrhenius", "measured" or "none".
    """

    x: float
    y: float
    treatment: str
    n_measurements: int
    temperatures_K: tuple[float, ...]
    arrhenius: ArrheniusFit | None
    sigma25_S_per_m: float
    sigma25_stderr_S_per_m: float
    sigma25_source: str

    @property
    def activation_energy_eV(self) -> float:
        """Ea (eV) or nan without an Arrhenius fit."""
        return self.arrhenius.activation_energy_eV if self.arrhenius else math.nan

    @property
    def activation_energy_stderr_eV(self) -> float:
        """u(Ea) (eV) or nan."""
        return self.arrhenius.activation_energy_stderr_eV if self.arrhenius else math.nan

    @property
    def sigma25_mS_per_cm(self) -> float:
        """σ(25 °C) in mS cm⁻¹."""
        return self.sigma25_S_per_m * 10.0


def conductivity_rows(records: Iterable[SeriesRecord]) -> tuple[SeriesRow, ...]:
    """σ = L/(R·A) (with uncertainty) for every record."""
    rows = []
    for r in records:
        c = conductivity_from_resistance(r.resistance_ohm, r.pellet, r.resistance_stderr_ohm)
        rows.append(SeriesRow(r, c.conductivity_S_per_m, c.conductivity_stderr_S_per_m))
    return tuple(rows)


def _key(r: SeriesRecord) -> tuple[float, float, str]:
    return (round(float(r.x), 9), round(float(r.y), 9), str(r.treatment))


def summarise_by_composition(rows: Sequence[SeriesRow],
                             model: ArrheniusModel = "sigma_T") -> tuple[CompositionSummary, ...]:
    """One :class:`CompositionSummary` per (x, y, treatment), in first-seen order.

    Replicate measurements at the same temperature all enter the Arrhenius fit.
    """
    if not rows:
        raise InputError("no measurements to summarise")
    groups: dict[tuple[float, float, str], list[SeriesRow]] = {}
    for row in rows:
        groups.setdefault(_key(row.record), []).append(row)
    out = []
    for (x, y, treat), members in groups.items():
        temps = [m.record.temperature_K for m in members]
        sig = [m.conductivity_S_per_m for m in members]
        distinct = sorted({round(t, 6) for t in temps})
        fit = fit_arrhenius(temps, sig, model) if len(distinct) >= 2 else None
        if fit is not None:
            s25, u25, src = fit.sigma25_S_per_m, fit.sigma25_stderr_S_per_m, "arrhenius"
        else:
            near = [m for m in members if abs(m.record.temperature_K - T25_K) <= 0.5]
            if near:
                vals = [m.conductivity_S_per_m for m in near]
                s25 = sum(vals) / len(vals)
                if len(vals) > 1:
                    var = sum((v - s25) ** 2 for v in vals) / (len(vals) - 1)
                    u25 = math.sqrt(var / len(vals))
                else:
                    u25 = near[0].conductivity_stderr_S_per_m
                src = "measured"
            else:
                s25, u25, src = math.nan, math.nan, "none"
        out.append(CompositionSummary(
            x=x, y=y, treatment=treat, n_measurements=len(members),
            temperatures_K=tuple(sorted(temps)), arrhenius=fit,
            sigma25_S_per_m=s25, sigma25_stderr_S_per_m=u25, sigma25_source=src,
        ))
    return tuple(out)

