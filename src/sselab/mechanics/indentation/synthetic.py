"""Synthetic load–displacement curves from a forward model consistent with Oliver–Pharr.

Forward model (all SI; one indent, one or more load–unload cycles)::

    E_r    = 1 / ((1 − ν²)/E + (1 − ν_i²)/E_i)               sample + indenter
    A_k    = P_k / H                                          contact area at peak k
    h_c,k  = A⁻¹(A_k)                                         inverse tip area function
    S_k    = 2·β·E_r·√A_k / √π                                contact stiffness
    h_max,k = h_c,k + ε·P_k / S_k                             Oliver–Pharr contact depth
    h_f,k  = h_max,k − m·P_k / S_k                            so that dP/dh(h_max) = S_k
    unload: P = P_k·((h − h_f,k)/(h_max,k − h_f,k))^m          exact power law
    load:   h = h_max(P)·√(P/P_peak)                           Kick's law envelope through
                                                              the peaks (reload follows the
                                                              previous unload back up first)

so that the Oliver–Pharr inversion with the same ε, β, area function and
indenter returns H and E exactly (up to noise and the corrections below).
Hold at peak: constant load and depth (no creep).  After the last unload a
thermal-drift hold at ``drift_hold_fraction``·P_max is appended.

Measurement effects added to the true depth h::

    h_measured = h + ṙ·(t − t_contact) + C_f·P + h_offset + noise

(thermal drift ṙ from the moment of contact, frame compliance C_f, a surface
offset h_offset and Gaussian noise on depth and load).  An approach segment
at zero load precedes contact when ``approach_points`` > 0.  ε and m are
independent inputs here: the model is a test generator, not a contact-mechanics
solution (for a real paraboloid ε = 0.75 goes with m = 1.5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sselab.errors import InputError
from sselab.mechanics.indentation.area_function import AreaFunction, ideal_berkovich
from sselab.mechanics.indentation.curve import IndentCurve, Segment
from sselab.mechanics.indentation.oliver_pharr import Indenter, diamond, reduced_from_sample_Pa


@dataclass(frozen=True)
class SyntheticIndentSpec:
    """Inputs of :func:`synthesize_curve` (SI units).

    Attributes
    ----------
    hardness_Pa, modulus_Pa, poisson_ratio : float
        True sample properties.
    max_load_N : float
        Peak load of the last (largest) cycle.
    cycle_fractions : tuple of float
        Peak load of each cycle as a fraction of ``max_load_N`` (increasing, last 1).
    m : float
        Unloading exponent of the power law.
    epsilon, beta : float
        Geometry factors used by the forward model.
    area : AreaFunction or None
        Tip area function (None: ideal Berkovich).
    indenter : Indenter or None
        None: diamond.
    unload_fraction : float
        Each unload ends at this fraction of its peak load.
    drift_hold_fraction : float
        Load of the final thermal-drift hold, fraction of ``max_load_N`` (0: no hold).
    frame_compliance_m_per_N, drift_rate_m_per_s, surface_offset_m : float
        Measurement effects (see module docstring).
    depth_noise_m, load_noise_N : float
        Gaussian noise σ.
    points_per_segment : int
        Samples per load/unload segment (holds use half as many).
    segment_time_s : float
        Duration of each load or unload segment.
    hold_time_s, drift_hold_time_s : float
        Duration of the peak holds and the drift hold.
    approach_points : int
        Zero-load samples before contact.
    markers : bool
        Attach segment markers (as vendor files do).
    """

    hardness_Pa: float
    modulus_Pa: float
    poisson_ratio: float = 0.3
    max_load_N: float = 1e-3
    cycle_fractions: tuple[float, ...] = (1.0,)
    m: float = 1.4
    epsilon: float = 0.75
    beta: float = 1.0
    area: AreaFunction | None = None
    indenter: Indenter | None = None
    unload_fraction: float = 0.1
    drift_hold_fraction: float = 0.1
    frame_compliance_m_per_N: float = 0.0
    drift_rate_m_per_s: float = 0.0
    surface_offset_m: float = 0.0
    depth_noise_m: float = 0.0
    load_noise_N: float = 0.0
    points_per_segment: int = 200
    segment_time_s: float = 10.0
    hold_time_s: float = 5.0
    drift_hold_time_s: float = 30.0
    approach_points: int = 0
    markers: bool = True

    def __post_init__(self) -> None:
        for name in ("hardness_Pa", "modulus_Pa", "max_load_N", "m"):
            v = getattr(self, name)
            if not (v > 0 and math.isfinite(v)):
                raise InputError(f"{name} must be positive and finite, got {v!r}")
        f = self.cycle_fractions
        if not f or any(b <= a for a, b in zip(f, f[1:], strict=False)) or abs(f[-1] - 1) > 1e-12:
            raise InputError("cycle_fractions must increase and end with 1.0")
        if not 0 < self.unload_fraction < 1:
            raise InputError("unload_fraction must be between 0 and 1")


@dataclass(frozen=True)
class TrueUnload:
    """The exact values the forward model used for one unload (SI)."""

    max_load_N: float
    max_depth_m: float
    contact_depth_m: float
    area_m2: float
    stiffness_N_per_m: float
    final_depth_m: float


def true_unloads(spec: SyntheticIndentSpec) -> tuple[TrueUnload, ...]:
    """Peak values of every cycle from the forward model (no measurement effects)."""
    area_fn = spec.area or ideal_berkovich()
    er = reduced_from_sample_Pa(spec.modulus_Pa, spec.poisson_ratio, spec.indenter or diamond())
    out = []
    for frac in spec.cycle_fractions:
        p = frac * spec.max_load_N
        a = p / spec.hardness_Pa
        hc = area_fn.contact_depth_m(a)
        s = 2.0 * spec.beta * er * math.sqrt(a) / math.sqrt(math.pi)
        hmax = hc + spec.epsilon * p / s
        hf = hmax - spec.m * p / s
        out.append(TrueUnload(p, hmax, hc, a, s, hf))
    return tuple(out)


def synthesize_curve(spec: SyntheticIndentSpec, rng: np.random.Generator | None = None,
                     name: str = "synthetic") -> IndentCurve:
    """One synthetic indent (see module docstring); labelled synthetic in ``meta``."""
    rng = rng if rng is not None else np.random.default_rng(0)
    peaks = true_unloads(spec)
    n = int(spec.points_per_segment)
    nh = max(n // 2, 10)
    dt_seg = spec.segment_time_s / n
    h_parts: list[np.ndarray] = []
    p_parts: list[np.ndarray] = []
    kinds: list[str] = []
    # envelope: h/√P interpolated in P between the peaks (Kick's law per cycle)
    env_p = np.array([pk.max_load_N for pk in peaks])
    env_c = np.array([pk.max_depth_m / math.sqrt(pk.max_load_N) for pk in peaks])

    def envelope(p: np.ndarray) -> np.ndarray:
        return np.interp(p, env_p, env_c) * np.sqrt(np.clip(p, 0, None))

    if spec.approach_points > 0:
        h_parts.append(np.linspace(-50e-9, 0.0, spec.approach_points, endpoint=False))
        p_parts.append(np.zeros(spec.approach_points))
        kinds.append("approach")
    p_start, prev = 0.0, None
    for pk in peaks:
        # reload: back up the previous unload, then along the envelope
        p_load = np.linspace(p_start, pk.max_load_N, n, endpoint=False)
        if prev is None:
            h_load = envelope(p_load)
        else:
            on_prev = p_load <= prev.max_load_N
            u = (p_load / prev.max_load_N) ** (1.0 / spec.m)
            h_back = prev.final_depth_m + u * (prev.max_depth_m - prev.final_depth_m)
            h_load = np.where(on_prev, h_back, envelope(p_load))
        h_parts += [h_load, np.full(nh, pk.max_depth_m)]
        p_parts += [p_load, np.full(nh, pk.max_load_N)]
        kinds += ["load", "hold"]
        p_un = np.linspace(pk.max_load_N, spec.unload_fraction * pk.max_load_N, n)
        h_un = pk.final_depth_m + (p_un / pk.max_load_N) ** (1.0 / spec.m) * (
            pk.max_depth_m - pk.final_depth_m)
        h_parts.append(h_un)
        p_parts.append(p_un)
        kinds.append("unload")
        p_start, prev = float(p_un[-1]), pk
    if spec.drift_hold_fraction > 0:
        p_hold = spec.drift_hold_fraction * spec.max_load_N
        u = (p_hold / prev.max_load_N) ** (1.0 / spec.m)  # type: ignore[union-attr]
        h_hold = prev.final_depth_m + u * (prev.max_depth_m - prev.final_depth_m)  # type: ignore[union-attr]
        m_hold = max(int(spec.drift_hold_time_s / dt_seg), 10)
        h_parts.append(np.full(m_hold, h_hold))
        p_parts.append(np.full(m_hold, p_hold))
        kinds.append("drift_hold")
    # times
    t_parts, t0 = [], 0.0
    for kind, part in zip(kinds, p_parts, strict=True):
        if kind == "hold":
            dt = spec.hold_time_s / part.size
        else:
            dt = dt_seg
        t_parts.append(t0 + dt * np.arange(part.size))
        t0 = t_parts[-1][-1] + dt
    h = np.concatenate(h_parts)
    p = np.concatenate(p_parts)
    t = np.concatenate(t_parts)
    t_contact = float(t[spec.approach_points]) if spec.approach_points > 0 else 0.0
    h_meas = (h + spec.drift_rate_m_per_s * (t - t_contact) + spec.frame_compliance_m_per_N * p
              + spec.surface_offset_m)
    if spec.depth_noise_m > 0:
        h_meas = h_meas + rng.normal(0.0, spec.depth_noise_m, h.size)
    p_meas = p + (rng.normal(0.0, spec.load_noise_N, p.size) if spec.load_noise_N > 0 else 0.0)
    segments: list[Segment] = []
    if spec.markers:
        i = 0
        for kind, part in zip(kinds, p_parts, strict=True):
            segments.append(Segment(kind, i, i + part.size))
            i += part.size
    return IndentCurve(
        name=name, depth_m=h_meas, load_N=p_meas, time_s=t, segments=tuple(segments),
        frame_corrected=spec.frame_compliance_m_per_N == 0.0,
        drift_corrected=spec.drift_rate_m_per_s == 0.0,
        surface_referenced=spec.surface_offset_m == 0.0,
        poisson_ratio=spec.poisson_ratio, source="synthetic",
        meta={"synthetic": True, "hardness_Pa": spec.hardness_Pa,
              "modulus_Pa": spec.modulus_Pa, "m": spec.m,
              "true_stiffness_N_per_m": [pk.stiffness_N_per_m for pk in peaks],
              "true_contact_depth_m": [pk.contact_depth_m for pk in peaks]},
    )
