"""``sselab cycling summary FILE``: per-cycle capacities, CE, energy, retention, anomalies.

Prints one line per cycle (charge/discharge capacity in mAh and, when the mass/area are
given, mAh g⁻¹ / mAh cm⁻²; CE with the convention of the cell; mean voltages; hysteresis;
CV share; flags), then the retention from the reference cycle with cycles to 95/90/80 %,
the edge flags, anomaly flags and warnings.  ``--json`` prints the per-cycle table and
the same facts; ``--plot DIR`` writes ``capacity_ce.svg`` and ``voltage_profiles.svg``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sselab.cli._cycling_options import (
    add_cell_options,
    plot_dir,
    read_table,
    summarise_args,
    write_svg,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "summary", help="per-cycle capacity, CE, energy, retention and anomaly flags",
        description="Per-cycle summary of a cycling record: capacities (mAh, mAh/g, mAh/cm²), "
                    "Coulombic efficiency, energy, mean voltage, hysteresis, CV share, IR drop, "
                    "retention with cycles to 95/90/80 %, anomaly flags.")
    add_cell_options(p)
    p.add_argument("--formation", type=int, default=0, metavar="N",
                   help="cycles 1..N are formation: excluded from retention (default 0)")
    p.add_argument("--reference-cycle", type=int, metavar="N",
                   help="retention reference cycle (default: first cycle at the test rate "
                        "after formation)")
    p.add_argument("--areal", action="store_true",
                   help="plot areal capacity (mAh cm⁻²) instead of specific capacity")
    p.set_defaults(func=run)


def _retention(summary: Any, args: argparse.Namespace) -> Any:
    from sselab.cycling.retention import retention
    from sselab.errors import InputError

    try:
        return retention(summary, reference_cycle=args.reference_cycle,
                         formation_cycles=args.formation)
    except InputError:
        if args.reference_cycle is not None:
            raise
        return None


def _retention_dict(r: Any) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "reference_cycle": r.reference_cycle,
        "reference_capacity_mAh": r.reference_capacity_Ah * 1e3,
        "test_current_mA": r.test_current_A * 1e3,
        "final_cycle": int(r.cycle[-1]),
        "final_retention_percent": 100 * r.final_retention,
        "thresholds": [{"threshold_percent": 100 * c.threshold, "reached": c.reached,
                        "first_cycle": c.first_cycle, "sustained_cycle": c.sustained_cycle,
                        "first_after_reference": c.first_after_reference,
                        "sustained_after_reference": c.sustained_after_reference}
                       for c in r.crossings],
        "excluded": [{"cycle": c, "reason": why} for c, why in r.excluded],
    }


def _fmt(x: Any, spec: str) -> str:
    """``format(x, spec)``, or a dash as wide as the field for a missing value."""
    if x is None:
        width = spec.split(".")[0].lstrip("<>^")
        return "–".rjust(int(width) if width.isdigit() else 1)
    return format(x, spec)


def _human(path: str, s: Any, rec: list[dict[str, Any]], r: Any, flags: Any) -> str:
    from sselab.cycling.records import summary_header

    h = summary_header(s)
    unit = ("mAh/g" if s.active_mass_kg is not None else
            "mAh/cm²" if s.area_m2 is not None else "mAh")
    key = {"mAh/g": "_mAh_per_g", "mAh/cm²": "_mAh_per_cm2", "mAh": "_mAh"}[unit]
    vs = "_vs_Li" if s.reference_offset_V is not None else ""
    lines = [f"{Path(path).name}: {h['cycles']} cycles ({h['complete_cycles']} complete), "
             f"{s.first_direction} first, CE = {s.ce_convention}"]
    lines.append(f"{'cycle':>5} {'charge':>10} {'discharge':>10} {'CE %':>7} "
                 f"{'V̄ch':>6} {'V̄dis':>6} {'ΔV̄':>6} {'CV %':>5} {'I mA':>8}  flag")
    lines.append(f"{'':>5} {unit:>10} {unit:>10} {'':>7} "
                 f"{'(V vs Li/Li+)' if vs else '(cell V)':>13}")
    for x in rec:
        lines.append(
            f"{x['cycle']:>5} {_fmt(x.get('charge' + key), '10.5g')} "
            f"{_fmt(x.get('discharge' + key), '10.5g')} "
            f"{_fmt(x['coulombic_efficiency_percent'], '7.2f')} "
            f"{_fmt(x.get('charge_mean_V' + vs), '6.3f')} "
            f"{_fmt(x.get('discharge_mean_V' + vs), '6.3f')} {_fmt(x['hysteresis_V'], '6.3f')} "
            f"{_fmt(x['charge_cv_share_percent'], '5.1f')} "
            f"{_fmt(x['discharge_current_mA'], '8.4g')}  {x['flag']}")
    if r is not None:
        lines.append(f"retention vs cycle {r.reference_cycle} "
                     f"({r.reference_capacity_Ah * 1e3:.5g} mAh at {r.test_current_A * 1e3:.4g} "
                     f"mA): {100 * r.final_retention:.2f} % at cycle {int(r.cycle[-1])}")
        lines.extend(f"  {c.describe()}" for c in r.crossings)
        if r.excluded:
            ex = ", ".join(str(c) for c, _ in r.excluded[:20])
            more = f" … ({len(r.excluded)} in all)" if len(r.excluded) > 20 else ""
            lines.append(f"  excluded cycles: {ex}{more}")
    if s.nominal_capacity_Ah is not None or s.effective_reference_Ah is not None:
        nom = _fmt(None if s.nominal_capacity_Ah is None else s.nominal_capacity_Ah * 1e3, ".4g")
        eff = _fmt(None if s.effective_reference_Ah is None else s.effective_reference_Ah * 1e3,
                   ".4g")
        lines.append(f"1C: nominal {nom} mAh, effective (measured) {eff} mAh")
    lines.extend(f"note: {m}" for m in s.edges.messages)
    lines.extend(f"anomaly: {f.message}" for f in flags.flags[:30])
    if len(flags.flags) > 30:
        lines.append(f"anomaly: … {len(flags.flags)} flags in all (see --json)")
    lines.extend(f"warning: {w}" for w in s.warnings)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from sselab.cli._common import print_json
    from sselab.cycling.anomalies import detect_anomalies
    from sselab.cycling.records import summary_header

    table = read_table(args)
    s = summarise_args(args, table)
    rec = s.records()
    r = _retention(s, args)
    flags = detect_anomalies(s, table)
    written: list[str] = []
    d = plot_dir(args)
    if d is not None:
        from sselab.plot.cycling import capacity_ce_figure, voltage_profiles_figure

        written.append(write_svg(capacity_ce_figure(s, r, prefer="areal" if args.areal
                                                    else "specific",
                                                    title=Path(args.file).name),
                                 d / "capacity_ce.svg"))
        ok = [int(c) for c, k in zip(s.cycle, s.complete, strict=True) if k]
        pick = sorted({ok[0], ok[min(1, len(ok) - 1)], ok[len(ok) // 2], ok[-1]}) if ok else []
        written.append(write_svg(voltage_profiles_figure(table, s, pick,
                                                         title=Path(args.file).name),
                                 d / "voltage_profiles.svg"))
    if args.json:
        out = {"file": str(args.file), **summary_header(s), "cycles_table": rec,
               "retention": _retention_dict(r),
               "anomalies": [{"cycle": f.cycle, "kind": f.kind, "value": f.value,
                              "message": f.message} for f in flags.flags]}
        if written:
            out["figures"] = written
        print_json(out)
    else:
        print(_human(args.file, s, rec, r, flags))
        for w in written:
            print(f"wrote {w}")
    return 0
