"""Shared pieces of the voltammetry readers: loading (gzip-aware), units of column names."""

from __future__ import annotations

import hashlib
import re
import zlib
from pathlib import Path

from sselab.errors import ParseError
from sselab.io.eis.common import RawFile, load_raw

_GZIP_MAGIC = b"\x1f\x8b"
#: Largest decompressed size accepted from a .gz file (guards against zip bombs), bytes.
MAX_DECOMPRESSED = 512 * 1024 * 1024

#: Current units → factor to A.
CURRENT_UNITS = {"a": 1.0, "ma": 1e-3, "ua": 1e-6, "µa": 1e-6, "μa": 1e-6, "na": 1e-9,
                 "pa": 1e-12}
#: Potential units → factor to V.
POTENTIAL_UNITS = {"v": 1.0, "mv": 1e-3}
#: Time units → factor to s.
TIME_UNITS = {"s": 1.0, "ms": 1e-3, "min": 60.0, "h": 3600.0}

_UNIT = re.compile(r"(?:\(([^)]*)\)|\[([^\]]*)\]|/([^/\s]+)|_([A-Za-zµμ]+))\s*$")


def load(path: str | Path) -> tuple[RawFile, str]:
    """Bytes of ``path`` (decompressed when gzip) and the sha256 of the file as stored.

    Returns the :class:`RawFile` of the *content* (its ``sha256`` is that of the
    decompressed bytes) and the sha256 of the stored file.
    """
    raw = load_raw(path)
    if not raw.data.startswith(_GZIP_MAGIC):
        return raw, raw.sha256
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        data = d.decompress(raw.data, MAX_DECOMPRESSED)
        if d.unconsumed_tail:
            raise ParseError(f"{raw.path}: decompresses to more than {MAX_DECOMPRESSED} bytes")
    except ParseError:
        raise
    except Exception as exc:  # zlib.error, or the error class of a drop-in zlib (python-isal)
        raise ParseError(f"{raw.path}: a damaged gzip file ({type(exc).__name__}: {exc})") \
            from None
    return RawFile(raw.path, data, hashlib.sha256(data).hexdigest()), raw.sha256


def unit_of(name: str) -> str:
    """The unit written in a column name: ``Current/A``, ``I (mA)``, ``E [V]``, ``current_A``."""
    m = _UNIT.search(name.strip())
    if not m:
        return ""
    return next(g for g in m.groups() if g is not None).strip()


def factor(name: str, table: dict[str, float], default: str, where: str) -> float:
    """Scale factor of column ``name`` to SI using ``table``; no unit → ``default``."""
    parts = unit_of(name).lower().split()
    u = parts[0] if parts else ""  # "V vs Li/Li+" → "v"
    if not u:
        return table[default]
    if u in table:
        return table[u]
    raise ParseError(f"{where}: column {name!r} has unit {unit_of(name)!r}; expected one of "
                     f"{', '.join(table)}")
