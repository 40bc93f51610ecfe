"""Series tables: σ per record, Arrhenius per composition."""

from __future__ import annotations

import math

import pytest

from sselab.errors import InputError
from sselab.transport.arrhenius import arrhenius_conductivity
from sselab.transport.conductivity import Pellet, resistance_from_conductivity
from sselab.transport.series import SeriesRecord, conductivity_rows, summarise_by_composition

P = Pellet.from_mm(0.8, 10.0)
TEMPS = (298.15, 318.15, 338.15)


def _records(x, y, s25, ea, temps=TEMPS, treatment="as-milled"):
    out = []
    for t in temps:
        r = resistance_from_conductivity(arrhenius_conductivity(t, s25, ea), P)
        out.append(SeriesRecord(f"{x}-{y}-{t}", x, y, t, treatment, P, r, 0.01 * r))
    return out


def test_rows_and_exact_arrhenius_per_composition():
    recs = _records(1.4, 0.25, 0.255, 0.276) + _records(1.2, 0.25, 0.15, 0.30)
    rows = conductivity_rows(recs)
    assert rows[0].conductivity_S_per_m == pytest.approx(0.255, rel=1e-12)
    assert rows[0].conductivity_stderr_S_per_m == pytest.approx(0.01 * 0.255, rel=1e-9)
    summ = summarise_by_composition(rows)
    assert [(s.x, s.y) for s in summ] == [(1.4, 0.25), (1.2, 0.25)]
    assert summ[0].activation_energy_eV == pytest.approx(0.276, rel=1e-10)
    assert summ[0].sigma25_mS_per_cm == pytest.approx(2.55, rel=1e-10)
    assert summ[1].activation_energy_eV == pytest.approx(0.30, rel=1e-10)
    assert summ[0].sigma25_source == "arrhenius" and summ[0].n_measurements == 3


def test_treatments_are_separate_groups_and_single_temperature_uses_measurement():
    recs = _records(1.4, 0.25, 0.255, 0.276) + _records(1.4, 0.25, 0.223, 0.276, temps=(298.15,),
                                                        treatment="100C-5h")
    summ = summarise_by_composition(conductivity_rows(recs))
    ann = [s for s in summ if s.treatment == "100C-5h"][0]
    assert ann.arrhenius is None and ann.sigma25_source == "measured"
    assert ann.sigma25_mS_per_cm == pytest.approx(2.23)
    assert math.isnan(ann.activation_energy_eV)


def test_no_25C_point_and_no_fit_gives_nan():
    recs = _records(1.0, 0.5, 0.1, 0.3, temps=(320.0,))
    s = summarise_by_composition(conductivity_rows(recs))[0]
    assert s.sigma25_source == "none" and math.isnan(s.sigma25_S_per_m)


def test_empty_series_rejected():
    with pytest.raises(InputError):
        summarise_by_composition(())
