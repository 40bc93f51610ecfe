"""Staggered (alternate-minimisation) phase-field solver with history field.

Per load step n (load t_n) and staggered iteration k:

1. displacement: Newton on Σ_e A_e Bᵀ σ(ε(u); φ_k, ε_p,n−1) = 0 with the
   prescribed displacements and eigenstrain of t_n (one linear solve when the
   problem is linear);
2. history: H = max(H_n−1, ψ⁺(u)) per element (irreversibility, Miehe et al. 2010);
3. phase field (AT2): [(2H + Gc/ℓ) M + Gc ℓ K] φ = 2H·(1/3 A) — linear; AT1 adds a
   bound-constrained solve; the result is projected on [φ_n−1, 1] so damage
   never decreases;
4. Anderson acceleration of the map φ_k ↦ φ_k+1 (or plain / over-relaxed);

until max|φ_k+1 − φ_k| ≤ ``tol``.  Adaptive stepping halves the load increment
when the step does not converge within ``max_staggered`` or when damage grows
by more than ``max_dphi`` in one step, and grows it again afterwards; the
schedule points are always hit.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from sselab.errors import ConvergenceError, InputError
from sselab.fem.acceleration import Anderson
from sselab.fem.constitutive import StressUpdate, stress_update
from sselab.fem.degradation import c_w, element_mean_degradation
from sselab.fem.forms import Assembler, P1Geometry
from sselab.fem.linsolve import LinearSolver
from sselab.fem.loading import LoadMap
from sselab.fem.materials import RegionMaterial
from sselab.fem.mesh import TriMesh
from sselab.fem.results import FieldSnapshot, PhaseFieldResult, StepRecord
from sselab.fem.split import M_VEC, SPLITS, isotropic_stiffness, split_energy
from sselab.fem.weighted import WeightedAssembly, element_vector_operator, strain_operator

Observer = Callable[["PhaseFieldProblem", "SolverState", np.ndarray], dict[str, float]]


@dataclass(frozen=True)
class PhaseFieldProblem:
    """A plane-strain phase-field fracture problem.

    Attributes
    ----------
    mesh : the triangle mesh; ``materials[i]`` applies to region i.
    length_scale_m : phase-field regularisation length ℓ.
    load : how the load parameter drives displacements and eigenstrain.
    dirichlet_dofs, dirichlet_values_m : prescribed displacement DOFs (2·node + comp) and
        their values at displacement scale 1.
    phi_fixed_nodes : nodes held at φ = 1 (a notch made of damage).
    model : "AT2" or "AT1"; split : "none", "voldev" or "spectral"; hybrid : isotropic
        stress with split history (Ambati et al. 2015).
    residual_stiffness : k in g = (1 − φ)² + k.
    plasticity : False gives the purely elastic model.
    thickness_m : out-of-plane thickness for forces and energies.
    observers : functions (problem, state, element-forces) → {name: value} recorded each step.
    """

    mesh: TriMesh
    materials: tuple[RegionMaterial, ...]
    length_scale_m: float
    load: LoadMap
    dirichlet_dofs: np.ndarray
    dirichlet_values_m: np.ndarray
    phi_fixed_nodes: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    model: str = "AT2"
    split: str = "voldev"
    hybrid: bool = False
    residual_stiffness: float = 1e-6
    plasticity: bool = True
    thickness_m: float = 1.0
    name: str = "phasefield"
    observers: tuple[Observer, ...] = ()

    def __post_init__(self) -> None:
        if self.split not in SPLITS:
            raise InputError(f"unknown split {self.split!r}; use one of {', '.join(SPLITS)}")
        if self.model not in ("AT1", "AT2"):
            raise InputError(f"unknown phase-field model {self.model!r}; use AT2 or AT1")
        if len(self.materials) != len(self.mesh.region_names):
            raise InputError("give one material per mesh region")
        if not self.length_scale_m > 0:
            raise InputError("the phase-field length scale must be > 0")

    def element_arrays(self) -> dict[str, np.ndarray]:
        """Per-element λ, μ, σ_y, Gc and eigenstrain at full load."""
        reg = self.mesh.region
        get = lambda f: np.array([f(m) for m in self.materials])[reg]  # noqa: E731
        return {
            "lam": get(lambda m: m.lame_Pa[0]),
            "mu": get(lambda m: m.lame_Pa[1]),
            "yield": get(lambda m: m.yield_stress_Pa),
            "Gc": get(lambda m: m.fracture_energy_J_per_m2),
            "eps_full": get(lambda m: m.eigenstrain_at_full),
        }


@dataclass
class SolverOptions:
    """Options of :func:`solve`.

    tol : staggered tolerance on max|Δφ| between iterations.
    max_staggered : iterations before a step counts as not converged.
    acceleration : "anderson", "overrelax" or "none"; anderson_depth; relaxation: ω of the
        over-relaxed plain iterations (used alone, or when Anderson stalls for ``stall_window``
        iterations).
    adaptive : halve/grow steps; max_dphi : largest accepted growth of max φ-increment per step;
        min_increment : smallest load increment (as a fraction of the first schedule increment).
    linear_solver : "lagged", "direct" or "amg".
    newton_rtol, max_newton : displacement Newton tolerance (relative to the force scale) and cap.
    predictor : start each step from the linear extrapolation of the last two accepted steps
        (u, and φ clipped to [φ_n, 1]) instead of the last state; the step is still converged to
        ``tol``, only the starting point differs.  φ is not extrapolated after a step in which it
        grew by more than ``predictor_max_dphi`` (a crack jump is no trend).
    """

    tol: float = 1e-4
    max_staggered: int = 300
    acceleration: str = "anderson"
    anderson_depth: int = 5
    relaxation: float = 1.6
    stall_window: int = 6
    adaptive: bool = True
    max_dphi: float = 0.5
    min_increment: float = 1e-3
    linear_solver: str = "lagged"
    newton_rtol: float = 1e-8
    max_newton: int = 30
    raise_on_failure: bool = True
    predictor: bool = False
    predictor_max_dphi: float = 0.2


@dataclass
class SolverState:
    """Mutable state between steps (what a checkpoint stores)."""

    load: float
    u: np.ndarray
    phi: np.ndarray
    history: np.ndarray
    eps_p: np.ndarray
    plastic_dissipation_J: float = 0.0
    step: int = 0


class _Model:
    """Precomputed operators of a problem."""

    def __init__(self, problem: PhaseFieldProblem, opts: SolverOptions):
        self.pb = problem
        self.mesh = problem.mesh
        self.geo = P1Geometry.of(problem.mesh)
        self.arr = problem.element_arrays()
        n = problem.mesh.n_nodes
        fixed_u = np.zeros(2 * n, bool)
        fixed_u[problem.dirichlet_dofs] = True
        self.fixed_u = fixed_u
        fixed_phi = np.zeros(n, bool)
        fixed_phi[problem.phi_fixed_nodes] = True
        self.fixed_phi = fixed_phi
        self.Kphi = self.geo.scalar_stiffness()
        self.Mphi = self.geo.scalar_mass()
        nonsym = problem.split == "spectral" and not problem.hybrid and problem.plasticity and bool(
            np.any(np.isfinite(self.arr["yield"])))
        self.lin_u = LinearSolver(opts.linear_solver, symmetric=not nonsym,
                                  near_nullspace=_rigid_modes(problem.mesh, np.flatnonzero(~fixed_u)))
        self.lin_phi = LinearSolver(opts.linear_solver)
        self.opts = opts
        self.linear = (not problem.plasticity or not np.any(np.isfinite(self.arr["yield"]))) and (
            problem.split == "none" or problem.hybrid)
        # fixed-pattern weighted assembly (see sselab.fem.weighted)
        t = problem.mesh.t.T
        self.w_phi = WeightedAssembly(t, n, [self.Mphi, self.Kphi], fixed_phi)
        self.phi_rhs = element_vector_operator(t, n, np.repeat((self.geo.area / 3.0)[:, None], 3, axis=1))
        ell, Gc = problem.length_scale_m, self.arr["Gc"]
        if problem.model == "AT2":
            self.phi_base = self.w_phi.data(Gc / ell, Gc * ell)
        else:
            self.phi_base = self.w_phi.data(None, 0.75 * Gc * ell)
        if self.linear:
            C = isotropic_stiffness(self.arr["lam"], self.arr["mu"])
            self.w_u = WeightedAssembly(self.geo.u_dofs, 2 * n, [self.geo.stiffness(C)], fixed_u,
                                        dofs_per_node=2)
            self.strain_op = strain_operator(self.geo.B, self.geo.u_dofs, 2 * n)
            so = self.strain_op
            self.abs_strain_op_T = sp.csr_matrix((np.abs(so.data), so.indices, so.indptr), shape=so.shape).T
            self.eig_op = (element_vector_operator(self.geo.u_dofs, 2 * n,
                                                   self.geo.internal_force(C @ M_VEC))
                           if np.any(self.arr["eps_full"] != 0) else None)

    @property
    def asm_u(self) -> Assembler:
        """Element-matrix assembler of the displacement problem (Newton path; built on first use)."""
        a = self.__dict__.get("_asm_u")
        if a is None:
            a = self.__dict__["_asm_u"] = Assembler(self.geo.u_dofs, 2 * self.mesh.n_nodes, self.fixed_u)
        return a

    @property
    def asm_phi(self) -> Assembler:
        """Element-matrix assembler of the phase-field problem (built on first use)."""
        a = self.__dict__.get("_asm_phi")
        if a is None:
            a = self.__dict__["_asm_phi"] = Assembler(self.mesh.t.T, self.mesh.n_nodes, self.fixed_phi)
        return a

    # -------------------------------------------------------------- displacement
    def solve_u(self, u: np.ndarray, phi: np.ndarray, eps_star: np.ndarray, eps_p_old: np.ndarray):  # type: ignore[no-untyped-def]
        pb, geo, a = self.pb, self.geo, self.arr
        g = element_mean_degradation(phi, self.mesh.t, pb.residual_stiffness)
        if self.linear:
            return self._solve_u_linear(u, g, eps_star, eps_p_old)
        free = self.asm_u.free
        its = 0
        for its in range(1, self.opts.max_newton + 1):  # noqa: B007
            su = stress_update(geo.strain(u), eps_p_old, eps_star, g, a["lam"], a["mu"], a["yield"],
                               pb.split, pb.hybrid, pb.plasticity)
            fe = geo.internal_force(su.sigma)
            R = self.asm_u.vector(fe)
            Rf = R[free]
            scale = _norm(self.asm_u.vector(np.abs(fe))) + 1e-300
            if not np.isfinite(scale):
                return u, su, R, its, False
            if its > 1 and _norm(Rf) <= self.opts.newton_rtol * scale:
                return u, su, R, its - 1, True
            K = self.asm_u.matrix(geo.stiffness(su.D))
            # the correction only needs to be accurate relative to the force scale
            du = self.lin_u.solve(K, -Rf, atol=0.01 * self.opts.newton_rtol * scale)
            u = u.copy()
            u[free] += du
            if self.linear:
                su = stress_update(geo.strain(u), eps_p_old, eps_star, g, a["lam"], a["mu"],
                                   a["yield"], pb.split, pb.hybrid, pb.plasticity)
                R = self.asm_u.vector(geo.internal_force(su.sigma))
                return u, su, R, its, True
        return u, su, R, its, False

    def _solve_u_linear(self, u: np.ndarray, g: np.ndarray, eps_star: np.ndarray,
                        eps_p_old: np.ndarray):  # type: ignore[no-untyped-def]
        """One linear solve with K(φ) = Σ g_e K⁰_e (no split or hybrid, elastic)."""
        w = self.w_u
        data = w.data(g)
        K = w.full_matrix(data)
        fstar = self.eig_op @ (g * eps_star) if self.eig_op is not None else 0.0
        R = K @ u - fstar
        free = w.free
        # force scale ‖Σ_e |A_e Bᵀσ_e|‖ of the Newton path, bounded above by ‖|S|ᵀ A|σ|‖
        e = self._elastic_strain(u, eps_star, eps_p_old)
        sig = self._stress_inplane(e, g)
        scale = _norm(self.abs_strain_op_T @ (np.abs(sig) * self.geo.area[:, None]).ravel())
        scale += 1e-300
        if not np.isfinite(scale):
            return u, None, R, 1, False
        du = self.lin_u.solve(w.free_matrix(data), -R[free], atol=0.01 * self.opts.newton_rtol * scale)
        u = u.copy()
        u[free] += du
        R = K @ u - fstar
        return u, self._psi(u, eps_star, eps_p_old), R, 1, True

    def _elastic_strain(self, u: np.ndarray, eps_star: np.ndarray, eps_p_old: np.ndarray) -> np.ndarray:
        """Mandel elastic strain (M, 4) ε(u) − ε_p − ε*·m."""
        e3 = (self.strain_op @ u).reshape(-1, 3)
        e = np.empty((e3.shape[0], 4))
        e[:, 0] = e3[:, 0] - eps_star
        e[:, 1] = e3[:, 1] - eps_star
        e[:, 2] = -eps_star
        e[:, 3] = e3[:, 2]
        e -= eps_p_old
        return e

    def _stress_inplane(self, e: np.ndarray, g: np.ndarray) -> np.ndarray:
        """In-plane Mandel stress g·C ε_e (M, 3) (xx, yy, √2xy)."""
        lam, mu = self.arr["lam"], self.arr["mu"]
        tr = e[:, 0] + e[:, 1] + e[:, 2]
        s = (2.0 * mu)[:, None] * e[:, [0, 1, 3]]
        s[:, :2] += (lam * tr)[:, None]
        return s * g[:, None]

    def _psi(self, u: np.ndarray, eps_star: np.ndarray, eps_p_old: np.ndarray) -> StressUpdate:
        """ψ⁺, ψ⁻ of the elastic strain (linear displacement problems)."""
        pb, a = self.pb, self.arr
        e = self._elastic_strain(u, eps_star, eps_p_old)
        if pb.split == "none":
            tr = e[:, 0] + e[:, 1] + e[:, 2]
            psi_pos = 0.5 * a["lam"] * tr**2 + a["mu"] * np.einsum("ei,ei->e", e, e)
            psi_neg = np.zeros_like(psi_pos)
        else:
            sr = split_energy(e, a["lam"], a["mu"], pb.split, tangent=False)
            psi_pos, psi_neg = sr.psi_pos, sr.psi_neg
        return StressUpdate(None, None, psi_pos, psi_neg, eps_p_old,  # type: ignore[arg-type]
                            np.zeros(e.shape[0], bool))

    # -------------------------------------------------------------- phase field
    def solve_phi(self, H: np.ndarray, phi_old: np.ndarray, phi_guess: np.ndarray) -> np.ndarray:
        pb, a = self.pb, self.arr
        ell, Gc = pb.length_scale_m, a["Gc"]
        w = self.w_phi
        data = w.data(2 * H, None, base=self.phi_base)
        if pb.model == "AT2":
            bfull = self.phi_rhs @ (2 * H)
        else:
            bfull = self.phi_rhs @ (2 * H - 3 * Gc / (8 * ell))
        phi_c = self.fixed_phi.astype(float)
        if self.fixed_phi.any():
            bfull = bfull - w.full_matrix(data) @ phi_c
        free = w.free
        b = bfull[free]
        A = w.free_matrix(data)
        lo, hi = phi_old[free], np.ones(free.size)
        if pb.model == "AT2":
            x = self.lin_phi.solve(A, b, phi_guess[free])
            x = np.clip(x, lo, hi)
        else:
            x = _box_solve(A, b, lo, hi, self.lin_phi, phi_guess[free])
        out = phi_c.copy()
        out[free] = x
        return out

    # -------------------------------------------------------------- energies
    def energies(self, su, phi: np.ndarray, g: np.ndarray) -> tuple[float, float]:  # type: ignore[no-untyped-def]
        pb, a, area = self.pb, self.arr, self.geo.area
        el = float(np.sum(area * (g * su.psi_pos + su.psi_neg)))
        pe = phi[self.mesh.t.T]
        grad2 = np.einsum("ei,eij,ej->e", pe, self.Kphi, pe)
        if pb.model == "AT2":
            w = np.einsum("ei,eij,ej->e", pe, self.Mphi, pe)
        else:
            w = area * pe.mean(axis=1)
        fr = float(np.sum(a["Gc"] / c_w(pb.model) * (w / pb.length_scale_m + pb.length_scale_m * grad2)))
        return el * pb.thickness_m, fr * pb.thickness_m


def _norm(x: np.ndarray) -> float:
    """Euclidean norm without a BLAS call (threaded BLAS busy-waits on a loaded 2-core machine)."""
    return math.sqrt(float(np.multiply(x, x).sum()))


def _rigid_modes(mesh: TriMesh, free: np.ndarray) -> np.ndarray:
    """Translations and the in-plane rotation on the free displacement DOFs (for multigrid)."""
    n = mesh.n_nodes
    B = np.zeros((2 * n, 3))
    B[0::2, 0] = 1.0
    B[1::2, 1] = 1.0
    x, y = mesh.p
    c = mesh.p.mean(axis=1)
    scale = float(np.ptp(mesh.p)) or 1.0
    B[0::2, 2] = -(y - c[1]) / scale
    B[1::2, 2] = (x - c[0]) / scale
    return np.ascontiguousarray(B[free])


def _box_solve(A, b, lo, hi, lin, x0):  # type: ignore[no-untyped-def]
    """min ½xᵀAx − bᵀx on lo ≤ x ≤ hi by a primal–dual active-set method (AT1)."""
    x = np.clip(x0, lo, hi)
    A = A.tocsr()
    act_lo = x <= lo
    act_hi = x >= hi
    for _ in range(50):
        inact = ~(act_lo | act_hi)
        xb = np.where(act_lo, lo, np.where(act_hi, hi, 0.0))
        rhs = b - A @ xb
        idx = np.flatnonzero(inact)
        x = xb.copy()
        if idx.size:
            sub = A[idx][:, idx]
            x[idx] = spla.spsolve(sub.tocsc(), rhs[idx])
        lam = A @ x - b  # multiplier: ≥ 0 at lower bound, ≤ 0 at upper bound
        new_lo = (x < lo - 1e-14) | (act_lo & (lam >= 0))
        new_hi = (x > hi + 1e-14) | (act_hi & (lam <= 0))
        if np.array_equal(new_lo, act_lo) and np.array_equal(new_hi, act_hi):
            break
        act_lo, act_hi = new_lo, new_hi
    return np.clip(x, lo, hi)


def initial_state(problem: PhaseFieldProblem) -> SolverState:
    """Undeformed, undamaged state at load 0 (φ = 1 on fixed nodes)."""
    n, m = problem.mesh.n_nodes, problem.mesh.n_elements
    phi = np.zeros(n)
    phi[problem.phi_fixed_nodes] = 1.0
    return SolverState(0.0, np.zeros(2 * n), phi, np.zeros(m), np.zeros((m, 4)))


def solve(problem: PhaseFieldProblem, schedule: Sequence[float], options: SolverOptions | None = None,
          *, save_at: Sequence[float] = (), state: SolverState | None = None,
          previous_steps: Sequence[StepRecord] = (), previous_snapshots: Sequence[FieldSnapshot] = (),
          progress: Callable[[StepRecord], None] | None = None,
          on_step: Callable[[SolverState, list[StepRecord], list[FieldSnapshot]], None] | None = None,
          ) -> PhaseFieldResult:
    """Solve ``problem`` along the increasing load ``schedule``.

    Parameters
    ----------
    schedule : load parameters to reach (SoC, or displacement scale in m).
    save_at : loads (schedule points) at which to keep field snapshots.
    state, previous_steps, previous_snapshots : resume from a checkpoint.
    progress : called with each accepted :class:`StepRecord`.
    on_step : called after each accepted step with the state (for checkpoints).

    Raises
    ------
    ConvergenceError
        When a step does not converge at the smallest increment (``raise_on_failure``).
    """
    opts = options or SolverOptions()
    sched = np.asarray(schedule, float)
    if sched.ndim != 1 or sched.size == 0 or np.any(np.diff(sched) <= 0):
        raise InputError("the load schedule must be a non-empty increasing sequence")
    t0 = time.perf_counter()
    mdl = _Model(problem, opts)
    st = state if state is not None else initial_state(problem)
    steps = list(previous_steps)
    snaps = list(previous_snapshots)
    save = [float(s) for s in save_at]
    targets = [float(s) for s in sched if s > st.load + 1e-12]
    base_inc = float(sched[0] - 0.0) if sched.size == 1 else float(np.min(np.diff(np.r_[0.0, sched])))
    dt_min = opts.min_increment * base_inc
    rejected = 0
    total_its = 0
    prev: SolverState | None = None
    dt = targets[0] - st.load if targets else 0.0
    while targets:
        target = targets[0]
        t_new = min(st.load + dt, target)
        if target - t_new < 0.25 * dt_min:
            t_new = target
        ts = time.perf_counter()
        out = _step(mdl, st, t_new, prev if opts.predictor else None)
        total_its += out["iterations"]
        ok = out["converged"] and (not opts.adaptive or out["dphi"] <= opts.max_dphi)
        if not ok and opts.adaptive and (t_new - st.load) > dt_min * 1.0001:
            dt = max(0.5 * (t_new - st.load), dt_min)
            rejected += 1
            mdl.lin_u.reset()
            continue
        if not out["converged"] and opts.raise_on_failure:
            raise ConvergenceError(
                f"{'displacement Newton' if out.get('newton_failed') else 'staggered iterations'}"
                f" did not converge at load {t_new:g} "
                f"(max|dphi| = {out['err']:.2e} after {out['iterations']} iterations); "
                f"raise max_staggered, enable adaptive stepping or refine the schedule"
            )
        # accept
        dissip = st.plastic_dissipation_J + out["dissipation"]
        prev = st
        st = SolverState(t_new, out["u"], out["phi"], out["H"], out["eps_p"], dissip, st.step + 1)
        obs: dict[str, float] = {}
        for f in problem.observers:
            obs.update(f(problem, st, out["R"]))
        rec = StepRecord(st.step, t_new, out["iterations"], out["newton"], out["err"],
                         out["elastic"], out["fracture"], dissip, float(st.phi.max()), obs,
                         time.perf_counter() - ts)
        steps.append(rec)
        if any(abs(t_new - s) < 1e-9 * max(1.0, abs(s)) for s in save):
            eq = np.sqrt(2.0 / 3.0 * np.einsum("ei,ei->e", st.eps_p, st.eps_p))
            snaps.append(FieldSnapshot(t_new, st.u.copy(), st.phi.copy(), eq, st.history.copy()))
        if progress:
            progress(rec)
        if on_step:
            on_step(st, steps, snaps)
        if t_new >= target - 1e-15:
            targets.pop(0)
        if not opts.adaptive:
            dt = (targets[0] - t_new) if targets else 0.0
        elif out["iterations"] < 20 and out["dphi"] < 0.5 * opts.max_dphi:
            dt = 2.0 * dt
    stats = {
        "rejected_steps": rejected,
        "staggered_iterations_including_rejected": total_its,
        "u_factorisations": mdl.lin_u.n_factorisations,
        "u_solves": mdl.lin_u.n_solves,
        "u_cg_iterations": mdl.lin_u.n_cg,
        "phi_factorisations": mdl.lin_phi.n_factorisations,
        "phi_solves": mdl.lin_phi.n_solves,
        "phi_cg_iterations": mdl.lin_phi.n_cg,
        "acceleration": opts.acceleration,
        "linear_solver": opts.linear_solver,
        "tol": opts.tol,
    }
    return PhaseFieldResult(problem.name, problem.load.unit, tuple(steps), tuple(snaps),
                            problem.mesh, time.perf_counter() - t0, stats)


def _step(mdl: _Model, st: SolverState, t: float, prev: SolverState | None = None) -> dict:  # type: ignore[type-arg]
    """One load step (staggered iterations to ``tol``) with BLAS on one thread.

    The solves are sparse (SuperLU/QDLDL, CSR products, multigrid); BLAS is only reached
    through vector norms and small dense products, where threaded BLAS busy-waits on a
    loaded 2-core machine (milliseconds per call).
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        return _step_impl(mdl, st, t, prev)


def _step_impl(mdl: _Model, st: SolverState, t: float, prev: SolverState | None) -> dict:  # type: ignore[type-arg]
    pb, opts = mdl.pb, mdl.opts
    u = st.u.copy()
    phi = st.phi.copy()
    if prev is not None and st.load > prev.load:
        r = (t - st.load) / (st.load - prev.load)
        u += r * (st.u - prev.u)
        dphi = st.phi - prev.phi
        if float(np.max(dphi)) <= opts.predictor_max_dphi:
            phi = np.clip(st.phi + r * dphi, st.phi, 1.0)
    u[pb.dirichlet_dofs] = pb.dirichlet_values_m * pb.load.displacement_scale(t)
    eps_star = mdl.arr["eps_full"] * pb.load.eigenstrain_scale(t)
    if opts.acceleration not in ("anderson", "overrelax", "none"):
        raise InputError(f"unknown acceleration {opts.acceleration!r}; use anderson, overrelax or none")
    use_aa = opts.acceleration == "anderson"
    omega = opts.relaxation if opts.acceleration != "none" else 1.0
    acc = Anderson(opts.anderson_depth if use_aa else 0, 1.0)
    mode_aa = use_aa
    best, since, errs = math.inf, 0, []
    newton = 0
    err = math.inf
    converged = False
    k = 0
    for k in range(1, opts.max_staggered + 1):  # noqa: B007
        with np.errstate(over="ignore", invalid="ignore"):
            u, su, R, nits, ok = mdl.solve_u(u, phi, eps_star, st.eps_p)
        newton += nits
        if not ok:
            return {"converged": False, "iterations": k, "err": math.inf, "dphi": math.inf,
                    "newton_failed": True}
        H = np.maximum(st.history, su.psi_pos)
        phi_new = mdl.solve_phi(H, st.phi, phi)
        err = float(np.max(np.abs(phi_new - phi)))
        if err <= opts.tol:
            phi = phi_new
            converged = True
            break
        # Anderson while it makes progress; when it stalls (an unstable crack run has no
        # nearby fixed point) fall back to over-relaxed plain iterations, and return to
        # Anderson once the residual decreases steadily again.
        errs.append(err)
        if err < 0.5 * best:
            best, since = err, 0
        else:
            since += 1
        if mode_aa and since >= opts.stall_window:
            mode_aa, since, best = False, 0, err
            acc.reset()
        elif use_aa and not mode_aa and len(errs) > 3 and errs[-1] < errs[-2] < errs[-3] < errs[-4]:
            mode_aa = True
            acc.reset()
        phi_next = acc.update(phi, phi_new) if mode_aa else phi + omega * (phi_new - phi)
        phi = np.clip(phi_next, st.phi, 1.0)
        phi[mdl.fixed_phi] = 1.0
    g = element_mean_degradation(phi, mdl.mesh.t, pb.residual_stiffness)
    el, fr = mdl.energies(su, phi, g)
    dep = su.eps_p - st.eps_p
    diss = float(np.sum(mdl.geo.area * np.where(np.isfinite(mdl.arr["yield"]), mdl.arr["yield"], 0.0)
                        * np.sqrt(np.einsum("ei,ei->e", dep, dep)) * math.sqrt(2.0 / 3.0)))
    return {
        "u": u, "phi": phi, "H": H, "eps_p": su.eps_p, "R": R, "iterations": k, "newton": newton,
        "err": err, "converged": converged, "dphi": float(np.max(phi - st.phi)),
        "elastic": el, "fracture": fr, "dissipation": diss * pb.thickness_m,
    }


def with_options(options: SolverOptions, **changes: object) -> SolverOptions:
    """A copy of ``options`` with some fields changed."""
    return replace(options, **changes)  # type: ignore[arg-type]
