"""``sselab eis drt FILE``: distribution of relaxation times (Tikhonov, non-negative).

λ is chosen by generalised cross-validation (default) or the L-curve corner;
the peaks of γ(τ) are listed with their time constant, characteristic frequency
f = 1/(2πτ) and resistance (area under the peak).
"""

from __future__ import annotations

import argparse

from sselab.cli._eis_input import add_input_arguments


def _regularization(text: str):
    if text.lower() in ("gcv", "lcurve"):
        return text.lower()
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("use gcv, lcurve or a number") from None


def register(eis_sub: argparse._SubParsersAction) -> None:
    p = eis_sub.add_parser(
        "drt",
        help="distribution of relaxation times (non-negative Tikhonov, GCV/L-curve)",
        description=(
            "Distribution of relaxation times gamma(tau) on a log-spaced tau grid, "
            "non-negative least squares with Tikhonov regularisation; lambda by GCV "
            "(default) or L-curve. Inductive points are dropped unless --inductance."
        ),
    )
    add_input_arguments(p)
    p.add_argument("--regularization", type=_regularization, default="gcv", metavar="R",
                   help="gcv, lcurve or a fixed lambda (default: %(default)s)")
    p.add_argument("--order", type=int, default=2, choices=(0, 1, 2),
                   help="penalise gamma (0), its 1st or 2nd difference (default: %(default)s)")
    p.add_argument("--points-per-decade", type=int, default=10, metavar="N",
                   help="tau grid density (default: %(default)s)")
    p.add_argument("--inductance", action="store_true",
                   help="keep inductive points and fit a series inductance")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--plot", metavar="PNG", default=None, help="write the gamma(tau) plot")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sselab.cli._eis_input import load_spectrum
    from sselab.eis.drt import drt
    from sselab.errors import InputError

    s = load_spectrum(args)
    if not args.inductance:
        s = s.without_inductive_tail()
        if len(s) < 5:
            raise InputError("fewer than 5 capacitive points; use --inductance to keep the rest")
    r = drt(s, regularization=args.regularization, order=args.order,
            points_per_decade=args.points_per_decade, inductance=args.inductance)
    if args.plot:
        from sselab.cli._eis_input import save_figure
        from sselab.plot.eis import drt_plot

        save_figure(drt_plot(r), args.plot)
    if args.json:
        from sselab.cli._common import print_json

        d = r.to_dict()
        d["file"] = str(args.file)
        print_json(d)
        return 0
    d = r.to_dict()
    print(f"{args.file}: {len(s)} points, {s.frequency_Hz.min():.4g}-{s.frequency_Hz.max():.4g} Hz")
    print(f"DRT: lambda = {r.lambda_:.3g} ({r.method}), order {args.order}, "
          f"R_inf = {r.R_inf_ohm:.5g} ohm, R_pol = {r.polarization_resistance_ohm:.5g} ohm, "
          f"rms residual {100 * d['rms_residual']:.3g} %")
    if args.inductance:
        print(f"  L = {r.inductance_H:.4g} H")
    print(f"  {'peak':<5} {'tau / s':>11} {'f / Hz':>11} {'R / ohm':>11}")
    for i, p in enumerate(r.peaks, 1):
        print(f"  {i:<5} {p.tau_s:>11.4g} {p.frequency_Hz:>11.4g} {p.resistance_ohm:>11.4g}")
    return 0
