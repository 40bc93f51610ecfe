"""``sselab lsv``: the embedded synthetic LSVs recover the construction; real files run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sselab.cli import main
from sselab.io.echem.examples import LSV_FILES, example_path

DATA = Path(__file__).parent / "data" / "echem"
OX = str(example_path(LSV_FILES["oxidation"]))
RED = str(example_path(LSV_FILES["reduction"]))


def test_json_recovers_paper_onsets(capsys):
    assert main(["lsv", OX, RED, "--area-cm2", "0.7854", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["reduction"]["tangent"]["onset_V"] == pytest.approx(1.62, abs=0.02)
    assert out["oxidation"]["tangent"]["onset_V"] == pytest.approx(4.19, abs=0.02)
    assert out["window_V"] == pytest.approx(2.57, abs=0.03)
    th = out["oxidation"]["threshold"]
    assert th["detected"] and th["threshold_A_per_m2"] == pytest.approx(0.01)
    assert "µA cm⁻²" in th["construction"]
    assert out["files"][0]["area_source"] == "given"
    assert out["oxidation"]["tangent"]["method"] == "tangent intersection"


def test_text_output_and_plots(capsys, tmp_path):
    png, svg = tmp_path / "l.png", tmp_path / "l.svg"
    assert main(["lsv", OX, "--area-cm2", "0.7854", "--plot", str(png)]) == 0
    text = capsys.readouterr().out
    m = re.search(r"tangent intersection: ([0-9.]+) ± ", text)
    assert "oxidation onset" in text and float(m.group(1)) == pytest.approx(4.19, abs=0.02)
    assert "reduction: no cathodic sweep" in text
    assert png.stat().st_size > 10_000
    assert main(["lsv", RED, "--threshold-uA", "0.5", "--plot", str(svg)]) == 0
    assert svg.read_text().startswith("<svg")


def test_reference_offset_and_no_area(capsys):
    assert main(["lsv", OX, "--reference-offset-V", "0.62", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["oxidation"]["tangent"]["onset_V"] == pytest.approx(4.81, abs=0.02)
    assert not out["oxidation"]["threshold"]["detected"]
    assert "area" in out["oxidation"]["threshold"]["reason"]


def test_real_biologic_lsv(capsys):
    assert main(["lsv", str(DATA / "lsv.mpr"), "--threshold-uA", "1000", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    red = out["reduction"]
    assert out["oxidation"] is None
    assert red["tangent"]["detected"] and -4.0 < red["tangent"]["onset_V"] < -0.06
    assert red["threshold"]["detected"]


@pytest.mark.parametrize("argv", [
    ["lsv", "missing.txt"],
    ["lsv", OX, "--area-cm2", "-1"],
    ["lsv", OX, "--rise-fraction", "0.9", "0.1"],
    ["lsv", str(DATA / "lsv.mpr"), "--format", "chi"],
])
def test_bad_input_is_one_line_error(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("sselab: error:") and err.count("\n") == 1
