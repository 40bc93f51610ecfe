"""``sselab eis read FILE``: read an impedance file and show what is in it.

Human output is a short summary (format, points, sweeps, frequency range, first and
last point); ``--json`` prints frequencies (Hz), Re(Z) and Im(Z) (Ω, capacitive Im < 0)
and the metadata.
"""

from __future__ import annotations

import argparse


def register(eis_sub: argparse._SubParsersAction) -> None:
    p = eis_sub.add_parser(
        "read",
        help="read an impedance file (format detected from content) and summarise it",
        description=(
            "Read an impedance file: Bio-Logic .mpr/.mpt, Gamry .DTA, ZPlot .z, Autolab, "
            "CH Instruments, Parstat, VersaStudio .par, PowerSuite or a plain f/Re/Im table. "
            "The format is detected from the content; --format forces one. Z is reported "
            "with Im(Z) < 0 for capacitive points."
        ),
    )
    p.add_argument("file", metavar="FILE", help="instrument file")
    p.add_argument("--format", metavar="F", default=None,
                   help="force a reader: biologic-mpr, biologic-mpt, gamry, zplot, autolab, "
                        "chinstruments, parstat, versastudio, powersuite, table")
    p.add_argument("--sweep", type=int, default=None, metavar="K",
                   help="only sweep K (0-based) of a multi-sweep file")
    p.add_argument("--json", action="store_true",
                   help="print frequency_Hz, z_real_ohm, z_imag_ohm and metadata as JSON")
    p.set_defaults(func=run)


def _fmt_point(f: float, z: complex) -> str:
    sign = "-" if z.imag < 0 else "+"
    return f"f = {f:.6g} Hz, Z = {z.real:.6g} {sign} {abs(z.imag):.6g}j ohm"


def run(args: argparse.Namespace) -> int:
    import sys
    import warnings

    from sselab.io.eis import ReaderWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReaderWarning)
        try:
            return _run(args)
        finally:
            for w in caught:
                if issubclass(w.category, ReaderWarning):
                    print(f"sselab: warning: {w.message}", file=sys.stderr)
                else:
                    warnings.showwarning(w.message, w.category, w.filename, w.lineno)


def _run(args: argparse.Namespace) -> int:
    from sselab.cli._eis_input import read_sweep

    s = read_sweep(args.file, args.format, args.sweep)
    if args.json:
        from sselab.cli._common import print_json

        print_json({
            "frequency_Hz": s.frequency_Hz,
            "z_real_ohm": s.z_real_ohm,
            "z_imag_ohm": s.z_imag_ohm,
            "metadata": s.metadata,
        })
        return 0
    m = s.metadata
    f = s.frequency_Hz
    lines = [
        f"file:        {m.get('source_path', args.file)}",
        f"format:      {m.get('format')}",
        f"points:      {len(s)}" + (f" in {m['n_sweeps']} sweeps (starting at points "
                                     f"{m['sweep_start_indices']})"
                                     if args.sweep is None and m.get("n_sweeps", 1) > 1 else ""),
        f"frequency:   {f.min():.6g} .. {f.max():.6g} Hz "
        f"({'descending' if f[0] > f[-1] else 'ascending'} in file)",
        f"first point: {_fmt_point(f[0], s.impedance_ohm[0])}",
        f"last point:  {_fmt_point(f[-1], s.impedance_ohm[-1])}",
    ]
    if args.sweep is not None:
        lines.insert(3, f"sweep:       {m.get('sweep_index')} (of {m.get('n_sweeps')})")
    for key, label in (("instrument", "instrument"), ("technique", "technique"),
                       ("start_date", "date")):
        if m.get(key):
            lines.append(f"{label + ':':13s}{m[key]}")
    if "temperature_K" in m:
        lines.append(f"temperature: {m['temperature_K']:.2f} K (from {m['temperature_text']!r})")
    if m.get("n_skipped_dc_rows"):
        lines.append(f"skipped:     {m['n_skipped_dc_rows']} DC rows (frequency 0)")
    lines.append(f"sha256:      {m.get('sha256')}")
    print("\n".join(lines))
    return 0
