"""Linear solvers for the symmetric positive-definite systems of the staggered scheme.

Within a staggered loop the matrices change only where damage (or plastic
flow) changes, so a factorisation or multigrid hierarchy built for an
earlier matrix is an excellent preconditioner for the current one:

``direct``  SuperLU factorisation of every matrix (reference).
``lagged``  conjugate gradients preconditioned by the *last* SuperLU
            factorisation; refactorise when CG needs more than ``max_cg``
            iterations.  Usually 2–10 CG iterations (two triangular solves
            each) instead of a new factorisation.
            The factorisation is QDLDL's sparse LDLᵀ (Apache-2.0) when installed: the
            sparsity pattern of the staggered systems is fixed, so after the first
            factorisation only the numeric phase is repeated (``update``); SuperLU
            otherwise (and for non-symmetric or singular matrices).  The factorisation
            is renewed *before* a solve once the CG time spent since the last one
            exceeds the time of a factorisation (the rent-or-buy rule: at most twice
            the cost of the best refactorisation schedule in hindsight).
``amg``     CG preconditioned by a smoothed-aggregation multigrid hierarchy
            (pyamg), rebuilt when CG needs more than ``max_cg`` iterations:
            memory and time linear in the number of DOFs (large meshes).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from sselab.errors import ConvergenceError

try:  # optional fast LDLᵀ with reusable symbolic factorisation (Apache-2.0)
    import qdldl
except ImportError:  # pragma: no cover - SuperLU is used instead
    qdldl = None

KINDS = ("direct", "lagged", "amg")
AMG_STRENGTH_THETA = 0.02  # strength-of-connection threshold of the multigrid aggregation


def _dot(a: np.ndarray, b: np.ndarray) -> float:
    # plain numpy reduction, no BLAS call: BLAS threads busy-waiting on a loaded 2-core
    # machine made each dot of a 10^4-vector cost milliseconds
    return float(np.multiply(a, b).sum())


def pcg(A: sp.csr_matrix, b: np.ndarray, M: Callable[[np.ndarray], np.ndarray],
        x0: np.ndarray | None = None, rtol: float = 1e-10, maxiter: int = 200,
        atol: float = 0.0) -> tuple[np.ndarray, int, bool]:
    """Preconditioned conjugate gradients; returns (x, iterations, converged).

    Convergence when ‖b − A x‖ ≤ max(rtol·‖b‖, atol).
    """
    x = np.zeros_like(b) if x0 is None else x0.copy()
    with np.errstate(all="ignore"):
        r = b - A @ x if x0 is not None else b.copy()
    bn = _dot(b, b) ** 0.5
    if bn == 0.0:
        return np.zeros_like(b), 0, True
    tol2 = max(rtol * bn, atol) ** 2
    if _dot(r, r) <= tol2:
        return x, 0, True
    z = M(r)
    p = z.copy()
    rz = _dot(r, z)
    for it in range(1, maxiter + 1):
        with np.errstate(all="ignore"):
            Ap = A @ p
            pAp = _dot(p, Ap)
        if not (pAp > 0 and np.isfinite(pAp)):
            return x, it, False
        alpha = rz / pAp
        x += alpha * p
        r -= alpha * Ap
        if _dot(r, r) <= tol2:
            return x, it, True
        z = M(r)
        rz_new = _dot(r, z)
        p *= rz_new / rz
        p += z
        rz = rz_new
    return x, maxiter, False


def _vcycle(ml) -> Callable[[np.ndarray], np.ndarray]:  # type: ignore[no-untyped-def]
    """One V-cycle of a pyamg hierarchy from x = 0, as a preconditioner.

    The same cycle as ``ml.aspreconditioner(cycle="V")`` without its residual-norm
    bookkeeping (an extra fine-level product and norms per application).
    """
    levels = ml.levels
    last = len(levels) - 1

    def cycle(lvl: int, b: np.ndarray) -> np.ndarray:
        L = levels[lvl]
        x = np.zeros_like(b)
        L.presmoother(L.A, x, b)
        cb = L.R @ (b - L.A @ x)
        if lvl + 1 == last:
            cx = np.asarray(ml.coarse_solver(levels[last].A, cb)).reshape(cb.shape)
        else:
            cx = cycle(lvl + 1, cb)
        x += L.P @ cx
        L.postsmoother(L.A, x, b)
        return x

    if last == 0:
        return lambda b: np.asarray(ml.coarse_solver(levels[0].A, b)).reshape(b.shape)
    return lambda b: cycle(0, b)


class LinearSolver:
    """Solve A x = b for a sequence of slowly changing SPD matrices.

    Parameters
    ----------
    kind : {"direct", "lagged", "amg"}
    symmetric : bool
        False for non-symmetric tangents (spectral split with plasticity): always ``direct``.
    near_nullspace : (n, k) array, optional
        Near-nullspace vectors for multigrid (rigid-body modes of elasticity).
    rtol : float
        Relative residual tolerance of the iterative variants.
    max_cg : int
        CG iterations after which the preconditioner is rebuilt; for ``lagged`` the budget
        is also capped by (time of a factorisation)/(time of one CG iteration), so CG
        never costs much more than refactorising.

    Attributes
    ----------
    n_factorisations, n_solves, n_cg : int
        Counters for reporting.
    """

    def __init__(self, kind: str = "lagged", rtol: float = 1e-8, max_cg: int = 25,
                 symmetric: bool = True, near_nullspace: np.ndarray | None = None):
        if kind not in KINDS:
            raise ValueError(f"unknown linear solver {kind!r}; use one of {', '.join(KINDS)}")
        self.kind = kind if symmetric else "direct"
        self.symmetric = symmetric
        self.B = near_nullspace
        self.rtol = rtol
        self.max_cg = max_cg
        self._prec: Callable[[np.ndarray], np.ndarray] | None = None
        self._t_fresh: float | None = None
        self._ml = None  # pyamg hierarchy of the amg variant
        self._ldl = None  # QDLDL solver object (symbolic factorisation kept)
        self._ldl_pattern: tuple[int, int] | None = None
        self._t_cg_since = 0.0
        self._t_build = 0.0
        self._t_apply = 1.0
        self.n_factorisations = 0
        self.n_solves = 0
        self.n_cg = 0

    def _build(self, A: sp.csr_matrix) -> Callable[[np.ndarray], np.ndarray]:
        self.n_factorisations += 1
        self._t_cg_since = 0.0
        self._t_fresh = None
        t0 = time.perf_counter()
        prec = self._build_raw(A)
        self._t_build = time.perf_counter() - t0
        t0 = time.perf_counter()
        prec(np.ones(A.shape[0]))
        self._t_apply = time.perf_counter() - t0 + 2e-6 * A.nnz / 1e3
        return prec

    def _cg_budget(self) -> int:
        """CG iterations worth less than a rebuild (at least 3, at most ``max_cg``)."""
        if self.kind == "amg":
            return 20 * self.max_cg  # rebuilds follow the rent-or-buy rule, not a small budget
        return int(min(self.max_cg, max(3, self._t_build / max(self._t_apply, 1e-9))))

    def _build_raw(self, A: sp.csr_matrix) -> Callable[[np.ndarray], np.ndarray]:
        if self.kind == "amg":
            import pyamg

            # θ = 0.02: couplings weaker than 2 % of √(a_ii a_jj) are not strong, so aggregates do not
            # span damaged elements (g ≪ 1); θ = 0 kept them and CG needed twice the iterations at
            # 3·10⁵ DOFs (23 vs 12; θ = 0.25 dropped elastic x–y couplings too: 230)
            ml = pyamg.smoothed_aggregation_solver(A, B=self.B, symmetry="symmetric", max_coarse=500,
                                                   strength=("symmetric", {"theta": AMG_STRENGTH_THETA}))
            self._ml = ml
            return _vcycle(ml)
        if not self.symmetric:
            return spla.splu(A.tocsc()).solve
        ldl = self._build_ldl(A)
        if ldl is not None:
            return ldl
        try:
            lu = spla.splu(A.tocsc(), permc_spec="MMD_AT_PLUS_A",
                           options={"SymmetricMode": True}, diag_pivot_thresh=0.0)
        except RuntimeError:  # a zero pivot without pivoting: retry with partial pivoting
            try:
                lu = spla.splu(A.tocsc())
            except RuntimeError:
                raise ConvergenceError(
                    "the stiffness matrix is singular (a part of the body is fully detached and "
                    "unconstrained); raise the residual stiffness k"
                ) from None
        return lu.solve

    def _build_ldl(self, A: sp.csr_matrix) -> Callable[[np.ndarray], np.ndarray] | None:
        """QDLDL factorisation (numeric refactorisation when the pattern is unchanged), or None."""
        if qdldl is None:
            return None
        A = A.tocsr()
        Ac = sp.csc_matrix((A.data, A.indices, A.indptr), shape=A.shape)  # = A (symmetric), no copy
        pattern = (A.shape[0], A.nnz)
        try:
            if self._ldl is not None and self._ldl_pattern == pattern:
                self._ldl.update(Ac)
            else:
                self._ldl = qdldl.Solver(Ac)
                self._ldl_pattern = pattern
        except Exception:  # zero pivot (singular or indefinite): SuperLU decides
            self._ldl = None
            self._ldl_pattern = None
            return None
        solver = self._ldl
        return lambda r: solver.solve(r)

    def solve(self, A: sp.csr_matrix, b: np.ndarray, x0: np.ndarray | None = None,
              atol: float = 0.0) -> np.ndarray:
        """Solution of A x = b (iterative variants: to max(rtol·‖b‖, atol))."""
        self.n_solves += 1
        if self.kind == "direct":
            self._prec = self._build(A)
            return self._prec(b)
        if self._prec is not None and self._t_cg_since > self._t_build:
            self._prec = None  # CG since the last build cost a build more than fresh solves would
        if self._prec is None:
            self._prec = self._build(A)
            if self.kind == "lagged":
                return self._prec(b)
        if self.kind == "amg" and self._ml is not None:
            # lagged coarse levels, current fine level: the smoother and the fine residual see
            # the current matrix (damage changes it locally), the aggregates stay
            self._ml.levels[0].A = A
        t0 = time.perf_counter()
        x, it, ok = pcg(A, b, self._prec, x0, self.rtol, self._cg_budget(), atol)
        dt = time.perf_counter() - t0
        if self.kind == "amg":  # excess over the first solve after the build (fresh hierarchy)
            if self._t_fresh is None:
                self._t_fresh = dt
            dt = max(dt - self._t_fresh, 0.0)
        self._t_cg_since += dt
        self.n_cg += it
        if ok:
            return x
        self._prec = self._build(A)
        if self.kind == "lagged":
            return self._prec(b)
        x, it, ok = pcg(A, b, self._prec, x, self.rtol, 20 * self.max_cg, atol)
        self.n_cg += it
        if not ok:
            raise ConvergenceError(
                "multigrid-preconditioned CG did not converge; try --linear-solver lagged or direct"
            )
        return x

    def reset(self) -> None:
        """Forget the preconditioner (next solve rebuilds it)."""
        self._prec = None
