"""The campaign plan (``PLAN.toml``): groups of input files, their analysis, options and sample.

Example::

    [campaign]
    name = "LZACO pellets, January"

    [[group]]
    name = "x-series 25 °C"
    analysis = "eis"                       # eis | indent | cycling
    files = ["eis/*.csv", "extra/p7.mpr"]  # paths or glob patterns, relative to the plan
    [group.options]                         # per-analysis options (see sselab.batch.analyses)
    circuit = "R0-p(R1,CPE1)-CPE2"
    [group.sample]                          # facts shared by every file of the group
    composition = "1.4Li2O-0.75ZrCl4-0.25AlCl3"
    x = 1.4
    y = 0.25
    treatment = "as-milled"
    thickness_mm = 0.80
    diameter_mm = 10.0
    temperature_C = 25

    [[group.inputs]]                        # files with their own sample facts (override the group's)
    path = "eis/x10_y25.csv"
    sample = { name = "x1.0-y0.25", x = 1.0, y = 0.25 }

    [[group]]                               # an analysis without input files: one case per group
    name = "cost Li2CO3 4 h"
    analysis = "cost"
    timeout_s = 30                          # a task running longer is recorded as failed
    options = { material = "LZACO", route = "Li2CO3", milling_time_h = 4 }

``timeout_s`` (seconds) may be given per group or once in ``[campaign]`` (the default of
the groups that give none); it is not part of the parameters hash (a result does not
depend on it).

Sample facts with units in their names are converted to SI here (``thickness_mm`` →
``thickness_m``, ``temperature_C`` → ``temperature_K``, ``mass_loading_mg_cm2`` →
``mass_loading_kg_per_m2`` …); any other key is kept as free metadata (operator, batch id …).
"""

from __future__ import annotations

import glob as _glob
import hashlib
import json
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sselab.errors import InputError, ParseError

#: sample key → (SI key, factor, offset): SI = value·factor + offset.
_UNIT_KEYS: dict[str, tuple[str, float, float]] = {
    "thickness_m": ("thickness_m", 1.0, 0.0),
    "thickness_mm": ("thickness_m", 1e-3, 0.0),
    "thickness_um": ("thickness_m", 1e-6, 0.0),
    "thickness_stderr_um": ("thickness_stderr_m", 1e-6, 0.0),
    "diameter_m": ("diameter_m", 1.0, 0.0),
    "diameter_mm": ("diameter_m", 1e-3, 0.0),
    "diameter_stderr_mm": ("diameter_stderr_m", 1e-3, 0.0),
    "area_m2": ("area_m2", 1.0, 0.0),
    "area_cm2": ("area_m2", 1e-4, 0.0),
    "area_mm2": ("area_m2", 1e-6, 0.0),
    "temperature_K": ("temperature_K", 1.0, 0.0),
    "temperature_C": ("temperature_K", 1.0, 273.15),
    "temperature_degC": ("temperature_K", 1.0, 273.15),
    "mass_loading_kg_per_m2": ("mass_loading_kg_per_m2", 1.0, 0.0),
    "mass_loading_mg_cm2": ("mass_loading_kg_per_m2", 1e-6 / 1e-4, 0.0),
    "active_mass_kg": ("active_mass_kg", 1.0, 0.0),
    "active_mass_mg": ("active_mass_kg", 1e-6, 0.0),
    "modulus_Pa": ("modulus_Pa", 1.0, 0.0),
    "modulus_GPa": ("modulus_Pa", 1e9, 0.0),
    "hardness_Pa": ("hardness_Pa", 1.0, 0.0),
    "hardness_GPa": ("hardness_Pa", 1e9, 0.0),
    "x": ("x", 1.0, 0.0),
    "y": ("y", 1.0, 0.0),
}
_TEXT_KEYS = ("name", "composition", "treatment", "anode")
_GROUP_KEYS = {"name", "analysis", "files", "inputs", "options", "sample", "format",
               "timeout_s"}


@dataclass(frozen=True)
class PlannedInput:
    """One input file of a group with its merged, SI-normalised sample facts.

    ``virtual`` inputs (analyses without a file, e.g. ``cost``) have a ``path`` that names
    the case (``cost:<group>``) and no file behind it.
    """

    path: Path
    pattern: str
    sample: dict[str, Any]
    virtual: bool = False


@dataclass(frozen=True)
class Group:
    """A group of inputs analysed alike (``timeout_s``: per-input limit, None: none)."""

    name: str
    analysis: str
    options: dict[str, Any]
    inputs: tuple[PlannedInput, ...]
    timeout_s: float | None = None


@dataclass(frozen=True)
class Plan:
    """A parsed campaign plan (``timeout_s``: default limit of groups that set none)."""

    path: Path
    name: str
    groups: tuple[Group, ...]
    sha256: str
    unmatched: tuple[str, ...] = field(default=())
    timeout_s: float | None = None

    @property
    def n_inputs(self) -> int:
        """Number of (group, file) inputs."""
        return sum(len(g.inputs) for g in self.groups)

    def group_timeout_s(self, group: Group) -> float | None:
        """The time limit of ``group``'s tasks: its own, else the plan's default."""
        return group.timeout_s if group.timeout_s is not None else self.timeout_s


def check_timeout(value: Any, where: str) -> float | None:
    """``timeout_s`` as a float > 0 (None stays None)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0 \
            or not math.isfinite(value):
        raise InputError(f"{where}: timeout_s must be a number of seconds > 0, got {value!r}")
    return float(value)


def normalise_sample(raw: dict[str, Any], where: str) -> dict[str, Any]:
    """Sample facts with unit-suffixed keys converted to SI; other keys kept as metadata."""
    out: dict[str, Any] = {}
    for k, v in raw.items():
        if k in _UNIT_KEYS:
            si, fac, off = _UNIT_KEYS[k]
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise InputError(f"{where}: sample.{k} must be a finite number, got {v!r}")
            if si in out:
                raise InputError(f"{where}: sample gives {si} twice (e.g. thickness_mm and "
                                 "thickness_um); keep one")
            out[si] = float(v) * fac + off
        elif k in _TEXT_KEYS:
            out[k] = str(v)
        elif isinstance(v, (str, int, float, bool)):
            out[k] = v
        else:
            raise InputError(f"{where}: sample.{k} must be a string or number, got {v!r}")
    for k in ("thickness_m", "diameter_m", "area_m2", "temperature_K"):
        if k in out and not out[k] > 0:
            raise InputError(f"{where}: sample {k} must be > 0, got {out[k]!r}")
    return out


def sample_name(sample: dict[str, Any]) -> str:
    """The sample's name: given, else composition/x,y plus treatment, else ``"unnamed"``."""
    if sample.get("name"):
        return str(sample["name"])
    parts = []
    if sample.get("composition"):
        parts.append(str(sample["composition"]))
    elif "x" in sample or "y" in sample:
        parts.append(f"x={sample.get('x', '?'):g}, y={sample.get('y', '?'):g}"
                     if isinstance(sample.get("x"), float) and isinstance(sample.get("y"), float)
                     else f"x={sample.get('x', '?')}, y={sample.get('y', '?')}")
    if sample.get("treatment"):
        parts.append(str(sample["treatment"]))
    return ", ".join(parts) or "unnamed"


def _expand(base: Path, pattern: str) -> list[Path]:
    p = Path(pattern).expanduser()
    full = p if p.is_absolute() else base / p
    if any(ch in pattern for ch in "*?["):
        return [Path(m) for m in sorted(_glob.glob(str(full), recursive=True))
                if Path(m).is_file()]
    return [full]


def parse_plan(text: str, path: str | Path = "PLAN.toml") -> Plan:
    """Parse plan TOML ``text``; file patterns are resolved relative to ``path``'s folder."""
    from sselab.batch.analyses import ANALYSES, normalise_options

    path = Path(path)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ParseError(f"{path}: not valid TOML: {exc}") from None
    base = path.resolve().parent
    groups_raw = doc.get("group")
    if not isinstance(groups_raw, list) or not groups_raw:
        raise InputError(f"{path}: no [[group]] tables; a plan lists at least one group with "
                         "'analysis' and 'files'")
    groups: list[Group] = []
    unmatched: list[str] = []
    names: set[str] = set()
    for i, g in enumerate(groups_raw, start=1):
        where = f"{path} group {i}"
        extra = set(g) - _GROUP_KEYS
        if extra:
            raise InputError(f"{where}: unknown key(s) {', '.join(sorted(extra))}; "
                             f"known: {', '.join(sorted(_GROUP_KEYS))}")
        name = str(g.get("name") or f"group{i}")
        if name in names:
            raise InputError(f"{where}: group name {name!r} used twice")
        names.add(name)
        analysis = g.get("analysis")
        if not isinstance(analysis, str):
            raise InputError(f"{where}: 'analysis' is missing (one of "
                             f"{', '.join(sorted(ANALYSES))})")
        opts = dict(g.get("options") or {})
        if "format" in g:
            opts.setdefault("format", g["format"])
        options = normalise_options(analysis, opts, where)
        for k in ANALYSES[analysis].path_options:  # files named by options: plan-relative
            v = options.get(k)
            if isinstance(v, str) and v.endswith(".toml") and not Path(v).is_absolute():
                options[k] = str(base / v)
        timeout_s = check_timeout(g.get("timeout_s"), where)
        base_sample = normalise_sample(dict(g.get("sample") or {}), where)
        entries: list[tuple[str, dict[str, Any]]] = []
        files = g.get("files") or []
        if isinstance(files, str):
            files = [files]
        if not ANALYSES[analysis].needs_file:
            if files or g.get("inputs"):
                raise InputError(f"{where}: the {analysis} analysis takes no input files; "
                                 "give one group per case (its options) instead")
            case = PlannedInput(path=Path(f"{analysis}:{name}"), pattern="",
                                sample={"name": name, **base_sample}, virtual=True)
            groups.append(Group(name=name, analysis=analysis, options=options,
                                inputs=(case,), timeout_s=timeout_s))
            continue
        entries += [(str(f), {}) for f in files]
        for k, inp in enumerate(g.get("inputs") or [], start=1):
            if not isinstance(inp, dict) or "path" not in inp:
                raise InputError(f"{where}: inputs[{k}] needs a 'path'")
            entries.append((str(inp["path"]), dict(inp.get("sample") or {})))
        if not entries:
            raise InputError(f"{where}: no 'files' or [[group.inputs]]")
        inputs: list[PlannedInput] = []
        seen: set[Path] = set()
        for pattern, own in entries:
            sample = {**base_sample, **normalise_sample(own, f"{where} {pattern}")}
            matched = _expand(base, pattern)
            if not matched:
                unmatched.append(f"{name}: {pattern}")
            for m in matched:
                if m in seen:
                    continue
                seen.add(m)
                inputs.append(PlannedInput(path=m, pattern=pattern, sample=sample))
        groups.append(Group(name=name, analysis=analysis, options=options,
                            inputs=tuple(inputs), timeout_s=timeout_s))
    camp = doc.get("campaign") or {}
    return Plan(path=path, name=str(camp.get("name") or path.stem), groups=tuple(groups),
                sha256=hashlib.sha256(text.encode()).hexdigest(), unmatched=tuple(unmatched),
                timeout_s=check_timeout(camp.get("timeout_s"), f"{path} [campaign]"))


def load_plan(path: str | Path) -> Plan:
    """Read and parse ``PLAN.toml``."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read plan {p}: {exc.strerror}") from None
    return parse_plan(text, p)


def parameters_json(analysis: str, options: dict[str, Any], sample: dict[str, Any]) -> str:
    """Canonical JSON of what determines a result: analysis, options, sample facts."""
    return json.dumps({"analysis": analysis, "options": options, "sample": sample},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def parameters_hash(params_json: str) -> str:
    """sha256 of :func:`parameters_json` (the "parameters" part of the skip key)."""
    return hashlib.sha256(params_json.encode()).hexdigest()
