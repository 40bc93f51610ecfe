"""Reference reflections: d-spacings, 2θ and powder intensities from a crystal structure.

For a lattice with metric tensor G (Gᵢⱼ = aᵢ·aⱼ) the spacing of plane (hkl) is
d = 1/√(hᵀ G⁻¹ h), and Bragg's law gives 2θ = 2 arcsin(λ / 2d).  The
structure factor

    F(hkl) = Σⱼ oⱼ fⱼ(s) exp(−Bⱼ s²) exp(2πi (h xⱼ + k yⱼ + l zⱼ)),   s = sin θ / λ

runs over every atom of the unit cell (sites expanded with the space-group
operators of :mod:`sselab.xrd.symmetry`), with the Waasmaier–Kirfel form
factors of ``sselab/data/xrd/scattering_factors.toml``.  The powder intensity
of a set of equivalent reflections of multiplicity m is

    I = m |F|² Lp(θ),   Lp = (1 + cos² 2θ_M cos² 2θ) / (sin² θ cos θ (1 + cos² 2θ_M))

(Lorentz–polarisation factor for Bragg–Brentano geometry; 2θ_M = 0 without a
monochromator), scaled to 100 for the strongest line.  Absorption, preferred
orientation and anomalous dispersion are ignored: the result is a reference
stick pattern for marking phases, not a Rietveld model.

Example
-------
>>> st = load_structure("LiCl")
>>> r = reflections(st, two_theta_max_deg=60.0)
>>> [(x.hkl, round(x.two_theta_deg, 2)) for x in r[:3]]
[((1, 1, 1), 30.15), ((2, 0, 0), 34.96), ((2, 2, 0), 50.27)]
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from sselab.errors import DataError, InputError, ParseError
from sselab.xrd.pattern import CU_KALPHA1_ANGSTROM
from sselab.xrd.symmetry import SymOp, close_group, is_absent, laue_orbit, orbit

#: Packaged structures: key → description.
STRUCTURE_FILE = "xrd/structures.toml"
SCATTERING_FILE = "xrd/scattering_factors.toml"
PHASE_ALIASES = {"hcp": "Li2ZrCl6_hcp", "ccp": "LiCl", "licl": "LiCl",
                 "li2zrcl6": "Li2ZrCl6_hcp"}


# --------------------------------------------------------------------------- lattice
@dataclass(frozen=True)
class Lattice:
    """Unit cell: lengths in Å, angles in degrees."""

    a: float
    b: float
    c: float
    alpha_deg: float = 90.0
    beta_deg: float = 90.0
    gamma_deg: float = 90.0

    def __post_init__(self) -> None:
        for name in ("a", "b", "c"):
            v = getattr(self, name)
            if not (math.isfinite(v) and v > 0):
                raise InputError(f"lattice {name} must be a positive length in Å, got {v!r}")
        if not np.isfinite(self.volume_angstrom3) or self.volume_angstrom3 <= 0:
            raise InputError("lattice angles do not describe a real cell")

    @property
    def metric(self) -> np.ndarray:
        """Metric tensor G (Å²)."""
        ca, cb, cg = (math.cos(math.radians(v)) for v in
                      (self.alpha_deg, self.beta_deg, self.gamma_deg))
        a, b, c = self.a, self.b, self.c
        return np.array([[a * a, a * b * cg, a * c * cb],
                         [a * b * cg, b * b, b * c * ca],
                         [a * c * cb, b * c * ca, c * c]])

    @property
    def volume_angstrom3(self) -> float:
        """Cell volume √det G (Å³)."""
        with np.errstate(invalid="ignore"):
            return float(np.sqrt(np.linalg.det(self.metric)))

    def d_spacing_angstrom(self, hkl: np.ndarray) -> np.ndarray:
        """d(hkl) = 1/√(hᵀ G⁻¹ h) for rows of ``hkl`` (Å)."""
        h = np.atleast_2d(np.asarray(hkl, float))
        inv = np.linalg.inv(self.metric)
        q2 = np.einsum("ij,jk,ik->i", h, inv, h)
        with np.errstate(divide="ignore"):
            return 1.0 / np.sqrt(q2)


# --------------------------------------------------------------------------- scattering
@cache
def _scattering_table() -> dict[str, dict[str, Any]]:
    from sselab.parameters import data_text

    return tomllib.loads(data_text(SCATTERING_FILE))["species"]


def form_factor(species: str, s_per_angstrom: np.ndarray) -> np.ndarray:
    """Waasmaier–Kirfel f0(s) (electrons) for ``species`` ("Li1+", "Cl1-", "Zr4+", …)."""
    table = _scattering_table()
    if species not in table:
        raise DataError(f"no scattering factor for {species!r}; known: {', '.join(sorted(table))}")
    e = table[species]
    s2 = np.asarray(s_per_angstrom, float) ** 2
    f = np.full_like(s2, float(e["c"]))
    for a, b in zip(e["a"], e["b"], strict=True):
        f = f + a * np.exp(-b * s2)
    return f


def species_electrons(species: str) -> int:
    """Number of electrons of a tabulated species (f0 at s = 0)."""
    table = _scattering_table()
    if species not in table:
        raise DataError(f"no scattering factor for {species!r}")
    return int(table[species]["electrons"])


# --------------------------------------------------------------------------- structure
@dataclass(frozen=True)
class Site:
    """An asymmetric-unit site."""

    label: str
    species: str
    xyz: tuple[float, float, float]
    occupancy: float = 1.0
    b_iso_angstrom2: float = 1.0
    wyckoff: str = ""


@dataclass(frozen=True)
class Structure:
    """A crystal structure with its symmetry and provenance."""

    key: str
    label: str
    phase: str
    formula_unit: str
    z: int
    space_group: str
    space_group_number: int
    lattice: Lattice
    sites: tuple[Site, ...]
    operators: tuple[SymOp, ...]
    source: str
    kind: str
    note: str = ""
    lattice_sources: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def atoms(self) -> tuple[np.ndarray, tuple[str, ...], np.ndarray, np.ndarray]:
        """All atoms of the cell: (xyz (n,3), species, occupancy, B_iso)."""
        xyz, sp, occ, biso = [], [], [], []
        for s in self.sites:
            pts = orbit(s.xyz, self.operators)
            xyz.append(pts)
            sp += [s.species] * len(pts)
            occ += [s.occupancy] * len(pts)
            biso += [s.b_iso_angstrom2] * len(pts)
        return np.vstack(xyz), tuple(sp), np.array(occ), np.array(biso)

    def cell_content(self) -> dict[str, float]:
        """Element → atoms per cell (occupancy-weighted)."""
        _, sp, occ, _ = self.atoms()
        out: dict[str, float] = {}
        for s, o in zip(sp, occ, strict=True):
            el = s.rstrip("+-0123456789")
            out[el] = out.get(el, 0.0) + float(o)
        return out


def _lattice_from(table: Mapping[str, Any], key: str) -> tuple[Lattice, dict[str, Any]]:
    vals: dict[str, float] = {}
    for name, entry in table.items():
        if not isinstance(entry, Mapping) or not {"value", "unit", "source", "kind"} <= set(entry):
            raise ParseError(f"structure {key!r}: lattice.{name} needs value, unit, source, kind")
        vals[name] = float(entry["value"])
    if "a" not in vals:
        raise ParseError(f"structure {key!r}: lattice.a is required")
    a = vals["a"]
    lat = Lattice(a, vals.get("b", a), vals.get("c", a), vals.get("alpha", 90.0),
                  vals.get("beta", 90.0), vals.get("gamma", 90.0))
    return lat, {k: dict(v) for k, v in table.items()}


def parse_structure(key: str, entry: Mapping[str, Any]) -> Structure:
    """Build a :class:`Structure` from one table of ``structures.toml`` (validated)."""
    try:
        lattice, lsrc = _lattice_from(entry["lattice"], key)
        ops = close_group(entry["generators"], entry.get("centering", []))
        sites = tuple(
            Site(str(s["label"]), str(s["species"]), tuple(float(v) for v in s["xyz"]),
                 float(s.get("occupancy", 1.0)), float(s.get("b_iso", 1.0)),
                 str(s.get("wyckoff", "")))
            for s in entry["sites"])
        st = Structure(key=key, label=str(entry.get("label", key)),
                       phase=str(entry.get("phase", "")),
                       formula_unit=str(entry["formula_unit"]), z=int(entry["z"]),
                       space_group=str(entry["space_group"]),
                       space_group_number=int(entry["space_group_number"]),
                       lattice=lattice, sites=sites, operators=ops,
                       source=str(entry["source"]), kind=str(entry["kind"]),
                       note=str(entry.get("note", "")), lattice_sources=lsrc)
    except KeyError as exc:
        raise ParseError(f"structure {key!r} lacks {exc.args[0]!r}") from None
    for s in st.sites:
        form_factor(s.species, np.zeros(1))  # unknown species → DataError now
    _check_formula(st)
    return st


def _check_formula(st: Structure) -> None:
    from sselab.chem.formula import parse_formula

    want: dict[str, float] = {}
    for comp in parse_formula(st.formula_unit):
        for el, n in comp.amounts:
            want[el] = want.get(el, 0.0) + comp.coefficient * n * st.z
    have = st.cell_content()
    if set(want) != set(have) or any(abs(have[el] - want[el]) > 1e-3 for el in want):
        raise ParseError(
            f"structure {st.key!r}: expanded cell holds {have}, expected {want} "
            f"(Z = {st.z} × {st.formula_unit}); check sites and symmetry")


@cache
def _structures_doc() -> dict[str, Any]:
    from sselab.parameters import data_text

    doc = tomllib.loads(data_text(STRUCTURE_FILE))
    doc.pop("meta", None)
    return doc


def structure_keys() -> list[str]:
    """Keys of the packaged structures."""
    return sorted(_structures_doc())


@cache
def load_structure(key: str) -> Structure:
    """A packaged structure by key ("LiCl", "Li2ZrCl6_hcp") or phase alias ("hcp", "ccp")."""
    k = PHASE_ALIASES.get(key.lower(), key)
    doc = _structures_doc()
    if k not in doc:
        raise DataError(f"unknown reference structure {key!r}; known: "
                        f"{', '.join(sorted(doc))} (aliases hcp, ccp)")
    return parse_structure(k, doc[k])


# --------------------------------------------------------------------------- reflections
@dataclass(frozen=True)
class Reflection:
    """One powder line (a set of symmetry-equivalent hkl)."""

    hkl: tuple[int, int, int]
    multiplicity: int
    d_spacing_angstrom: float
    two_theta_deg: float
    structure_factor_sq: float
    relative_intensity: float


def lorentz_polarization(two_theta_deg: np.ndarray, monochromator_two_theta_deg: float = 0.0
                         ) -> np.ndarray:
    """Bragg–Brentano Lorentz–polarisation factor (unpolarised beam, optional monochromator)."""
    tt = np.radians(np.asarray(two_theta_deg, float))
    th = tt / 2
    cm = math.cos(math.radians(monochromator_two_theta_deg)) ** 2
    return (1 + cm * np.cos(tt) ** 2) / (np.sin(th) ** 2 * np.cos(th) * (1 + cm))


def _canonical(orb: set[tuple[int, int, int]]) -> tuple[int, int, int]:
    return max(orb, key=lambda h: (sum(v >= 0 for v in h), h))


def reflections(structure: Structure, *, wavelength_angstrom: float = CU_KALPHA1_ANGSTROM,
                two_theta_min_deg: float = 5.0, two_theta_max_deg: float = 90.0,
                monochromator_two_theta_deg: float = 0.0, min_relative_intensity: float = 0.0
                ) -> list[Reflection]:
    """Allowed powder reflections of ``structure`` in a 2θ window, by increasing 2θ.

    Systematically absent reflections (:func:`sselab.xrd.symmetry.is_absent`)
    are dropped; so are reflections whose |F|² is below 10⁻⁸ of the largest
    (accidental absences of the model) and, optionally, those weaker than
    ``min_relative_intensity`` (percent of the strongest).
    """
    lam = float(wavelength_angstrom)
    if not (0.01 < lam < 10):
        raise InputError(f"wavelength must be 0.01–10 Å, got {wavelength_angstrom!r}")
    if not 0 < two_theta_min_deg < two_theta_max_deg < 180:
        raise InputError("need 0 < 2θ_min < 2θ_max < 180°")
    d_min = lam / (2 * math.sin(math.radians(two_theta_max_deg) / 2))
    lat = structure.lattice
    hmax = [int(math.floor(v / d_min)) for v in (lat.a, lat.b, lat.c)]
    rng = [np.arange(-m, m + 1) for m in hmax]
    hkl = np.array(np.meshgrid(*rng, indexing="ij")).reshape(3, -1).T
    hkl = hkl[np.any(hkl != 0, axis=1)]
    d = lat.d_spacing_angstrom(hkl)
    keep = (d >= d_min) & (lam / (2 * d) < math.sin(math.radians(two_theta_max_deg) / 2) + 1e-12)
    hkl, d = hkl[keep], d[keep]
    seen: set[tuple[int, int, int]] = set()
    reps: list[tuple[tuple[int, int, int], int, float]] = []
    ops = structure.operators
    for h, dd in zip(map(tuple, hkl), d, strict=True):
        h = tuple(int(v) for v in h)
        if h in seen:
            continue
        orb = laue_orbit(h, ops)
        seen |= orb
        rep = _canonical(orb)
        if is_absent(rep, ops):
            continue
        reps.append((rep, len(orb), float(dd)))
    if not reps:
        return []
    xyz, species, occ, biso = structure.atoms()
    H = np.array([r[0] for r in reps], dtype=float)
    dd = np.array([r[2] for r in reps])
    s = 1.0 / (2.0 * dd)
    phase = np.exp(2j * np.pi * (H @ xyz.T))  # (nref, natoms)
    fj = np.empty((len(reps), len(species)))
    for sp in set(species):
        cols = [i for i, x in enumerate(species) if x == sp]
        fj[:, cols] = form_factor(sp, s)[:, None]
    dw = np.exp(-np.outer(s * s, biso))
    F = np.sum(occ * fj * dw * phase, axis=1)
    F2 = np.abs(F) ** 2
    tt = 2 * np.degrees(np.arcsin(lam * s))
    mult = np.array([r[1] for r in reps])
    inten = mult * F2 * lorentz_polarization(tt, monochromator_two_theta_deg)
    ok = (F2 > 1e-8 * F2.max()) & (tt >= two_theta_min_deg)
    if not ok.any():
        return []
    inten = 100.0 * inten / inten[ok].max()
    out = [Reflection(reps[i][0], int(mult[i]), float(dd[i]), float(tt[i]), float(F2[i]),
                      float(inten[i]))
           for i in np.flatnonzero(ok) if inten[i] >= min_relative_intensity]
    out.sort(key=lambda r: r.two_theta_deg)
    return out


def reflection_positions(lattice: Lattice, hkl: Sequence[Sequence[int]], *,
                         wavelength_angstrom: float = CU_KALPHA1_ANGSTROM) -> np.ndarray:
    """2θ (degrees) of given hkl for a lattice (NaN where λ/2d > 1)."""
    d = lattice.d_spacing_angstrom(np.asarray(hkl))
    x = wavelength_angstrom / (2 * d)
    with np.errstate(invalid="ignore"):
        return np.where(x <= 1, 2 * np.degrees(np.arcsin(np.clip(x, -1, 1))), np.nan)
