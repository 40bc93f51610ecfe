"""A synthetic EIS campaign on disk (for tests, benchmarks and demos; labelled synthetic).

:func:`write_eis_campaign` writes ``n`` headerless CSV spectra (f/Hz, Re Z/Ω, Im Z/Ω) of
LZACO-like pellets from :mod:`sselab.transport.synthetic` over a small composition series
(σ25 varied with x) and a ``plan.toml`` listing them, one group per composition.
"""

from __future__ import annotations

from pathlib import Path

#: (x, y, σ25 in mS/cm) of the synthetic composition series.
SERIES = ((1.0, 0.25, 1.2), (1.2, 0.25, 1.9), (1.4, 0.25, 2.55), (1.6, 0.25, 2.1),
          (1.8, 0.25, 1.4))


def write_eis_campaign(folder: str | Path, n: int, seed: int = 7, n_points: int = 30
                       ) -> Path:
    """Write ``n`` synthetic spectra and ``plan.toml`` into ``folder``; return the plan path."""
    import numpy as np

    from sselab.transport.synthetic import lzaco_model

    out = Path(folder)
    (out / "eis").mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    models = [lzaco_model(s).with_(n_points=n_points) for _, _, s in SERIES]
    for i in range(n):
        k = i % len(SERIES)
        x, y, _ = SERIES[k]
        spec = models[k].spectrum(298.15, rng)
        arr = np.column_stack([spec.frequency_Hz, spec.z_real_ohm, spec.z_imag_ohm])
        name = out / "eis" / f"x{round(10 * x):02d}_y{round(100 * y):02d}_{i:05d}.csv"
        np.savetxt(name, arr, delimiter=",", fmt="%.10g")
    pellet = models[0].pellet
    lines = ['[campaign]', 'name = "synthetic LZACO x-series (generated)"', '']
    for x, y, _ in SERIES:
        tag = f"x{round(10 * x):02d}_y{round(100 * y):02d}"
        lines += ['[[group]]', f'name = "{tag}"', 'analysis = "eis"',
                  f'files = ["eis/{tag}_*.csv"]', '[group.sample]',
                  f'name = "LZACO {tag} (synthetic)"', f'x = {x}', f'y = {y}',
                  'treatment = "synthetic"', f'thickness_m = {pellet.thickness_m!r}',
                  f'area_m2 = {pellet.electrode_area_m2!r}', 'temperature_K = 298.15', '']
    plan = out / "plan.toml"
    plan.write_text("\n".join(lines), encoding="utf-8")
    return plan
