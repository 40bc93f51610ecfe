"""``sselab xrd FILE...``: read powder patterns, find peaks, crystallinity index, phase marks."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

from sselab.errors import InputError

EXAMPLE = "xrd/synthetic_lzaco_like.xy"
EXAMPLE_BLANK = "xrd/synthetic_blank.xy"
EXAMPLE_SIDECAR = "xrd/synthetic_lzaco_like"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "xrd", help="XRD: read patterns, peaks, crystallinity index, hcp/ccp reference reflections",
        description=(
            "Reads powder patterns (.xy/.csv/.txt two-column, Rigaku .ras/.rasx, PANalytical "
            ".xrdml, Bruker .brml; format found from the content), finds Bragg peaks, computes "
            "the crystallinity index (Bragg area / total scattered area above the background) and "
            "marks which reference phases (hcp Li2ZrCl6-type P-3m1, ccp LiCl-type Fm-3m) the "
            "peaks match. --example runs on sselab's embedded SYNTHETIC pattern of known "
            "crystalline fraction; --reflections PHASE lists a phase's reference reflections."),
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="diffraction files")
    p.add_argument("--example", action="store_true",
                   help="analyse the embedded synthetic pattern (with its blank) and compare "
                        "with the constructed crystalline fraction")
    p.add_argument("--reflections", metavar="PHASE", default=None,
                   help="list reference reflections of hcp, ccp (or a structure key) and exit")
    p.add_argument("--format", default=None, help="file format (default: detected)")
    p.add_argument("--scan", type=int, default=0, help="scan index in multi-scan files (default 0)")
    p.add_argument("--range", type=float, nargs=2, metavar=("LO", "HI"), default=None,
                   help="2θ range analysed, degrees")
    p.add_argument("--wavelength", type=float, default=None, metavar="ANGSTROM",
                   help="wavelength in Å (default: the file's, else Cu Kα1 1.5406)")
    p.add_argument("--method", choices=("fit", "envelope"), default="fit",
                   help="crystallinity method (default: fit)")
    p.add_argument("--blank", default=None, metavar="FILE",
                   help="measured blank (empty holder + film) on the same grid, used as background")
    p.add_argument("--phases", default="hcp,ccp", help="reference phases to match (default hcp,ccp)")
    p.add_argument("--peaks", type=int, default=8, help="peaks listed per file (default 8)")
    p.add_argument("--no-crystallinity", action="store_true",
                   help="only read and list peaks (e.g. for non-powder scans)")
    p.add_argument("--json", action="store_true", help="results as JSON")
    p.add_argument("--plot", metavar="FILE.svg", default=None,
                   help="write a figure (svg or png): stacked patterns with reference ticks, or "
                        "the decomposition for a single pattern")
    p.set_defaults(func=run)


def _phases(text: str) -> list[str]:
    out = [t.strip() for t in text.split(",") if t.strip()]
    from sselab.xrd.reflections import load_structure

    for ph in out:
        load_structure(ph)  # DataError for unknown names
    return out


def _reflections(args: argparse.Namespace) -> int:
    from sselab.xrd.reflections import load_structure, reflections

    st = load_structure(args.reflections)
    lam = args.wavelength or 1.5406
    lo, hi = args.range or (5.0, 90.0)
    refl = reflections(st, wavelength_angstrom=lam, two_theta_min_deg=lo, two_theta_max_deg=hi)
    if args.json:
        from sselab.cli._common import print_json

        print_json({"structure": st.key, "label": st.label, "space_group": st.space_group,
                    "kind": st.kind, "source": st.source, "wavelength_angstrom": lam,
                    "lattice_angstrom_deg": vars(st.lattice),
                    "reflections": [vars(r) for r in refl]})
        return 0
    print(f"{st.label}: {st.space_group} (No. {st.space_group_number}), a = {st.lattice.a} Å, "
          f"c = {st.lattice.c} Å; model kind: {st.kind}; λ = {lam} Å")
    print(f"  source: {st.source}")
    print(f"  {'hkl':>12} {'m':>3} {'d (Å)':>8} {'2θ (°)':>8} {'I rel':>7}")
    for r in refl:
        print(f"  {str(r.hkl):>12} {r.multiplicity:>3} {r.d_spacing_angstrom:8.4f} "
              f"{r.two_theta_deg:8.3f} {r.relative_intensity:7.1f}")
    return 0


def _load(args: argparse.Namespace) -> list[tuple[Any, Any, dict]]:
    from dataclasses import replace

    from sselab.io.xrd import read_pattern

    items = []
    if args.example:
        import tempfile

        from sselab.parameters import data_bytes, load_parameter_set

        side = load_parameter_set(EXAMPLE_SIDECAR)
        with tempfile.TemporaryDirectory() as tmp:
            pp, bp = Path(tmp) / "synthetic_lzaco_like.xy", Path(tmp) / "synthetic_blank.xy"
            pp.write_bytes(data_bytes(EXAMPLE))
            bp.write_bytes(data_bytes(EXAMPLE_BLANK))
            pat, blank = read_pattern(pp), read_pattern(bp)
        cf = 100.0 * float(side.value("construction.crystalline_fraction"))
        items.append((pat, blank.intensity, {"constructed_crystallinity_percent": cf,
                                             "synthetic": True}))
    blank_arr = None
    if args.blank:
        blank_arr = read_pattern(args.blank).intensity
    for f in args.files:
        pat = read_pattern(f, args.format, args.scan)
        items.append((pat, blank_arr, {}))
    if args.wavelength:
        if not (math.isfinite(args.wavelength) and 0.01 < args.wavelength < 10):
            raise InputError("--wavelength must be 0.01–10 Å")
        items = [(replace(p, wavelength_angstrom=args.wavelength), b, e) for p, b, e in items]
    return items


def run(args: argparse.Namespace) -> int:
    if args.reflections:
        return _reflections(args)
    if not args.files and not args.example:
        raise InputError("give diffraction FILE(s), --example or --reflections PHASE")
    phases = _phases(args.phases)
    from sselab.xrd.compare import match_phase
    from sselab.xrd.crystallinity import crystallinity_index
    from sselab.xrd.peaks import find_peaks

    items = _load(args)
    records = []
    for pat, blank, extra in items:
        p = pat.crop(*args.range) if args.range else pat
        if blank is not None and args.range:
            import numpy as np

            m = (pat.two_theta_deg >= args.range[0]) & (pat.two_theta_deg <= args.range[1])
            blank = np.asarray(blank)[m]
        rec: dict[str, Any] = {"pattern": p.summary(), **extra}
        result = None
        if not args.no_crystallinity:
            result = crystallinity_index(p, method=args.method,
                                         background="snip" if blank is None else blank)
            peaks = sorted(result.bragg_peaks, key=lambda k: -k.area)
            rec["crystallinity"] = result.as_dict()
            positions = [k.center_deg for k in peaks]
            rows = [{"two_theta_deg": k.center_deg,
                     "d_spacing_angstrom": p.wavelength_angstrom
                     / (2 * math.sin(math.radians(k.center_deg) / 2)),
                     "fwhm_deg": k.fwhm_deg, "area": k.area} for k in peaks]
        else:
            found = find_peaks(p.two_theta_deg, p.intensity,
                               wavelength_angstrom=p.wavelength_angstrom)
            positions = [k.position_deg for k in found]
            rows = [{"two_theta_deg": k.position_deg, "d_spacing_angstrom": k.d_spacing_angstrom,
                     "fwhm_deg": k.fwhm_deg, "height": k.height} for k in found]
        rec["peaks"] = rows[: args.peaks]
        rec["phase_match"] = {ph: vars(match_phase(
            positions, ph, wavelength_angstrom=p.wavelength_angstrom,
            two_theta_range_deg=(float(p.two_theta_deg[0]), float(p.two_theta_deg[-1]))))
            for ph in phases}
        records.append((p, result, rec))
    if args.plot:
        _plot([r[0] for r in records], [r[1] for r in records], phases, args.plot)
    if args.json:
        from sselab.cli._common import print_json

        print_json([r[2] for r in records] if len(records) > 1 else records[0][2])
        return 0
    for p, result, rec in records:
        s = rec["pattern"]
        print(f"{p.name or '(pattern)'} [{s['format']}]: {s['points']} points, "
              f"2θ {s['two_theta_min_deg']:.3f}–{s['two_theta_max_deg']:.3f}°, step "
              f"{s['step_deg']:.4f}°, λ = {s['wavelength_angstrom']:.6g} Å, max "
              f"{s['intensity_max']:.6g} {s['intensity_unit']}")
        if rec.get("synthetic"):
            print("  SYNTHETIC example pattern (embedded, generated by sselab; not a measurement)")
        if result is not None:
            line = (f"  crystallinity index ({result.method}): {result.crystallinity_percent:.2f} % "
                    f"(Bragg {len(result.bragg_peaks)} peaks, {len(result.halos)} halo(s)")
            line += (f", reduced χ² {result.reduced_chi2:.2f})" if result.method == "fit" else ")")
            print(line)
            if "constructed_crystallinity_percent" in rec:
                c = rec["constructed_crystallinity_percent"]
                print(f"  constructed crystalline fraction {c:.2f} % → recovered "
                      f"{result.crystallinity_percent:.2f} % (difference "
                      f"{result.crystallinity_percent - c:+.2f} points)")
            for w in result.warnings:
                print(f"  warning: {w}")
        if rec["peaks"]:
            print(f"  {'2θ (°)':>9} {'d (Å)':>8} {'FWHM (°)':>9}")
            for k in rec["peaks"]:
                print(f"  {k['two_theta_deg']:9.3f} {k['d_spacing_angstrom']:8.4f} "
                      f"{k['fwhm_deg']:9.3f}")
        for ph, m in rec["phase_match"].items():
            score = m["score"]
            print(f"  {ph}: {'—' if math.isnan(score) else f'{100 * score:.0f} %'} of the strong "
                  f"reference intensity matched ({len(m['matched'])} of "
                  f"{len(m['matched']) + len(m['missing'])} reflections)")
    return 0


def _plot(patterns, results, phases, path: str) -> None:
    from sselab.plot.svg import save_png, to_svg
    from sselab.plot.xrd import plot_decomposition, plot_patterns

    if len(patterns) == 1 and results[0] is not None:
        fig = plot_decomposition(patterns[0], results[0], phases=phases,
                                 title=patterns[0].name)
    else:
        fig = plot_patterns(patterns, phases=phases)
    out = Path(path)
    try:
        if out.suffix.lower() == ".png":
            save_png(fig, str(out))
        else:
            out.write_text(to_svg(fig), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror}") from None
