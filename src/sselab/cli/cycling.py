"""``sselab cycling …``: galvanostatic cycling records (read, summary, rate, dqdv).

Each verb lives in its own module ``sselab.cli.cycling_<verb>`` exposing
``register(cycling_subparsers)``; a verb whose module is absent is skipped.
"""

from __future__ import annotations

import argparse

from sselab.cli._common import register_verb_group

VERBS: tuple[str, ...] = ("read", "summary", "rate", "dqdv")


def register(sub: argparse._SubParsersAction) -> None:
    register_verb_group(sub, "cycling", VERBS,
                        help="galvanostatic cycling: read instrument files, summarise",
                        description="Galvanostatic cycling records from Neware, LAND, Bio-Logic, "
                                    "Arbin, Maccor and generic CSV files.")
