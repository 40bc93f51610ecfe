"""``sselab recipe``: precursor masses for a milling batch, CO2 release, ball loading.

Examples
--------
::

    sselab recipe 1.4Li2O-0.75ZrCl4-0.25AlCl3 --batch-g 2
    sselab recipe --family 1.4 0.25 --batch-g 2 --li-source Li2CO3
    sselab recipe --family 1.4 0.25 --batch-g 2 --li-source Li2CO3 --basis product --json
    sselab recipe Li1.75ZrCl4.75O0.5 --batch-g 2 --ball-mass-g 30
"""

from __future__ import annotations

import argparse

_EPILOG = """\
TARGET is an oxide sum of precursors (1.4Li2O-0.75ZrCl4-0.25AlCl3) or a plain formula,
which is split into binary precursors (Li2O, LiCl, ZrCl4, AlCl3, ...; e.g.
Li1.75ZrCl4.75O0.5 -> 0.5 Li2O + 0.75 LiCl + ZrCl4).  --li-source Li2CO3 swaps Li2O for
Li2CO3 (1.4 Li2CO3 + 0.75 ZrCl4 + 0.25 AlCl3 -> LZACO + 1.4 CO2).
--basis loaded (default): --batch-g is the powder put in the jar (the paper's BPR 20:1 with
40 g of balls refers to it); --basis product: --batch-g is the product after CO2 loss.
Gas volumes: ideal gas at STP (273.15 K, 100 kPa) and at 25 °C (298.15 K, 100 kPa).
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "recipe",
        help="precursor masses for a synthesis batch (Li2O or Li2CO3 route)",
        description=(
            "Precursor masses for a mechanochemical synthesis batch, with gas (CO2) release, "
            "mass loss, product mass, ball mass and ball-to-powder ratio."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("target", nargs="?", metavar="TARGET", help="oxide sum or formula")
    p.add_argument("--family", nargs=2, type=float, metavar=("X", "Y"),
                   help="target x Li2O·(1-y) ZrCl4·y AlCl3 instead of TARGET")
    p.add_argument("--batch-g", type=float, required=True, metavar="G",
                   help="batch mass in g (see --basis)")
    p.add_argument("--li-source", choices=("Li2O", "Li2CO3"), default=None,
                   help="lithium source replacing Li2O/Li2CO3 (default: as written)")
    p.add_argument("--basis", choices=("loaded", "product"), default="loaded",
                   help="what --batch-g refers to (default: %(default)s)")
    p.add_argument("--ball-mass-g", type=float, default=None, metavar="G",
                   help="mass of milling balls (default: 40 g as in the paper, unless --bpr)")
    p.add_argument("--bpr", type=float, default=None,
                   help="ball-to-powder mass ratio; sets the ball mass if --ball-mass-g is not given")
    p.add_argument("--jar-ml", type=float, default=None, metavar="ML",
                   help="jar volume for the pressure warning (default: 80 mL as in the paper)")
    p.add_argument("--precursors", default=None, metavar="LIST",
                   help="comma-separated precursors to split a plain formula into, "
                        "e.g. Li2S,P2S5,LiCl")
    p.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sselab.chem.recipe import synthesis_recipe
    from sselab.cli._common import print_json
    from sselab.cli.composition import format_table
    from sselab.errors import InputError

    if (args.target is None) == (args.family is None):
        raise InputError("give exactly one of TARGET or --family X Y")
    target = tuple(args.family) if args.family is not None else args.target
    precursors = None
    if args.precursors:
        precursors = tuple(s.strip() for s in args.precursors.split(",") if s.strip())
    r = synthesis_recipe(
        target, args.batch_g, li_source=args.li_source, basis=args.basis,
        ball_mass_g=args.ball_mass_g, bpr=args.bpr, jar_volume_mL=args.jar_ml,
        precursors=precursors,
    )
    if args.json:
        print_json(r.as_dict())
        return 0

    what = "loaded powder" if r.basis == "loaded" else "product"
    print(f"recipe for {r.target_formula} ({r.target_molar_mass_g_per_mol:.3f} g/mol), "
          f"{r.batch_g:g} g of {what}")
    print(f"reaction: {r.reaction}")
    print()
    rows = [(p.formula, f"{p.moles_per_formula_unit:g}", f"{p.molar_mass_g_per_mol:.3f}",
             f"{p.mass_g:.4f}", f"{p.amount_mmol:.3f}", f"{p.mass_percent_of_load:.2f}")
            for p in r.precursors]
    rows.append(("total", "", "", f"{r.loaded_powder_g:.4f}", "", "100.00"))
    print(format_table(("precursor", "mol/f.u.", "M g/mol", "mass g", "mmol", "wt% of load"), rows))
    print()
    summary = []
    for g in r.gases:
        summary.append((f"{g.formula} released",
                        f"{g.mass_g:.4f} g ({g.amount_mmol:.2f} mmol) = "
                        f"{100 * g.mass_g / r.loaded_powder_g:.2f} % of the load; "
                        f"{g.volume_stp_mL:.0f} mL at STP (273.15 K, 100 kPa), "
                        f"{g.volume_25C_mL:.0f} mL at 25 °C"))
    summary += [
        ("loaded powder", f"{r.loaded_powder_g:.4f} g"),
        ("product", f"{r.product_g:.4f} g ({r.formula_units_mmol:.4f} mmol formula units)"),
        ("balls", f"{r.ball_mass_g:g} g; ball-to-powder ratio {r.ball_to_powder_ratio:.1f}:1"),
    ]
    w = max(len(k) for k, _ in summary)
    for k, v in summary:
        print(f"{k:<{w}}  {v}")
    for msg in r.warnings:
        print(f"warning: {msg}")
    return 0
