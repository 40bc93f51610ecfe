"""``sselab eis read``: summary, JSON, sweep selection and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sselab.cli import main

EIS = Path(__file__).parent / "data" / "eis"


def test_read_summary(capsys):
    assert main(["eis", "read", str(EIS / "galvani" / "v1150_PEIS.mpr")]) == 0
    out = capsys.readouterr().out
    assert "format:      biologic-mpr" in out
    assert "84 in 4 sweeps" in out
    assert "99.9682 .. 199998 Hz" in out
    assert "first point: f = 199998 Hz, Z = 12.7533 - 0.961678j ohm" in out
    assert "last point:  f = 99.9682 Hz, Z = 82.6332 - 17.3862j ohm" in out


def test_read_json(capsys):
    path = EIS / "impedance_py" / "exampleDataBioLogic.mpt"
    assert main(["eis", "read", str(path), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert len(d["frequency_Hz"]) == len(d["z_real_ohm"]) == len(d["z_imag_ohm"]) == 43
    assert d["z_real_ohm"][0] == pytest.approx(65.470886)
    assert d["z_imag_ohm"][0] == pytest.approx(-0.38998979)
    assert d["metadata"]["format"] == "biologic-mpt"
    assert d["metadata"]["columns"][0] == "freq/Hz"


def test_read_sweep_and_forced_format(capsys):
    assert main(["eis", "read", str(EIS / "galvani" / "v1150_PEIS.mpr"), "--sweep", "3",
                 "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert len(d["frequency_Hz"]) == 21 and d["metadata"]["sweep_index"] == 3
    assert d["z_imag_ohm"][-1] == pytest.approx(-17.386201858520508)
    assert main(["eis", "read", str(EIS / "pydrttools" / "LIB_data.txt"), "--format", "csv"]) == 0
    assert "format:      table" in capsys.readouterr().out


def test_read_errors_are_one_line(capsys):
    assert main(["eis", "read", str(EIS / "impedance_py" / "exampleDataBioLogic_MissingFreq.mpt")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2  # one warning line (header/data column count), one error line
    assert err[0].startswith("sselab: warning:") and "17 columns" in err[0]
    assert err[1].startswith("sselab: error:") and "no frequency column ('freq/Hz')" in err[1]
    assert main(["eis", "read", str(EIS / "README.md")]) == 2
    assert "supported formats" in capsys.readouterr().err
    assert main(["eis", "read", str(EIS / "galvani" / "v1150_PEIS.mpr"), "--sweep", "9"]) == 2
    assert "out of range" in capsys.readouterr().err
