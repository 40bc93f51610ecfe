"""Reference implementation of the SENT phase-field test in FEniCSx/DOLFINx (not a dependency).

The same model as ``sselab.fem`` on the same mesh and load schedule: P1
displacement and phase field, AT2, no energy split, g = (1 − φ)² + k, history
field H = max(H, ψ) stored per cell (DG0), plain staggered iterations to
max|Δφ| ≤ tol, direct (LU) solves; quadrature degree 2 (exact for P1).

Run with a Python ≥ 3.12 environment that has the ``dolfinx-solver-real``
wheel (plus ``mpich``)::

    python3.12 -m venv /tmp/dfx && /tmp/dfx/bin/pip install dolfinx-solver-real mpich
    LD_LIBRARY_PATH=/tmp/dfx/lib /tmp/dfx/bin/python benchmarks/dolfinx_sent.py MESH.npz OUT.json

``MESH.npz`` (points (N, 2) m, cells (M, 3), schedule (n,) m, E, nu, Gc, ell, k, tol,
size, thickness) is written by ``benchmarks/bench_sent.py``.
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np


def main(mesh_path: str, out_path: str) -> None:
    import basix.ufl
    import dolfinx
    import dolfinx.fem.petsc
    import ufl
    from mpi4py import MPI

    z = np.load(mesh_path)
    pts, cells = z["points"], z["cells"].astype(np.int64)
    E, nu, Gc, ell, k, tol = (float(z[n]) for n in ("E", "nu", "Gc", "ell", "k", "tol"))
    L, th = float(z["size"]), float(z["thickness"])
    sched = z["schedule"]
    comm = MPI.COMM_WORLD
    cel = basix.ufl.element("Lagrange", "triangle", 1, shape=(2,))
    msh = dolfinx.mesh.create_mesh(comm, cells, cel, pts)
    V = dolfinx.fem.functionspace(msh, ("Lagrange", 1, (2,)))
    S = dolfinx.fem.functionspace(msh, ("Lagrange", 1))
    Q = dolfinx.fem.functionspace(msh, ("DG", 0))
    u, phi, phi_prev, H = (dolfinx.fem.Function(V), dolfinx.fem.Function(S), dolfinx.fem.Function(S),
                           dolfinx.fem.Function(Q))
    lam = E * nu / ((1 + nu) * (1 - 2 * nu))
    mu = E / (2 * (1 + nu))

    def eps(w):
        return ufl.sym(ufl.grad(w))

    def sigma0(w):
        return lam * ufl.tr(eps(w)) * ufl.Identity(2) + 2 * mu * eps(w)

    def psi(w):
        return 0.5 * lam * ufl.tr(eps(w)) ** 2 + mu * ufl.inner(eps(w), eps(w))

    dx = ufl.dx(metadata={"quadrature_degree": 2})
    g = (1 - phi) ** 2 + k
    du, v = ufl.TrialFunction(V), ufl.TestFunction(V)
    a_u = g * ufl.inner(sigma0(du), eps(v)) * dx
    zero = dolfinx.fem.Constant(msh, np.zeros(2))
    L_u = ufl.inner(zero, v) * dx
    dp, q = ufl.TrialFunction(S), ufl.TestFunction(S)
    a_p = ((Gc / ell + 2 * H) * dp * q + Gc * ell * ufl.inner(ufl.grad(dp), ufl.grad(q))) * dx
    L_p = 2 * H * q * dx

    fdim = 1
    bot = dolfinx.fem.locate_dofs_geometrical(V, lambda x: np.isclose(x[1], 0.0))
    Vy, _ = V.sub(1).collapse()
    Vx, _ = V.sub(0).collapse()
    top_y = dolfinx.fem.locate_dofs_geometrical((V.sub(1), Vy), lambda x: np.isclose(x[1], L))
    top_x = dolfinx.fem.locate_dofs_geometrical((V.sub(0), Vx), lambda x: np.isclose(x[1], L))
    del fdim
    uy = dolfinx.fem.Constant(msh, 0.0)
    bcs = [dolfinx.fem.dirichletbc(np.zeros(2), bot, V),
           dolfinx.fem.dirichletbc(uy, top_y[0], V.sub(1)),
           dolfinx.fem.dirichletbc(0.0, top_x[0], V.sub(0))]
    opts = {"ksp_type": "preonly", "pc_type": "lu", "pc_factor_mat_solver_type": "mumps"}
    pu = dolfinx.fem.petsc.LinearProblem(a_u, L_u, bcs=bcs, u=u, petsc_options=opts,
                                         petsc_options_prefix="u_")
    pp = dolfinx.fem.petsc.LinearProblem(a_p, L_p, bcs=[], u=phi, petsc_options=opts,
                                         petsc_options_prefix="p_")
    psi_expr = dolfinx.fem.Expression(psi(u), Q.element.interpolation_points)
    Hn = dolfinx.fem.Function(Q)
    # reaction: residual of the u-equation at the top y-dofs
    res_form = dolfinx.fem.form(g * ufl.inner(sigma0(u), eps(v)) * dx)
    top_dofs = top_y[0]
    forces, iters = [], []
    t0 = time.perf_counter()
    tmp = dolfinx.fem.Function(Q)
    for t in sched:
        uy.value = float(t)
        it = 0
        while True:
            it += 1
            pu.solve()
            tmp.interpolate(psi_expr)
            H.x.array[:] = np.maximum(Hn.x.array, tmp.x.array)
            phi_prev.x.array[:] = phi.x.array
            pp.solve()
            err = float(np.max(np.abs(phi.x.array - phi_prev.x.array)))
            if err <= tol or it >= 5000:
                break
        Hn.x.array[:] = H.x.array
        R = dolfinx.fem.petsc.assemble_vector(res_form)
        forces.append(float(R.array[top_dofs].sum()) * th)
        iters.append(it)
    wall = time.perf_counter() - t0
    n_dofs = V.dofmap.index_map.size_global * 2 + S.dofmap.index_map.size_global
    out = {"solver": f"DOLFINx {dolfinx.__version__}, plain staggering, MUMPS LU", "n_dofs": n_dofs,
           "wall_s": wall, "iterations": int(sum(iters)), "max_iterations_per_step": int(max(iters)),
           "s_per_iteration": wall / sum(iters), "peak_force_N": max(forces),
           "loads_m": [float(x) for x in sched], "forces_N": forces, "iterations_per_step": iters}
    with open(out_path, "w") as f:
        json.dump(out, f, indent=1)
    print(json.dumps({k: v for k, v in out.items() if not isinstance(v, list)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
