"""Reading a whole input file with one set of clear errors (shared by every reader family)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sselab.errors import InputError


def read_bytes(path: str | Path, what: str = "an instrument file") -> tuple[Path, bytes, str]:
    """``(path, bytes, sha256)`` of ``path``; missing, directory or unreadable → :class:`InputError`."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {p}; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{p} is a directory; give {what}") from None
    except OSError as exc:
        raise InputError(f"cannot read {p}: {exc.strerror or exc}") from None
    return p, data, hashlib.sha256(data).hexdigest()
