"""Options shared by ``sselab cycling summary|rate|dqdv``: the file, the cell facts, the policy."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sselab.errors import InputError

FORMATS = ("neware_nda", "neware_csv", "neware_xlsx", "landt_csv", "landt_xlsx",
           "biologic_mpt", "biologic_mpr", "arbin_res", "arbin_csv", "arbin_xlsx", "maccor_txt",
           "generic_csv")


def add_cell_options(p: argparse.ArgumentParser) -> None:
    """FILE, --format, --mass-mg, --area-cm2, --loading-mg-cm2, --anode, --first, --nominal."""
    p.add_argument("file", help="cycler file (Neware, LAND, Bio-Logic, Arbin, Maccor, CSV)")
    p.add_argument("--format", choices=FORMATS, help="reader to use (default: detected)")
    p.add_argument("--mass-mg", type=float, help="active-material mass of the positive "
                                                  "(working) electrode, mg")
    p.add_argument("--area-cm2", type=float, help="electrode area, cm²")
    p.add_argument("--loading-mg-cm2", type=float,
                   help="active-material loading, mg cm⁻² (× --area-cm2 gives the mass)")
    p.add_argument("--anode", help="counter electrode for E vs Li/Li+: Li-In (+0.62 V), "
                                   "Li13Si4 (+0.27 V), Li (0 V), LTO, or a number in volts")
    p.add_argument("--first", choices=("auto", "charge", "discharge", "vendor"), default=None,
                   help="cycle definition: charge-first (cathode/full cell), discharge-first "
                        "(anode half-cell), the vendor's counter, or auto (default)")
    p.add_argument("--nominal", metavar="MATERIAL|mAh/g",
                   help="nominal specific capacity defining 1 C: a material (scNCM92, LCO, "
                        "scNCM92_4p6V) or a number in mAh g⁻¹ (needs the mass)")
    p.add_argument("--nominal-capacity-mAh", type=float, help="capacity defining 1 C, mAh")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--plot", metavar="DIR", help="write SVG figures into DIR")


def read_table(args: argparse.Namespace) -> Any:
    """Read ``args.file`` with the cell facts applied; returns a CyclingTable."""
    from sselab.cycling.reference_electrode import anode_offset_V
    from sselab.errors import require_positive
    from sselab.io.cycling import read_cycling

    opts: dict[str, Any] = {}
    mass = None
    if args.mass_mg is not None:
        mass = require_positive("--mass-mg", args.mass_mg, "mg") * 1e-6
    area = None
    if args.area_cm2 is not None:
        area = require_positive("--area-cm2", args.area_cm2, "cm²") * 1e-4
    if args.loading_mg_cm2 is not None:
        load = require_positive("--loading-mg-cm2", args.loading_mg_cm2, "mg cm⁻²")
        if area is None:
            raise InputError("--loading-mg-cm2 needs --area-cm2 to give the active mass")
        from_loading = load * area * 1e4 * 1e-6
        if mass is not None and abs(from_loading - mass) > 0.01 * mass:
            raise InputError(f"--mass-mg {mass * 1e6:g} disagrees with --loading-mg-cm2 × "
                             f"--area-cm2 = {from_loading * 1e6:.4g} mg")
        mass = from_loading
    if mass is not None:
        opts["active_mass_kg"] = mass
    if area is not None:
        opts["area_m2"] = area
    if args.anode is not None:
        opts["reference_offset_V"] = anode_offset_V(args.anode)
    if args.nominal_capacity_mAh is not None:
        opts["nominal_capacity_Ah"] = require_positive("--nominal-capacity-mAh",
                                                       args.nominal_capacity_mAh, "mAh") * 1e-3
    if args.first:
        opts["cycle_policy"] = args.first
    table = read_cycling(args.file, format=args.format, **opts)
    return table


def nominal_specific(args: argparse.Namespace) -> float | None:
    """The nominal specific capacity (Ah kg⁻¹ = mAh g⁻¹) from --nominal, or None."""
    if not args.nominal:
        return None
    from sselab.cycling.crate import nominal_capacity

    try:
        v = float(args.nominal)
    except ValueError:
        return nominal_capacity(args.nominal).specific_capacity_Ah_per_kg
    if not (v > 0):
        raise InputError(f"--nominal must be > 0 mAh/g; got {args.nominal}")
    return v


def summarise_args(args: argparse.Namespace, table: Any) -> Any:
    """Per-cycle summary with the options of ``args``."""
    from sselab.cycling.summary import summarise

    q = nominal_specific(args)
    if q is not None and table.metadata.active_mass_kg is None:
        raise InputError("--nominal in mAh/g needs the active mass (--mass-mg)")
    return summarise(table, nominal_specific_capacity_Ah_per_kg=q)


def plot_dir(args: argparse.Namespace) -> Path | None:
    if not args.plot:
        return None
    d = Path(args.plot)
    d.mkdir(parents=True, exist_ok=True)
    return d


def write_svg(fig: Any, path: Path) -> str:
    from sselab.plot.svg import to_svg

    path.write_text(to_svg(fig), encoding="utf-8")
    return str(path)
