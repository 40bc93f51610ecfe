"""Bio-Logic cycling files: mixed techniques (P9), .mpt text details, synthetic .mpr."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from sselab.errors import ParseError
from sselab.io.cycling import read_cycling

DATA = Path(__file__).parent / "data" / "cycling"

MPT_COLUMNS = ["mode", "ox/red", "error", "control changes", "Ns changes", "counter inc.", "Ns",
               "time/s", "freq/Hz", "Re(Z)/Ohm", "-Im(Z)/Ohm", "Ewe/V", "I/mA", "(Q-Qo)/mA.h"]


def mixed_rows() -> list[list[float]]:
    """PEIS sweep (Ns 0), then GCPL: charge 0.1 mA (Ns 1), rest (Ns 2), discharge (Ns 3)."""
    rows = []
    t = 0.0
    for f in np.logspace(5, 0, 6):
        rows.append([3, 0, 0, 0, 0, 0, 0, t, f, 100.0 + 1e4 / f, 50.0, 3.0, 0.0, 0.0])
        t += 2.0
    q = 0.0
    for ns, mode, i_mA, n in ((1, 1, 0.1, 8), (2, 3, 0.0, 3), (3, 1, -0.1, 6)):
        for k in range(n):
            t += 60.0
            q += i_mA * 60.0 / 3600.0 if k else 0.0
            rows.append([mode, 1 if i_mA > 0 else 0, 0, 1 if k == 0 else 0, 1 if k == 0 else 0,
                         0, ns, t, 0.0, 0.0, 0.0, 3.0 + q, i_mA, q])
    return rows


def write_mpt(path: Path, rows: list[list[float]], decimal_comma: bool = False) -> Path:
    head = ["EC-Lab ASCII FILE", "Nb header lines : 8", "", "Modulo Bat",
            "Acquisition started on : 03/14/2024 09:30:00.000",
            "Mass of active material : 2.500 mg", "Electrode surface area : 1.130 cm²",
            "\t".join(MPT_COLUMNS)]

    def fmt(v: float) -> str:
        s = f"{v:.10g}"
        return s.replace(".", ",") if decimal_comma else s

    body = ["\t".join(fmt(v) for v in r) for r in rows]
    path.write_text("\n".join(head + body) + "\n", encoding="latin-1")
    return path


_IDS = {"mode": 1, "ox/red": 2, "error": 3, "control changes": 21, "Ns changes": 31,
        "counter inc.": 65, "Ns": 131, "time/s": 4, "freq/Hz": 32, "Re(Z)/Ohm": 37,
        "-Im(Z)/Ohm": 38, "Ewe/V": 6, "I/mA": 8, "(Q-Qo)/mA.h": 13}
_FMT = {"Ns": "<u2", "time/s": "<f8", "(Q-Qo)/mA.h": "<f8"}
_BITS = {"mode": (0x03, 0), "ox/red": (0x04, 2), "error": (0x08, 3), "control changes": (0x10, 4),
         "Ns changes": (0x20, 5), "counter inc.": (0x80, 7)}


def _module(short: str, long: str, payload: bytes, version: int) -> bytes:
    return (b"MODULE" + short.encode().ljust(10) + long.encode().ljust(25)
            + struct.pack("<II", len(payload), version) + b"03/14/24" + payload)


def write_mpr(path: Path, rows: list[list[float]], technique: int = 0x04) -> Path:
    """A pre-11.50 (57-byte module headers), data-version-3 .mpr file."""
    ids = [_IDS[c] for c in MPT_COLUMNS]
    rec = []
    for r in rows:
        d = dict(zip(MPT_COLUMNS, r, strict=True))
        flags = 0
        for name, (mask, shift) in _BITS.items():
            flags |= (int(d[name]) << shift) & mask
        b = bytes([flags])
        for name in MPT_COLUMNS:
            if name in _BITS:
                continue
            b += np.array([d[name]], dtype=_FMT.get(name, "<f4")).tobytes()
        rec.append(b)
    table = struct.pack("<IB", len(rows), len(ids)) + struct.pack(f"<{len(ids)}H", *ids)
    payload = table.ljust(406, b"\0") + b"".join(rec)
    settings = bytes([technique]) + b"\0" * 100
    data = (b"BIO-LOGIC MODULAR FILE\x1a".ljust(48, b" ") + b"\0\0\0\0"
            + _module("VMP Set", "VMP settings", settings, 0)
            + _module("VMP data", "VMP data", payload, 3))
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("kind", ["mpt", "mpr"])
def test_p9_impedance_rows_split_off(tmp_path, kind):
    """Wrong: EIS points (freq > 0) kept as cycling records (17 + 6 rows)."""
    rows = mixed_rows()
    p = write_mpt(tmp_path / "mixed.mpt", rows) if kind == "mpt" else \
        write_mpr(tmp_path / "mixed.mpr", rows)
    t = read_cycling(p)
    assert t.provenance.format == f"biologic_{kind}"
    assert len(t) == 17 and t.n_impedance_rows == 6
    assert np.all(t.impedance["frequency_Hz"] > 0)
    assert t.impedance["z_imag_ohm"] == pytest.approx(np.full(6, -50.0))  # -Im(Z) flipped
    assert any("impedance" in n for n in t.notes)
    assert "EIS" not in set(t.step_type_names)
    # charge 0.1 mA × 7 min, discharge 0.1 mA × 5 min, one cycle
    s = t.step_starts
    q = t["capacity_Ah"][np.append(s[1:], len(t)) - 1]
    assert q.max() == pytest.approx(0.1e-3 * 7 * 60 / 3600, rel=1e-6)
    assert q.min() == pytest.approx(-0.1e-3 * 5 * 60 / 3600, rel=1e-6)
    assert t["cycle"].max() == 1
    assert set(t.step_type_names) == {"CC", "rest"}


def test_mpt_header_facts_and_decimal_comma(tmp_path):
    t = read_cycling(write_mpt(tmp_path / "c.mpt", mixed_rows(), decimal_comma=True))
    assert len(t) == 17
    assert t.metadata.active_mass_kg == pytest.approx(2.5e-6)
    assert t.metadata.area_m2 == pytest.approx(1.13e-4)
    assert t.metadata.start_time_local == "2024-03-14T09:30:00"
    assert t["current_A"].max() == pytest.approx(1e-4)


def test_mpt_without_current_is_parse_error(tmp_path):
    p = tmp_path / "noi.mpt"
    p.write_text("EC-Lab ASCII FILE\nNb header lines : 4\n\ntime/s\tEwe/V\n0\t3.0\n1\t3.1\n")
    with pytest.raises(ParseError, match="no current column"):
        read_cycling(p)


def test_mpt_without_voltage_is_parse_error(tmp_path):
    p = tmp_path / "nov.mpt"
    p.write_text("EC-Lab ASCII FILE\nNb header lines : 4\n\ntime/s\tI/mA\n0\t1\n1\t1\n")
    with pytest.raises(ParseError, match="no voltage column"):
        read_cycling(p)


def test_mpr_gcpl_without_current_column_uses_dq():
    """jdb11 stores no I column: the current is dQ/Δt (−0.0888 mA in the first discharge)."""
    t = read_cycling(DATA / "jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr.gz")
    assert any("no current column" in n for n in t.notes)
    first = t["current_A"][t["half_cycle"] == 1]
    assert np.median(first) == pytest.approx(-0.0888e-3, rel=0.01)
    assert t.metadata.start_time_local == "2020-10-26T12:49:58"


def test_mpr_three_electrode_keeps_counter_potential():
    t = read_cycling(DATA / "col_27_issue_74.mpr")
    assert "counter_voltage_V" in t.column_names
    assert any("unknown column ID 27" in n for n in t.notes)


def test_eis_only_mpr_is_refused(tmp_path):
    rows = [r for r in mixed_rows() if r[8] > 0]
    with pytest.raises(ParseError, match="impedance"):
        read_cycling(write_mpr(tmp_path / "eis.mpr", rows, technique=0x1D))
