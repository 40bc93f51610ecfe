"""``sselab cycling summary`` end to end."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from sselab.cli import main

DATA = Path(__file__).parent / "data" / "cycling"
EMBED = resources.files("sselab.data").joinpath("cycling", "synthetic_ncm92_fig6d.csv.gz")


def test_summary_json_per_cycle_table(capsys):
    with resources.as_file(EMBED) as p:
        rc = main(["cycling", "summary", str(p), "--loading-mg-cm2", "25.75", "--area-cm2",
                   "0.785398", "--anode", "Li-In", "--nominal", "scNCM92", "--json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    c1, c100 = out["cycles_table"][0], out["cycles_table"][99]
    assert c1["discharge_mAh_per_cm2"] == pytest.approx(4.35, abs=0.005)
    assert c1["discharge_mAh_per_g"] == pytest.approx(168.9, abs=0.05)
    assert c1["coulombic_efficiency_percent"] == pytest.approx(85.06, abs=0.01)
    assert c1["discharge_c_rate_nominal"] == pytest.approx(0.1, abs=1e-3)
    assert c1["discharge_specific_current_mA_per_g"] == pytest.approx(20.0, abs=0.01)
    assert c1["discharge_mean_V_vs_Li"] == pytest.approx(c1["discharge_mean_V"] + 0.62)
    assert c100["discharge_mAh_per_cm2"] == pytest.approx(3.92, abs=0.005)
    assert out["retention"]["final_retention_percent"] == pytest.approx(90.11, abs=0.005)
    assert out["ce_convention"] == "discharge/charge"
    assert out["anode_offset_V"] == 0.62


def test_summary_text_retention_and_flags(capsys):
    rc = main(["cycling", "summary", str(DATA / "test_2.ndax"), "--formation", "10",
               "--nominal-capacity-mAh", "1.58422"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "retention vs cycle 11" in out
    assert "80 %: not reached" in out
    assert "incomplete" in out
    assert "1C: nominal 1.584 mAh, effective (measured) 0.1006 mAh" in out


def test_summary_plots(tmp_path, capsys):
    rc = main(["cycling", "summary", str(DATA / "test.ndax"), "--plot", str(tmp_path)])
    assert rc == 0
    assert (tmp_path / "capacity_ce.svg").read_text().startswith("<svg")
    assert (tmp_path / "voltage_profiles.svg").is_file()


def test_summary_discharge_first_and_bad_input(capsys):
    rc = main(["cycling", "summary", str(DATA / "neware_uio.csv.gz"), "--first", "vendor",
               "--mass-mg", "2.08", "--json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ce_convention"] == "charge/discharge"
    assert out["cycles_table"][0]["discharge_mAh_per_g"] == pytest.approx(2445.33, abs=0.01)
    assert main(["cycling", "summary", str(DATA / "test.ndax"), "--mass-mg", "-1"]) == 2
    assert main(["cycling", "summary", str(DATA / "test.ndax"), "--anode", "graphite"]) == 2
    assert main(["cycling", "summary", str(DATA / "test.ndax"), "--loading-mg-cm2", "5"]) == 2
    assert main(["cycling", "summary", str(DATA / "test.ndax"), "--nominal", "200"]) == 2
    err = capsys.readouterr().err
    assert "mass" in err and "graphite" in err
