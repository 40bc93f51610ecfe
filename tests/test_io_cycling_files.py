"""Every real cycling file reads with the row counts its README states.

Two sets: the copies in ``tests/data/cycling`` (always run) and the originals in
``/work/shared/realdata/cycling`` (skipped when that folder is absent).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sselab.cycling import CyclingTable
from sselab.io.cycling import read_cycling

HERE = Path(__file__).parent / "data" / "cycling"
SHARED = Path("/work/shared/realdata/cycling")

#: file name → (format, rows, sha256 prefix of the content) from the READMEs
EXPECTED: dict[str, tuple[str, int, str]] = {
    "test.ndax": ("neware_nda", 1464, "2b1e53cff126"),
    "test_2.ndax": ("neware_nda", 108563, "04882c499398"),
    "nw4-120-1-6-53.ndax": ("neware_nda", 18700, "7c39562b179f"),
    "TestFile.nda": ("neware_nda", 6670, "bf43594b31e2"),
    "123456789012_Unit27_Example_Data_File.ndax": ("neware_nda", 301, "9f7198e5f385"),
    "neware_uio.csv": ("neware_csv", 9065, "ff60f5e074f0"),
    "jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr": ("biologic_mpr", 46102, "a96fd36d956f"),
    "00_test_02_MB_C01.mpr": ("biologic_mpr", 11, "2457b10d0cf9"),
    "col_27_issue_74.mpr": ("biologic_mpr", 20, "b47353990833"),
    "20160805_test001_45_cc_01.res": ("arbin_res", 10261, "d78410132f0d"),
    "bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx": ("arbin_xlsx", 4526, "3de6f679f763"),
    "PredictionDiagnostics_000109_tztest.010": ("maccor_txt", 2165, "6a6e8f55d855"),
    "SINTEF__LiGrR2032__2024-04-30__25degC__Landt.csv": ("landt_csv", 25162, "10867f114370"),
}


def _local(name: str) -> Path:
    p = HERE / name
    return p if p.exists() else HERE / (name + ".gz")


def _check(path: Path, name: str) -> CyclingTable:
    fmt, rows, sha = EXPECTED[name]
    t = read_cycling(path)
    assert t.provenance.format == fmt
    # cycling rows + impedance rows split off = all records of the file
    assert len(t) + t.n_impedance_rows == rows
    content = t.provenance.content_sha256 or t.provenance.file_sha256
    assert content.startswith(sha)
    assert np.all(np.diff(t["time_s"]) >= 0)
    assert np.all(np.diff(t["step_index"]) >= 0)
    assert {"time_s", "voltage_V", "current_A", "capacity_Ah", "step_index", "step_type",
            "half_cycle", "cycle"} <= set(t.column_names)
    return t


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_copied_file_row_counts(name):
    _check(_local(name), name)


def _shared_files() -> list[str]:
    return sorted(EXPECTED) if SHARED.is_dir() else []


@pytest.mark.skipif(not SHARED.is_dir(), reason="/work/shared/realdata/cycling not present")
@pytest.mark.parametrize("name", _shared_files())
def test_shared_file_row_counts(name):
    hits = list(SHARED.glob(f"*/{name}"))
    assert hits, f"{name} missing from {SHARED}"
    _check(hits[0], name)


def test_every_shared_instrument_file_is_listed():
    if not SHARED.is_dir():
        pytest.skip("/work/shared/realdata/cycling not present")
    files = {p.name for p in SHARED.glob("*/*") if p.suffix not in (".md", ".parquet")}
    assert files == set(EXPECTED)
