"""``sselab cycling dqdv`` end to end."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from sselab.cli import main

DATA = Path(__file__).parent / "data" / "cycling"
EMBED = resources.files("sselab.data").joinpath("cycling", "synthetic_ncm92_fig6d.csv.gz")


def test_dqdv_json_peaks_vs_li(capsys):
    with resources.as_file(EMBED) as p:
        rc = main(["cycling", "dqdv", str(p), "--cycle", "1", "--anode", "Li-In", "--json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    ch = out["curves"][0]
    assert ch["direction"] == "charge"
    peaks = sorted(pk["voltage_vs_Li_V"] for pk in ch["peaks"][:3])
    assert peaks == pytest.approx([3.72, 3.98, 4.18], abs=0.01)  # the generator's features
    assert len(ch["voltage_V"]) == len(ch["dqdv_mAh_per_V"])
    assert out["curves"][1]["direction"] == "discharge"


def test_dqdv_text_plot_and_errors(tmp_path, capsys):
    rc = main(["cycling", "dqdv", str(DATA / "test.ndax"), "--cycle", "1", "--direction",
               "discharge", "--plot", str(tmp_path)])
    out = capsys.readouterr().out
    assert rc == 0 and "cycle 1 discharge" in out
    assert (tmp_path / "dqdv_cycle1.svg").is_file()
    assert main(["cycling", "dqdv", str(DATA / "test.ndax"), "--cycle", "9"]) == 2
    assert main(["cycling", "dqdv", str(DATA / "test.ndax"), "--cycle", "1", "--bin-mV",
                 "0"]) == 2
