"""``sselab cycling rate`` end to end (test_2.ndax rate ladder, vendor values)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sselab.cli import main

DATA = Path(__file__).parent / "data" / "cycling"


def test_rate_json(capsys):
    rc = main(["cycling", "rate", str(DATA / "test_2.ndax"), "--nominal-capacity-mAh",
               "1.58422", "--json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    means = [lv["mean_mAh"] for lv in out["levels"]]
    assert means == pytest.approx([0.10059, 0.06099, 0.03309, 0.02222, 0.01393, 0.00620,
                                   0.002080], abs=6e-6)
    assert [round(lv["c_rate_nominal"], 3) for lv in out["levels"]] == [0.05, 0.1, 0.2, 0.333,
                                                                        0.5, 1.0, 2.0]
    assert out["recovery_cycle"] == 10
    assert out["recovery_ratio"] == pytest.approx(0.10588 / 0.10059, rel=1e-4)


def test_rate_text_and_plot(tmp_path, capsys):
    rc = main(["cycling", "rate", str(DATA / "test_2.ndax"), "--nominal-capacity-mAh",
               "1.58422", "--plot", str(tmp_path)])
    out = capsys.readouterr().out
    assert rc == 0 and "C/20" in out and "2C" in out and "recovery: cycle 10" in out
    assert (tmp_path / "rate_capability.svg").is_file()
    assert main(["cycling", "rate", str(DATA / "test_2.ndax"), "--tolerance", "2"]) == 2
