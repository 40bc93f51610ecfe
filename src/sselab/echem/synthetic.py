"""Synthetic LSV curves and symmetric-cell histories with known answers.

Used by the tests (closed-form answers) and by ``sselab reproduce`` (the paper's raw
LSV and symmetric-cell data are not public; embedded inputs generated here from the
paper's numbers are labelled synthetic).

LSV model
---------
For a sweep in direction d (+1 anodic, −1 cathodic) from E_start at scan rate v:

.. math::

    i(E) = A\\,[\\,d\\,C v\\,(1 - e^{-t/\\tau_{RC}}) + G\\,(E - E_\\text{start})
           + d\\,k\\,s\\,\\ln(1 + e^{d(E - E_\\text{on})/s})\\,] + \\text{noise}

A capacitive current (C v, reached with time constant τ_RC after the sweep starts), an
ohmic electronic leakage G and a faradaic term that grows exponentially below
E_on (a Tafel-like foot, e-fold width s) and linearly with limiting slope k above it
(an ohmically limited rise).  The faradaic term's high-overpotential asymptote
d·k·(E − E_on) meets the zero line exactly at E_on, so the *tangent-intersection
construction* has the answer E_on (to within k s e^{−x}, x the distance of the tangent
window from E_on in units of s).  The *threshold construction* has the closed form

.. math:: E_\\text{th} = E_\\text{on} + d\\,s\\,\\ln(e^{j_\\text{th}/(k s)} - 1)

for a threshold j_th on the baseline-corrected current density.

Symmetric-cell model
--------------------
Square-wave current ±j·A, half-cycles of duration T (no rest); the voltage in a
half-cycle starting at t_k is

.. math:: V(t) = \\operatorname{sign}(I)\\,\\eta(t)\\,[1 - a\\,e^{-(t - t_k)/\\tau}]

with the envelope η(t) = η₀ + g (t/1 h)^p growing continuously (interphase growth by
the continuous reduction of the electrolyte).  The growth coefficient g is solved so
that |V| first reaches ``voltage_limit_V`` at ``time_to_limit_s`` exactly.  After an
optional ``short_at_s`` the cell is shorted: V = I·R_short.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sselab.errors import InputError, require_positive

HOUR_S = 3600.0


# --------------------------------------------------------------------------- LSV

@dataclass(frozen=True)
class LsvModel:
    """Parameters of one synthetic LSV sweep (SI units; potentials vs Li/Li⁺).

    Attributes
    ----------
    onset_V : float
        E_on, the tangent-construction onset, V vs Li/Li⁺.
    start_V, end_V : float
        Sweep start (open circuit) and end, V vs Li/Li⁺; the direction follows.
    scan_rate_V_per_s : float
        v, V s⁻¹.
    sample_interval_V : float
        Potential step between recorded points, V.
    area_m2 : float
        Electrode area, m².
    limiting_slope_A_per_m2_per_V : float
        k, slope of the faradaic current density far beyond the onset, A m⁻² V⁻¹.
    foot_width_V : float
        s, e-fold width of the exponential foot, V.
    capacitance_F_per_m2 : float
        C, areal capacitance of the blocking composite electrode, F m⁻².
    leakage_S_per_m2 : float
        G, areal electronic leakage conductance, S m⁻².
    rc_time_s : float
        τ_RC of the capacitive start-up, s.
    noise_A_per_m2 : float
        Standard deviation of Gaussian current-density noise, A m⁻².
    quiet_time_s : float
        Time at the start potential before the sweep (CHI "Quiet Time"), s.
    reference_offset_V : float
        Potential of the counter/reference vs Li/Li⁺; the recorded potential is
        E − offset (0 for a Li counter electrode).
    """

    onset_V: float
    start_V: float
    end_V: float
    scan_rate_V_per_s: float = 1e-4
    sample_interval_V: float = 1e-3
    area_m2: float = math.pi * 0.005 ** 2
    limiting_slope_A_per_m2_per_V: float = 0.2
    foot_width_V: float = 0.03
    capacitance_F_per_m2: float = 10.0
    leakage_S_per_m2: float = 2e-4
    rc_time_s: float = 100.0
    noise_A_per_m2: float = 2e-4
    quiet_time_s: float = 2.0
    reference_offset_V: float = 0.0

    def __post_init__(self) -> None:
        for name in ("scan_rate_V_per_s", "sample_interval_V", "area_m2",
                     "limiting_slope_A_per_m2_per_V", "foot_width_V"):
            require_positive(name, getattr(self, name))
        for name in ("capacitance_F_per_m2", "leakage_S_per_m2", "rc_time_s",
                     "noise_A_per_m2", "quiet_time_s"):
            v = float(getattr(self, name))
            if not (math.isfinite(v) and v >= 0):
                raise InputError(f"{name} must be ≥ 0 and finite; got {v!r}")
        if self.start_V == self.end_V:
            raise InputError("start_V and end_V must differ")
        lo, hi = sorted((self.start_V, self.end_V))
        if not lo < self.onset_V < hi:
            raise InputError(f"onset_V {self.onset_V} V must lie inside the sweep {lo}–{hi} V")

    @property
    def direction(self) -> int:
        """+1 for an anodic (oxidation) sweep, −1 for a cathodic one."""
        return 1 if self.end_V > self.start_V else -1

    def threshold_onset_V(self, threshold_A_per_m2: float) -> float:
        """Closed-form threshold onset for a baseline-corrected density threshold, V."""
        k, s = self.limiting_slope_A_per_m2_per_V, self.foot_width_V
        x = threshold_A_per_m2 / (k * s)
        return self.onset_V + self.direction * s * math.log(math.expm1(x))

    def faradaic_A_per_m2(self, potential_V: np.ndarray) -> np.ndarray:
        """Faradaic current density at E (vs Li/Li⁺), A m⁻² (noise-free)."""
        d, k, s = self.direction, self.limiting_slope_A_per_m2_per_V, self.foot_width_V
        x = d * (np.asarray(potential_V, dtype=float) - self.onset_V) / s
        return d * k * s * np.logaddexp(0.0, x)

    def baseline_A_per_m2(self, potential_V: np.ndarray, time_s: np.ndarray) -> np.ndarray:
        """Capacitive + leakage current density, A m⁻² (noise-free)."""
        e = np.asarray(potential_V, dtype=float)
        t_sweep = np.asarray(time_s, dtype=float) - self.quiet_time_s
        cap = self.direction * self.capacitance_F_per_m2 * self.scan_rate_V_per_s
        rise = -np.expm1(-t_sweep / self.rc_time_s) if self.rc_time_s > 0 else 1.0
        return cap * rise + self.leakage_S_per_m2 * (e - self.start_V)


@dataclass(frozen=True)
class SyntheticLsv:
    """A generated sweep: recorded potential (vs the counter), current, time, and truth."""

    potential_V: np.ndarray
    current_A: np.ndarray
    time_s: np.ndarray
    model: LsvModel
    truth: Mapping[str, Any] = field(default_factory=dict)


def lsv_sweep(model: LsvModel, rng: np.random.Generator | None = None) -> SyntheticLsv:
    """Generate one LSV sweep of ``model`` (noise from ``rng``; none when ``rng`` is None)."""
    d = model.direction
    n = int(round(abs(model.end_V - model.start_V) / model.sample_interval_V)) + 1
    e = model.start_V + d * model.sample_interval_V * np.arange(n)
    e = np.round(e / model.sample_interval_V) * model.sample_interval_V
    t = model.quiet_time_s + np.abs(e - model.start_V) / model.scan_rate_V_per_s
    j = model.baseline_A_per_m2(e, t) + model.faradaic_A_per_m2(e)
    if rng is not None and model.noise_A_per_m2 > 0:
        j = j + rng.normal(0.0, model.noise_A_per_m2, size=n)
    truth = {"tangent_onset_V": model.onset_V, "direction": d,
             "process": "oxidation" if d > 0 else "reduction"}
    return SyntheticLsv(e - model.reference_offset_V, j * model.area_m2, t, model, truth)


# --------------------------------------------------------------------------- symmetric

@dataclass(frozen=True)
class SymmetricModel:
    """Parameters of a synthetic symmetric-cell (Li | SE | Li) cycling history.

    Attributes
    ----------
    current_density_A_per_m2 : float
        |j|, A m⁻² (0.1 mA cm⁻² = 1 A m⁻²).
    area_m2 : float
        Electrode area, m².
    half_cycle_s : float
        Duration of each constant-current half-cycle, s (1 h per cycle → 1800 s).
    duration_s : float
        Length of the record, s (a whole number of half-cycles is generated).
    initial_overpotential_V : float
        η₀, V.
    voltage_limit_V, time_to_limit_s : float
        |V| first reaches ``voltage_limit_V`` at ``time_to_limit_s`` (sets g).
    growth_exponent : float
        p of η(t) = η₀ + g (t/1 h)^p.
    relaxation_fraction, relaxation_time_s : float
        a and τ of the within-half-cycle rise 1 − a e^{−t'/τ}.
    record_interval_s : float
        Recording period within a half-cycle, s (plus a point at each step end).
    noise_V : float
        Standard deviation of Gaussian voltage noise, V.
    short_at_s : float or None
        Time of a hard short circuit, s (None: no short).
    short_resistance_ohm : float
        Resistance after the short, Ω.
    """

    current_density_A_per_m2: float = 1.0
    area_m2: float = math.pi * 0.005 ** 2
    half_cycle_s: float = 1800.0
    duration_s: float = 84 * HOUR_S
    initial_overpotential_V: float = 0.02
    voltage_limit_V: float = 2.0
    time_to_limit_s: float = 80 * HOUR_S
    growth_exponent: float = 1.0
    relaxation_fraction: float = 0.1
    relaxation_time_s: float = 300.0
    record_interval_s: float = 600.0
    noise_V: float = 5e-4
    short_at_s: float | None = None
    short_resistance_ohm: float = 1.0

    def __post_init__(self) -> None:
        for name in ("current_density_A_per_m2", "area_m2", "half_cycle_s", "duration_s",
                     "initial_overpotential_V", "voltage_limit_V", "time_to_limit_s",
                     "growth_exponent", "relaxation_time_s", "record_interval_s",
                     "short_resistance_ohm"):
            require_positive(name, getattr(self, name))
        if not 0 <= self.relaxation_fraction < 1:
            raise InputError("relaxation_fraction must be in [0, 1)")
        if self.voltage_limit_V <= self.initial_overpotential_V:
            raise InputError("voltage_limit_V must exceed initial_overpotential_V")
        if self.noise_V < 0:
            raise InputError("noise_V must be ≥ 0")

    @property
    def current_A(self) -> float:
        """|I| = j·A, A."""
        return self.current_density_A_per_m2 * self.area_m2

    def _shape(self, t: np.ndarray) -> np.ndarray:
        tp = np.mod(t, self.half_cycle_s)
        # the end of a half-cycle belongs to it (t' = T, not 0)
        tp = np.where((tp == 0) & (t > 0), self.half_cycle_s, tp)
        return 1.0 - self.relaxation_fraction * np.exp(-tp / self.relaxation_time_s)

    def _envelope(self, t: np.ndarray, g: float) -> np.ndarray:
        return self.initial_overpotential_V + g * (np.asarray(t, float) / HOUR_S) ** \
            self.growth_exponent

    @property
    def growth_V(self) -> float:
        """g, solved so that |V| first reaches the limit at ``time_to_limit_s``, V."""
        return self._solve()[0]

    @property
    def first_crossing_s(self) -> float:
        """When the noise-free |V| first reaches the limit, s (= ``time_to_limit_s``
        unless the end of the preceding half-cycle already reaches it)."""
        return self._solve()[1]

    def _solve(self) -> tuple[float, float]:
        t_lim = self.time_to_limit_s
        t_end_prev = math.floor(t_lim / self.half_cycle_s) * self.half_cycle_s
        cand = [t_lim] + ([t_end_prev] if 0 < t_end_prev < t_lim else [])
        # |V| rises within every half-cycle, so the maximum on [0, t_lim] is at t_lim or at
        # the end of the last complete half-cycle before it; pick g so that it equals the limit.
        gs = []
        for t in cand:
            shape = float(self._shape(np.array([t]))[0])
            gs.append((self.voltage_limit_V / shape - self.initial_overpotential_V)
                      / (t / HOUR_S) ** self.growth_exponent)
        k = int(np.argmin(gs))
        return gs[k], cand[k]

    def abs_voltage_V(self, time_s: np.ndarray) -> np.ndarray:
        """Noise-free |V(t)| before any short, V."""
        t = np.asarray(time_s, dtype=float)
        return self._envelope(t, self.growth_V) * self._shape(t)

    @property
    def growth_rate_V_per_h(self) -> float:
        """dη/dt of the envelope for p = 1, V h⁻¹ (the linear-fit answer); NaN otherwise."""
        return self.growth_V if self.growth_exponent == 1.0 else math.nan


@dataclass(frozen=True)
class SyntheticSymmetric:
    """A generated history (time, voltage, current) and what it was built to show."""

    time_s: np.ndarray
    voltage_V: np.ndarray
    current_A: np.ndarray
    half_cycle: np.ndarray
    model: SymmetricModel
    truth: Mapping[str, Any] = field(default_factory=dict)


def symmetric_history(model: SymmetricModel,
                      rng: np.random.Generator | None = None) -> SyntheticSymmetric:
    """Generate the cycling record of ``model``.

    Each half-cycle is recorded 1 s after it starts, every ``record_interval_s``, and
    at its end (as cyclers do when a step ends on its time limit).
    """
    T = model.half_cycle_s
    n_half = int(math.floor(model.duration_s / T + 1e-9))
    if n_half < 1:
        raise InputError("duration_s is shorter than one half-cycle")
    rel = [1.0, *np.arange(model.record_interval_s, T, model.record_interval_s).tolist(), T]
    rel = np.unique(np.clip(rel, 0.0, T))
    k = np.repeat(np.arange(n_half), rel.size)
    t = k * T + np.tile(rel, n_half)
    sign = np.where(k % 2 == 0, 1.0, -1.0)
    cur = sign * model.current_A
    v_abs = model.abs_voltage_V(t)
    if model.short_at_s is not None:
        shorted = t >= model.short_at_s
        v_abs = np.where(shorted, model.current_A * model.short_resistance_ohm, v_abs)
    v = sign * v_abs
    if rng is not None and model.noise_V > 0:
        v = v + rng.normal(0.0, model.noise_V, size=v.size)
    truth = {
        "time_to_limit_s": model.first_crossing_s,
        "voltage_limit_V": model.voltage_limit_V,
        "growth_V": model.growth_V,
        "growth_rate_V_per_h": model.growth_rate_V_per_h,
        "n_half_cycles": n_half,
        "short_at_s": model.short_at_s,
    }
    return SyntheticSymmetric(t, v, cur, k, model, truth)
