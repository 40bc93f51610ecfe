"""``sselab cycling …``: galvanostatic cycling records (read, and later summary, rate, dqdv).

Each verb lives in its own module ``sselab.cli.cycling_<verb>`` exposing
``register(cycling_subparsers)``; a verb whose module is absent is skipped.
"""

from __future__ import annotations

import argparse
import importlib

VERBS: tuple[str, ...] = ("read", "summary", "rate", "dqdv")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("cycling", help="galvanostatic cycling: read instrument files, summarise",
                       description="Galvanostatic cycling records from Neware, LAND, Bio-Logic, "
                                   "Arbin, Maccor and generic CSV files.")
    cyc_sub = p.add_subparsers(dest="cycling_command", metavar="VERB", parser_class=type(p))
    for verb in VERBS:
        name = f"sselab.cli.cycling_{verb}"
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        mod.register(cyc_sub)
    p.set_defaults(func=lambda args: (p.print_help(), 0)[1])
