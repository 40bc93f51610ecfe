"""Per-cycle summary of a cycling table.

For every cycle (see :mod:`sselab.cycling.policy` for what a cycle is), from the per-step
statistics of :mod:`sselab.cycling.step_stats`:

* charge and discharge capacity Q = Σ over the cycle's steps in that direction (CC + CV,
  multi-rate segments), in Ah; per gram of active material (Ah kg⁻¹ ≡ mAh g⁻¹) and per
  electrode area (Ah m⁻²; × 0.1 → mAh cm⁻²);
* Coulombic efficiency CE = Q_closing / Q_opening (discharge/charge for charge-first
  cells, charge/discharge for discharge-first anode half-cells), complete cycles only;
* energy E (Wh) and mean voltage V̄ = E/Q; voltage hysteresis ΔV̄ = V̄_charge − V̄_discharge;
* CV share = Q_CV / Q of each direction;
* end-of-half-cycle IR drop ΔV and R = ΔV/ΔI at the current interruption;
* current level (largest |I| of the half-cycle's steps), nominal and effective C-rate;
* the coulomb-counting cross-check ∫I dt vs the vendor counter, and warnings for
  quantised exports (current or capacity written with a resolution that is a sizeable
  fraction of the values).

Everything is vectorised over steps; the only per-row work is in
:func:`~sselab.cycling.step_stats.step_stats`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sselab.cycling.policy import CE_CONVENTIONS, CycleEdges, apply_cycle_policy, detect_edges
from sselab.cycling.step_stats import StepStats, step_stats
from sselab.cycling.table import CyclingTable
from sselab.errors import InputError

#: Median |∫I dt − Q_vendor| / Q_vendor above which a warning is issued.
COULOMB_TOLERANCE = 0.02
#: A value written with a resolution above this fraction of its typical size is "quantised".
QUANTISATION_FRACTION = 0.01

_DIRECTIONS = ("charge", "discharge")


@dataclass(frozen=True)
class CycleSummary:
    """Per-cycle values (arrays of equal length, one entry per cycle, SI units).

    Attributes
    ----------
    cycle : ndarray of int
        Cycle numbers (0 only when it holds a leading partial half-cycle).
    charge_capacity_Ah, discharge_capacity_Ah : ndarray
        Σ of step capacities, ≥ 0.
    charge_coulomb_Ah, discharge_coulomb_Ah : ndarray
        ∫|I| dt over the same steps (cross-check).
    charge_energy_Wh, discharge_energy_Wh : ndarray
    charge_mean_voltage_V, discharge_mean_voltage_V, voltage_hysteresis_V : ndarray
    charge_cv_capacity_Ah, discharge_cv_capacity_Ah : ndarray
    charge_current_A, discharge_current_A : ndarray
        Largest |I| of the half-cycle's steps (its CC level), A.
    charge_duration_s, discharge_duration_s : ndarray
    charge_end_voltage_V, discharge_end_voltage_V : ndarray
    charge_ir_drop_V, discharge_ir_drop_V : ndarray
        V before − V after the current interruption at the end of the half-cycle (NaN if
        no idle step follows).
    charge_resistance_ohm, discharge_resistance_ohm : ndarray
        ΔV/ΔI of that interruption, Ω.
    coulombic_efficiency : ndarray
        Fraction (NaN for incomplete cycles), convention ``ce_convention``.
    complete : ndarray of bool
        Both half-cycles present and not flagged partial/incomplete.
    start_time_s : ndarray
        Test time at the cycle's first current-carrying step, s.
    first_direction : str
        ``"charge"`` or ``"discharge"``: the half-cycle that opens a cycle.
    ce_convention : str
        ``"discharge/charge"`` or ``"charge/discharge"``.
    policy : str
        Cycle policy the table was analysed with.
    edges : CycleEdges
        Leading partial / trailing incomplete flags.
    active_mass_kg, area_m2, reference_offset_V, nominal_capacity_Ah : float or None
        Cell facts used for the normalised values.
    effective_reference_Ah : float or None
        Measured capacity used for the effective C-rate.
    warnings : tuple of str
        Quantised export, coulomb-count disagreement, missing facts …
    energy_source, capacity_source : str
        ``"vendor"`` or ``"integrated"``.
    """

    cycle: np.ndarray
    charge_capacity_Ah: np.ndarray
    discharge_capacity_Ah: np.ndarray
    charge_coulomb_Ah: np.ndarray
    discharge_coulomb_Ah: np.ndarray
    charge_energy_Wh: np.ndarray
    discharge_energy_Wh: np.ndarray
    charge_cv_capacity_Ah: np.ndarray
    discharge_cv_capacity_Ah: np.ndarray
    charge_current_A: np.ndarray
    discharge_current_A: np.ndarray
    charge_duration_s: np.ndarray
    discharge_duration_s: np.ndarray
    charge_end_voltage_V: np.ndarray
    discharge_end_voltage_V: np.ndarray
    charge_ir_drop_V: np.ndarray
    discharge_ir_drop_V: np.ndarray
    charge_resistance_ohm: np.ndarray
    discharge_resistance_ohm: np.ndarray
    coulombic_efficiency: np.ndarray
    complete: np.ndarray
    start_time_s: np.ndarray
    first_direction: str
    ce_convention: str
    policy: str
    edges: CycleEdges = field(default_factory=CycleEdges)
    active_mass_kg: float | None = None
    area_m2: float | None = None
    reference_offset_V: float | None = None
    nominal_capacity_Ah: float | None = None
    effective_reference_Ah: float | None = None
    warnings: tuple[str, ...] = ()
    energy_source: str = "vendor"
    capacity_source: str = "vendor"
    pre_cycle: bool = True

    # ------------------------------------------------------------------ derived arrays
    def __len__(self) -> int:
        return int(self.cycle.size)

    @property
    def n_cycles(self) -> int:
        """Number of cycles (cycle 0 of the derived numbering, the pre-cycle, not counted)."""
        return int(np.sum(self.is_cycle))

    @property
    def is_cycle(self) -> np.ndarray:
        """False for the pre-cycle entry (cycle 0 of the derived numbering), else True."""
        return self.cycle >= 1 if self.pre_cycle else np.ones(self.cycle.size, dtype=bool)

    @property
    def closing_direction(self) -> str:
        return "discharge" if self.first_direction == "charge" else "charge"

    @property
    def reversible_capacity_Ah(self) -> np.ndarray:
        """Capacity of the closing half-cycle (discharge of a cathode, delithiation of an
        anode half-cell), the quantity of retention and rate capability."""
        return getattr(self, f"{self.closing_direction}_capacity_Ah")

    @property
    def reversible_current_A(self) -> np.ndarray:
        """Current level of the closing half-cycle, A."""
        return getattr(self, f"{self.closing_direction}_current_A")

    @property
    def charge_mean_voltage_V(self) -> np.ndarray:
        return _ratio(self.charge_energy_Wh, self.charge_capacity_Ah)

    @property
    def discharge_mean_voltage_V(self) -> np.ndarray:
        return _ratio(self.discharge_energy_Wh, self.discharge_capacity_Ah)

    @property
    def voltage_hysteresis_V(self) -> np.ndarray:
        """V̄_charge − V̄_discharge, V."""
        return self.charge_mean_voltage_V - self.discharge_mean_voltage_V

    @property
    def charge_cv_share(self) -> np.ndarray:
        return _ratio(self.charge_cv_capacity_Ah, self.charge_capacity_Ah)

    @property
    def discharge_cv_share(self) -> np.ndarray:
        return _ratio(self.discharge_cv_capacity_Ah, self.discharge_capacity_Ah)

    @property
    def energy_efficiency(self) -> np.ndarray:
        """E_closing / E_opening for complete cycles."""
        o = getattr(self, f"{self.first_direction}_energy_Wh")
        c = getattr(self, f"{self.closing_direction}_energy_Wh")
        return np.where(self.complete, _ratio(c, o), np.nan)

    def specific(self, values: np.ndarray) -> np.ndarray:
        """values / active mass (Ah → Ah kg⁻¹ = mAh g⁻¹); needs ``active_mass_kg``."""
        if self.active_mass_kg is None:
            raise InputError("no active mass: give the active-material mass (--mass-mg) for "
                             "specific capacities")
        return np.asarray(values) / self.active_mass_kg

    def areal(self, values: np.ndarray) -> np.ndarray:
        """values / electrode area (Ah → Ah m⁻²; × 0.1 = mAh cm⁻²); needs ``area_m2``."""
        if self.area_m2 is None:
            raise InputError("no electrode area: give the area (--area-cm2) for areal "
                             "capacities")
        return np.asarray(values) / self.area_m2

    def nominal_c_rate(self, current_A: np.ndarray) -> np.ndarray | None:
        """|I| / nominal capacity (h⁻¹), or None when no nominal capacity is known."""
        if self.nominal_capacity_Ah is None:
            return None
        return np.abs(current_A) / self.nominal_capacity_Ah

    def effective_c_rate(self, current_A: np.ndarray) -> np.ndarray | None:
        """|I| / measured reference capacity (h⁻¹)."""
        if self.effective_reference_Ah is None:
            return None
        return np.abs(current_A) / self.effective_reference_Ah

    def index_of(self, cycle: int) -> int:
        """Position of cycle number ``cycle`` in the arrays."""
        k = np.flatnonzero(self.cycle == int(cycle))
        if k.size == 0:
            raise InputError(f"no cycle {cycle}; cycles run {int(self.cycle.min())}–"
                             f"{int(self.cycle.max())}" if self.cycle.size else "no cycles")
        return int(k[0])

    def records(self) -> list[dict[str, Any]]:
        """One dict per cycle in display units (mAh, mAh g⁻¹, mAh cm⁻², %, V, Ω, h).

        Keys without a fact to normalise by (mass, area, nominal capacity) are omitted.
        """
        from sselab.cycling.records import summary_records

        return summary_records(self)


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    out = np.full(np.broadcast(a, b).shape, np.nan)
    np.divide(a, b, out=out, where=b > 0)
    return out


def _decimal_resolution(values: np.ndarray) -> float:
    """Largest power of ten that every value is an integer multiple of (0 if none ≥ 1e-12)."""
    v = np.abs(np.asarray(values, dtype=float))
    v = v[v > 0]
    if v.size == 0:
        return 0.0
    if v.size > 20000:
        v = v[:: v.size // 20000 + 1]
    for k in range(0, -13, -1):
        q = 10.0 ** k
        r = v / q
        if np.all(np.abs(r - np.round(r)) <= 1e-6 * np.maximum(r, 1.0)):
            return q
    return 0.0


def _quantisation_warnings(table: CyclingTable, st: StepStats, coulomb_off: bool) -> list[str]:
    """Warnings for exports whose capacity (or, when ∫I dt disagrees, current) is coarse.

    The capacity is judged on current-carrying rows (inside a CC step it grows smoothly,
    so only a coarse export makes every value a round number); the current only when the
    coulomb count disagrees with the capacity (a programmed current may be round).
    """
    out: list[str] = []
    act = st.direction != 0
    if not np.any(act):
        return out
    i = table["current_A"]
    q = table["capacity_Ah"]
    step = max(1, i.size // 200000)
    rows = np.abs(i[::step]) > 0
    typical_q = float(np.median(np.abs(st.capacity_Ah[act])))
    rq = _decimal_resolution(q[::step][rows])
    if typical_q > 0 and rq >= QUANTISATION_FRACTION * typical_q:
        out.append(f"quantised export: capacities are written with a {rq * 1e3:g} mAh "
                   f"resolution, {100 * rq / typical_q:.3g} % of a typical step "
                   f"({typical_q * 1e3:.4g} mAh)")
    typical_i = float(np.median(st.current_max_A[act]))
    ri = _decimal_resolution(i[::step][rows])
    if coulomb_off and typical_i > 0 and ri >= QUANTISATION_FRACTION * typical_i:
        out.append(f"quantised export: the current is written with a {ri * 1e3:g} mA "
                   f"resolution, {100 * ri / typical_i:.3g} % of the typical "
                   f"{typical_i * 1e3:.4g} mA; its coulomb count is unreliable, the vendor "
                   "capacity is used")
    return out


#: A record whose test time starts later than this (s) is a fragment of a longer test.
FRAGMENT_START_S = 60.0


def _starts_inside_half_cycle(table: CyclingTable, st: StepStats) -> bool:
    """The first step carries current and the record starts late or with a CV hold."""
    from sselab.cycling.steps import STEP_CODE

    if st.n_steps == 0 or st.direction[0] == 0:
        return False
    late = float(table["time_s"][0]) > FRAGMENT_START_S
    return late or int(st.step_type[0]) == STEP_CODE["CV"]


def _group_last(n_groups: int, group: np.ndarray, idx: np.ndarray) -> np.ndarray:
    last = np.full(n_groups, -1, dtype=np.int64)
    np.maximum.at(last, group, idx)
    return last


def summarise(table: CyclingTable, *, first: str | None = None,
              ce_convention: str = "auto", active_mass_kg: float | None = None,
              area_m2: float | None = None, nominal_capacity_Ah: float | None = None,
              nominal_specific_capacity_Ah_per_kg: float | None = None,
              reference_offset_V: float | None = None,
              effective_reference_Ah: float | None = None,
              coulomb_tolerance: float = COULOMB_TOLERANCE) -> CycleSummary:
    """Per-cycle summary of ``table``.

    Parameters
    ----------
    table : CyclingTable
    first : {"auto", "charge", "discharge", "vendor"}, optional
        Cycle policy (default: the one the table was read with).
    ce_convention : {"auto", "discharge/charge", "charge/discharge"}
        ``"auto"``: closing/opening of the policy's first direction.
    active_mass_kg, area_m2, nominal_capacity_Ah, reference_offset_V : float, optional
        Override the table's metadata.
    nominal_specific_capacity_Ah_per_kg : float, optional
        1 C per unit active mass (mAh g⁻¹); with the mass it gives the nominal capacity.
    effective_reference_Ah : float, optional
        Measured capacity for the effective C-rate (default: the reversible capacity of
        the first complete cycle at the lowest current level).
    coulomb_tolerance : float
        Median relative disagreement of ∫I dt and the vendor capacity that triggers a
        warning.
    """
    if first is not None:
        table = apply_cycle_policy(table, first)
    meta = table.metadata
    mass = active_mass_kg if active_mass_kg is not None else meta.active_mass_kg
    area = area_m2 if area_m2 is not None else meta.area_m2
    offset = reference_offset_V if reference_offset_V is not None else meta.reference_offset_V
    qnom = nominal_capacity_Ah if nominal_capacity_Ah is not None else meta.nominal_capacity_Ah
    for name, val in (("active_mass_kg", mass), ("area_m2", area), ("nominal_capacity_Ah", qnom)):
        if val is not None and not (float(val) > 0 and np.isfinite(float(val))):
            raise InputError(f"{name} must be a positive, finite number; got {val!r}")
    if nominal_specific_capacity_Ah_per_kg is not None:
        if mass is None:
            raise InputError("a nominal specific capacity needs the active mass (--mass-mg)")
        qnom = float(nominal_specific_capacity_Ah_per_kg) * float(mass)
    st = step_stats(table)
    warnings: list[str] = []

    # opening direction and CE convention
    if meta.first_direction in ("charge", "discharge") and meta.cycle_policy != "vendor":
        opening = 1 if meta.first_direction == "charge" else -1
    else:
        from sselab.cycling.policy import opening_direction

        opening = opening_direction(st.cycle, st.direction) or 1
    first_name = "charge" if opening > 0 else "discharge"
    if ce_convention == "auto":
        conv = CE_CONVENTIONS[first_name]
    elif ce_convention in CE_CONVENTIONS.values():
        conv = ce_convention
    else:
        raise InputError("ce_convention must be 'auto', 'discharge/charge' or "
                         f"'charge/discharge'; got {ce_convention!r}")

    act = st.direction != 0
    cycles = np.unique(st.cycle[act]) if np.any(act) else np.zeros(0, dtype=np.int32)
    ng = cycles.size
    pos = np.searchsorted(cycles, st.cycle)
    pos = np.clip(pos, 0, max(ng - 1, 0))
    agg: dict[str, np.ndarray] = {}
    first_row = np.full(ng, np.iinfo(np.int64).max)
    for d, name in ((1, "charge"), (-1, "discharge")):
        m = st.direction == d
        g = pos[m]
        idx = np.flatnonzero(m)

        def s(w: np.ndarray, g: np.ndarray = g) -> np.ndarray:
            return np.bincount(g, weights=w, minlength=ng) if ng else np.zeros(0)

        agg[f"{name}_capacity_Ah"] = np.abs(s(st.capacity_Ah[m]))
        agg[f"{name}_coulomb_Ah"] = np.abs(s(st.coulomb_Ah[m]))
        agg[f"{name}_energy_Wh"] = np.abs(s(st.energy_Wh[m]))
        agg[f"{name}_cv_capacity_Ah"] = np.abs(s(st.cv_capacity_Ah[m]))
        agg[f"{name}_duration_s"] = s(st.duration_s[m])
        cur = np.zeros(ng)
        if ng:
            np.maximum.at(cur, g, st.current_max_A[m])
        agg[f"{name}_current_A"] = cur
        last = _group_last(ng, g, idx) if ng else np.zeros(0, dtype=np.int64)
        have = last >= 0
        lk = np.where(have, last, 0)
        agg[f"{name}_end_voltage_V"] = np.where(have, st.voltage_end_V[lk], np.nan) \
            if ng else np.zeros(0)
        dv = np.where(have, st.ir_drop_V[lk], np.nan) if ng else np.zeros(0)
        di = np.where(have, st.ir_current_step_A[lk], np.nan) if ng else np.zeros(0)
        agg[f"{name}_ir_drop_V"] = np.abs(dv)
        with np.errstate(divide="ignore", invalid="ignore"):
            agg[f"{name}_resistance_ohm"] = np.where(np.abs(di) > 0, dv / di, np.nan)
        if ng:
            np.minimum.at(first_row, g, st.start[m])
    start_time = table["time_s"][np.minimum(first_row, max(len(table) - 1, 0))] if ng \
        else np.zeros(0)

    pre = table.metadata.cycle_policy != "vendor"
    o, c = first_name, ("discharge" if first_name == "charge" else "charge")
    edges = detect_edges(cycles, agg[f"{o}_capacity_Ah"], agg[f"{c}_capacity_Ah"],
                         agg[f"{o}_current_A"], agg[f"{c}_current_A"], o, c,
                         fragment_start=_starts_inside_half_cycle(table, st),
                         ends_with_opening=bool(np.any(act)
                                                and st.direction[np.flatnonzero(act)[-1]]
                                                == opening), pre_cycle=pre)
    complete = ((cycles >= 1) | (not pre)) & (agg["charge_capacity_Ah"] > 0) \
        & (agg["discharge_capacity_Ah"] > 0)
    bad = set(edges.leading_partial_cycles)
    if edges.trailing_incomplete_cycle is not None:
        bad.add(edges.trailing_incomplete_cycle)
    if bad:
        complete &= ~np.isin(cycles, sorted(bad))
    num, den = (("discharge", "charge") if conv == "discharge/charge" else ("charge", "discharge"))
    ce = np.where(complete, _ratio(agg[f"{num}_capacity_Ah"], agg[f"{den}_capacity_Ah"]), np.nan)

    # cross-checks and quantisation
    coulomb_off = False
    if meta.capacity_source == "integrated":
        warnings.append("the file has no capacity counter: capacities are sselab's coulomb "
                        "count (∫I dt), no independent cross-check")
    elif np.any(complete):
        qv = np.concatenate([agg["charge_capacity_Ah"][complete],
                             agg["discharge_capacity_Ah"][complete]])
        qi = np.concatenate([agg["charge_coulomb_Ah"][complete],
                             agg["discharge_coulomb_Ah"][complete]])
        dev = float(np.median(np.abs(qi - qv) / qv))
        if dev > coulomb_tolerance:
            coulomb_off = True
            warnings.append(f"coulomb counting (∫I dt) disagrees with the vendor capacity by "
                            f"{100 * dev:.3g} % (median over complete half-cycles): check the "
                            "current unit/resolution; the vendor capacity is used")
    notes_q = [n for n in table.notes if "quantis" in n.lower()]
    warnings[:0] = notes_q
    if not notes_q and meta.capacity_source != "integrated":
        warnings.extend(_quantisation_warnings(table, st, coulomb_off))
    if ng and not np.any(complete):
        warnings.append("no complete cycle in this record")

    # effective reference: reversible capacity of the first complete cycle at the lowest current
    rev = agg[f"{c}_capacity_Ah"]
    qeff = effective_reference_Ah
    if qeff is None and np.any(complete):
        ic = agg[f"{c}_current_A"]
        lowest = float(np.min(ic[complete]))
        cand = np.flatnonzero(complete & (ic <= lowest * 1.1))
        if cand.size and rev[cand[0]] > 0:
            qeff = float(rev[cand[0]])
    return CycleSummary(
        cycle=cycles.astype(np.int64),
        **{k: v for k, v in agg.items()},
        coulombic_efficiency=ce,
        complete=complete,
        start_time_s=start_time,
        first_direction=first_name,
        ce_convention=conv,
        policy=table.metadata.cycle_policy,
        edges=edges,
        active_mass_kg=None if mass is None else float(mass),
        area_m2=None if area is None else float(area),
        reference_offset_V=None if offset is None else float(offset),
        nominal_capacity_Ah=None if qnom is None else float(qnom),
        effective_reference_Ah=qeff,
        warnings=tuple(warnings),
        energy_source=st.energy_source,
        capacity_source=meta.capacity_source,
        pre_cycle=pre,
    )
