"""``sselab cycling rate FILE``: rate capability — cycles grouped by current level.

Prints one line per level (current, specific current, nominal and effective C-rate,
mean ± sd of the reversible capacity, cycles) and the recovery ratio when the test
returns to an earlier level; ``--json`` the same as JSON, ``--plot DIR`` writes
``rate_capability.svg``.
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
        "rate", help="rate capability: mean ± sd capacity per current level, recovery",
        description="Group complete cycles by current level (10 %% tolerance) and report the "
                    "mean ± sd reversible capacity per level, nominal and effective C-rates, "
                    "and the recovery ratio.")
    add_cell_options(p)
    p.add_argument("--scope", choices=("ladder", "all"), default="ladder",
                   help="ladder: the first run of levels until one repeats (default); all: "
                        "every complete cycle grouped by level")
    p.add_argument("--first-cycle", type=int, default=1, metavar="N",
                   help="ignore cycles before N (e.g. formation before the ladder)")
    p.add_argument("--tolerance", type=float, default=0.1,
                   help="relative tolerance of one current level (default 0.1)")
    p.set_defaults(func=run)


def _level_dict(lv: Any) -> dict[str, Any]:
    return {
        "current_mA": lv.current_A * 1e3,
        "specific_current_mA_per_g": lv.specific_current_A_per_kg,
        "c_rate_nominal": lv.nominal_c_rate,
        "c_rate_effective": lv.effective_c_rate,
        "n": lv.n,
        "cycles": list(lv.cycles),
        "mean_mAh": lv.mean_capacity_Ah * 1e3,
        "sd_mAh": lv.sd_capacity_Ah * 1e3,
        "mean_mAh_per_g": lv.mean_specific_capacity_Ah_per_kg,
        "sd_mAh_per_g": lv.sd_specific_capacity_Ah_per_kg,
    }


def run(args: argparse.Namespace) -> int:
    from sselab.cli._common import print_json
    from sselab.cycling.crate import format_c_rate
    from sselab.cycling.rate import rate_capability
    from sselab.errors import InputError

    if not (0 < args.tolerance < 1):
        raise InputError(f"--tolerance must lie between 0 and 1; got {args.tolerance}")
    table = read_table(args)
    s = summarise_args(args, table)
    rc = rate_capability(s, scope=args.scope, rel_tolerance=args.tolerance,
                         first_cycle=args.first_cycle)
    written = []
    d = plot_dir(args)
    if d is not None:
        from sselab.plot.cycling import rate_capability_figure

        written.append(write_svg(rate_capability_figure(rc, title=Path(args.file).name),
                                 d / "rate_capability.svg"))
    if args.json:
        out: dict[str, Any] = {
            "file": str(args.file), "scope": rc.scope,
            "closing_direction": s.closing_direction,
            "nominal_capacity_mAh": None if s.nominal_capacity_Ah is None
            else s.nominal_capacity_Ah * 1e3,
            "effective_reference_mAh": None if s.effective_reference_Ah is None
            else s.effective_reference_Ah * 1e3,
            "levels": [_level_dict(lv) for lv in rc.levels],
            "recovery_cycle": rc.recovery_cycle, "recovery_ratio": rc.recovery_ratio,
            "recovery_current_mA": None if rc.recovery_level_A is None
            else rc.recovery_level_A * 1e3,
            "warnings": list(s.warnings)}
        if written:
            out["figures"] = written
        print_json(out)
        return 0
    spec = s.active_mass_kg is not None
    print(f"{Path(args.file).name}: {len(rc.levels)} current levels ({rc.scope}), "
          f"{s.closing_direction} capacity")
    print(f"{'I mA':>9} {'mA/g':>8} {'C nom':>7} {'C eff':>7} {'n':>3} "
          f"{'mean ± sd ' + ('mAh/g' if spec else 'mAh'):>22}  cycles")
    for lv in rc.levels:
        mean = lv.mean_specific_capacity_Ah_per_kg if spec else lv.mean_capacity_Ah * 1e3
        sd = lv.sd_specific_capacity_Ah_per_kg if spec else lv.sd_capacity_Ah * 1e3
        cyc = ",".join(str(c) for c in lv.cycles[:8]) + ("…" if lv.n > 8 else "")
        print(f"{lv.current_A * 1e3:9.4g} "
              f"{'–' if lv.specific_current_A_per_kg is None else format(lv.specific_current_A_per_kg, '8.4g'):>8} "
              f"{'–' if lv.nominal_c_rate is None else format_c_rate(lv.nominal_c_rate):>7} "
              f"{'–' if lv.effective_c_rate is None else format(lv.effective_c_rate, '.3g'):>7} "
              f"{lv.n:3d} {mean:12.5g} ± {sd:<8.2g}  {cyc}")
    if rc.recovery_ratio is not None:
        print(f"recovery: cycle {rc.recovery_cycle} at {rc.recovery_level_A * 1e3:.4g} mA gives "
              f"{100 * rc.recovery_ratio:.2f} % of that level's ladder mean")
    for w in s.warnings:
        print(f"warning: {w}")
    for w in written:
        print(f"wrote {w}")
    return 0
