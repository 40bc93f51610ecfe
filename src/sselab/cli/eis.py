"""``sselab eis …``: impedance spectra (read, fit, kk, drt, batch).

Each verb lives in its own module ``sselab.cli.eis_<verb>`` exposing
``register(eis_subparsers)``; a verb whose module is absent is skipped.
"""

from __future__ import annotations

import argparse

from sselab.cli._common import register_verb_group

VERBS: tuple[str, ...] = ("read", "fit", "kk", "drt", "batch")


def register(sub: argparse._SubParsersAction) -> None:
    register_verb_group(sub, "eis", VERBS,
                        help="impedance spectra: read, fit, Kramers-Kronig, DRT, batch",
                        description="Impedance spectroscopy of solid-electrolyte pellets.")
