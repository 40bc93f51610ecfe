"""Registry of reproduce sections, discovered from :mod:`sselab.reproduce.sections`.

A section is a function ``fn(ctx: Context) -> SectionResult`` decorated with
:func:`section`.  Dropping a module into ``sselab/reproduce/sections/`` is all
it takes to add one.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from sselab.reproduce.claims import SectionResult


@dataclass
class Context:
    """What a section gets: a seed for synthetic data and a progress hook.

    Attributes
    ----------
    seed : int
        Base seed; sections derive their own generators with :meth:`rng`.
    progress : callable
        ``progress(fraction, message)`` reports progress within the section.
    """

    seed: int = 20260108
    progress: Callable[[float, str], None] = field(default=lambda f, m: None)

    def rng(self, name: str) -> np.random.Generator:
        """A generator seeded from ``seed`` and the section-specific ``name``."""
        salt = int.from_bytes(name.encode()[:8].ljust(8, b"\0"), "little")
        return np.random.default_rng([self.seed, salt])


@dataclass(frozen=True)
class SectionSpec:
    """A registered section."""

    id: str
    title: str
    order: int
    func: Callable[[Context], SectionResult]


_SECTIONS: dict[str, SectionSpec] = {}


def section(id: str, title: str, order: int = 100):
    """Register ``fn(ctx) -> SectionResult`` as the reproduce section ``id``."""

    def deco(fn: Callable[[Context], SectionResult]) -> Callable[[Context], SectionResult]:
        _SECTIONS[id] = SectionSpec(id=id, title=title, order=order, func=fn)
        return fn

    return deco


def discover() -> None:
    """Import every module of :mod:`sselab.reproduce.sections` (registers them)."""
    pkg = importlib.import_module("sselab.reproduce.sections")
    for mod in pkgutil.iter_modules(pkg.__path__):
        if not mod.name.startswith("_"):
            importlib.import_module(f"{pkg.__name__}.{mod.name}")


def sections() -> list[SectionSpec]:
    """All registered sections, in report order."""
    discover()
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.id))
