"""A grey-level image (2-D array) with its bit depth and where it came from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sselab.errors import InputError


@dataclass(frozen=True)
class GrayImage:
    """Grey values (rows × columns) as read, never rescaled.

    Attributes
    ----------
    data : ndarray
        2-D array: uint8, uint16, int32 or float32/64 grey values.
    bit_depth : int
        8, 16 or 32 (float/int32 images).
    name : str
        File name or label.
    source_format : str
        "png", "tiff", "synthetic", …
    metadata : mapping
        e.g. pixel size from TIFF resolution tags, conversions applied.
    """

    data: np.ndarray
    bit_depth: int = 8
    name: str = ""
    source_format: str = ""
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        arr = np.asarray(self.data)
        if arr.ndim != 2:
            raise InputError(f"an image must be 2-D (rows × columns), got shape {arr.shape}")
        if arr.shape[0] < 8 or arr.shape[1] < 8:
            raise InputError(f"image of {arr.shape[1]}×{arr.shape[0]} pixels is too small (≥ 8×8)")
        if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
            raise InputError("image contains NaN or inf pixels")
        if arr.dtype.kind not in "uif":
            raise InputError(f"unsupported pixel type {arr.dtype}")
        arr = arr.copy()
        arr.setflags(write=False)
        object.__setattr__(self, "data", arr)
        object.__setattr__(self, "metadata", dict(self.metadata))

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return tuple(self.data.shape)  # type: ignore[return-value]
