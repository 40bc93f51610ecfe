"""Pellet density from SEM images: thresholds, regions, overlays, synthetic micrographs.

Domain core: functions take 2-D arrays (grey values) and return frozen
dataclasses.  Reading and writing image files lives in :mod:`sselab.io.imaging`,
figures in :mod:`sselab.plot.imaging`.

Modules
-------
image      :class:`GrayImage`, a grey-level image with its bit depth and provenance
threshold  ImageJ "Default" (IJ_IsoData), Otsu and manual thresholds on 256-bin histograms
density    databar cropping, pore fraction per region, relative density mean ± sd
overlay    RGB overlay of what was counted as pore
synthetic  two-phase micrographs with a known pore fraction
"""

from __future__ import annotations
