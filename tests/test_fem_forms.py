"""Element matrices against scikit-fem; assembler; mesh helpers; light import."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from sselab.fem.forms import Assembler, P1Geometry
from sselab.fem.geometry import InterfaceGeometry, interface_mesh
from sselab.fem.mesh import graded_coordinates, tensor_mesh
from sselab.fem.postprocess import detached_fraction
from sselab.fem.split import isotropic_stiffness


def _mesh():
    return tensor_mesh(np.array([0.0, 0.3, 0.7, 1.0]), np.array([0.0, 0.4, 1.0]))


def test_elasticity_matrix_matches_scikit_fem():
    from skfem import Basis, ElementTriP1, ElementVector, MeshTri, asm
    from skfem.models.elasticity import lame_parameters, linear_elasticity

    m = _mesh()
    E, nu = 3.0, 0.3
    lam, mu = lame_parameters(E, nu)
    geo = P1Geometry.of(m)
    D = isotropic_stiffness(np.full(m.n_elements, lam), np.full(m.n_elements, mu))
    asm_u = Assembler(geo.u_dofs, 2 * m.n_nodes)
    K = asm_u.matrix(geo.stiffness(D)).toarray()
    sk = MeshTri(m.p, m.t)
    basis = Basis(sk, ElementVector(ElementTriP1()))
    Ks = asm(linear_elasticity(lam, mu), basis).toarray()
    # scikit-fem orders vector DOFs node-wise interleaved for ElementVector(P1)
    perm = basis.nodal_dofs.T.ravel()
    np.testing.assert_allclose(K, Ks[np.ix_(perm, perm)], rtol=1e-12, atol=1e-12)


def test_scalar_matrices_match_scikit_fem():
    from skfem import Basis, ElementTriP1, MeshTri, asm
    from skfem.models.poisson import laplace, mass

    m = _mesh()
    geo = P1Geometry.of(m)
    a = Assembler(m.t.T, m.n_nodes)
    basis = Basis(MeshTri(m.p, m.t), ElementTriP1())
    np.testing.assert_allclose(a.matrix(geo.scalar_stiffness()).toarray(), asm(laplace, basis).toarray(),
                               atol=1e-12)
    np.testing.assert_allclose(a.matrix(geo.scalar_mass()).toarray(), asm(mass, basis).toarray(), atol=1e-12)


def test_assembler_eliminates_fixed_dofs():
    m = _mesh()
    geo = P1Geometry.of(m)
    fixed = np.zeros(m.n_nodes, bool)
    fixed[[0, 3]] = True
    full = Assembler(m.t.T, m.n_nodes).matrix(geo.scalar_stiffness()).toarray()
    red = Assembler(m.t.T, m.n_nodes, fixed).matrix(geo.scalar_stiffness()).toarray()
    free = np.flatnonzero(~fixed)
    np.testing.assert_allclose(red, full[np.ix_(free, free)])


def test_graded_coordinates_hit_breaks_and_sizes():
    x = graded_coordinates([0.0, 0.5, 1.0], [0.1, 0.01, 0.1], max_size=0.1)
    assert x[0] == 0 and x[-1] == 1 and np.any(np.isclose(x, 0.5))
    h = np.diff(x)
    assert h.min() == pytest.approx(0.01, rel=0.15)
    assert np.all(h[1:] / h[:-1] < 1.6) and np.all(h[1:] / h[:-1] > 1 / 1.6)


def test_interface_mesh_regions_and_slit():
    g = InterfaceGeometry(length_m=20e-6, electrolyte_thickness_m=5e-6, interface_thickness_m=2e-6,
                          composite_thickness_m=5e-6, notch_length_m=3e-6, fine_size_m=0.5e-6,
                          coarse_size_m=2e-6)
    m = interface_mesh(g)
    assert m.region_names == ("electrolyte", "interface", "composite")
    assert np.all(m.areas_m2() > 0)
    assert m.nodes("slit_upper").size == m.nodes("slit_lower").size > 0
    line = m.nodes("interface_line")
    assert np.all(np.diff(m.p[0, line]) > 0)
    assert m.p[0, line[0]] == pytest.approx(3e-6) and m.p[0, line[-1]] == pytest.approx(20e-6)
    area = {r: m.areas_m2()[m.region_mask(r)].sum() for r in m.region_names}
    assert area["interface"] == pytest.approx(20e-6 * 2e-6, rel=1e-9)


def test_detached_fraction_interpolates():
    x = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    assert detached_fraction(x, np.array([1, 1, 0.95, 0, 0]), 0.95) == pytest.approx(0.5)
    assert detached_fraction(x, np.array([1, 1, 1, 0.9, 0]), 0.95) == pytest.approx((2 + 0.5) / 4)
    assert detached_fraction(x, np.zeros(5), 0.95) == 0.0


def test_import_sselab_does_not_import_scikit_fem():
    code = "import sys, sselab, sselab.fem; print('skfem' in sys.modules, 'pyamg' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"
