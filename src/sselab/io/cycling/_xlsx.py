"""A small, dependency-free reader for the cell values of ``.xlsx`` workbooks.

Cycler exports (Arbin, Neware BTSDA, LAND) are plain tables, so values are all that is
needed: numbers (as float), shared/inline strings and booleans.  Styles, formulas
(cached values are read), merged cells and dates-as-formats are ignored; a date cell
therefore reads as its Excel serial day number, which the vendor readers convert.

Office Open XML (ECMA-376 part 1) layout used here: ``xl/workbook.xml`` lists sheets
with relationship ids, ``xl/_rels/workbook.xml.rels`` maps ids to part names,
``xl/sharedStrings.xml`` holds the string table, each sheet part has ``<row><c r="B7"
t="s"><v>12</v></c>…``.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree as ET

from sselab.errors import ParseError

_MAX_PART_BYTES = 1 << 31  # refuse absurd decompressed sizes (zip bombs)
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


class Workbook:
    """An open ``.xlsx`` workbook: sheet names and their cell values."""

    def __init__(self, data: bytes, where: str) -> None:
        self.where = where
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            names = set(self._zip.namelist())
        except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
            raise ParseError(f"{where}: not a readable .xlsx workbook ({exc})") from None
        if "xl/workbook.xml" not in names:
            raise ParseError(f"{where}: no xl/workbook.xml; not an .xlsx workbook")
        self._names = names
        self.sheets = self._sheet_parts()
        self._strings: list[str] | None = None

    def _read(self, part: str) -> bytes:
        try:
            info = self._zip.getinfo(part)
            if info.file_size > _MAX_PART_BYTES:
                raise ParseError(f"{self.where}: part {part} is implausibly large")
            return self._zip.read(part)
        except KeyError:
            raise ParseError(f"{self.where}: missing part {part}") from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise ParseError(f"{self.where}: cannot decompress {part} ({exc})") from None

    def _xml(self, part: str) -> ET.Element:
        try:
            return ET.fromstring(self._read(part))
        except ET.ParseError as exc:
            raise ParseError(f"{self.where}: {part} is not well-formed XML ({exc})") from None

    def _sheet_parts(self) -> dict[str, str]:
        wb = self._xml("xl/workbook.xml")
        rels: dict[str, str] = {}
        if "xl/_rels/workbook.xml.rels" in self._names:
            for r in self._xml("xl/_rels/workbook.xml.rels"):
                target = r.get("Target", "")
                target = target.lstrip("/")
                if not target.startswith("xl/"):
                    target = "xl/" + target
                rels[r.get("Id", "")] = target
        out: dict[str, str] = {}
        k = 0
        for el in wb.iter():
            if _local(el.tag) != "sheet":
                continue
            k += 1
            rid = next((v for a, v in el.attrib.items() if _local(a) == "id"), "")
            part = rels.get(rid, f"xl/worksheets/sheet{k}.xml")
            out[el.get("name", f"Sheet{k}")] = part
        if not out:
            raise ParseError(f"{self.where}: the workbook lists no sheets")
        return out

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            if "xl/sharedStrings.xml" in self._names:
                for si in self._xml("xl/sharedStrings.xml"):
                    if _local(si.tag) == "si":
                        self._strings.append("".join(t.text or "" for t in si.iter()
                                                     if _local(t.tag) == "t"))
        return self._strings

    def rows(self, sheet: str, max_rows: int | None = None) -> list[list[object]]:
        """Cell values of a sheet, row by row (None for empty cells; short rows not padded)."""
        part = self.sheets.get(sheet)
        if part is None:
            raise ParseError(f"{self.where}: no sheet {sheet!r}; sheets: {', '.join(self.sheets)}")
        strings = self._shared_strings()
        out: list[list[object]] = []
        try:
            src = io.BytesIO(self._read(part))
            row: list[object] | None = None
            for event, el in ET.iterparse(src, events=("start", "end")):
                tag = _local(el.tag)
                if event == "start":
                    if tag == "row":
                        row = []
                    continue
                if tag == "c" and row is not None:
                    ref = el.get("r")
                    if ref:
                        m = _CELL_REF.match(ref)
                        if m is None:
                            raise ParseError(f"{self.where}: bad cell reference {ref!r}")
                        pos = _col_number(m.group(1))
                        if pos > 20000:
                            raise ParseError(f"{self.where}: cell {ref!r} is out of range")
                        if pos > len(row):
                            row.extend([None] * (pos - len(row)))
                    row.append(self._value(el, strings))
                    el.clear()
                elif tag == "row" and row is not None:
                    out.append(row)
                    row = None
                    el.clear()
                    if max_rows is not None and len(out) >= max_rows:
                        break
        except ET.ParseError as exc:
            raise ParseError(f"{self.where}: sheet {sheet!r} is not well-formed XML ({exc})") \
                from None
        return out

    def _value(self, c: ET.Element, strings: list[str]) -> object:
        t = c.get("t", "n")
        v = None
        for child in c:
            name = _local(child.tag)
            if name == "v":
                v = child.text
            elif name == "is":
                return "".join(x.text or "" for x in child.iter() if _local(x.tag) == "t")
        if v is None:
            return None
        if t == "s":
            try:
                return strings[int(v)]
            except (ValueError, IndexError):
                raise ParseError(f"{self.where}: shared-string index {v!r} is out of range") \
                    from None
        if t in ("str", "inlineStr", "e"):
            return v
        if t == "b":
            return v.strip() == "1"
        try:
            return float(v)
        except ValueError:
            return v
