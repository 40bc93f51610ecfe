"""``sselab eis …``: impedance spectra (read, fit, kk, drt, batch).

Each verb lives in its own module ``sselab.cli.eis_<verb>`` exposing
``register(eis_subparsers)``; a verb whose module is absent is skipped.
"""

from __future__ import annotations

import argparse
import importlib

VERBS: tuple[str, ...] = ("read", "fit", "kk", "drt", "batch")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eis", help="impedance spectra: read, fit, Kramers-Kronig, DRT, batch",
                       description="Impedance spectroscopy of solid-electrolyte pellets.")
    eis_sub = p.add_subparsers(dest="eis_command", metavar="VERB", parser_class=type(p))
    for verb in VERBS:
        name = f"sselab.cli.eis_{verb}"
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        mod.register(eis_sub)
    p.set_defaults(func=lambda args: (p.print_help(), 0)[1])
