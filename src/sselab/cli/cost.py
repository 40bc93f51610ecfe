"""``sselab cost``: production cost (raw materials + processing) of a solid electrolyte.

Examples::

    sselab cost LZACO --route Li2CO3 --milling-h 4 --json
    sselab cost Li2ZrCl6                       # single route (2 LiCl + ZrCl4), 45 h
    sselab cost LZACO --route Li2O --x 1.2 --y 0.3 --density-g-cm3 2.2 --milling-h 20
    sselab cost LZACO --route Li2CO3 --sensitivity --monte-carlo 20000 --plot figs/

Materials with a single route (Li2ZrCl6) need no ``--route``; a route that the
material does not have is refused (exit 2) rather than ignored.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sselab.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "cost",
        help="production cost of a solid electrolyte in USD/kg and USD/L (Hu et al. 2026 model)",
        description=(
            "Raw-materials + processing cost of a solid electrolyte, per kg and per litre, "
            "with the cost model of Hu et al. (Nat. Commun. 2026, Methods 'Cost analysis'). "
            "All inputs come from a parameter set (default: the packaged cost/lzaco_2026, "
            "which reproduces the paper). Known materials: LZACO (routes Li2O, Li2CO3) and "
            "Li2ZrCl6 (single route LiCl; --route may be omitted). Family members "
            "x Li2O.(1-y) ZrCl4.y AlCl3 are costed with --x/--y (give --density-g-cm3 and "
            "--milling-h unless they match a named material)."
        ),
    )
    p.add_argument("material", metavar="MATERIAL",
                   help="material name or alias (LZACO, Li2ZrCl6, LZC, ...; case-insensitive)")
    p.add_argument("--route", metavar="ROUTE",
                   help="synthesis route (LZACO: Li2O or Li2CO3; Li2ZrCl6: LiCl, optional)")
    p.add_argument("--milling-h", type=float, metavar="H",
                   help="effective milling time in h (default: the route's time in the set)")
    p.add_argument("--params", metavar="FILE",
                   help="cost parameter file (TOML) instead of the packaged cost/lzaco_2026")
    p.add_argument("--x", type=float, metavar="X", help="family composition: mol Li2O (or Li2CO3)")
    p.add_argument("--y", type=float, metavar="Y", help="family composition: AlCl3 fraction, 0..1")
    p.add_argument("--density-g-cm3", type=float, metavar="D",
                   help="density of the product in g/cm3 (overrides the parameter set)")
    p.add_argument("--price", action="append", default=[], metavar="PRECURSOR=USD_PER_KG",
                   help="replace a precursor price (repeatable), e.g. --price ZrCl4=12.5")
    p.add_argument("--sensitivity", action="store_true",
                   help="one-at-a-time ±STEP sensitivity of the total USD/L (tornado table)")
    p.add_argument("--step", type=float, default=0.2, metavar="F",
                   help="relative step of --sensitivity (default: %(default)s = ±20 %%)")
    p.add_argument("--top", type=int, default=12, metavar="N",
                   help="rows of the tornado table shown (default: %(default)s)")
    p.add_argument("--monte-carlo", type=int, metavar="N",
                   help="Monte-Carlo with N samples: P5/P50/P95 of the total USD/L")
    p.add_argument("--seed", type=int, default=20260108,
                   help="seed of the Monte-Carlo generator (default: %(default)s)")
    p.add_argument("--plot", metavar="DIR",
                   help="write PNG figures (processing vs time, cost bars, tornado) to DIR")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=run)


def _prices(items: list[str]) -> tuple[tuple[str, float], ...]:
    out = []
    for item in items:
        name, sep, val = item.partition("=")
        try:
            v = float(val)
        except ValueError:
            v = float("nan")
        if not sep or not name.strip() or v != v:
            raise InputError(f"--price wants PRECURSOR=USD_PER_KG (e.g. ZrCl4=12.5), got {item!r}")
        if not v > 0:
            raise InputError(f"price of {name.strip()} must be > 0 USD/kg, got {val}")
        out.append((name.strip(), v))
    return tuple(out)


def run(args: argparse.Namespace) -> int:
    from sselab.cli._common import print_json
    from sselab.cost import (
        CostCase,
        default_parameters,
        evaluate,
        monte_carlo,
        reference_cases,
        threshold,
        tornado,
    )
    from sselab.errors import DataError
    from sselab.parameters import load_parameter_set

    if args.monte_carlo is not None and args.monte_carlo < 10:
        raise InputError(f"--monte-carlo needs at least 10 samples, got {args.monte_carlo}")
    if args.top < 1:
        raise InputError(f"--top must be >= 1, got {args.top}")
    params = load_parameter_set(args.params) if args.params else default_parameters()
    case = CostCase(
        args.material,
        route=args.route,
        milling_time_h=args.milling_h,
        density_g_per_cm3=args.density_g_cm3,
        x=args.x,
        y=args.y,
        prices_USD_per_kg=_prices(args.price),
    )
    result = evaluate(params, case)
    try:
        thr = threshold(params)
    except DataError:
        thr = None
    refs = []
    for rc in reference_cases(params):
        r = evaluate(params, rc.case)
        refs.append((rc, r))
    sens = tornado(params, case, args.step) if (args.sensitivity or args.plot) else None
    mc = monte_carlo(params, case, args.monte_carlo, args.seed) if args.monte_carlo else None
    plots = _write_plots(Path(args.plot), params, case, result, refs, thr, sens) if args.plot else []

    if args.json:
        doc: dict[str, Any] = result.as_dict()
        doc["threshold"] = None if thr is None else {
            **thr.as_dict(), "case_fraction_of_threshold": result.total_USD_per_L / thr.USD_per_L,
            "case_below_threshold": bool(result.total_USD_per_L < thr.USD_per_L)}
        doc["reference_cases"] = [_ref_dict(rc, r) for rc, r in refs]
        if args.sensitivity and sens is not None:
            doc["sensitivity"] = sens.as_dict()
        if mc is not None:
            doc["monte_carlo"] = mc.as_dict()
        doc["plots"] = plots
        doc["parameter_file"] = {"id": params.id, "origin": params.origin, "sha256": params.sha256}
        print_json(doc)
        return 0
    _print_human(result, thr, refs, sens if args.sensitivity else None, mc, args.top, params)
    for path in plots:
        print(f"wrote {path}")
    return 0


def _ref_dict(rc: Any, r: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": rc.id, "material": r.material, "route": r.route,
                           "milling_time_h": r.milling_time_h}
    for k in ("raw", "processing", "total"):
        v = float(getattr(r, f"{k}_USD_per_L"))
        out[f"{k}_USD_per_L"] = v
        if k in rc.paper_USD_per_L:
            p = rc.paper_USD_per_L[k]
            out[f"paper_{k}_USD_per_L"] = p
            out[f"{k}_rel_error"] = v / p - 1
    return out


def _print_human(result: Any, thr: Any, refs: list, sens: Any, mc: Any, top: int,
                 params: Any) -> None:
    r = result
    proc = r.processing
    print(f"{r.label}: {r.formula}   [parameter set {params.id}]")
    loss = r.raw.mass_loss_fraction
    print(f"recipe: {r.recipe.label()}" + (f"  (mass lost as gas: {loss:.2%})" if loss else ""))
    print(f"effective milling {float(r.milling_time_h):g} h (mills working "
          f"{float(proc.working_time_h):.3g} h, batch {float(proc.batch_time_h):.3g} h), "
          f"density {float(r.density_g_per_cm3):.4g} g/cm3, {float(proc.batch_product_kg):.4g} kg "
          f"per batch")
    print()
    print(f"{'':22s}{'USD/kg':>10s}{'USD/L':>10s}")
    for name, k in (("raw materials", "raw"), ("processing", "processing"), ("total", "total")):
        print(f"{name:22s}{float(getattr(r, f'{k}_USD_per_kg')):10.2f}"
              f"{float(getattr(r, f'{k}_USD_per_L')):10.2f}")
    print()
    print("raw materials by precursor (USD/L):  " + ", ".join(
        f"{k} {float(v):.2f}" for k, v in r.raw_by_precursor_USD_per_L().items()))
    print("processing per batch (USD):  " + ", ".join(
        f"{k.removesuffix('_USD').replace('_', ' ')} {float(v):.2f}"
        for k, v in proc.items().items()) + f";  total {float(proc.total_USD_per_batch):.2f}")
    print("processing components (USD/L):  " + ", ".join(
        f"{k} {float(v):.2f}" for k, v in r.processing_components_USD_per_L().items()))
    if thr is not None:
        frac = float(r.total_USD_per_L / thr.USD_per_L)
        where = "below" if frac < 1 else "above"
        print()
        print(f"threshold: {float(thr.cost_USD_per_kg):.2f} USD/kg x "
              f"{float(thr.density_g_per_cm3):.3f} g/cm3 ({thr.material}) = "
              f"{float(thr.USD_per_L):.2f} USD/L; this case is {frac:.0%} of it ({where})")
    if refs:
        print()
        print("reference cases (Hu et al. 2026; computed vs paper, USD/L):")
        print(f"  {'case':16s}{'h':>5s}{'raw':>9s}{'paper':>8s}{'proc.':>9s}{'paper':>8s}"
              f"{'total':>9s}{'paper':>8s}{'err':>8s}")
        for rc, rr in refs:
            p = rc.paper_USD_per_L
            err = float(rr.total_USD_per_L) / p["total"] - 1 if "total" in p else float("nan")
            print(f"  {rc.id:16s}{float(rr.milling_time_h):5g}"
                  f"{float(rr.raw_USD_per_L):9.2f}{p.get('raw', float('nan')):8.2f}"
                  f"{float(rr.processing_USD_per_L):9.2f}{p.get('processing', float('nan')):8.2f}"
                  f"{float(rr.total_USD_per_L):9.2f}{p.get('total', float('nan')):8.2f}"
                  f"{err:+8.2%}")
    if sens is not None:
        print()
        print(f"one-at-a-time sensitivity of the total (±{sens.rel_step:.0%}), base "
              f"{sens.base_output:.2f} USD/L; top {min(top, len(sens.rows))} of {len(sens.rows)}:")
        print(f"  {'parameter':44s}{'kind':>11s}{'-step':>9s}{'+step':>9s}{'swing':>8s}")
        for row in sens.top(top):
            print(f"  {row.name:44s}{row.kind:>11s}{row.output_at_low:9.2f}"
                  f"{row.output_at_high:9.2f}{row.swing:8.2f}")
    if mc is not None:
        print()
        t = mc.total_USD_per_L
        print(f"Monte Carlo ({mc.n} samples, seed {mc.seed}, "
              f"{sum(d.dist != 'fixed' for d in mc.distributions)} inputs varied): total USD/L "
              f"P5 {t[5.0]:.2f}, P50 {t[50.0]:.2f}, P95 {t[95.0]:.2f}; "
              f"P(total < threshold) = {mc.probability_below_threshold:.1%}")


def _write_plots(out: Path, params: Any, case: Any, result: Any, refs: list, thr: Any,
                 sens: Any) -> list[str]:
    import numpy as np

    from sselab.cost import evaluate
    from sselab.plot.cost import cost_bars_figure, processing_vs_time_figure, tornado_figure
    from sselab.plot.svg import save_png

    out.mkdir(parents=True, exist_ok=True)
    t_max = max(50.0, 1.5 * float(result.milling_time_h))
    times = np.linspace(0.25, t_max, 200)
    curve = evaluate(params, _with_time(case, 1.0), {"case.milling_time_h": times})
    marks = [(f"{float(result.milling_time_h):g} h", float(result.milling_time_h),
              float(result.processing_USD_per_L))]
    paths = []
    fig = processing_vs_time_figure(curve, marks)
    paths.append(str(out / "processing_vs_time.png"))
    save_png(fig, paths[-1])
    labels = [f"{r.material}\n({r.route}, {float(r.milling_time_h):g} h)" for _, r in refs]
    raw = [float(r.raw_USD_per_L) for _, r in refs]
    proc = [float(r.processing_USD_per_L) for _, r in refs]
    if not any(r.label == result.label and float(r.milling_time_h) == float(result.milling_time_h)
               and float(r.total_USD_per_L) == float(result.total_USD_per_L) for _, r in refs):
        labels.append(f"this case\n{result.label[:24]}")
        raw.append(float(result.raw_USD_per_L))
        proc.append(float(result.processing_USD_per_L))
    fig = cost_bars_figure(labels, raw, proc, None if thr is None else float(thr.USD_per_L))
    paths.append(str(out / "cost_bars.png"))
    save_png(fig, paths[-1])
    if sens is not None:
        fig = tornado_figure(sens)
        paths.append(str(out / "tornado.png"))
        save_png(fig, paths[-1])
    return paths


def _with_time(case: Any, t: float) -> Any:
    from dataclasses import replace

    return replace(case, milling_time_h=t)
