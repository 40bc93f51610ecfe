"""Reference reflections: symmetry, d-spacings, form factors, structure factors (closed forms)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sselab.errors import DataError, ParseError
from sselab.xrd.reflections import (
    Lattice,
    form_factor,
    load_structure,
    lorentz_polarization,
    parse_structure,
    reflection_positions,
    reflections,
    species_electrons,
    structure_keys,
)
from sselab.xrd.symmetry import close_group, is_absent, orbit, parse_op


@pytest.mark.parametrize("sp", ["Li", "Li1+", "C", "O", "O2-", "Al", "Al3+", "Cl", "Cl1-", "Zr",
                                "Zr4+"])
def test_form_factor_at_zero_equals_electron_count(sp):
    assert form_factor(sp, np.array([0.0]))[0] == pytest.approx(species_electrons(sp), abs=0.05)
    f = form_factor(sp, np.linspace(0, 1.5, 50))
    assert np.all(np.diff(f) < 1e-6)  # decreasing with s


def test_unknown_species_and_structure():
    with pytest.raises(DataError):
        form_factor("Xx", np.zeros(1))
    with pytest.raises(DataError):
        load_structure("nonsense")
    assert {"LiCl", "Li2ZrCl6_hcp"} <= set(structure_keys())


def test_symop_parsing_and_group_orders():
    op = parse_op("x-y, -y, -z+1/2")
    assert op.R.tolist() == [[1, -1, 0], [0, -1, 0], [0, 0, -1]]
    assert op.t.tolist() == [0.0, 0.0, 0.5]
    for bad in ("x,y", "x,y,q", "2x,y,z", "x,x,z"):
        with pytest.raises(ParseError):
            parse_op(bad)
    assert len(load_structure("ccp").operators) == 192  # Fm-3m
    assert len(load_structure("hcp").operators) == 12  # P-3m1


def test_wyckoff_multiplicities_and_cell_content():
    st = load_structure("hcp")
    mult = {s.label: len(orbit(s.xyz, st.operators)) for s in st.sites}
    assert mult == {"Zr1": 1, "Zr2": 2, "Li1": 6, "Li2": 6, "Cl1": 6, "Cl2": 6, "Cl3": 6}
    assert st.cell_content() == pytest.approx({"Zr": 3.0, "Li": 6.0, "Cl": 18.0})
    assert load_structure("LiCl").cell_content() == pytest.approx({"Li": 4.0, "Cl": 4.0})


def test_face_centring_extinctions():
    ops = load_structure("LiCl").operators
    for hkl in [(1, 0, 0), (1, 1, 0), (2, 1, 0), (2, 2, 1)]:
        assert is_absent(hkl, ops)
    for hkl in [(1, 1, 1), (2, 0, 0), (2, 2, 0), (3, 1, 1)]:
        assert not is_absent(hkl, ops)
    hcp = load_structure("hcp").operators
    assert not any(is_absent(h, hcp) for h in [(1, 0, 0), (0, 0, 1), (1, 1, 1)])
    # a 2_1 screw along c (P6_3-like generator) forbids 00l with odd l
    screw = close_group(["-y,x-y,z+1/3"])
    assert is_absent((0, 0, 1), screw) and not is_absent((0, 0, 3), screw)


def test_cubic_and_hexagonal_d_spacings():
    cub = Lattice(5.1295, 5.1295, 5.1295)
    assert cub.d_spacing_angstrom([(2, 2, 0)])[0] == pytest.approx(5.1295 / math.sqrt(8))
    hexa = Lattice(10.94, 10.94, 5.92, 90, 90, 120)
    for h, k, ll in [(1, 1, 0), (3, 0, 1), (2, 1, 3)]:
        inv = 4 / 3 * (h * h + h * k + k * k) / 10.94**2 + ll * ll / 5.92**2
        assert hexa.d_spacing_angstrom([(h, k, ll)])[0] == pytest.approx(1 / math.sqrt(inv))
    assert hexa.volume_angstrom3 == pytest.approx(math.sqrt(3) / 2 * 10.94**2 * 5.92)
    tt = reflection_positions(cub, [(1, 1, 1), (40, 0, 0)])
    assert tt[0] == pytest.approx(2 * math.degrees(math.asin(1.5406 * math.sqrt(3) / 2 / 5.1295)))
    assert math.isnan(tt[1])


def test_licl_rock_salt_structure_factors_and_intensities():
    refl = {r.hkl: r for r in reflections(load_structure("LiCl"), two_theta_max_deg=80)}
    assert set(refl) == {(1, 1, 1), (2, 0, 0), (2, 2, 0), (3, 1, 1), (2, 2, 2), (4, 0, 0)}
    for hkl, sign in [((1, 1, 1), -1), ((2, 0, 0), 1), ((3, 1, 1), -1)]:
        r = refl[hkl]
        s = 1 / (2 * r.d_spacing_angstrom)
        f_li = form_factor("Li1+", np.array([s]))[0] * math.exp(-1.5 * s * s)
        f_cl = form_factor("Cl1-", np.array([s]))[0] * math.exp(-1.0 * s * s)
        assert r.structure_factor_sq == pytest.approx((4 * (f_cl + sign * f_li)) ** 2, rel=1e-9)
    assert refl[(1, 1, 1)].multiplicity == 8 and refl[(2, 0, 0)].multiplicity == 6
    assert refl[(3, 1, 1)].multiplicity == 24
    # I = m |F|^2 Lp, normalised to the strongest
    raw = {h: r.multiplicity * r.structure_factor_sq * lorentz_polarization(r.two_theta_deg)
           for h, r in refl.items()}
    top = max(raw.values())
    for h, r in refl.items():
        assert r.relative_intensity == pytest.approx(100 * raw[h] / top, rel=1e-9)
    assert refl[(2, 0, 0)].two_theta_deg == pytest.approx(34.956, abs=1e-3)


def test_hcp_positions_do_not_depend_on_the_atom_model():
    st = load_structure("hcp")
    r = reflections(st, two_theta_min_deg=10, two_theta_max_deg=40)
    tt = {x.hkl: x.two_theta_deg for x in r}
    assert tt[(1, 1, 0)] == pytest.approx(2 * math.degrees(math.asin(1.5406 / (2 * 5.47))), 1e-6)
    assert max(x.relative_intensity for x in r) == pytest.approx(100.0)


def test_structure_with_wrong_formula_is_rejected():
    doc = {"formula_unit": "LiCl", "z": 2, "space_group": "Fm-3m", "space_group_number": 225,
           "generators": ["-x,-y,z", "-x,y,-z", "z,x,y", "y,x,-z", "-x,-y,-z"],
           "centering": [[0, .5, .5], [.5, 0, .5], [.5, .5, 0]], "source": "t", "kind": "assumed",
           "lattice": {"a": {"value": 5.0, "unit": "Å", "source": "t", "kind": "assumed"}},
           "sites": [{"label": "Li", "species": "Li1+", "xyz": [0, 0, 0]},
                     {"label": "Cl", "species": "Cl1-", "xyz": [.5, .5, .5]}]}
    with pytest.raises(ParseError, match="expanded cell"):
        parse_structure("bad", doc)
    doc["z"] = 4
    assert parse_structure("ok", doc).lattice.a == 5.0
    del doc["lattice"]["a"]["source"]
    with pytest.raises(ParseError, match="needs value"):
        parse_structure("bad2", doc)


def test_wavelength_changes_angles_not_spacings():
    st = load_structure("LiCl")
    a = reflections(st, wavelength_angstrom=1.5406, two_theta_max_deg=60)
    b = reflections(st, wavelength_angstrom=0.7093, two_theta_max_deg=60)  # Mo Kα1
    assert a[0].d_spacing_angstrom == pytest.approx(b[0].d_spacing_angstrom)
    assert b[0].two_theta_deg < a[0].two_theta_deg
