"""``sselab density`` through the CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from sselab.cli import main
from sselab.imaging.synthetic import synthetic_micrograph


def test_example_text(capsys):
    assert main(["density", "--example"]) == 0
    out = capsys.readouterr().out
    assert "SYNTHETIC" in out and "constructed relative density 96.13 %" in out
    assert "36 regions" in out


def test_example_json_within_half_a_point(capsys):
    assert main(["density", "--example", "--method", "otsu", "--json"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert abs(rec["relative_density_whole_image_percent"]
               - rec["constructed_relative_density_percent"]) < 0.5
    assert rec["method"] == "otsu" and rec["n_regions"] == 36


def test_several_images_overlay_and_plot(tmp_path, capsys):
    files = []
    for k in range(2):
        s = synthetic_micrograph(shape=(160, 160), databar_rows=20, rng=np.random.default_rng(k))
        f = tmp_path / f"m{k}.tif"
        Image.fromarray(s.image).save(f)
        files.append(str(f))
    ov, fig = tmp_path / "ov.png", tmp_path / "fig.svg"
    assert main(["density", *files, "--grid", "5x6", "--overlay", str(ov), "--plot", str(fig)]) == 0
    out = capsys.readouterr().out
    assert "all images:" in out and "over 60 regions" in out
    assert (tmp_path / "ov_m0.png").exists() and (tmp_path / "ov_m1.png").exists()
    assert fig.read_text().startswith("<svg")


@pytest.mark.parametrize("argv,msg", [
    (["density"], "give IMAGE"),
    (["density", "--example", "--method", "manual"], "needs --threshold"),
    (["density", "--example", "--grid", "6by6"], "--grid"),
    (["density", "--example", "--databar", "-3"], "--databar"),
    (["density", "missing.png"], "no such file"),
])
def test_bad_input_one_line_exit_2(capsys, argv, msg):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert msg in err and err.count("\n") == 1
