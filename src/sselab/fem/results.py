"""Frozen result records of a phase-field run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sselab.fem.mesh import TriMesh


@dataclass(frozen=True)
class StepRecord:
    """One accepted load step.

    Attributes
    ----------
    step : running index of accepted steps (1-based)
    load : load parameter (SoC, or prescribed displacement in m)
    staggered_iterations : alternate-minimisation iterations of this step
    newton_iterations : total displacement Newton iterations of this step
    elastic_energy_J, fracture_energy_J, plastic_dissipation_J : energies per unit
        thickness times the problem thickness (J)
    max_phi : largest nodal phase field
    observables : problem-specific numbers (e.g. ``detached_fraction``, ``reaction_force_N``)
    """

    step: int
    load: float
    staggered_iterations: int
    newton_iterations: int
    residual: float
    elastic_energy_J: float
    fracture_energy_J: float
    plastic_dissipation_J: float
    max_phi: float
    observables: Mapping[str, float] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        d = {k: getattr(self, k) for k in (
            "step", "load", "staggered_iterations", "newton_iterations", "residual",
            "elastic_energy_J", "fracture_energy_J", "plastic_dissipation_J", "max_phi", "seconds")}
        d.update({k: float(v) for k, v in self.observables.items()})
        return d


@dataclass(frozen=True)
class FieldSnapshot:
    """Fields at one load: nodal displacement (2N,) and phase field (N,), element plastic strain."""

    load: float
    u_m: np.ndarray
    phi: np.ndarray
    eq_plastic_strain: np.ndarray
    history_J_per_m3: np.ndarray


@dataclass(frozen=True)
class PhaseFieldResult:
    """Outcome of :func:`sselab.fem.solver.solve`.

    Attributes
    ----------
    name : problem name
    load_unit : unit of the load parameter ("" for SoC, "m" for displacement)
    steps : accepted steps in order
    snapshots : fields at the requested loads
    mesh : the mesh
    wall_s : wall time of the solve, s
    stats : solver counters (factorisations, CG iterations, rejected steps, …)
    """

    name: str
    load_unit: str
    steps: tuple[StepRecord, ...]
    snapshots: tuple[FieldSnapshot, ...]
    mesh: TriMesh
    wall_s: float
    stats: Mapping[str, Any] = field(default_factory=dict)

    @property
    def loads(self) -> np.ndarray:
        """Load parameter of each step."""
        return np.array([s.load for s in self.steps])

    @property
    def total_staggered_iterations(self) -> int:
        """Sum of staggered iterations over all steps."""
        return int(sum(s.staggered_iterations for s in self.steps))

    def series(self, name: str) -> np.ndarray:
        """Observable or record attribute ``name`` over the steps."""
        if self.steps and name in self.steps[0].observables:
            return np.array([s.observables[name] for s in self.steps])
        return np.array([getattr(s, name) for s in self.steps])

    def snapshot(self, load: float) -> FieldSnapshot:
        """The snapshot closest to ``load``."""
        if not self.snapshots:
            raise LookupError("no field snapshots were stored; pass save_at=... to solve()")
        i = int(np.argmin([abs(s.load - load) for s in self.snapshots]))
        return self.snapshots[i]

    def summary(self) -> dict[str, Any]:
        """JSON-able summary (steps as rows, stats)."""
        return {
            "name": self.name,
            "load_unit": self.load_unit,
            "n_nodes": self.mesh.n_nodes,
            "n_elements": self.mesh.n_elements,
            "n_dofs": self.mesh.n_dofs(),
            "wall_s": self.wall_s,
            "total_staggered_iterations": self.total_staggered_iterations,
            "stats": dict(self.stats),
            "steps": [s.as_dict() for s in self.steps],
        }
