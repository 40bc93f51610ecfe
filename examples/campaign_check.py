"""Run a campaign end to end and count: the shared real files plus generated spectra.

Run from the repository root (``../shared`` beside it)::

    python examples/campaign_check.py            # 100 generated spectra (default)
    python examples/campaign_check.py --n 300 --kill-after 3

1. ``sselab batch examples/realdata_plan.toml`` and a generated synthetic EIS campaign
   (:func:`sselab.batch.synthetic.write_eis_campaign`, labelled synthetic) into one database:
   inputs, analysed, failed (with reasons), results;
2. the same two commands again: every input must be skipped;
3. a fresh database: the generated campaign is started, killed with SIGKILL after
   ``--kill-after`` seconds, and run again: the stored set must equal the uninterrupted
   run's, with no input stored twice and none missing.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def batch(plan: Path, db: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "sselab", "batch", str(plan), "--db", str(db),
                          "--json"], capture_output=True, text=True)
    if out.returncode not in (0, 1, 3):
        raise SystemExit(f"sselab batch failed ({out.returncode}): {out.stderr[-2000:]}")
    return json.loads(out.stdout)


def stored(db: Path) -> list[tuple[str, str, str]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT sha256, analysis, parameters_hash FROM analyses").fetchall()
    finally:
        con.close()


def count(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100, help="generated spectra (default 100)")
    ap.add_argument("--kill-after", type=float, default=2.0, help="seconds before SIGKILL")
    args = ap.parse_args()
    real_plan = ROOT / "examples" / "realdata_plan.toml"
    if not (ROOT.parent / "shared" / "realdata").is_dir():
        raise SystemExit("../shared/realdata not found beside the repository")
    from sselab.batch.synthetic import write_eis_campaign

    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        gen_plan = write_eis_campaign(t / "gen", args.n)
        db = t / "campaign.sqlite"
        t0 = time.perf_counter()
        first = [batch(real_plan, db), batch(gen_plan, db)]
        dt = time.perf_counter() - t0
        n_in = sum(r["inputs"] for r in first)
        print(f"1. first run ({dt:.1f} s): {n_in} inputs (real {first[0]['inputs']}, generated "
              f"{first[1]['inputs']}): {sum(r['analysed'] for r in first)} analysed, "
              f"{sum(r['failed'] for r in first)} failed (recorded with their reason), "
              f"{count(db, 'results')} result values in {count(db, 'analyses')} analyses")
        con = sqlite3.connect(db)
        for path, etype in con.execute("SELECT path, error_type FROM errors"):
            print(f"     failed: {os.path.relpath(path, ROOT)}: {etype}")
        con.close()
        again = [batch(real_plan, db), batch(gen_plan, db)]
        n_skip = sum(r["skipped"] for r in again)
        n_new = sum(r["analysed"] for r in again)
        print(f"2. re-run: {n_skip}/{n_in} skipped, {n_new} analysed again")
        con = sqlite3.connect(db)
        gen_ref = set(con.execute(
            "SELECT a.sha256, a.analysis, a.parameters_hash FROM analyses a JOIN measurements m "
            "ON a.measurement_id = m.id WHERE m.path LIKE ?", (f"{t / 'gen'}%",)).fetchall())
        con.close()

        db2 = t / "killed.sqlite"
        cmd = [sys.executable, "-m", "sselab", "batch", str(gen_plan), "--db", str(db2)]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(args.kill_after)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        before = count(db2, "analyses") if db2.exists() else 0
        resumed = batch(gen_plan, db2)
        keys = stored(db2)
        dup = len(keys) - len(set(keys))
        gen_keys = set(keys)
        missing = len(gen_ref - gen_keys)
        print(f"3. killed after {args.kill_after:g} s with {before} of {first[1]['inputs']} stored; "
              f"resumed: {resumed['skipped']} skipped, {resumed['analysed']} analysed; "
              f"stored {len(gen_keys)}, duplicates {dup}, missing {missing}, "
              f"same set as the uninterrupted run: {gen_keys == gen_ref}")
        ok = n_skip == n_in and n_new == 0 and dup == 0 and missing == 0 and gen_keys == gen_ref
        print("all checks passed" if ok else "CHECK FAILED")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
