"""``sselab symmetric``: the embedded synthetic Li | LZACO | Li record and a real GCPL file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sselab.cli import main
from sselab.io.echem.examples import SYMMETRIC_FILE, example_path

SYM = str(example_path(SYMMETRIC_FILE))
CYC = Path(__file__).parent / "data" / "cycling"


def test_json_time_to_2V(capsys):
    assert main(["symmetric", SYM, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    lim = out["voltage_limit"]
    assert lim["reached"]
    assert lim["envelope_cycling_time_s"] / 3600 == pytest.approx(80.0, abs=0.1)
    assert lim["first_point_cycling_time_s"] / 3600 == pytest.approx(80.0, abs=0.6)
    assert out["current_density_A_per_m2"] == pytest.approx(1.0, rel=1e-3)  # 0.1 mA/cm²
    assert out["area_source"] == "file"
    assert out["n_cycles"] == 84 and out["half_cycle_s"] == pytest.approx(1800, abs=2)
    assert out["growth"]["slope_V_per_h"] == pytest.approx(0.02475, rel=2e-3)
    assert not out["short"]["detected"]


def test_text_cycles_and_plot(capsys, tmp_path):
    png = tmp_path / "s.png"
    assert main(["symmetric", SYM, "--cycles", "--plot", str(png), "--voltage-limit-V",
                 "1.0"]) == 0
    text = capsys.readouterr().out
    assert "|V| reaches 1 V" in text and "growth:" in text and "cycle  end (h)" in text
    assert png.stat().st_size > 10_000


def test_real_gcpl_file_runs(capsys):
    # a Li-ion GCPL record (not symmetric), read through the cycling readers
    f = CYC / "jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr.gz"
    assert main(["symmetric", str(f), "--voltage-limit-V", "3.7", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["n_half_cycles"] == 13 and out["voltage_limit"]["reached"]


@pytest.mark.parametrize("argv", [
    ["symmetric", "missing.mpt"],
    ["symmetric", SYM, "--area-cm2", "0"],
    ["symmetric", SYM, "--short-drop-fraction", "2"],
    ["symmetric", str(example_path("lzaco_lsv_oxidation_chi.txt"))],
])
def test_bad_input_is_one_line_error(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("sselab: error:") and err.count("\n") == 1
