"""Electronic conductivity from a DC-polarisation (chronoamperometry) trace.

With ion-blocking electrodes and a constant voltage V, the ionic current decays
as the pellet polarises; the current left at steady state is electronic:

    σe = I_ss·L / (V·A)                 (S m⁻¹)

I_ss is the mean of the last ``tail_fraction`` of the trace.  The trace is
"steady" when a straight line through that tail changes by less than
``drift_tolerance`` (relative) across it; otherwise the result carries a
warning (for a still-decaying current the true I_ss is lower than reported, so
σe is an upper bound; a rising current points to a reaction or a short).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sselab.errors import InputError, require_positive
from sselab.transport.conductivity import Pellet, conductivity_from_resistance


@dataclass(frozen=True)
class DCPolarisationResult:
    """Steady-state current and electronic conductivity.

    Attributes
    ----------
    conductivity_S_per_m, conductivity_stderr_S_per_m : float
        σe and its uncertainty (current scatter in the tail and geometry), S m⁻¹.
    steady_current_A, steady_current_stderr_A : float
        Mean |I| over the tail and its standard error of the mean, A.
    voltage_V : float
        Applied voltage, V.
    tail_start_s : float
        Time at which the averaging window starts, s.
    n_tail : int
        Number of points averaged.
    relative_drift : float
        Change of the linear trend across the tail divided by I_ss.
    steady : bool
        |relative_drift| ≤ drift_tolerance.
    warnings : tuple of str
    """

    conductivity_S_per_m: float
    conductivity_stderr_S_per_m: float
    steady_current_A: float
    steady_current_stderr_A: float
    voltage_V: float
    tail_start_s: float
    n_tail: int
    relative_drift: float
    steady: bool
    warnings: tuple[str, ...] = ()

    @property
    def conductivity_mS_per_cm(self) -> float:
        """σe in mS cm⁻¹."""
        return self.conductivity_S_per_m * 10.0


def steady_state_current(time_s: np.ndarray, current_A: np.ndarray, tail_fraction: float = 0.2,
                         ) -> tuple[float, float, float, float, int]:
    """Mean |I| over the last ``tail_fraction`` of the duration, A.

    Returns
    -------
    (mean_A, stderr_A, relative_drift, tail_start_s, n_tail)
    """
    t = np.asarray(time_s, dtype=float).reshape(-1)
    i = np.abs(np.asarray(current_A, dtype=float).reshape(-1))
    if t.shape != i.shape:
        raise InputError(f"{t.size} times but {i.size} currents")
    if t.size < 3:
        raise InputError("a DC-polarisation trace needs at least 3 points")
    if not (np.all(np.isfinite(t)) and np.all(np.isfinite(i))):
        raise InputError("time and current must be finite (drop NaN rows first)")
    if not (0.0 < tail_fraction <= 1.0):
        raise InputError(f"tail_fraction must lie in (0, 1], got {tail_fraction}")
    order = np.argsort(t, kind="stable")
    t, i = t[order], i[order]
    t_start = t[-1] - tail_fraction * (t[-1] - t[0])
    m = t >= t_start
    if m.sum() < 3:
        m = np.zeros_like(m)
        m[-3:] = True
    tt, ii = t[m], i[m]
    mean = float(ii.mean())
    if mean <= 0:
        raise InputError("the steady-state current is zero; is the current column right?")
    sem = float(ii.std(ddof=1) / math.sqrt(ii.size))
    if np.ptp(tt) > 0:
        slope = float(np.polyfit(tt, ii, 1)[0])
        drift = slope * float(np.ptp(tt)) / mean
    else:
        drift = 0.0
    return mean, sem, drift, float(tt[0]), int(ii.size)


def electronic_conductivity(time_s: np.ndarray, current_A: np.ndarray, voltage_V: float,
                            pellet: Pellet, tail_fraction: float = 0.2,
                            drift_tolerance: float = 0.05) -> DCPolarisationResult:
    """σe = I_ss·L/(V·A) from a current trace under constant voltage.

    Parameters
    ----------
    time_s, current_A : array of float
        The chronoamperometry trace (s, A); the sign of I is ignored.
    voltage_V : float
        Applied DC voltage, V (the paper used 1 V).
    pellet : Pellet
        Thickness and electrode area.
    tail_fraction : float
        Fraction of the duration, at the end, averaged for I_ss (default 0.2 = last 20 %).
    drift_tolerance : float
        Largest relative change of the tail's linear trend accepted as steady.
    """
    v = require_positive("applied voltage", abs(float(voltage_V)), "V")
    mean, sem, drift, t0, n = steady_state_current(time_s, current_A, tail_fraction)
    warns: list[str] = []
    steady = abs(drift) <= drift_tolerance
    if not steady:
        why = ("it is still decaying, so σe is an upper bound; polarise longer" if drift < 0 else
               "it is rising, which a blocking-electrode polarisation does not do; check the "
               "cell (reaction at the electrodes, short circuit) before trusting σe")
        warns.append(
            f"current still drifts by {100 * drift:+.1f} % across the averaging window "
            f"(tolerance {100 * drift_tolerance:.1f} %): not at steady state; {why}"
        )
    # σe = I·L/(V·A) is σ = L/(R·A) with R = V/I; u(R)/R = u(I)/I
    cond = conductivity_from_resistance(v / mean, pellet, (v / mean) * (sem / mean))
    return DCPolarisationResult(
        conductivity_S_per_m=cond.conductivity_S_per_m,
        conductivity_stderr_S_per_m=cond.conductivity_stderr_S_per_m,
        steady_current_A=mean,
        steady_current_stderr_A=sem,
        voltage_V=v,
        tail_start_s=t0,
        n_tail=n,
        relative_drift=drift,
        steady=steady,
        warnings=tuple(warns),
    )
