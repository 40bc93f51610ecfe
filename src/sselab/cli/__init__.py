"""The ``sselab`` command line.

Each sub-command lives in its own module of this package exposing
``register(subparsers)``; handlers import the heavy machinery only when run.
Errors from the :class:`~sselab.errors.SselabError` hierarchy become one line
on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from sselab._version import __version__
from sselab.errors import SselabError

#: Modules that contribute sub-commands, in the order shown by ``--help``.
COMMAND_MODULES: tuple[str, ...] = (
    "sselab.cli.reproduce",
    "sselab.cli.composition",
    "sselab.cli.recipe",
    "sselab.cli.cost",
    "sselab.cli.eis",
    "sselab.cli.cycling",
    "sselab.cli.arrhenius",
    "sselab.cli.indent",
    "sselab.cli.afm",
    "sselab.cli.mechanics",
    "sselab.cli.phasefield",
    "sselab.cli.lsv",
    "sselab.cli.symmetric",
    "sselab.cli.xrd",
    "sselab.cli.density",
    "sselab.cli.batch",
    "sselab.cli.db",
    "sselab.cli.sweep",
)


#: Thread-count variables of the BLAS libraries numpy may load; a user setting wins.
BLAS_THREAD_VARIABLES: tuple[str, ...] = (
    "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "GOTO_NUM_THREADS",
)


def single_threaded_blas_by_default() -> bool:
    """Ask BLAS for one thread unless the user chose a count; True if the default was set.

    sselab's dense linear algebra is small (least squares on a few parameters,
    element matrices); on a loaded machine a BLAS thread pool costs more than it
    gives (tens of milliseconds just to start, and small fits 30–70× slower when
    its threads spin against other processes).  Sparse solvers and multigrid do
    not use BLAS threads.  Must run before numpy is imported to take effect.
    """
    if "numpy" in sys.modules or any(v in os.environ for v in BLAS_THREAD_VARIABLES):
        return False
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    os.environ["MKL_NUM_THREADS"] = "1"
    return True


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose usage errors are one line: ``sselab: error: …`` (exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every registered sub-command (or just the module ``only``)."""
    parser = _Parser(
        prog="sselab",
        description="Solid-electrolyte research toolkit (reproduces Hu et al., Nat. Commun. 2026).",
    )
    parser.add_argument("--version", action="version", version=f"sselab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES if only is None else (only,):
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a domain not installed / not yet written
            if exc.name != name:
                raise
            continue
        mod.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status (0 ok, 1 claims failed, 2 bad input, 3 fit/solver).

    Run as a process (``argv`` None), BLAS is asked for one thread unless
    ``OPENBLAS_NUM_THREADS``, ``OMP_NUM_THREADS`` or ``MKL_NUM_THREADS`` is set
    (see :func:`single_threaded_blas_by_default`).
    """
    if argv is None:
        single_threaded_blas_by_default()
    argv = list(sys.argv[1:] if argv is None else argv)
    # Command modules are named after their command: load only the one asked for (fast start).
    wanted = f"sselab.cli.{argv[0]}" if argv and not argv[0].startswith("-") else ""
    parser = build_parser(wanted if wanted in COMMAND_MODULES else None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except SselabError as exc:
        print(f"sselab: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("sselab: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
