"""Benchmark: read + per-cycle summary of a Neware file, sselab vs navani vs cellpy; 10 M rows.

Run from the repository root::

    python benchmarks/bench_cycling.py                       # all parts
    python benchmarks/bench_cycling.py --repeat 5 --rows 10000000
    python benchmarks/bench_cycling.py --navani-python /path/venv/bin/python \\
        --cellpy-python /path/other/bin/python

Part 1 — ``neware/test_2.ndax`` (108 563 rows), side by side in one run, each tool warmed up
once and timed ``--repeat`` times (minimum reported):

* fastnda alone: ``fastnda.read(path, cycle_mode="raw")`` (the raw read sselab builds on);
* sselab: ``read_cycling`` + ``summarise`` (this process);
* navani: ``echem_file_loader`` + ``cycle_summary``;
* cellpy: ``cellpy.get(path, instrument="neware_nda")`` (reads and summarises).

navani pins numpy < 2 and pandas < 3 and cellpy 2.x needs Python ≥ 3.13, so neither can
share sselab's environment (fastnda needs numpy ≥ 2.2.6): each runs in its own virtual
environment, given by ``--navani-python``/``--cellpy-python`` (default: the environment
variables ``SSELAB_BENCH_NAVANI``/``SSELAB_BENCH_CELLPY``, else
``/tmp/benchenv/{navani,cellpy}/bin/python``), timed inside that interpreter after its
imports, and skipped with a note when absent.  Set one up with::

    python3 -m venv /tmp/benchenv/navani && /tmp/benchenv/navani/bin/pip install navani
    python3 -m venv /tmp/benchenv/cellpy && /tmp/benchenv/cellpy/bin/pip install cellpy

Goals: sselab end to end ≥ 3× faster than the fastest other tool; sselab's summary step
≥ 5× faster than navani's ``cycle_summary``; sselab's read ≤ 1.2× fastnda alone.

Part 2 — the summary of a synthetic 10-million-row table (CC cycling, 2000 rows per
half-cycle, built by :func:`sselab.cycling.synthetic.synthetic_cycling` +
:func:`~sselab.cycling.synthetic.tile_record`, not timed), in a fresh process: time of
``summarise`` (min of 3), its own peak allocation (tracemalloc, which numpy reports to)
and the process's peak RSS.  Goals: < 2 s and < 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = (ROOT / "tests" / "data" / "cycling" / "test_2.ndax",
              Path("/work/shared/realdata/cycling/neware/test_2.ndax"))

NAVANI = textwrap.dedent("""
    import json, sys, time, warnings
    warnings.filterwarnings("ignore")
    import navani.echem as ec
    p, n = sys.argv[1], int(sys.argv[2])
    df = ec.echem_file_loader(p); s = ec.cycle_summary(df)
    tl, ts = [], []
    for _ in range(n):
        t0 = time.perf_counter(); df = ec.echem_file_loader(p); t1 = time.perf_counter()
        s = ec.cycle_summary(df); t2 = time.perf_counter()
        tl.append(t1 - t0); ts.append(t2 - t1)
    from importlib.metadata import version
    print(json.dumps({"read": min(tl), "summary": min(ts), "total": min(a + b for a, b in zip(tl, ts)),
                      "rows": int(df.shape[0]), "cycles": int(s.shape[0]),
                      "version": version("navani")}))
""")

CELLPY = textwrap.dedent("""
    import json, sys, time, warnings, logging
    warnings.filterwarnings("ignore"); logging.disable(logging.CRITICAL)
    import cellpy
    p, n = sys.argv[1], int(sys.argv[2])
    c = cellpy.get(p, instrument="neware_nda")
    tt = []
    for _ in range(n):
        t0 = time.perf_counter(); c = cellpy.get(p, instrument="neware_nda")
        tt.append(time.perf_counter() - t0)
    print(json.dumps({"total": min(tt), "rows": int(c.data.raw.shape[0]),
                      "cycles": int(c.data.summary.shape[0]), "version": cellpy.__version__}))
""")

BIG = textwrap.dedent("""
    import json, resource, sys, time, tracemalloc
    import numpy as np
    from sselab.cycling.summary import summarise
    from sselab.cycling.synthetic import synthetic_cycling, tile_record
    rows, pts = int(sys.argv[1]), 2000
    per_cycle = 2 * pts + 6
    n_base = 250
    times = max(1, round(rows / (n_base * per_cycle)))
    q = 1e-3 * (1 - 1e-4 * np.arange(n_base))
    base = synthetic_cycling(q / 0.995, q, 1e-4, 1e-4, points_per_half_cycle=pts,
                             noise_V=0.001, rng=np.random.default_rng(0))
    table = tile_record(base, times)
    del base
    rss_table = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    tt = []
    for _ in range(3):
        t0 = time.perf_counter(); s = summarise(table); tt.append(time.perf_counter() - t0)
    tracemalloc.start(); s = summarise(table); cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({"rows": len(table), "cycles": s.n_cycles, "time": min(tt),
                      "summary_peak_bytes": peak,
                      "table_bytes": sum(a.nbytes for a in table.columns.values()),
                      "rss_after_build_bytes": rss_table,
                      "rss_peak_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                      "cpus": len(__import__("os").sched_getaffinity(0))}))
""")


def _venv_python(flag: str | None, env: str, default: str) -> str | None:
    cand = flag or os.environ.get(env) or default
    return cand if cand and Path(cand).exists() else None


def _run(python: str, script: str, *args: str, timeout: int = 900) -> dict | None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    if python == sys.executable:
        env = dict(os.environ)
    try:
        out = subprocess.run([python, "-c", script, *args], capture_output=True, text=True,
                             timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired:
        print(f"  (timed out after {timeout} s)")
        return None
    if out.returncode != 0:
        print(f"  (failed: {out.stderr.strip().splitlines()[-1] if out.stderr else out.returncode})")
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def part1(path: Path, repeat: int, navani_py: str | None, cellpy_py: str | None) -> None:
    import fastnda

    from sselab.cycling.summary import summarise
    from sselab.io.cycling import read_cycling

    fastnda.read(path, cycle_mode="raw", raw_categories=True)
    t = read_cycling(path)
    summarise(t)
    tf, tr, ts = [], [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fastnda.read(path, cycle_mode="raw", raw_categories=True)
        t1 = time.perf_counter()
        t = read_cycling(path)
        t2 = time.perf_counter()
        s = summarise(t)
        t3 = time.perf_counter()
        tf.append(t1 - t0)
        tr.append(t2 - t1)
        ts.append(t3 - t2)
    ssel = {"read": min(tr), "summary": min(ts),
            "total": min(a + b for a, b in zip(tr, ts, strict=True)), "rows": len(t),
            "cycles": s.n_cycles}
    fast = min(tf)
    print(f"file: {path} ({len(t)} rows), {repeat} repeats, minimum times")
    print(f"  fastnda {fastnda.__version__} raw read : {fast * 1e3:8.1f} ms")
    print(f"  sselab read + summary     : {ssel['total'] * 1e3:8.1f} ms  (read "
          f"{ssel['read'] * 1e3:.1f}, summary {ssel['summary'] * 1e3:.2f}; {ssel['cycles']} cycles)")
    others: dict[str, dict] = {}
    for name, py, script in (("navani", navani_py, NAVANI), ("cellpy", cellpy_py, CELLPY)):
        if py is None:
            print(f"  {name:<25}: not installed (see the module docstring)")
            continue
        r = _run(py, script, str(path), str(repeat))
        if r is None:
            print(f"  {name:<25}: could not run")
            continue
        others[name] = r
        extra = (f"(read {r['read'] * 1e3:.1f}, summary {r['summary'] * 1e3:.1f}; "
                 if "summary" in r else "(")
        print(f"  {name + ' ' + r['version'] + ' end to end':<25}: {r['total'] * 1e3:8.1f} ms  "
              f"{extra}{r['cycles']} cycles)")
    print("ratios:")
    print(f"  sselab read / fastnda alone            : {ssel['read'] / fast:6.2f}   (goal ≤ 1.2)")
    if others:
        best = min(others, key=lambda k: others[k]["total"])
        print(f"  fastest other end to end ({best:>6}) / sselab: "
              f"{others[best]['total'] / ssel['total']:6.2f}   (goal ≥ 3)")
    if "navani" in others:
        print(f"  navani cycle_summary / sselab summary  : "
              f"{others['navani']['summary'] / ssel['summary']:6.1f}   (goal ≥ 5)")


def part2(rows: int) -> None:
    r = _run(sys.executable, BIG, str(rows), timeout=1200)
    if r is None:
        return
    gb = 1024 ** 3
    print(f"synthetic table: {r['rows']} rows, {r['cycles']} cycles, {r['cpus']} CPU(s)")
    print(f"  summarise: {r['time']:.3f} s (goal < 2 s)")
    print(f"  summary's own peak allocation: {r['summary_peak_bytes'] / 1e6:.0f} MB; "
          f"table {r['table_bytes'] / 1e6:.0f} MB")
    print(f"  process peak RSS (table + summary): {r['rss_peak_bytes'] / gb:.2f} GiB "
          f"(goal < 2 GB)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--file", type=Path, default=None)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--navani-python", default=None)
    ap.add_argument("--cellpy-python", default=None)
    ap.add_argument("--skip-big", action="store_true")
    ap.add_argument("--skip-file", action="store_true")
    args = ap.parse_args()
    if not args.skip_file:
        path = args.file or next((p for p in CANDIDATES if p.exists()), None)
        if path is None:
            raise SystemExit("test_2.ndax not found; give --file")
        part1(path, args.repeat,
              _venv_python(args.navani_python, "SSELAB_BENCH_NAVANI",
                           "/tmp/benchenv/navani/bin/python"),
              _venv_python(args.cellpy_python, "SSELAB_BENCH_CELLPY",
                           "/tmp/benchenv/cellpy/bin/python"))
    if not args.skip_big:
        part2(args.rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
