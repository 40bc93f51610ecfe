"""Benchmark: Oliver–Pharr analysis of all 50 unloads of FQ.xls, sselab vs micromechanics.

Run from the repository root::

    python benchmarks/bench_indent.py               # FQ.xls from tests/data, 7 cold runs each
    python benchmarks/bench_indent.py --repeat 3

micromechanics (MIT, ``pip install micromechanics``) is optional and *not* a
sselab dependency; without it only sselab is timed.  Both tools analyse the
same file with their defaults: ideal Berkovich tip, ε = 0.75, ν = 0.18 (sselab
reads it from the file; micromechanics gets ``nuMat=0.18``); sselab fits
50–95 % of P_max, micromechanics uses its Agilent window (50–99.9 %).

Printed:

* in-process times: import, first analysis, warm median of the read + analysis;
* cold-process times: ``python -m sselab indent FQ.xls --json`` against an
  equivalent micromechanics script, each run ``--repeat`` times as a fresh
  subprocess of this interpreter, the two tools alternating run by run (wall
  min and median, and the child's CPU time, which machine load barely changes;
  the goal uses the wall medians).  Twice: with the environment as it is (the
  sselab command line asks BLAS for one thread unless the user set a count) and
  with ``OPENBLAS_NUM_THREADS=1`` for both tools;
* both tools' median and maximum |relative error| of E and H against the
  vendor values stored in the file (``Results`` sheet).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GZ = ROOT / "tests" / "data" / "mechanics" / "nanoindentation" / "FQ.xls.gz"
# kept gzipped in git; micromechanics needs the plain .xls, so unpack it outside the repository
DEFAULT = Path(tempfile.gettempdir()) / "sselab-bench" / "FQ.xls"
if not DEFAULT.exists():
    import gzip

    DEFAULT.parent.mkdir(parents=True, exist_ok=True)
    DEFAULT.write_bytes(gzip.decompress(GZ.read_bytes()))

MM_SCRIPT = """
import json, sys
from micromechanics.indentation import Indentation
ind = Indentation(sys.argv[1], nuMat=0.18)
out = {}
for test in ind:
    ind.analyse()
    out[test] = {"E_GPa": [float(x) for x in ind.modulus], "H_GPa": [float(x) for x in ind.hardness]}
sys.stdout.write(json.dumps(out))
"""


def _cold(cmd: list[str], extra_env: dict[str, str] | None = None) -> tuple[float, float]:
    """One fresh process: (wall seconds, CPU seconds user + system of the child)."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="0", **(extra_env or {}))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _cold_pair(cmd_s: list[str], cmd_m: list[str] | None, n: int,
               extra_env: dict[str, str] | None = None) -> dict[str, list[tuple[float, float]]]:
    """Alternate the two tools run by run, so machine load hits both alike."""
    out: dict[str, list[tuple[float, float]]] = {"s": [], "m": []}
    for _ in range(n):
        out["s"].append(_cold(cmd_s, extra_env))
        if cmd_m:
            out["m"].append(_cold(cmd_m, extra_env))
    return out


def _errors(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    rel = [abs(a / b - 1) * 100 for a, b in pairs]
    return statistics.median(rel), max(rel)


def _vendor(path: Path) -> dict[tuple[int, int], tuple[float, float]]:
    from sselab.io.mechanics import read_indentation

    out = {}
    for c in read_indentation(path):
        k = int(c.meta["test"])
        for j, v in enumerate(c.vendor, start=1):
            out[(k, j)] = (v.modulus_Pa / 1e9, v.hardness_Pa / 1e9)
    return out


def bench_sselab(path: Path) -> dict[str, object]:
    t0 = time.perf_counter()
    from sselab.io.mechanics import read_indentation
    from sselab.mechanics.indentation.analysis import analyse_indents
    t1 = time.perf_counter()
    results = analyse_indents(read_indentation(path))
    t2 = time.perf_counter()
    warm = []
    for _ in range(5):
        a = time.perf_counter()
        results = analyse_indents(read_indentation(path))
        warm.append(time.perf_counter() - a)
    unloads = [u for r in results for u in r.unloads]
    e = _errors([(u.modulus_Pa, u.vendor.modulus_Pa) for u in unloads])
    h = _errors([(u.hardness_Pa, u.vendor.hardness_Pa) for u in unloads])
    return {"import_s": t1 - t0, "first_s": t2 - t1, "warm_s": statistics.median(warm),
            "n": sum(u.ok for u in unloads), "E": e, "H": h}


def bench_micromechanics(path: Path, vendor: dict) -> dict[str, object] | None:
    try:
        t0 = time.perf_counter()
        import contextlib
        import io

        from micromechanics.indentation import Indentation
        t1 = time.perf_counter()
    except ImportError:
        return None
    res: dict[str, dict[str, list[float]]] = {}
    warm = []
    for rep in range(4):
        a = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            ind = Indentation(str(path), nuMat=0.18)
            out = {}
            for test in ind:
                ind.analyse()
                out[test] = {"E": list(ind.modulus), "H": list(ind.hardness)}
        dt = time.perf_counter() - a
        if rep == 0:
            first, res = dt, out
        else:
            warm.append(dt)
    pe, ph = [], []
    for test, d in res.items():
        k = int(re.sub(r"\D", "", test))
        for j, (e, h) in enumerate(zip(d["E"], d["H"], strict=True), start=1):
            ve, vh = vendor[(k, j)]
            pe.append((e, ve))
            ph.append((h, vh))
    return {"import_s": t1 - t0, "first_s": first, "warm_s": statistics.median(warm),
            "n": len(pe), "E": _errors(pe), "H": _errors(ph)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=7, help="cold runs per tool (default 7)")
    args = ap.parse_args()
    path = args.file
    s = bench_sselab(path)  # first: its import time is measured in a fresh interpreter
    vendor = _vendor(path)
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB), {len(vendor)} unloads with "
          f"vendor E and H; python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    m = bench_micromechanics(path, vendor)
    print("\nin-process (s)          import    first read+analyse   warm read+analyse (median)")
    print(f"  sselab               {s['import_s']:7.3f}   {s['first_s']:10.4f}           {s['warm_s']:10.4f}")
    if m:
        print(f"  micromechanics       {m['import_s']:7.3f}   {m['first_s']:10.4f}           {m['warm_s']:10.4f}")
        print(f"  warm ratio           {m['warm_s'] / s['warm_s']:.1f}x faster (sselab)")
    cmd_s = [sys.executable, "-m", "sselab", "indent", str(path), "--json"]
    script = None
    if m:
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as fh:
            fh.write(MM_SCRIPT)
            script = fh.name
    cmd_m = [sys.executable, script, str(path)] if script else None
    cold_ratios = {}
    try:
        for label, env in (("environment as is", None),
                           ("OPENBLAS_NUM_THREADS=1 for both", {"OPENBLAS_NUM_THREADS": "1"})):
            runs = _cold_pair(cmd_s, cmd_m, args.repeat, env)
            print(f"\ncold process, {args.repeat} alternating runs each, {label}")
            print("                                   wall min  wall median   CPU median (user+sys)")
            for key, name in (("s", "sselab indent FILE --json"), ("m", "micromechanics script")):
                if runs[key]:
                    w = [r[0] for r in runs[key]]
                    c = [r[1] for r in runs[key]]
                    print(f"  {name:<30}  {min(w):8.3f}  {statistics.median(w):10.3f}   "
                          f"{statistics.median(c):10.3f}")
            if runs["m"]:
                med = {k: statistics.median(r[0] for r in runs[k]) for k in "sm"}
                cpu = {k: statistics.median(r[1] for r in runs[k]) for k in "sm"}
                mins = {k: min(r[0] for r in runs[k]) for k in "sm"}
                ratio = med["m"] / med["s"]
                cold_ratios[label] = {"wall_median": ratio, "wall_min": mins["m"] / mins["s"],
                                      "cpu_median": cpu["m"] / cpu["s"]}
                print(f"  ratio: wall medians {ratio:.1f}x, wall mins {mins['m'] / mins['s']:.1f}x, "
                      f"CPU {cpu['m'] / cpu['s']:.1f}x faster (sselab); goal >= 10x "
                      f"{'met' if ratio >= 10 else 'NOT met'} (wall medians)")
    finally:
        if script:
            os.unlink(script)
    print("\n|relative error| vs vendor (%)     n    E median   E max   H median   H max")
    for name, r in (("sselab", s), ("micromechanics", m)):
        if r:
            print(f"  {name:<28}{r['n']:>4}   {r['E'][0]:8.2f} {r['E'][1]:7.2f}   "
                  f"{r['H'][0]:8.2f} {r['H'][1]:7.2f}")
    if not m:
        print("\nmicromechanics not installed: pip install micromechanics (optional, for comparison)")
    # machine-readable line for the record
    print("\nJSON " + json.dumps({"sselab": s, "micromechanics": m, "cold_ratios": cold_ratios},
                                 default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
