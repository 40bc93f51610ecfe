"""The paper's interface problem (Fig. 2b): claims, irreversibility, elastic switch, mesh study."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from sselab.fem.interface import (
    Electrolyte,
    detachment_onset_soc,
    fraction_at,
    interface_spec,
    region_materials,
    run_interface,
)
from sselab.fem.materials import (
    levin_eigenstrain,
    mori_tanaka,
    rigid_particle_flow_factor,
    tabor_yield_stress_Pa,
    volume_fraction,
)


@pytest.fixture(scope="module")
def lzco():
    phis = []
    r = run_interface(interface_spec("LZCO"), on_step=lambda st, s, f: phis.append(st.phi.copy()))
    return r, np.array(phis)


def test_lzco_detaches_between_soc_05_and_07(lzco):
    r, _ = lzco
    onset = detachment_onset_soc(r)
    assert 0.5 <= onset <= 0.7
    assert fraction_at(r, 1.0) > fraction_at(r, 0.8) > fraction_at(r, 0.6) > 0.05


def test_damage_never_decreases(lzco):
    _, phis = lzco
    assert np.all(np.diff(phis, axis=0) >= -1e-12)
    assert phis.max() <= 1.0 + 1e-12


def test_lzaco_keeps_contact_without_retuning():
    r = run_interface(interface_spec("LZACO"), save_at=())
    assert fraction_at(r, 1.0) < 0.05
    assert math.isnan(detachment_onset_soc(r))


def test_hardness_enters_through_tabor_yield():
    s = interface_spec("LZACO")
    mats = region_materials(s)
    assert mats[0].yield_stress_Pa == pytest.approx(0.22e9 / 3)
    assert mats[2].yield_stress_Pa == pytest.approx(0.22e9 / 3 * s.composite_yield_factor)
    assert s.composite_yield_factor == pytest.approx(math.sqrt(1 + 1.5 * s.cathode_volume_fraction))
    el = region_materials(replace(s, plasticity=False))
    assert all(math.isinf(m.yield_stress_Pa) for m in el)
    assert tabor_yield_stress_Pa(2.07e9) == pytest.approx(0.69e9)


def test_mixing_rules():
    f = volume_fraction(0.75, 4750.0, 2900.0)
    assert f == pytest.approx((0.75 / 4.75) / (0.75 / 4.75 + 0.25 / 2.9))
    # Mori-Tanaka: bounds and limits
    E, nu = mori_tanaka(10.0, 0.3, 150.0, 0.25, 0.0)
    assert E == pytest.approx(10.0) and nu == pytest.approx(0.3)
    E, _ = mori_tanaka(10.0, 0.3, 150.0, 0.25, f)
    assert 10.0 < E < f * 150 + (1 - f) * 10
    # Levin: eigenstrain of a composite lies between the phases', = particle's when K_eff = K_p
    assert levin_eigenstrain(5.0, 100.0, 100.0, 0.0, -0.1) == pytest.approx(-0.1)
    assert levin_eigenstrain(5.0, 100.0, 5.0, 0.0, -0.1) == pytest.approx(0.0)
    # Ponte Castaneda: no particles -> matrix flow stress; dilute limit 1 + 3f/4
    assert rigid_particle_flow_factor(0.0) == 1.0
    assert rigid_particle_flow_factor(1e-4) == pytest.approx(1 + 0.75e-4, rel=1e-8)


def test_boundary_conditions_symmetry_default_and_free():
    from sselab.fem.interface import interface_problem

    s = interface_spec("LZACO")
    assert s.right_edge == "symmetry"
    pb = interface_problem(s)
    right = pb.mesh.nodes("right")
    assert set(2 * right) <= set(pb.dirichlet_dofs.tolist())
    pf = interface_problem(replace(s, right_edge="free"))
    assert pf.dirichlet_dofs.size == pb.mesh.nodes("bottom").size + 1
    with pytest.raises(Exception, match="right_edge"):
        replace(s, right_edge="clamped")


def test_custom_electrolyte_runs_and_soft_keeps_contact():
    se = Electrolyte("soft", 1.0e9, 0.1e9)
    r = run_interface(interface_spec(se), n_steps=8, save_at=(1.0,))
    assert fraction_at(r, 1.0) < 0.05
    assert r.snapshot(1.0).eq_plastic_strain.max() > 0  # the soft electrolyte flows


@pytest.mark.slow
def test_mesh_refinement_detachment_soc_converges():
    s = interface_spec("LZCO")
    onsets = []
    for f in (1.0, 1.5):
        r = run_interface(replace(s, geometry=s.geometry.refined(f)), save_at=())
        onsets.append(detachment_onset_soc(r))
    assert abs(onsets[1] - onsets[0]) <= 0.05
