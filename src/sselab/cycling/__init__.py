"""Galvanostatic cycling: the canonical table and the helpers that need only its columns.

Read instrument files with :func:`sselab.io.cycling.read_cycling`; it returns a
:class:`CyclingTable` (numpy columns with units in their names, metadata, provenance).
This package imports numpy only — no pandas, polars or vendor readers.
"""

from __future__ import annotations

from sselab.cycling.halfcycles import POLICIES, assign_cycles
from sselab.cycling.steps import STEP_CODE, STEP_TYPES
from sselab.cycling.table import CyclingMetadata, CyclingTable, Provenance

__all__ = [
    "POLICIES",
    "STEP_CODE",
    "STEP_TYPES",
    "CyclingMetadata",
    "CyclingTable",
    "Provenance",
    "assign_cycles",
]
