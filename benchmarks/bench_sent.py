"""Benchmark: SENT phase-field test, sselab vs the DOLFINx reference, side by side.

Run from the repository root (2 threads)::

    OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 python benchmarks/bench_sent.py \
        --dolfinx "/tmp/dfx/bin/python" --out bench_out/sent

Same mesh (``sent_default_mesh(refinement, band)``, default ≈ 30 k DOFs, h = ℓ/3 along
the crack), same 102-step schedule, same staggered tolerance (max|Δφ| ≤ 1e-4).
sselab runs with Anderson acceleration (+ over-relaxed fallback), the step predictor
(each step starts from the extrapolation of the last two) and the lagged-LDLᵀ solver
(CG preconditioned by the last QDLDL factorisation, refactorised by the rent-or-buy rule)
on fixed-pattern weighted assembly, and with plain staggering (no predictor) for the
iteration count; DOLFINx runs
``benchmarks/dolfinx_sent.py`` (plain staggering, MUMPS LU) through the given
interpreter (``LD_LIBRARY_PATH`` is set to its venv's ``lib`` for the mpich wheel).
Prints a table and writes ``sent_benchmark.json`` and ``load_displacement.png``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from sselab.fem.sent import SentSpec, run_sent, sent_default_mesh, sent_schedule
from sselab.fem.solver import SolverOptions

ROOT = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--refinement", type=float, default=1.5)
    ap.add_argument("--band", type=float, default=0.05)
    ap.add_argument("--tol", type=float, default=1e-4)
    ap.add_argument("--dolfinx", metavar="PYTHON", help="interpreter with dolfinx-solver-real")
    ap.add_argument("--skip-plain", action="store_true", help="do not run sselab with plain staggering")
    ap.add_argument("--out", default="bench_out/sent")
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    spec = SentSpec.from_parameters()
    mesh = sent_default_mesh(spec, a.refinement, a.band)
    sched = sent_schedule()
    print(f"mesh: {mesh.n_nodes} nodes, {mesh.n_elements} triangles, {mesh.n_dofs()} DOFs; "
          f"{sched.size} load steps; tol {a.tol}", flush=True)
    rows, curves = [], {}

    def run(label: str, acc: str, predictor: bool) -> None:
        t = time.perf_counter()
        r = run_sent(spec, options=SolverOptions(tol=a.tol, adaptive=False, max_staggered=5000,
                                                 acceleration=acc, linear_solver="lagged",
                                                 predictor=predictor),
                     schedule=sched, mesh=mesh)
        wall = time.perf_counter() - t
        f = r.series("reaction_force_N")
        its = r.series("staggered_iterations")
        rows.append({"solver": label, "n_dofs": mesh.n_dofs(), "wall_s": wall,
                     "iterations": int(its.sum()), "max_iterations_per_step": int(its.max()),
                     "s_per_iteration": wall / its.sum(), "peak_force_N": float(f.max()),
                     "stats": dict(r.stats)})
        curves[label] = (r.loads, f)
        print(json.dumps({k: v for k, v in rows[-1].items() if k != "stats"}), flush=True)

    run("sselab (Anderson + predictor, lagged LDLt)", "anderson", True)
    if not a.skip_plain:
        run("sselab (plain staggering, lagged LDLt)", "none", False)
    if a.dolfinx:
        with tempfile.TemporaryDirectory() as td:
            mpath, jpath = Path(td) / "mesh.npz", Path(td) / "dfx.json"
            np.savez(mpath, points=mesh.p.T, cells=mesh.t.T, schedule=sched, E=spec.E_Pa, nu=spec.nu,
                     Gc=spec.Gc_J_per_m2, ell=spec.length_scale_m, k=spec.residual_stiffness, tol=a.tol,
                     size=spec.size_m, thickness=spec.thickness_m)
            env = dict(os.environ)
            lib = str(Path(a.dolfinx).absolute().parent.parent / "lib")
            env["LD_LIBRARY_PATH"] = lib + os.pathsep + env.get("LD_LIBRARY_PATH", "")
            t = time.perf_counter()
            subprocess.run([a.dolfinx, str(ROOT / "dolfinx_sent.py"), str(mpath), str(jpath)], check=True,
                           env=env)
            d = json.loads(jpath.read_text())
            d["wall_s_including_startup"] = time.perf_counter() - t
            curves["DOLFINx (plain staggering, MUMPS)"] = (np.array(d.pop("loads_m")), np.array(d.pop("forces_N")))
            d.pop("iterations_per_step", None)
            rows.append(d)
    ref = next((r for r in rows if str(r.get("solver", "")).startswith("DOLFINx")), None)
    print(f"\n{'solver':44s} {'DOFs':>7s} {'iters':>6s} {'max/step':>8s} {'s/iter':>7s} {'wall s':>8s} {'peak kN':>8s}")
    for r in rows:
        print(f"{r['solver']:44s} {r['n_dofs']:7d} {r['iterations']:6d} {r['max_iterations_per_step']:8d} "
              f"{r['s_per_iteration']:7.4f} {r['wall_s']:8.1f} {r['peak_force_N'] / 1e3:8.4f}")
    summary = {"rows": rows, "n_dofs": mesh.n_dofs(), "n_steps": int(sched.size), "tol": a.tol,
               "threads": os.environ.get("OMP_NUM_THREADS", "unset")}
    if ref:
        s = rows[0]
        summary["time_ratio_sselab_over_dolfinx"] = s["wall_s"] / ref["wall_s"]
        summary["peak_force_rel_diff"] = s["peak_force_N"] / ref["peak_force_N"] - 1
        print(f"\nsselab/DOLFINx wall-time ratio: {summary['time_ratio_sselab_over_dolfinx']:.3f}; "
              f"peak-force difference {100 * summary['peak_force_rel_diff']:+.2f} %")
    (out / "sent_benchmark.json").write_text(json.dumps(summary, indent=1))
    from sselab.plot.fem import plot_load_displacement
    from sselab.plot.svg import save_png

    save_png(plot_load_displacement(curves), str(out / "load_displacement.png"))
    print(f"wrote {out / 'sent_benchmark.json'} and {out / 'load_displacement.png'}")


if __name__ == "__main__":
    sys.exit(main())
