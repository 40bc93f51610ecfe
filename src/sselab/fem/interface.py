"""The paper's Fig. 2b problem: does the electrolyte keep contact as scNCM92 shrinks?

Three layers (see :mod:`sselab.fem.geometry`): an electrolyte layer, an
interface layer (electrolyte properties, lower fracture energy, a notch at
its left end) and the composite positive-electrode layer (75 wt % scNCM92 +
25 wt % electrolyte, homogenised).  Delithiation shrinks scNCM92 by the
isotropic eigenstrain ``strain_at_soc1 × SoC``.

Homogenisation (stated mixing rule): the particle volume fraction follows from
the mass fractions and densities; the composite stiffness is Mori–Tanaka
with the electrolyte as matrix (spherical particles); its eigenstrain is
Levin's exact two-phase result for that bulk modulus; it yields at
``yield_factor × σ_y,SE``.

Plasticity: the electrolyte (its layer and the composite matrix) is
elastic–perfectly-plastic with σ_y = H/C (Tabor, C = ``tabor_factor``); the
interface layer (a bond layer that fails by fracture) is elastic with the
electrolyte's stiffness unless ``interface_plastic``.  ``plasticity=False``
gives the purely elastic comparison.

Boundary conditions: bottom u_y = 0, u_x = 0 at the bottom-right corner, left,
right and top edges free (``right_edge="symmetry"`` puts u_x = 0 on the right
edge instead).  Damage is measured on the interface mid-line beyond
the notch: detached fraction = length with φ > 0.95 / (length − notch).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from sselab.errors import InputError
from sselab.fem.geometry import REGIONS, InterfaceGeometry, interface_mesh
from sselab.fem.loading import SOC
from sselab.fem.materials import (
    RegionMaterial,
    levin_eigenstrain,
    mori_tanaka,
    tabor_yield_stress_Pa,
    volume_fraction,
)
from sselab.fem.mesh import TriMesh
from sselab.fem.postprocess import detached_fraction
from sselab.fem.results import PhaseFieldResult
from sselab.fem.solver import PhaseFieldProblem, SolverOptions, solve
from sselab.parameters import ParameterSet, load_parameter_set

DEFAULT_SET = "fem/interface_hu2026"
DETACHED_PHI = 0.95
ONSET_FRACTION = 0.05


@dataclass(frozen=True)
class Electrolyte:
    """Mechanical properties of a solid electrolyte (SI)."""

    name: str
    E_Pa: float
    hardness_Pa: float
    nu: float = 0.3
    density_kg_per_m3: float = 2700.0


@dataclass(frozen=True)
class InterfaceSpec:
    """Everything that defines an interface run (SI units)."""

    electrolyte: Electrolyte
    cathode_E_Pa: float = 150e9
    cathode_nu: float = 0.25
    cathode_density_kg_per_m3: float = 4750.0
    strain_at_soc1: float = -0.10
    cathode_mass_fraction: float = 0.75
    yield_factor: float = 1.0
    tabor_factor: float = 3.0
    interface_Gc_J_per_m2: float = 4.0
    bulk_Gc_J_per_m2: float = 40.0
    length_scale_m: float = 0.5e-6
    residual_stiffness: float = 1e-6
    geometry: InterfaceGeometry = field(default_factory=InterfaceGeometry)
    plasticity: bool = True
    interface_plastic: bool = False
    right_edge: str = "free"
    split: str = "voldev"
    model: str = "AT2"

    @property
    def cathode_volume_fraction(self) -> float:
        """Volume fraction of scNCM92 in the composite from mass fraction and densities."""
        return volume_fraction(self.cathode_mass_fraction, self.cathode_density_kg_per_m3,
                               self.electrolyte.density_kg_per_m3)

    @property
    def electrolyte_yield_Pa(self) -> float:
        """σ_y = H / C (Tabor)."""
        return tabor_yield_stress_Pa(self.electrolyte.hardness_Pa, self.tabor_factor)

    def with_electrolyte(self, electrolyte: Electrolyte) -> InterfaceSpec:
        """Same model with another electrolyte."""
        return replace(self, electrolyte=electrolyte)


def electrolyte_from_parameters(name: str, p: ParameterSet | None = None) -> Electrolyte:
    """Electrolyte ``name`` (e.g. "LZCO", "LZACO") from the interface parameter set."""
    p = p or load_parameter_set(DEFAULT_SET)
    g = p.group(f"electrolyte.{name}")
    if not g:
        known = sorted({k.split(".")[1] for k in p if k.startswith("electrolyte.")})
        raise InputError(f"unknown electrolyte {name!r}; the parameter set has {', '.join(known)} "
                         f"(or give --modulus-gpa and --hardness-gpa)")
    return Electrolyte(name, float(g["youngs_modulus"].value) * 1e9, float(g["hardness"].value) * 1e9,
                       float(g["poisson_ratio"].value), float(g["density"].value) * 1e3)


def interface_spec(electrolyte: str | Electrolyte, p: ParameterSet | None = None,
                   **overrides: object) -> InterfaceSpec:
    """An :class:`InterfaceSpec` from the parameter set (default: the packaged Hu 2026 set)."""
    p = p or load_parameter_set(DEFAULT_SET)
    se = electrolyte if isinstance(electrolyte, Electrolyte) else electrolyte_from_parameters(electrolyte, p)
    um = 1e-6
    geo = InterfaceGeometry(
        length_m=float(p.value("geometry.length")) * um,
        electrolyte_thickness_m=float(p.value("geometry.electrolyte_thickness")) * um,
        interface_thickness_m=float(p.value("geometry.interface_thickness")) * um,
        composite_thickness_m=float(p.value("geometry.composite_thickness")) * um,
        notch_length_m=float(p.value("geometry.notch_length")) * um,
    )
    ell = float(p.value("model.length_scale")) * um
    geo = replace(geo, fine_size_m=0.5 * ell, refine_band_m=2 * ell, coarse_size_m=8 * ell)
    kw: dict[str, object] = dict(
        electrolyte=se,
        cathode_E_Pa=float(p.value("cathode.youngs_modulus")) * 1e9,
        cathode_nu=float(p.value("cathode.poisson_ratio")),
        cathode_density_kg_per_m3=float(p.value("cathode.density")) * 1e3,
        strain_at_soc1=float(p.value("cathode.strain_at_soc1")),
        cathode_mass_fraction=float(p.value("composite.cathode_mass_fraction")),
        yield_factor=float(p.value("composite.yield_factor")),
        tabor_factor=float(p.value("model.tabor_factor")),
        interface_Gc_J_per_m2=float(p.value("interface.fracture_energy")),
        bulk_Gc_J_per_m2=float(p.value("bulk.fracture_energy")),
        length_scale_m=ell,
        residual_stiffness=float(p.value("model.residual_stiffness")),
        geometry=geo,
    )
    kw.update(overrides)
    return InterfaceSpec(**kw)  # type: ignore[arg-type]


def region_materials(spec: InterfaceSpec) -> tuple[RegionMaterial, ...]:
    """Materials of the regions :data:`~sselab.fem.geometry.REGIONS` (electrolyte, interface, composite)."""
    se = spec.electrolyte
    sy = spec.electrolyte_yield_Pa if spec.plasticity else math.inf
    f = spec.cathode_volume_fraction
    Ec, nuc = mori_tanaka(se.E_Pa, se.nu, spec.cathode_E_Pa, spec.cathode_nu, f)
    K = lambda E, nu: E / (3 * (1 - 2 * nu))  # noqa: E731
    eps_c = levin_eigenstrain(K(se.E_Pa, se.nu), K(spec.cathode_E_Pa, spec.cathode_nu), K(Ec, nuc),
                              0.0, spec.strain_at_soc1)
    return (
        RegionMaterial("electrolyte", se.E_Pa, se.nu, spec.bulk_Gc_J_per_m2, sy),
        RegionMaterial("interface", se.E_Pa, se.nu, spec.interface_Gc_J_per_m2,
                       sy if spec.interface_plastic else math.inf),
        RegionMaterial("composite", Ec, nuc, spec.bulk_Gc_J_per_m2, sy * spec.yield_factor, eps_c),
    )


def interface_problem(spec: InterfaceSpec, mesh: TriMesh | None = None) -> PhaseFieldProblem:
    """The phase-field problem of ``spec`` (mesh from its geometry unless given)."""
    mesh = mesh or interface_mesh(spec.geometry)
    if tuple(mesh.region_names) != REGIONS:
        raise InputError(f"the interface mesh must have regions {REGIONS}")
    bottom, right = mesh.nodes("bottom"), mesh.nodes("right")
    if spec.right_edge == "symmetry":
        dofs = np.unique(np.concatenate([2 * bottom + 1, 2 * right]))
    elif spec.right_edge == "free":
        corner = np.intersect1d(bottom, right)
        dofs = np.unique(np.concatenate([2 * bottom + 1, 2 * corner]))
    else:
        raise InputError(f"right_edge must be 'free' or 'symmetry', got {spec.right_edge!r}")
    line = mesh.nodes("interface_line")

    def observe(pb: PhaseFieldProblem, st: object, R: np.ndarray) -> dict[str, float]:
        phi = st.phi  # type: ignore[attr-defined]
        return {"detached_fraction": detached_fraction(mesh.p[0, line], phi[line], DETACHED_PHI)}

    return PhaseFieldProblem(
        mesh, region_materials(spec), spec.length_scale_m, SOC, dofs, np.zeros(dofs.size),
        model=spec.model, split=spec.split, residual_stiffness=spec.residual_stiffness,
        plasticity=spec.plasticity, thickness_m=1.0,
        name=f"interface ({spec.electrolyte.name})", observers=(observe,),
    )


def default_options() -> SolverOptions:
    """Staggered tolerance 1e-3 on max|Δφ|, Anderson, adaptive steps."""
    return SolverOptions(tol=1e-3, max_staggered=200, adaptive=True, max_dphi=0.6, min_increment=0.01)


def run_interface(spec: InterfaceSpec, n_steps: int = 25, save_at=(0.2, 0.4, 0.6, 0.8, 1.0),  # type: ignore[no-untyped-def]
                  options: SolverOptions | None = None, mesh: TriMesh | None = None, **kw) -> PhaseFieldResult:
    """Ramp SoC 0 → 1 in ``n_steps`` nominal steps and return the result (fields at ``save_at``)."""
    sched = np.linspace(0.0, 1.0, n_steps + 1)[1:]
    sched = np.unique(np.round(np.concatenate([sched, np.asarray(save_at, float)]), 12))
    return solve(interface_problem(spec, mesh), sched, options or default_options(), save_at=save_at, **kw)


def detachment_onset_soc(result: PhaseFieldResult, fraction: float = ONSET_FRACTION) -> float:
    """First SoC at which the detached fraction exceeds ``fraction`` (NaN if never), interpolated."""
    soc = result.loads
    d = result.series("detached_fraction")
    idx = np.flatnonzero(d > fraction)
    if idx.size == 0:
        return math.nan
    i = int(idx[0])
    if i == 0:
        return float(soc[0])
    s0, s1, d0, d1 = soc[i - 1], soc[i], d[i - 1], d[i]
    return float(s0 + (fraction - d0) * (s1 - s0) / (d1 - d0)) if d1 > d0 else float(s1)


def fraction_at(result: PhaseFieldResult, soc: float) -> float:
    """Detached fraction at ``soc`` (linear interpolation over the steps)."""
    return float(np.interp(soc, np.r_[0.0, result.loads], np.r_[0.0, result.series("detached_fraction")]))
