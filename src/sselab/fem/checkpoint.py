"""Checkpoints (npz) and field output (VTU/XDMF via meshio) — the file adapters of ``sselab.fem``.

Only the CLI imports this module; the solver itself never touches files.
A checkpoint holds the solver state after the last accepted step, the step
records and the field snapshots, so ``--resume`` continues exactly where a run
stopped (same problem, same schedule).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from sselab.errors import DataError
from sselab.fem.results import FieldSnapshot, PhaseFieldResult, StepRecord
from sselab.fem.solver import PhaseFieldProblem, SolverState


class Checkpointer:
    """Write the state after every accepted step to ``path`` (atomically) and read it back."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def save(self, st: SolverState, steps: list[StepRecord], snaps: list[FieldSnapshot]) -> None:
        """Callback for :func:`sselab.fem.solver.solve` (``on_step``)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, Any] = {
            "load": st.load, "u": st.u, "phi": st.phi, "history": st.history, "eps_p": st.eps_p,
            "plastic_dissipation_J": st.plastic_dissipation_J, "step": st.step,
            "steps_json": json.dumps([asdict(s) for s in steps]),
            "snap_loads": np.array([s.load for s in snaps]),
        }
        for i, s in enumerate(snaps):
            arrays[f"snap{i}_u"] = s.u_m
            arrays[f"snap{i}_phi"] = s.phi
            arrays[f"snap{i}_ep"] = s.eq_plastic_strain
            arrays[f"snap{i}_H"] = s.history_J_per_m3
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez_compressed(tmp, **arrays)
        tmp.replace(self.path)

    def load_kwargs(self, problem: PhaseFieldProblem) -> dict[str, Any]:
        """``state``, ``previous_steps`` and ``previous_snapshots`` for :func:`solve` (resume)."""
        if not self.path.is_file():
            raise DataError(f"no checkpoint at {self.path}; run without --resume first")
        z = np.load(self.path, allow_pickle=False)
        if z["u"].size != 2 * problem.mesh.n_nodes:
            raise DataError(f"checkpoint {self.path} belongs to another mesh; delete it or change --out")
        st = SolverState(float(z["load"]), z["u"], z["phi"], z["history"], z["eps_p"],
                         float(z["plastic_dissipation_J"]), int(z["step"]))
        steps = tuple(StepRecord(**d) for d in json.loads(str(z["steps_json"])))
        snaps = tuple(FieldSnapshot(float(load), z[f"snap{i}_u"], z[f"snap{i}_phi"], z[f"snap{i}_ep"],
                                    z[f"snap{i}_H"]) for i, load in enumerate(z["snap_loads"]))
        return {"state": st, "previous_steps": steps, "previous_snapshots": snaps}


def write_fields(directory: str | Path, result: PhaseFieldResult, stem: str = "fields") -> list[Path]:
    """Write each snapshot as VTU (``stem_<load>.vtu``) and all as an XDMF time series.

    Point data: displacement (3 components, z = 0), phi; cell data: equivalent plastic
    strain, history field.  Returns the written paths.
    """
    import meshio

    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    m = result.mesh
    pts = np.c_[m.p.T, np.zeros(m.n_nodes)]
    cells = [("triangle", m.t.T.astype(np.int64))]
    out = []
    for s in result.snapshots:
        pdata = {"displacement_m": np.c_[s.u_m.reshape(-1, 2), np.zeros(m.n_nodes)], "phi": s.phi}
        cdata = {"eq_plastic_strain": [s.eq_plastic_strain], "history_J_per_m3": [s.history_J_per_m3],
                 "region": [m.region.astype(np.int32)]}
        path = d / f"{stem}_{s.load:.4g}.vtu"
        meshio.write(path, meshio.Mesh(pts, cells, point_data=pdata, cell_data=cdata))
        out.append(path)
    if result.snapshots:
        xdmf = d / f"{stem}.xdmf"
        # meshio writes the heavy-data .h5 into the *current* folder: write from inside ``d``
        with contextlib.chdir(d), meshio.xdmf.TimeSeriesWriter(xdmf.name) as w:
            w.write_points_cells(pts, cells)
            for s in result.snapshots:
                w.write_data(s.load, point_data={"phi": s.phi,
                                                 "displacement_m": np.c_[s.u_m.reshape(-1, 2), np.zeros(m.n_nodes)]})
        out.append(xdmf)
    return out
