"""``sselab sweep cost-mc|composition-grid|phasefield-map``: parameter sweeps, here or on Dask.

* ``sselab sweep cost-mc LZACO --route Li2CO3 --n 20000 --chunks 8 --workers 2`` — Monte-Carlo
  percentiles of the cost (USD/L), the samples drawn in independent seeded chunks;
* ``sselab sweep composition-grid --route Li2CO3 --density-g-cm3 2.15 --milling-h 4 --workers 2 --out grid.csv`` — composition
  facts and cost per litre over the x Li2O·(1−y) ZrCl4·y AlCl3 design space;
* ``sselab sweep phasefield-map --h-range 0.1:3:4 --e-range 1:40:4 --workers 2 --db map.sqlite
  --out mapdir`` — the phase-field compliance map (interface detachment onset SoC over E, H),
  one task per grid point, stored in the results database as points finish; a re-run skips
  the stored points; the literature electrolytes are placed on the map (mapdir/map.svg).

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
    p = sub.add_parser("sweep", help="cost Monte-Carlo, composition-grid and phase-field "
                       "compliance-map sweeps (Dask-ready)",
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
    f = vs.add_parser("phasefield-map",
                      help="phase-field compliance map over (E, H) into a results database")
    f.add_argument("--h-range", default="0.1:3:4", metavar="LO:HI:N",
                   help="hardness grid, GPa, log-spaced (default: %(default)s)")
    f.add_argument("--e-range", default="1:40:4", metavar="LO:HI:N",
                   help="Young's modulus grid, GPa, log-spaced (default: %(default)s)")
    f.add_argument("--mesh-size-um", type=float, default=1.0, metavar="UM",
                   help="element size at the interface, µm (default %(default)s: coarse "
                        "screening; 0.25 = ℓ/2 as 'sselab phasefield map')")
    f.add_argument("--steps", type=int, default=10, help="nominal SoC steps per run "
                   "(default: %(default)s)")
    f.add_argument("--params", metavar="FILE.toml", help="interface parameter set "
                   "(default: the packaged fem/interface_hu2026)")
    f.add_argument("--db", required=True, metavar="FILE.sqlite", help="results database")
    f.add_argument("--timeout-s", type=float, metavar="S",
                   help="a grid point running longer is recorded as failed")
    f.add_argument("--retry-failed", action="store_true",
                   help="re-run grid points that failed in an earlier run")
    f.add_argument("--out", metavar="DIR", help="write map.json, map.svg and map.png")
    _dask_opts(f)
    f.set_defaults(func=_phasefield_map)
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


def _range(text: str, name: str) -> tuple[float, float, int]:
    from sselab.errors import InputError

    try:
        lo, hi, n = text.split(":")
        return float(lo), float(hi), int(n)
    except ValueError:
        raise InputError(f"{name} must look like LO:HI:N (e.g. 0.1:3:4), got {text!r}") from None


def _phasefield_map(args: argparse.Namespace) -> int:
    import sys

    from sselab.batch.phasefield import map_figure, phasefield_map_sweep
    from sselab.batch.plan import check_timeout

    e = _range(args.e_range, "--e-range")
    h = _range(args.h_range, "--h-range")
    timeout_s = check_timeout(args.timeout_s, "--timeout-s")
    ex = (f"dask:{args.scheduler}" if args.scheduler else
          f"dask-local:{args.workers}" if args.workers is not None else "sequential")
    res = _with_client(args, lambda c: phasefield_map_sweep(
        args.db, e, h, mesh_size_um=args.mesh_size_um, steps=args.steps, params=args.params,
        client=c, timeout_s=timeout_s, retry_failed=args.retry_failed, executor=ex))
    doc = res.as_dict()
    if args.out:
        from pathlib import Path

        from sselab.cli._common import to_json
        from sselab.plot.svg import save_png, to_svg

        d = Path(args.out)
        d.mkdir(parents=True, exist_ok=True)
        (d / "map.json").write_text(to_json(doc), encoding="utf-8")
        fig, alt = map_figure(res.E_GPa, res.H_GPa, res.onset_soc, res.keeps_contact,
                              res.electrolytes)
        save_png(fig, str(d / "map.png"))
        (d / "map.svg").write_text(to_svg(fig), encoding="utf-8")
        doc["figure_alt"] = alt
    if args.json:
        from sselab.cli._common import print_json

        print_json(doc)
    else:
        s = res.summary
        print(f"phase-field map {len(res.E_GPa)} × {len(res.H_GPa)} points: {s.n_analysed} "
              f"computed, {s.n_skipped} skipped (stored before), {s.n_failed} failed; "
              f"{s.seconds:.1f} s; database {args.db} (run {s.run_id})"
              + (f"; wrote {args.out}/map.svg" if args.out else ""))
        for err in s.errors[:10]:
            print(f"  failed: {err.splitlines()[0]}", file=sys.stderr)
        for q in res.electrolytes:
            o = q["predicted_onset_soc"]
            v = ("outside the map" if not q["inside_map"] else
                 "keeps contact to SoC 1" if q["keeps_contact_to_soc1"] else
                 "not predicted (a grid point around it is missing)" if o is None else
                 f"detaches from SoC ≈ {o:.2f}")
            print(f"  {q['name']:<28s} E = {q['modulus_GPa']:7.3g} GPa  H = "
                  f"{q['hardness_GPa']:6.3g} GPa  {v}")
    return 3 if res.summary.n_failed else 0
