"""``sselab mechanics …``: compare hardness/modulus results with the literature set."""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

from sselab.errors import InputError, ParseError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "mechanics",
        help="compare hardness and modulus with literature solid electrolytes (H-E plot)",
        description="Mechanical properties of solid electrolytes against the literature set.",
    )
    msub = p.add_subparsers(dest="mechanics_command", metavar="VERB", parser_class=type(p))
    c = msub.add_parser(
        "compare",
        help="place results among literature solid electrolytes",
        description=(
            "Reads RESULTS.json files — the --json output of 'sselab indent' or 'sselab afm', or "
            "a list of {\"name\": ..., \"hardness_GPa\": ..., \"modulus_GPa\": ...} records (either "
            "number may be missing) — and ranks each sample among the literature solid "
            "electrolytes (sselab/data/mechanics/literature.toml), with derived quantities: Tabor "
            "yield stress H/3, E/H, H^3/E^2 and Johnson's plasticity index."
        ),
    )
    c.add_argument("results", nargs="+", metavar="RESULTS.json", help="results file(s)")
    c.add_argument("--name", metavar="NAME",
                   help="merge all results into one sample NAME (e.g. H from indent, E from afm)")
    c.add_argument("--verified-only", action="store_true",
                   help="compare only with literature numbers whose status is 'verified'")
    c.add_argument("--plot", metavar="OUT.png", help="write the hardness-vs-modulus plot")
    c.add_argument("--json", action="store_true", help="results as JSON")
    c.set_defaults(func=run_compare)
    lit = msub.add_parser("literature", help="list the literature hardness/modulus set",
                          description="Lists the packaged literature set with sources and statuses.")
    lit.add_argument("--json", action="store_true", help="as JSON")
    lit.set_defaults(func=run_literature)
    p.set_defaults(func=lambda args: (p.print_help(), 0)[1])


def _load(path: str) -> Any:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"no such file: {path!r}")
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ParseError(f"{p.name}: not valid JSON ({exc})") from None


def run_compare(args: argparse.Namespace) -> int:
    from sselab.mechanics.compare import load_literature, merge_samples, parse_results, place

    samples = []
    for path in args.results:
        samples.extend(parse_results(_load(path), origin=Path(path).name))
    if args.name:
        samples = [merge_samples(samples, args.name)]
    lit = load_literature()
    statuses = ("verified",) if args.verified_only else ("verified", "unverified")
    placements = [place(s, lit, statuses=statuses) for s in samples]
    if args.plot:
        from sselab.plot.mechanics import plot_hardness_modulus
        from sselab.plot.svg import save_png, to_svg

        fig = plot_hardness_modulus(
            lit, [(s.name, s.hardness_GPa, s.modulus_GPa) for s in samples], statuses=statuses)
        if args.plot.lower().endswith(".png"):
            save_png(fig, args.plot)
        else:
            Path(args.plot).write_text(to_svg(fig), encoding="utf-8")
    if args.json:
        from sselab.cli._common import print_json

        print_json({"literature": {"origin": lit.origin, "sha256": lit.sha256,
                                   "statuses": list(statuses)},
                    "samples": [pl.as_dict() for pl in placements]})
        return 0
    out = sys.stdout
    for pl in placements:
        s, d = pl.sample, pl.derived
        out.write(f"{s.name}: H = {_g(s.hardness_GPa)} GPa, E = {_g(s.modulus_GPa)} GPa"
                  f"{'  (' + s.origin + ')' if s.origin else ''}\n")
        if math.isfinite(s.hardness_GPa):
            out.write(f"  hardness: below {pl.n_hardness - pl.n_softer_hardness} of "
                      f"{pl.n_hardness} literature comparators; softest comparator "
                      f"{pl.min_hardness[0]} {_g(pl.min_hardness[1])} GPa "
                      f"(ratio {_g(pl.hardness_ratio_to_softest)})\n")
        if math.isfinite(s.modulus_GPa):
            out.write(f"  modulus:  below {pl.n_modulus - pl.n_softer_modulus} of "
                      f"{pl.n_modulus} literature comparators; softest comparator "
                      f"{pl.min_modulus[0]} {_g(pl.min_modulus[1])} GPa "
                      f"(ratio {_g(pl.modulus_ratio_to_softest)})\n")
        if math.isfinite(d.modulus_to_hardness):
            out.write(f"  Tabor yield stress H/3 = {_g(d.yield_stress_GPa)} GPa, "
                      f"E/H = {_g(d.modulus_to_hardness)}, H^3/E^2 = {_g(d.h3_over_e2_GPa)} GPa, "
                      f"Johnson index (E/Y)tan(19.7°) = {_g(d.johnson_index)} ({d.regime})\n"
                      f"  nearest in the log H–log E plane: {pl.nearest[0]}\n")
    if args.plot:
        out.write(f"plot written to {args.plot}\n")
    return 0


def _g(v: float) -> str:
    return "—" if not math.isfinite(v) else f"{v:.4g}"


def run_literature(args: argparse.Namespace) -> int:
    from sselab.mechanics.compare import load_literature

    lit = load_literature()
    if args.json:
        from sselab.cli._common import print_json

        print_json({"origin": lit.origin, "sha256": lit.sha256, "materials": [
            {"name": e.name, "formula": e.formula, "family": e.family, "role": e.role,
             "hardness": e.hardness, "modulus": e.modulus, "note": e.note} for e in lit]})
        return 0
    out = sys.stdout
    out.write(f"{'material':32s} {'role':17s} {'H (GPa)':>12s} {'E (GPa)':>12s}  status\n")
    for e in lit:
        h = "—" if not e.hardness else (("≥" if e.hardness.bound == "lower" else "")
                                         + f"{e.hardness_GPa:g}")
        m = "—" if not e.modulus else f"{e.modulus_GPa:g}"
        st = "/".join(sorted(e.statuses())) or "no data"
        out.write(f"{e.name:32s} {e.role:17s} {h:>12s} {m:>12s}  {st}\n")
    out.write(f"source: {lit.origin} (sources and methods per entry; --json for all fields)\n")
    return 0
