"""`sselab batch`, `sselab db export|report|query`, `sselab sweep` through the CLI."""

from __future__ import annotations

import builtins
import csv
import json
from pathlib import Path

import pytest

from sselab.batch.synthetic import write_eis_campaign
from sselab.cli import main


@pytest.fixture
def campaign(tmp_path: Path) -> tuple[Path, Path]:
    plan = write_eis_campaign(tmp_path / "camp", 10, n_points=25)
    (tmp_path / "camp" / "eis" / "x12_y25_bad.csv").write_text("garbage\n")
    return plan, tmp_path / "results.sqlite"


def test_batch_then_rerun_then_export_report_query(campaign, tmp_path: Path, capsys) -> None:
    plan, db = campaign
    assert main(["batch", str(plan), "--db", str(db), "--json"]) == 3  # one input failed
    s = json.loads(capsys.readouterr().out)
    assert (s["inputs"], s["analysed"], s["failed"], s["skipped"]) == (11, 10, 1, 0)
    assert main(["batch", str(plan), "--db", str(db), "--json"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert (s["analysed"], s["skipped"]) == (0, 11)

    assert main(["db", "export", "--db", str(db), "--format", "csv", "--out",
                 str(tmp_path / "ex")]) == 0
    with open(tmp_path / "ex" / "results_flat.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    sig = [float(r["value"]) for r in rows if r["name"] == "conductivity_S_per_m"]
    assert len(sig) == 10
    with open(tmp_path / "ex" / "errors.csv", encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 1

    capsys.readouterr()
    assert main(["db", "query", "--db", str(db), "--json",
                 "SELECT x, COUNT(*) AS n FROM results_flat WHERE name='conductivity_S_per_m' "
                 "GROUP BY x ORDER BY x"]) == 0
    q = json.loads(capsys.readouterr().out)
    assert [r["n"] for r in q] == [2] * 5

    assert main(["db", "report", "--db", str(db), "--out", str(tmp_path / "rep")]) == 0
    html = (tmp_path / "rep" / "report.html").read_text(encoding="utf-8")
    for anchor in ('id="series"', 'id="composition"', 'id="fig-conductivity-composition"',
                   'aria-label="Conductivity versus composition', 'id="errors"', 'id="runs"'):
        assert anchor in html
    import re

    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', html)  # no external resources


def test_query_helper_dataframe(campaign) -> None:
    pytest.importorskip("pandas")
    from sselab.batch.export import query
    from sselab.batch.plan import load_plan
    from sselab.batch.runner import run_batch

    plan, db = campaign
    run_batch(load_plan(plan), db)
    df = query(db, "results_flat")
    assert set(df["name"]) >= {"conductivity_S_per_m", "ionic_resistance_ohm"}
    by_x = query(db, "SELECT x, AVG(value) AS s FROM results_flat WHERE "
                     "name='conductivity_S_per_m' GROUP BY x")
    assert by_x.loc[by_x["x"] == 1.4, "s"].iloc[0] == pytest.approx(0.255, rel=0.02)


def test_parquet_without_pyarrow_names_the_extra(campaign, tmp_path, monkeypatch, capsys) -> None:
    plan, db = campaign
    main(["batch", str(plan), "--db", str(db)])
    real_import = builtins.__import__

    def fake(name, *a, **k):  # noqa: ANN001, ANN002, ANN003
        if name in ("pyarrow", "pandas"):
            raise ImportError(name)
        return real_import(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", fake)
    capsys.readouterr()
    assert main(["db", "export", "--db", str(db), "--format", "parquet", "--out",
                 str(tmp_path / "pq")]) == 2
    assert "pip install 'sselab[batch]'" in capsys.readouterr().err


def test_workers_without_dask_one_line_error(campaign, monkeypatch, capsys) -> None:
    plan, db = campaign
    real_import = builtins.__import__

    def fake(name, *a, **k):  # noqa: ANN001, ANN002, ANN003
        if name.startswith("dask"):
            raise ImportError(name)
        return real_import(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", fake)
    assert main(["batch", str(plan), "--db", str(db), "--workers", "2"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pip install 'sselab[dask]'" in err[0]
    assert main(["sweep", "cost-mc", "LZACO", "--route", "Li2CO3", "--workers", "2"]) == 2


def test_bad_plan_and_missing_db(tmp_path: Path, capsys) -> None:
    p = tmp_path / "plan.toml"
    p.write_text("[[group]]\nanalysis = 'xrd'\nfiles = ['*.xy']\n")
    assert main(["batch", str(p), "--db", str(tmp_path / "r.sqlite")]) == 2
    assert "unknown analysis 'xrd'" in capsys.readouterr().err
    assert main(["db", "report", "--db", str(tmp_path / "none.sqlite"), "--out",
                 str(tmp_path)]) != 0


def test_sweep_cli(tmp_path: Path, capsys) -> None:
    assert main(["sweep", "cost-mc", "LZACO", "--route", "Li2CO3", "--n", "2000", "--chunks",
                 "4", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["n"] == 2000 and r["P5_USD_per_L"] < r["P50_USD_per_L"] < r["P95_USD_per_L"]
    out = tmp_path / "g.csv"
    assert main(["sweep", "composition-grid", "--density-g-cm3", "2.15", "--milling-h", "4",
                 "--out", str(out)]) == 0
    assert len(out.read_text().splitlines()) == 1 + 63
