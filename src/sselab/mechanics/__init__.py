"""Mechanical properties of solid electrolytes.

Subpackages and modules (import them directly; this package imports nothing):

* :mod:`sselab.mechanics.indentation` — Oliver–Pharr nanoindentation analysis.
* AFM force–distance analysis (contact models, modulus maps) in sibling modules.
"""

from __future__ import annotations
