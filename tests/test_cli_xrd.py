"""``sselab xrd`` through the CLI."""

from __future__ import annotations

import json

import pytest

from sselab.cli import main


def test_example_recovers_constructed_fraction(capsys):
    assert main(["xrd", "--example"]) == 0
    out = capsys.readouterr().out
    assert "SYNTHETIC" in out and "constructed crystalline fraction 10.00 %" in out


def test_example_json(capsys):
    assert main(["xrd", "--example", "--json"]) == 0
    rec = json.loads(capsys.readouterr().out)
    got = rec["crystallinity"]["crystallinity_percent"]
    assert abs(got - rec["constructed_crystallinity_percent"]) < 2.0
    assert rec["phase_match"]["ccp"]["score"] > 0.9


def test_reflections_listing(capsys):
    assert main(["xrd", "--reflections", "ccp", "--range", "20", "60"]) == 0
    out = capsys.readouterr().out
    assert "Fm-3m" in out and "34.956" in out
    assert main(["xrd", "--reflections", "hcp", "--json"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["space_group"] == "P-3m1" and rec["kind"] == "assumed"


def test_real_file_peaks_only_and_plot(data_dir, tmp_path, capsys):
    out_svg = tmp_path / "p.svg"
    f = data_dir / "xrd" / "XRD-918-16_10.xrdml"
    assert main(["xrd", str(f), "--no-crystallinity", "--peaks", "3", "--plot", str(out_svg)]) == 0
    text = capsys.readouterr().out
    assert "5027 points" in text and "[xrdml]" in text
    assert out_svg.read_text().startswith("<svg")


@pytest.mark.parametrize("argv,msg", [
    (["xrd"], "give diffraction FILE"),
    (["xrd", "nope.xy"], "no such file"),
    (["xrd", "--reflections", "xyz"], "unknown reference structure"),
    (["xrd", "--example", "--phases", "bcc"], "unknown reference structure"),
])
def test_bad_input_exits_2_with_one_line(capsys, argv, msg):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert msg in err and err.count("\n") == 1
