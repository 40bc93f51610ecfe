"""Single-edge-notched tension (SENT) test of Miehe, Hofacker & Welschinger (2010).

Unit square (1 mm) with a slit from the left edge to the centre; bottom
clamped, top displaced vertically (u_x = 0 there).  E = 210 kN/mm², ν = 0.3,
Gc = 2.7 N/mm, ℓ = 0.015 mm (values in ``sselab/data/fem/sent_miehe2010.toml``).
Plane strain, thickness 1 mm; the reaction force on the top edge is recorded
in newtons as ``reaction_force_N``.

Load schedule (:func:`sent_schedule`): Δu = 1e-4 mm to 6e-3 mm, then
Δu = 2.5e-5 mm to 7.05e-3 mm (102 steps), the schedule used in the benchmark
against the DOLFINx reference implementation (``benchmarks/dolfinx_sent.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sselab.fem.geometry import sent_mesh
from sselab.fem.loading import DISPLACEMENT, piecewise_ramp
from sselab.fem.materials import RegionMaterial
from sselab.fem.mesh import TriMesh
from sselab.fem.solver import PhaseFieldProblem, SolverOptions, solve
from sselab.parameters import ParameterSet, load_parameter_set


@dataclass(frozen=True)
class SentSpec:
    """Material and model of the SENT test (SI units)."""

    E_Pa: float
    nu: float
    Gc_J_per_m2: float
    length_scale_m: float
    size_m: float = 1e-3
    thickness_m: float = 1e-3
    split: str = "none"
    model: str = "AT2"
    residual_stiffness: float = 1e-7

    @classmethod
    def from_parameters(cls, p: ParameterSet | None = None, **overrides: object) -> SentSpec:
        """Spec from the packaged Miehe (2010) set (or ``p``)."""
        p = p or load_parameter_set("fem/sent_miehe2010")
        kw = dict(
            E_Pa=float(p.value("material.youngs_modulus")) * 1e9,
            nu=float(p.value("material.poisson_ratio")),
            Gc_J_per_m2=float(p.value("material.fracture_energy")) * 1e3,
            length_scale_m=float(p.value("model.length_scale")) * 1e-3,
            size_m=float(p.value("geometry.side")) * 1e-3,
            thickness_m=float(p.value("geometry.thickness")) * 1e-3,
            residual_stiffness=float(p.value("model.residual_stiffness")),
        )
        kw.update(overrides)
        return cls(**kw)  # type: ignore[arg-type]


def sent_schedule(scale: float = 1.0) -> np.ndarray:
    """Top displacement schedule (m): 60 steps of 1e-4 mm to 6e-3 mm, 42 of 2.5e-5 mm to 7.05e-3 mm."""
    return piecewise_ramp([0.0, 6e-6, 7.05e-6], [1e-7 * scale, 2.5e-8 * scale])


def sent_default_mesh(spec: SentSpec, refinement: float = 1.0, band: float = 0.04) -> TriMesh:
    """Mesh with h = ℓ/2 / refinement in the band |y − L/2| < band·L along the crack path.

    ``refinement=2, band=0.1`` is the benchmark mesh (h = ℓ/4, ≈ 35 k DOFs).
    """
    L = spec.size_m
    fine = 0.5 * spec.length_scale_m / refinement
    return sent_mesh(L, fine_m=fine, band_m=band * L, coarse_m=0.05 * L / max(refinement, 1.0) ** 0.5,
                     x_refine_from_m=0.45 * L)


def sent_problem(spec: SentSpec, mesh: TriMesh) -> PhaseFieldProblem:
    """The SENT problem on ``mesh`` (from :func:`sent_default_mesh`)."""
    top, bottom = mesh.nodes("top"), mesh.nodes("bottom")
    dofs = np.concatenate([2 * bottom, 2 * bottom + 1, 2 * top, 2 * top + 1])
    vals = np.concatenate([np.zeros(2 * bottom.size), np.zeros(top.size), np.ones(top.size)])
    th = spec.thickness_m

    def reaction(pb: PhaseFieldProblem, st: object, R: np.ndarray) -> dict[str, float]:
        return {"reaction_force_N": float(R[2 * top + 1].sum() * th)}

    mat = RegionMaterial("steel", spec.E_Pa, spec.nu, spec.Gc_J_per_m2)
    return PhaseFieldProblem(mesh, (mat,), spec.length_scale_m, DISPLACEMENT, dofs, vals,
                             model=spec.model, split=spec.split, hybrid=False,
                             residual_stiffness=spec.residual_stiffness, plasticity=False,
                             thickness_m=th, name="SENT (Miehe 2010)", observers=(reaction,))


def run_sent(spec: SentSpec | None = None, refinement: float = 1.0, options: SolverOptions | None = None,
             schedule: np.ndarray | None = None, progress=None, band: float = 0.04,  # type: ignore[no-untyped-def]
             mesh: TriMesh | None = None):
    """Run the SENT test; returns the :class:`~sselab.fem.results.PhaseFieldResult`."""
    spec = spec or SentSpec.from_parameters()
    mesh = mesh or sent_default_mesh(spec, refinement, band)
    opts = options or SolverOptions(tol=1e-4, adaptive=False, max_staggered=2000, predictor=True)
    sched = sent_schedule() if schedule is None else schedule
    return solve(sent_problem(spec, mesh), sched, opts, progress=progress)
