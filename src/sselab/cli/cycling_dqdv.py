"""``sselab cycling dqdv FILE --cycle N``: differential capacity of one cycle.

dQ/dV on a uniform voltage grid from the monotone (isotonic) fit of each half-cycle,
smoothed with a Gaussian whose width is given in millivolts, with its peaks.  Prints the
peaks (cell voltage and, with ``--anode``, E vs Li/Li⁺); ``--json`` adds the curves;
``--plot DIR`` writes ``dqdv_cycle<N>.svg``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sselab.cli._cycling_options import add_cell_options, plot_dir, read_table, write_svg


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "dqdv", help="dQ/dV of one cycle (robust to non-monotonic voltage), peaks",
        description="Differential capacity dQ/dV of one cycle's charge and/or discharge, "
                    "with smoothing in volts and peak picking.")
    add_cell_options(p)
    p.add_argument("--cycle", type=int, required=True, help="cycle number")
    p.add_argument("--direction", choices=("charge", "discharge", "both"), default="both")
    p.add_argument("--bin-mV", type=float, default=5.0, help="voltage grid width, mV (5)")
    p.add_argument("--smooth-mV", type=float, default=10.0,
                   help="Gaussian smoothing σ, mV (10; 0 = none)")
    p.add_argument("--prominence", type=float, default=0.05,
                   help="minimum peak prominence, fraction of the maximum (0.05)")
    p.set_defaults(func=run)


def _curve_dict(c: Any) -> dict[str, Any]:
    off = c.reference_offset_V
    return {
        "direction": "charge" if c.direction > 0 else "discharge",
        "capacity_mAh": c.capacity_Ah * 1e3,
        "monotone_runs": c.n_monotone_runs,
        "reversals": c.n_reversals,
        "bin_mV": c.bin_width_V * 1e3,
        "smooth_mV": c.smoothing_V * 1e3,
        "peaks": [{"voltage_V": p.voltage_V,
                   "voltage_vs_Li_V": None if off is None else p.voltage_V + off,
                   "height_mAh_per_V": p.height_Ah_per_V * 1e3,
                   "prominence_mAh_per_V": p.prominence_Ah_per_V * 1e3,
                   "fwhm_mV": p.width_V * 1e3} for p in c.peaks],
        "voltage_V": c.voltage_V,
        "dqdv_mAh_per_V": c.dqdv_Ah_per_V * 1e3,
    }


def run(args: argparse.Namespace) -> int:
    from sselab.cli._common import print_json
    from sselab.cycling.dqdv import cycle_dqdv
    from sselab.errors import InputError

    if not (args.bin_mV > 0) or args.smooth_mV < 0 or not (0 <= args.prominence < 1):
        raise InputError("--bin-mV must be > 0, --smooth-mV ≥ 0 and --prominence in [0, 1)")
    table = read_table(args)
    dirs = {"charge": (1,), "discharge": (-1,), "both": (1, -1)}[args.direction]
    curves = []
    for d in dirs:
        try:
            curves.append(cycle_dqdv(table, args.cycle, d, bin_width_V=args.bin_mV * 1e-3,
                                     smoothing_V=args.smooth_mV * 1e-3,
                                     peak_prominence=args.prominence))
        except InputError:
            if args.direction != "both":
                raise
    if not curves:
        raise InputError(f"cycle {args.cycle} has neither a charge nor a discharge; cycles run "
                         f"{int(table['cycle'].min())}–{int(table['cycle'].max())}")
    written = []
    d = plot_dir(args)
    if d is not None:
        from sselab.plot.cycling import dqdv_figure

        fig = dqdv_figure([("charge" if c.direction > 0 else "discharge", c) for c in curves],
                          title=f"{Path(args.file).name}, cycle {args.cycle}")
        written.append(write_svg(fig, d / f"dqdv_cycle{args.cycle}.svg"))
    if args.json:
        out = {"file": str(args.file), "cycle": args.cycle,
               "anode_offset_V": table.metadata.reference_offset_V,
               "curves": [_curve_dict(c) for c in curves]}
        if written:
            out["figures"] = written
        print_json(out)
        return 0
    for c in curves:
        name = "charge" if c.direction > 0 else "discharge"
        print(f"cycle {args.cycle} {name}: {c.capacity_Ah * 1e3:.5g} mAh, "
              f"{c.n_monotone_runs} monotone run(s), grid {c.bin_width_V * 1e3:g} mV, "
              f"σ {c.smoothing_V * 1e3:g} mV, {len(c.peaks)} peak(s)")
        off = c.reference_offset_V
        for p in c.peaks:
            vs = "" if off is None else f" = {p.voltage_V + off:.4f} V vs Li/Li+"
            print(f"  peak at {p.voltage_V:.4f} V{vs}: {p.height_Ah_per_V * 1e3:.4g} mAh/V, "
                  f"FWHM {p.width_V * 1e3:.3g} mV")
    for w in written:
        print(f"wrote {w}")
    return 0
