"""``sselab indent`` end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sselab.cli import main

ND = Path(__file__).parent / "data" / "mechanics" / "nanoindentation"


def test_table_with_vendor_columns(capsys):
    assert main(["indent", str(ND / "FQ.xls.gz"), "--vendor"]) == 0
    out = capsys.readouterr().out
    assert "10 indents, 50 unloads" in out and "nu = 0.18 (file)" in out
    assert "H_vend" in out and "E_vend" in out
    assert "Test 001" in out and "Test 010" in out
    assert "mean ± sd over 50 analysed unloads" in out
    assert "vs vendor (50 unloads)" in out


def test_json_full_table(capsys):
    assert main(["indent", str(ND / "FQ.xls.gz"), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["unloads"]) == 50 and len(doc["indents"]) == 10
    u = doc["unloads"][0]
    for key in ("P_max_mN", "h_max_nm", "S_N_per_m", "m", "h_c_nm", "A_um2", "H_GPa", "E_GPa"):
        assert isinstance(u[key], float)
    assert u["vendor"]["E_GPa"] == 73.5
    assert doc["summary"]["E_GPa"]["n"] == 50
    assert doc["vendor_comparison"]["E_abs_rel_diff_pct"]["max"] < 2.0
    assert doc["vendor_comparison"]["H_abs_rel_diff_pct"]["max"] < 3.0
    assert doc["options"]["indenter"] == {"E_GPa": 1141.0, "nu": 0.07}


def test_options_change_the_result(capsys):
    assert main(["indent", str(ND / "FQ.xls.gz"), "--json", "--nu", "0.3",
                 "--tip-area", "24.5,0,0", "--epsilon", "cone", "--window", "0.4", "0.9"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["options"]["epsilon"] == 0.72 and doc["options"]["window"] == [0.4, 0.9]
    assert doc["unloads"][0]["nu"] == 0.3
    assert doc["indents"][0]["nu_source"] == "user"


def test_flagged_indents_are_listed_with_reason(capsys):
    # the soft polymer's unloading curve does not follow the O–P power law at 50–95 %
    assert main(["indent", str(ND / "N1_1_excerpt.hdf5")]) == 3
    out = capsys.readouterr().out
    assert out.count("skipped: unloading") == 3
    assert "no unload could be analysed" in out
    assert main(["indent", str(ND / "N1_1_excerpt.hdf5"), "--window", "0.21", "0.99",
                 "--m-range", "1", "6", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [u["ok"] for u in doc["unloads"]] == [True, True, True]


def test_csm_and_hysitron(capsys):
    assert main(["indent", str(ND / "Example_FS_CSM.xls"), "--vendor"]) == 0
    out = capsys.readouterr().out
    assert "CSM Test 001: 100–200 nm" in out and "vendor H = 9.784 GPa" in out
    assert main(["indent", str(ND / "RobinSteel0000LC.txt"), "--window", "0.4", "0.95"]) == 0
    assert "nu = 0.3 (assumed (0.3))" in capsys.readouterr().out


def test_plot_written(tmp_path, capsys):
    svg = tmp_path / "fq.svg"
    assert main(["indent", str(ND / "Example_FS_CSM.xls"), "--plot", str(svg)]) == 0
    assert svg.read_text().startswith("<svg")


@pytest.mark.parametrize("args,msg", [
    (["--tip-area", "banana"], "tip area"),
    (["--epsilon", "sphere"], "unknown tip geometry"),
    (["--window", "0.9", "0.1"], "window"),
    (["--nu", "0.7"], "Poisson"),
    (["--frame-compliance", "-1"], "frame-compliance"),
])
def test_bad_options_are_one_line_errors(args, msg, capsys):
    assert main(["indent", str(ND / "RobinSteel0000LC.txt"), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("sselab: error:") and msg in err[0]


def test_missing_and_unreadable_files(tmp_path, capsys):
    assert main(["indent", str(tmp_path / "nope.xls")]) == 2
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.xls"
    bad.write_bytes(b"garbage" * 100)
    assert main(["indent", str(bad)]) == 2
    assert "not a readable .xls" in capsys.readouterr().err
