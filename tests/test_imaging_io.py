"""Image reading: 8/16-bit PNG and TIFF (two independent writers), RGB, errors, fuzzing."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from sselab.errors import InputError, ParseError, SselabError
from sselab.io.imaging import read_image, write_png

RNG = np.random.default_rng(0)
GREY8 = RNG.integers(0, 256, (40, 50)).astype(np.uint8)
GREY16 = RNG.integers(0, 65536, (40, 50)).astype(np.uint16)


@pytest.mark.parametrize("suffix", [".png", ".tif"])
def test_eight_bit_round_trip(tmp_path, suffix):
    f = tmp_path / f"a{suffix}"
    Image.fromarray(GREY8).save(f)
    img = read_image(f)
    assert img.bit_depth == 8 and np.array_equal(img.data, GREY8)


def test_sixteen_bit_png_and_tiff(tmp_path):
    png = tmp_path / "b.png"
    Image.fromarray(GREY16).save(png)
    tif = tmp_path / "b.tif"
    tifffile = pytest.importorskip("tifffile")
    tifffile.imwrite(tif, GREY16)  # independent TIFF writer
    for f in (png, tif):
        img = read_image(f)
        assert img.bit_depth == 16 and img.data.dtype == np.uint16
        assert np.array_equal(img.data, GREY16)


def test_float_tiff(tmp_path):
    tifffile = pytest.importorskip("tifffile")
    data = RNG.normal(0, 1, (20, 30)).astype(np.float32)
    f = tmp_path / "f.tif"
    tifffile.imwrite(f, data)
    img = read_image(f)
    assert img.bit_depth == 32 and np.allclose(img.data, data)


def test_rgb_to_grey_like_imagej(tmp_path):
    rgb = np.zeros((10, 10, 3), np.uint8)
    rgb[..., 0], rgb[..., 1], rgb[..., 2] = 30, 90, 240
    f = tmp_path / "c.png"
    Image.fromarray(rgb).save(f)
    assert read_image(f).data[0, 0] == 120  # (30 + 90 + 240)/3
    assert read_image(f, weighted=True).data[0, 0] == round(0.299 * 30 + 0.587 * 90 + 0.114 * 240)
    pal = tmp_path / "p.png"
    Image.fromarray(rgb).convert("P").save(pal)
    assert read_image(pal).bit_depth == 8


def test_write_png_and_errors(tmp_path):
    out = tmp_path / "o.png"
    write_png(out, np.zeros((9, 9, 3), np.uint8))
    assert read_image(out).shape == (9, 9)
    with pytest.raises(InputError):
        write_png(out, np.zeros((9, 9), np.float32))
    with pytest.raises(InputError, match="no such file"):
        read_image(tmp_path / "missing.png")
    txt = tmp_path / "t.png"
    txt.write_text("not an image")
    with pytest.raises(ParseError, match="not a readable image"):
        read_image(txt)
    tiny = tmp_path / "tiny.png"
    Image.fromarray(np.zeros((3, 3), np.uint8)).save(tiny)
    with pytest.raises(ParseError, match="too small"):
        read_image(tiny)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=3000))
def test_fuzz_truncated_png(tmp_path, cut):
    f = tmp_path / "full.png"
    Image.fromarray(GREY8).save(f)
    data = f.read_bytes()
    g = tmp_path / "cut.png"
    g.write_bytes(data[:cut])
    try:
        read_image(g)
    except SselabError:
        pass
