"""Phase-field compliance map over (E, H) as a batch: one task per grid point, into the database.

Each grid point is one run of the interface model of :mod:`sselab.fem.interface`
(electrolyte | interface | composite cathode shrinking with the SoC, Fig. 2b of Hu et al.
2026) with the electrolyte's Young's modulus E and hardness H replaced; the result is the
SoC at which the interface starts to detach (detached fraction > 5 %) and the detached
fraction at SoC 1.  Only the public functions of ``sselab.fem.interface`` are used
(:func:`~sselab.fem.interface.interface_spec`, :func:`~sselab.fem.interface.run_interface`,
:func:`~sselab.fem.interface.detachment_onset_soc`, :func:`~sselab.fem.interface.fraction_at`).

The sweep is a :class:`~sselab.batch.plan.Plan` of file-less inputs (analysis
``phasefield``, one per point, E and H as the sample facts ``modulus_Pa``/``hardness_Pa``)
run by :func:`~sselab.batch.runner.run_batch`: results stream into the database as points
finish, a re-run skips the points already stored (the same point in another grid too), a
point whose Dask worker dies is re-run elsewhere, and ``timeout_s`` bounds a point.

Defaults are a coarse screening map (element size 1 µm at the interface, i.e. 2ℓ, and 10
nominal SoC steps: a 4 × 4 grid takes ~10–30 s on 2 cores); ``mesh_size_um = 0.25`` (ℓ/2)
is the resolution of ``sselab phasefield map``.  The electrolytes of the mechanics
literature set are placed on the map (:func:`sselab.fem.compliance_map.literature_points`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sselab.batch.analyses import ANALYSES, AnalysisOutput, ResultValue
from sselab.errors import InputError

ANALYSIS = "phasefield"

#: Option defaults of the ``phasefield`` analysis (coarse screening map).
DEFAULTS: dict[str, Any] = ANALYSES[ANALYSIS].defaults


@lru_cache(maxsize=4)
def _cached_set(source: str | None, mtime_ns: int) -> Any:
    from sselab.fem.interface import DEFAULT_SET
    from sselab.parameters import load_parameter_set

    return load_parameter_set(source or DEFAULT_SET)


def _parameter_set(source: str | None) -> Any:
    """The interface parameter set (default: the packaged one), parsed once per process."""
    import os

    return _cached_set(source, os.stat(source).st_mtime_ns
                       if source and os.path.isfile(source) else 0)


def analyse_phasefield(path: str, options: dict[str, Any], sample: dict[str, Any]
                       ) -> AnalysisOutput:
    """Interface run at the sample's (``modulus_Pa``, ``hardness_Pa``): detachment onset SoC.

    Results: ``detachment_onset_soc`` (empty when the interface keeps contact to SoC 1),
    ``keeps_contact`` (1/0), ``detached_fraction_at_soc1``, the inputs ``modulus_Pa`` and
    ``hardness_Pa``, and the run's size (``n_dofs``, ``n_steps``, ``staggered_iterations``,
    ``solver_seconds``).
    """
    from dataclasses import replace

    from sselab.fem.interface import (
        Electrolyte,
        detachment_onset_soc,
        fraction_at,
        interface_spec,
        run_interface,
    )

    try:
        E, H = float(sample["modulus_Pa"]), float(sample["hardness_Pa"])
    except KeyError:
        raise InputError(f"{path}: the phasefield analysis needs the sample facts modulus_GPa "
                         "and hardness_GPa") from None
    se = Electrolyte(str(sample.get("name", path)), E, H, float(options["poisson_ratio"]),
                     float(options["density_kg_per_m3"]))
    spec = interface_spec(se, _parameter_set(options["params"]))
    if options["mesh_size_um"]:
        h = float(options["mesh_size_um"]) * 1e-6
        spec = replace(spec, geometry=replace(spec.geometry, fine_size_m=h, coarse_size_m=16 * h))
    r, warns = _run_with_finer_steps(run_interface, spec, int(options["steps"]))
    onset = detachment_onset_soc(r)
    vals = (
        ResultValue("detachment_onset_soc", onset, "1"),
        ResultValue("keeps_contact", 0.0 if math.isfinite(onset) else 1.0, "1"),
        ResultValue("detached_fraction_at_soc1", fraction_at(r, 1.0), "1"),
        ResultValue("modulus_Pa", E, "Pa"),
        ResultValue("hardness_Pa", H, "Pa"),
        ResultValue("n_dofs", float(r.mesh.n_dofs()), "1"),
        ResultValue("n_steps", float(len(r.steps)), "1"),
        ResultValue("staggered_iterations", float(r.total_staggered_iterations), "1"),
        ResultValue("solver_seconds", float(r.wall_s), "s"),
    )
    return AnalysisOutput(values=vals, reader="sselab.fem.interface.run_interface",
                          format="phase-field interface run",
                          details={"electrolyte": se.name, "plasticity": spec.plasticity,
                                   "fine_size_m": spec.geometry.fine_size_m},
                          warnings=tuple(warns))


#: Nominal-step multipliers tried in turn when a coarse schedule does not converge.
STEP_RETRIES = (1, 2, 4)


def _run_with_finer_steps(run: Callable[..., Any], spec: Any, steps: int) -> tuple[Any, list[str]]:
    """``run(spec, n)`` with n = steps, 2·steps, 4·steps until the solver converges.

    Very soft yield with a stiff electrolyte (E/H of several hundred) can make the first
    plastic load step of a coarse screening schedule diverge; smaller SoC increments
    converge to the same quasi-static path.  The last failure is raised unchanged.
    """
    from sselab.errors import ConvergenceError

    warns: list[str] = []
    for k, factor in enumerate(STEP_RETRIES):
        try:
            return run(spec, steps * factor, save_at=()), warns
        except ConvergenceError as exc:
            if k == len(STEP_RETRIES) - 1:
                raise
            warns.append(f"{steps * factor} nominal steps did not converge ({exc}); "
                         f"retried with {steps * STEP_RETRIES[k + 1]}")
    raise AssertionError("unreachable")


# --------------------------------------------------------------------------- the sweep


def grid_axis(lo: float, hi: float, n: int, name: str) -> list[float]:
    """``n`` log-spaced values from ``lo`` to ``hi`` (12 significant digits: stable keys)."""
    import numpy as np

    if not (0 < lo < hi) or int(n) < 2 or not (math.isfinite(lo) and math.isfinite(hi)):
        raise InputError(f"{name}: need 0 < LO < HI and N >= 2, got {lo}:{hi}:{n}")
    return [float(f"{v:.12g}") for v in np.geomspace(lo, hi, int(n))]


def point_sample(E_GPa: float, H_GPa: float) -> dict[str, Any]:
    """The sample facts of one grid point (SI)."""
    return {"name": f"E {E_GPa:.4g} GPa, H {H_GPa:.4g} GPa",
            "modulus_Pa": float(f"{E_GPa * 1e9:.12g}"),
            "hardness_Pa": float(f"{H_GPa * 1e9:.12g}")}


def map_plan(E_GPa: list[float], H_GPa: list[float], options: dict[str, Any],
             timeout_s: float | None = None) -> Any:
    """A :class:`~sselab.batch.plan.Plan` with one file-less input per (E, H)."""
    import hashlib

    from sselab.batch.analyses import normalise_options
    from sselab.batch.plan import Group, Plan, PlannedInput

    opts = normalise_options(ANALYSIS, options, "phasefield map")
    inputs = tuple(
        PlannedInput(path=Path(f"{ANALYSIS}:E={e:.6g}GPa,H={h:.6g}GPa"), pattern="",
                     sample=point_sample(e, h), virtual=True)
        for e in E_GPa for h in H_GPa)
    name = (f"phase-field map E {E_GPa[0]:g}–{E_GPa[-1]:g} GPa × {len(E_GPa)}, H {H_GPa[0]:g}–"
            f"{H_GPa[-1]:g} GPa × {len(H_GPa)}, mesh {opts['mesh_size_um']:g} µm, "
            f"{opts['steps']} steps")
    desc = json.dumps({"E_GPa": E_GPa, "H_GPa": H_GPa, "options": opts}, sort_keys=True)
    group = Group(name=name, analysis=ANALYSIS, options=opts, inputs=inputs, timeout_s=timeout_s)
    return Plan(path=Path("sweep:phasefield-map"), name="phase-field compliance map",
                groups=(group,), sha256=hashlib.sha256(desc.encode()).hexdigest())


@dataclass(frozen=True)
class MapSweep:
    """Outcome of :func:`phasefield_map_sweep`: run counts, the map, the literature points."""

    summary: Any  # sselab.batch.runner.BatchSummary
    E_GPa: tuple[float, ...]
    H_GPa: tuple[float, ...]
    onset_soc: tuple[tuple[float | None, ...], ...]   # [i_E][j_H]; None: not stored
    fraction_at_soc1: tuple[tuple[float | None, ...], ...]
    keeps_contact: tuple[tuple[bool | None, ...], ...]
    electrolytes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every grid point has a stored result."""
        return all(k is not None for row in self.keeps_contact for k in row)

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form (index order ``[i_modulus][j_hardness]``)."""
        return {"run": self.summary.as_dict(), "modulus_GPa": list(self.E_GPa),
                "hardness_GPa": list(self.H_GPa), "onset_soc": [list(r) for r in self.onset_soc],
                "keeps_contact": [list(r) for r in self.keeps_contact],
                "fraction_at_soc1": [list(r) for r in self.fraction_at_soc1],
                "index_order": "[i_modulus][j_hardness]", "complete": self.complete,
                "electrolytes": self.electrolytes}


def stored_points(db: str | Path, options_json: str | None = None
                  ) -> dict[str, dict[tuple[float, float], dict[str, float | None]]]:
    """Stored phase-field points: options JSON → {(E_Pa, H_Pa): {result name: value}}."""
    from sselab.batch.export import rows

    _, data = rows(db, "SELECT a.id, p.json, r.name, r.value FROM analyses a JOIN parameters p "
                       "ON p.hash = a.parameters_hash JOIN results r ON r.analysis_id = a.id "
                       "WHERE a.analysis = ? ORDER BY a.id", (ANALYSIS,))
    by_id: dict[int, tuple[str, dict[str, Any]]] = {}
    vals: dict[int, dict[str, float | None]] = {}
    for aid, pj, name, value in data:
        if aid not in by_id:
            doc = json.loads(pj)
            by_id[aid] = (json.dumps(doc["options"], sort_keys=True), doc["sample"])
        vals.setdefault(aid, {})[name] = value
    out: dict[str, dict[tuple[float, float], dict[str, float | None]]] = {}
    for aid, (oj, sample) in by_id.items():
        if options_json is not None and oj != options_json:
            continue
        key = (float(sample["modulus_Pa"]), float(sample["hardness_Pa"]))
        out.setdefault(oj, {})[key] = vals[aid]
    return out


def map_from_points(points: dict[tuple[float, float], dict[str, float | None]],
                    E_GPa: list[float], H_GPa: list[float]) -> tuple[list, list, list]:
    """onset, fraction, keeps-contact grids ``[i_E][j_H]`` (None where no point is stored)."""
    onset, frac, keeps = [], [], []
    for e in E_GPa:
        ro, rf, rk = [], [], []
        for h in H_GPa:
            s = point_sample(e, h)
            v = points.get((s["modulus_Pa"], s["hardness_Pa"]))
            if v is None:
                ro.append(None), rf.append(None), rk.append(None)
                continue
            ro.append(v.get("detachment_onset_soc"))
            rf.append(v.get("detached_fraction_at_soc1"))
            rk.append(bool(v.get("keeps_contact")))
        onset.append(tuple(ro)), frac.append(tuple(rf)), keeps.append(tuple(rk))
    return onset, frac, keeps


def _cell_stored(E_GPa: list[float], H_GPa: list[float], keeps: list, E: float, H: float
                 ) -> bool:
    """Are the four grid points around (E, H) stored (what bilinear interpolation uses)?"""
    import numpy as np

    le, lh = np.log(E_GPa), np.log(H_GPa)
    i = int(np.clip(np.searchsorted(le, math.log(E)) - 1, 0, le.size - 2))
    j = int(np.clip(np.searchsorted(lh, math.log(H)) - 1, 0, lh.size - 2))
    return all(keeps[a][b] is not None for a in (i, i + 1) for b in (j, j + 1))


def place_literature(E_GPa: list[float], H_GPa: list[float], onset: list, keeps: list
                     ) -> list[dict[str, Any]]:
    """Literature electrolytes on the map (:func:`sselab.fem.compliance_map.literature_points`).

    A prediction is given only where the four grid points around the electrolyte are
    stored (a point that failed or is not computed yet leaves its cells unpredicted).
    """
    import numpy as np

    from sselab.fem.compliance_map import ComplianceMap, literature_points

    Z = np.array([[math.nan if (o is None or k) else float(o) for o, k in zip(ro, rk, strict=True)]
                  for ro, rk in zip(onset, keeps, strict=True)], dtype=float)
    cmap = ComplianceMap(np.asarray(E_GPa, float), np.asarray(H_GPa, float), Z,
                         np.full_like(Z, np.nan))
    pts = literature_points(cmap)
    for p in pts:
        p["inside_map"] = bool(p["inside_map"])
        if p["inside_map"] and not _cell_stored(E_GPa, H_GPa, keeps, p["modulus_GPa"],
                                                p["hardness_GPa"]):
            p["predicted_onset_soc"] = p["keeps_contact_to_soc1"] = None
    return pts


def phasefield_map_sweep(db: str | Path, e_range: tuple[float, float, int] = (1.0, 40.0, 4),
                         h_range: tuple[float, float, int] = (0.1, 3.0, 4), *,
                         mesh_size_um: float = DEFAULTS["mesh_size_um"],
                         steps: int = DEFAULTS["steps"], params: str | None = None,
                         poisson_ratio: float = 0.3, density_kg_per_m3: float = 2700.0,
                         client: Any = None, timeout_s: float | None = None,
                         retry_failed: bool = False, executor: str = "sequential",
                         on_outcome: Callable[..., None] | None = None) -> MapSweep:
    """Run (or resume) the compliance map over log grids ``e_range``/``h_range`` (GPa: LO, HI, N).

    Points already in ``db`` with the same options are skipped; the others run here or on
    the Dask ``client`` (one point per task) and are stored as they finish.
    """
    from sselab.batch.runner import run_batch

    if not mesh_size_um > 0 or int(steps) < 1:
        raise InputError(f"need mesh_size_um > 0 and steps >= 1 (got {mesh_size_um}, {steps})")
    E = grid_axis(*e_range, name="E range (GPa)")
    H = grid_axis(*h_range, name="H range (GPa)")
    opts = {"mesh_size_um": float(mesh_size_um), "steps": int(steps), "params": params,
            "poisson_ratio": float(poisson_ratio), "density_kg_per_m3": float(density_kg_per_m3)}
    plan = map_plan(E, H, opts, timeout_s)
    summ = run_batch(plan, db, client=client, retry_failed=retry_failed, executor=executor,
                     on_outcome=on_outcome, chunk_size=1)
    oj = json.dumps(plan.groups[0].options, sort_keys=True)
    points = stored_points(db, oj).get(oj, {})
    onset, frac, keeps = map_from_points(points, E, H)
    return MapSweep(summ, tuple(E), tuple(H), tuple(onset), tuple(frac), tuple(keeps),
                    place_literature(E, H, onset, keeps))


def map_figure(E_GPa: list[float] | tuple[float, ...], H_GPa: list[float] | tuple[float, ...],
               onset: Any, keeps: Any, electrolytes: list[dict[str, Any]] = ()
               ) -> tuple[Any, str]:
    """Figure of the detachment onset SoC over (E, H) with the literature electrolytes; alt text.

    Cells: colour = onset SoC; "keeps contact" cells at the top of the scale (> 1); cells
    not computed (yet) are left blank.
    """
    import numpy as np

    from sselab.plot.svg import new_figure

    Z = np.array([[np.nan if k is None else (1.05 if k else float(o))
                   for o, k in zip(ro, rk, strict=True)] for ro, rk in zip(onset, keeps, strict=True)])
    fig, ax = new_figure(6.0, 4.4)
    im = ax.pcolormesh(np.asarray(E_GPa), np.asarray(H_GPa), np.ma.masked_invalid(Z).T,
                       shading="nearest", cmap="viridis_r", vmin=0.0, vmax=1.05)
    fig.colorbar(im, ax=ax, label="detachment onset SoC (> 1: keeps contact)")
    for q in electrolytes:
        ax.plot([q["modulus_GPa"]], [q["hardness_GPa"]], "o", mfc="white", mec="k", ms=5)
        ax.annotate(q["name"], (q["modulus_GPa"], q["hardness_GPa"]), textcoords="offset points",
                    xytext=(4, 3), fontsize=7)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("Young's modulus E / GPa")
    ax.set_ylabel("hardness H / GPa")
    ax.set_title("Phase-field compliance map: interface detachment")
    n = int(np.isfinite(Z).sum())
    n_keep = int((Z > 1).sum())
    inside = [q for q in electrolytes if q.get("inside_map")]
    verdicts = []
    for q in inside:
        s = q.get("predicted_onset_soc")
        v = ("keeps contact" if q.get("keeps_contact_to_soc1") else
             "not predicted" if s is None else f"detaches from SoC {s:.2f}")
        verdicts.append(f"{q['name']} {v}")
    alt = (f"Detachment onset state of charge over a {len(E_GPa)} by {len(H_GPa)} log grid of "
           f"Young's modulus {E_GPa[0]:g}-{E_GPa[-1]:g} GPa and hardness {H_GPa[0]:g}-"
           f"{H_GPa[-1]:g} GPa; {n} of {Z.size} points computed, {n_keep} keep contact to "
           f"SoC 1. {len(electrolytes)} literature electrolytes marked"
           + (f" ({'; '.join(verdicts)})" if verdicts else "") + ".")
    return fig, alt
