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
    dofs_per_node : int
        d > 1 when the element DOFs are interleaved per node (d·node + component, as the
        displacement DOFs): the pattern is then built from node pairs (d² less sorting).

    Attributes
    ----------
    free : (n_free,) int
        Free DOFs in increasing order (rows/columns of :meth:`free_matrix`).
    """

    def __init__(self, edofs: np.ndarray, n_dofs: int, blocks: Sequence[np.ndarray],
                 fixed: np.ndarray | None = None, dofs_per_node: int = 1):
        edofs = np.asarray(edofs, dtype=np.int64)
        m, n = edofs.shape
        d = int(dofs_per_node)
        self.n_dofs = int(n_dofs)
        if n % d or self.n_dofs % d:
            raise ValueError("element DOFs must come in whole nodes")
        nodes = edofs[:, ::d] // d  # (M, nn); local DOF a·d + i is global DOF d·node_a + i
        if d > 1 and not np.array_equal(edofs, (d * nodes[:, :, None] + np.arange(d)).reshape(m, n)):
            raise ValueError("element DOFs must be interleaved per node (d·node + component)")
        nn, n_nodes = n // d, self.n_dofs // d
        # node-pair pattern (d² times smaller than the DOF pattern: less sorting and memory)
        key = (np.repeat(nodes, nn, axis=1) * n_nodes + np.tile(nodes, (1, nn))).ravel()
        uniq, inv = np.unique(key, return_inverse=True)
        del key
        ur = uniq // n_nodes
        deg = np.bincount(ur, minlength=n_nodes)
        nptr = np.concatenate([[0], np.cumsum(deg)])
        k_in_row = np.arange(uniq.size) - nptr[ur]
        # DOF row d·a + i holds d·deg[a] entries, starting at d²·nptr[a] + i·d·deg[a];
        # entry (d·a + i, d·b + j) sits at that start + d·k + j (k: position of b in node row a)
        self.nnz = int(d * d * uniq.size)
        rowlen = np.repeat(d * deg, d)
        self.indptr = np.concatenate([[0], np.cumsum(rowlen)]).astype(np.int64)
        uc = uniq % n_nodes
        del uniq
        self.indices = np.empty(self.nnz, dtype=np.int32)
        for i in range(d):
            start = d * d * nptr[ur] + i * d * deg[ur] + d * k_in_row
            for j in range(d):
                self.indices[start + j] = d * uc + j
        del uc
        # position of every element entry in the CSR data (element-major, row-major inside)
        base = (d * d * nptr[ur] + d * k_in_row)[inv].reshape(m, nn, 1, nn, 1)
        offs = (deg[ur] * d)[inv].reshape(m, nn, 1, nn, 1)
        del inv, k_in_row
        ii = np.arange(d).reshape(1, 1, d, 1, 1)
        jj = np.arange(d).reshape(1, 1, 1, 1, d)
        pos = (base + ii * offs + jj).astype(np.int32).reshape(-1)
        del base, offs
        if self.indptr[-1] < np.iinfo(np.int32).max:
            self.indptr = self.indptr.astype(np.int32)
        # P_k (nnz × M) stored column-wise: column e holds element e's n² entries, no sorting
        eptr = np.arange(0, m * n * n + 1, n * n, dtype=np.int64)
        if eptr[-1] < np.iinfo(np.int32).max:
            eptr = eptr.astype(np.int32)
        self.P = [sp.csc_matrix((np.asarray(b, float).reshape(-1), pos, eptr), shape=(self.nnz, m))
                  for b in blocks]
        del pos
        fixed = np.zeros(self.n_dofs, bool) if fixed is None else np.asarray(fixed, bool)
        self.free = np.flatnonzero(~fixed)
        fmap = -np.ones(self.n_dofs, dtype=np.int64)
        fmap[self.free] = np.arange(self.free.size)
        rows = np.repeat(np.arange(self.n_dofs), np.diff(self.indptr))
        keep = (fmap[rows] >= 0) & (fmap[self.indices] >= 0)
        self._ff_all = bool(keep.all())
        self._ff = None if self._ff_all else np.flatnonzero(keep)
        nf = self.free.size
        self.n_free = int(nf)
        self.ff_indices = fmap[self.indices[keep]].astype(np.int32)
        self.ff_indptr = np.concatenate(
            [[0], np.cumsum(np.bincount(fmap[rows[keep]], minlength=nf))]).astype(np.int32)

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
