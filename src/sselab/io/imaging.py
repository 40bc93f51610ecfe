"""SEM image files (TIFF, PNG; 8- and 16-bit grey, RGB) ↔ :class:`sselab.imaging.image.GrayImage`.

Reading uses Pillow.  Colour images are converted to grey as ImageJ does by
default, the *unweighted* mean (R + G + B)/3 (``weighted=True`` gives the
ITU-R 601 luma 0.299 R + 0.587 G + 0.114 B instead); alpha is dropped;
palette images are expanded; 16-bit images keep their 16-bit values
(thresholding then uses ImageJ-style 256 bins between min and max); 32-bit
integer and float images are kept as they are.  A multi-page TIFF gives its
first page (the number of pages is recorded).  The TIFF resolution tags, when
present, are kept as ``pixel_size_m`` in the metadata (SEM vendors usually
store the pixel size in private tags or the databar instead).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sselab.errors import InputError, ParseError
from sselab.imaging.image import GrayImage

#: Refuse images with more pixels than this (decompression-bomb guard).
MAX_PIXELS = 200_000_000


def _open(path: Path):
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        return Image.open(path)
    except UnidentifiedImageError:
        raise ParseError(f"{path}: not a readable image (TIFF or PNG expected)") from None
    except Image.DecompressionBombError:
        raise ParseError(f"{path}: image has more than {MAX_PIXELS} pixels") from None
    except OSError as exc:
        raise ParseError(f"{path}: cannot be read as an image ({exc})") from None


def read_image(path: str | Path, *, weighted: bool = False) -> GrayImage:
    """Read a TIFF/PNG image as grey values (see module docstring)."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not an image")
    im = _open(p)
    meta: dict = {"mode": im.mode, "format": im.format or ""}
    try:
        pages = getattr(im, "n_frames", 1)
        if pages > 1:
            meta["pages"] = pages
            im.seek(0)
        mode = im.mode
        if mode == "P":
            im = im.convert("RGBA" if "transparency" in im.info else "RGB")
            mode = im.mode
        if mode in ("RGB", "RGBA", "CMYK", "YCbCr", "LAB", "HSV"):
            rgb = np.asarray(im.convert("RGB"), dtype=float)
            if weighted:
                grey = rgb @ np.array([0.299, 0.587, 0.114])
                meta["conversion"] = "RGB → grey, weighted 0.299/0.587/0.114"
            else:
                grey = rgb.mean(axis=2)
                meta["conversion"] = "RGB → grey, unweighted (R+G+B)/3 (ImageJ default)"
            arr = np.round(grey).astype(np.uint8)
            depth = 8
        elif mode == "LA":
            arr = np.asarray(im.getchannel(0)).astype(np.uint8)
            depth = 8
        elif mode == "1":
            arr = np.asarray(im, dtype=np.uint8) * 255
            depth = 8
        elif mode == "L":
            arr = np.asarray(im).astype(np.uint8)
            depth = 8
        elif mode.startswith("I;16"):
            arr = np.asarray(im).astype(np.uint16)
            depth = 16
        elif mode == "I":
            arr = np.asarray(im).astype(np.int64)
            if arr.min() >= 0 and arr.max() <= 65535:
                arr, depth = arr.astype(np.uint16), 16
            else:
                arr, depth = arr.astype(np.int32), 32
        elif mode == "F":
            arr, depth = np.asarray(im).astype(np.float32), 32
        else:
            raise ParseError(f"{p}: unsupported image mode {mode!r}")
        dpi = im.info.get("dpi") or im.info.get("resolution")
        unit = im.info.get("resolution_unit") if hasattr(im, "info") else None
        if dpi and isinstance(dpi, tuple) and float(dpi[0]) > 0 and unit in (None, 2, 3):
            per_m = float(dpi[0]) / (0.0254 if unit in (None, 2) else 0.01)
            if per_m > 1e3:  # only meaningful (microscope-scale) resolutions
                meta["pixel_size_m"] = 1.0 / per_m
    except (OSError, ValueError, SyntaxError) as exc:
        raise ParseError(f"{p}: image data are damaged ({exc})") from None
    finally:
        im.close()
    if arr.ndim != 2:
        raise ParseError(f"{p}: image is not two-dimensional after conversion ({arr.shape})")
    try:
        return GrayImage(arr, depth, p.name, (meta.get("format") or p.suffix[1:]).lower(), meta)
    except InputError as exc:
        raise ParseError(f"{p}: {exc}") from None


def write_png(path: str | Path, array: np.ndarray) -> None:
    """Write a uint8 grey (2-D) or RGB (rows, cols, 3) array as PNG."""
    from PIL import Image

    arr = np.asarray(array)
    if arr.dtype != np.uint8 or arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] != 3):
        raise InputError("write_png needs a uint8 grey or RGB array")
    try:
        Image.fromarray(arr).save(Path(path), format="PNG", optimize=True)
    except OSError as exc:
        raise InputError(f"{path}: cannot write PNG ({exc})") from None
