"""The synthetic generator and the embedded Fig. 6d cycler file (labelled synthetic)."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest

from sselab.cycling.synthetic import (
    EMBEDDED_NAME,
    embedded_file_bytes,
    fig6d_history,
    fig6d_inputs,
    synthetic_cycling,
    tile_record,
)
from sselab.io.cycling import read_cycling


def _embedded():
    return resources.files("sselab.data").joinpath(*EMBEDDED_NAME.split("/"))


def test_embedded_file_is_small_and_regenerates_byte_for_byte():
    data = _embedded().read_bytes()
    assert len(data) < 300_000
    assert embedded_file_bytes() == data


def test_embedded_file_reads_as_a_neware_csv_export():
    inp = fig6d_inputs()
    with resources.as_file(_embedded()) as p:
        t = read_cycling(p, active_mass_kg=inp.mass_mg * 1e-6)
    assert t.provenance.format == "neware_csv"
    assert t.metadata.instrument == "Neware"
    assert t.describe()["n_cycles"] == 100
    assert t.metadata.first_direction == "charge"
    assert np.unique(t["vendor_cycle"]).size == 100


def test_fig6d_history_puts_in_the_paper_numbers():
    inp = fig6d_inputs()
    ch, dis = fig6d_history(inp)
    assert inp.area_cm2 == pytest.approx(np.pi * 0.25)  # 10 mm mold
    assert inp.mass_mg == pytest.approx(25.75 * np.pi * 0.25)
    assert dis[0] == pytest.approx(168.9) and dis[0] / ch[0] == pytest.approx(0.8506)
    assert dis[99] / dis[0] == pytest.approx(0.9011)
    assert dis[0] * inp.loading_mg_per_cm2 / 1000 == pytest.approx(4.35, abs=0.005)
    assert dis[99] * inp.loading_mg_per_cm2 / 1000 == pytest.approx(3.92, abs=0.005)
    assert np.all(dis[1:] / ch[1:] < 1)


def test_generator_record_interval_and_tiling():
    q = np.array([1e-3, 1e-3])
    t = synthetic_cycling(q, q * 0.98, 1e-4, 1e-4, record_interval_s=900.0)
    dt = np.diff(t["time_s"][(t["cycle"] == 1) & (t["current_A"] > 0)])
    assert np.all(dt <= 900.0 + 1e-9) and dt[0] == pytest.approx(900.0)
    assert t.metadata.vendor["synthetic"] is True
    long = tile_record(t, 3)
    assert len(long) == 3 * len(t)
    assert long["cycle"].max() == 6 and np.all(np.diff(long["time_s"]) >= 0)
