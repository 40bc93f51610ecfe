"""Shared input options of the ``sselab eis fit|kk|drt`` verbs: file, sweep, frequency window."""

from __future__ import annotations

import argparse
from typing import Any


def add_input_arguments(p: argparse.ArgumentParser) -> None:
    """FILE, --format, --sweep, --f-min, --f-max, --drop-inductive."""
    p.add_argument("file", metavar="FILE", help="impedance file (format detected from content)")
    p.add_argument("--format", metavar="F", default=None, help="force a reader (see 'eis read')")
    p.add_argument("--sweep", type=int, default=None, metavar="K",
                   help="use only sweep K (0-based) of a multi-sweep file")
    p.add_argument("--f-min", type=float, default=None, metavar="HZ",
                   help="ignore points below this frequency, Hz")
    p.add_argument("--f-max", type=float, default=None, metavar="HZ",
                   help="ignore points above this frequency, Hz")
    p.add_argument("--drop-inductive", action="store_true",
                   help="ignore points with Im(Z) > 0 (high-frequency inductive tail)")


def read_sweep(path: str, format: str | None, sweep: int | None) -> Any:
    """The whole file (``sweep=None``) or sweep ``sweep`` (0-based) as a Spectrum."""
    from sselab.errors import InputError
    from sselab.io.eis import read_spectra, read_spectrum

    if sweep is None:
        return read_spectrum(path, format=format)
    sweeps = read_spectra(path, format=format)
    if not 0 <= sweep < len(sweeps):
        raise InputError(f"--sweep {sweep} out of range: the file has {len(sweeps)} "
                         f"sweep(s), numbered 0..{len(sweeps) - 1}")
    return sweeps[sweep]


def load_spectrum(args: argparse.Namespace) -> Any:
    """The Spectrum selected by the input options (raises SselabError subclasses)."""
    import numpy as np

    from sselab.errors import InputError

    s = read_sweep(args.file, args.format, args.sweep)
    if args.f_min is not None or args.f_max is not None:
        s = s.cropped(args.f_min if args.f_min is not None else 0.0,
                      args.f_max if args.f_max is not None else np.inf)
    if args.drop_inductive:
        s = s.without_inductive_tail()
    if len(s) == 0:
        raise InputError(f"no points of {args.file} are left after the frequency/inductive "
                         "filters; relax --f-min/--f-max or drop --drop-inductive")
    return s


def save_figure(fig: Any, path: str) -> None:
    """PNG (or SVG/PDF by extension) at 150 dpi."""
    fig.savefig(path, dpi=150)
