"""Records a reproduce section returns: claims, figures, tables, inputs.

A :class:`Claim` sets one number of the paper beside the number sselab
computed.  Its status is decided here, in one place, from the tolerance and
the relation ("approx" for ≈, or an inequality such as "le" for "≤").
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from typing import Any, Literal

Relation = Literal["approx", "le", "lt", "ge", "gt"]
ClaimKind = Literal["model", "derived", "pipeline", "input"]

_REL_SYMBOL = {"approx": "≈", "le": "≤", "lt": "<", "ge": "≥", "gt": ">"}


@dataclass(frozen=True)
class Claim:
    """One number of the paper and the value sselab computed for it.

    Parameters
    ----------
    id : str
        Stable identifier, ``<section>.<name>`` (e.g. ``"cost.lzaco_li2co3_4h.total"``).
    quantity : str
        Human description.
    unit : str
        Unit of ``paper`` and ``computed`` (as displayed).
    paper, computed : float
        The paper's value and sselab's.
    tolerance : float
        Relative tolerance (``tolerance_mode="rel"``) or absolute one (``"abs"``).
    relation : {"approx", "le", "lt", "ge", "gt"}
        "approx": pass when |computed − paper| is within tolerance.  An
        inequality: pass when ``computed <relation> paper`` (tolerance unused).
    kind : {"model", "derived", "pipeline", "input"}
        What kind of claim this honestly is (see ``paper_claims.md``).
    where : str
        Where the paper states it.
    synthetic_input : bool
        True when computed from embedded synthetic data generated from the paper's value.
    """

    id: str
    quantity: str
    unit: str
    paper: float
    computed: float
    tolerance: float
    tolerance_mode: Literal["rel", "abs"] = "rel"
    relation: Relation = "approx"
    kind: ClaimKind = "model"
    where: str = ""
    note: str = ""
    synthetic_input: bool = False

    @property
    def abs_error(self) -> float:
        """computed − paper, in ``unit``."""
        return float(self.computed) - float(self.paper)

    @property
    def rel_error(self) -> float | None:
        """(computed − paper)/|paper|, or None when the paper's value is 0."""
        if self.paper == 0:
            return None
        return self.abs_error / abs(float(self.paper))

    @property
    def status(self) -> str:
        """"pass" or "fail"."""
        c, p = float(self.computed), float(self.paper)
        if not math.isfinite(c):
            return "fail"
        if self.relation == "le":
            ok = c <= p
        elif self.relation == "lt":
            ok = c < p
        elif self.relation == "ge":
            ok = c >= p
        elif self.relation == "gt":
            ok = c > p
        elif self.tolerance_mode == "abs":
            ok = abs(c - p) <= self.tolerance * (1 + 1e-12)
        else:
            ok = abs(c - p) <= self.tolerance * abs(p) * (1 + 1e-12)
        return "pass" if ok else "fail"

    @property
    def relation_symbol(self) -> str:
        """≈, ≤, <, ≥ or >."""
        return _REL_SYMBOL[self.relation]

    def as_dict(self) -> dict[str, Any]:
        """The claim as written to ``results.json``."""
        re = self.rel_error
        return {
            "id": self.id,
            "quantity": self.quantity,
            "unit": self.unit,
            "paper": self.paper,
            "computed": _finite_or_none(self.computed),
            "rel_error": None if re is None or not math.isfinite(re) else re,
            "abs_error": _finite_or_none(self.abs_error),
            "tolerance": self.tolerance,
            "tolerance_mode": self.tolerance_mode,
            "relation": self.relation,
            "status": self.status,
            "kind": self.kind,
            "where": self.where,
            "note": self.note,
            "synthetic_input": self.synthetic_input,
        }


def _finite_or_none(x: float) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None


@dataclass(frozen=True)
class Figure:
    """A figure for the report: inline SVG text, a title and alt text."""

    id: str
    title: str
    svg: str
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class Table:
    """A small table for the report (and JSON)."""

    id: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    caption: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Table as plain JSON-able dict."""
        return {
            "id": self.id,
            "title": self.title,
            "columns": list(self.columns),
            "rows": [list(r) for r in self.rows],
            "caption": self.caption,
        }


@dataclass(frozen=True)
class InputRecord:
    """An input a section used: embedded file or generated data, with its sha256."""

    name: str
    sha256: str
    synthetic: bool
    description: str = ""

    @classmethod
    def from_bytes(
        cls, name: str, data: bytes, *, synthetic: bool, description: str = ""
    ) -> InputRecord:
        """Record for ``data`` (hashes it)."""
        return cls(name, hashlib.sha256(data).hexdigest(), synthetic, description)

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        return {
            "name": self.name,
            "sha256": self.sha256,
            "synthetic": self.synthetic,
            "description": self.description,
        }


@dataclass
class SectionResult:
    """What one reproduce section returns."""

    id: str
    title: str
    summary: str = ""
    claims: list[Claim] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    inputs: list[InputRecord] = field(default_factory=list)
    parameter_sets: list[Any] = field(default_factory=list)  # sselab.parameters.ParameterSet
    citations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Paper statements this section checks but does not (yet) reproduce: dicts with keys
    #: id, statement, paper, computed, reason. Listed in the report and results.json, never hidden.
    not_reproduced: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0
