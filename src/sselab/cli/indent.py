"""``sselab indent FILE``: Oliver–Pharr hardness and modulus from a nanoindentation file."""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

from sselab.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "indent",
        help="nanoindentation: Oliver-Pharr hardness and modulus per unload",
        description=(
            "Reads a nanoindentation file (Keysight/Agilent .xls, Hysitron .txt, HDF5, CSV with "
            "depth_nm/load_mN columns) and reports hardness H and Young's modulus E for every "
            "unload with the Oliver-Pharr method, plus mean ± sd over the unloads that could be "
            "analysed. Unloads that cannot be analysed are listed with the reason. Exit status "
            "0 when at least one unload was analysed, 3 when none could be."
        ),
    )
    p.add_argument("file", help="indentation file")
    p.add_argument("--nu", type=float, default=None, metavar="NU",
                   help="sample Poisson ratio (default: the file's value, else 0.3)")
    p.add_argument("--tip-area", default=None, metavar="ideal|C0,C1,...",
                   help="tip area function: 'ideal' Berkovich (24.5 h_c^2) or coefficients of "
                        "A = C0 h^2 + C1 h + C2 h^1/2 + ... (A in nm^2, h in nm); default: the "
                        "file's, else ideal")
    p.add_argument("--epsilon", default="0.75", metavar="EPS",
                   help="geometry factor in h_c = h_max - eps P/S: a number, or berkovich "
                        "(0.75), cone (0.72), flat_punch (1.0) (default: %(default)s)")
    p.add_argument("--beta", type=float, default=1.0,
                   help="shape factor beta in E_r = sqrt(pi) S/(2 beta sqrt(A)) (default: 1)")
    p.add_argument("--window", type=float, nargs=2, default=(0.5, 0.95), metavar=("LOW", "HIGH"),
                   help="unloading fit window, fractions of P_max (default: 0.5 0.95)")
    p.add_argument("--m-range", type=float, nargs=2, default=(1.0, 2.5), metavar=("LOW", "HIGH"),
                   help="accepted unloading exponent m; outside it the unload is flagged "
                        "(default: 1 2.5)")
    p.add_argument("--frame-compliance", type=float, default=None, metavar="NM_PER_MN",
                   help="frame compliance to subtract (nm/mN; 0 = off; default: 0 when the file "
                        "is frame-corrected, else the file's frame stiffness)")
    p.add_argument("--no-drift", action="store_true", help="no thermal-drift correction")
    p.add_argument("--surface", choices=("auto", "file", "fit"), default="auto",
                   help="contact point: from the file, fitted on the loading curve, or auto")
    p.add_argument("--format", default=None,
                   choices=("keysight-xls", "hysitron-txt", "hdf5", "csv"),
                   help="file format (default: guessed)")
    p.add_argument("--vendor", action="store_true",
                   help="show the instrument software's E and H beside sselab's, with differences")
    p.add_argument("--json", action="store_true", help="full table and summary as JSON")
    p.add_argument("--plot", metavar="FILE.svg",
                   help="write load-displacement curves with the fitted unloads (svg or png)")
    p.set_defaults(func=run)


def _epsilon(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        from sselab.mechanics.indentation.oliver_pharr import epsilon_for

        return epsilon_for(text)


def _options(args: argparse.Namespace) -> Any:
    from sselab.mechanics.indentation.area_function import parse_area_function
    from sselab.mechanics.indentation.oliver_pharr import OliverPharrOptions

    cf = None
    if args.frame_compliance is not None:
        if not (math.isfinite(args.frame_compliance) and args.frame_compliance >= 0):
            raise InputError("--frame-compliance must be >= 0 nm/mN")
        cf = args.frame_compliance * 1e-6  # nm/mN → m/N
    return OliverPharrOptions(
        poisson_ratio=args.nu, epsilon=_epsilon(args.epsilon), beta=args.beta,
        window=tuple(args.window), m_range=tuple(args.m_range),
        area=parse_area_function(args.tip_area) if args.tip_area else None,
        frame_compliance_m_per_N=cf, drift="off" if args.no_drift else "auto",
        surface=args.surface,
    )


def _f(x: Any, fmt: str) -> str:
    return "—" if x is None else format(x, fmt)


def run(args: argparse.Namespace) -> int:
    from sselab.io.mechanics import read_indentation
    from sselab.mechanics.indentation.analysis import analyse_indents
    from sselab.mechanics.indentation.records import vendor_comparison
    from sselab.mechanics.indentation.statistics import flag_outliers, summarize

    options = _options(args)
    curves = read_indentation(args.file, format=args.format)
    results = analyse_indents(curves, options)
    unloads = flag_outliers([u for r in results for u in r.unloads])
    summary = summarize(unloads)
    vendor = vendor_comparison(unloads)
    if args.plot:
        _plot(results, args.plot)
    if args.json:
        from sselab.cli._common import print_json
        from sselab.mechanics.indentation.records import (
            indent_record,
            summary_record,
            unload_record,
        )

        print_json({
            "file": str(args.file),
            "options": {"epsilon": options.epsilon, "beta": options.beta,
                        "window": list(options.window), "m_range": list(options.m_range),
                        "indenter": {"E_GPa": options.resolved_indenter().modulus_Pa / 1e9,
                                     "nu": options.resolved_indenter().poisson_ratio}},
            "indents": [indent_record(r) for r in results],
            "unloads": [unload_record(u) for u in unloads],
            "summary": summary_record(summary),
            "vendor_comparison": vendor,
        })
        return 0 if summary.n_ok else 3
    _print_table(args, results, unloads, summary, vendor, options)
    return 0 if summary.n_ok else 3


def _plot(results: Any, path: str) -> None:
    from sselab.plot.indentation import plot_load_displacement
    from sselab.plot.svg import save_png, to_svg

    fig = plot_load_displacement(results, max_indents=None)
    if path.lower().endswith(".png"):
        save_png(fig, path)
    else:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(to_svg(fig))


def _print_table(args: argparse.Namespace, results: Any, unloads: Any, summary: Any,
                 vendor: Any, options: Any) -> None:
    out = sys.stdout
    first = results[0]
    nu_set = sorted({(r.poisson_ratio, r.poisson_source) for r in results})
    nu_txt = ", ".join(f"{nu:g} ({src})" for nu, src in nu_set)
    out.write(f"{args.file}: {len(results)} indents, {summary.n_total} unloads; nu = {nu_txt}; "
              f"tip {first.area_name or options.resolved_area().name}; eps = {options.epsilon:g}, "
              f"beta = {options.beta:g}; fit {options.window[0]:.0%}–{options.window[1]:.0%} "
              f"of P_max\n")
    show_vendor = args.vendor and vendor is not None
    head = (f"{'indent':<12}{'unl':>4}{'Pmax/mN':>10}{'hmax/nm':>10}{'S/(N/m)':>11}{'m':>6}"
            f"{'hc/nm':>9}{'H/GPa':>9}{'E/GPa':>9}")
    if show_vendor:
        head += f"{'H_vend':>9}{'E_vend':>9}{'dH%':>7}{'dE%':>7}"
    out.write(head + "  note\n")
    for u in unloads:
        line = (f"{u.indent[:12]:<12}{u.unload:>4}")
        if u.ok:
            line += (f"{u.max_load_N * 1e3:>10.4g}{u.max_depth_m * 1e9:>10.1f}"
                     f"{u.stiffness_N_per_m:>11.4g}{u.m:>6.2f}{u.contact_depth_m * 1e9:>9.1f}"
                     f"{u.hardness_Pa / 1e9:>9.4g}{u.modulus_Pa / 1e9:>9.4g}")
            if show_vendor and u.vendor is not None:
                v = u.vendor
                line += (f"{v.hardness_Pa / 1e9:>9.4g}{v.modulus_Pa / 1e9:>9.4g}"
                         f"{(u.hardness_Pa / v.hardness_Pa - 1) * 100:>+7.2f}"
                         f"{(u.modulus_Pa / v.modulus_Pa - 1) * 100:>+7.2f}")
            elif show_vendor:
                line += " " * 32
            note = f"outlier: {u.outlier}" if u.outlier else ""
        else:
            line += f"{'':>74}" + (" " * 32 if show_vendor else "")
            note = f"skipped: {u.reason}"
        out.write(line + ("  " + note if note else "") + "\n")
    s = summary
    if s.modulus_Pa.n:
        def pm(st: Any) -> str:
            sd = f"{st.sd / 1e9:.2g}" if math.isfinite(st.sd) else "—"
            return f"{st.mean / 1e9:.4g} ± {sd} GPa"

        left_out = f" ({s.n_outliers} outliers left out)" if s.n_outliers else ""
        out.write(f"mean ± sd over {s.modulus_Pa.n} analysed unloads{left_out}: "
                  f"H = {pm(s.hardness_Pa)}, E = {pm(s.modulus_Pa)}\n")
    else:
        out.write("no unload could be analysed (reasons above)\n")
    if s.n_flagged:
        out.write(f"{s.n_flagged} unload(s) skipped (reasons above)\n")
    for r in results:
        if r.csm is not None:
            c = r.csm
            if c.ok:
                txt = (f"CSM {r.name}: {c.depth_range_m[0] * 1e9:.0f}–{c.depth_range_m[1] * 1e9:.0f} nm "
                       f"({c.n_points} pts): H = {c.hardness_Pa / 1e9:.4g} GPa, "
                       f"E = {c.modulus_Pa / 1e9:.4g} GPa")
                v = r.vendor_csm
                if args.vendor and "modulus_Pa" in v:
                    txt += (f" (vendor H = {v['hardness_Pa'] / 1e9:.4g} GPa, "
                            f"E = {v['modulus_Pa'] / 1e9:.4g} GPa)")
            else:
                txt = f"CSM {r.name}: {c.reason}"
            out.write(txt + "\n")
    if show_vendor:
        de, dh = vendor["E_abs_rel_diff_pct"], vendor["H_abs_rel_diff_pct"]
        out.write(f"vs vendor ({vendor['n']} unloads): |dE| median {de['median']:.2f} %, max "
                  f"{de['max']:.2f} %; |dH| median {dh['median']:.2f} %, max {dh['max']:.2f} %\n")
    elif args.vendor:
        out.write("the file holds no per-unload vendor values\n")
