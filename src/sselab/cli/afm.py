"""``sselab afm FILE``: Young's modulus from AFM force curves (Hertz, DMT, JKR) and force maps."""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

from sselab.errors import FitError, InputError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "afm",
        help="AFM force curves: Hertz/DMT/JKR modulus, adhesion, Tabor check, force maps",
        description=(
            "Fits a contact model to AFM force-distance curves (JPK .jpk-force/.jpk-force-map, "
            "Asylum .ibw, CSV/TSV text, sselab .npz force maps) and reports Young's modulus, "
            "adhesion, the fit window used, the Tabor parameter and |F_adh/F_max| with warnings "
            "when the model is outside its validity. Sign conventions: force positive repulsive, "
            "tip position s = z - F/k towards the sample, indentation positive into the sample. "
            "Exit status 0 when at least one curve was fitted, 3 when none could be, "
            "2 for bad input."
        ),
    )
    p.add_argument("file", help="force-curve or force-map file")
    p.add_argument("--model", choices=("hertz", "dmt", "jkr"), default="dmt",
                   help="contact model (default: %(default)s)")
    p.add_argument("--geometry", choices=("paraboloid", "cone", "pyramid", "pyramid4"),
                   default="paraboloid",
                   help="tip shape; pyramid = three-sided (JPK/nanite), pyramid4 = four-sided "
                        "(default: %(default)s)")
    p.add_argument("--tip-radius-nm", type=float, metavar="R",
                   help="tip radius, nm (paraboloid; required for it)")
    p.add_argument("--half-angle-deg", type=float, metavar="A",
                   help="cone half-angle / pyramid face half-angle, degrees (cone, pyramid)")
    p.add_argument("--nu", type=float, default=0.3, metavar="NU",
                   help="sample Poisson ratio (default: %(default)s)")
    p.add_argument("--segment", choices=("approach", "retract"),
                   help="segment to fit (default: approach for hertz, retract for dmt/jkr)")
    p.add_argument("--baseline", choices=("tilt", "offset", "none"), default="tilt",
                   help="baseline subtracted from the non-contact part (default: %(default)s)")
    win = p.add_mutually_exclusive_group()
    win.add_argument("--window-force", type=float, nargs=2, metavar=("LO", "HI"),
                     help="fit points between LO and HI (fractions 0-1) of the force range from "
                          "the contact point to the maximum")
    win.add_argument("--window-depth-nm", type=float, nargs=2, metavar=("LO", "HI"),
                     help="fit tip positions LO..HI nm beyond the detected contact point")
    win.add_argument("--contact-factor", type=float, metavar="K",
                     help="fit the last K x the contact part (3 = JPK/nanite crop; the hertz "
                          "default)")
    p.add_argument("--adhesion", choices=("fit", "measured"), default="fit",
                   help="DMT: fit F_adh or hold it at the measured pull-off (default: %(default)s)")
    p.add_argument("--spring-constant", type=float, metavar="K_N_PER_M",
                   help="override the file's cantilever spring constant, N/m")
    p.add_argument("--json", action="store_true", help="results as JSON")
    p.add_argument("--plot", metavar="FILE.svg", help="write the (first) curve with its fit")
    p.add_argument("--map", metavar="OUT.png",
                   help="fit the file as a force map and write modulus/adhesion maps + histogram")
    p.set_defaults(func=run)


def _tip(args: argparse.Namespace) -> Any:
    from sselab.mechanics.afm.tip import TipGeometry

    if args.geometry == "paraboloid":
        if args.tip_radius_nm is None:
            raise InputError("a paraboloid tip needs --tip-radius-nm (e.g. 8 for an RTESPA-300)")
        return TipGeometry("paraboloid", radius_m=args.tip_radius_nm * 1e-9)
    if args.half_angle_deg is None:
        raise InputError(f"a {args.geometry} tip needs --half-angle-deg")
    return TipGeometry(args.geometry, half_angle_deg=args.half_angle_deg)


def _window(args: argparse.Namespace) -> Any:
    from sselab.mechanics.afm.window import WindowSpec

    if args.window_force:
        return WindowSpec.force(*args.window_force)
    if args.window_depth_nm:
        lo, hi = args.window_depth_nm
        return WindowSpec.depth(lo * 1e-9, hi * 1e-9)
    if args.contact_factor is not None:
        return WindowSpec.contact_factor(args.contact_factor)
    return None


def run(args: argparse.Namespace) -> int:
    from sselab.io.mechanics.afm import read_force_curves, read_force_map

    tip = _tip(args)
    window = _window(args)
    opts = dict(tip=tip, poisson_ratio=args.nu, segment=args.segment, baseline=args.baseline,
                window=window, adhesion=args.adhesion)
    if args.map or str(args.file).lower().endswith(".npz"):
        fmap = read_force_map(args.file)
        if args.spring_constant:
            from dataclasses import replace

            fmap = replace(fmap, spring_constant_N_per_m=args.spring_constant)
        return _run_map(args, fmap, opts)
    curves = read_force_curves(args.file, spring_constant_N_per_m=args.spring_constant)
    return _run_curves(args, curves, opts)


def _run_curves(args: argparse.Namespace, curves: list, opts: dict) -> int:
    from sselab.mechanics.afm.fit import fit_curve
    from sselab.mechanics.afm.maps import map_statistics

    fits, failed = [], []
    for c in curves:
        try:
            fits.append(fit_curve(c, args.model, **opts))
        except FitError as exc:
            failed.append({"name": c.name, "reason": str(exc)})
    if not fits and len(curves) == 1:
        raise FitError(failed[0]["reason"])
    st = map_statistics([f.youngs_modulus_Pa for f in fits])
    if args.plot and fits:
        from sselab.plot.mechanics import plot_force_curve

        _save(plot_force_curve(fits[0]), args.plot)
    if args.json:
        from sselab.cli._common import print_json

        print_json({
            "file": str(args.file),
            "options": _options_record(args, opts),
            "results": [f.as_dict() for f in fits],
            "failed": failed,
            "summary": {"E_GPa": {"median": st.median / 1e9, "mean": st.mean / 1e9,
                                  "sd": st.std / 1e9, "iqr": st.iqr / 1e9, "n": st.n_valid},
                        "n_curves": len(curves), "n_failed": len(failed)},
        })
        return 0 if fits else 3
    out = sys.stdout
    for f in fits:
        _print_fit(out, f)
    for fl in failed:
        out.write(f"{fl['name']}: not fitted: {fl['reason']}\n")
    if len(curves) > 1:
        out.write(f"{len(fits)}/{len(curves)} curves fitted: median E = "
                  f"{_fmt(st.median)}, IQR {_fmt(st.iqr)}\n")
    return 0 if fits else 3


def _options_record(args: argparse.Namespace, opts: dict) -> dict:
    tip = opts["tip"]
    return {"model": args.model, "geometry": tip.shape, "tip_radius_m": tip.radius_m,
            "half_angle_deg": tip.half_angle_deg, "nu": args.nu, "segment": args.segment,
            "baseline": args.baseline, "adhesion": args.adhesion,
            "window": opts["window"].describe() if opts["window"] else "default"}


def _fmt(v: float) -> str:
    if not math.isfinite(v):
        return "—"
    for scale, unit in ((1e9, "GPa"), (1e6, "MPa"), (1e3, "kPa")):
        if abs(v) >= scale:
            return f"{v / scale:.5g} {unit}"
    return f"{v:.5g} Pa"


def _print_fit(out: Any, f: Any) -> None:
    w = f.window
    out.write(
        f"{f.name}: {f.model.upper()} fit of the {f.segment} segment, {f.tip.describe()}, "
        f"nu = {f.poisson_ratio:g}\n"
        f"  E  = {_fmt(f.youngs_modulus_Pa)}   (E* = {_fmt(f.reduced_modulus_Pa)})\n"
        f"  contact point s_c = {f.contact_point_m * 1e9:.4f} nm, max indentation "
        f"{f.max_indentation_m * 1e9:.4g} nm, F_max = {f.max_force_N * 1e9:.4g} nN\n"
        f"  window: {w.rule}: {w.n_points} points, indentation {w.indentation_min_m * 1e9:.4g} "
        f"to {w.indentation_max_m * 1e9:.4g} nm, force {w.force_min_N * 1e9:.4g} to "
        f"{w.force_max_N * 1e9:.4g} nN\n"
        f"  model adhesion {f.adhesion_force_N * 1e9:.4g} nN, measured pull-off "
        f"{f.pulloff_force_N * 1e9:.4g} nN, |F_adh/F_max| = {f.adhesion_ratio:.3g}, "
        f"Tabor mu = {f.tabor_parameter:.3g}\n"
        f"  baseline {f.baseline_mode}: noise {f.noise_N * 1e12:.3g} pN; fit rms "
        f"{f.rms_residual_N * 1e12:.3g} pN, R^2 = {f.r_squared:.5f}\n"
    )
    for wtxt in f.warnings:
        out.write(f"  warning: {wtxt}\n")


def _run_map(args: argparse.Namespace, fmap: Any, opts: dict) -> int:
    from sselab.mechanics.afm.maps import fit_map

    if args.model == "jkr":
        raise InputError("force maps are fitted with hertz or dmt; fit single curves for JKR")
    mm = fit_map(fmap, args.model, **opts)
    st = mm.modulus_statistics()
    if args.map:
        from sselab.plot.mechanics import plot_modulus_map

        _save(plot_modulus_map(mm, title=str(args.file)), args.map)
    if args.json:
        from sselab.cli._common import print_json

        d = mm.as_dict()
        print_json({"file": str(args.file), "options": _options_record(args, opts), "map": d,
                    "summary": {"E_GPa": {"median": st.median / 1e9, "mean": st.mean / 1e9,
                                          "sd": st.std / 1e9, "iqr": st.iqr / 1e9,
                                          "n": st.n_valid},
                                "n_curves": st.n_total, "n_failed": st.n_total - st.n_valid}})
        return 0 if st.n_valid else 3
    ad = mm.adhesion_statistics()
    ny, nx = mm.youngs_modulus_Pa.shape
    sys.stdout.write(
        f"{args.file}: {ny} x {nx} force map, {mm.model.upper()} on the {mm.segment} segment, "
        f"{mm.tip.describe()}, nu = {mm.poisson_ratio:g}, window: {mm.window}\n"
        f"  fitted {st.n_valid}/{st.n_total} pixels in {mm.seconds:.2f} s\n"
        f"  E median {_fmt(st.median)}, IQR {_fmt(st.iqr)} ({_fmt(st.q1)} – {_fmt(st.q3)})\n"
        f"  pull-off median {ad.median * 1e9:.4g} nN, IQR {ad.iqr * 1e9:.3g} nN\n"
        f"  within model validity: {100 * float(mm.within_validity.mean()):.1f} % of pixels\n"
    )
    if args.map:
        sys.stdout.write(f"  maps written to {args.map}\n")
    return 0 if st.n_valid else 3


def _save(fig: Any, path: str) -> None:
    from sselab.plot.svg import save_png, to_svg

    if str(path).lower().endswith(".png"):
        save_png(fig, path)
    else:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(to_svg(fig))
