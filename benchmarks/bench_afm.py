"""Benchmark: AFM force-curve fitting, sselab vs nanite, and a 128 × 128 DMT force map.

Run from the repository root::

    python benchmarks/bench_afm.py                 # 50 repeats, 128 x 128 map
    python benchmarks/bench_afm.py --repeat 20 --map 64

Part 1 — one real force curve (tests/data/mechanics/afm/fmt-jpk-fd_spot3-0192.jpk-force),
Hertz paraboloid R = 40 nm, ν = 0.5, approach segment, timed per curve as
*load* (file → arrays), *preprocess + fit* and *total*, repeated ``--repeat`` times
(medians printed).  sselab: ``read_force_curves`` + ``fit_curve`` (baseline
offset, contact point, JPK-style window, free contact point).  nanite (GPL-3, optional,
``pip install nanite``; it is **never** imported by sselab itself):
``IndentationGroup`` + ``apply_preprocessing(compute_tip_position,
correct_force_offset, correct_tip_offset)`` + ``fit_model("hertz_para")`` with
R = 40 nm and ν = 0.5 (its default fit range, so its modulus differs from the
JPK-recipe value).  Without nanite only sselab is timed.

Part 2 — a synthetic DMT force map (``--map`` × ``--map`` curves, 256 retract
points each; E = 1.41 GPa, R = 8 nm, k = 40 N/m, ν = 0.3, 2–4 nN adhesion,
0.15 nN noise, random baseline offset/tilt): generation is not timed; the
vectorised ``fit_map`` is, and its median is compared with the single-curve
fit of the centre pixel and with a Python loop of ``fit_curve`` over 200 pixels.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import time
import warnings
from pathlib import Path

import numpy as np

from sselab.io.mechanics.afm import read_force_curves
from sselab.mechanics.afm import TipGeometry, fit_curve
from sselab.mechanics.afm.maps import ForceMap, fit_map
from sselab.mechanics.afm.synthetic import synthetic_dmt_map

JPK = Path(__file__).resolve().parents[1] / "tests/data/mechanics/afm/fmt-jpk-fd_spot3-0192.jpk-force"


def bench_sselab(repeat: int) -> dict:
    tip = TipGeometry("paraboloid", radius_m=40e-9)
    load, fit, e = [], [], 0.0
    for _ in range(repeat):
        t0 = time.perf_counter()
        curve = read_force_curves(JPK)[0]
        t1 = time.perf_counter()
        r = fit_curve(curve, "hertz", tip=tip, poisson_ratio=0.5, baseline="offset")
        t2 = time.perf_counter()
        load.append(t1 - t0)
        fit.append(t2 - t1)
        e = r.youngs_modulus_Pa
    return {"load": statistics.median(load), "fit": statistics.median(fit),
            "total": statistics.median(a + b for a, b in zip(load, fit, strict=True)), "E": e}


def bench_nanite(repeat: int) -> dict | None:
    try:
        from nanite import IndentationGroup
    except ImportError:
        return None
    load, pre, fit, e = [], [], [], float("nan")
    for _ in range(repeat):
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            idnt = IndentationGroup(str(JPK))[0]
            t1 = time.perf_counter()
            idnt.apply_preprocessing(["compute_tip_position", "correct_force_offset",
                                      "correct_tip_offset"])
            t2 = time.perf_counter()
            params = idnt.get_initial_fit_parameters(model_key="hertz_para")
            params["R"].set(value=40e-9)
            params["nu"].set(value=0.5)
            idnt.fit_model(model_key="hertz_para", params_initial=params, x_axis="tip position",
                           y_axis="force", segment="approach")
            t3 = time.perf_counter()
        load.append(t1 - t0)
        pre.append(t2 - t1)
        fit.append(t3 - t2)
        e = idnt.fit_properties["params_fitted"]["E"].value
    return {"load": statistics.median(load), "pre": statistics.median(pre),
            "fit": statistics.median(fit),
            "total": statistics.median(a + b + c for a, b, c in zip(load, pre, fit, strict=True)),
            "E": e}


def bench_map(n: int) -> None:
    shape = (n, n)
    rng = np.random.default_rng(5)
    z, f, seg = synthetic_dmt_map(shape, 1.41e9, 0.3, 8e-9, 40.0, 15e-9,
                                  adhesion_force_N=rng.uniform(2e-9, 4e-9, shape), n_points=256,
                                  noise_N=0.15e-9, baseline_offset_N=rng.normal(0, 1e-9, shape),
                                  baseline_slope_N_per_m=rng.normal(0, 0.02, shape), rng=rng)
    fmap = ForceMap(z, f, seg, 40.0)
    tip = TipGeometry("paraboloid", radius_m=8e-9)
    t0 = time.perf_counter()
    mm = fit_map(fmap, "dmt", tip=tip, poisson_ratio=0.3)
    dt = time.perf_counter() - t0
    st = mm.modulus_statistics()
    c = n // 2
    one = fit_curve(fmap.curve(c, c), "dmt", tip=tip, poisson_ratio=0.3)
    idx = rng.choice(n * n, size=min(200, n * n), replace=False)
    t0 = time.perf_counter()
    for i in idx:
        fit_curve(fmap.curve(i // n, i % n), "dmt", tip=tip, poisson_ratio=0.3)
    loop = (time.perf_counter() - t0) / idx.size
    print(f"\nDMT force map {n} x {n} = {n * n} curves x 256 points (synthetic, E = 1.41 GPa)")
    print(f"  fit_map (vectorised):  {dt:.2f} s  = {1e6 * dt / (n * n):.0f} µs/curve "
          f"({n * n / dt:.0f} curves/s); fitted {st.n_valid}/{st.n_total}")
    print(f"  fit_curve loop:        {1e3 * loop:.2f} ms/curve  -> vectorised is "
          f"{loop / (dt / (n * n)):.0f}x faster per curve")
    print(f"  E median {st.median / 1e9:.4f} GPa (IQR {st.iqr / 1e9:.4f}); centre pixel: map "
          f"{mm.youngs_modulus_Pa[c, c] / 1e9:.6f} GPa, single-curve fit "
          f"{one.youngs_modulus_Pa / 1e9:.6f} GPa; median vs single-curve "
          f"{100 * (st.median / one.youngs_modulus_Pa - 1):+.2f} %")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--map", type=int, default=128)
    args = ap.parse_args()
    s = bench_sselab(args.repeat)
    nan = bench_nanite(args.repeat)
    print(f"Force curve {JPK.name} (4000 points), Hertz paraboloid R = 40 nm, nu = 0.5; "
          f"medians of {args.repeat} runs")
    print(f"  sselab: load {1e3 * s['load']:.2f} ms, preprocess+fit {1e3 * s['fit']:.2f} ms, "
          f"total {1e3 * s['total']:.2f} ms per curve; E = {s['E'] / 1e3:.2f} kPa "
          f"(JPK DP 233.1 kPa)")
    if nan is None:
        print("  nanite: not installed (pip install nanite to compare; GPL-3, benchmark only)")
    else:
        print(f"  nanite: load {1e3 * nan['load']:.2f} ms, preprocess {1e3 * nan['pre']:.2f} ms, "
              f"fit {1e3 * nan['fit']:.2f} ms, total {1e3 * nan['total']:.2f} ms per curve; "
              f"E = {nan['E'] / 1e3:.2f} kPa (its default fit range)")
        print(f"  ratio nanite/sselab: total {nan['total'] / s['total']:.2f}x, "
              f"preprocess+fit {(nan['pre'] + nan['fit']) / s['fit']:.2f}x")
    if args.map > 0:
        bench_map(args.map)


if __name__ == "__main__":
    main()
