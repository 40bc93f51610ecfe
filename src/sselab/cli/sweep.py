"""``sselab sweep cost-mc|composition-grid``: parameter sweeps, here or on Dask.

* ``sselab sweep cost-mc LZACO --route Li2CO3 --n 20000 --chunks 8 --workers 2`` — Monte-Carlo
  percentiles of the cost (USD/L), the samples drawn in independent seeded chunks;
* ``sselab sweep composition-grid --route Li2CO3 --density-g-cm3 2.15 --milling-h 4 --workers 2 --out grid.csv`` — composition
  facts and cost per litre over the x Li2O·(1−y) ZrCl4·y AlCl3 design space.

``--workers N`` starts a local Dask cluster of N processes, ``--scheduler ADDRESS`` uses an
existing one (both need ``pip install 'sselab[dask]'``); without them the sweep runs here.
Results do not depend on the number of workers.
"""

from __future__ import annotations

import argparse


def _dask_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, metavar="N", help="local Dask cluster of N processes")
    p.add_argument("--scheduler", metavar="ADDRESS", help="existing Dask scheduler")
    p.add_argument("--json", action="store_true", help="print JSON")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sweep", help="cost Monte-Carlo and composition-grid sweeps (Dask-ready)",
                       description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    vs = p.add_subparsers(dest="sweep_command", metavar="VERB", parser_class=type(p))
    m = vs.add_parser("cost-mc", help="Monte-Carlo percentiles of the cost per litre")
    m.add_argument("material", nargs="?", default="LZACO")
    m.add_argument("--route", default=None)
    m.add_argument("--milling-h", type=float, default=None)
    m.add_argument("--n", type=int, default=20_000, help="samples (default: %(default)s)")
    m.add_argument("--chunks", type=int, default=8, help="tasks (default: %(default)s)")
    m.add_argument("--seed", type=int, default=20260108)
    _dask_opts(m)
    m.set_defaults(func=_cost_mc)
    g = vs.add_parser("composition-grid", help="composition facts and cost over (x, y)")
    g.add_argument("--family", default="LZACO")
    g.add_argument("--route", default="Li2CO3")
    g.add_argument("--x-range", type=float, nargs=2, default=(1.0, 1.8), metavar=("MIN", "MAX"))
    g.add_argument("--y-range", type=float, nargs=2, default=(0.2, 0.5), metavar=("MIN", "MAX"))
    g.add_argument("--x-step", type=float, default=0.1)
    g.add_argument("--y-step", type=float, default=0.05)
    g.add_argument("--milling-h", type=float, default=None)
    g.add_argument("--density-g-cm3", type=float, default=None,
                   help="product density used at every grid point (needed off the paper's "
                        "compositions)")
    g.add_argument("--out", metavar="FILE.csv", help="write the grid as CSV")
    _dask_opts(g)
    g.set_defaults(func=_grid)
    p.set_defaults(func=lambda args: (p.print_help(), 0)[1])


def _with_client(args: argparse.Namespace, fn):  # type: ignore[no-untyped-def]
    from sselab.errors import InputError

    if args.workers is not None and args.scheduler:
        raise InputError("give --workers or --scheduler, not both")
    if args.workers is None and not args.scheduler:
        return fn(None)
    from sselab.batch.executor import dask_client

    with dask_client(args.workers, args.scheduler) as client:
        return fn(client)


def _cost_mc(args: argparse.Namespace) -> int:
    from sselab.batch.sweeps import cost_monte_carlo_sweep

    res = _with_client(args, lambda c: cost_monte_carlo_sweep(
        args.material, args.route, args.milling_h, args.n, args.chunks, args.seed, c))
    if args.json:
        from sselab.cli._common import print_json

        print_json(res)
    else:
        print(f"{res['material']} ({res['route'] or 'default route'}): n = {res['n']} in "
              f"{res['chunks']} chunks: P5 {res['P5_USD_per_L']:.2f}, P50 "
              f"{res['P50_USD_per_L']:.2f}, P95 {res['P95_USD_per_L']:.2f} USD/L "
              f"(mean {res['mean_USD_per_L']:.2f})")
    return 0


def _grid(args: argparse.Namespace) -> int:
    from sselab.batch.sweeps import composition_grid_sweep

    recs = _with_client(args, lambda c: composition_grid_sweep(
        args.family, args.route, tuple(args.x_range), tuple(args.y_range), args.x_step,
        args.y_step, args.milling_h, args.density_g_cm3, c))
    if args.out:
        import csv

        with open(args.out, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(recs[0]))
            w.writeheader()
            w.writerows(recs)
    if args.json:
        from sselab.cli._common import print_json

        print_json(recs)
    else:
        best = min(recs, key=lambda r: r["total_USD_per_L"])
        print(f"{len(recs)} compositions; cheapest: x = {best['x']:g}, y = {best['y']:g} "
              f"({best['formula']}) {best['total_USD_per_L']:.2f} USD/L"
              + (f"; wrote {args.out}" if args.out else ""))
    return 0
