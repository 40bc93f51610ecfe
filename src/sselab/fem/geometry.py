"""Geometries with named regions and boundaries: interface stack, SENT specimen, bar.

Interface stack (Fig. 2b / Supplementary Fig. 22 analogue), bottom to top::

    y = t_e + t_i + t_c  ┌──────────────────────────────┐  top (free)
                         │ composite positive electrode  │  region "composite"
    y = t_e + t_i        ├──────────────────────────────┤
                         ╞══ notch ══╡ interface layer    │  region "interface"
    y = t_e              ├──────────────────────────────┤
                         │ solid-electrolyte layer        │  region "electrolyte"
    y = 0                └──────────────────────────────┘  bottom: u_y = 0
          left: free (the notch is an interface defect at the layer's edge);
          right: u_x = 0 (symmetry plane, default) or free; see :mod:`sselab.fem.interface`

The notch is a geometric slit along the interface mid-line from x = 0 to
``notch_length_m``.  The mesh is refined to ``fine_size_m`` in the interface
layer (and a band ``refine_band_m`` either side) and graded to
``coarse_size_m`` away from it.

Resolved composite (``particles`` given to :func:`interface_mesh`): the
composite layer is meshed uniformly with ``composite_size_m`` (default R/4)
and each of its triangles is tagged ``particle`` (centroid inside a circle of
the :class:`~sselab.fem.particles.ParticleLayout`) or ``matrix``; the regions
are then :data:`RESOLVED_REGIONS`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sselab.errors import InputError
from sselab.fem.mesh import (
    TriMesh,
    graded_coordinates,
    line_nodes,
    tensor_mesh,
    with_regions,
    with_slit,
)
from sselab.fem.particles import ParticleLayout


@dataclass(frozen=True)
class InterfaceGeometry:
    """Dimensions (m) and mesh sizes of the interface stack."""

    length_m: float = 60e-6
    electrolyte_thickness_m: float = 20e-6
    interface_thickness_m: float = 2e-6
    composite_thickness_m: float = 20e-6
    notch_length_m: float = 3e-6
    fine_size_m: float = 0.5e-6
    coarse_size_m: float = 4e-6
    refine_band_m: float = 1e-6
    composite_size_m: float | None = None

    def __post_init__(self) -> None:
        for k in ("length_m", "electrolyte_thickness_m", "interface_thickness_m",
                  "composite_thickness_m", "fine_size_m", "coarse_size_m"):
            if not getattr(self, k) > 0:
                raise InputError(f"interface geometry: {k} must be > 0")
        if not 0 < self.notch_length_m < self.length_m:
            raise InputError("interface geometry: the notch must be shorter than the layer")

    @property
    def composite_box_m(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the composite layer, m."""
        y0 = self.electrolyte_thickness_m + self.interface_thickness_m
        return (0.0, y0, self.length_m, y0 + self.composite_thickness_m)

    @property
    def interface_y_m(self) -> float:
        """Mid-line of the interface layer (where the notch lies and detachment is measured)."""
        return self.electrolyte_thickness_m + 0.5 * self.interface_thickness_m

    def refined(self, factor: float) -> InterfaceGeometry:
        """Same geometry with mesh sizes divided by ``factor``."""
        from dataclasses import replace

        cs = None if self.composite_size_m is None else self.composite_size_m / factor
        return replace(self, fine_size_m=self.fine_size_m / factor,
                       coarse_size_m=self.coarse_size_m / factor, composite_size_m=cs)


REGIONS = ("electrolyte", "interface", "composite")
RESOLVED_REGIONS = ("electrolyte", "interface", "matrix", "particle")


def interface_mesh(geo: InterfaceGeometry, particles: ParticleLayout | None = None) -> TriMesh:
    """Mesh of the interface stack with regions :data:`REGIONS` and node sets.

    With ``particles`` the composite is resolved: regions :data:`RESOLVED_REGIONS`,
    the composite layer meshed uniformly with ``composite_size_m`` (default R/4).

    Node sets: ``left``, ``right``, ``bottom``, ``top``, ``interface_line`` (mid-line
    of the interface layer beyond the notch tip, sorted by x), ``slit_lower``/``slit_upper``.
    """
    te, ti, tc = geo.electrolyte_thickness_m, geo.interface_thickness_m, geo.composite_thickness_m
    h, H = geo.fine_size_m, geo.coarse_size_m
    y_mid = te + 0.5 * ti
    band = geo.refine_band_m
    n_int = max(2, int(np.ceil(ti / h)))
    if n_int % 2:
        n_int += 1  # a node row on the mid-line
    y_int = np.linspace(te, te + ti, n_int + 1)
    lo = graded_coordinates([0.0, max(te - band, 0.5 * te), te],
                            [H, h, h], max_size=H, grading=0.3)
    if particles is None:
        hi = graded_coordinates([te + ti, te + ti + band, te + ti + tc],
                                [h, h, H], max_size=H, grading=0.3)
    else:
        hc = geo.composite_size_m or particles.radius_m / 4
        hi = graded_coordinates([te + ti, te + ti + band, te + ti + tc],
                                [h, min(hc, H), hc], max_size=max(hc, h), grading=0.3)
    y = np.unique(np.concatenate([lo, y_int, hi]))
    x = graded_coordinates([0.0, geo.length_m], [h, h], max_size=h)
    m = tensor_mesh(x, y)
    m = with_regions(m, REGIONS, [0.0, te, te + ti, te + ti + tc])
    if particles is not None:
        from dataclasses import replace as _replace

        reg = m.region.copy()
        comp = reg == 2
        reg[comp & particles.inside(m.centroids_m())] = 3
        m = _replace(m, region=reg, region_names=RESOLVED_REGIONS)
    m = with_slit(m, y_mid, 0.0, geo.notch_length_m)
    line = line_nodes(m, y_mid, geo.notch_length_m, geo.length_m)
    return m.with_node_sets(interface_line=line)


def sent_mesh(size_m: float = 1e-3, fine_m: float = 3.75e-6 * 2, band_m: float = 0.05e-3,
              coarse_m: float = 0.05e-3, x_refine_from_m: float | None = None) -> TriMesh:
    """Mesh of the single-edge-notched square (side ``size_m``) with the slit y = L/2, x < L/2.

    Refined to ``fine_m`` in the band |y − L/2| < ``band_m`` for x > ``x_refine_from_m``
    (default 0.45 L); graded to ``coarse_m``.  Node sets ``top``, ``bottom``.
    """
    L = size_m
    xr = 0.45 * L if x_refine_from_m is None else x_refine_from_m
    x = graded_coordinates([0.0, xr, L], [coarse_m, fine_m, fine_m], max_size=coarse_m, grading=0.3)
    y = graded_coordinates([0.0, 0.5 * L - band_m, 0.5 * L, 0.5 * L + band_m, L],
                           [coarse_m, fine_m, fine_m, fine_m, coarse_m], max_size=coarse_m, grading=0.3)
    if not np.any(np.isclose(y, 0.5 * L)):
        raise InputError("SENT mesh: no grid line on the notch")
    m = tensor_mesh(x, y)
    return with_slit(m, 0.5 * L, 0.0, 0.5 * L)


def bar_mesh(length_m: float = 1.0, height_m: float = 0.1, nx: int = 20, ny: int = 2) -> TriMesh:
    """A uniform strip for homogeneous (1D-like) tests."""
    return tensor_mesh(np.linspace(0.0, length_m, nx + 1), np.linspace(0.0, height_m, ny + 1))
