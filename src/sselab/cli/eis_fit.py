"""``sselab eis fit FILE --circuit C``: fit an equivalent circuit, report parameters and σ.

With the pellet geometry (``--thickness-um``, ``--diameter-mm``) the ionic
conductivity σ = L/(R·A) is printed in mS/cm for the total resistance (all
resistors of the circuit; R0 + R1 for ``R0-p(R1,CPE1)-CPE2``) and for each
resistor the data determine on its own (identifiable), using
:func:`sselab.transport.conductivity.conductivity_from_resistance` with the fit's
standard errors (correlations included for the sum).
"""

from __future__ import annotations

import argparse

from sselab.cli._eis_input import add_input_arguments

DEFAULT_CIRCUIT = "R0-p(R1,CPE1)-CPE2"


def register(eis_sub: argparse._SubParsersAction) -> None:
    p = eis_sub.add_parser(
        "fit",
        help="fit an equivalent circuit (automatic initial guess, analytic Jacobian)",
        description=(
            "Fit an equivalent circuit written in impedance.py syntax ('-' series, "
            "'p(a,b)' parallel; elements R, C, L, CPE, W, Wo, Ws, G, La, K followed by an "
            "index). Reports values, standard errors and which parameters the data "
            "actually determine; with the pellet geometry also the ionic conductivity."
        ),
    )
    add_input_arguments(p)
    p.add_argument("--circuit", default=DEFAULT_CIRCUIT, metavar="C",
                   help="circuit string (default: %(default)s, pellet between blocking "
                        "electrodes)")
    p.add_argument("--weighting", default="modulus", choices=("modulus", "proportional", "unit"),
                   help="residual weighting (default: %(default)s)")
    p.add_argument("--initial", nargs="+", default=None, metavar="NAME=VALUE",
                   help="starting values (SI units), e.g. R0=40 CPE2_1=0.85; others automatic")
    p.add_argument("--fixed", nargs="+", default=None, metavar="NAME=VALUE",
                   help="parameters held constant (SI units)")
    p.add_argument("--thickness-um", type=float, default=None, metavar="T",
                   help="pellet thickness, µm (with --diameter-mm: conductivity)")
    p.add_argument("--diameter-mm", type=float, default=None, metavar="D",
                   help="electrode (pellet) diameter, mm")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--plot", metavar="PNG", default=None,
                   help="write a Nyquist + residuals figure to this file")
    p.set_defaults(func=run)


def _pairs(items: list[str] | None, option: str) -> dict[str, float]:
    from sselab.errors import InputError

    out: dict[str, float] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        try:
            if not sep:
                raise ValueError
            out[name.strip()] = float(value)
        except ValueError:
            raise InputError(f"{option} expects NAME=VALUE pairs such as R0=40, got {item!r}") \
                from None
    return out


def _resistor_names(fit) -> tuple[list[str], str]:
    from sselab.eis.initial import blocking_electrode_roles

    roles = blocking_electrode_roles(fit.circuit)
    if roles is not None:
        return [roles["R0"], roles["R1"]], f"{roles['R0']} + {roles['R1']}"
    names = [e.name for e in fit.circuit.elements if e.kind.symbol == "R"]
    return names, " + ".join(names)


def conductivity_report(fit, thickness_um: float, diameter_mm: float) -> dict:
    """σ for the total resistance and for each identifiable resistor (dict for JSON/text)."""
    from sselab.errors import InputError
    from sselab.transport.conductivity import Pellet, conductivity_from_resistance

    pellet = Pellet(thickness_m=thickness_um * 1e-6, diameter_m=diameter_mm * 1e-3)
    names, label = _resistor_names(fit)
    if not names:
        raise InputError(f"circuit {fit.circuit} has no resistor; cannot compute a conductivity")
    r_tot, u_tot = fit.sum_with_stderr(names)
    total = conductivity_from_resistance(r_tot, pellet, u_tot)
    out = {
        "thickness_um": thickness_um, "diameter_mm": diameter_mm,
        "area_cm2": pellet.electrode_area_m2 * 1e4,
        "total": {"resistors": label, "resistance_ohm": r_tot, "resistance_stderr_ohm": u_tot,
                  "conductivity_mS_per_cm": total.conductivity_mS_per_cm,
                  "conductivity_stderr_mS_per_cm": total.conductivity_stderr_mS_per_cm},
        "per_resistor": {},
        "notes": [],
    }
    for n in names:
        if not fit.identifiable[n]:
            out["notes"].append(f"{n} is not determined on its own by these data; only the "
                                f"total {label} is reported")
            continue
        if len(names) == 1:
            continue
        c = conductivity_from_resistance(fit.parameters[n], pellet, fit.stderr[n])
        out["per_resistor"][n] = {"resistance_ohm": fit.parameters[n],
                                  "conductivity_mS_per_cm": c.conductivity_mS_per_cm,
                                  "conductivity_stderr_mS_per_cm": c.conductivity_stderr_mS_per_cm}
    return out


def run(args: argparse.Namespace) -> int:
    import sys

    from sselab.cli._eis_input import load_spectrum
    from sselab.eis.fit import fit_circuit
    from sselab.errors import InputError

    if (args.thickness_um is None) != (args.diameter_mm is None):
        raise InputError("give both --thickness-um and --diameter-mm for the conductivity")
    s = load_spectrum(args)
    fit = fit_circuit(s, args.circuit, initial=_pairs(args.initial, "--initial") or None,
                      weighting=args.weighting, fixed=_pairs(args.fixed, "--fixed") or None)
    cond = (conductivity_report(fit, args.thickness_um, args.diameter_mm)
            if args.thickness_um is not None else None)
    if args.plot:
        from sselab.cli._eis_input import save_figure
        from sselab.plot.eis import fit_overview

        save_figure(fit_overview(fit, title=str(args.file)), args.plot)
    if args.json:
        from sselab.cli._common import print_json

        d = fit.to_dict()
        d["file"] = str(args.file)
        if cond is not None:
            d["conductivity"] = cond
        print_json(d)
    else:
        _print_text(fit, cond, args)
    if not fit.success:
        print(f"sselab: warning: the fit did not converge: {fit.message}", file=sys.stderr)
    return 0


def _print_text(fit, cond, args) -> None:
    n = fit.frequency_Hz.size
    print(f"{args.file}: {n} points, {fit.frequency_Hz.min():.4g}-{fit.frequency_Hz.max():.4g} Hz")
    print(f"circuit {fit.circuit}   weighting {fit.weighting}   reduced chi2 "
          f"{fit.reduced_chi2:.4g}   {'converged' if fit.success else 'NOT converged'} "
          f"({fit.n_evaluations} evaluations)")
    print(f"  {'parameter':<10} {'value':>13} {'stderr':>11} {'rel.err':>9}  {'unit':<14} "
          "determined")
    for name in fit.circuit.parameter_names:
        v, u, r = fit.parameters[name], fit.stderr[name], fit.relative_stderr[name]
        flag = "fixed" if name in fit.fixed else ("yes" if fit.identifiable[name] else "NO")
        print(f"  {name:<10} {v:>13.6g} {u:>11.3g} {r:>9.3g}  {fit.units[name]:<14} {flag}")
    for note in fit.identifiability_notes:
        print(f"  note: {note}")
    if cond is not None:
        t = cond["total"]
        print(f"conductivity (L = {cond['thickness_um']:g} µm, d = {cond['diameter_mm']:g} mm, "
              f"A = {cond['area_cm2']:.4g} cm²):")
        print(f"  total  R = {t['resistors']} = {t['resistance_ohm']:.5g} ± "
              f"{t['resistance_stderr_ohm']:.2g} Ω   sigma = {t['conductivity_mS_per_cm']:.4g} ± "
              f"{t['conductivity_stderr_mS_per_cm']:.2g} mS/cm")
        for name, c in cond["per_resistor"].items():
            print(f"  {name:<6} R = {c['resistance_ohm']:.5g} Ω   sigma = "
                  f"{c['conductivity_mS_per_cm']:.4g} ± {c['conductivity_stderr_mS_per_cm']:.2g} "
                  "mS/cm")
        for note in cond["notes"]:
            print(f"  note: {note}")
