"""The file-less ``cost`` analysis in batch plans: USD/L results in the database."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from sselab.batch.plan import parse_plan
from sselab.batch.runner import run_batch
from sselab.cost import cost_per_litre
from sselab.errors import InputError
from sselab.parameters import data_path

PLAN = """
[campaign]
name = "cost cases"
[[group]]
name = "LZACO Li2CO3 4 h"
analysis = "cost"
options = { material = "LZACO", route = "Li2CO3", milling_time_h = 4 }
[[group]]
name = "LZACO Li2O cheap ZrCl4"
analysis = "cost"
options = { material = "LZACO", route = "Li2O", prices = { ZrCl4 = 10.0 } }
[[group]]
name = "Li2ZrCl6 own set"
analysis = "cost"
options = { material = "Li2ZrCl6", params = "prices.toml" }
"""


def _values(db: Path) -> dict[tuple[str, str], float]:
    con = sqlite3.connect(db)
    try:
        return {(s, n): v for s, n, v in con.execute(
            "SELECT sample, name, value FROM results_flat WHERE analysis='cost'")}
    finally:
        con.close()


def test_cost_cases_in_a_plan(tmp_path: Path) -> None:
    shutil.copy(data_path("cost/lzaco_2026.toml"), tmp_path / "prices.toml")
    plan_path = tmp_path / "plan.toml"
    plan_path.write_text(PLAN)
    plan = parse_plan(PLAN, plan_path)
    db = tmp_path / "r.sqlite"
    s = run_batch(plan, db)
    assert (s.n_inputs, s.n_analysed, s.n_failed) == (3, 3, 0), s.errors
    v = _values(db)
    ref = cost_per_litre("LZACO", "Li2CO3", 4.0)
    assert v[("LZACO Li2CO3 4 h", "total_USD_per_L")] == pytest.approx(43.70, abs=0.05)  # paper: 43.70
    for k in ("raw", "processing", "total"):
        assert v[("LZACO Li2CO3 4 h", f"{k}_USD_per_L")] == pytest.approx(
            float(getattr(ref, f"{k}_USD_per_L")), rel=1e-12)
    assert v[("LZACO Li2CO3 4 h", "milling_time_h")] == 4.0
    cheap = cost_per_litre("LZACO", "Li2O", prices_USD_per_kg=(("ZrCl4", 10.0),))
    assert v[("LZACO Li2O cheap ZrCl4", "raw_USD_per_L")] == pytest.approx(
        float(cheap.raw_USD_per_L), rel=1e-12)
    assert v[("Li2ZrCl6 own set", "total_USD_per_L")] == pytest.approx(
        float(cost_per_litre("Li2ZrCl6").total_USD_per_L), rel=1e-12)
    # re-run: every case skipped; a changed price file makes its case new (old rows kept)
    assert run_batch(plan, db).n_skipped == 3
    f = tmp_path / "prices.toml"
    f.write_text(f.read_text() + "\n# edited\n")
    again = run_batch(parse_plan(PLAN, plan_path), db)
    assert (again.n_analysed, again.n_skipped) == (1, 2)
    from sselab.cli import main

    assert main(["db", "report", "--db", str(db), "--out", str(tmp_path / "rep")]) == 0
    html = (tmp_path / "rep" / "report.html").read_text(encoding="utf-8")
    assert "LZACO Li2O cheap ZrCl4" in html and "total_USD_per_L (USD/L)" in html


def test_cost_plan_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="takes no input files"):
        parse_plan("[[group]]\nanalysis='cost'\nfiles=['*.csv']", tmp_path / "p.toml")
    with pytest.raises(InputError, match="unknown option"):
        parse_plan("[[group]]\nanalysis='cost'\noptions={milling_h=4}", tmp_path / "p.toml")
    plan = parse_plan("[[group]]\nname='bad'\nanalysis='cost'\noptions={material='LZACO', "
                      "route='NaCl'}", tmp_path / "p.toml")
    s = run_batch(plan, tmp_path / "r.sqlite")
    assert s.n_failed == 1 and "cost:bad" in s.errors[0]
