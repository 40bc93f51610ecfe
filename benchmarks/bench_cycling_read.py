"""Benchmark: reading neware/test_2.ndax (108 563 records), sselab vs fastnda alone.

Run from the repository root::

    python benchmarks/bench_cycling_read.py              # 20 repeats
    python benchmarks/bench_cycling_read.py --repeat 50 --file path/to/other.ndax

Both are timed in the same process, alternating, after one warm-up each:

* fastnda alone: ``fastnda.read(path, cycle_mode="raw", raw_categories=True)`` (a polars
  frame; what sselab asks fastnda for);
* sselab: ``sselab.io.cycling.read_cycling(path)`` — fastnda, plus the file's SHA-256,
  the ndax XML metadata (start time, zone), conversion to the canonical numpy columns,
  derived step types, half-cycles and cycles, and validation.

Printed: min and median of each and the ratio sselab / fastnda (goal ≤ 1.2).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = (ROOT / "tests" / "data" / "cycling" / "test_2.ndax",
              Path("/work/shared/realdata/cycling/neware/test_2.ndax"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--file", type=Path, default=None)
    args = ap.parse_args()
    path = args.file or next((p for p in CANDIDATES if p.exists()), None)
    if path is None:
        raise SystemExit("test_2.ndax not found; give --file")

    import fastnda

    from sselab.io.cycling import read_cycling

    def run_fastnda() -> int:
        return fastnda.read(path, cycle_mode="raw", raw_categories=True).height

    def run_sselab() -> int:
        return len(read_cycling(path))

    n_fast, n_ssel = run_fastnda(), run_sselab()  # warm-up (imports, thread pools)
    assert n_fast == n_ssel, (n_fast, n_ssel)
    t_fast: list[float] = []
    t_ssel: list[float] = []
    for _ in range(args.repeat):
        for fn, acc in ((run_fastnda, t_fast), (run_sselab, t_ssel)):
            t0 = time.perf_counter()
            fn()
            acc.append(time.perf_counter() - t0)
    mf, ms = min(t_fast), min(t_ssel)
    medf, meds = statistics.median(t_fast), statistics.median(t_ssel)
    print(f"file: {path} ({n_ssel} records), {args.repeat} repeats")
    print(f"fastnda alone : min {mf * 1e3:7.1f} ms   median {medf * 1e3:7.1f} ms")
    print(f"sselab        : min {ms * 1e3:7.1f} ms   median {meds * 1e3:7.1f} ms")
    print(f"ratio sselab/fastnda: min {ms / mf:.3f}   median {meds / medf:.3f}   (goal ≤ 1.2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
