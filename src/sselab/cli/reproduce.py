"""``sselab reproduce``: run every analysis on embedded data and write the report."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "reproduce",
        help="run every analysis of the paper on embedded data; write report.html and results.json",
        description=(
            "Runs every analysis sselab has on data embedded in the package and writes "
            "DIR/report.html (self-contained) and DIR/results.json. Exit status 0 when all "
            "claims pass, 1 when any fails."
        ),
    )
    p.add_argument("--out", default="sselab-report", metavar="DIR",
                   help="output folder (default: %(default)s)")
    p.add_argument("--only", nargs="+", metavar="SECTION", help="run only these sections")
    p.add_argument("--list", action="store_true", help="list the sections and exit")
    p.add_argument("--seed", type=int, default=20260108,
                   help="seed of the synthetic inputs (default: %(default)s)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sselab.report import write_report
    from sselab.reproduce.registry import Context
    from sselab.reproduce.runner import run as run_sections
    from sselab.reproduce.runner import select

    if args.list:
        for s in select(None):
            print(f"{s.id:14s} {s.title}")
        return 0
    specs = select(args.only)
    rep = _run_with_progress(run_sections, Context(seed=args.seed), args.only, specs, args.quiet)
    html, js = write_report(rep, args.out)
    n = len(rep.claims)
    n_fail = sum(c.status != "pass" for c in rep.claims)
    for s in rep.sections:
        if s.error:
            print(f"section {s.id} failed: {s.error}", file=sys.stderr)
    for c in rep.claims:
        if c.status != "pass":
            print(f"FAIL {c.id}: paper {c.paper} {c.unit}, computed {c.computed:.6g}",
                  file=sys.stderr)
    print(f"{n - n_fail}/{n} claims pass in {rep.seconds:.1f} s; report: {html}; results: {js}")
    return 0 if rep.ok else 1


def _run_with_progress(run_sections, ctx, only, specs, quiet):  # type: ignore[no-untyped-def]
    if quiet:
        return run_sections(ctx, only)
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    total = len(specs)
    with Progress(
        TextColumn("[bold]reproduce[/bold] {task.description}"),
        BarColumn(),
        TextColumn("{task.completed:.1f}/{task.total} sections"),
        TimeElapsedColumn(),
        transient=False,
    ) as prog:
        task = prog.add_task("", total=total)
        state = {"done": 0}

        def progress(frac: float, message: str) -> None:
            prog.update(task, completed=state["done"] + min(max(frac, 0.0), 1.0),
                        description=message)

        ctx.progress = progress

        def on_start(spec):  # type: ignore[no-untyped-def]
            prog.update(task, description=spec.title)

        def on_done(spec, res):  # type: ignore[no-untyped-def]
            state["done"] += 1
            prog.update(task, completed=state["done"])

        return run_sections(ctx, only, on_start, on_done)
