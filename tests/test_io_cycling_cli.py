"""``sselab cycling read``: summary, --json, --to csv/parquet round trips, errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sselab.cli import main
from sselab.io.cycling import read_cycling

DATA = Path(__file__).parent / "data" / "cycling"
NW4 = DATA / "nw4-120-1-6-53.ndax"


def test_read_prints_summary(capsys):
    assert main(["cycling", "read", str(NW4)]) == 0
    out = capsys.readouterr().out
    assert "18700 rows" in out and "160 cycles" in out and "UTC+02:00" in out


def test_read_json_has_counts_metadata_and_column_map(capsys):
    assert main(["cycling", "read", str(NW4), "--json", "--active-mass-mg", "2.5",
                 "--area-cm2", "1.13", "--ref-offset-V", "0.62"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["rows"] == 18700 and d["n_columns"] == len(d["columns"]) == 11
    assert d["n_vendor_cycles"] == 150 and d["n_cycles"] == 160
    m = d["metadata"]
    assert m["active_mass_kg"] == pytest.approx(2.5e-6)
    assert m["area_m2"] == pytest.approx(1.13e-4)
    assert m["reference_offset_V"] == 0.62
    assert m["start_time_utc"] == "2025-04-07T10:48:21.950000+00:00"
    assert d["column_map"]["current_mA"].startswith("current_A")
    assert d["provenance"]["file_sha256"].startswith("7c39562b179f")
    assert d["provenance"]["backend"].startswith("fastnda")


def test_to_csv_round_trip(tmp_path, capsys):
    src = DATA / "PredictionDiagnostics_000109_tztest.010.gz"
    out = tmp_path / "maccor.csv"
    assert main(["cycling", "read", str(src), "--to", "csv", "--out", str(out)]) == 0
    assert out.exists() and (tmp_path / "maccor.meta.json").exists()
    a, b = read_cycling(src), read_cycling(out)
    assert b.provenance.format == "generic_csv" and len(a) == len(b)
    for name in ("time_s", "voltage_V", "current_A", "capacity_Ah"):
        np.testing.assert_allclose(b[name], a[name], rtol=1e-9, atol=1e-12)
    for name in ("step_index", "step_type", "cycle", "half_cycle", "vendor_cycle"):
        np.testing.assert_array_equal(b[name], a[name])
    assert b.metadata.instrument == "Maccor"
    assert b.metadata.start_time_local == a.metadata.start_time_local


def test_to_parquet(tmp_path, capsys):
    pl = pytest.importorskip("polars")
    out = tmp_path / "t.parquet"
    assert main(["cycling", "read", str(DATA / "test.ndax"), "--to", "parquet", "--out",
                 str(out), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["written"] == str(out)
    df = pl.read_parquet(out)
    assert df.height == 1464 and df.columns[:3] == ["time_s", "voltage_V", "current_A"]
    meta = pl.read_parquet_metadata(out)
    assert json.loads(meta["sselab"])["rows"] == 1464


def test_generic_map_option(tmp_path, capsys):
    p = tmp_path / "lab.csv"
    p.write_text("t,U,I\n0,3.0,0.001\n10,3.1,0.001\n20,3.2,-0.001\n30,3.1,-0.001\n")
    assert main(["cycling", "read", str(p), "--format", "generic_csv", "--map",
                 "time_s=t,voltage_V=U,current_A=I", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == 4


def test_bad_input_is_one_line_error(tmp_path, capsys):
    p = tmp_path / "x.csv"
    p.write_text("a,b\n1,2\n")
    assert main(["cycling", "read", str(p)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("sselab: error:")
    assert main(["cycling", "read", str(p), "--active-mass-mg", "-1"]) == 2
    assert main(["cycling", "read", str(p), "--map", "nonsense"]) == 2


def test_cycling_without_verb_prints_help(capsys):
    assert main(["cycling"]) == 0
    assert "read" in capsys.readouterr().out
