"""``sselab phasefield …``: interface detachment, SENT benchmark, compliance map."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

from sselab.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "phasefield",
        help="phase-field fracture: cathode|electrolyte interface detachment, SENT, compliance map",
        description="sselab's phase-field fracture solver (plane strain, AT2, J2 plasticity from hardness).",
    )
    ps = p.add_subparsers(dest="phasefield_command", metavar="VERB", parser_class=type(p))

    i = ps.add_parser(
        "interface", help="does an electrolyte keep contact with the shrinking composite cathode?",
        description=(
            "Ramp the scNCM92 state of charge 0 -> 1 (eigenstrain 0 -> -10 %%) and follow the "
            "detachment of the composite layer from the electrolyte layer (Fig. 2b of Hu et al. 2026). "
            "Electrolyte from the parameter set (--se LZCO|LZACO) or given by --modulus-gpa and "
            "--hardness-gpa."),
    )
    i.add_argument("--se", default="LZACO", help="electrolyte name in the parameter set (default LZACO)")
    i.add_argument("--modulus-gpa", type=float, help="Young's modulus of a custom electrolyte, GPa")
    i.add_argument("--hardness-gpa", type=float, help="hardness of a custom electrolyte, GPa")
    i.add_argument("--poisson", type=float, default=0.3, help="Poisson ratio of a custom electrolyte")
    i.add_argument("--params", metavar="FILE.toml", help="parameter set (default: packaged Hu 2026 set)")
    i.add_argument("--mesh-size", type=float, metavar="UM",
                   help="element size at the interface, µm (default ℓ/2)")
    i.add_argument("--steps", type=int, default=50, help="nominal SoC steps (adaptive refinement on top)")
    i.add_argument("--elastic", action="store_true", help="purely elastic electrolyte (no plasticity)")
    i.add_argument("--composite", choices=("homogenised", "resolved"), default="homogenised",
                   help="composite layer: homogenised (Mori-Tanaka/Levin, default) or resolved circular "
                        "scNCM92 particles in the electrolyte matrix")
    i.add_argument("--particle-radius-um", type=float, metavar="R",
                   help="particle radius for --composite resolved, µm (default: parameter set, 2 µm)")
    i.add_argument("--seed", type=int, default=0, help="random seed of the particle layout (resolved)")
    i.add_argument("--right-edge", choices=("symmetry", "free"), default="symmetry",
                   help="right edge: symmetry plane u_x = 0 (default) or free")
    _common_run_args(i)
    i.set_defaults(func=run_interface_cmd)

    s = ps.add_parser("sent", help="single-edge-notched tension benchmark (Miehe et al. 2010)",
                      description="SENT test: E 210 GPa, nu 0.3, Gc 2.7 N/mm, l 0.015 mm, 102 load steps.")
    s.add_argument("--refinement", type=float, default=1.0,
                   help="mesh refinement factor (1: h = l/2 along the crack path)")
    s.add_argument("--acceleration", choices=("anderson", "overrelax", "none"), default="anderson")
    s.add_argument("--linear-solver", choices=("lagged", "direct", "amg"), default="lagged")
    _common_run_args(s)
    s.set_defaults(func=run_sent_cmd)

    m = ps.add_parser("map", help="detachment SoC over a grid of hardness and modulus",
                      description="Compliance map: the SoC at which the interface detaches, over (E, H).")
    m.add_argument("--h-range", default="0.1:3:4", metavar="LO:HI:N", help="hardness range, GPa (log)")
    m.add_argument("--e-range", default="1:40:4", metavar="LO:HI:N", help="modulus range, GPa (log)")
    m.add_argument("--params", metavar="FILE.toml", help="parameter set")
    m.add_argument("--steps", type=int, default=10, help="nominal SoC steps per run")
    m.add_argument("--out", metavar="DIR", help="write map.json, map.png")
    m.add_argument("--json", action="store_true", help="print JSON")
    m.set_defaults(func=run_map_cmd)
    p.set_defaults(func=lambda args: (p.print_help(), 0)[1])


def _common_run_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", metavar="DIR", help="write results.json, VTU fields, PNG figures, checkpoint")
    p.add_argument("--resume", action="store_true", help="continue from DIR/checkpoint.npz")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress output")


def _progress(quiet: bool) -> Any:
    if quiet:
        return None

    def show(rec: Any) -> None:
        obs = " ".join(f"{k}={v:.4g}" for k, v in rec.observables.items())
        sys.stderr.write(f"\rstep {rec.step:4d}  load {rec.load:.5g}  staggered {rec.staggered_iterations:4d}  "
                         f"{obs}   ")
        sys.stderr.flush()

    return show


def _parse_range(text: str, name: str) -> tuple[float, float, int]:
    try:
        lo, hi, n = text.split(":")
        out = float(lo), float(hi), int(n)
    except ValueError:
        raise InputError(f"{name} must look like LO:HI:N (e.g. 0.1:3:4), got {text!r}") from None
    if not (0 < out[0] < out[1]) or out[2] < 2:
        raise InputError(f"{name}: need 0 < LO < HI and N >= 2")
    return out


def run_interface_cmd(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from sselab.fem.checkpoint import Checkpointer
    from sselab.fem.interface import (
        Electrolyte,
        detachment_onset_soc,
        fraction_at,
        interface_problem,
        interface_spec,
        run_interface,
    )
    from sselab.parameters import load_parameter_set

    p = load_parameter_set(args.params) if args.params else None
    if (args.modulus_gpa is None) != (args.hardness_gpa is None):
        raise InputError("give both --modulus-gpa and --hardness-gpa for a custom electrolyte")
    if args.modulus_gpa is not None:
        se: Any = Electrolyte("custom", args.modulus_gpa * 1e9, args.hardness_gpa * 1e9, args.poisson,
                              2700.0)
    else:
        se = args.se
    kw_spec: dict[str, Any] = {"plasticity": not args.elastic, "composite": args.composite,
                               "particle_seed": args.seed, "right_edge": args.right_edge}
    if args.particle_radius_um is not None:
        if args.particle_radius_um <= 0:
            raise InputError("--particle-radius-um must be > 0")
        if args.composite != "resolved":
            raise InputError("--particle-radius-um needs --composite resolved")
        kw_spec["particle_radius_m"] = args.particle_radius_um * 1e-6
    spec = interface_spec(se, p, **kw_spec)
    if args.mesh_size:
        h = args.mesh_size * 1e-6
        spec = replace(spec, geometry=replace(spec.geometry, fine_size_m=h, coarse_size_m=16 * h))
    socs = (0.2, 0.4, 0.6, 0.8, 1.0)
    kw: dict[str, Any] = {"progress": _progress(args.quiet or args.json)}
    ck = None
    if args.out:
        ck = Checkpointer(Path(args.out) / "checkpoint.npz")
        kw["on_step"] = ck.save
        if args.resume:
            kw.update(ck.load_kwargs(interface_problem(spec)))
    elif args.resume:
        raise InputError("--resume needs --out DIR (where the checkpoint is)")
    r = run_interface(spec, args.steps, save_at=socs, **kw)
    if not (args.quiet or args.json):
        sys.stderr.write("\n")
    onset = detachment_onset_soc(r)
    summary = {
        "electrolyte": spec.electrolyte.name,
        "modulus_GPa": spec.electrolyte.E_Pa / 1e9,
        "hardness_GPa": spec.electrolyte.hardness_Pa / 1e9,
        "plasticity": spec.plasticity,
        "composite": spec.composite,
        "right_edge": spec.right_edge,
        "detachment_onset_soc": onset if math.isfinite(onset) else None,
        "detached_fraction_at_soc1": fraction_at(r, 1.0),
        "keeps_contact": not math.isfinite(onset),
        "run": r.summary(),
    }
    if spec.composite == "resolved":
        from sselab.fem.interface import particle_layout

        lay = particle_layout(spec)
        a = r.mesh.areas_m2()
        reg = r.mesh.region
        summary["particles"] = {"radius_um": spec.particle_radius_m * 1e6, "count": lay.n_particles,
                                "target_volume_fraction": spec.cathode_volume_fraction,
                                "tagged_area_fraction": float(a[reg == 3].sum() / a[reg >= 2].sum()),
                                "seed": spec.particle_seed}
    if args.out:
        _write_outputs(Path(args.out), r, summary, {spec.electrolyte.name: r}, kind="interface")
    if args.json:
        from sselab.cli._common import print_json

        print_json(summary)
    else:
        o = "never (keeps contact)" if not math.isfinite(onset) else f"{onset:.3f}"
        print(f"{spec.electrolyte.name}: E = {summary['modulus_GPa']:.3g} GPa, H = {summary['hardness_GPa']:.3g} GPa")
        print(f"  detachment begins at SoC: {o}")
        print(f"  detached fraction at SoC 1.0: {summary['detached_fraction_at_soc1']:.3f}")
        print(f"  {len(r.steps)} steps, {r.total_staggered_iterations} staggered iterations, {r.wall_s:.1f} s")
    return 0


def run_sent_cmd(args: argparse.Namespace) -> int:
    from sselab.fem.postprocess import peak
    from sselab.fem.sent import run_sent
    from sselab.fem.solver import SolverOptions

    opts = SolverOptions(tol=1e-4, adaptive=False, max_staggered=3000, acceleration=args.acceleration,
                         linear_solver=args.linear_solver, predictor=True)
    r = run_sent(refinement=args.refinement, options=opts, progress=_progress(args.quiet or args.json))
    if not (args.quiet or args.json):
        sys.stderr.write("\n")
    f, u = peak(r.series("reaction_force_N"), r.loads)
    summary = {"peak_force_kN": f / 1e3, "displacement_at_peak_mm": u * 1e3,
               "n_dofs": r.mesh.n_dofs(), "steps": len(r.steps),
               "staggered_iterations": r.total_staggered_iterations,
               "max_staggered_iterations_per_step": int(r.series("staggered_iterations").max()),
               "wall_s": r.wall_s, "stats": dict(r.stats)}
    if args.out:
        _write_outputs(Path(args.out), r, summary, {"sselab": r}, kind="sent")
    if args.json:
        from sselab.cli._common import print_json

        print_json(summary)
    else:
        print(f"SENT: peak force {summary['peak_force_kN']:.4f} kN at u = {summary['displacement_at_peak_mm']:.4g} mm; "
              f"{summary['n_dofs']} DOFs, {summary['staggered_iterations']} staggered iterations, {r.wall_s:.1f} s")
    return 0


def run_map_cmd(args: argparse.Namespace) -> int:
    from sselab.fem.compliance_map import compliance_map, literature_points
    from sselab.parameters import load_parameter_set

    h = _parse_range(args.h_range, "--h-range")
    e = _parse_range(args.e_range, "--e-range")
    p = load_parameter_set(args.params) if args.params else None
    cm = compliance_map(e, h, p, n_steps=args.steps,
                        progress=None if args.json else lambda k, n: sys.stderr.write(f"\rrun {k}/{n} "))
    pts = literature_points(cm)
    out = cm.as_dict()
    out["electrolytes"] = pts
    if args.out:
        d = Path(args.out)
        d.mkdir(parents=True, exist_ok=True)
        from sselab.cli._common import to_json
        from sselab.plot.fem import plot_compliance_map
        from sselab.plot.svg import save_png

        (d / "map.json").write_text(to_json(out), encoding="utf-8")
        fig = plot_compliance_map(cm, [(q["name"], q["modulus_GPa"], q["hardness_GPa"]) for q in pts])
        save_png(fig, str(d / "map.png"))
    if args.json:
        from sselab.cli._common import print_json

        print_json(out)
    else:
        sys.stderr.write("\n")
        for q in pts:
            s = q["predicted_onset_soc"]
            verdict = "keeps contact to SoC 1" if s is None else f"detaches from SoC ≈ {s:.2f}"
            print(f"{q['name']:<28s} E = {q['modulus_GPa']:7.3g} GPa  H = {q['hardness_GPa']:6.3g} GPa  {verdict}")
    return 0


def _write_outputs(d: Path, r: Any, summary: dict, results: dict, kind: str) -> None:
    from sselab.cli._common import to_json
    from sselab.fem.checkpoint import write_fields
    from sselab.plot.svg import save_png

    d.mkdir(parents=True, exist_ok=True)
    (d / "results.json").write_text(to_json(summary), encoding="utf-8")
    write_fields(d, r)
    if kind == "interface":
        from sselab.plot.fem import plot_detachment, plot_phi_fields

        save_png(plot_phi_fields(results), str(d / "phi_fields.png"))
        save_png(plot_detachment(results), str(d / "detachment.png"))
    else:
        from sselab.plot.fem import plot_load_displacement

        save_png(plot_load_displacement(results), str(d / "load_displacement.png"))
