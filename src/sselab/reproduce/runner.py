"""Run the registered sections and collect their results."""

from __future__ import annotations

import platform
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sselab._version import __version__
from sselab.errors import DataError
from sselab.reproduce.claims import Claim, SectionResult
from sselab.reproduce.registry import Context, SectionSpec, sections


@dataclass
class Reproduction:
    """Results of a ``sselab reproduce`` run."""

    sections: list[SectionResult]
    started_utc: str
    seconds: float
    seed: int
    environment: dict[str, str] = field(default_factory=dict)

    @property
    def claims(self) -> list[Claim]:
        """All claims, in section order."""
        return [c for s in self.sections for c in s.claims]

    @property
    def n_failed(self) -> int:
        """Number of failing claims plus sections that raised."""
        return sum(c.status != "pass" for c in self.claims) + sum(bool(s.error) for s in self.sections)

    @property
    def ok(self) -> bool:
        """True when every claim passes and no section raised."""
        return self.n_failed == 0


def select(only: Sequence[str] | None = None) -> list[SectionSpec]:
    """Registered sections, optionally restricted to the ids in ``only``."""
    specs = sections()
    if not only:
        return specs
    known = {s.id for s in specs}
    unknown = [o for o in only if o not in known]
    if unknown:
        raise DataError(
            f"unknown section(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    return [s for s in specs if s.id in only]


def run(
    ctx: Context | None = None,
    only: Sequence[str] | None = None,
    on_start: Callable[[SectionSpec], None] | None = None,
    on_done: Callable[[SectionSpec, SectionResult], None] | None = None,
) -> Reproduction:
    """Run the sections; a section that raises is recorded as failed, the rest still run."""
    ctx = ctx or Context()
    started = datetime.now(UTC).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    results: list[SectionResult] = []
    for spec in select(only):
        if on_start:
            on_start(spec)
        t = time.perf_counter()
        try:
            res = spec.func(ctx)
        except Exception as exc:  # a broken section must not hide the others
            res = SectionResult(
                id=spec.id,
                title=spec.title,
                error=f"{type(exc).__name__}: {exc}",
                notes=[traceback.format_exc(limit=4)],
            )
        res.seconds = time.perf_counter() - t
        results.append(res)
        if on_done:
            on_done(spec, res)
    env = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
    }
    for mod in ("numpy", "scipy", "matplotlib"):
        m = sys.modules.get(mod)
        if m is not None:
            env[mod] = getattr(m, "__version__", "?")
    return Reproduction(
        sections=results,
        started_utc=started,
        seconds=time.perf_counter() - t0,
        seed=ctx.seed,
        environment=env,
    )


def version() -> str:
    """sselab version string."""
    return __version__
