"""``sselab eis batch TABLE.csv --out DIR``: many spectra → σ per file → Ea and σ25 per composition.

The table maps spectrum files (paths relative to the table) to what was measured::

    file,x,y,T_degC,treatment,thickness_mm,diameter_mm
    x14_y25_25C.mpr,1.4,0.25,25,as-milled,0.80,10.0

Columns (units in the header names): ``file``; ``x`` and ``y`` (composition);
temperature ``T_K`` or ``T_degC``; optional ``treatment``; pellet thickness
``thickness_um``/``thickness_mm``/``thickness_m`` and diameter ``diameter_mm``/… or
area ``area_cm2``/``area_mm2``/``area_m2``; optional ``thickness_stderr_um`` /
``diameter_stderr_mm``.  Writes DIR/results.csv, DIR/results.json, DIR/arrhenius.png
and, with several compositions, DIR/composition_map.png.
"""

from __future__ import annotations

import argparse


def register(eis_sub: argparse._SubParsersAction) -> None:
    p = eis_sub.add_parser(
        "batch", help="fit many pellet spectra listed in a table; σ, Arrhenius per composition",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("table", metavar="TABLE.csv", help="table of files and what they measured")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument("--circuit", default="R0-p(R1,CPE1)-CPE2",
                   help="equivalent circuit (default: %(default)s)")
    p.add_argument("--model", choices=("sigma_T", "sigma"), default="sigma_T",
                   help="Arrhenius form (default: %(default)s)")
    p.add_argument("--format", default=None, help="force a file format (default: detect)")
    p.add_argument("--lead-resistance-ohm", type=float, default=0.0,
                   help="series resistance of leads/cell to subtract, Ω (default: 0)")
    p.add_argument("--json", action="store_true", help="print results.json to stdout")
    p.set_defaults(func=run)


def _records(table: str):
    """(row number, file as written, resolved path, x, y, T_K, treatment, Pellet) per row."""
    from pathlib import Path

    from sselab.cli._transport_table import (
        find_area_column,
        find_length_column,
        find_temperature_column,
        read_rows,
        to_float,
    )
    from sselab.errors import InputError
    from sselab.transport.conductivity import Pellet
    from sselab.units import degC_to_K

    header, rows = read_rows(table)
    norm = {h.strip().lower(): h for h in header}
    f_col = next((norm[k] for k in ("file", "path", "filename", "spectrum") if k in norm), None)
    if f_col is None:
        raise InputError(f"{table}: no 'file' column (columns: {', '.join(header)})")
    for need in ("x", "y"):
        if need not in norm:
            raise InputError(f"{table}: no composition column {need!r} (columns: "
                             f"{', '.join(header)})")
    t_col, t_unit = find_temperature_column(header)
    th = find_length_column(header, "thickness")
    if th is None:
        raise InputError(f"{table}: no pellet thickness column; name it thickness_mm or "
                         "thickness_um")
    th_err = find_length_column(header, "thickness", stderr=True)
    dia = find_length_column(header, "diameter")
    dia_err = find_length_column(header, "diameter", stderr=True)
    area = find_area_column(header)
    if dia is None and area is None:
        raise InputError(f"{table}: no pellet diameter (diameter_mm) or area (area_cm2) column")
    treat_col = norm.get("treatment")
    base = Path(table).resolve().parent
    out = []
    for i, row in enumerate(rows, start=2):
        t = to_float(row[t_col], t_col, i)
        t_K = degC_to_K(t) if t_unit == "degC" else t
        thickness = to_float(row[th[0]], th[0], i) * th[1]
        u_th = to_float(row[th_err[0]], th_err[0], i) * th_err[1] if th_err else 0.0
        if dia is not None:
            d = to_float(row[dia[0]], dia[0], i) * dia[1]
            u_d = to_float(row[dia_err[0]], dia_err[0], i) * dia_err[1] if dia_err else 0.0
            pellet = Pellet(thickness_m=thickness, diameter_m=d, thickness_stderr_m=u_th,
                            diameter_stderr_m=u_d)
        else:
            a = to_float(row[area[0]], area[0], i) * area[1]  # type: ignore[index]
            pellet = Pellet(thickness_m=thickness, area_m2=a, thickness_stderr_m=u_th)
        path = Path(row[f_col])
        path = path if path.is_absolute() else base / path
        out.append((i, row[f_col], path, to_float(row[norm["x"]], "x", i),
                    to_float(row[norm["y"]], "y", i), t_K, row[treat_col] if treat_col else "",
                    pellet))
    return out


def run(args: argparse.Namespace) -> int:
    import csv
    import math
    import sys
    from pathlib import Path

    from sselab.cli._common import print_json, to_json
    from sselab.errors import SselabError
    from sselab.io.eis import read_spectrum
    from sselab.transport.pipeline import analyse_pellet_spectrum
    from sselab.transport.series import SeriesRecord, conductivity_rows, summarise_by_composition

    out_dir = Path(args.out)
    recs = _records(args.table)
    out_dir.mkdir(parents=True, exist_ok=True)
    files, series, failed = [], [], []
    for row_no, name, path, x, y, t_K, treat, pellet in recs:
        entry = {"file": name, "row": row_no, "x": x, "y": y, "treatment": treat,
                 "temperature_K": t_K, "thickness_m": pellet.thickness_m,
                 "electrode_area_m2": pellet.electrode_area_m2}
        try:
            spec = read_spectrum(path, args.format)
            an = analyse_pellet_spectrum(spec, pellet, args.circuit,
                                         lead_resistance_ohm=args.lead_resistance_ohm)
        except SselabError as exc:
            entry["error"] = str(exc)
            failed.append(f"{name}: {exc}")
            files.append(entry)
            continue
        series.append(SeriesRecord(label=name, x=x, y=y, temperature_K=t_K, treatment=treat,
                                   pellet=pellet, resistance_ohm=an.ionic_resistance_ohm,
                                   resistance_stderr_ohm=an.ionic_resistance_stderr_ohm))
        c = an.conductivity
        entry.update({
            "resistance_ohm": an.ionic_resistance_ohm,
            "resistance_stderr_ohm": an.ionic_resistance_stderr_ohm,
            "conductivity_S_per_m": c.conductivity_S_per_m,
            "conductivity_stderr_S_per_m": c.conductivity_stderr_S_per_m,
            "conductivity_mS_per_cm": c.conductivity_mS_per_cm,
            "conductivity_stderr_mS_per_cm": c.conductivity_stderr_mS_per_cm,
            "arcs": ";".join(f"{a.resistance_name}:{a.process}"
                             f"{'' if a.process_confident else '?'}" for a in an.arcs),
            "reduced_chi2": getattr(an.fit, "reduced_chi2", math.nan),
            "fit": an.as_dict(),
            "warnings": list(an.warnings),
        })
        files.append(entry)
    rows_all = conductivity_rows(series)
    summaries = summarise_by_composition(rows_all, args.model) if series else ()
    comps = [{
        "x": s.x, "y": s.y, "treatment": s.treatment, "n_measurements": s.n_measurements,
        "temperatures_K": list(s.temperatures_K),
        "activation_energy_eV": s.activation_energy_eV,
        "activation_energy_stderr_eV": s.activation_energy_stderr_eV,
        "r_squared": s.arrhenius.r_squared if s.arrhenius else None,
        "sigma25_mS_per_cm": s.sigma25_mS_per_cm,
        "sigma25_stderr_mS_per_cm": s.sigma25_stderr_S_per_m * 10.0,
        "sigma25_source": s.sigma25_source,
    } for s in summaries]
    result = {"table": str(args.table), "circuit": args.circuit, "arrhenius_model": args.model,
              "files": files, "compositions": comps, "failed": failed}

    cols = ("file", "x", "y", "treatment", "temperature_K", "thickness_m", "electrode_area_m2",
            "resistance_ohm", "resistance_stderr_ohm", "conductivity_S_per_m",
            "conductivity_stderr_S_per_m", "conductivity_mS_per_cm",
            "conductivity_stderr_mS_per_cm", "arcs", "reduced_chi2", "error")
    with open(out_dir / "results.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        for e in files:
            w.writerow([e.get(c, "") for c in cols])
    (out_dir / "results.json").write_text(to_json(result) + "\n", encoding="utf-8")

    written = [out_dir / "results.csv", out_dir / "results.json"]
    if summaries:
        from sselab.plot.svg import save_png
        from sselab.plot.transport import arrhenius_figure, composition_map_figure

        groups = []
        for s in summaries:
            mine = [r for r in rows_all
                    if (round(r.record.x, 9), round(r.record.y, 9), r.record.treatment)
                    == (s.x, s.y, s.treatment)]
            label = f"x={s.x:g}, y={s.y:g}" + (f", {s.treatment}" if s.treatment else "")
            groups.append((label, [r.record.temperature_K for r in mine],
                           [r.conductivity_S_per_m for r in mine], s.arrhenius))
        save_png(arrhenius_figure(groups, title="Arrhenius plots"), str(out_dir / "arrhenius.png"))
        written.append(out_dir / "arrhenius.png")
        if len({(s.x, s.y) for s in summaries}) > 1:
            fig = composition_map_figure([s.x for s in summaries], [s.y for s in summaries],
                                         [s.sigma25_S_per_m for s in summaries],
                                         [s.activation_energy_eV for s in summaries])
            save_png(fig, str(out_dir / "composition_map.png"))
            written.append(out_dir / "composition_map.png")

    if args.json:
        print_json(result)
    else:
        print(f"{len(files) - len(failed)}/{len(files)} spectra analysed ({args.circuit})")
        for e in files:
            if "error" in e:
                print(f"  {e['file']:30s} ERROR {e['error']}")
            else:
                print(f"  {e['file']:30s} T = {e['temperature_K']:7.2f} K  "
                      f"R = {e['resistance_ohm']:.4g} Ω  σ = {e['conductivity_mS_per_cm']:.4g} ± "
                      f"{e['conductivity_stderr_mS_per_cm']:.2g} mS/cm")
        for c in comps:
            ea = c["activation_energy_eV"]
            print(f"  x={c['x']:g} y={c['y']:g} {c['treatment']}: σ25 = "
                  f"{c['sigma25_mS_per_cm']:.4g} mS/cm ({c['sigma25_source']})"
                  + ("" if ea != ea else f", Ea = {ea:.4f} ± "
                     f"{c['activation_energy_stderr_eV']:.4f} eV"))
        print("wrote " + ", ".join(str(p) for p in written))
    if failed:
        for f in failed:
            print(f"sselab: error: {f}", file=sys.stderr)
        return 3
    return 0
