"""Triangle meshes with named regions and node sets.

A :class:`TriMesh` is a frozen record of node coordinates ``p`` (2, N) in
metres, triangles ``t`` (3, M) (counter-clockwise), a region id per triangle
and named node sets (boundaries, lines).  Structured (tensor-product) meshes
are generated with scikit-fem's ``MeshTri.init_tensor``; everything else in
:mod:`sselab.fem` works on plain arrays.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from sselab.errors import InputError


@dataclass(frozen=True)
class TriMesh:
    """A P1 triangle mesh.

    Attributes
    ----------
    p : ndarray (2, N)
        Node coordinates, m.
    t : ndarray (3, M)
        Node indices of each triangle, counter-clockwise.
    region : ndarray (M,)
        Region id of each triangle (index into ``region_names``).
    region_names : tuple of str
        Names of the regions.
    node_sets : mapping str -> ndarray
        Named node sets (boundaries, lines), sorted node indices.
    """

    p: np.ndarray
    t: np.ndarray
    region: np.ndarray
    region_names: tuple[str, ...] = ("domain",)
    node_sets: Mapping[str, np.ndarray] = field(default_factory=dict)

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return int(self.p.shape[1])

    @property
    def n_elements(self) -> int:
        """Number of triangles."""
        return int(self.t.shape[1])

    def region_mask(self, name: str) -> np.ndarray:
        """Boolean mask of the triangles in region ``name``."""
        if name not in self.region_names:
            raise InputError(f"mesh has no region {name!r}; regions: {', '.join(self.region_names)}")
        return self.region == self.region_names.index(name)

    def nodes(self, name: str) -> np.ndarray:
        """Node indices of the node set ``name``."""
        try:
            return self.node_sets[name]
        except KeyError:
            raise InputError(
                f"mesh has no node set {name!r}; known: {', '.join(sorted(self.node_sets))}"
            ) from None

    def with_node_sets(self, **sets: np.ndarray) -> TriMesh:
        """A copy with node sets added or replaced."""
        ns = dict(self.node_sets)
        ns.update({k: np.unique(np.asarray(v, dtype=np.int64)) for k, v in sets.items()})
        return replace(self, node_sets=ns)

    def areas_m2(self) -> np.ndarray:
        """Signed areas of the triangles (positive for counter-clockwise), m²."""
        x, y = self.p[0][self.t], self.p[1][self.t]
        return 0.5 * ((x[1] - x[0]) * (y[2] - y[0]) - (x[2] - x[0]) * (y[1] - y[0]))

    def centroids_m(self) -> np.ndarray:
        """Centroids (2, M), m."""
        return self.p[:, self.t].mean(axis=1)

    def min_edge_m(self) -> float:
        """Shortest edge length, m."""
        e = np.concatenate([self.t[[0, 1]], self.t[[1, 2]], self.t[[2, 0]]], axis=1)
        d = self.p[:, e[0]] - self.p[:, e[1]]
        return float(np.sqrt((d**2).sum(0)).min())

    def n_dofs(self) -> int:
        """Degrees of freedom of the coupled problem: 2 displacements + 1 phase field per node."""
        return 3 * self.n_nodes


def graded_coordinates(
    breaks: Sequence[float], sizes: Sequence[float], max_size: float | None = None,
    grading: float = 0.25,
) -> np.ndarray:
    """1D node coordinates through ``breaks`` with target element sizes at each break.

    The size field is the smaller of the piecewise-linear interpolation of the
    sizes and min over breaks of (h_i + grading·|x − b_i|), capped at ``max_size``; nodes are placed at equal increments of ∫dx/h, so a refinement
    zone stays refined and the mesh coarsens smoothly (neighbouring spacings
    differ by about 1 + grading).

    Parameters
    ----------
    breaks : sequence of float
        Increasing coordinates that must be nodes, m.
    sizes : sequence of float
        Target element size at each break, m.
    max_size : float, optional
        Largest element size, m.
    grading : float
        Growth of the size per unit distance (dimensionless).
    """
    b = np.asarray(breaks, float)
    h = np.asarray(sizes, float)
    if b.ndim != 1 or b.size < 2 or np.any(np.diff(b) <= 0) or h.shape != b.shape or np.any(h <= 0):
        raise InputError("graded_coordinates needs increasing breaks and one positive size per break")
    hmax = float(max_size) if max_size else float(b[-1] - b[0])
    out = [b[:1]]
    for a, c in zip(b[:-1], b[1:], strict=True):
        xs = np.linspace(a, c, 2001)
        hx = np.min(h[:, None] + grading * np.abs(xs[None, :] - b[:, None]), axis=0)
        hx = np.minimum(np.minimum(hx, np.interp(xs, b, h)), hmax)
        w = 1.0 / hx
        cum = np.concatenate([[0.0], np.cumsum(0.5 * (w[1:] + w[:-1]) * np.diff(xs))])
        n = max(1, int(np.ceil(cum[-1] - 1e-9)))
        targets = np.linspace(0.0, cum[-1], n + 1)
        seg = np.interp(targets, cum, xs)
        seg[0], seg[-1] = a, c
        out.append(seg[1:])
    return np.concatenate(out)


def tensor_mesh(x_m: np.ndarray, y_m: np.ndarray) -> TriMesh:
    """Structured triangle mesh of the tensor grid ``x_m`` × ``y_m`` (scikit-fem ``init_tensor``).

    Node sets ``left``, ``right``, ``bottom``, ``top`` are defined.
    """
    from skfem import MeshTri

    m = MeshTri.init_tensor(np.asarray(x_m, float), np.asarray(y_m, float))
    p = np.ascontiguousarray(m.p, dtype=float)
    t = np.ascontiguousarray(m.t, dtype=np.int64)
    t = _ccw(p, t)
    x0, x1 = p[0].min(), p[0].max()
    y0, y1 = p[1].min(), p[1].max()
    tol = 1e-9 * max(x1 - x0, y1 - y0)
    ns = {
        "left": np.flatnonzero(np.abs(p[0] - x0) < tol),
        "right": np.flatnonzero(np.abs(p[0] - x1) < tol),
        "bottom": np.flatnonzero(np.abs(p[1] - y0) < tol),
        "top": np.flatnonzero(np.abs(p[1] - y1) < tol),
    }
    return TriMesh(p, t, np.zeros(t.shape[1], dtype=np.int64), ("domain",), ns)


def _ccw(p: np.ndarray, t: np.ndarray) -> np.ndarray:
    x, y = p[0][t], p[1][t]
    a = (x[1] - x[0]) * (y[2] - y[0]) - (x[2] - x[0]) * (y[1] - y[0])
    t = t.copy()
    neg = a < 0
    t[1, neg], t[2, neg] = t[2, neg].copy(), t[1, neg].copy()
    return t


def with_regions(mesh: TriMesh, names: Sequence[str], bounds_y_m: Sequence[float]) -> TriMesh:
    """Assign horizontal-layer regions by element centroid y.

    ``names[i]`` covers ``bounds_y_m[i] <= y_c < bounds_y_m[i+1]``.
    """
    if len(bounds_y_m) != len(names) + 1:
        raise InputError("with_regions needs len(names) + 1 bounds")
    yc = mesh.centroids_m()[1]
    reg = np.searchsorted(np.asarray(bounds_y_m, float), yc, side="right") - 1
    reg = np.clip(reg, 0, len(names) - 1)
    return replace(mesh, region=reg.astype(np.int64), region_names=tuple(names))


def with_slit(mesh: TriMesh, y_m: float, x_from_m: float, x_to_m: float) -> TriMesh:
    """Cut a geometric slit (crack/notch) along the mesh line ``y = y_m`` for x in [from, to).

    Nodes on the line strictly inside the slit (the tip at ``x_to_m`` is kept
    shared) are duplicated; triangles above the line use the copies.  Node
    sets containing a duplicated node gain its copy when the copy lies on
    the same boundary.
    """
    p, t = mesh.p, mesh.t
    h = mesh.min_edge_m()
    on = np.flatnonzero(
        (np.abs(p[1] - y_m) < 1e-6 * h) & (p[0] >= x_from_m - 1e-9 * h) & (p[0] < x_to_m - 1e-6 * h)
    )
    if on.size == 0:
        raise InputError(f"no mesh nodes on y = {y_m} for the slit; put a grid line there")
    new_ids = np.arange(mesh.n_nodes, mesh.n_nodes + on.size)
    remap = np.arange(mesh.n_nodes)
    remap_up = remap.copy()
    remap_up[on] = new_ids
    above = mesh.centroids_m()[1] > y_m
    t2 = t.copy()
    t2[:, above] = remap_up[t[:, above]]
    p2 = np.concatenate([p, p[:, on]], axis=1)
    ns = {}
    for k, v in mesh.node_sets.items():
        extra = new_ids[np.isin(on, v)]
        ns[k] = np.unique(np.concatenate([v, extra]))
    ns["slit_lower"] = on
    ns["slit_upper"] = new_ids
    return replace(mesh, p=p2, t=t2, node_sets=ns)


def line_nodes(mesh: TriMesh, y_m: float, x_from_m: float = -np.inf, x_to_m: float = np.inf) -> np.ndarray:
    """Nodes on the horizontal mesh line ``y = y_m`` between two x, sorted by x."""
    h = mesh.min_edge_m()
    sel = np.flatnonzero(
        (np.abs(mesh.p[1] - y_m) < 1e-6 * h) & (mesh.p[0] >= x_from_m - 1e-9) & (mesh.p[0] <= x_to_m + 1e-9)
    )
    return sel[np.argsort(mesh.p[0, sel], kind="stable")]
