"""``sselab arrhenius TABLE.csv``: activation energy and σ(25 °C) from σ(T)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "arrhenius",
        help="fit Ea and σ(25 °C) to conductivities at several temperatures",
        description=(
            "Fits σT = A·exp(−Ea/kBT) (default) or σ = A·exp(−Ea/kBT) to a CSV table. "
            "Column names carry units: temperature T_K or T_degC; conductivity "
            "sigma_S_per_m, sigma_S_per_cm or sigma_mS_per_cm."
        ),
    )
    p.add_argument("table", metavar="TABLE.csv", help="CSV with a temperature and a conductivity "
                   "column (units in the header names)")
    p.add_argument("--model", choices=("sigma_T", "sigma"), default="sigma_T",
                   help="Arrhenius form (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--plot", metavar="OUT.png", help="write an Arrhenius plot")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sselab.cli._common import print_json
    from sselab.cli._transport_table import (
        find_conductivity_column,
        find_temperature_column,
        read_rows,
        to_float,
    )
    from sselab.transport.arrhenius import fit_arrhenius
    from sselab.units import degC_to_K

    header, rows = read_rows(args.table)
    t_col, t_unit = find_temperature_column(header)
    s_col, s_fac = find_conductivity_column(header)
    temps, sig = [], []
    for i, row in enumerate(rows, start=2):
        t = to_float(row[t_col], t_col, i)
        temps.append(degC_to_K(t) if t_unit == "degC" else t)
        sig.append(to_float(row[s_col], s_col, i) * s_fac)
    fit = fit_arrhenius(temps, sig, args.model)
    if args.plot:
        from pathlib import Path

        from sselab.plot.svg import save_png
        from sselab.plot.transport import arrhenius_figure

        save_png(arrhenius_figure([(Path(args.table).name, temps, sig, fit)]), args.plot)
    if args.json:
        print_json({
            "model": fit.model,
            "n_points": fit.n_points,
            "activation_energy_eV": fit.activation_energy_eV,
            "activation_energy_stderr_eV": fit.activation_energy_stderr_eV,
            "activation_energy_kJ_per_mol": fit.activation_energy_kJ_per_mol,
            "activation_energy_stderr_kJ_per_mol": fit.activation_energy_stderr_kJ_per_mol,
            "ln_prefactor": fit.ln_prefactor,
            "ln_prefactor_stderr": fit.ln_prefactor_stderr,
            "prefactor_unit": "S K/m" if fit.model == "sigma_T" else "S/m",
            "r_squared": fit.r_squared,
            "sigma25_S_per_m": fit.sigma25_S_per_m,
            "sigma25_stderr_S_per_m": fit.sigma25_stderr_S_per_m,
            "sigma25_mS_per_cm": fit.sigma25_mS_per_cm,
            "sigma25_stderr_mS_per_cm": fit.sigma25_stderr_mS_per_cm,
            "temperature_range_K": list(fit.temperature_range_K),
            "columns": {"temperature": [t_col, t_unit], "conductivity": [s_col, s_fac]},
            "warnings": list(fit.warnings),
            "plot": args.plot,
        })
        return 0
    form = "σT = A·exp(−Ea/kBT)" if fit.model == "sigma_T" else "σ = A·exp(−Ea/kBT)"
    print(f"Arrhenius fit ({form}) of {fit.n_points} points, "
          f"{fit.temperature_range_K[0]:.2f}–{fit.temperature_range_K[1]:.2f} K")
    print(f"  Ea      = {fit.activation_energy_eV:.4f} ± {fit.activation_energy_stderr_eV:.4f} eV"
          f"  ({fit.activation_energy_kJ_per_mol:.2f} ± "
          f"{fit.activation_energy_stderr_kJ_per_mol:.2f} kJ/mol)")
    print(f"  σ(25 °C) = {fit.sigma25_mS_per_cm:.4g} ± {fit.sigma25_stderr_mS_per_cm:.2g} mS/cm")
    unit = "S K/m" if fit.model == "sigma_T" else "S/m"
    print(f"  ln A    = {fit.ln_prefactor:.4f} ± {fit.ln_prefactor_stderr:.4f}  "
          f"(A = {fit.prefactor:.4g} {unit})")
    print(f"  R²      = {fit.r_squared:.6f}")
    for w in fit.warnings:
        print(f"  warning: {w}")
    if args.plot:
        print(f"  plot: {args.plot}")
    return 0
