"""``sselab symmetric FILE``: overpotential growth, time to a voltage limit, shorts."""

from __future__ import annotations

import argparse
import math

HOUR_S = 3600.0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "symmetric",
        help="symmetric-cell (Li|SE|Li) cycling: overpotential, growth, time to a limit, shorts",
        description=(
            "Reads a galvanostatic cycling file (any format 'sselab cycling read' reads) of a "
            "Li | SE | Li or Li-In | SE | Li-In cell and reports the overpotential per cycle "
            "(largest |V|), its linear growth rate, when |V| first reaches a voltage limit "
            "(recorded point and envelope), and short circuits."
        ),
    )
    p.add_argument("file", metavar="FILE", help="cycling record")
    p.add_argument("--format", help="force a cycling reader (see 'sselab cycling read --help')")
    p.add_argument("--area-cm2", type=float, metavar="A",
                   help="electrode area, cm² (default: the file's, if it states one)")
    p.add_argument("--voltage-limit-V", type=float, default=2.0, metavar="V",
                   help="|V| whose first crossing is reported (default 2)")
    p.add_argument("--short-drop-fraction", type=float, default=0.2, metavar="F",
                   help="mean |V| drop (vs the four preceding half-cycles) that flags a short "
                        "(default 0.2)")
    p.add_argument("--cycles", action="store_true", help="print the per-cycle table")
    p.add_argument("--plot", metavar="OUT.(png|svg)", help="write voltage vs time with the envelope")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=run)


def _h(x: float) -> str:
    return f"{x / HOUR_S:.3f} h" if math.isfinite(x) else "—"


def run(args: argparse.Namespace) -> int:
    from sselab.cli._common import print_json
    from sselab.echem.symmetric import analyse_symmetric
    from sselab.errors import InputError
    from sselab.io.cycling import read_cycling

    if args.area_cm2 is not None and not (args.area_cm2 > 0 and math.isfinite(args.area_cm2)):
        raise InputError(f"--area-cm2 must be a positive number; got {args.area_cm2}")
    table = read_cycling(args.file, args.format)
    area = args.area_cm2 * 1e-4 if args.area_cm2 is not None else table.metadata.area_m2
    t, v, i = table["time_s"], table["voltage_V"], table["current_A"]
    r = analyse_symmetric(t, v, i, area_m2=area, voltage_limit_V=args.voltage_limit_V,
                          short_drop_fraction=args.short_drop_fraction)
    if args.plot:
        from sselab.plot.echem import symmetric_figure
        from sselab.plot.svg import save_png, to_svg

        fig = symmetric_figure(t, v, r, title=args.file.replace("\\", "/").rsplit("/", 1)[-1])
        if args.plot.lower().endswith(".svg"):
            with open(args.plot, "w", encoding="utf-8") as fh:
                fh.write(to_svg(fig))
        else:
            save_png(fig, args.plot)
    g, lim, sh = r.growth, r.limit, r.short
    if args.json:
        print_json({
            "file": args.file, "format": table.provenance.format if table.provenance else None,
            "n_rows": r.n_rows, "area_m2": area,
            "area_source": "given" if args.area_cm2 is not None else
            ("file" if area is not None else "unknown"),
            "current_A": r.current_A, "current_density_A_per_m2": r.current_density_A_per_m2,
            "half_cycle_s": r.half_cycle_s, "n_half_cycles": len(r.half_cycles),
            "n_cycles": len(r.cycles), "cycling_start_s": r.cycling_start_s,
            "growth": None if g is None else {
                "slope_V_per_h": g.slope_V_per_h, "slope_stderr_V_per_h": g.slope_stderr_V_per_h,
                "intercept_V": g.intercept_V, "r_squared": g.r_squared, "n_cycles": g.n_cycles,
                "initial_V": g.initial_V, "final_V": g.final_V, "ratio": g.ratio},
            "voltage_limit": {"limit_V": lim.limit_V, "reached": lim.reached,
                              "first_point_cycling_time_s": lim.cycling_time_s,
                              "envelope_cycling_time_s": lim.envelope_cycling_time_s,
                              "half_cycle": lim.half_cycle, "max_abs_V": lim.max_abs_V,
                              "reason": lim.reason},
            "short": {"detected": sh.detected, "kind": sh.kind, "time_s": sh.time_s,
                      "half_cycle": sh.half_cycle, "ratio": sh.ratio, "reason": sh.reason},
            "cycles": [{"cycle": c.index, "start_s": c.start_s, "end_s": c.end_s,
                        "overpotential_V": c.overpotential_V, "time_of_max_s": c.time_of_max_s,
                        "mean_abs_V": c.mean_abs_V, "n_half": c.n_half} for c in r.cycles],
            "plot": args.plot,
        })
        return 0
    j = r.current_density_A_per_m2
    jtxt = f", {j * 0.1:.4g} mA cm⁻²" if j is not None else " (area unknown)"
    print(f"Symmetric cell: {args.file}")
    print(f"  {r.n_rows} rows; {len(r.half_cycles)} half-cycles of {r.half_cycle_s / 60:.1f} min, "
          f"{len(r.cycles)} cycles; |I| = {r.current_A * 1e3:.4g} mA{jtxt}")
    c0, c1 = r.cycles[0], r.cycles[-1]
    print(f"  overpotential (max |V| per cycle): cycle 1 {c0.overpotential_V * 1e3:.1f} mV → "
          f"cycle {c1.index} {c1.overpotential_V * 1e3:.1f} mV")
    if g is not None:
        print(f"  growth: {g.slope_V_per_h * 1e3:.3f} ± {g.slope_stderr_V_per_h * 1e3:.2g} mV/h "
              f"(linear fit over {g.n_cycles} cycles, R² = {g.r_squared:.4f}); "
              f"final/initial = {g.ratio:.3g}")
    if lim.reached:
        print(f"  |V| reaches {lim.limit_V:g} V: first recorded point at {_h(lim.cycling_time_s)}, "
              f"envelope at {_h(lim.envelope_cycling_time_s)} of cycling")
    else:
        print(f"  voltage limit: {lim.reason}")
    if sh.detected:
        print(f"  SHORT CIRCUIT ({sh.kind}) at {_h(sh.time_s - r.cycling_start_s)}: {sh.reason}")
    else:
        print(f"  no short circuit detected ({sh.reason})")
    if args.cycles:
        print("  cycle  end (h)  max|V| (V)  mean|V| (V)")
        for c in r.cycles:
            print(f"  {c.index:5d}  {(c.end_s - r.cycling_start_s) / HOUR_S:7.2f}  "
                  f"{c.overpotential_V:10.4f}  {c.mean_abs_V:11.4f}")
    if args.plot:
        print(f"  plot: {args.plot}")
    return 0
