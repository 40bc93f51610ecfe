"""``sselab density IMAGE...``: relative density of a pellet from SEM images by thresholding."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

from sselab.errors import InputError

EXAMPLE = "imaging/synthetic_pellet_sem.png"
EXAMPLE_SIDECAR = "imaging/synthetic_pellet_sem"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "density", help="SEM images → pellet relative density by thresholding (mean ± sd)",
        description=(
            "Reads SEM images (TIFF/PNG, 8/16-bit, RGB converted to grey as ImageJ does), crops the "
            "instrument databar, thresholds (ImageJ Default = IJ_IsoData, Otsu, or a manual grey "
            "value), counts dark pore pixels in a grid of regions and reports the relative density "
            "as mean ± sd over the regions (the paper averaged ≥ 30 regions). --example runs on "
            "sselab's embedded SYNTHETIC micrograph of known pore fraction."),
    )
    p.add_argument("images", nargs="*", metavar="IMAGE", help="TIFF or PNG images")
    p.add_argument("--example", action="store_true",
                   help="analyse the embedded synthetic micrograph and compare with its construction")
    p.add_argument("--method", choices=("isodata", "otsu", "manual"), default="isodata",
                   help="threshold method; isodata = ImageJ 'Default' (default)")
    p.add_argument("--threshold", type=float, default=None, metavar="GREY",
                   help="grey value for --method manual (pores ≤ GREY)")
    p.add_argument("--grid", default="6x6", metavar="RxC",
                   help="regions per image, rows x columns (default 6x6 = 36)")
    p.add_argument("--scope", choices=("global", "region"), default="global",
                   help="one threshold per image (default) or one per region")
    p.add_argument("--databar", default="auto", metavar="auto|ROWS",
                   help="databar rows to remove at the bottom (default: auto-detect; 0 = none)")
    p.add_argument("--margins", type=int, nargs=4, default=(0, 0, 0, 0),
                   metavar=("TOP", "BOTTOM", "LEFT", "RIGHT"),
                   help="further pixels to crop (e.g. a burnt-in scale bar)")
    p.add_argument("--bright-pores", action="store_true", help="pores are bright, not dark")
    p.add_argument("--clip-mode", action="store_true",
                   help="limit the histogram mode count before IsoData (ImageJ legacy variant)")
    p.add_argument("--weighted", action="store_true",
                   help="RGB → grey with luma weights instead of ImageJ's unweighted mean")
    p.add_argument("--overlay", metavar="OUT.png", default=None,
                   help="write a PNG of what was counted as pore (several images: _<name> added)")
    p.add_argument("--plot", metavar="FIG.svg", default=None,
                   help="figure: overlay, histogram with threshold, region densities (first image)")
    p.add_argument("--json", action="store_true", help="results as JSON")
    p.set_defaults(func=run)


def _grid(text: str) -> tuple[int, int]:
    try:
        r, c = (int(v) for v in text.lower().replace("×", "x").split("x"))
    except ValueError:
        raise InputError(f"--grid must look like 6x6, got {text!r}") from None
    if r < 1 or c < 1:
        raise InputError("--grid needs at least 1x1")
    return r, c


def _databar(text: str) -> int | str:
    if text == "auto":
        return "auto"
    try:
        v = int(text)
    except ValueError:
        raise InputError(f"--databar must be 'auto' or a row count, got {text!r}") from None
    if v < 0:
        raise InputError("--databar must be ≥ 0")
    return v


def run(args: argparse.Namespace) -> int:
    from sselab.imaging.density import relative_density
    from sselab.io.imaging import read_image

    if not args.images and not args.example:
        raise InputError("give IMAGE file(s) or --example")
    if args.method == "manual" and (args.threshold is None or not math.isfinite(args.threshold)):
        raise InputError("--method manual needs --threshold GREY")
    grid = _grid(args.grid)
    databar = _databar(args.databar)
    items: list[tuple[Any, dict]] = []
    if args.example:
        import tempfile

        from sselab.parameters import data_bytes, load_parameter_set

        side = load_parameter_set(EXAMPLE_SIDECAR)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "synthetic_pellet_sem.png"
            path.write_bytes(data_bytes(EXAMPLE))
            img = read_image(path)
        items.append((img, {"synthetic": True, "constructed_relative_density_percent":
                            float(side.value("construction.relative_density"))}))
    for f in args.images:
        items.append((read_image(f, weighted=args.weighted), {}))
    results = []
    for img, extra in items:
        r = relative_density(img, method=args.method, threshold_value=args.threshold, grid=grid,
                             scope=args.scope, databar=databar, margins=tuple(args.margins),
                             dark_pores=not args.bright_pores, clip_mode=args.clip_mode)
        results.append((img, r, extra))
    if args.overlay:
        _overlays(results, args.overlay)
    if args.plot:
        _plot(results[0][1], args.plot)
    pooled = _pooled(results) if len(results) > 1 else None
    if args.json:
        from sselab.cli._common import print_json

        out = [{**r.as_dict(), **extra, "bit_depth": img.bit_depth} for img, r, extra in results]
        print_json({"images": out, "pooled": pooled} if pooled else out[0])
        return 0
    for img, r, extra in results:
        c = r.crop
        print(f"{img.name} ({img.shape[1]}×{img.shape[0]} px, {img.bit_depth}-bit): databar "
              f"{c.databar_rows} rows {'detected' if c.databar_detected else 'given'}; "
              f"{r.method} threshold {r.threshold_value:g} (bin {r.threshold_level}), "
              f"pores = {'dark' if not args.bright_pores else 'bright'} side")
        if extra.get("synthetic"):
            print("  SYNTHETIC example micrograph (embedded, generated by sselab; not a measurement)")
        print(f"  relative density {r.mean_density_percent:.2f} ± {r.sd_density_percent:.2f} % "
              f"(mean ± sd of {r.n_regions} regions, {r.scope} threshold); whole image "
              f"{r.overall_density_percent:.2f} %; pore fraction {r.mean_pore_fraction_percent:.2f} %")
        if "constructed_relative_density_percent" in extra:
            cd = extra["constructed_relative_density_percent"]
            print(f"  constructed relative density {cd:.2f} % (pore fraction {100 - cd:.2f} %) → "
                  f"recovered {r.overall_density_percent:.2f} % (pore fraction difference "
                  f"{(100 - r.overall_density_percent) - (100 - cd):+.2f} points)")
        for w in r.warnings:
            print(f"  warning: {w}")
    if pooled:
        print(f"all images: {pooled['relative_density_mean_percent']:.2f} ± "
              f"{pooled['relative_density_sd_percent']:.2f} % over {pooled['n_regions']} regions")
    return 0


def _pooled(results) -> dict:
    import numpy as np

    d = np.array([reg.relative_density_percent for _, r, _ in results for reg in r.regions])
    return {"n_regions": int(d.size), "relative_density_mean_percent": float(d.mean()),
            "relative_density_sd_percent": float(d.std(ddof=1)) if d.size > 1 else float("nan")}


def _overlays(results, path: str) -> None:
    from sselab.imaging.overlay import pore_overlay
    from sselab.io.imaging import write_png

    out = Path(path)
    for img, r, _ in results:
        target = out if len(results) == 1 else out.with_name(
            f"{out.stem}_{Path(img.name).stem}{out.suffix or '.png'}")
        write_png(target, pore_overlay(r.cropped, r.pore_mask, grid=r.grid))


def _plot(result, path: str) -> None:
    from sselab.plot.imaging import plot_density
    from sselab.plot.svg import save_png, to_svg

    fig = plot_density(result, title=result.name)
    out = Path(path)
    try:
        if out.suffix.lower() == ".png":
            save_png(fig, str(out))
        else:
            out.write_text(to_svg(fig), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror}") from None
