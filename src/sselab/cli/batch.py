"""``sselab batch PLAN.toml --db results.sqlite``: a whole campaign into a results database.

Runs every analysis listed in the plan (groups of files or globs, the analysis — eis, indent,
cycling, or the file-less cost and phasefield cases — its options and the sample facts) and stores samples, measurements (path, sha256,
reader, format), results with units, parameters and the sselab version in SQLite.  Inputs
already analysed with the same parameters are skipped, so an interrupted run resumes where
it stopped; a file that fails (or runs past its ``timeout_s``) is recorded with its error
and the batch goes on.  With
``--workers N`` (a local Dask cluster of N processes) or ``--scheduler ADDRESS`` (an existing
one) the analyses run on Dask and results stream into the database as they finish.
Exit status 0 when nothing failed in this run, 3 when some input failed.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "batch", help="run a campaign plan (PLAN.toml) into a SQLite results database",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("plan", metavar="PLAN.toml", help="campaign plan")
    p.add_argument("--db", required=True, metavar="FILE.sqlite", help="results database")
    p.add_argument("--workers", type=int, metavar="N",
                   help="run on a local Dask cluster of N worker processes (needs sselab[dask])")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on an existing Dask scheduler, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--timeout-s", type=float, metavar="S",
                   help="time limit per input, s: an analysis running longer is recorded as "
                        "failed ('timed out after S s') and the batch goes on (default for "
                        "groups without their own timeout_s; overrides [campaign] timeout_s)")
    p.add_argument("--retry-failed", action="store_true",
                   help="re-run inputs that failed in an earlier run")
    p.add_argument("--json", action="store_true", help="print the run summary as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from sselab.batch.plan import load_plan
    from sselab.batch.runner import run_batch
    from sselab.errors import InputError

    if args.workers is not None and args.scheduler:
        raise InputError("give --workers (local cluster) or --scheduler (existing one), not both")
    plan = load_plan(args.plan)
    if args.timeout_s is not None:
        from dataclasses import replace

        from sselab.batch.plan import check_timeout

        plan = replace(plan, timeout_s=check_timeout(args.timeout_s, "--timeout-s"))
    for u in plan.unmatched:
        print(f"sselab: warning: no file matches {u}", file=sys.stderr)
    use_dask = args.workers is not None or bool(args.scheduler)
    if use_dask:
        from sselab.batch.executor import dask_client

        with dask_client(args.workers, args.scheduler) as client:
            ex = f"dask:{args.scheduler}" if args.scheduler else f"dask-local:{args.workers}"
            summ = run_batch(plan, args.db, client=client, retry_failed=args.retry_failed,
                             executor=ex)
    else:
        summ = run_batch(plan, args.db, retry_failed=args.retry_failed)
    if args.json:
        from sselab.cli._common import print_json

        print_json(summ.as_dict())
    else:
        print(f"{plan.name}: {summ.n_inputs} inputs: {summ.n_analysed} analysed, "
              f"{summ.n_skipped} skipped (already stored or failed before), "
              f"{summ.n_failed} failed; {summ.seconds:.1f} s; database {args.db} "
              f"(run {summ.run_id})")
        for e in summ.errors[:20]:
            print(f"  failed: {e}", file=sys.stderr)
        if len(summ.errors) > 20:
            print(f"  … {len(summ.errors)} failures in all (table 'errors')", file=sys.stderr)
    return 3 if summ.n_failed else 0
