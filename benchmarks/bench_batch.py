"""Batch of N generated EIS files into the results database: throughput and DB-write overhead.

    python benchmarks/bench_batch.py            # N = 1000, 1 and 2 local Dask workers + sequential
    python benchmarks/bench_batch.py --n 200

Writes N headerless CSV spectra (sselab.transport.synthetic, labelled synthetic) into a temp
folder, then runs the same plan into a fresh database: sequentially, and on a LocalCluster
of 1 and 2 worker processes.  The database-write share is the time the client spent in
``Store.record_result``/``record_error`` (one transaction per input) over the wall time.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    args = ap.parse_args()
    from sselab.batch.executor import dask_client
    from sselab.batch.plan import load_plan
    from sselab.batch.runner import run_batch
    from sselab.batch.synthetic import write_eis_campaign

    with tempfile.TemporaryDirectory() as d:
        t = time.perf_counter()
        plan = load_plan(write_eis_campaign(Path(d) / "camp", args.n))
        print(f"generated {args.n} spectra in {time.perf_counter() - t:.1f} s "
              f"({os.cpu_count()} CPUs)")
        rows = []
        for label, workers in (("sequential", None), ("dask 1 worker", 1), ("dask 2 workers", 2)):
            db = Path(d) / f"r_{workers}.sqlite"
            if workers is None:
                s = run_batch(plan, db)
                startup = 0.0
            else:
                t = time.perf_counter()
                with dask_client(workers) as client:
                    client.wait_for_workers(workers)
                    startup = time.perf_counter() - t
                    s = run_batch(plan, db, client=client)
            assert s.n_analysed == args.n, s.errors[:3]
            rows.append((label, s.seconds, args.n / s.seconds, s.db_seconds,
                         100 * s.db_seconds / s.seconds, startup))
            t = time.perf_counter()
            again = run_batch(plan, db)
            assert again.n_skipped == args.n
            rows.append(("  re-run (all skipped)", time.perf_counter() - t, float("nan"),
                         again.db_seconds, float("nan"), 0.0))
        print(f"{'run':24s} {'wall/s':>8s} {'files/s':>8s} {'db/s':>7s} {'db %':>6s} "
              f"{'cluster start/s':>15s}")
        for r in rows:
            print(f"{r[0]:24s} {r[1]:8.2f} {r[2]:8.1f} {r[3]:7.3f} {r[4]:6.2f} {r[5]:15.2f}")


if __name__ == "__main__":
    main()
