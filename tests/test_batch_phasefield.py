"""Phase-field compliance-map sweep into the results database (tiny 2×2 grid, very coarse mesh)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from sselab.batch.phasefield import grid_axis, phasefield_map_sweep
from sselab.cli import main
from sselab.errors import InputError

# 2 × 2 grid whose runs all converge on a 2 µm mesh with 4 nominal steps (~0.1–0.5 s each)
GRID = {"e_range": (2.0, 20.0, 2), "h_range": (0.5, 2.0, 2), "mesh_size_um": 2.0, "steps": 4}


def _rows(db: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_sweep_on_dask_exactly_once_then_rerun_skips(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed", reason="needs the [dask] extra")
    from sselab.batch.executor import dask_client

    db = tmp_path / "map.sqlite"
    seen: list[str] = []
    with dask_client(workers=2) as client:
        r = phasefield_map_sweep(db, client=client, executor="dask-test",
                                 on_outcome=lambda t, o, s: seen.append(t.path), **GRID)
    s = r.summary
    assert (s.n_inputs, s.n_analysed, s.n_failed, s.n_duplicate) == (4, 4, 0, 0), s.errors
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 4  # each point arrived once
    assert _rows(db, "SELECT COUNT(*), COUNT(DISTINCT sha256) FROM analyses "
                     "WHERE analysis='phasefield'")[0] == (4, 4)
    assert r.complete and r.E_GPa == (2.0, 20.0) and r.H_GPa == (0.5, 2.0)
    # soft and compliant keeps contact; stiff and hard detaches during charge
    assert r.keeps_contact[0][0] is True and r.onset_soc[0][0] is None
    assert r.keeps_contact[1][1] is False and 0 < r.onset_soc[1][1] < 1
    again = phasefield_map_sweep(db, **GRID)  # idempotent: nothing re-run
    assert (again.summary.n_skipped, again.summary.n_analysed) == (4, 0)
    assert again.onset_soc == r.onset_soc
    # literature electrolytes placed on the map (LZACO, E 1.41 GPa, is left of this grid)
    names = {q["name"]: q for q in r.electrolytes}
    assert {"LZACO", "LZCO"} <= set(names)
    glass = names["70Li2S-30P2S5 glass"]  # E 18.5 GPa, H 1.9 GPa: inside
    assert glass["inside_map"] and not names["LZACO"]["inside_map"]
    assert glass["predicted_onset_soc"] is not None and 0 < glass["predicted_onset_soc"] < 1


def test_sweep_cli_out_json_and_campaign_report(tmp_path: Path, capsys) -> None:
    db, out = tmp_path / "map.sqlite", tmp_path / "out"
    args = ["sweep", "phasefield-map", "--e-range", "2:20:2", "--h-range", "0.5:2:2",
            "--mesh-size-um", "2", "--steps", "4", "--db", str(db)]
    assert main([*args, "--out", str(out), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["run"]["analysed"] == 4 and doc["complete"]
    assert (out / "map.svg").read_text().lstrip().startswith("<svg")
    assert (out / "map.png").stat().st_size > 1000
    assert "70Li2S-30P2S5 glass detaches" in doc["figure_alt"] and json.loads((out / "map.json").read_text())["complete"]
    assert main(args) == 0
    assert "0 computed, 4 skipped" in capsys.readouterr().out
    # a wider grid reuses the stored points: only the new ones run
    wider = [a if a != "0.5:2:2" else "0.5:2:3" for a in args]  # H 0.5, 1, 2
    assert main([*wider, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["run"]["analysed"], doc["run"]["skipped"]) == (2, 4)

    assert main(["db", "report", "--db", str(db), "--out", str(tmp_path / "rep")]) == 0
    html = (tmp_path / "rep" / "report.html").read_text(encoding="utf-8")
    assert 'id="compliance"' in html and 'id="fig-compliance-map-0"' in html
    assert 'aria-label="Detachment onset state of charge' in html and "70Li2S" in html
    assert "x=None" not in html and 'id="table-series-' not in html  # no per-point tables


def test_grid_and_option_errors(tmp_path: Path, capsys) -> None:
    with pytest.raises(InputError, match="0 < LO < HI"):
        grid_axis(3.0, 1.0, 4, "E")
    assert main(["sweep", "phasefield-map", "--e-range", "1-40", "--db",
                 str(tmp_path / "x.sqlite")]) == 2
    assert "LO:HI:N" in capsys.readouterr().err
    assert main(["sweep", "phasefield-map", "--timeout-s", "0", "--db",
                 str(tmp_path / "x.sqlite")]) == 2


def test_literature_not_predicted_next_to_a_missing_point() -> None:
    from sselab.batch.phasefield import place_literature

    E, H = [2.0, 20.0, 200.0], [0.5, 2.0]
    onset = [[None, None], [None, 0.7], [0.3, 0.2]]
    keeps = [[True, True], [True, False], [False, False]]
    glass = lambda pts: next(q for q in pts if q["name"] == "70Li2S-30P2S5 glass")  # noqa: E731
    assert 0.7 < glass(place_literature(E, H, onset, keeps))["predicted_onset_soc"] < 1.05
    keeps[2][1] = onset[2][1] = None  # E 200, H 2 failed: LLZO's cell, not the glass's
    pts = place_literature(E, H, onset, keeps)
    assert glass(pts)["predicted_onset_soc"] is not None
    llzo = next(q for q in pts if q["name"].startswith("LLZO"))
    assert llzo["inside_map"] is False  # H 6.3 GPa is above this grid
    keeps[1][1] = onset[1][1] = None  # the glass's own corner
    assert glass(place_literature(E, H, onset, keeps))["predicted_onset_soc"] is None
