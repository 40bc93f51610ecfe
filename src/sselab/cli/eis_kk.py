"""``sselab eis kk FILE``: Lin-KK validity test (Schönleber et al. 2014).

Prints the number of RC elements M chosen by the μ criterion, μ, and the
relative residuals; residuals at the noise level (typically ≤ 1 %) without a
trend indicate data that obey the Kramers–Kronig relations.
"""

from __future__ import annotations

import argparse

from sselab.cli._eis_input import add_input_arguments


def register(eis_sub: argparse._SubParsersAction) -> None:
    p = eis_sub.add_parser(
        "kk",
        help="Lin-KK test: is the spectrum Kramers-Kronig consistent?",
        description=(
            "Linear Kramers-Kronig test after Schönleber et al. (2014): fit M RC elements "
            "with fixed time constants, choose M by the mu criterion, show the relative "
            "residuals (Z - Z_KK)/|Z|."
        ),
    )
    add_input_arguments(p)
    p.add_argument("--c", type=float, default=0.85, metavar="C",
                   help="mu cut-off (default: %(default)s)")
    p.add_argument("--max-M", type=int, default=50, metavar="M",
                   help="largest number of RC elements (default: %(default)s)")
    p.add_argument("--fit-type", default="real", choices=("real", "imag", "complex"),
                   help="which part of Z fixes the R_k (default: %(default)s)")
    p.add_argument("--add-capacitance", action="store_true",
                   help="add a series capacitance (blocking electrodes, no low-f intercept)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--plot", metavar="PNG", default=None, help="write the residual plot")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sselab.cli._eis_input import load_spectrum
    from sselab.eis.kramers_kronig import lin_kk

    s = load_spectrum(args)
    r = lin_kk(s, c=args.c, max_M=args.max_M, fit_type=args.fit_type,
               add_capacitance=args.add_capacitance)
    if args.plot:
        from sselab.cli._eis_input import save_figure
        from sselab.plot.eis import linkk_residuals

        save_figure(linkk_residuals(r), args.plot)
    if args.json:
        from sselab.cli._common import print_json

        d = r.to_dict()
        d["file"] = str(args.file)
        print_json(d)
        return 0
    d = r.to_dict()
    print(f"{args.file}: {len(s)} points, {s.frequency_Hz.min():.4g}-{s.frequency_Hz.max():.4g} Hz")
    print(f"Lin-KK ({r.fit_type}{', series C' if args.add_capacitance else ''}): M = {r.M} RC "
          f"elements, mu = {r.mu:.4f} (cut-off c = {args.c:g})")
    print(f"  residuals: max |.| = {100 * r.max_abs_residual:.3g} %, rms real = "
          f"{100 * d['rms_residual_real']:.3g} %, rms imag = {100 * d['rms_residual_imag']:.3g} %")
    if r.M == args.max_M and r.mu > args.c:
        print(f"  note: mu stayed above c up to M = {args.max_M}; raise --max-M or lower --c")
    return 0
