"""P1 triangle element matrices and a fast sparse assembler.

With linear triangles the strain is constant in each element, so the weak
forms of the phase-field model are integrated exactly with element-constant
coefficients:

* displacement:  ∫ σ(ε(u)) : ε(v) dA → A_e Bᵀ D B, internal force A_e Bᵀ σ;
* phase field (AT2): ∫ (Gc/ℓ + 2H) φ v + Gc ℓ ∇φ·∇v dA = ∫ 2H v dA, with the
  P1 consistent mass A_e/12·(1 + δ_ij) and stiffness A_e ∇N_i·∇N_j.

B maps nodal displacements (u_x, u_y interleaved) to the in-plane Mandel strain
``(xx, yy, √2·xy)``; the out-of-plane strain is zero (plane strain).

The :class:`Assembler` precomputes where every element entry lands in the
CSR matrix of the *free* degrees of freedom, so assembly is a single
``bincount`` per matrix; the same pattern object is reused for every
iteration.  Element matrices were cross-checked against scikit-fem's
``linear_elasticity``, ``laplace`` and ``mass`` forms (tests/test_fem_forms.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from sselab.errors import InputError
from sselab.fem.mesh import TriMesh

SQ2 = float(np.sqrt(2.0))
INPLANE = (0, 1, 3)  # Mandel components kept in the 2D residual


@dataclass(frozen=True)
class P1Geometry:
    """Per-element geometry of a P1 triangle mesh.

    Attributes
    ----------
    area : (M,) element areas, m²
    grad : (M, 3, 2) gradients of the three shape functions, 1/m
    B : (M, 3, 6) in-plane Mandel strain–displacement matrices, 1/m
    u_dofs : (M, 6) displacement DOFs (2·node, 2·node + 1)
    """

    area: np.ndarray
    grad: np.ndarray
    B: np.ndarray
    u_dofs: np.ndarray
    t: np.ndarray

    @property
    def Bt(self) -> np.ndarray:
        """Transposed B matrices (M, 6, 3), contiguous (cached)."""
        bt = self.__dict__.get("_Bt")
        if bt is None:
            bt = np.ascontiguousarray(self.B.transpose(0, 2, 1))
            object.__setattr__(self, "_Bt", bt)
        return bt

    @classmethod
    def of(cls, mesh: TriMesh) -> P1Geometry:
        """Geometry of ``mesh``."""
        p, t = mesh.p, mesh.t
        x, y = p[0][t], p[1][t]  # (3, M)
        b = np.stack([y[1] - y[2], y[2] - y[0], y[0] - y[1]])
        c = np.stack([x[2] - x[1], x[0] - x[2], x[1] - x[0]])
        det = x[0] * b[0] + x[1] * b[1] + x[2] * b[2]  # 2A
        if np.any(det <= 0):
            raise InputError("mesh has degenerate or clockwise triangles")
        area = 0.5 * det
        grad = np.stack([b / det, c / det], axis=-1).transpose(1, 0, 2)  # (M, 3, 2)
        M = t.shape[1]
        B = np.zeros((M, 3, 6))
        B[:, 0, 0::2] = grad[:, :, 0]
        B[:, 1, 1::2] = grad[:, :, 1]
        B[:, 2, 0::2] = grad[:, :, 1] / SQ2
        B[:, 2, 1::2] = grad[:, :, 0] / SQ2
        u_dofs = np.empty((M, 6), dtype=np.int64)
        u_dofs[:, 0::2] = 2 * t.T
        u_dofs[:, 1::2] = 2 * t.T + 1
        return cls(area, grad, B, u_dofs, t)

    def strain(self, u: np.ndarray) -> np.ndarray:
        """Mandel strains (M, 4) of nodal displacements ``u`` (2N,), zz = 0."""
        e3 = np.matmul(self.B, u[self.u_dofs][:, :, None])[:, :, 0]
        out = np.zeros((e3.shape[0], 4))
        out[:, [0, 1, 3]] = e3
        return out

    def stiffness(self, D4: np.ndarray) -> np.ndarray:
        """Element stiffness matrices A Bᵀ D B (M, 6, 6) from Mandel tangents (M, 4, 4)."""
        D = D4[:, INPLANE][:, :, INPLANE] * self.area[:, None, None]
        return np.matmul(self.Bt, np.matmul(D, self.B))

    def internal_force(self, sigma4: np.ndarray) -> np.ndarray:
        """Element internal forces A Bᵀ σ (M, 6) from Mandel stresses (M, 4)."""
        s = sigma4[:, INPLANE] * self.area[:, None]
        return np.matmul(self.Bt, s[:, :, None])[:, :, 0]

    def scalar_stiffness(self) -> np.ndarray:
        """∫∇N_i·∇N_j over each element (M, 3, 3)."""
        return self.area[:, None, None] * np.einsum("eik,ejk->eij", self.grad, self.grad)

    def scalar_mass(self) -> np.ndarray:
        """Consistent mass ∫N_i N_j over each element (M, 3, 3)."""
        m = (np.ones((3, 3)) + np.eye(3)) / 12.0
        return self.area[:, None, None] * m[None]


class Assembler:
    """Assemble element matrices into the CSR matrix of the free DOFs.

    Parameters
    ----------
    edofs : (M, n) int
        Global DOFs of each element.
    n_dofs : int
        Number of global DOFs.
    fixed : (n_dofs,) bool, optional
        DOFs with prescribed values (eliminated).
    """

    def __init__(self, edofs: np.ndarray, n_dofs: int, fixed: np.ndarray | None = None):
        self.edofs = np.asarray(edofs, dtype=np.int64)
        self.n_dofs = int(n_dofs)
        fixed = np.zeros(n_dofs, bool) if fixed is None else np.asarray(fixed, bool)
        self.fixed = fixed
        self.free = np.flatnonzero(~fixed)
        fmap = -np.ones(n_dofs, dtype=np.int64)
        fmap[self.free] = np.arange(self.free.size)
        n = self.edofs.shape[1]
        rows = np.repeat(self.edofs, n, axis=1).ravel()
        cols = np.tile(self.edofs, (1, n)).ravel()
        keep = (fmap[rows] >= 0) & (fmap[cols] >= 0)
        r, c = fmap[rows[keep]], fmap[cols[keep]]
        nf = self.free.size
        key = r * nf + c
        uniq, inv = np.unique(key, return_inverse=True)
        self._keep = keep
        self._pos = inv
        self._nnz = uniq.size
        ur, uc = uniq // nf, uniq % nf
        self._indices = uc.astype(np.int32)
        self._indptr = np.concatenate([[0], np.cumsum(np.bincount(ur, minlength=nf))]).astype(np.int32)
        self.n_free = nf

    def matrix(self, ke: np.ndarray) -> sp.csr_matrix:
        """CSR matrix (free × free) of the element matrices ``ke`` (M, n, n)."""
        data = np.bincount(self._pos, weights=ke.reshape(-1)[self._keep], minlength=self._nnz)
        return sp.csr_matrix((data, self._indices, self._indptr), shape=(self.n_free, self.n_free))

    def vector(self, fe: np.ndarray) -> np.ndarray:
        """Full global vector (n_dofs,) of element vectors ``fe`` (M, n)."""
        return np.bincount(self.edofs.ravel(), weights=fe.ravel(), minlength=self.n_dofs)
