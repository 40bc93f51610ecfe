"""Batch of N generated EIS files into the results database: throughput and DB-write overhead.

    python benchmarks/bench_batch.py            # N = 1000: sequential, 1 and 2 local Dask workers
    python benchmarks/bench_batch.py --n 200 --unchunked

Writes N headerless CSV spectra (sselab.transport.synthetic, labelled synthetic) into a temp
folder, then runs the same plan into a fresh database: sequentially, and on a LocalCluster
of 1 and 2 worker processes (files grouped into chunks per Dask task, see
``sselab.batch.executor.auto_chunk_size``; ``--unchunked`` adds runs with one file per task,
the earlier behaviour, for comparison).  Columns:

* ``files/s``: N / wall time of ``run_batch`` (hashing, scheduling, analyses, DB writes;
  the cluster start is listed apart);
* ``db %``: time the client spent in ``Store.record_result``/``record_error`` (one
  transaction per input) over the wall time;
* ``task s``: sum of the analysis times measured inside the tasks; ``overhead ms/file``:
  (wall × workers − task s) / N, i.e. what running through Dask and the store adds per file
  (on a busy machine it also holds the time the workers waited for a CPU);
* ``cpu s``: CPU time of this process and its worker processes during the run, and
  ``cpu ms/file`` its share per file: unlike wall times it does not depend on what else the
  machine runs, so ``cpu ms/file`` minus the sequential one is Dask's cost per file.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def _cpu_s(client=None) -> float:  # noqa: ANN001
    """CPU seconds of this process, plus (with a client) of its workers."""
    t = os.times()
    cpu = t.user + t.system
    if client is not None:
        import psutil

        def worker_cpu() -> float:
            c = psutil.Process().cpu_times()
            return c.user + c.system

        cpu += sum(client.run(worker_cpu).values())
    return cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--unchunked", action="store_true",
                    help="also run with one file per Dask task")
    args = ap.parse_args()
    from sselab.batch.executor import dask_client
    from sselab.batch.plan import load_plan
    from sselab.batch.runner import run_batch
    from sselab.batch.synthetic import write_eis_campaign

    with tempfile.TemporaryDirectory() as d:
        t = time.perf_counter()
        plan = load_plan(write_eis_campaign(Path(d) / "camp", args.n))
        print(f"generated {args.n} spectra in {time.perf_counter() - t:.1f} s "
              f"({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f})")
        runs = [("sequential", None, None), ("dask 1 worker", 1, None),
                ("dask 2 workers", 2, None)]
        if args.unchunked:
            runs[2:2] = [("dask 1 worker, 1 file/task", 1, 1)]
            runs.append(("dask 2 workers, 1 file/task", 2, 1))
        rows = []
        for k, (label, workers, chunk) in enumerate(runs):
            db = Path(d) / f"r_{k}.sqlite"
            task_s: list[float] = []
            note = (lambda acc: lambda task, outcome, summ: acc.append(outcome.seconds))(task_s)

            if workers is None:
                c0 = _cpu_s()
                s = run_batch(plan, db, on_outcome=note)
                cpu = _cpu_s() - c0
                startup = 0.0
            else:
                t = time.perf_counter()
                with dask_client(workers) as client:
                    client.wait_for_workers(workers)
                    startup = time.perf_counter() - t
                    c0 = _cpu_s(client)
                    s = run_batch(plan, db, client=client, on_outcome=note, chunk_size=chunk)
                    cpu = _cpu_s(client) - c0
            assert s.n_analysed == args.n, s.errors[:3]
            w = workers or 1
            rows.append((label, s.seconds, args.n / s.seconds, s.db_seconds,
                         100 * s.db_seconds / s.seconds, sum(task_s),
                         1e3 * (s.seconds * w - sum(task_s)) / args.n, startup, cpu,
                         1e3 * cpu / args.n))
            t = time.perf_counter()
            again = run_batch(plan, db)
            assert again.n_skipped == args.n
            rows.append(("  re-run (all skipped)", time.perf_counter() - t, float("nan"),
                         again.db_seconds, float("nan"), float("nan"), float("nan"), 0.0,
                         float("nan"), float("nan")))
        print(f"{'run':28s} {'wall/s':>7s} {'files/s':>8s} {'db/s':>6s} {'db %':>5s} "
              f"{'task s':>7s} {'overhead ms/file':>16s} {'cluster start/s':>15s} "
              f"{'cpu s':>6s} {'cpu ms/file':>11s}")
        for r in rows:
            print(f"{r[0]:28s} {r[1]:7.2f} {r[2]:8.1f} {r[3]:6.3f} {r[4]:5.2f} {r[5]:7.1f} "
                  f"{r[6]:16.1f} {r[7]:15.2f} {r[8]:6.1f} {r[9]:11.1f}")
        seq, one, two = (next(r for r in rows if r[0] == lab)
                         for lab in ("sequential", "dask 1 worker", "dask 2 workers"))
        print(f"1 worker / sequential = {one[2] / seq[2]:.2f}; 2 workers / 1 worker = "
              f"{two[2] / one[2]:.2f}; load average now {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
