"""Spectrum of a pellet between blocking electrodes → resistances → conductivity.

:func:`analyse_pellet_spectrum` fits an equivalent circuit (default
``R0-p(R1,CPE1)-CPE2``) with automatic initial guesses, assigns every R‖CPE
arc to a process from its effective capacitance (bulk / grain boundary /
electrode, Irvine et al. 1990), and converts the ionic resistance into σ.

How the parts of ``R0-p(R1,CPE1)-CPE2`` are read for a blocking-electrode pellet
----------------------------------------------------------------------------
* ``CPE2`` is the blocking-electrode spike (µF-range capacitance).
* ``R0`` is the high-frequency intercept: the resistance of every process whose
  arc relaxes above the top of the window.  For a fast conductor such as LZACO
  (σ ≈ 0.26 S m⁻¹, εr ≈ 25) the bulk apex σ/(2π ε0 εr) is ≈ 180 MHz, above the
  35 MHz limit, so R0 is mostly bulk (and grain boundary, if that arc is also too
  fast); leads add to it unless ``lead_resistance_ohm`` is subtracted.
* ``p(R1,CPE1)`` is whatever arc is resolved inside the window.  Its C_eff
  says what it is: pF cm⁻¹ → the low-frequency tail of the bulk arc; nF cm⁻¹ →
  grain boundary; µF cm⁻¹ → not ionic transport (excluded from σ, warned).

Hence R_ionic = R0 + Σ R_k (ionic arcs) − R_lead.  When the arc is only a tail
at the top of the window, R0 and R1 (and CPE1) are strongly anti-correlated and
individually poorly determined, yet their sum, the intercept of the spike, is
well determined; its variance is taken from the full covariance
(var R0 + var R1 + 2 cov).  :attr:`PelletAnalysis.identifiability` reports each
parameter's relative standard error and strongest correlation so that the
report can say which numbers the data actually pin down.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sselab.eis.spectrum import Spectrum
from sselab.errors import FitError, InputError
from sselab.transport.capacitance import (
    ArcAssignment,
    CapacitanceRanges,
    assign_arc,
    effective_capacitance_log_gradient,
    irvine_ranges,
)
from sselab.transport.conductivity import ConductivityResult, Pellet, conductivity_from_resistance

DEFAULT_CIRCUIT = "R0-p(R1,CPE1)-CPE2"

#: A parameter counts as identified when its relative standard error is below this.
IDENTIFIABLE_REL_STDERR = 0.25


@dataclass(frozen=True)
class ParameterIdentifiability:
    """How well the data pin down one fitted parameter."""

    name: str
    value: float
    stderr: float
    relative_stderr: float
    most_correlated_with: str
    correlation: float
    identifiable: bool


@dataclass(frozen=True)
class ArcResult:
    """One R‖CPE (or R‖C) arc of the fitted circuit and what it was assigned to.

    ``capacitance_log_stderr`` is u(ln C_eff) from the fit covariance;
    ``process_confident`` is True when C_eff·exp(±2u) falls in the same bin.
    """

    resistance_name: str
    capacitor_name: str
    resistance_ohm: float
    resistance_stderr_ohm: float
    cpe_q: float
    cpe_n: float
    assignment: ArcAssignment
    capacitance_log_stderr: float
    identifiable: bool
    process_confident: bool

    @property
    def process(self) -> str:
        """bulk / grain_boundary / surface_layer / electrode / … ."""
        return self.assignment.process


@dataclass(frozen=True)
class PelletAnalysis:
    """Everything :func:`analyse_pellet_spectrum` found.

    Attributes
    ----------
    circuit : str
    fit : object
        The :class:`sselab.eis.fit.CircuitFit`.
    pellet : Pellet
    temperature_K : float
        From ``spectrum.metadata["temperature_K"]`` (nan if absent).
    intercept_name : str
        Name of the series resistance (the high-frequency intercept), "" if none.
    intercept_ohm, intercept_stderr_ohm : float
    arcs : tuple of ArcResult
    ionic_resistance_ohm, ionic_resistance_stderr_ohm : float
        R0 + Σ ionic arcs − leads.
    bulk_resistance_ohm, bulk_resistance_stderr_ohm : float
    grain_boundary_resistance_ohm, grain_boundary_resistance_stderr_ohm : float
        The split of the ionic resistance; nan when an ionic arc's assignment is
        uncertain (then only the total is determined).
    conductivity : ConductivityResult
        Total ionic conductivity (what papers report as "ionic conductivity").
    bulk_conductivity : ConductivityResult or None
        Bulk only, when the bulk resistance is > 0.
    identifiability : tuple of ParameterIdentifiability
    interpretation : str
        One paragraph on which parameter was read as what.
    warnings : tuple of str
    """

    circuit: str
    fit: Any
    pellet: Pellet
    temperature_K: float
    intercept_name: str
    intercept_ohm: float
    intercept_stderr_ohm: float
    arcs: tuple[ArcResult, ...]
    ionic_resistance_ohm: float
    ionic_resistance_stderr_ohm: float
    bulk_resistance_ohm: float
    bulk_resistance_stderr_ohm: float
    grain_boundary_resistance_ohm: float
    grain_boundary_resistance_stderr_ohm: float
    conductivity: ConductivityResult
    bulk_conductivity: ConductivityResult | None
    identifiability: tuple[ParameterIdentifiability, ...]
    interpretation: str
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able summary (no fit object)."""
        return {
            "circuit": self.circuit,
            "temperature_K": self.temperature_K,
            "parameters": dict(self.fit.parameters),
            "stderr": dict(self.fit.stderr),
            "intercept_ohm": self.intercept_ohm,
            "ionic_resistance_ohm": self.ionic_resistance_ohm,
            "ionic_resistance_stderr_ohm": self.ionic_resistance_stderr_ohm,
            "bulk_resistance_ohm": self.bulk_resistance_ohm,
            "grain_boundary_resistance_ohm": self.grain_boundary_resistance_ohm,
            "conductivity_S_per_m": self.conductivity.conductivity_S_per_m,
            "conductivity_stderr_S_per_m": self.conductivity.conductivity_stderr_S_per_m,
            "arcs": [
                {"resistance": a.resistance_name, "capacitor": a.capacitor_name,
                 "resistance_ohm": a.resistance_ohm, "capacitance_F": a.assignment.capacitance_F,
                 "specific_capacitance_F_per_cm": a.assignment.specific_capacitance_F_per_cm,
                 "process": a.process, "identifiable": a.identifiable}
                for a in self.arcs
            ],
            "identifiability": [
                {"name": p.name, "relative_stderr": p.relative_stderr,
                 "most_correlated_with": p.most_correlated_with, "correlation": p.correlation,
                 "identifiable": p.identifiable}
                for p in self.identifiability
            ],
            "interpretation": self.interpretation,
            "warnings": list(self.warnings),
        }


# --------------------------------------------------------------------------- topology


def circuit_topology(circuit: str) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Series resistances and R‖capacitor arcs of a circuit string.

    Returns
    -------
    (series_R_names, arcs)
        ``series_R_names``: R elements in series at the top level.
        ``arcs``: (R name, capacitor name, capacitor type "CPE" or "C") for every
        parallel block made of exactly one R and one CPE or C.
    """
    from sselab.eis.circuits import Element, Parallel, Series, parse_circuit

    root = parse_circuit(circuit).root
    children = root.children if isinstance(root, Series) else (root,)
    series_r: list[str] = []
    arcs: list[tuple[str, str, str]] = []
    for c in children:
        if isinstance(c, Element) and c.kind.symbol == "R":
            series_r.append(c.name)
        elif isinstance(c, Parallel) and len(c.children) == 2 and all(
                isinstance(b, Element) for b in c.children):
            kinds = {b.kind.symbol: b.name for b in c.children}
            if "R" in kinds and ("CPE" in kinds or "C" in kinds):
                cap_type = "CPE" if "CPE" in kinds else "C"
                arcs.append((kinds["R"], kinds[cap_type], cap_type))
    return series_r, arcs


# --------------------------------------------------------------------------- covariance


def _covariance(fit: Any, names: Sequence[str]) -> np.ndarray:
    """The fit covariance as an array in ``names`` order.

    Fixed parameters (absent from ``fit.free_parameters``) get zero variance;
    without any covariance only the diagonal (``fit.stderr``²) is known.
    """
    cov = getattr(fit, "covariance", None)
    n = len(names)
    if cov is None:
        out = np.full((n, n), np.nan)
        for i, nm in enumerate(names):
            out[i, i] = float(fit.stderr.get(nm, np.nan)) ** 2
        return out
    arr = np.asarray(cov, dtype=float)
    order = list(getattr(fit, "free_parameters", None) or list(fit.parameters))
    out = np.zeros((n, n))
    pos = [order.index(nm) if nm in order else -1 for nm in names]
    for i, pi in enumerate(pos):
        for j, pj in enumerate(pos):
            if pi >= 0 and pj >= 0:
                out[i, j] = arr[pi, pj]
    return out


def _sum_u(fit: Any, cov: np.ndarray, names: Sequence[str], members: Sequence[str]) -> float:
    """Standard error of the sum of ``members``.

    Uses the fit's own estimability analysis when it has one (a sum can be
    determined although its terms are not: R0 + R1 when the bulk arc lies above
    the window); otherwise the covariance.
    """
    if members and hasattr(fit, "sum_with_stderr"):
        return float(fit.sum_with_stderr(list(members))[1])
    return _sum_stderr(cov, names, members)


def _sum_stderr(cov: np.ndarray, names: Sequence[str], members: Sequence[str]) -> float:
    """√(wᵀ Σ w) for the sum of ``members``."""
    if not members:
        return 0.0
    idx = [i for i, nm in enumerate(names) if nm in members]
    with np.errstate(invalid="ignore"):
        v = float(np.sum(cov[np.ix_(idx, idx)]))
    return math.sqrt(v) if v >= 0 else math.nan


def identifiability_report(fit: Any, names: Sequence[str], cov: np.ndarray,
                           threshold: float = IDENTIFIABLE_REL_STDERR,
                           ) -> tuple[ParameterIdentifiability, ...]:
    """Relative standard error and strongest correlation of every parameter."""
    sd = np.sqrt(np.clip(np.diag(cov), 0, None))
    with np.errstate(divide="ignore", invalid="ignore"):
        corr = cov / np.outer(sd, sd)
    out = []
    for i, nm in enumerate(names):
        val = float(fit.parameters[nm])
        se = float(sd[i])
        rel = se / abs(val) if val != 0 else math.inf
        row = np.abs(np.where(np.arange(len(names)) == i, 0.0, corr[i]))
        if len(names) > 1 and np.any(np.isfinite(row)):
            j = int(np.nanargmax(row))
            partner, rho = names[j], float(corr[i, j])
        else:
            partner, rho = "", math.nan
        out.append(ParameterIdentifiability(
            name=nm, value=val, stderr=se, relative_stderr=rel, most_correlated_with=partner,
            correlation=rho,
            identifiable=bool(math.isfinite(rel) and rel < threshold
                              and getattr(fit, "identifiable", {}).get(nm, True)),
        ))
    return tuple(out)


# --------------------------------------------------------------------------- fitting


def _multistart_fit(spectrum: Spectrum, circuit: str, series_r: Sequence[str],
                    arc_r: Sequence[str], initial: Mapping[str, float] | None, bounds: Any,
                    weighting: str) -> Any:
    """The lowest-χ² fit from the automatic guess and two re-splits of its resistances.

    A fast conductor's spectrum is an intercept plus a spike; a single start can
    end in a wrong minimum where the arc swallows the spike.  Besides the
    automatic guess, the fit is started with the high-frequency resistance put
    almost all in the series R (arc above the window) and almost all in the arcs
    (arc tail inside the window); the lowest χ² wins.  A user-given ``initial``
    is fitted as given (one start).
    """
    from sselab.eis.fit import fit_circuit
    from sselab.eis.initial import initial_guess

    if initial is not None:
        return fit_circuit(spectrum, circuit, initial=initial, bounds=bounds,
                           weighting=weighting)
    guess = {k: float(v) for k, v in initial_guess(spectrum, circuit).items()}
    starts = [guess]
    if series_r and arc_r:
        total = sum(guess[n] for n in (*series_r, *arc_r))
        for share in (0.98, 0.02):  # share of the series (intercept) resistance
            g = dict(guess)
            for n in series_r:
                g[n] = share * total / len(series_r)
            for n in arc_r:
                g[n] = (1.0 - share) * total / len(arc_r)
            starts.append(g)
    best, errors = None, []
    for g in starts:
        try:
            f = fit_circuit(spectrum, circuit, initial=g, bounds=bounds, weighting=weighting)
        except FitError as exc:
            errors.append(str(exc))
            continue
        if best is None or (np.isfinite(f.chi2) and f.chi2 < best.chi2):
            best = f
    if best is None:
        raise FitError(f"circuit {circuit} could not be fitted from any start: {errors[0]}")
    return best


# --------------------------------------------------------------------------- pipeline


def analyse_pellet_spectrum(spectrum: Spectrum, pellet: Pellet, circuit: str = DEFAULT_CIRCUIT,
                            *, initial: Mapping[str, float] | None = None,
                            bounds: Any = None, weighting: str = "modulus",
                            lead_resistance_ohm: float = 0.0,
                            capacitance_ranges: CapacitanceRanges | None = None,
                            fit: Any = None) -> PelletAnalysis:
    """Fit a blocking-electrode spectrum and return resistances and σ with uncertainty.

    Parameters
    ----------
    spectrum : Spectrum
        Impedance of the pellet (Ω; any frequency order).
    pellet : Pellet
        Thickness and electrode area (with their uncertainties).
    circuit : str
        Circuit string; it must contain at least one series R or an R‖CPE arc.
    initial, bounds, weighting
        Passed to :func:`sselab.eis.fit.fit_circuit`.  ``initial=None``: automatic
        guess plus two re-split starts, lowest χ² kept (see :func:`_multistart_fit`).
    lead_resistance_ohm : float
        Series resistance of leads/cell measured separately (short circuit), subtracted.
    capacitance_ranges : CapacitanceRanges, optional
        Bins for assigning arcs (default Irvine et al. 1990).
    fit : CircuitFit, optional
        An existing fit of this spectrum with this circuit (skips fitting).

    Returns
    -------
    PelletAnalysis
    """
    if len(spectrum) < 5:
        raise InputError(f"spectrum has {len(spectrum)} points; a circuit fit needs more")
    series_r, arc_specs = circuit_topology(circuit)
    if not series_r and not arc_specs:
        raise InputError(
            f"circuit {circuit!r} has neither a series resistance nor an R‖CPE arc, so no ionic "
            "resistance can be read from it; use e.g. 'R0-p(R1,CPE1)-CPE2'")
    from sselab.eis.fit import fit_circuit

    warns: list[str] = []
    if fit is None:
        fit = _multistart_fit(spectrum, circuit, series_r, [a[0] for a in arc_specs], initial,
                              bounds, weighting)
    # A resistance driven to its lower bound (0) has an undefined variance, which would make
    # the variance of every sum containing it undefined too: refit with it fixed at 0.
    r_names = list(series_r) + [a[0] for a in arc_specs]
    r_scale = sum(abs(float(fit.parameters[n])) for n in r_names)
    at_zero = [n for n in r_names
               if abs(float(fit.parameters[n])) <= 1e-6 * r_scale
               and not math.isfinite(float(fit.stderr.get(n, math.nan)))]
    if at_zero:
        start = {k: float(v) for k, v in fit.parameters.items() if k not in at_zero}
        fit = fit_circuit(spectrum, circuit, initial=start, bounds=bounds, weighting=weighting,
                          fixed={n: 0.0 for n in at_zero})
        warns.append(f"{', '.join(at_zero)} went to its lower bound 0; refitted with "
                     f"{', '.join(at_zero)} fixed at 0 so that the other uncertainties are defined")
    params = {k: float(v) for k, v in fit.parameters.items()}
    names = list(params)
    cov = _covariance(fit, names)
    ident = identifiability_report(fit, names, cov)
    ident_by = {p.name: p for p in ident}
    k_cell = pellet.cell_constant_per_m

    arcs: list[ArcResult] = []
    for r_name, c_name, c_type in arc_specs:
        r = params[r_name]
        if c_type == "CPE":
            q_name, n_name = f"{c_name}_0", f"{c_name}_1"
            q, n = params[q_name], params[n_name]
        else:
            q_name, n_name = c_name, ""
            q, n = params[c_name], 1.0
        if r <= 0 or q <= 0:
            warns.append(f"arc {r_name}‖{c_name} has a non-positive value (R = {r:.3g}); ignored")
            continue
        asg = assign_arc(r, q, n, k_cell, capacitance_ranges)
        g = effective_capacitance_log_gradient(r, q, n)
        sel = [r_name, q_name] + ([n_name] if n_name else [])
        gv = np.array(g[: len(sel)])
        sub = cov[np.ix_([names.index(s) for s in sel], [names.index(s) for s in sel])]
        var_lnc = float(gv @ sub @ gv)
        u_lnc = math.sqrt(var_lnc) if var_lnc >= 0 else math.nan
        rng = capacitance_ranges or irvine_ranges()
        spec = asg.specific_capacitance_F_per_m
        confident = bool(math.isfinite(u_lnc)
                         and rng.classify(spec * math.exp(-2 * u_lnc)) == asg.process
                         and rng.classify(spec * math.exp(2 * u_lnc)) == asg.process)
        arcs.append(ArcResult(
            resistance_name=r_name, capacitor_name=c_name, resistance_ohm=r,
            resistance_stderr_ohm=ident_by[r_name].stderr, cpe_q=q, cpe_n=n, assignment=asg,
            capacitance_log_stderr=u_lnc,
            identifiable=all(ident_by[s].identifiable for s in sel),
            process_confident=confident,
        ))

    ionic_arcs = [a for a in arcs if a.assignment.is_ionic]
    bulk_arcs = [a for a in ionic_arcs if a.process == "bulk"]
    gb_arcs = [a for a in ionic_arcs if a.process == "grain_boundary"]
    for a in arcs:
        if not a.assignment.is_ionic:
            warns.append(
                f"arc {a.resistance_name}‖{a.capacitor_name} has C' = "
                f"{a.assignment.specific_capacitance_F_per_cm:.2g} F/cm ({a.process}); its "
                f"R = {a.resistance_ohm:.4g} Ω is not counted as ionic resistance")
        elif not a.process_confident:
            warns.append(
                f"arc {a.resistance_name}‖{a.capacitor_name} is poorly determined (only part of it "
                f"lies in the window): C_eff = {a.assignment.capacitance_F:.3g} F with u(ln C) = "
                f"{a.capacitance_log_stderr:.2g}, so 'bulk' vs 'grain boundary' cannot be told "
                "apart; the total ionic resistance (its sum with the intercept) is still used")

    intercept_name = series_r[0] if series_r else ""
    if len(series_r) > 1:
        warns.append(f"several series resistances ({', '.join(series_r)}); all are counted "
                     "in the intercept")
    r0 = sum(params[n] for n in series_r) - float(lead_resistance_ohm)
    u_r0 = _sum_u(fit, cov, names, series_r)
    ionic_names = list(series_r) + [a.resistance_name for a in ionic_arcs]
    r_ionic = r0 + sum(a.resistance_ohm for a in ionic_arcs)
    u_ionic = _sum_u(fit, cov, names, ionic_names)
    bulk_names = list(series_r) + [a.resistance_name for a in bulk_arcs]
    r_bulk = r0 + sum(a.resistance_ohm for a in bulk_arcs)
    u_bulk = _sum_u(fit, cov, names, bulk_names)
    r_gb = sum(a.resistance_ohm for a in gb_arcs)
    u_gb = _sum_u(fit, cov, names, [a.resistance_name for a in gb_arcs])
    split_known = all(a.process_confident for a in ionic_arcs)
    if not split_known:
        r_bulk = u_bulk = r_gb = u_gb = math.nan

    if not (r_ionic > 0) or not math.isfinite(r_ionic):
        raise FitError(
            f"the fitted ionic resistance is {r_ionic:.4g} Ω (not > 0); check the circuit, the "
            "lead resistance and the high-frequency part of the spectrum")
    if not math.isfinite(u_ionic):
        warns.append("the data do not determine the ionic resistance (its variance from the fit "
                     "covariance is not finite); σ is reported with an undefined uncertainty")
        u_ionic = math.nan
    sigma = conductivity_from_resistance(r_ionic, pellet, u_ionic)
    sigma_bulk = (conductivity_from_resistance(r_bulk, pellet, u_bulk)
                  if split_known and r_bulk > 0 else None)

    parts = []
    if series_r:
        above = "bulk" if not bulk_arcs else "leads/contacts"
        if not gb_arcs and not bulk_arcs:
            above = "bulk and grain boundaries"
        parts.append(f"{'+'.join(series_r)} is the high-frequency intercept "
                     f"(processes relaxing above {spectrum.frequency_Hz.max():.3g} Hz: {above})")
    for a in arcs:
        parts.append(f"{a.resistance_name}‖{a.capacitor_name}: C_eff = "
                     f"{a.assignment.capacitance_F:.3g} F, C' = "
                     f"{a.assignment.specific_capacitance_F_per_cm:.2g} F/cm → {a.process}"
                     f"{'' if a.process_confident else ' (tail only; assignment uncertain)'}")
    parts.append(f"ionic R = {' + '.join(ionic_names)}"
                 f"{' − leads' if lead_resistance_ohm else ''} = {r_ionic:.5g} ± {u_ionic:.2g} Ω")
    not_ident = [p.name for p in ident if not p.identifiable]
    if not_ident:
        parts.append(f"not identified individually (rel. stderr ≥ {IDENTIFIABLE_REL_STDERR:g}): "
                     f"{', '.join(not_ident)}")

    return PelletAnalysis(
        circuit=circuit,
        fit=fit,
        pellet=pellet,
        temperature_K=float(spectrum.metadata.get("temperature_K", math.nan)),
        intercept_name="+".join(series_r) if intercept_name else "",
        intercept_ohm=r0,
        intercept_stderr_ohm=u_r0,
        arcs=tuple(arcs),
        ionic_resistance_ohm=r_ionic,
        ionic_resistance_stderr_ohm=u_ionic,
        bulk_resistance_ohm=r_bulk,
        bulk_resistance_stderr_ohm=u_bulk,
        grain_boundary_resistance_ohm=r_gb,
        grain_boundary_resistance_stderr_ohm=u_gb,
        conductivity=sigma,
        bulk_conductivity=sigma_bulk,
        identifiability=ident,
        interpretation="; ".join(parts) + ".",
        warnings=tuple(warns),
    )
