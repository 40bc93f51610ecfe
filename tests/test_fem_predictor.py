"""The step predictor changes only the starting point of the staggered iterations, not the result."""

from __future__ import annotations

import numpy as np

from sselab.fem.geometry import bar_mesh
from sselab.fem.loading import DISPLACEMENT
from sselab.fem.materials import RegionMaterial
from sselab.fem.solver import PhaseFieldProblem, SolverOptions, solve


def _bar() -> PhaseFieldProblem:
    m = bar_mesh(1.0, 0.1, 20, 2)
    left, right = m.nodes("left"), m.nodes("right")
    dofs = np.concatenate([2 * left, 2 * right, [2 * left[0] + 1]])
    vals = np.concatenate([np.zeros(left.size), np.ones(right.size), [0.0]])

    def react(pb, st, R):
        return {"stress": float(R[2 * right].sum()) / 0.1}

    return PhaseFieldProblem(m, (RegionMaterial("bar", 1.0, 0.0, 1.0),), 0.1, DISPLACEMENT, dofs, vals,
                             model="AT2", split="none", residual_stiffness=1e-6, plasticity=False,
                             observers=(react,))


def test_predictor_same_solution_fewer_iterations():
    sched = np.linspace(0, 1.5, 31)[1:]
    base = SolverOptions(tol=1e-7, adaptive=False, max_staggered=2000)
    a = solve(_bar(), sched, base)
    b = solve(_bar(), sched, SolverOptions(tol=1e-7, adaptive=False, max_staggered=2000, predictor=True))
    np.testing.assert_allclose(b.series("stress"), a.series("stress"), rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(b.series("max_phi"), a.series("max_phi"), rtol=1e-4, atol=1e-6)
    assert b.total_staggered_iterations <= a.total_staggered_iterations
    assert np.all(np.diff(b.series("max_phi")) >= -1e-12)
