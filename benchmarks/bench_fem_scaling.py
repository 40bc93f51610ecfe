"""Benchmark: time per staggered iteration and peak memory vs degrees of freedom (10⁴ … 10⁶).

Run from the repository root::

    OMP_NUM_THREADS=2 python benchmarks/bench_fem_scaling.py                 # 1e4, 3e4, 1e5, 3e5, 1e6
    OMP_NUM_THREADS=2 python benchmarks/bench_fem_scaling.py --dofs 1e4 1e5 --solver lagged

Each size runs in its own process (so its peak resident memory is its own): the
SENT problem (Miehe 2010 parameters) on a uniform n × n triangle mesh with the
slit, one load step at u = 5.5e-3 mm (damage growing near the notch tip)
followed by the next, with a fixed number of staggered iterations timed
(``--iters``, default 10, no early exit).  Solver ``amg`` = CG preconditioned by one
V-cycle of smoothed-aggregation multigrid (pyamg hierarchy, rigid-body near-nullspace;
fine level always the current matrix, hierarchy rebuilt by the rent-or-buy rule);
``lagged`` = CG preconditioned by the last sparse LDLᵀ factorisation.  Operators come
from the fixed-pattern weighted assembly (``sselab.fem.weighted``).
Prints a table: DOFs, seconds per staggered iteration, seconds per iteration per
10⁵ DOFs, CG iterations per displacement solve, preconditioner builds in the timed
step, peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time


def one(n_dofs: float, solver: str, iters: int) -> dict:
    import numpy as np

    from sselab.fem import solver as S
    from sselab.fem.mesh import tensor_mesh, with_slit
    from sselab.fem.sent import SentSpec, sent_problem

    spec = SentSpec.from_parameters()
    n = int(round((n_dofs / 3) ** 0.5))
    n += n % 2  # a grid line on y = L/2
    x = np.linspace(0.0, spec.size_m, n)
    y = np.linspace(0.0, spec.size_m, n + 1)
    mesh = with_slit(tensor_mesh(x, y), 0.5 * spec.size_m, 0.0, 0.5 * spec.size_m)
    pb = sent_problem(spec, mesh)
    opts = S.SolverOptions(tol=0.0, max_staggered=iters, adaptive=False, linear_solver=solver,
                           raise_on_failure=False)
    t0 = time.perf_counter()
    mdl = S._Model(pb, opts)
    setup = time.perf_counter() - t0
    st = S.initial_state(pb)
    out = S._step(mdl, st, 5.5e-6)  # warm-up step (builds preconditioners)
    st = S.SolverState(5.5e-6, out["u"], out["phi"], out["H"], out["eps_p"])
    cg0, b0, s0 = mdl.lin_u.n_cg, mdl.lin_u.n_factorisations, mdl.lin_u.n_solves
    t0 = time.perf_counter()
    out = S._step(mdl, st, 5.6e-6)
    wall = time.perf_counter() - t0
    rss_GB = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    return {"n_dofs": mesh.n_dofs(), "solver": solver, "setup_s": setup,
            "s_per_iteration": wall / out["iterations"], "iterations": out["iterations"],
            "peak_rss_GB": rss_GB,
            "u_cg_per_solve": (mdl.lin_u.n_cg - cg0) / max(mdl.lin_u.n_solves - s0, 1),
            "u_builds_timed": mdl.lin_u.n_factorisations - b0,
            "phi_cg_per_solve": mdl.lin_phi.n_cg / max(mdl.lin_phi.n_solves, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dofs", nargs="+", type=float, default=[1e4, 3e4, 1e5, 3e5, 1e6])
    ap.add_argument("--solver", default="amg", choices=("amg", "lagged", "direct"))
    ap.add_argument("--iters", type=int, default=10)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(one(a.dofs[0], a.solver, a.iters)))
        return
    rows = []
    for n in a.dofs:
        r = subprocess.run([sys.executable, __file__, "--child", "--dofs", str(n), "--solver", a.solver,
                            "--iters", str(a.iters)], capture_output=True, text=True, check=True)
        rows.append(json.loads(r.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    print(f"\n{'DOFs':>9s} {'solver':>7s} {'s/iter':>8s} {'s/iter per 1e5 DOFs':>20s} {'CG/u-solve':>10s} "
          f"{'builds':>6s} {'peak RSS GB':>12s}")
    for r in rows:
        print(f"{r['n_dofs']:9d} {r['solver']:>7s} {r['s_per_iteration']:8.3f} "
              f"{r['s_per_iteration'] / r['n_dofs'] * 1e5:20.3f} {r['u_cg_per_solve']:10.1f} "
              f"{r['u_builds_timed']:6d} {r['peak_rss_GB']:12.2f}")


if __name__ == "__main__":
    main()
