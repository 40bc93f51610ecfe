"""AT2 homogeneous bar: peak stress equals (3√3/16)·√(E·Gc/ℓ); damage never decreases."""

from __future__ import annotations

import numpy as np
import pytest

from sselab.fem.degradation import at1_critical_stress_Pa, at2_critical_stress_Pa
from sselab.fem.geometry import bar_mesh
from sselab.fem.loading import DISPLACEMENT
from sselab.fem.materials import RegionMaterial
from sselab.fem.solver import PhaseFieldProblem, SolverOptions, solve


def _bar(model: str = "AT2", E: float = 1.0, Gc: float = 1.0, ell: float = 0.1, k: float = 0.0):
    m = bar_mesh(1.0, 0.1, 20, 2)
    left, right = m.nodes("left"), m.nodes("right")
    dofs = np.concatenate([2 * left, 2 * right, [2 * left[0] + 1]])
    vals = np.concatenate([np.zeros(left.size), np.ones(right.size), [0.0]])

    def react(pb, st, R):
        return {"stress": float(R[2 * right].sum()) / 0.1}

    mat = RegionMaterial("bar", E, 0.0, Gc)
    return PhaseFieldProblem(m, (mat,), ell, DISPLACEMENT, dofs, vals, model=model, split="none",
                             residual_stiffness=k, plasticity=False, observers=(react,))


def test_at2_critical_stress_within_1_percent():
    pb = _bar()
    phis = []
    r = solve(pb, np.linspace(0, 3, 301)[1:], SolverOptions(tol=1e-8, adaptive=False, max_staggered=2000),
              on_step=lambda st, s, f: phis.append(st.phi.copy()))
    peak = r.series("stress").max()
    expected = at2_critical_stress_Pa(1.0, 1.0, 0.1)
    assert peak == pytest.approx(expected, rel=0.01)
    # the homogeneous solution: uniform damage, never decreasing
    phis = np.array(phis)
    assert np.all(np.diff(phis, axis=0) >= -1e-14)
    assert np.ptp(phis[-1]) < 1e-6


def test_at1_elastic_until_critical_stress():
    pb = _bar("AT1", k=1e-9)
    r = solve(pb, np.linspace(0, 3.0, 301)[1:], SolverOptions(tol=1e-8, adaptive=False, max_staggered=2000))
    sc = at1_critical_stress_Pa(1.0, 1.0, 0.1)
    s = r.series("stress")
    phi_max = r.series("max_phi")
    elastic = r.loads < 0.98 * sc  # strain = load (L = 1, E = 1)
    assert np.all(phi_max[elastic] < 1e-10)
    assert s.max() == pytest.approx(sc, rel=0.01)


def test_anderson_and_plain_agree():
    pb = _bar()
    sched = np.linspace(0, 2.5, 51)[1:]
    a = solve(pb, sched, SolverOptions(tol=1e-9, adaptive=False, acceleration="anderson", max_staggered=3000))
    b = solve(pb, sched, SolverOptions(tol=1e-9, adaptive=False, acceleration="none", max_staggered=3000))
    np.testing.assert_allclose(a.series("stress"), b.series("stress"), rtol=1e-6, atol=1e-9)
    assert a.total_staggered_iterations <= b.total_staggered_iterations
