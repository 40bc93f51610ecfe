"""``sselab lsv FILE [FILE …]``: reduction and oxidation onsets (electrochemical window)."""

from __future__ import annotations

import argparse
import math


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "lsv",
        help="electrochemical stability window from LSV/CV files (onset potentials)",
        description=(
            "Finds the oxidation onset on the first anodic sweep and the reduction onset on "
            "the first cathodic sweep of each file (CH Instruments text, Bio-Logic .mpr/.mpt, "
            "or a CSV with named columns), by tangent intersection and by a current-density "
            "threshold; both are reported with their settings. Several files (e.g. separate "
            "oxidation and reduction LSVs) are combined into one window."
        ),
    )
    p.add_argument("files", metavar="FILE", nargs="+", help="LSV/CV file(s)")
    p.add_argument("--format", choices=("chi", "biologic", "csv"),
                   help="force a reader (default: detected from the content)")
    p.add_argument("--reference-offset-V", type=float, default=0.0, metavar="V",
                   help="potential of the counter/reference electrode vs Li/Li+, added to the "
                        "measured potentials (0 for Li metal, 0.62 for Li-In; default 0)")
    p.add_argument("--area-cm2", type=float, metavar="A",
                   help="electrode area, cm² (default: the file's, if it states one)")
    thr = p.add_mutually_exclusive_group()
    thr.add_argument("--threshold-uA-cm2", type=float, default=1.0, metavar="J",
                     help="current-density threshold, µA cm⁻² (default 1; needs an area)")
    thr.add_argument("--threshold-uA", type=float, metavar="I",
                     help="current threshold, µA (instead of a density)")
    p.add_argument("--rise-fraction", type=float, nargs=2, default=(0.4, 0.9),
                   metavar=("LO", "HI"),
                   help="tangent window as fractions of the maximum baseline-corrected "
                        "current (default 0.4 0.9)")
    p.add_argument("--baseline-window-V", type=float, nargs=2, metavar=("LO", "HI"),
                   help="baseline fit range vs Li/Li+, V (default: automatic)")
    p.add_argument("--raw-threshold", action="store_true",
                   help="apply the threshold to the raw current, not the baseline-corrected one")
    p.add_argument("--plot", metavar="OUT.(png|svg)", help="write the curves with the constructions")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=run)


def _onset_dict(side) -> dict:
    o = side.onsets
    t, th = o.tangent, o.threshold
    d = {
        "process": o.process, "source": side.source, "sweep_index": side.sweep.index,
        "sweep_V": list(o.potential_range_V), "n_points": o.n_points,
        "faradaic_current_sign": o.faradaic_sign, "baseline_noise_A": o.noise_A,
        "end_excursion_A": o.excursion_A,
        "tangent": {"detected": t.detected, "onset_V": t.potential_V, "stderr_V": t.stderr_V,
                    "method": t.method, "construction": t.description, "reason": t.reason,
                    "rise_fraction": list(t.rise_fraction),
                    "baseline": _line(t.baseline), "tangent": _line(t.tangent)},
    }
    if th is None:
        d["threshold"] = {"detected": False, "reason": "no electrode area and no current "
                          "threshold: give --area-cm2 or --threshold-uA"}
    else:
        d["threshold"] = {"detected": th.detected, "onset_V": th.potential_V,
                          "threshold_A": th.threshold_A,
                          "threshold_A_per_m2": th.threshold_A_per_m2,
                          "baseline_corrected": th.baseline_corrected, "method": th.method,
                          "construction": th.description, "reason": th.reason}
    return d


def _line(line) -> dict | None:
    if line is None:
        return None
    return {"slope_A_per_V": line.slope_A_per_V, "intercept_A": line.intercept_A,
            "potential_range_V": list(line.potential_range_V), "n_points": line.n_points,
            "r_squared": line.r_squared}


def _fmt(v: float, u: float | None = None) -> str:
    if not math.isfinite(v):
        return "—"
    return f"{v:.4f} ± {u:.2g} V" if u is not None and math.isfinite(u) else f"{v:.4f} V"


def run(args: argparse.Namespace) -> int:
    from sselab.cli._common import print_json
    from sselab.echem.lsv import merge_windows, stability_window
    from sselab.errors import InputError
    from sselab.io.echem import read_voltammogram

    if args.area_cm2 is not None and not (args.area_cm2 > 0 and math.isfinite(args.area_cm2)):
        raise InputError(f"--area-cm2 must be a positive number; got {args.area_cm2}")
    windows, curves, areas, records = [], [], set(), []
    for path in args.files:
        v = read_voltammogram(path, args.format)
        area = args.area_cm2 * 1e-4 if args.area_cm2 is not None else v.area_m2
        if area is not None:
            areas.add(round(area, 15))
        w = stability_window(
            v.potential_V, v.current_A, sweep_potential_V=v.sweep_potential_V,
            reference_offset_V=args.reference_offset_V, area_m2=area,
            threshold_A_per_m2=args.threshold_uA_cm2 * 1e-2 if args.threshold_uA is None
            else None,
            threshold_A=args.threshold_uA * 1e-6 if args.threshold_uA is not None else None,
            rise_fraction=tuple(args.rise_fraction),
            baseline_window_V=tuple(args.baseline_window_V) if args.baseline_window_V else None,
            threshold_baseline=not args.raw_threshold, source=path)
        windows.append(w)
        curves.append((path.replace("\\", "/").rsplit("/", 1)[-1],
                       v.potential_V + args.reference_offset_V, v.current_A))
        records.append({"file": path, "format": v.metadata.get("format"),
                        "technique": v.metadata.get("technique"), "n_points": len(v),
                        "area_m2": area, "area_source": "given" if args.area_cm2 is not None
                        else ("file" if area is not None else "unknown"),
                        "scan_rate_V_per_s": v.scan_rate_V_per_s,
                        "sweeps": [{"index": s.index, "direction": s.kind, "start_V": s.start_V,
                                    "end_V": s.end_V, "n_points": s.n_points}
                                   for s in w.sweeps],
                        "notes": [v.metadata[k] for k in ("area_note", "note") if k in v.metadata]})
    win = merge_windows(windows)
    if args.plot:
        from sselab.plot.echem import lsv_figure
        from sselab.plot.svg import save_png, to_svg

        fig = lsv_figure(curves, win, area_m2=next(iter(areas)) if len(areas) == 1 else None)
        if args.plot.lower().endswith(".svg"):
            with open(args.plot, "w", encoding="utf-8") as fh:
                fh.write(to_svg(fig))
        else:
            save_png(fig, args.plot)
    sides = {name: _onset_dict(side) for name, side in win.sides()}
    if args.json:
        print_json({"reference_offset_V": win.reference_offset_V,
                    "potential_scale": "V, measured + reference_offset_V (vs Li/Li+)",
                    "files": records,
                    "reduction": sides.get("reduction"), "oxidation": sides.get("oxidation"),
                    "window_V": win.width_V, "plot": args.plot})
        return 0
    print(f"Electrochemical window (potentials = measured + {win.reference_offset_V:g} V, "
          "i.e. vs Li/Li⁺ when the offset is that of the counter electrode)")
    for r in records:
        a = r["area_m2"]
        area = f"{a * 1e4:.4g} cm² ({r['area_source']})" if a else "unknown"
        print(f"  {r['file']}: {r['format']}, {r['technique'] or 'voltammetry'}, "
              f"{r['n_points']} points, {len(r['sweeps'])} sweep(s), area {area}")
        for note in r["notes"]:
            print(f"    note: {note}")
    for name in ("reduction", "oxidation"):
        d = sides.get(name)
        if d is None:
            print(f"  {name}: no {'cathodic' if name == 'reduction' else 'anodic'} sweep")
            continue
        t, th = d["tangent"], d["threshold"]
        print(f"  {name} onset (sweep {d['sweep_V'][0]:.3f} → {d['sweep_V'][1]:.3f} V):")
        if t["detected"]:
            print(f"    tangent intersection: {_fmt(t['onset_V'], t['stderr_V'])}")
        else:
            print(f"    tangent intersection: not found ({t['reason']})")
        print(f"      {t['construction']}")
        if th["detected"]:
            print(f"    threshold:            {_fmt(th['onset_V'])}")
            print(f"      {th['construction']}")
        else:
            print(f"    threshold:            not found ({th['reason']})")
    if math.isfinite(win.width_V):
        print(f"  window (tangent onsets): {win.width_V:.3f} V")
    if args.plot:
        print(f"  plot: {args.plot}")
    return 0
