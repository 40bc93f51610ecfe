"""``sselab composition``: formula, molar mass, O/Cl, charge balance, effective cation radius.

Examples
--------
::

    sselab composition 1.4Li2O-0.75ZrCl4-0.25AlCl3
    sselab composition Li1.75ZrCl4.75O0.5 --cn VI --json
    sselab composition --family 1.4 0.25
    sselab composition --grid --x-step 0.2 --y-step 0.1 --json
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

_EPILOG = """\
formula notations: plain formulas with decimals and brackets (Li1.75ZrCl4.75O0.5,
Ca3(PO4)2, K4[Fe(CN)6]) and oxide sums joined by - · * + or spaces
(1.4Li2O-0.75ZrCl4-0.25AlCl3, "1.4 Li2O + 0.75 ZrCl4 + 0.25 AlCl3").
--family X Y is x Li2O·(1-y) ZrCl4·y AlCl3 (LZACO: --family 1.4 0.25).
--grid tabulates the family over x = 1.0..1.8, y = 0.2..0.5 (the paper's design space).
Radii are Shannon (1976) ionic radii; atomic weights IUPAC 2021 (abridged).
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "composition",
        help="formula, molar mass, O/Cl ratio, charge balance and effective cation radius",
        description=(
            "Parse a formula or oxide sum and print its element formula, molar mass per "
            "formula unit, O/Cl molar ratio, charge balance (fixed oxidation states) and the "
            "effective non-Li cation radius compared with Ta5+; or tabulate the "
            "x Li2O-(1-y) ZrCl4-y AlCl3 family over a grid."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("formula", nargs="?", metavar="FORMULA",
                   help="formula or oxide sum (quote it if it contains spaces)")
    p.add_argument("--family", nargs=2, type=float, metavar=("X", "Y"),
                   help="the family member x Li2O·(1-y) ZrCl4·y AlCl3")
    p.add_argument("--grid", action="store_true",
                   help="table of the family over an (x, y) grid instead of one composition")
    p.add_argument("--x-range", nargs=2, type=float, default=(1.0, 1.8), metavar=("MIN", "MAX"),
                   help="grid x range (default: %(default)s)")
    p.add_argument("--y-range", nargs=2, type=float, default=(0.2, 0.5), metavar=("MIN", "MAX"),
                   help="grid y range (default: %(default)s)")
    p.add_argument("--x-step", type=float, default=0.1, help="grid x step (default: %(default)s)")
    p.add_argument("--y-step", type=float, default=0.05, help="grid y step (default: %(default)s)")
    p.add_argument("--cn", nargs="+", default=None, metavar="CN",
                   help="coordination number(s) for the radius, Roman or integer "
                        "(default: IV V VI VIII; grid: VI)")
    p.add_argument("--ref", default="Ta5+", metavar="ION",
                   help="reference ion for the radius comparison (default: %(default)s)")
    p.add_argument("--tol", type=float, default=0.02,
                   help="relative charge-balance tolerance (default: %(default)s)")
    p.add_argument("--ox", action="append", default=[], metavar="EL=Q",
                   help="override an oxidation state, e.g. --ox Fe=2 (repeatable)")
    p.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")
    p.set_defaults(func=run)


# -- small shared helpers (also used by sselab recipe) ----------------------------------
def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], indent: str = "  ") -> str:
    """Left-aligned text columns, numbers right-aligned."""
    cells = [[str(h) for h in headers]] + [[_cell(v) for v in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    numeric = [all(_is_num(r[i]) for r in rows) and rows for i in range(len(headers))]
    out = []
    for j, r in enumerate(cells):
        parts = []
        for i, c in enumerate(r):
            parts.append(c.rjust(widths[i]) if numeric[i] and j > 0 else c.ljust(widths[i]))
        out.append(indent + "  ".join(parts).rstrip())
    return "\n".join(out)


def _is_num(v: Any) -> bool:
    if v is None or v == "":
        return True
    if isinstance(v, str):
        try:
            float(v)
        except ValueError:
            return False
        return True
    return isinstance(v, int | float) and not isinstance(v, bool)


def _cell(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.4f}"
    return str(v)


def _parse_ion(text: str) -> tuple[str, int]:
    from sselab.errors import InputError

    t = text.strip()
    i = 0
    while i < len(t) and t[i].isalpha():
        i += 1
    el, rest = t[:i], t[i:]
    sign = -1 if rest.endswith("-") else 1
    digits = rest.rstrip("+-")
    if not el or not rest or rest[-1] not in "+-" or (digits and not digits.isdigit()):
        raise InputError(f"--ref must look like 'Ta5+' or 'Li+', got {text!r}")
    return el, sign * (int(digits) if digits else 1)


def _parse_ox(items: list[str]) -> dict[str, int]:
    from sselab.errors import InputError

    out = {}
    for it in items:
        el, _, q = it.partition("=")
        try:
            out[el.strip()] = int(q)
        except ValueError:
            raise InputError(f"--ox must look like 'Fe=2', got {it!r}") from None
    return out


# -- handler ----------------------------------------------------------------------------
def run(args: argparse.Namespace) -> int:
    from sselab.errors import InputError

    given = [args.formula is not None, args.family is not None, args.grid]
    if sum(given) != 1:
        raise InputError("give exactly one of FORMULA, --family X Y or --grid")
    if args.grid:
        return _run_grid(args)
    return _run_single(args)


def _run_grid(args: argparse.Namespace) -> int:
    from sselab.chem.grid import composition_grid
    from sselab.cli._common import print_json

    cn = args.cn[0] if args.cn else "VI"
    g = composition_grid(tuple(args.x_range), tuple(args.y_range), args.x_step, args.y_step, cn)
    if args.json:
        print_json({"cn": g.cn, "reference_ion": "Ta5+",
                    "reference_radius_angstrom": g.reference_radius_angstrom,
                    "columns": list(g.columns), "rows": g.records()})
        return 0
    print(f"x Li2O·(1-y) ZrCl4·y AlCl3: {len(g.rows)} compositions; radius at CN {g.cn} "
          f"(Ta5+: {_cell(g.reference_radius_angstrom)} Å)")
    heads = ("x", "y", "formula", "M g/mol", "Li/f.u.", "Li wt%", "O/Cl",
             f"r_eff({g.cn}) Å", "r-Ta Å", "balanced")
    rows = [(f"{r[0]:.2f}", f"{r[1]:.2f}", r[2], f"{r[3]:.3f}", f"{r[4]:.2f}", f"{r[5]:.3f}",
             f"{r[7]:.4f}", f"{r[8]:.4f}", f"{r[9]:+.4f}", r[10]) for r in g.rows]
    print(format_table(heads, rows))
    return 0


def _run_single(args: argparse.Namespace) -> int:
    from sselab.chem.charge import charge_balance
    from sselab.chem.composition import parse_composition
    from sselab.chem.family import family_composition, family_parameters
    from sselab.chem.radii import DEFAULT_CNS, compare_with_ion, roman_cn
    from sselab.cli._common import print_json
    from sselab.errors import SselabError

    comp = (family_composition(*args.family) if args.family is not None
            else parse_composition(args.formula))
    ox = _parse_ox(args.ox)
    ref = _parse_ion(args.ref)
    cns = tuple(roman_cn(c) for c in args.cn) if args.cn else DEFAULT_CNS
    problems: dict[str, str] = {}

    try:
        o_cl: float | None = comp.ratio("O", "Cl")
    except SselabError as exc:
        o_cl, problems["o_cl_ratio"] = None, str(exc)
    try:
        cb = charge_balance(comp, oxidation_states=ox, rel_tol=args.tol)
    except SselabError as exc:
        cb, problems["charge_balance"] = None, str(exc)
    try:
        rc = compare_with_ion(comp, ref, cns, oxidation_states=ox)
    except SselabError as exc:
        rc, problems["effective_radius"] = None, str(exc)
    try:
        fam: tuple[float, float] | None = family_parameters(comp)
    except SselabError:
        fam = None

    if args.json:
        print_json({
            "input": comp.text or args.formula,
            "formula": comp.formula,
            "components": [{"coefficient": c, "formula": f} for c, f in comp.components],
            "amounts_per_formula_unit": dict(comp.amounts),
            "molar_mass_g_per_mol": comp.molar_mass_g_per_mol,
            "o_cl_ratio": o_cl,
            "charge_balance": cb.as_dict() if cb else None,
            "effective_radius": rc.as_dict() if rc else None,
            "family_x": fam[0] if fam else None,
            "family_y": fam[1] if fam else None,
            "problems": problems,
        })
        return 0

    lines = [("input", comp.text or args.formula), ("formula", comp.formula)]
    if comp.is_oxide_sum:
        from sselab.chem.composition import format_amount

        lines.append(("components", " + ".join(
            f"{format_amount(c) or '1'} {f}" for c, f in comp.components)))
    if fam:
        lines.append(("family (x, y)", f"x = {fam[0]:g}, y = {fam[1]:g}"))
    lines.append(("molar mass", f"{comp.molar_mass_g_per_mol:.3f} g/mol per formula unit"))
    lines.append(("O/Cl molar ratio", f"{o_cl:.4f}" if o_cl is not None else
                  f"n/a ({problems['o_cl_ratio']})"))
    if cb:
        verdict = "balanced" if cb.ok else "NOT balanced"
        lines.append(("charge balance",
                      f"+{cb.cation_charge:.3f} / -{cb.anion_charge:.3f} e per f.u., imbalance "
                      f"{cb.imbalance:+.3f} ({100 * cb.relative_imbalance:+.2f} %, tolerance "
                      f"{100 * cb.tolerance:g} %): {verdict}"))
    else:
        lines.append(("charge balance", f"n/a ({problems['charge_balance']})"))
    w = max(len(k) for k, _ in lines)
    for k, v in lines:
        print(f"{k:<{w}}  {v}")
    print()
    if rc is None:
        print(f"effective non-Li cation radius: n/a ({problems['effective_radius']})")
        return 0
    print(f"effective non-Li cation radius (Shannon 1976 ionic radii, mole-fraction weighted) "
          f"vs {rc.reference_ion}:")
    rows = [(r.cn, r.effective_radius_angstrom, r.reference_radius_angstrom,
             None if r.difference_angstrom is None else f"{r.difference_angstrom:+.4f}",
             r.note) for r in rc.rows]
    print(format_table(("CN", "r_eff/Å", f"{rc.reference_ion}/Å", "diff/Å", "note"), rows))
    return 0
