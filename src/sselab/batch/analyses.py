"""The analyses a batch plan can name, each ``(path, options, sample) → AnalysisOutput``.

They call sselab's library functions directly (never a subprocess) and are top-level
functions so that Dask can ship them to worker processes.  Options are normalised with
their defaults filled in (:func:`normalise_options`), so the parameters hash that
decides "already analysed" does not change when a default is written out explicitly.

=========  ==============================================  ==================================
analysis   library path                                    results (SI names with units)
=========  ==============================================  ==================================
eis        read_spectrum → analyse_pellet_spectrum         ionic_resistance_ohm, conductivity
                                                           _S_per_m (with stderr) when the
                                                           pellet geometry is given
indent     read_indentation → analyse_indents → summarize  hardness_Pa, modulus_Pa (mean, sd)
cycling    read_cycling → summarise (→ retention)          capacities, CE, retention
cost       sselab.cost.evaluate (no input file: one case   raw/processing/total USD per L and
           per group, given by its options)                per kg, density, milling time
phasefield sselab.fem.interface.run_interface at the       detachment onset SoC, keeps
           sample's modulus_GPa/hardness_GPa (no file)     contact, fraction at SoC 1
=========  ==============================================  ==================================
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sselab.errors import InputError


@dataclass(frozen=True)
class ResultValue:
    """One number of an analysis, with its unit (and standard error when known)."""

    name: str
    value: float
    unit: str
    stderr: float = math.nan


@dataclass(frozen=True)
class AnalysisOutput:
    """What an analysis returns for one input file."""

    values: tuple[ResultValue, ...]
    reader: str
    format: str
    details: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnalysisSpec:
    """A registered analysis: its function and option defaults.

    ``needs_file`` False: the analysis reads no input file (its case is its options);
    ``path_options``: options that name files, resolved relative to the plan's folder and
    whose contents are part of the input's identity.
    """

    name: str
    func: Callable[[str, dict[str, Any], dict[str, Any]], AnalysisOutput]
    defaults: dict[str, Any]
    description: str
    needs_file: bool = True
    path_options: tuple[str, ...] = ()


def _num(x: Any) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return math.nan
    return v


# --------------------------------------------------------------------------- eis


#: Nominal pellet (1 mm, 1 cm²) for spectra without geometry: R does not depend on it; it
#: only sets the capacitance per cell constant used to label arcs (bulk / grain boundary).
NOMINAL_PELLET_THICKNESS_M = 1e-3
NOMINAL_PELLET_AREA_M2 = 1e-4


def analyse_eis(path: str, options: dict[str, Any], sample: dict[str, Any]) -> AnalysisOutput:
    """Impedance spectrum of a pellet → ionic resistance → conductivity (σ = L/(R·A))."""
    from sselab.io.eis import read_spectrum
    from sselab.transport.conductivity import Pellet
    from sselab.transport.pipeline import analyse_pellet_spectrum

    spec = read_spectrum(path, options["format"])
    warns: list[str] = []
    th = sample.get("thickness_m")
    have_geom = th is not None and ("diameter_m" in sample or "area_m2" in sample)
    if have_geom:
        if "diameter_m" in sample:
            pellet = Pellet(thickness_m=th, diameter_m=sample["diameter_m"],
                            thickness_stderr_m=sample.get("thickness_stderr_m", 0.0),
                            diameter_stderr_m=sample.get("diameter_stderr_m", 0.0))
        else:
            pellet = Pellet(thickness_m=th, area_m2=sample["area_m2"],
                            thickness_stderr_m=sample.get("thickness_stderr_m", 0.0))
    else:  # resistance only: σ not reported; the nominal pellet only scales capacitance labels
        pellet = Pellet(thickness_m=NOMINAL_PELLET_THICKNESS_M, area_m2=NOMINAL_PELLET_AREA_M2)
        warns.append("no pellet geometry (thickness and diameter/area) in the sample facts: "
                     "only the resistance is stored, not the conductivity; arc labels assume "
                     "a 1 mm thick, 1 cm2 pellet")
    an = analyse_pellet_spectrum(spec, pellet, options["circuit"],
                                 weighting=options["weighting"],
                                 lead_resistance_ohm=options["lead_resistance_ohm"])
    t_K = sample.get("temperature_K", an.temperature_K)
    vals = [ResultValue("ionic_resistance_ohm", an.ionic_resistance_ohm, "ohm",
                        an.ionic_resistance_stderr_ohm)]
    if have_geom:
        c = an.conductivity
        vals.append(ResultValue("conductivity_S_per_m", c.conductivity_S_per_m, "S/m",
                                c.conductivity_stderr_S_per_m))
    if t_K is not None and math.isfinite(_num(t_K)):
        vals.append(ResultValue("temperature_K", float(t_K), "K"))
    vals.append(ResultValue("reduced_chi2", _num(getattr(an.fit, "reduced_chi2", math.nan)), "1"))
    vals.append(ResultValue("n_points", float(len(spec)), "1"))
    return AnalysisOutput(
        values=tuple(vals), reader="sselab.io.eis.read_spectrum",
        format=str(spec.metadata.get("format", "")),
        details={"circuit": an.circuit, "interpretation": an.interpretation,
                 "parameters": {k: float(v) for k, v in an.fit.parameters.items()}},
        warnings=tuple(warns) + tuple(an.warnings))


# --------------------------------------------------------------------------- indentation


def analyse_indent(path: str, options: dict[str, Any], sample: dict[str, Any]) -> AnalysisOutput:
    """Nanoindentation file → Oliver–Pharr H and E per unload → mean ± sd."""
    from sselab.io.mechanics import read_indentation
    from sselab.mechanics.indentation.analysis import analyse_indents
    from sselab.mechanics.indentation.oliver_pharr import OliverPharrOptions
    from sselab.mechanics.indentation.statistics import flag_outliers, summarize

    cf = options["frame_compliance_nm_per_mN"]
    opts = OliverPharrOptions(
        poisson_ratio=options["poisson_ratio"], epsilon=options["epsilon"],
        beta=options["beta"], window=tuple(options["window"]),
        m_range=tuple(options["m_range"]), drift=options["drift"], surface=options["surface"],
        frame_compliance_m_per_N=None if cf is None else cf * 1e-6)
    curves = read_indentation(path, format=options["format"])
    res = analyse_indents(curves, opts)
    s = summarize(flag_outliers([u for r in res for u in r.unloads]))
    if not s.n_ok:
        raise InputError(f"{path}: no unload could be analysed ({s.n_total} unloads)")
    vals = (
        ResultValue("hardness_Pa", s.hardness_Pa.mean, "Pa", _sd_of_mean(s.hardness_Pa)),
        ResultValue("hardness_sd_Pa", s.hardness_Pa.sd, "Pa"),
        ResultValue("modulus_Pa", s.modulus_Pa.mean, "Pa", _sd_of_mean(s.modulus_Pa)),
        ResultValue("modulus_sd_Pa", s.modulus_Pa.sd, "Pa"),
        ResultValue("n_unloads_ok", float(s.n_ok), "1"),
        ResultValue("n_unloads", float(s.n_total), "1"),
        ResultValue("n_indents", float(len(res)), "1"),
    )
    fmt = options["format"] or path.rsplit(".", 1)[-1].lower()
    return AnalysisOutput(values=vals, reader="sselab.io.mechanics.read_indentation",
                          format=str(fmt),
                          details={"n_outliers": s.n_outliers, "n_flagged": s.n_flagged})


def _sd_of_mean(st: Any) -> float:
    return st.sd / math.sqrt(st.n) if st.n > 1 and math.isfinite(st.sd) else math.nan


# --------------------------------------------------------------------------- cycling


def analyse_cycling(path: str, options: dict[str, Any], sample: dict[str, Any]
                    ) -> AnalysisOutput:
    """Cycler file → per-cycle summary → first/last capacities, CE, retention."""
    import numpy as np

    from sselab.cycling.reference_electrode import anode_offset_V
    from sselab.cycling.retention import retention
    from sselab.cycling.summary import summarise
    from sselab.io.cycling import read_cycling

    kw: dict[str, Any] = {}
    area = sample.get("area_m2")
    mass = sample.get("active_mass_kg")
    if mass is None and "mass_loading_kg_per_m2" in sample:
        if area is None:
            raise InputError("sample mass_loading needs area_cm2 to give the active mass")
        mass = sample["mass_loading_kg_per_m2"] * area
    if mass is not None:
        kw["active_mass_kg"] = mass
    if area is not None:
        kw["area_m2"] = area
    if sample.get("anode"):
        kw["reference_offset_V"] = anode_offset_V(str(sample["anode"]))
    if options["first"]:
        kw["cycle_policy"] = options["first"]
    table = read_cycling(path, format=options["format"], **kw)
    s = summarise(table)
    ok = np.flatnonzero(np.asarray(s.complete, dtype=bool))
    vals = [ResultValue("n_cycles", float(s.n_cycles), "1"),
            ResultValue("n_complete_cycles", float(ok.size), "1")]
    if ok.size:
        i0, i1 = int(ok[0]), int(ok[-1])
        dis = np.asarray(s.discharge_capacity_Ah, dtype=float)
        ce = np.asarray(s.coulombic_efficiency, dtype=float)[ok]
        vals += [ResultValue("first_discharge_capacity_Ah", float(dis[i0]), "Ah"),
                 ResultValue("last_discharge_capacity_Ah", float(dis[i1]), "Ah"),
                 ResultValue("median_coulombic_efficiency", float(np.nanmedian(ce)), "1")]
        if mass:
            vals.append(ResultValue("first_discharge_capacity_Ah_per_kg",
                                    float(dis[i0]) / mass, "Ah/kg"))
    try:
        r = retention(s, formation_cycles=options["formation_cycles"])
        vals.append(ResultValue("final_retention", float(r.final_retention), "1"))
        vals.append(ResultValue("retention_reference_cycle", float(r.reference_cycle), "1"))
    except InputError:
        pass
    return AnalysisOutput(values=tuple(vals), reader="sselab.io.cycling.read_cycling",
                          format=str(table.metadata.instrument or ""),
                          warnings=tuple(s.warnings))


# --------------------------------------------------------------------------- cost


@lru_cache(maxsize=8)
def _cost_parameters(source: str | None, mtime_ns: int) -> Any:
    """The cost parameter set (packaged default or a file), parsed once per worker process."""
    from sselab.cost import default_parameters
    from sselab.parameters import load_parameter_set

    return default_parameters() if source is None else load_parameter_set(source)


def analyse_cost(path: str, options: dict[str, Any], sample: dict[str, Any]) -> AnalysisOutput:
    """Production cost of one case (``sselab.cost.evaluate``): raw + processing, USD/L and /kg.

    ``path`` names the case only (``cost:<group>``); the case is the options: ``material``,
    ``route``, ``milling_time_h``, ``density_g_per_cm3``, ``x``, ``y``, ``prices``
    (precursor → USD/kg) and ``params`` (a cost parameter file or packaged set name;
    default ``cost/lzaco_2026``).
    """
    import os

    from sselab.cost import CostCase, evaluate

    src = options["params"]
    mtime = os.stat(src).st_mtime_ns if src and os.path.isfile(src) else 0
    params = _cost_parameters(src, mtime)
    prices = options["prices"] or {}
    if not isinstance(prices, dict):
        raise InputError(f"{path}: option 'prices' must be a table precursor = USD_per_kg")
    case = CostCase(str(options["material"]), route=options["route"],
                    milling_time_h=options["milling_time_h"],
                    density_g_per_cm3=options["density_g_per_cm3"], x=options["x"],
                    y=options["y"],
                    prices_USD_per_kg=tuple(sorted((str(k), float(v)) for k, v in prices.items())))
    r = evaluate(params, case)
    vals = tuple(ResultValue(n, float(getattr(r, n)), u) for n, u in (
        ("raw_USD_per_L", "USD/L"), ("processing_USD_per_L", "USD/L"),
        ("total_USD_per_L", "USD/L"), ("raw_USD_per_kg", "USD/kg"),
        ("processing_USD_per_kg", "USD/kg"), ("total_USD_per_kg", "USD/kg")))
    vals += (ResultValue("density_kg_per_m3", 1e3 * float(r.density_g_per_cm3), "kg/m3"),
             ResultValue("milling_time_h", float(r.milling_time_h), "h"))
    return AnalysisOutput(
        values=vals, reader="sselab.cost.evaluate", format="cost-case",
        details={"material": r.material, "route": r.route, "label": r.label,
                 "formula": r.formula, "parameter_set": r.parameter_set_id})


# --------------------------------------------------------------------------- phase field


def analyse_phasefield(path: str, options: dict[str, Any], sample: dict[str, Any]
                       ) -> AnalysisOutput:
    """Interface detachment run at the sample's E and H (see :mod:`sselab.batch.phasefield`)."""
    from sselab.batch.phasefield import analyse_phasefield as run

    return run(path, options, sample)


ANALYSES: dict[str, AnalysisSpec] = {
    "eis": AnalysisSpec("eis", analyse_eis, {
        "format": None, "circuit": "R0-p(R1,CPE1)-CPE2", "weighting": "modulus",
        "lead_resistance_ohm": 0.0}, "impedance → ionic resistance → conductivity"),
    "indent": AnalysisSpec("indent", analyse_indent, {
        "format": None, "poisson_ratio": None, "epsilon": 0.75, "beta": 1.0,
        "window": [0.5, 0.95], "m_range": [1.0, 2.5], "frame_compliance_nm_per_mN": None,
        "drift": "auto", "surface": "auto"}, "Oliver–Pharr hardness and modulus"),
    "cycling": AnalysisSpec("cycling", analyse_cycling, {
        "format": None, "first": None, "formation_cycles": 0},
        "per-cycle summary: capacities, CE, retention"),
    "cost": AnalysisSpec("cost", analyse_cost, {
        "material": "LZACO", "route": None, "milling_time_h": None, "density_g_per_cm3": None,
        "x": None, "y": None, "prices": {}, "params": None},
        "production cost (raw materials + processing) in USD/L and USD/kg",
        needs_file=False, path_options=("params",)),
    "phasefield": AnalysisSpec("phasefield", analyse_phasefield, {
        "mesh_size_um": 1.0, "steps": 10, "params": None, "poisson_ratio": 0.3,
        "density_kg_per_m3": 2700.0},
        "interface detachment onset SoC at the sample's E and H (compliance-map point)",
        needs_file=False, path_options=("params",)),
}


def normalise_options(analysis: str, options: dict[str, Any], where: str = "plan"
                      ) -> dict[str, Any]:
    """``options`` checked against the analysis' known keys, defaults filled in."""
    if analysis not in ANALYSES:
        raise InputError(f"{where}: unknown analysis {analysis!r}; known: "
                         f"{', '.join(sorted(ANALYSES))}")
    spec = ANALYSES[analysis]
    unknown = set(options) - set(spec.defaults)
    if unknown:
        raise InputError(f"{where}: unknown option(s) {', '.join(sorted(unknown))} for "
                         f"{analysis}; known: {', '.join(sorted(spec.defaults))}")
    out = dict(spec.defaults)
    out.update(options)
    return {k: list(v) if isinstance(v, tuple) else v for k, v in sorted(out.items())}
