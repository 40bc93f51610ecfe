"""Parameter sets: every value from outside sselab, with unit, source and kind.

A parameter file is TOML.  Any table holding a ``value`` key is a parameter;
its dotted path is its name.  Required keys: ``value``, ``unit``, ``source``
and ``kind``; optional: ``note``, ``currency``, ``year``.  A ``[meta]`` table
describes the set::

    [meta]
    id = "cost_lzaco_2026"
    description = "..."

    [prices.Li2CO3]
    value = 12.64
    unit = "USD/kg"
    currency = "USD"
    year = 2024
    source = "Hu et al. 2026, Fig. 3e"
    kind = "given"

``kind`` is one of :data:`KINDS`: *given* (stated in the paper), *public*
(a cited public source), *inferred* (algebra on the paper's numbers),
*assumed* (a plausible choice) or *calibrated* (solved so that published
results come out right).
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sselab.errors import DataError, InputError, ParseError

KINDS = ("given", "public", "inferred", "assumed", "calibrated")
_REQUIRED = ("value", "unit", "source", "kind")
_OPTIONAL = ("note", "currency", "year")


@dataclass(frozen=True, slots=True)
class Parameter:
    """One externally sourced value."""

    name: str
    value: Any
    unit: str
    source: str
    kind: str
    note: str = ""
    currency: str = ""
    year: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain-dict form for JSON output."""
        d: dict[str, Any] = {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "source": self.source,
            "kind": self.kind,
        }
        for k in ("note", "currency", "year"):
            v = getattr(self, k)
            if v:
                d[k] = v
        return d


@dataclass(frozen=True)
class ParameterSet(Mapping[str, Parameter]):
    """An immutable mapping ``dotted name → Parameter`` plus the set's metadata."""

    id: str
    origin: str
    sha256: str
    meta: Mapping[str, Any] = field(default_factory=dict)
    _params: Mapping[str, Parameter] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._params[name]
        except KeyError:
            raise DataError(
                f"parameter {name!r} is not in set {self.id!r}; "
                f"known: {', '.join(sorted(self._params))}"
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self._params

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        """The Parameter ``name``, or ``default`` when absent."""
        return self._params.get(name, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._params)

    def __len__(self) -> int:
        return len(self._params)

    def value(self, name: str) -> Any:
        """The bare value of parameter ``name``."""
        return self[name].value

    def group(self, prefix: str) -> dict[str, Parameter]:
        """Parameters below ``prefix.`` keyed by the remaining name."""
        p = prefix.rstrip(".") + "."
        return {k[len(p):]: v for k, v in self._params.items() if k.startswith(p)}

    def with_values(self, **changes: Any) -> ParameterSet:
        """A copy with some values replaced (keys are dotted names; use ``__`` for dots)."""
        params = dict(self._params)
        for key, val in changes.items():
            name = key.replace("__", ".")
            params[name] = replace(self[name], value=val)
        return replace(self, _params=params)

    def replaced(self, values: Mapping[str, Any]) -> ParameterSet:
        """A copy with the values of ``values`` (dotted name → value) replaced."""
        params = dict(self._params)
        for name, val in values.items():
            params[name] = replace(self[name], value=val)
        return replace(self, _params=params)

    def records(self) -> list[dict[str, Any]]:
        """All parameters as plain dicts (for JSON and the report)."""
        return [p.as_dict() for p in self._params.values()]


def _walk(table: Mapping[str, Any], prefix: str, out: dict[str, Parameter], origin: str) -> None:
    for key, val in table.items():
        name = f"{prefix}{key}"
        if not isinstance(val, Mapping):
            raise ParseError(
                f"{origin}: entry {name!r} is a bare value; write it as a table with "
                f"value, unit, source and kind"
            )
        if "value" in val:
            missing = [k for k in _REQUIRED if k not in val]
            if missing:
                raise ParseError(f"{origin}: parameter {name!r} lacks {', '.join(missing)}")
            unknown = set(val) - set(_REQUIRED) - set(_OPTIONAL)
            if unknown:
                raise ParseError(
                    f"{origin}: parameter {name!r} has unknown keys {sorted(unknown)}"
                )
            if val["kind"] not in KINDS:
                raise ParseError(
                    f"{origin}: parameter {name!r} has kind {val['kind']!r}; "
                    f"use one of {', '.join(KINDS)}"
                )
            out[name] = Parameter(
                name=name,
                value=val["value"],
                unit=str(val["unit"]),
                source=str(val["source"]),
                kind=str(val["kind"]),
                note=str(val.get("note", "")),
                currency=str(val.get("currency", "")),
                year=val.get("year"),
            )
        else:
            _walk(val, f"{name}.", out, origin)


def parse_parameter_set(text: str, origin: str = "<string>") -> ParameterSet:
    """Parse the TOML text of a parameter set (see module docstring for the schema)."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ParseError(f"{origin}: not valid TOML ({exc})") from None
    meta = doc.pop("meta", {})
    params: dict[str, Parameter] = {}
    _walk(doc, "", params, origin)
    sha = hashlib.sha256(text.encode()).hexdigest()
    return ParameterSet(
        id=str(meta.get("id", Path(origin).stem)),
        origin=origin,
        sha256=sha,
        meta=meta,
        _params=params,
    )


def load_parameter_set(source: str | Path) -> ParameterSet:
    """Load a parameter set from a file path or a packaged name.

    Parameters
    ----------
    source : str or Path
        A path to a ``.toml`` file, or the name of a set shipped in
        ``sselab/data`` (e.g. ``"cost/lzaco_2026"``).
    """
    path = Path(source)
    if path.suffix == ".toml" and path.exists():
        return parse_parameter_set(path.read_text(encoding="utf-8"), str(path))
    name = str(source).removesuffix(".toml")
    res = data_path(f"{name}.toml")
    if not res.is_file():
        if path.suffix == ".toml":
            raise InputError(f"parameter file {str(source)!r} does not exist")
        raise DataError(f"no packaged parameter set {name!r} and no file {str(source)!r}")
    return parse_parameter_set(res.read_text(encoding="utf-8"), f"sselab/data/{name}.toml")


#: Folder of the packaged data files (plain path: importlib.resources costs ~15 ms at start-up).
DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(name: str) -> Path:
    """Path of a packaged data file, ``name`` relative to ``sselab/data`` (``/``-separated)."""
    return DATA_DIR.joinpath(*name.split("/"))


def data_text(name: str) -> str:
    """Text of a packaged data file, ``name`` relative to ``sselab/data``."""
    res = data_path(name)
    if not res.is_file():
        raise DataError(f"packaged data file {name!r} is missing")
    return res.read_text(encoding="utf-8")


def data_bytes(name: str) -> bytes:
    """Bytes of a packaged data file, ``name`` relative to ``sselab/data``."""
    res = data_path(name)
    if not res.is_file():
        raise DataError(f"packaged data file {name!r} is missing")
    return res.read_bytes()
