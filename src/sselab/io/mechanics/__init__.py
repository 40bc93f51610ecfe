"""Readers of mechanical-test files → core objects in SI units.

:func:`read_indentation` reads any supported nanoindentation file into a list
of :class:`~sselab.mechanics.indentation.curve.IndentCurve` (one per indent):

===========================  ====================================  ================
format                       suffix                                module
===========================  ====================================  ================
Keysight/Agilent NanoSuite   ``.xls``                              ``keysight_xls``
Hysitron TriboScan text      ``.txt``                              ``hysitron``
NeXus-style HDF5             ``.hdf5``, ``.h5``, ``.nxs``          ``nexus_hdf5``
generic CSV                  ``.csv`` (also ``.txt`` with header)  ``csv``
===========================  ====================================  ================

Readers are imported lazily, so importing this package costs nothing.
AFM force-curve readers live in sibling modules and are imported directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sselab.errors import InputError, ParseError

if TYPE_CHECKING:  # pragma: no cover
    from sselab.mechanics.indentation.curve import IndentCurve

INDENTATION_FORMATS = ("keysight-xls", "hysitron-txt", "hdf5", "csv")


def _sniff(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".xls" or "".join(path.suffixes[-2:]).lower() == ".xls.gz":
        return "keysight-xls"
    if suffix in (".hdf5", ".h5", ".nxs"):
        return "hdf5"
    if suffix == ".csv":
        return "csv"
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise InputError(f"{path}: cannot open ({exc.strerror})") from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "keysight-xls"
    if head.startswith(b"\x89HDF"):
        return "hdf5"
    from sselab.io.mechanics.hysitron import looks_like_hysitron

    if looks_like_hysitron(head):
        return "hysitron-txt"
    if suffix in (".txt", ".tsv", ".dat"):
        return "csv"
    raise ParseError(f"{path}: unknown indentation file type; supported: Keysight .xls, "
                     f"Hysitron .txt, HDF5 (.hdf5), CSV with depth_nm/load_mN columns")


def read_indentation(path: str | Path, *, format: str | None = None) -> list[IndentCurve]:
    """Read every indent in ``path``.

    Parameters
    ----------
    path : str or Path
        The instrument file.
    format : str, optional
        One of :data:`INDENTATION_FORMATS`; guessed from suffix and content when omitted.

    Returns
    -------
    list of IndentCurve
        One per indent; an indent the reader could not read has ``problem`` set.

    Raises
    ------
    InputError
        The file does not exist.
    ParseError
        The file cannot be read as the format.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    fmt = format or _sniff(path)
    if fmt == "keysight-xls":
        from sselab.io.mechanics.keysight_xls import read_keysight_xls

        return read_keysight_xls(path)
    if fmt == "hysitron-txt":
        from sselab.io.mechanics.hysitron import read_hysitron_txt

        return read_hysitron_txt(path)
    if fmt == "hdf5":
        from sselab.io.mechanics.nexus_hdf5 import read_nexus_hdf5

        return read_nexus_hdf5(path)
    if fmt == "csv":
        from sselab.io.mechanics.csv import read_indentation_csv

        return read_indentation_csv(path)
    raise InputError(f"unknown indentation format {fmt!r}; use one of "
                     f"{', '.join(INDENTATION_FORMATS)}")
