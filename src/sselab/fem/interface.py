"""The paper's Fig. 2b problem: does the electrolyte keep contact as scNCM92 shrinks?

Model set-up (each choice and why; parameter values and sources live in
``sselab/data/fem/interface_hu2026.toml``; see also ``docs/phasefield.md``)
---------------------------------------------------------------------------

Layers (:mod:`sselab.fem.geometry`), bottom to top: an electrolyte layer, an
interface layer with a pre-existing notch at its left end, and the composite
positive-electrode layer (75 wt % scNCM92 + 25 wt % electrolyte) — the
paper's Methods: "an interface layer was introduced between the
solid-electrolyte layer and the composite positive electrode layer, and a
pre-existing notch was added".  Delithiation shrinks scNCM92 by the isotropic
eigenstrain ``strain_at_soc1 × SoC`` (Fig. 2b caption: 0 → −10 %).

* Interface layer: the electrolyte's stiffness and the (lower) interface
  fracture energy Gc,int, the one calibrated value.  It is *elastic*: its
  thickness is 2ℓ, i.e. it is the regularisation band of a sharp interface,
  not a physical material layer; giving it J2 plasticity would add a bulk
  dissipation ∝ band thickness (a numerical parameter) to the interface
  toughness.  The bulk on both sides keeps its plasticity.
* Composite, homogenised (default): particle volume fraction from mass
  fractions and densities; stiffness Mori–Tanaka (spherical particles,
  electrolyte matrix); eigenstrain Levin's exact two-phase result for that
  bulk modulus; J2 flow stress σ_y,c = σ_y,SE·√(1 + 3f/2), the variational
  (Ponte Castañeda 1991) estimate for rigid particles in a perfectly plastic
  matrix (``yield_factor`` overrides it).  Resolved (``composite="resolved"``):
  circular particles of radius R at the same area fraction (Delesse),
  elastic scNCM92 with the eigenstrain, in the plastic electrolyte matrix
  (:mod:`sselab.fem.particles`).
* Electrolyte (its layer and the composite matrix): elastic–perfectly plastic,
  σ_y = H/C (Tabor, C = ``tabor_factor``); ``plasticity=False`` gives the purely
  elastic comparison.
* Boundary conditions: bottom u_y = 0 (roller on the rest of the pellet); left
  edge free (the notch is a defect at an edge of the bonded region); right
  edge u_x = 0, a symmetry plane (``right_edge="symmetry"``, default): the
  modelled strip is half the distance between two interface defects of a
  laterally continuous layer, which in the cell is millimetres wide, so it
  cannot contract freely at the right end.  ``right_edge="free"`` gives a
  strip with a second, un-notched free end (u_x = 0 only at the bottom-right
  corner).  Top free.
* Detached fraction: length of the interface mid-line beyond the notch with
  φ > 0.95 over (length − notch).

Why detachment stalls before the right end (measured, see docs/phasefield.md)
---------------------------------------------------------------------------
Once the crack has left the notch it grows stably: the energy release rate
falls as the bonded ligament between crack tip and symmetry plane shortens
below the shear-lag length of the bonded stack (composite over a compliant
interface layer, ≈ the layer thickness), and beyond SoC ≈ 0.3–0.4 the composite
is fully yielded, so further shrinkage adds little elastic energy.  The crack
therefore stops a ligament a* ≈ 13–14 µm from the symmetry plane; a* does not
depend on the strip length (measured at SoC 1: 40 µm strip 0.645 detached,
80 µm 0.832, 160 µm 0.912), so the detached fraction at SoC 1 is
≈ 1 − a*/(L − notch); more than 0.95 would need a strip ≳ 280 µm long (≈ 19
layer thicknesses) — see docs/phasefield.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from sselab.errors import InputError
from sselab.fem.geometry import REGIONS, RESOLVED_REGIONS, InterfaceGeometry, interface_mesh
from sselab.fem.loading import SOC
from sselab.fem.materials import (
    RegionMaterial,
    levin_eigenstrain,
    mori_tanaka,
    rigid_particle_flow_factor,
    tabor_yield_stress_Pa,
    volume_fraction,
)
from sselab.fem.mesh import TriMesh
from sselab.fem.particles import ParticleLayout, place_particles
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
    yield_factor: float | None = None
    tabor_factor: float = 3.0
    interface_Gc_J_per_m2: float = 4.0
    bulk_Gc_J_per_m2: float = 40.0
    length_scale_m: float = 0.5e-6
    residual_stiffness: float = 1e-6
    geometry: InterfaceGeometry = field(default_factory=InterfaceGeometry)
    plasticity: bool = True
    interface_plastic: bool = False
    right_edge: str = "symmetry"
    split: str = "voldev"
    model: str = "AT2"
    composite: str = "homogenised"
    particle_radius_m: float = 2.0e-6
    particle_seed: int = 0

    def __post_init__(self) -> None:
        if self.composite not in ("homogenised", "resolved"):
            raise InputError(f"composite must be 'homogenised' or 'resolved', got {self.composite!r}")
        if self.right_edge not in ("symmetry", "free"):
            raise InputError(f"right_edge must be 'symmetry' or 'free', got {self.right_edge!r}")
        if not self.particle_radius_m > 0:
            raise InputError("particle radius must be > 0")

    @property
    def composite_yield_factor(self) -> float:
        """σ_y,composite / σ_y,SE: ``yield_factor`` if set, else √(1 + 3f/2) (Ponte Castañeda 1991)."""
        if self.yield_factor is not None:
            return float(self.yield_factor)
        return rigid_particle_flow_factor(self.cathode_volume_fraction)

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
        yield_factor=float(p.value("composite.yield_factor")) if "composite.yield_factor" in p else None,
        particle_radius_m=float(p.value("composite.particle_radius")) * um
        if "composite.particle_radius" in p else 2.0e-6,
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
    """Materials of the mesh regions.

    Homogenised: :data:`~sselab.fem.geometry.REGIONS` (electrolyte, interface, composite);
    resolved: :data:`~sselab.fem.geometry.RESOLVED_REGIONS` (electrolyte, interface, matrix,
    particle) — matrix = electrolyte, particle = elastic scNCM92 with the full eigenstrain.
    """
    se = spec.electrolyte
    sy = spec.electrolyte_yield_Pa if spec.plasticity else math.inf
    layers = (
        RegionMaterial("electrolyte", se.E_Pa, se.nu, spec.bulk_Gc_J_per_m2, sy),
        RegionMaterial("interface", se.E_Pa, se.nu, spec.interface_Gc_J_per_m2,
                       sy if spec.interface_plastic else math.inf),
    )
    if spec.composite == "resolved":
        return layers + (
            RegionMaterial("matrix", se.E_Pa, se.nu, spec.bulk_Gc_J_per_m2, sy),
            RegionMaterial("particle", spec.cathode_E_Pa, spec.cathode_nu, spec.bulk_Gc_J_per_m2,
                           math.inf, spec.strain_at_soc1),
        )
    f = spec.cathode_volume_fraction
    Ec, nuc = mori_tanaka(se.E_Pa, se.nu, spec.cathode_E_Pa, spec.cathode_nu, f)
    K = lambda E, nu: E / (3 * (1 - 2 * nu))  # noqa: E731
    eps_c = levin_eigenstrain(K(se.E_Pa, se.nu), K(spec.cathode_E_Pa, spec.cathode_nu), K(Ec, nuc),
                              0.0, spec.strain_at_soc1)
    return layers + (
        RegionMaterial("composite", Ec, nuc, spec.bulk_Gc_J_per_m2, sy * spec.composite_yield_factor, eps_c),
    )


def particle_layout(spec: InterfaceSpec) -> ParticleLayout:
    """Seeded random particle layout of a resolved composite (area fraction = volume fraction)."""
    return place_particles(spec.geometry.composite_box_m, spec.particle_radius_m,
                           spec.cathode_volume_fraction, seed=spec.particle_seed)


def build_mesh(spec: InterfaceSpec) -> TriMesh:
    """The mesh of ``spec``: homogenised layers, or resolved particles when ``composite="resolved"``."""
    if spec.composite == "resolved":
        return interface_mesh(spec.geometry, particle_layout(spec))
    return interface_mesh(spec.geometry)


def interface_problem(spec: InterfaceSpec, mesh: TriMesh | None = None) -> PhaseFieldProblem:
    """The phase-field problem of ``spec`` (mesh from its geometry unless given)."""
    mesh = mesh or build_mesh(spec)
    want = RESOLVED_REGIONS if spec.composite == "resolved" else REGIONS
    if tuple(mesh.region_names) != want:
        raise InputError(f"the {spec.composite} interface mesh must have regions {want}")
    bottom, right = mesh.nodes("bottom"), mesh.nodes("right")
    if spec.right_edge == "symmetry":
        dofs = np.unique(np.concatenate([2 * bottom + 1, 2 * right]))
    else:
        corner = np.intersect1d(bottom, right)
        dofs = np.unique(np.concatenate([2 * bottom + 1, 2 * corner]))
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
    """Staggered tolerance 1e-3 on max|Δφ|, at most 400 iterations a step, Anderson, adaptive steps.

    A step whose damage grows by more than 0.6 is halved at most twice (``min_increment``
    0.25 of the nominal increment, 0.005 in SoC with the default 50 steps): that locates the
    load of the unstable jump from the notch to ±0.005 without spending tens of staggered
    iterations on each of many bisections of a jump that no step size can resolve.
    """
    return SolverOptions(tol=1e-3, max_staggered=400, adaptive=True, max_dphi=0.6, min_increment=0.25)


def run_interface(spec: InterfaceSpec, n_steps: int = 50, save_at=(0.2, 0.4, 0.6, 0.8, 1.0),  # type: ignore[no-untyped-def]
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
