"""Per-task time limit (``timeout_s``): a slow analysis is recorded as failed, the batch goes on."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from sselab.batch import analyses
from sselab.batch.analyses import AnalysisOutput, AnalysisSpec, ResultValue
from sselab.batch.plan import parse_plan
from sselab.batch.runner import run_batch
from sselab.batch.timeout import TaskTimeout, call_with_timeout
from sselab.cli import main
from sselab.errors import InputError


def slow_analysis(path: str, options: dict, sample: dict) -> AnalysisOutput:
    """Fake analysis: busy for options['seconds'] (in small sleeps, as Python work would be)."""
    t_end = time.perf_counter() + options["seconds"]
    while time.perf_counter() < t_end:
        time.sleep(0.005)
    return AnalysisOutput((ResultValue("slept_s", options["seconds"], "s"),), "fake", "txt")


@pytest.fixture
def slow(monkeypatch, tmp_path: Path) -> Path:
    monkeypatch.setitem(analyses.ANALYSES, "slow", AnalysisSpec(
        "slow", slow_analysis, {"seconds": 0.0}, "sleeps (tests only)"))
    for n in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / n).write_text(n)
    plan = tmp_path / "plan.toml"
    plan.write_text("""
[campaign]
name = "timeouts"
[[group]]
name = "quick"
analysis = "slow"
files = ["a.txt"]
options = { seconds = 0.01 }
[[group]]
name = "stuck"
analysis = "slow"
files = ["b.txt"]
timeout_s = 0.3
options = { seconds = 30.0 }
[[group]]
name = "default limit"
analysis = "slow"
files = ["c.txt"]
options = { seconds = 0.05 }
""")
    return plan


def test_timed_out_input_is_failed_and_batch_goes_on(slow: Path, tmp_path: Path) -> None:
    plan = parse_plan(slow.read_text(), slow)
    t0 = time.perf_counter()
    s = run_batch(plan, tmp_path / "r.sqlite")
    assert time.perf_counter() - t0 < 5  # not the 30 s of the stuck input
    assert (s.n_analysed, s.n_failed) == (2, 1)
    assert len(s.errors) == 1 and "b.txt: TaskTimeout: timed out after 0.3 s" in s.errors[0]
    assert "'stuck'" in s.errors[0]
    again = run_batch(plan, tmp_path / "r.sqlite")  # failures are not retried by default
    assert (again.n_skipped, again.n_analysed, again.n_failed) == (3, 0, 0)


def test_cli_timeout_flag_is_the_default_limit(slow: Path, tmp_path: Path, capsys) -> None:
    db = tmp_path / "r.sqlite"
    # --timeout-s 0.02 applies to the groups without their own timeout_s: 'default limit'
    # (0.05 s of work) times out, 'quick' (0.01 s) does not; 'stuck' keeps its own 0.3 s.
    assert main(["batch", str(slow), "--db", str(db), "--timeout-s", "0.03", "--json"]) == 3
    s = json.loads(capsys.readouterr().out)
    assert (s["analysed"], s["failed"]) == (1, 2)
    msgs = sorted(s["errors"])
    assert "b.txt: TaskTimeout: timed out after 0.3 s" in msgs[0]
    assert "c.txt: TaskTimeout: timed out after 0.03 s" in msgs[1]
    assert main(["batch", str(slow), "--db", str(db), "--timeout-s", "-1"]) == 2
    assert "timeout_s must be a number of seconds > 0" in capsys.readouterr().err


def test_call_with_timeout_unit() -> None:
    assert call_with_timeout(lambda a, b: a + b, (1, 2), None) == 3
    assert call_with_timeout(lambda a, b: a + b, (1, 2), 5.0) == 3
    with pytest.raises(ZeroDivisionError):
        call_with_timeout(lambda: 1 / 0, (), 5.0)
    t0 = time.perf_counter()
    with pytest.raises(TaskTimeout, match=r"timed out after 0.1 s"):
        call_with_timeout(slow_analysis, ("p", {"seconds": 20.0}, {}), 0.1)
    assert time.perf_counter() - t0 < 2


def test_timeout_on_dask(tmp_path: Path) -> None:
    """The limit also holds inside a Dask worker (a task thread: no signal.alarm there)."""
    pytest.importorskip("dask.distributed", reason="needs the [dask] extra")
    from sselab.batch.executor import dask_client
    from sselab.batch.synthetic import write_eis_campaign

    p = write_eis_campaign(tmp_path / "camp", 10, n_points=25)
    warm = parse_plan(p.read_text().replace("_*.csv", "_0000[0-4].csv"), p)  # 5 files
    text = p.read_text().replace("[campaign]", "[campaign]\ntimeout_s = 0.001", 1)
    plan = parse_plan(text, p)  # all 10 files, a limit no EIS fit can meet
    with dask_client(workers=1) as client:
        w = run_batch(warm, tmp_path / "d.sqlite", client=client)  # imports done, no limit
        s = run_batch(plan, tmp_path / "d.sqlite", client=client)
    assert w.n_analysed == 5 and s.n_skipped == 5
    assert s.n_failed == 5 and all("timed out after 0.001 s" in e for e in s.errors)


def test_plan_timeout_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="timeout_s must be"):
        parse_plan("[[group]]\nanalysis='eis'\nfiles=['x']\ntimeout_s='soon'", tmp_path / "p.toml")
    with pytest.raises(InputError, match="timeout_s must be"):
        parse_plan("[campaign]\ntimeout_s=0\n[[group]]\nanalysis='eis'\nfiles=['x']",
                   tmp_path / "p.toml")
