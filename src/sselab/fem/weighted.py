"""Assembly of element-weighted sums of fixed element matrices on a fixed sparsity pattern.

In the staggered phase-field scheme the operators change only through
element-constant coefficients:

* displacement (no energy split, or the hybrid model, elastic):
  K(φ) = Σ_e g_e K⁰_e with K⁰_e = A_e Bᵀ C B and g_e the element-mean degradation;
* phase field (AT2): A(H) = Σ_e (2H_e + Gc/ℓ) M_e + Gc ℓ K_e, right-hand side Σ_e 2H_e A_e/3.

A sum Σ_k Σ_e w_k,e E_k,e is therefore a sparse matrix–vector product
``data = P_k @ w_k`` that yields directly the CSR data array of the assembled
matrix; the CSR structure (``indptr``, ``indices``) of the full matrix and of its
free–free block is built once.  The free–free block's data is a gather of the
full data, so the residual (reactions included) and the reduced system come
from one assembly.  Equals :class:`sselab.fem.forms.Assembler` to round-off
(tests/test_fem_weighted.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp


class WeightedAssembly:
    """Σ_k Σ_e w_k[e]·E_k[e] assembled on a fixed CSR pattern.

    Parameters
    ----------
    edofs : (M, n) int
        Global DOFs of each element.
    n_dofs : int
        Number of global DOFs.
    blocks : sequence of (M, n, n) arrays
        Element matrices E_k; the assembled matrix is Σ_k Σ_e w_k[e] E_k[e].
    fixed : (n_dofs,) bool, optional
        DOFs with prescribed values (excluded from the free block).

    Attributes
    ----------
    free : (n_free,) int
        Free DOFs in increasing order (rows/columns of :meth:`free_matrix`).
    """

    def __init__(self, edofs: np.ndarray, n_dofs: int, blocks: Sequence[np.ndarray],
                 fixed: np.ndarray | None = None):
        edofs = np.asarray(edofs, dtype=np.int64)
        m, n = edofs.shape
        self.n_dofs = int(n_dofs)
        rows = np.repeat(edofs, n, axis=1).ravel()
        cols = np.tile(edofs, (1, n)).ravel()
        key = rows * self.n_dofs + cols
        uniq, inv = np.unique(key, return_inverse=True)
        del key
        ur, uc = uniq // self.n_dofs, uniq % self.n_dofs
        del uniq
        self.nnz = int(ur.size)
        self.indices = uc.astype(np.int32)
        self.indptr = np.concatenate(
            [[0], np.cumsum(np.bincount(ur, minlength=self.n_dofs))]).astype(np.int32)
        elem = np.repeat(np.arange(m, dtype=np.int32), n * n)
        inv = inv.astype(np.int32)
        self.P = [sp.csr_matrix((np.asarray(b, float).reshape(-1), (inv, elem)), shape=(self.nnz, m))
                  for b in blocks]
        del elem, inv, rows, cols
        fixed = np.zeros(self.n_dofs, bool) if fixed is None else np.asarray(fixed, bool)
        self.free = np.flatnonzero(~fixed)
        fmap = -np.ones(self.n_dofs, dtype=np.int64)
        fmap[self.free] = np.arange(self.free.size)
        keep = (fmap[ur] >= 0) & (fmap[uc] >= 0)
        self._ff = np.flatnonzero(keep).astype(np.int64)
        self._ff_all = bool(keep.all())
        nf = self.free.size
        self.n_free = int(nf)
        self.ff_indices = fmap[uc[keep]].astype(np.int32)
        self.ff_indptr = np.concatenate(
            [[0], np.cumsum(np.bincount(fmap[ur[keep]], minlength=nf))]).astype(np.int32)

    def data(self, *weights: np.ndarray | float | None, base: np.ndarray | None = None) -> np.ndarray:
        """CSR data of Σ_k P_k w_k (+ ``base``); a weight ``None`` skips its block."""
        out = None if base is None else base.copy()
        for P, w in zip(self.P, weights, strict=False):
            if w is None:
                continue
            wv = np.full(P.shape[1], float(w)) if np.ndim(w) == 0 else np.asarray(w, float)
            d = P @ wv
            out = d if out is None else out + d
        if out is None:
            out = np.zeros(self.nnz)
        return out

    def full_matrix(self, data: np.ndarray) -> sp.csr_matrix:
        """The assembled matrix over all DOFs (n_dofs × n_dofs)."""
        return sp.csr_matrix((data, self.indices, self.indptr), shape=(self.n_dofs, self.n_dofs))

    def free_matrix(self, data: np.ndarray) -> sp.csr_matrix:
        """The free–free block (n_free × n_free) of the matrix with full data ``data``."""
        d = data if self._ff_all else data[self._ff]
        return sp.csr_matrix((d, self.ff_indices, self.ff_indptr), shape=(self.n_free, self.n_free))


def element_vector_operator(edofs: np.ndarray, n_dofs: int, values: np.ndarray) -> sp.csr_matrix:
    """Sparse (n_dofs × M) operator V with V @ w = Σ_e w_e·f_e, f_e = ``values`` (M, n)."""
    edofs = np.asarray(edofs, dtype=np.int64)
    m, n = edofs.shape
    elem = np.repeat(np.arange(m), n)
    return sp.csr_matrix((np.asarray(values, float).reshape(-1), (edofs.reshape(-1), elem)),
                         shape=(int(n_dofs), m))


def strain_operator(B: np.ndarray, u_dofs: np.ndarray, n_dofs: int) -> sp.csr_matrix:
    """Sparse (3M × n_dofs) operator S with (S @ u).reshape(M, 3) = B_e u_e (Mandel xx, yy, √2xy)."""
    m, r, c = B.shape
    rows = np.repeat(np.arange(m * r), c)
    cols = np.repeat(np.asarray(u_dofs, np.int64)[:, None, :], r, axis=1).reshape(-1)
    return sp.csr_matrix((B.reshape(-1), (rows, cols)), shape=(m * r, int(n_dofs)))
