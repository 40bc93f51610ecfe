"""Fixed-pattern weighted assembly equals the reference assembler; linear solver variants agree."""

from __future__ import annotations

import numpy as np
import pytest

from sselab.fem import linsolve
from sselab.fem.forms import Assembler, P1Geometry
from sselab.fem.linsolve import LinearSolver
from sselab.fem.mesh import tensor_mesh, with_slit
from sselab.fem.split import isotropic_stiffness
from sselab.fem.weighted import WeightedAssembly, element_vector_operator, strain_operator


@pytest.fixture(scope="module")
def mesh():
    return with_slit(tensor_mesh(np.linspace(0, 1, 13), np.linspace(0, 1, 15)), 0.5, 0.0, 0.5)


def _fixed(n: int, idx: np.ndarray) -> np.ndarray:
    f = np.zeros(n, bool)
    f[idx] = True
    return f


def test_weighted_equals_reference_assembly(mesh):
    rng = np.random.default_rng(1)
    geo = P1Geometry.of(mesh)
    n, m = mesh.n_nodes, mesh.n_elements
    C = isotropic_stiffness(np.full(m, 2.0), np.full(m, 1.5))
    K0 = geo.stiffness(C)
    fixed = _fixed(2 * n, np.r_[2 * mesh.nodes("bottom"), 2 * mesh.nodes("top") + 1])
    w = WeightedAssembly(geo.u_dofs, 2 * n, [K0], fixed, dofs_per_node=2)
    ref = Assembler(geo.u_dofs, 2 * n, fixed)
    g = rng.random(m)
    data = w.data(g)
    Kf = w.free_matrix(data)
    Kr = ref.matrix(g[:, None, None] * K0)
    assert abs(Kf - Kr).max() <= 1e-12 * abs(Kr).max()
    assert Kf.has_sorted_indices and Kf.nnz == Kr.nnz
    # full matrix (reactions included) against the full assembler
    full = Assembler(geo.u_dofs, 2 * n).matrix(g[:, None, None] * K0)
    assert abs(w.full_matrix(data) - full).max() <= 1e-12 * abs(full).max()
    # two blocks with a base, as in the phase-field operator
    Mp, Kp = geo.scalar_mass(), geo.scalar_stiffness()
    fphi = _fixed(n, mesh.nodes("top"))
    wp = WeightedAssembly(mesh.t.T, n, [Mp, Kp], fphi)
    H, c = rng.random(m), 0.3
    base = wp.data(None, c)
    A = wp.free_matrix(wp.data(2 * H, None, base=base))
    Ar = Assembler(mesh.t.T, n, fphi).matrix((2 * H)[:, None, None] * Mp + c * Kp)
    assert abs(A - Ar).max() <= 1e-12 * abs(Ar).max()


def test_vector_and_strain_operators(mesh):
    rng = np.random.default_rng(2)
    geo = P1Geometry.of(mesh)
    n, m = mesh.n_nodes, mesh.n_elements
    u = rng.random(2 * n)
    e = (strain_operator(geo.B, geo.u_dofs, 2 * n) @ u).reshape(m, 3)
    np.testing.assert_allclose(e, geo.strain(u)[:, [0, 1, 3]], rtol=1e-12, atol=1e-12)
    fe = rng.random((m, 3))
    w = rng.random(m)
    V = element_vector_operator(mesh.t.T, n, fe)
    ref = Assembler(mesh.t.T, n).vector(w[:, None] * fe)
    np.testing.assert_allclose(V @ w, ref, rtol=1e-12, atol=1e-12)


def _spd_sequence(mesh):
    geo = P1Geometry.of(mesh)
    n, m = mesh.n_nodes, mesh.n_elements
    C = isotropic_stiffness(np.full(m, 1.0), np.full(m, 1.0))
    fixed = _fixed(2 * n, np.r_[2 * mesh.nodes("bottom"), 2 * mesh.nodes("bottom") + 1])
    w = WeightedAssembly(geo.u_dofs, 2 * n, [geo.stiffness(C)], fixed)
    rng = np.random.default_rng(3)
    g = np.ones(m)
    mats = []
    for _ in range(6):  # progressive "damage": a few elements soften by orders of magnitude
        g[rng.integers(0, m, 8)] *= 1e-3
        mats.append(w.free_matrix(w.data(g + 1e-6)))
    return mats, rng.random(w.n_free)


@pytest.mark.parametrize("kind", ["direct", "lagged", "amg"])
def test_solver_variants_agree(mesh, kind):
    mats, b = _spd_sequence(mesh)
    s = LinearSolver(kind, rtol=1e-12, near_nullspace=None)
    for A in mats:
        x = s.solve(A, b)
        assert np.linalg.norm(A @ x - b) <= 1e-9 * np.linalg.norm(b)
    assert s.n_solves == len(mats)


def test_lagged_without_qdldl_uses_superlu(mesh, monkeypatch):
    mats, b = _spd_sequence(mesh)
    monkeypatch.setattr(linsolve, "qdldl", None)
    s = LinearSolver("lagged", rtol=1e-12)
    for A in mats:
        x = s.solve(A, b)
        assert np.linalg.norm(A @ x - b) <= 1e-9 * np.linalg.norm(b)


def test_lagged_reuses_factorisation(mesh):
    mats, b = _spd_sequence(mesh)
    s = LinearSolver("lagged", rtol=1e-10)
    for A in mats:
        s.solve(A, b)
    assert s.n_factorisations < len(mats) and s.n_cg > 0


def test_vcycle_equals_pyamg_preconditioner(mesh):
    pyamg = pytest.importorskip("pyamg")
    mats, b = _spd_sequence(mesh)
    ml = pyamg.smoothed_aggregation_solver(mats[0], symmetry="symmetric", max_coarse=20)
    assert len(ml.levels) > 1
    np.testing.assert_allclose(linsolve._vcycle(ml)(b), ml.aspreconditioner(cycle="V") @ b,
                               rtol=1e-10, atol=1e-12)


def test_node_block_pattern_equals_dof_pattern(mesh):
    geo = P1Geometry.of(mesh)
    n, m = mesh.n_nodes, mesh.n_elements
    K0 = geo.stiffness(isotropic_stiffness(np.full(m, 1.0), np.full(m, 0.7)))
    fixed = _fixed(2 * n, np.r_[2 * mesh.nodes("left") + 1])
    a = WeightedAssembly(geo.u_dofs, 2 * n, [K0], fixed, dofs_per_node=2)
    b = WeightedAssembly(geo.u_dofs, 2 * n, [K0], fixed)
    g = np.random.default_rng(4).random(m)
    np.testing.assert_array_equal(a.indptr, b.indptr)
    np.testing.assert_array_equal(a.indices, b.indices)
    np.testing.assert_allclose(a.data(g), b.data(g), rtol=1e-14, atol=1e-14 * abs(K0).max())
    assert abs(a.free_matrix(a.data(g)) - b.free_matrix(b.data(g))).max() <= 1e-13 * abs(K0).max()
    with pytest.raises(ValueError):
        WeightedAssembly(geo.u_dofs[:, ::-1], 2 * n, [K0], dofs_per_node=2)
