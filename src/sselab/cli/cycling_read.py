"""``sselab cycling read FILE``: read a cycling record into the canonical table.

Prints row/column counts, cycles, start time and the reader's notes (``--json``: also the
metadata, provenance and the vendor → canonical column map); ``--to csv|parquet`` writes
the canonical table (and ``<name>.meta.json`` beside it).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sselab.errors import InputError

FORMATS = ("neware_nda", "neware_csv", "neware_xlsx", "landt_csv", "landt_xlsx",
           "biologic_mpt", "biologic_mpr", "arbin_res", "arbin_csv", "arbin_xlsx", "maccor_txt",
           "generic_csv")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "read", help="read a cycler file into the canonical table",
        description="Read a Neware (.nda/.ndax/CSV/XLSX), LAND, Bio-Logic (.mpt/.mpr), Arbin "
                    "(.res/CSV/XLSX), Maccor or generic CSV cycling file.")
    p.add_argument("file", help="instrument file")
    p.add_argument("--format", choices=FORMATS, help="reader to use (default: detected)")
    p.add_argument("--to", choices=("parquet", "csv"), help="write the canonical table")
    p.add_argument("--out", help="output path for --to (default: <file stem>.<ext> in the "
                                 "current directory)")
    p.add_argument("--json", action="store_true", help="print counts, metadata and the column "
                                                        "map as JSON")
    p.add_argument("--active-mass-mg", type=float, help="active-material mass, mg")
    p.add_argument("--area-cm2", type=float, help="electrode area, cm²")
    p.add_argument("--ref-offset-V", type=float, dest="ref_offset_V",
                   help="potential of the counter/reference electrode vs Li/Li+, V "
                        "(0 for Li, 0.62 for Li-In)")
    p.add_argument("--nominal-capacity-mAh", type=float, help="capacity that defines 1C, mAh")
    p.add_argument("--timezone", help="zone of the instrument clock (e.g. Europe/Oslo, +02:00)")
    p.add_argument("--cycle-policy", choices=("auto", "charge", "discharge", "vendor"),
                   help="first half-cycle of a cycle (default auto)")
    p.add_argument("--map", dest="column_map",
                   help="generic CSV column map: time_s=COL,voltage_V=COL,current_A=COL,…")
    p.set_defaults(func=run)


def _options(args: argparse.Namespace) -> dict[str, Any]:
    from sselab.errors import require_positive

    opts: dict[str, Any] = {}
    if args.active_mass_mg is not None:
        opts["active_mass_kg"] = require_positive("--active-mass-mg", args.active_mass_mg,
                                                  "mg") * 1e-6
    if args.area_cm2 is not None:
        opts["area_m2"] = require_positive("--area-cm2", args.area_cm2, "cm²") * 1e-4
    if args.nominal_capacity_mAh is not None:
        opts["nominal_capacity_Ah"] = require_positive(
            "--nominal-capacity-mAh", args.nominal_capacity_mAh, "mAh") * 1e-3
    if args.ref_offset_V is not None:
        opts["reference_offset_V"] = args.ref_offset_V
    if args.timezone:
        opts["timezone"] = args.timezone
    if args.cycle_policy:
        opts["cycle_policy"] = args.cycle_policy
    if args.column_map:
        pairs = [p.split("=", 1) for p in args.column_map.split(",") if p.strip()]
        if any(len(p) != 2 for p in pairs):
            raise InputError("--map takes canonical=column pairs separated by commas, e.g. "
                             "time_s=Time,voltage_V=Voltage(V),current_A=Current(mA)")
        opts["column_map"] = {k.strip(): v.strip() for k, v in pairs}
    return opts


def _human(table: Any, path: str) -> str:
    d = table.describe()
    m = table.metadata
    prov = d["provenance"] or {}
    backend = f" via {prov['backend']}" if prov.get("backend") else ""
    lines = [f"{Path(path).name}: {m.instrument or 'table'} ({prov.get('format', '?')}{backend})",
             f"  {d['rows']} rows × {d['n_columns']} columns: {', '.join(d['columns'])}"]
    vend = f", vendor counter: {d['n_vendor_cycles']} values" if d["n_vendor_cycles"] else ""
    lines.append(f"  {d['n_cycles']} cycles ({m.first_direction} first{vend}), "
                 f"{d['n_half_cycles']} half-cycles, {d['n_steps']} steps, "
                 f"{d['duration_s'] / 3600:.4g} h")
    if d["impedance_rows"]:
        lines.append(f"  {d['impedance_rows']} impedance rows split off")
    start = m.start_time_utc.isoformat() if m.start_time_utc else "unknown (naive local time)"
    lines.append(f"  start (UTC): {start}; local {m.start_time_local or '?'} "
                 f"[{m.timezone or 'zone unknown'}, {m.timezone_source}]")
    lines.extend(f"  note: {n}" for n in d["notes"])
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from sselab.cli._common import print_json
    from sselab.io.cycling import read_cycling

    table = read_cycling(args.file, format=args.format, **_options(args))
    written = None
    if args.to:
        from sselab.io.cycling.export import write_csv, write_parquet

        out = Path(args.out) if args.out else Path.cwd() / f"{Path(args.file).stem}.{args.to}"
        if out.resolve() == Path(args.file).resolve():
            raise InputError(f"--out {out} would overwrite the input file")
        written = str((write_csv if args.to == "csv" else write_parquet)(table, out))
    if args.json:
        d = table.describe()
        if written:
            d["written"] = written
        print_json(d)
    else:
        print(_human(table, args.file))
        if written:
            print(f"  wrote {written}")
    return 0
