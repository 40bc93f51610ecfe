"""Batch runs into the SQLite store: plan parsing, skip keys, failures, resume after a kill."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sselab.batch.plan import parse_plan
from sselab.batch.runner import run_batch
from sselab.batch.store import Store
from sselab.batch.synthetic import write_eis_campaign
from sselab.errors import InputError

DATA = Path(__file__).parent / "data"


def _rows(db: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_plan_units_globs_and_overrides(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    for n in ("p1.csv", "p2.csv"):
        (tmp_path / "a" / n).write_text("1,2,3\n")
    plan = parse_plan("""
[campaign]
name = "c"
[[group]]
name = "g"
analysis = "eis"
files = ["a/*.csv"]
[group.options]
circuit = "R0-p(R1,CPE1)-CPE2"
[group.sample]
x = 1.4
y = 0.25
thickness_mm = 0.8
diameter_mm = 10
temperature_C = 25
operator = "AB"
[[group.inputs]]
path = "a/p1.csv"
sample = { name = "special", thickness_um = 900 }
""", tmp_path / "plan.toml")
    g = plan.groups[0]
    assert plan.n_inputs == 2 and g.options["lead_resistance_ohm"] == 0.0  # defaults filled
    by = {p.path.name: p.sample for p in g.inputs}
    assert by["p2.csv"]["thickness_m"] == pytest.approx(0.8e-3)
    assert by["p2.csv"]["temperature_K"] == pytest.approx(298.15)
    assert by["p2.csv"]["operator"] == "AB"


@pytest.mark.parametrize("text, msg", [
    ("[[group]]\nanalysis='nope'\nfiles=['x']", "unknown analysis"),
    ("[[group]]\nanalysis='eis'\nfiles=['x']\n[group.options]\ncircut='R0'", "unknown option"),
    ("[[group]]\nanalysis='eis'\nfiles=['x']\n[group.sample]\nthickness_mm=-1", "> 0"),
    ("[campaign]\nname='x'", "no [[group]]"),
])
def test_plan_errors(tmp_path: Path, text: str, msg: str) -> None:
    with pytest.raises(InputError, match=msg.replace("[", r"\[")):
        parse_plan(text, tmp_path / "p.toml")


def test_batch_skip_rerun_failure_and_no_delete(tmp_path: Path) -> None:
    plan_path = write_eis_campaign(tmp_path / "camp", 10, n_points=25)
    (tmp_path / "camp" / "eis" / "x10_y25_broken.csv").write_text("not,an\nimpedance,file\n")
    plan = parse_plan(plan_path.read_text(), plan_path)
    db = tmp_path / "r.sqlite"
    s1 = run_batch(plan, db)
    assert (s1.n_inputs, s1.n_analysed, s1.n_failed, s1.n_skipped) == (11, 10, 1, 0)
    s2 = run_batch(plan, db)  # everything known: all skipped, failures not retried
    assert (s2.n_analysed, s2.n_failed, s2.n_skipped) == (0, 0, 11)
    s3 = run_batch(plan, db, retry_failed=True)
    assert (s3.n_analysed, s3.n_failed, s3.n_skipped) == (0, 1, 10)
    with Store(db) as st:
        c = st.counts()
    assert c["analyses"] == 10 and c["errors"] == 2 and c["runs"] == 3 and c["samples"] == 5
    assert c["results"] == 10 * 5 and c["measurements"] == 10
    # σ recovered from the synthetic series: x=1.4 has σ25 = 2.55 mS/cm = 0.255 S/m
    sig = _rows(db, "SELECT value FROM results_flat WHERE name='conductivity_S_per_m' AND x=1.4")
    assert sig and all(abs(v / 0.255 - 1) < 0.02 for (v,) in sig)
    runs = _rows(db, "SELECT status, sselab_version, finished_utc FROM runs")
    assert all(r[0] == "finished" and r[1] and r[2] for r in runs)
    # changing an option is a new parameters hash: re-analysed, old rows kept
    plan2 = parse_plan(plan_path.read_text().replace(
        'analysis = "eis"', 'analysis = "eis"\noptions = { weighting = "proportional" }', 1),
        plan_path)
    s4 = run_batch(plan2, db)
    assert (s4.n_analysed, s4.n_failed, s4.n_skipped) == (2, 1, 8)  # group x10 has the broken file
    assert _rows(db, "SELECT COUNT(*) FROM analyses")[0][0] == 12


def test_transaction_is_atomic(tmp_path: Path) -> None:
    from sselab.batch.analyses import ResultValue

    class Boom:
        name, unit, stderr = "x", "1", 0.0

        @property
        def value(self) -> float:
            raise RuntimeError("crash while writing")

    db = tmp_path / "r.sqlite"
    with Store(db) as st:
        run = st.start_run(version="t")
        kw = dict(run_id=run, path="p", sha256="s", size=1, analysis="eis", params_hash="h",
                  params_json="{}", group="g", sample={}, sample_name="n", reader="r", fmt="f",
                  seconds=0.0)
        with pytest.raises(RuntimeError):
            st.record_result(values=[ResultValue("a", 1.0, "1"), Boom()], **kw)
        assert st.counts()["analyses"] == 0 and st.counts()["results"] == 0
        assert st.record_result(values=[ResultValue("a", 1.0, "1")], **kw)
        assert not st.record_result(values=[ResultValue("a", 1.0, "1")], **kw)  # duplicate key
        assert st.counts()["results"] == 1


def test_real_files_batch(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(f"""
[[group]]
name = "eis"
analysis = "eis"
files = ["{DATA}/eis/impedance_py/exampleData*.z", "{DATA}/eis/impedance_py/exampleData.csv",
         "{DATA}/eis/impedance_py/exampleDataGamry.DTA"]
[group.sample]
name = "impedance.py examples"
thickness_mm = 1.0
diameter_mm = 10.0
[[group]]
name = "indent"
analysis = "indent"
files = ["{DATA}/mechanics/nanoindentation/FQ.xls.gz"]
[group.sample]
name = "fused quartz"
[[group]]
name = "cells"
analysis = "cycling"
files = ["{DATA}/cycling/nw4-120-1-6-53.ndax"]
[group.sample]
name = "nw4"
""")
    from sselab.batch.plan import load_plan

    s = run_batch(load_plan(plan), tmp_path / "r.sqlite")
    assert s.n_failed == 0 and s.n_analysed == 6, s.errors
    db = tmp_path / "r.sqlite"
    (h,) = _rows(db, "SELECT value FROM results_flat WHERE name='hardness_Pa'")[0]
    assert h / 1e9 == pytest.approx(9.322, abs=0.01)  # the CLI's FQ.xls figure
    fmts = {r[0] for r in _rows(db, "SELECT format FROM measurements")}
    assert {"zplot", "gamry", "table"} <= fmts
    (n,) = _rows(db, "SELECT value FROM results_flat WHERE name='n_cycles'")[0]
    assert n > 100


@pytest.mark.slow
def test_resume_after_kill(tmp_path: Path) -> None:
    """SIGKILL the batch process mid-run; the re-run stores the rest: none missing, no duplicate."""
    n = 60
    plan = write_eis_campaign(tmp_path / "camp", n, n_points=25)
    db = tmp_path / "r.sqlite"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen([sys.executable, "-m", "sselab", "batch", str(plan), "--db", str(db)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored = 0
    t0 = time.time()
    try:
        while time.time() - t0 < 40:
            time.sleep(0.1)
            if db.exists():
                try:
                    stored = _rows(db, "SELECT COUNT(*) FROM analyses")[0][0]
                except sqlite3.OperationalError:
                    continue
                if stored >= 8:
                    break
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert 8 <= stored < n
    before = _rows(db, "SELECT COUNT(*) FROM analyses")[0][0]
    assert _rows(db, "SELECT status FROM runs")[0][0] == "running"  # killed, never finished
    from sselab.batch.plan import load_plan

    s = run_batch(load_plan(plan), db)
    assert s.n_skipped == before and s.n_analysed == n - before and s.n_failed == 0
    assert _rows(db, "SELECT COUNT(*), COUNT(DISTINCT sha256) FROM analyses")[0] == (n, n)
    # every analysis has its full set of results (no half record)
    assert _rows(db, "SELECT MIN(k), MAX(k) FROM (SELECT COUNT(*) k FROM results "
                     "GROUP BY analysis_id)")[0] == (5, 5)
