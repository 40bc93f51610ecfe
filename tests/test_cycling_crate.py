"""C-rate ↔ specific current, nominal capacities from the data file, anode offsets."""

from __future__ import annotations

import numpy as np
import pytest

from sselab.cycling.crate import (
    c_rate,
    c_rate_from_specific_current,
    c_rates,
    current_for_c_rate,
    format_c_rate,
    known_materials,
    nominal_capacity,
    specific_current_A_per_kg,
    specific_current_for_c_rate,
)
from sselab.cycling.reference_electrode import (
    anode_offset_V,
    anode_potential,
    cell_voltage_from_potential,
    known_anodes,
    potential_vs_li,
)
from sselab.errors import DataError, InputError


def test_paper_c_rate_statements():
    ncm = nominal_capacity("scNCM92").specific_capacity_Ah_per_kg
    lco = nominal_capacity("lco").specific_capacity_Ah_per_kg
    assert ncm == 200.0 and lco == 158.0
    assert c_rate_from_specific_current(20.0, ncm) == pytest.approx(0.1)
    assert c_rate_from_specific_current(15.8, lco) == pytest.approx(0.1)
    assert specific_current_for_c_rate(np.array([1, 2, 5, 7, 10]), lco) == pytest.approx(
        [158, 316, 790, 1106, 1580])
    assert specific_current_for_c_rate(4, ncm) == pytest.approx(800)
    ncm46 = nominal_capacity("scNCM92_4p6V").specific_capacity_Ah_per_kg
    assert c_rate_from_specific_current(24.0, ncm46) == pytest.approx(0.1)
    assert set(known_materials()) >= {"scNCM92", "LCO"}
    assert "Hu et al. 2026" in nominal_capacity("LCO").source


def test_absolute_c_rate_and_specific_current():
    assert c_rate(-0.079211e-3, 1.58422e-3) == pytest.approx(0.05, rel=1e-4)
    assert current_for_c_rate(2, 1.5e-3) == pytest.approx(3e-3)
    assert specific_current_A_per_kg(0.4045e-3, 20.224e-6) == pytest.approx(20.0, rel=1e-3)


def test_nominal_and_effective_side_by_side():
    r = c_rates(0.0792e-3, nominal_capacity_Ah=1.58422e-3, measured_capacity_Ah=0.10059e-3)
    assert r.nominal_c_rate[0] == pytest.approx(0.05, rel=1e-3)
    assert r.effective_c_rate[0] == pytest.approx(0.787, rel=1e-3)
    m = c_rates(0.4045e-3, active_mass_kg=20.224e-6, nominal_specific_capacity_Ah_per_kg=200)
    assert m.nominal_c_rate[0] == pytest.approx(0.1, rel=1e-3)
    assert m.specific_current_A_per_kg[0] == pytest.approx(20.0, rel=1e-3)
    with pytest.raises(InputError, match="disagrees"):
        c_rates(1e-3, active_mass_kg=1e-5, nominal_specific_capacity_Ah_per_kg=200,
                nominal_capacity_Ah=1e-3)
    with pytest.raises(InputError, match="active mass"):
        c_rates(1e-3, nominal_specific_capacity_Ah_per_kg=200)


@pytest.mark.parametrize("c,text", [(0.05, "C/20"), (0.1, "C/10"), (1 / 3, "C/3"),
                                    (0.99993, "1C"), (2.0, "2C"), (0.33, "C/3"), (0.7, "7C/10"),
                                    (2.5, "2.5C"), (0.0, "–")])
def test_format_c_rate(c, text):
    assert format_c_rate(c) == text


def test_unknown_material():
    with pytest.raises(DataError, match="known"):
        nominal_capacity("NMC811")


def test_anode_offsets_with_sources():
    assert anode_potential("Li-In").potential_V == 0.62
    assert anode_potential("LiIn").name == "Li-In"
    assert anode_potential("li13si4").potential_V == 0.27
    assert anode_potential("Li metal").potential_V == 0.0
    assert anode_potential("LTO").potential_V == 1.55
    assert anode_potential("Li-In").kind == "given" and "0.62" in anode_potential("Li-In").source
    assert set(known_anodes()) == {"Li-In", "Li13Si4", "Li", "Li4Ti5O12"}
    assert anode_offset_V("0.3") == 0.3 and anode_offset_V(None) is None
    assert potential_vs_li(np.array([3.68]), "Li-In") == pytest.approx([4.30])
    assert cell_voltage_from_potential(4.3, "Li13Si4") == pytest.approx(4.03)
    with pytest.raises(DataError, match="known"):
        anode_potential("graphite")
    with pytest.raises(InputError):
        anode_offset_V(float("nan"))
