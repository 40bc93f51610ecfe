"""Resolved-particle composite: layout, tagged volume fraction, end-to-end run, CLI."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from sselab.errors import InputError
from sselab.fem.geometry import RESOLVED_REGIONS, InterfaceGeometry, interface_mesh
from sselab.fem.interface import (
    build_mesh,
    fraction_at,
    interface_spec,
    particle_layout,
    region_materials,
    run_interface,
)
from sselab.fem.particles import place_particles


def test_layout_non_overlapping_seeded_and_at_target_fraction():
    box = (0.0, 0.0, 40e-6, 15e-6)
    a = place_particles(box, 2e-6, 0.65, seed=3)
    b = place_particles(box, 2e-6, 0.65, seed=3)
    np.testing.assert_array_equal(a.centres_m, b.centres_m)
    assert a.min_gap_m() >= 0.1e-6 * 0.999  # R/20
    assert a.area_fraction == pytest.approx(0.65, abs=0.02)
    y = a.centres_m[:, 1]
    assert y.min() >= 2e-6 and y.max() <= 13e-6  # no particle cut by interface or top
    assert not np.array_equal(a.centres_m, place_particles(box, 2e-6, 0.65, seed=4).centres_m)


def test_layout_rejects_impossible_requests():
    with pytest.raises(InputError, match="smaller than one particle"):
        place_particles((0, 0, 10e-6, 3e-6), 2e-6, 0.5)
    with pytest.raises(InputError, match="fraction"):
        place_particles((0, 0, 10e-6, 10e-6), 1e-6, 0.9)


def test_tagged_mesh_volume_fraction_matches_mass_fractions():
    s = interface_spec("LZCO", composite="resolved")
    m = build_mesh(s)
    assert m.region_names == RESOLVED_REGIONS
    a = m.areas_m2()
    f_tag = a[m.region == 3].sum() / a[m.region >= 2].sum()
    target = s.cathode_volume_fraction  # (w/rho_p) / (w/rho_p + (1-w)/rho_m)
    assert f_tag == pytest.approx(target, rel=0.03)
    # particles lie in the composite only
    te_ti = s.geometry.electrolyte_thickness_m + s.geometry.interface_thickness_m
    assert m.centroids_m()[1, m.region == 3].min() > te_ti


def test_resolved_materials_eigenstrain_only_in_particles():
    s = interface_spec("LZCO", composite="resolved")
    mats = region_materials(s)
    assert [mm.name for mm in mats] == list(RESOLVED_REGIONS)
    assert mats[3].eigenstrain_at_full == pytest.approx(-0.10)
    assert all(mm.eigenstrain_at_full == 0.0 for mm in mats[:3])
    assert math.isinf(mats[3].yield_stress_Pa)
    assert mats[2].yield_stress_Pa == pytest.approx(2.07e9 / 3)


def test_resolved_run_end_to_end_small_mesh():
    geo = InterfaceGeometry(length_m=12e-6, electrolyte_thickness_m=5e-6, interface_thickness_m=2e-6,
                            composite_thickness_m=6e-6, notch_length_m=2e-6, fine_size_m=0.5e-6,
                            coarse_size_m=2e-6, refine_band_m=1e-6)
    s = interface_spec("LZCO", composite="resolved", geometry=geo, particle_radius_m=1.2e-6)
    r = run_interface(s, n_steps=4, save_at=(1.0,))
    assert r.mesh.region_names == RESOLVED_REGIONS
    d = fraction_at(r, 1.0)
    assert 0.0 <= d <= 1.0
    assert r.snapshot(1.0).eq_plastic_strain[r.mesh.region == 2].max() > 0  # the matrix flows
    assert np.all(r.snapshot(1.0).eq_plastic_strain[r.mesh.region == 3] == 0)  # particles elastic


def test_mesh_builder_tags_with_given_layout():
    geo = InterfaceGeometry(length_m=12e-6, electrolyte_thickness_m=4e-6, interface_thickness_m=2e-6,
                            composite_thickness_m=6e-6, notch_length_m=2e-6)
    s = interface_spec("LZACO", composite="resolved", geometry=geo, particle_radius_m=1.0e-6)
    lay = particle_layout(s)
    m = interface_mesh(geo, lay)
    assert np.all(lay.inside(m.centroids_m()[:, m.region == 3]))
    assert m.region_names == RESOLVED_REGIONS
    with pytest.raises(InputError, match="composite"):
        replace(s, composite="voronoi")


def test_cli_resolved(capsys):
    import json

    from sselab.cli import main

    assert main(["phasefield", "interface", "--se", "LZACO", "--composite", "resolved",
                 "--particle-radius-um", "2", "--steps", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["composite"] == "resolved"
    assert out["particles"]["tagged_area_fraction"] == pytest.approx(
        out["particles"]["target_volume_fraction"], rel=0.03)
    assert main(["phasefield", "interface", "--se", "LZACO", "--particle-radius-um", "2",
                 "--quiet"]) == 2
