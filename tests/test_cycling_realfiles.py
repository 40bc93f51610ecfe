"""Every real cycler file in tests/data/cycling: rows, cycles and per-cycle values.

Expected values come from ``sselab/data/cycling/vendor_truth.toml`` (copied from
shared/realdata/cycling/README.md, with the tags VENDOR/ASSERTED/COMPUTED there).  A value
printed with d decimals must be reproduced within half a unit of its last digit.
"""

from __future__ import annotations

import math
import tomllib
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from sselab.cycling.summary import CycleSummary, summarise
from sselab.io.cycling import read_cycling
from sselab.parameters import data_text

DATA = Path(__file__).parent / "data" / "cycling"
TRUTH: dict = tomllib.loads(data_text("cycling/vendor_truth.toml"))["files"]
FILES = sorted(TRUTH)


@cache
def _table(name: str):  # type: ignore[no-untyped-def]
    return read_cycling(DATA / name)


@cache
def _summary(name: str) -> CycleSummary:
    return summarise(_table(name), first=TRUTH[name]["policy"])


def _tol(printed: float) -> float:
    """Half a unit of the last printed digit (at least 1e-7 relative)."""
    s = repr(float(printed))
    decimals = len(s.split(".")[1]) if "." in s and "e" not in s else 6
    return max(0.5 * 10.0 ** -decimals, 1e-7 * abs(printed)) * (1 + 1e-9)


def test_all_shared_files_are_covered():
    assert len(FILES) == 13
    for name in FILES:
        assert (DATA / name).is_file(), name


@pytest.mark.parametrize("name", FILES)
def test_rows(name):
    assert len(_table(name)) == TRUTH[name]["rows"]


@pytest.mark.parametrize("name", [n for n in FILES if "cycles" in TRUTH[n]])
def test_cycle_count_and_direction(name):
    tr = TRUTH[name]
    s = _summary(name)
    assert s.n_cycles == tr["cycles"]
    if "first" in tr:
        assert s.first_direction == tr["first"]
    if "incomplete_last" in tr:
        assert s.edges.trailing_incomplete_cycle == tr["incomplete_last"]
        k = s.index_of(tr["incomplete_last"])
        assert not s.complete[k] and math.isnan(s.coulombic_efficiency[k])
    if "derived_cycles" in tr:
        assert summarise(_table(name), first="auto").n_cycles == tr["derived_cycles"]


@pytest.mark.parametrize("name", [n for n in FILES if TRUTH[n].get("values")])
def test_per_cycle_capacities(name):
    """Charge and discharge of each listed cycle = the vendor's step sums (mAh)."""
    s = _summary(name)
    extra = TRUTH[name].get("abs_tol_mAh", 0.0)
    for cyc, (ch, dis) in TRUTH[name]["values"].items():
        k = s.index_of(int(cyc))
        assert s.charge_capacity_Ah[k] * 1e3 == pytest.approx(ch, abs=max(_tol(ch), extra)), \
            (cyc, "charge")
        assert s.discharge_capacity_Ah[k] * 1e3 == pytest.approx(dis, abs=max(_tol(dis), extra)), \
            (cyc, "discharge")


@pytest.mark.parametrize("name", [n for n in FILES if TRUTH[n].get("ce_percent")])
def test_coulombic_efficiencies(name):
    s = _summary(name)
    for cyc, ce in TRUTH[name]["ce_percent"].items():
        k = s.index_of(int(cyc))
        assert 100 * s.coulombic_efficiency[k] == pytest.approx(ce, abs=_tol(ce)), cyc


def test_specific_capacities_with_mass():
    """uio 2445.33 and Arbin 1905.88 mAh/g (cellpy 1.0.3 with the same masses)."""
    for name, key, direction in (("neware_uio.csv.gz", "cycle1_discharge_mAh_per_g",
                                  "discharge"),
                                 ("20160805_test001_45_cc_01.res.gz", "cycle1_charge_mAh_per_g",
                                  "charge")):
        tr = TRUTH[name]
        s = summarise(_table(name), first=tr["policy"], active_mass_kg=tr["mass_mg"] * 1e-6)
        k = s.index_of(1)
        got = s.specific(getattr(s, f"{direction}_capacity_Ah"))[k]
        assert got == pytest.approx(tr[key], abs=0.005)


def test_bs542_totals_equal_vendor_cumulative_columns():
    s = _summary("bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx")
    tr = TRUTH["bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx"]
    assert s.charge_capacity_Ah.sum() * 1e3 == pytest.approx(tr["total_charge_mAh"], abs=1e-5)
    assert s.discharge_capacity_Ah.sum() * 1e3 == pytest.approx(tr["total_discharge_mAh"],
                                                                abs=1e-4)


def test_test2_rate_ladder_and_recovery():
    from sselab.cycling.rate import rate_capability

    tr = TRUTH["test_2.ndax"]
    rc = rate_capability(_summary("test_2.ndax"))
    got_i = [lv.current_A * 1e3 for lv in rc.levels]
    got_q = [lv.mean_capacity_Ah * 1e3 for lv in rc.levels]
    assert np.allclose(got_i, tr["rate_levels_mA"], rtol=0.01)
    assert got_q == pytest.approx(tr["rate_mean_discharge_mAh"], abs=6e-6)
    assert rc.recovery_cycle == tr["recovery_cycle"]
    assert rc.recovery_ratio == pytest.approx(tr["recovery_discharge_mAh"] / 0.10059, rel=1e-4)


def test_nw4_retention_crossings():
    from sselab.cycling.retention import retention

    tr = TRUTH["nw4-120-1-6-53.ndax"]
    r = retention(_summary("nw4-120-1-6-53.ndax"), reference_cycle=tr["retention_reference"])
    for x, cyc in tr["retention_first_below"].items():
        assert r.crossing(float(x)).first_cycle == cyc


def test_rest_only_file_has_no_cycles():
    s = _summary("123456789012_Unit27_Example_Data_File.ndax")
    assert len(s) == 0 and s.records() == []
