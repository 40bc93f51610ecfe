"""`sselab reproduce`: every analysis of the paper on embedded data, claims vs computed.

Each analysis domain contributes one module in :mod:`sselab.reproduce.sections`
that registers a section with :func:`~sselab.reproduce.registry.section`.
The runner discovers them; nothing central needs editing to add one.
"""

from __future__ import annotations

from sselab.reproduce.claims import Claim, Figure, InputRecord, SectionResult, Table
from sselab.reproduce.registry import Context, section, sections

__all__ = [
    "Claim",
    "Context",
    "Figure",
    "InputRecord",
    "SectionResult",
    "Table",
    "section",
    "sections",
]
