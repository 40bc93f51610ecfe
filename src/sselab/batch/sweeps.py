"""Parameter sweeps that fan out over Dask (or run here): cost Monte-Carlo, composition grid.

Both split the work into independent, picklable tasks (top-level functions) and gather
the results as they complete through :func:`sselab.batch.executor.map_as_completed`;
results are re-ordered by task index, so the answer does not depend on the number of
workers or on completion order.

* :func:`cost_monte_carlo_sweep` — ``n`` samples of :func:`sselab.cost.montecarlo.monte_carlo`
  in ``chunks`` chunks, each seeded by a child of ``numpy.random.SeedSequence(seed)``;
  percentiles over all samples.
* :func:`composition_grid_sweep` — for every (x, y) of the family grid, the composition
  facts of :func:`sselab.chem.family.family_composition` and the cost per litre.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sselab.errors import InputError


@dataclass(frozen=True)
class McChunk:
    """One Monte-Carlo chunk (picklable)."""

    material: str
    route: str | None
    milling_time_h: float | None
    n: int
    seed: Any  # numpy SeedSequence


def run_mc_chunk(c: McChunk) -> Any:
    """Total cost samples (USD/L) of one chunk."""
    from sselab.cost import CostCase, default_parameters
    from sselab.cost.montecarlo import monte_carlo

    case = CostCase(c.material, c.route, c.milling_time_h)
    return monte_carlo(default_parameters(), case, c.n, c.seed).samples_total_USD_per_L


def cost_monte_carlo_sweep(material: str, route: str | None = None,
                           milling_time_h: float | None = None, n: int = 20_000,
                           chunks: int = 8, seed: int = 20260108, client: Any = None
                           ) -> dict[str, Any]:
    """P5/P50/P95 and mean of the cost (USD/L) over ``n`` samples in ``chunks`` tasks."""
    import numpy as np

    from sselab.batch.executor import map_as_completed

    if chunks < 1 or n < 10 * chunks:
        raise InputError(f"need chunks >= 1 and at least 10 samples per chunk (n={n}, "
                         f"chunks={chunks})")
    from sselab.cost import cost_per_litre

    cost_per_litre(material, route, milling_time_h)  # fail fast here on a bad case
    seeds = np.random.SeedSequence(seed).spawn(chunks)
    sizes = [n // chunks + (1 if i < n % chunks else 0) for i in range(chunks)]
    tasks = [McChunk(material, route, milling_time_h, s, sd) for s, sd in zip(sizes, seeds,
                                                                              strict=True)]
    parts: list[Any] = [None] * chunks
    for i, res, exc in map_as_completed(run_mc_chunk, tasks, client, retries=0):
        if exc is not None:
            raise exc
        parts[i] = res
    tot = np.concatenate(parts)
    p5, p50, p95 = (float(v) for v in np.percentile(tot, (5, 50, 95)))
    return {"material": material, "route": route, "n": int(tot.size), "chunks": chunks,
            "seed": seed, "P5_USD_per_L": p5, "P50_USD_per_L": p50, "P95_USD_per_L": p95,
            "mean_USD_per_L": float(tot.mean())}


@dataclass(frozen=True)
class GridPoint:
    """One (x, y) of the composition grid (picklable)."""

    family: str
    route: str | None
    x: float
    y: float
    milling_time_h: float | None
    density_g_per_cm3: float | None = None


def run_grid_point(p: GridPoint) -> dict[str, Any]:
    """Composition facts and cost per litre at one grid point."""
    from sselab.chem.family import family_composition
    from sselab.cost import cost_per_litre

    comp = family_composition(p.x, p.y)
    r = cost_per_litre(p.family, p.route, p.milling_time_h, x=p.x, y=p.y,
                       density_g_per_cm3=p.density_g_per_cm3)
    return {"x": p.x, "y": p.y, "formula": comp.formula,
            "molar_mass_g_per_mol": comp.molar_mass_g_per_mol,
            "li_per_formula_unit": comp.element_amount("Li"),
            "raw_USD_per_L": float(r.raw_USD_per_L), "total_USD_per_L": float(r.total_USD_per_L)}


def composition_grid_sweep(family: str = "LZACO", route: str | None = "Li2CO3",
                           x_range: tuple[float, float] = (1.0, 1.8),
                           y_range: tuple[float, float] = (0.2, 0.5), x_step: float = 0.1,
                           y_step: float = 0.05, milling_time_h: float | None = None,
                           density_g_per_cm3: float | None = None,
                           client: Any = None) -> list[dict[str, Any]]:
    """One record per (x, y) of the grid (x slowest), computed as independent tasks.

    ``density_g_per_cm3`` is needed for the cost per litre of compositions whose density the
    parameter set does not know (all but the paper's); it is used for every grid point.
    """
    from sselab.batch.executor import map_as_completed
    from sselab.chem.grid import grid_values

    xs = grid_values(x_range[0], x_range[1], x_step, "x")
    ys = grid_values(y_range[0], y_range[1], y_step, "y")
    pts = [GridPoint(family, route, x, y, milling_time_h, density_g_per_cm3)
           for x in xs for y in ys]
    run_grid_point(pts[0])  # fail fast here (e.g. no density) rather than on every worker
    out: list[Any] = [None] * len(pts)
    for i, res, exc in map_as_completed(run_grid_point, pts, client, retries=0):
        if exc is not None:
            raise exc
        out[i] = res
    return out
