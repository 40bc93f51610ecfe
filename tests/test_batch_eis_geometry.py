"""Batch EIS analysis of a spectrum without pellet geometry: resistance only, never σ."""

from __future__ import annotations

import numpy as np

from sselab.batch.analyses import ANALYSES, analyse_eis
from sselab.transport.synthetic import lzaco_model


def _spectrum_file(tmp_path):
    m = lzaco_model(2.55).with_(n_points=30)
    spec = m.spectrum(298.15, np.random.default_rng(3))
    p = tmp_path / "s.csv"
    np.savetxt(p, np.column_stack([spec.frequency_Hz, spec.z_real_ohm, spec.z_imag_ohm]),
               delimiter=",")
    return p, m


def test_without_geometry_only_resistance(tmp_path):
    p, m = _spectrum_file(tmp_path)
    opts = dict(ANALYSES["eis"].defaults)
    out = analyse_eis(str(p), opts, {})
    names = {v.name for v in out.values}
    assert "ionic_resistance_ohm" in names
    assert "conductivity_S_per_m" not in names
    assert any("only the resistance" in w for w in out.warnings)


def test_resistance_does_not_depend_on_geometry(tmp_path):
    p, m = _spectrum_file(tmp_path)
    opts = dict(ANALYSES["eis"].defaults)
    bare = {v.name: v.value for v in analyse_eis(str(p), opts, {}).values}
    geo = {v.name: v.value for v in analyse_eis(
        str(p), opts, {"thickness_m": 8e-4, "diameter_m": 1e-2}).values}
    assert np.isclose(bare["ionic_resistance_ohm"], geo["ionic_resistance_ohm"], rtol=1e-6)
    assert "conductivity_S_per_m" in geo
