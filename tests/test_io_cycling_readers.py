"""Readers on small synthetic files: XLSX exports, Arbin CSV, generic CSV, errors."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pytest

from sselab.errors import InputError, ParseError
from sselab.io.cycling import read_cycling
from sselab.io.cycling.detect import FORMATS


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A minimal workbook: inline strings and numbers only."""

    def col(k: int) -> str:
        s = ""
        k += 1
        while k:
            k, r = divmod(k - 1, 26)
            s = chr(65 + r) + s
        return s

    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", f'<workbook {ns} {rel}><sheets>' + "".join(
            f'<sheet name="{escape(n)}" sheetId="{k + 1}" r:id="rId{k + 1}"/>'
            for k, n in enumerate(sheets)) + "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels", "<Relationships>" + "".join(
            f'<Relationship Id="rId{k + 1}" Target="worksheets/sheet{k + 1}.xml"/>'
            for k in range(len(sheets))) + "</Relationships>")
        for k, rows in enumerate(sheets.values()):
            body = []
            for r, row in enumerate(rows):
                cells = []
                for c, v in enumerate(row):
                    ref = f"{col(c)}{r + 1}"
                    if isinstance(v, str):
                        cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
                    elif v is not None:
                        cells.append(f'<c r="{ref}"><v>{float(v)!r}</v></c>')
                body.append(f'<row r="{r + 1}">{"".join(cells)}</row>')
            z.writestr(f"xl/worksheets/sheet{k + 1}.xml",
                       f"<worksheet {ns}><sheetData>{''.join(body)}</sheetData></worksheet>")
    return path


def cycle_rows(n: int = 5):
    """(test time s, step id, label, current A, voltage V, per-step capacity Ah) rows."""
    out = []
    t = 0.0
    for step, label, i in ((1, "Rest", 0.0), (2, "CC Chg", 1e-3), (3, "CV Chg", 5e-4),
                           (4, "CC DChg", -1e-3)):
        for k in range(n):
            out.append((t, step, label, i, 3.5 + np.sign(i) * 0.01 * k, abs(i) * 60 * k / 3600))
            t += 60.0
    return out


def test_neware_xlsx_record_sheet(tmp_path):
    rows = [["Data Point", "Cycle Index", "Step Index", "Step Type", "Total Time", "Current(mA)",
             "Voltage(V)", "Capacity(mAh)"]]
    for k, (t, step, label, i, v, q) in enumerate(cycle_rows()):
        rows.append([k + 1, 1, step, label, f"{int(t // 3600):02d}:{int(t % 3600 // 60):02d}:00",
                     i * 1e3, v, q * 1e3])
    p = write_xlsx(tmp_path / "nw.xlsx", {"test": [["info"]], "record": rows})
    t = read_cycling(p)
    assert t.provenance.format == "neware_xlsx" and len(t) == 20
    assert set(t.step_type_names) == {"rest", "CC", "CV"}
    s = t.step_starts
    q = t["capacity_Ah"][np.append(s[1:], len(t)) - 1]
    assert q.tolist() == pytest.approx([0, 4 * 60e-3 / 3600, 4 * 30e-3 / 3600, -4 * 60e-3 / 3600])
    assert t["cycle"].max() == 1


def test_landt_xlsx_classic_layout(tmp_path):
    rows = [["Record", "Cycle", "Step", "TestTime", "StepTime", "Current/mA", "Capacity/mAh",
             "Voltage/V", "State"]]
    for k, (t, step, label, i, v, q) in enumerate(cycle_rows()):
        state = {"Rest": "R", "CC Chg": "C_CC", "CV Chg": "C_CV", "CC DChg": "D_CC"}[label]
        rows.append([k + 1, 1, step, t, t % 300, abs(i) * 1e3, q * 1e3, v, state])
    p = write_xlsx(tmp_path / "land.xlsx", {"Record": rows})
    t = read_cycling(p)
    assert t.provenance.format == "landt_xlsx"
    assert t["current_A"].min() == pytest.approx(-1e-3)  # unsigned export signed by state
    assert any("unsigned" in n for n in t.notes)


def test_arbin_csv(tmp_path):
    lines = ["Data_Point,Date_Time,Test_Time(s),Step_Time(s),Cycle_Index,Step_Index,Current(A),"
             "Voltage(V),Charge_Capacity(Ah),Discharge_Capacity(Ah)"]
    qc = qd = 0.0
    k = 0
    for cyc in (1, 2):
        for step, i in ((1, -1e-3), (2, 1e-3)):
            for j in range(4):
                k += 1
                if j:
                    qc += max(i, 0) * 60 / 3600
                    qd += max(-i, 0) * 60 / 3600
                lines.append(f"{k},2024-01-01 10:{k:02d}:00,{60.0 * k},{60.0 * j},{cyc},{step},"
                             f"{i},{3.0 + i * 100 * j},{qc},{qd}")
        qc = qd = 0.0  # Arbin restarts its counters with each cycle
    p = tmp_path / "arbin.csv"
    p.write_text("\n".join(lines) + "\n")
    t = read_cycling(p, timezone="Europe/Oslo")
    assert t.provenance.format == "arbin_csv" and len(t) == 16
    s = t.step_starts
    q = t["capacity_Ah"][np.append(s[1:], len(t)) - 1]
    assert q.tolist() == pytest.approx([-3e-3 / 60, 3e-3 / 60] * 2)
    assert t.metadata.first_direction == "discharge"
    assert t.metadata.start_time_utc.isoformat() == "2024-01-01T09:00:00+00:00"


def test_generic_csv_with_column_map_and_units(tmp_path):
    p = tmp_path / "lab.txt"
    rows = ["# my potentiostat", "Time (h);E/V;I/mA;Step"]
    for k in range(10):
        rows.append(f"{k / 60};{3 + 0.01 * k};{1.5 if k < 5 else -1.5};{1 if k < 5 else 2}")
    p.write_text("\n".join(rows) + "\n")
    t = read_cycling(p, format="generic_csv",
                     column_map={"time_s": "Time (h)", "voltage_V": "E/V", "current_A": "I/mA",
                                 "vendor_step": "Step"})
    assert t["time_s"][1] == pytest.approx(60.0)
    assert t["current_A"][0] == pytest.approx(1.5e-3)
    assert t.metadata.capacity_source == "integrated"
    assert t.column_map["I/mA"] == "current_A (×0.001)"
    with pytest.raises(InputError, match="canonical"):
        read_cycling(p, format="generic_csv", column_map={"time_s": "Time (h)", "volts": "E/V"})
    with pytest.raises(ParseError, match="no voltage column"):
        read_cycling(p, format="generic_csv",
                     column_map={"time_s": "Time (h)", "voltage_V": "U/V", "current_A": "I/mA"},
                     header_row=1)


NO_CURRENT = {
    "neware.csv": "DataPoint,Cycle Index,Step Index,Step Type,Cumulative Time,Voltage(V)\n"
                  "1,1,1,Rest,00:00:00,3.0\n",
    "land.csv": "test_time_s,voltage_V,step_name,cycle_index,charge_capacity_Ah\n0,3.0,rest,1,0\n",
    "maccor.001": "Today's Date 01/01/2024\nRec#\tCyc#\tStep\tTest (Sec)\tVolts\tState\n"
                  "1\t1\t1\t0\t3.0\tR\n",
    "arbin.csv": "Data_Point,Test_Time(s),Cycle_Index,Step_Index,Voltage(V)\n1,0,1,1,3.0\n",
}


@pytest.mark.parametrize("fmt,name", [("neware_csv", "neware.csv"), ("landt_csv", "land.csv"),
                                      ("maccor_txt", "maccor.001"), ("arbin_csv", "arbin.csv")])
def test_missing_current_column_is_parse_error_naming_it(tmp_path, fmt, name):
    p = tmp_path / name
    p.write_text(NO_CURRENT[name])
    with pytest.raises(ParseError, match="current"):
        read_cycling(p, format=fmt)


@pytest.mark.parametrize("fmt", ["neware_csv", "arbin_csv", "landt_csv", "maccor_txt"])
def test_missing_voltage_column_is_parse_error_naming_it(tmp_path, fmt):
    p = tmp_path / "x.csv"
    p.write_text("Test_Time(s),Step_Index,Cycle_Index,Current(A),Amps,current_A,State\n"
                 "0,1,1,0,0,0,R\n")
    with pytest.raises(ParseError, match="voltage"):
        read_cycling(p, format=fmt)


def test_errors_for_unknown_inputs(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_cycling(tmp_path / "absent.csv")
    p = tmp_path / "notes.txt"
    p.write_text("hello\nworld\n")
    with pytest.raises(ParseError, match="not a cycling export"):
        read_cycling(p)
    with pytest.raises(InputError, match="unknown cycling format"):
        read_cycling(p, format="gamry")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(ParseError, match="empty"):
        read_cycling(tmp_path / "empty.csv")
    (tmp_path / "junk.bin").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ParseError, match="binary"):
        read_cycling(tmp_path / "junk.bin")
    (tmp_path / "bad.csv.gz").write_bytes(b"\x1f\x8b" + b"not gzip at all")
    with pytest.raises(ParseError, match="gzip"):
        read_cycling(tmp_path / "bad.csv.gz")
    (tmp_path / "fake.ndax").write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(ParseError):
        read_cycling(tmp_path / "fake.ndax")
    (tmp_path / "fake.res").write_bytes(b"\0\x01\0\0Standard Jet DB\0" + b"\0" * 5000)
    with pytest.raises(ParseError):
        read_cycling(tmp_path / "fake.res")


def test_bad_options_are_input_errors(tmp_path):
    p = Path(__file__).parent / "data" / "cycling" / "test.ndax"
    with pytest.raises(InputError, match="unknown option"):
        read_cycling(p, colour="blue")
    with pytest.raises(InputError, match="time zone"):
        read_cycling(p, timezone="Mars/Olympus")
    with pytest.raises(InputError, match="active_mass_kg"):
        read_cycling(p, active_mass_kg=-1)
    t = read_cycling(p, active_mass_kg=2e-6, area_m2=1e-4, nominal_capacity_Ah=6e-4)
    assert (t.metadata.active_mass_kg, t.metadata.area_m2) == (2e-6, 1e-4)


def test_formats_listed_once():
    assert len(FORMATS) == len(set(FORMATS)) == 12


def test_landt_pressure_and_temperature_channels(tmp_path):
    """Connected channels are kept in SI units; all-zero ones are dropped with a note."""
    head = ("channel_index,cycle_index,step_index,date_time_iso_string,test_time_s,step_time_s,"
            "current_A,voltage_V,discharge_capacity_Ah,charge_capacity_Ah,Pressure_Psi,"
            "temperature_1_C,temperature_2_C,step_name,\n")
    rows = [f"{k + 1},1,1,04/30/2024 14:33:{k:02d},{k}.0,{k}.0,0.001,3.{k},0,{k / 3600e3},"
            f"{100 + k},25.0,0,charge CC,\n" for k in range(5)]
    p = tmp_path / "land.csv"
    p.write_text("cell model:,x\n" + head + "".join(rows))
    t = read_cycling(p)
    assert t.provenance.format == "landt_csv"
    assert t["pressure_Pa"][0] == pytest.approx(100 * 6894.757293168361)
    assert t["temperature_K"][0] == pytest.approx(298.15)
    assert "temperature_2_K" not in t.column_names
    assert any("temperature_2_C" in n for n in t.notes)
    assert t.metadata.vendor["cell model"] == "x"
