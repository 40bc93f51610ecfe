"""Place measured hardness H and Young's modulus E among literature solid electrolytes.

The literature set lives in ``sselab/data/mechanics/literature.toml`` (value,
unit, method, source, status per number; statuses "verified" and
"unverified" are kept apart so a comparison can be restricted to checked
numbers).

Derived quantities (:func:`derived_quantities`):

* Tabor yield-stress estimate σ_y ≈ H/C with C = 3 (fully plastic
  indentation; C < 3 for low E/Y, where this underestimates σ_y);
* E/H and H/E (elastic strain to failure), H³/E² (resistance to plastic
  deformation, GPa);
* Johnson's indentation parameter (E/σ_y)·tan β with β = 19.7° (Berkovich):
  ≲ 2 elastic, ≳ 40 fully plastic (H ≈ 3σ_y), in between elastic–plastic —
  the "plasticity index" telling whether H/3 is a fair yield estimate.
"""

from __future__ import annotations

import hashlib
import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sselab.errors import DataError, InputError, ParseError
from sselab.parameters import ParameterSet, data_text, load_parameter_set

ROLES = ("target", "paper_comparator", "literature", "reference")
STATUSES = ("verified", "unverified")
COMPARATOR_ROLES = ("paper_comparator", "literature")


@dataclass(frozen=True)
class Measurement:
    """One literature number (GPa) with its provenance."""

    value_GPa: float
    method: str
    source: str
    status: str
    bound: str = "value"  # or "lower"
    doi: str = ""
    uncertainty_GPa: float = math.nan
    range_GPa: tuple[float, float] | None = None
    note: str = ""


@dataclass(frozen=True)
class LiteratureEntry:
    """A material of the literature set."""

    name: str
    formula: str
    family: str
    role: str
    hardness: Measurement | None = None
    modulus: Measurement | None = None
    note: str = ""

    @property
    def hardness_GPa(self) -> float:
        """H in GPa (NaN when absent)."""
        return self.hardness.value_GPa if self.hardness else math.nan

    @property
    def modulus_GPa(self) -> float:
        """E in GPa (NaN when absent)."""
        return self.modulus.value_GPa if self.modulus else math.nan

    def statuses(self) -> set[str]:
        """Statuses of the numbers present."""
        return {m.status for m in (self.hardness, self.modulus) if m is not None}


@dataclass(frozen=True)
class LiteratureSet:
    """The parsed literature file."""

    entries: tuple[LiteratureEntry, ...]
    origin: str
    sha256: str
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __iter__(self):  # noqa: D105
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, name: str) -> LiteratureEntry:
        """The entry called ``name``."""
        for e in self.entries:
            if e.name == name:
                return e
        raise DataError(f"no material {name!r} in the literature set; known: "
                        f"{', '.join(e.name for e in self.entries)}")

    def select(self, roles: Iterable[str] = COMPARATOR_ROLES,
               statuses: Iterable[str] = STATUSES) -> tuple[LiteratureEntry, ...]:
        """Entries of the given roles whose numbers all have one of ``statuses``."""
        roles, statuses = set(roles), set(statuses)
        return tuple(e for e in self.entries
                     if e.role in roles and e.statuses() and e.statuses() <= statuses)


def _measurement(tab: Mapping[str, Any], where: str) -> Measurement:
    for key in ("value", "unit", "method", "source", "status"):
        if key not in tab:
            raise ParseError(f"{where}: missing {key!r}")
    if tab["unit"] != "GPa":
        raise ParseError(f"{where}: unit must be 'GPa', got {tab['unit']!r}")
    if tab["status"] not in STATUSES:
        raise ParseError(f"{where}: status must be one of {STATUSES}, got {tab['status']!r}")
    bound = tab.get("bound", "value")
    if bound not in ("value", "lower"):
        raise ParseError(f"{where}: bound must be 'value' or 'lower', got {bound!r}")
    rng = tab.get("range")
    value = float(tab["value"])
    if not (value > 0):
        raise ParseError(f"{where}: value must be positive")
    return Measurement(
        value_GPa=value, method=str(tab["method"]), source=str(tab["source"]),
        status=str(tab["status"]), bound=bound, doi=str(tab.get("doi", "")),
        uncertainty_GPa=float(tab.get("uncertainty", math.nan)),
        range_GPa=(float(rng[0]), float(rng[1])) if rng else None, note=str(tab.get("note", "")),
    )


def parse_literature(text: str, origin: str = "<string>") -> LiteratureSet:
    """Parse the TOML text of a literature set (schema: see the packaged file's header)."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ParseError(f"{origin}: not valid TOML ({exc})") from None
    entries = []
    for i, m in enumerate(doc.get("material", [])):
        where = f"{origin}: material {i} ({m.get('name', '?')})"
        for key in ("name", "formula", "family", "role"):
            if key not in m:
                raise ParseError(f"{where}: missing {key!r}")
        if m["role"] not in ROLES:
            raise ParseError(f"{where}: role must be one of {ROLES}, got {m['role']!r}")
        entries.append(LiteratureEntry(
            name=str(m["name"]), formula=str(m["formula"]), family=str(m["family"]),
            role=str(m["role"]),
            hardness=_measurement(m["hardness"], f"{where} hardness") if "hardness" in m else None,
            modulus=_measurement(m["modulus"], f"{where} modulus") if "modulus" in m else None,
            note=str(m.get("note", "")),
        ))
    if not entries:
        raise ParseError(f"{origin}: no [[material]] entries")
    return LiteratureSet(tuple(entries), origin, hashlib.sha256(text.encode()).hexdigest(),
                         doc.get("meta", {}))


@cache
def load_literature(name: str = "mechanics/literature") -> LiteratureSet:
    """The packaged literature set (``sselab/data/<name>.toml``)."""
    return parse_literature(data_text(f"{name}.toml"), f"sselab/data/{name}.toml")


@cache
def derived_parameters() -> ParameterSet:
    """Constants of :func:`derived_quantities` (``mechanics/derived.toml``)."""
    return load_parameter_set("mechanics/derived")


@dataclass(frozen=True)
class Derived:
    """Quantities derived from H and E (GPa unless stated)."""

    hardness_GPa: float
    modulus_GPa: float
    yield_stress_GPa: float  # Tabor: H/C
    modulus_to_hardness: float  # E/H
    hardness_to_modulus: float  # H/E
    h3_over_e2_GPa: float
    johnson_index: float  # (E/σ_y)·tan β
    regime: str  # elastic | elastic-plastic | fully plastic | unknown


def derived_quantities(hardness_GPa: float, modulus_GPa: float) -> Derived:
    """Tabor yield estimate, E/H, H/E, H³/E² and Johnson's plasticity index (see module docstring)."""
    p = derived_parameters()
    c = float(p.value("tabor.constraint_factor"))
    beta = math.radians(float(p.value("indenter.berkovich_attack_angle")))
    h, e = float(hardness_GPa), float(modulus_GPa)
    ok_h, ok_e = h > 0 and math.isfinite(h), e > 0 and math.isfinite(e)
    y = h / c if ok_h else math.nan
    ratio = e / h if ok_h and ok_e else math.nan
    j = e / y * math.tan(beta) if ok_h and ok_e else math.nan
    if not math.isfinite(j):
        regime = "unknown"
    elif j <= float(p.value("johnson.elastic_limit")):
        regime = "elastic"
    elif j >= float(p.value("johnson.fully_plastic")):
        regime = "fully plastic"
    else:
        regime = "elastic-plastic"
    return Derived(h, e, y, ratio, 1.0 / ratio if math.isfinite(ratio) else math.nan,
                   h**3 / e**2 if ok_h and ok_e else math.nan, j, regime)


@dataclass(frozen=True)
class SampleResult:
    """A user's measured H and/or E (GPa; NaN when not measured)."""

    name: str
    hardness_GPa: float = math.nan
    modulus_GPa: float = math.nan
    origin: str = ""


@dataclass(frozen=True)
class Placement:
    """Where a sample sits among the literature comparators."""

    sample: SampleResult
    derived: Derived
    n_hardness: int  # comparators with a hardness
    n_softer_hardness: int  # of them with H below the sample's
    n_modulus: int
    n_softer_modulus: int
    min_hardness: tuple[str, float]  # (name, GPa) of the softest comparator (H)
    min_modulus: tuple[str, float]
    nearest: tuple[str, float]  # (name, distance in decades of the log H–log E plane)

    @property
    def hardness_ratio_to_softest(self) -> float:
        """H / lowest comparator H."""
        return self.sample.hardness_GPa / self.min_hardness[1]

    @property
    def modulus_ratio_to_softest(self) -> float:
        """E / lowest comparator E."""
        return self.sample.modulus_GPa / self.min_modulus[1]

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly record."""
        d = self.derived
        return {
            "name": self.sample.name, "origin": self.sample.origin,
            "hardness_GPa": self.sample.hardness_GPa, "modulus_GPa": self.sample.modulus_GPa,
            "yield_stress_tabor_GPa": d.yield_stress_GPa, "E_over_H": d.modulus_to_hardness,
            "H_over_E": d.hardness_to_modulus, "H3_over_E2_GPa": d.h3_over_e2_GPa,
            "johnson_index": d.johnson_index, "regime": d.regime,
            "comparators_with_H": self.n_hardness, "comparators_softer_in_H": self.n_softer_hardness,
            "comparators_with_E": self.n_modulus, "comparators_softer_in_E": self.n_softer_modulus,
            "softest_comparator_H": {"name": self.min_hardness[0], "GPa": self.min_hardness[1]},
            "softest_comparator_E": {"name": self.min_modulus[0], "GPa": self.min_modulus[1]},
            "H_ratio_to_softest": self.hardness_ratio_to_softest,
            "E_ratio_to_softest": self.modulus_ratio_to_softest,
            "nearest": {"name": self.nearest[0], "log10_distance": self.nearest[1]},
        }


def place(sample: SampleResult, literature: LiteratureSet | None = None, *,
          statuses: Sequence[str] = STATUSES,
          roles: Sequence[str] = COMPARATOR_ROLES) -> Placement:
    """Rank ``sample`` among the comparators (``roles``/``statuses``) of ``literature``."""
    lit = literature or load_literature()
    comps = lit.select(roles, statuses)
    if not comps:
        raise DataError("no literature comparators with the requested roles/statuses")
    hs = [(e.name, e.hardness_GPa) for e in comps if e.hardness]
    es = [(e.name, e.modulus_GPa) for e in comps if e.modulus]
    h, e = sample.hardness_GPa, sample.modulus_GPa
    nan = ("—", math.nan)
    near = nan
    if math.isfinite(h) and math.isfinite(e) and h > 0 and e > 0:
        both = [(c.name, math.hypot(math.log10(c.hardness_GPa / h), math.log10(c.modulus_GPa / e)))
                for c in comps if c.hardness and c.modulus]
        near = min(both, key=lambda t: t[1]) if both else nan
    return Placement(
        sample=sample, derived=derived_quantities(h, e),
        n_hardness=len(hs), n_softer_hardness=sum(v < h for _, v in hs),
        n_modulus=len(es), n_softer_modulus=sum(v < e for _, v in es),
        min_hardness=min(hs, key=lambda t: t[1]) if hs else nan,
        min_modulus=min(es, key=lambda t: t[1]) if es else nan,
        nearest=near,
    )


def _num(rec: Mapping[str, Any], keys: Sequence[tuple[str, float]]) -> float:
    for key, scale in keys:
        if key in rec and rec[key] is not None:
            v = rec[key]
            if isinstance(v, Mapping):  # {"mean": …} or {"median": …}
                v = v.get("median", v.get("mean"))
            try:
                return float(v) * scale
            except (TypeError, ValueError):
                raise InputError(f"{key!r} must be a number, got {v!r}") from None
    return math.nan


_H_KEYS = (("hardness_GPa", 1.0), ("H_GPa", 1.0), ("hardness_Pa", 1e-9))
_E_KEYS = (("modulus_GPa", 1.0), ("youngs_modulus_GPa", 1.0), ("E_GPa", 1.0),
           ("youngs_modulus_Pa", 1e-9), ("modulus_Pa", 1e-9))


def parse_results(obj: Any, origin: str = "") -> list[SampleResult]:
    """Samples from parsed JSON: ``sselab indent --json``, ``sselab afm --json`` or a simple list.

    Accepted shapes: a list of records ``{name, hardness_GPa, modulus_GPa}``
    (either number may be missing; ``H_GPa``/``E_GPa`` and ``*_Pa`` spellings
    work too); a single such record; or a dict with a ``summary`` record (the
    ``--json`` output of ``sselab indent`` and ``sselab afm``, named after its
    ``file``).
    """
    if isinstance(obj, Mapping) and "summary" in obj and isinstance(obj["summary"], Mapping):
        name = str(obj.get("name") or _stem(obj.get("file", "")) or origin or "sample")
        recs = [dict(obj["summary"], name=name)]
    elif isinstance(obj, Mapping) and isinstance(obj.get("samples"), list):
        recs = obj["samples"]
    elif isinstance(obj, Mapping):
        recs = [obj]
    elif isinstance(obj, list):
        recs = obj
    else:
        raise InputError("results must be a JSON object or a list of objects")
    out = []
    for i, r in enumerate(recs):
        if not isinstance(r, Mapping):
            raise InputError(f"result {i} is not an object")
        s = SampleResult(name=str(r.get("name") or r.get("sample") or f"sample {i + 1}"),
                         hardness_GPa=_num(r, _H_KEYS), modulus_GPa=_num(r, _E_KEYS),
                         origin=origin)
        if not (math.isfinite(s.hardness_GPa) or math.isfinite(s.modulus_GPa)):
            raise InputError(f"result {s.name!r} has neither a hardness nor a modulus "
                             "(keys hardness_GPa / modulus_GPa)")
        out.append(s)
    return out


def _stem(path: Any) -> str:
    s = str(path).replace("\\", "/").rsplit("/", 1)[-1]
    return s.split(".", 1)[0] if s else ""


def merge_samples(samples: Sequence[SampleResult], name: str) -> SampleResult:
    """One sample named ``name`` from several partial results (e.g. H from indentation, E from AFM).

    Raises InputError when two results give different values of the same quantity.
    """
    def pick(attr: str) -> float:
        vals = [getattr(s, attr) for s in samples if math.isfinite(getattr(s, attr))]
        if len({round(v, 12) for v in vals}) > 1:
            raise InputError(f"--name merges results with different {attr.split('_')[0]} values "
                             f"{vals}; compare them separately")
        return vals[0] if vals else math.nan

    return SampleResult(name=name, hardness_GPa=pick("hardness_GPa"),
                        modulus_GPa=pick("modulus_GPa"),
                        origin=", ".join(s.origin for s in samples if s.origin))
