"""Optimal selection of compensation land: a mixed-integer program solved by SciPy's ``milp`` (HiGHS).

The screening (:mod:`.screening`) walks down the ranks until the demand is covered
(:func:`.ranking.walk`). :func:`solve` instead picks the parts that cover the demand at the
least cost under the caps a planning committee sets. No QGIS here: numpy and scipy only
(``scipy.optimize.milp``/``linprog`` with HiGHS, options of SciPy ≥ 1.9 only).

Rules
-----
Units
    Parts with the same ``together`` value (e.g. ``src_fid``) form one *unit*, chosen whole or not
    at all; without ``together`` every part is a unit. Units are numbered in ascending order of
    their ``together`` value (parts: input order), so the model is built in a fixed order. A
    unit is locked in when one of its parts has ``lock`` 1, out when one has -1; both at once
    is a :class:`~.errors.KernelError`.

Model (u = units, k = neighbour pairs of different units)
    * variables: ``x_u ∈ {0, 1}`` (unit selected); ``y_k ∈ [0, 1]`` (pair k selected together).
    * minimise ``Σ_u cost_u x_u - Σ_k bonus_k y_k`` (``cost_u``: sum over its parts; a pair inside
      one unit lowers that unit's cost by its bonus).
    * cover: ``Σ_u points_u x_u >= demand`` (parts with negative points count negatively).
    * per group g (municipality) with a finite cap: ``Σ area_{g,u} x_u <= group_max_area_g``;
      with a minimum > 0: ``Σ points_{g,u} x_u >= group_min_points_g``; with a finite maximum:
      ``Σ points_{g,u} x_u <= group_max_points_g`` (``_{g,u}``: the unit's parts in group g; a
      part of group -1 counts in no group).
    * prime soil (finite ``prime_max_area``): ``Σ area_u·prime_u x_u <= prime_max_area``.
    * PIK (``pik_min_share`` > 0): ``Σ area_u·(pik_u - pik_min_share) x_u >= 0``, i.e. the PIK area
      is at least that share of the selected area.
    * nitrate and carbon (``nitrate_min``, ``carbon_min`` > 0; issue 24): ``Σ nitrate_u x_u >=
      nitrate_min`` (kg N/a of leaching avoided), ``Σ carbon_u x_u >= carbon_min`` (t CO2/a stored);
      a part without an estimate (NaN) counts 0.
    * locks: ``x_u = 1`` (in) or ``x_u = 0`` (out).
    * pairs (bonus >= 0): ``y_k <= x_a``, ``y_k <= x_b`` - with a bonus to gain, ``y_k`` is 1
      exactly when both are selected.

Solution (how 300,000 binaries are solved in seconds)
    HiGHS on the whole model is slow at this size (300,000 parts, 400 caps: no incumbent after
    7 min, time limit not honoured during its presolve; measured on SciPy 1.10). The model has
    few rows, so its LP relaxation has at most as many fractional units as rows. :func:`solve`
    therefore (1) solves the LP relaxation (``linprog``, HiGHS interior point with crossover)
    and takes its duals ``λ``; for any ``λ`` of the right sign, weak duality gives for every
    integer solution ``c·x >= L0 + Σ_u |d_u|·[x_u differs from the LP's side]`` with reduced
    costs ``d = c - Aᵀλ`` and ``L0 = λ·b + Σ min(d·lb, d·ub)``; (2) fixes every free unit
    outside the *core* (the ``CORE_START`` units of smallest ``|d_u|``) at the side its reduced
    cost points to (d > 0: out, d < 0: in) and solves the core with ``milp``; (3) proves the
    result: no solution outside the core is below ``L0 + min |d|`` of the fixed units, so the
    global bound is ``min(core bound, L0 + min |d| fixed)``. While that bound leaves a gap
    above ``mip_gap``, the core grows (at least 4×, and to every unit whose ``|d_u|`` could
    still beat the incumbent) and is solved again, until the gap is reached, the core is the
    whole model, or the time limit ends. The gap reported is always the proven one.

Status (:data:`STATUS_IDS`)
    ``optimal`` - gap <= 1e-9; ``gap reached`` - gap <= ``mip_gap``; ``time limit`` - the time
    ran out with a feasible selection whose proven gap is above ``mip_gap``. No selection at all
    within the time limit, or constraints no selection can meet: :class:`~.errors.KernelError`.

Infeasible constraints (checked in this order; the message names the constraint)
    1. Before solving, each row's reachable range over the unit bounds (locks) is compared with
       its limits: the demand above all points not locked out (the caller should have handled
       "all candidates fall short", as the screening does: the kernel raises, it never selects
       everything), locked-in parts above an area, points or prime-soil cap, a municipality's
       minimum above all its points, a PIK share no selection can reach.
    2. When the LP relaxation is infeasible: each family of rows (municipality area caps, point
       minimums, point maximums, prime soil, PIK share) alone with the cover row; the first
       family whose LP is infeasible is named with the points reachable under it (an LP maximum,
       so an upper bound: the message's "at most" is exact or generous). None alone: the
       constraints together are named, with the points reachable under all of them.
    3. LP feasible but no integer selection (whole units): named as such.

Cancellation
    HiGHS does not release Python's lock (measured: a thread running ``milp`` stopped the main
    thread for the whole 429 s solve), so a thread cannot be watched. On Linux each LP/MIP runs
    in one forked worker (:mod:`.workers`) and the parent polls ``is_cancelled`` every 0.1 s and
    kills the worker on a cancel (returns within ~0.1 s). Elsewhere, or with
    ``WERTVOLL_WORKERS=1``, the solves run in this process and a cancel is seen between them.

Determinism
    The same input gives the same selection: fixed construction order, stable sorts, HiGHS
    deterministic. Exception: a solve stopped by the time limit depends on the machine's speed.

Assumptions (Annahme)
    ``CORE_START`` and ``CORE_GROWTH`` are tuning values of the plugin (measured on the bench),
    ``TOLERANCE`` the feasibility tolerance of the checks.
"""
import os
import time
from dataclasses import dataclass, replace
from typing import Optional

import numpy as np
from scipy import sparse

from . import workers
from .errors import N_, KernelError
from .progress import Run

STATUS_IDS = ("optimal", "gap reached", "time limit")
CORE_START = 4000      # free units in the first core MIP (Annahme: tuned on the bench)
CORE_GROWTH = 4        # the core grows at least by this factor per round (Annahme)
TOLERANCE = 1e-6       # relative feasibility tolerance of the checks (Annahme)
POLL_S = 0.1           # seconds between checks for a cancel while a worker solves

# row kinds of the model
COVER, AREA_CAP, MIN_POINTS, MAX_POINTS, PRIME, PIK, NITRATE, CARBON, PAIR = range(9)
FAMILIES = (AREA_CAP, MIN_POINTS, MAX_POINTS, PRIME, PIK, NITRATE, CARBON)
FAMILY_MESSAGES = {
    AREA_CAP: N_("The demand of {demand:,.0f} eco-points cannot be covered under the municipality area caps: "
                 "at most {reachable:,.0f} eco-points are reachable. Raise the caps or lower the demand."),
    MIN_POINTS: N_("The demand of {demand:,.0f} eco-points cannot be covered together with the minimum "
                   "eco-points per municipality. Lower the minimums."),
    MAX_POINTS: N_("The demand of {demand:,.0f} eco-points cannot be covered under the maximum eco-points "
                   "per municipality: at most {reachable:,.0f} eco-points are reachable. Raise the maximums."),
    PRIME: N_("The demand of {demand:,.0f} eco-points cannot be covered under the maximum prime-soil area: "
              "at most {reachable:,.0f} eco-points are reachable. Raise the maximum prime-soil area."),
    PIK: N_("The demand of {demand:,.0f} eco-points cannot be covered with the minimum PIK share: at most "
            "{reachable:,.0f} eco-points are reachable. Lower the minimum PIK share."),
    NITRATE: N_("The demand of {demand:,.0f} eco-points cannot be covered together with the minimum nitrate "
                "leaching avoided: at most {reachable:,.0f} eco-points are reachable. Lower the minimum."),
    CARBON: N_("The demand of {demand:,.0f} eco-points cannot be covered together with the minimum soil carbon "
               "stored: at most {reachable:,.0f} eco-points are reachable. Lower the minimum."),
}


@dataclass(frozen=True)
class SelectionProblem:
    """What to select from (one entry per part) and under which constraints (see the module docstring)."""

    points: np.ndarray
    area: np.ndarray
    demand: float
    cost: np.ndarray
    group: Optional[np.ndarray] = None
    group_max_area: Optional[np.ndarray] = None
    group_min_points: Optional[np.ndarray] = None
    group_max_points: Optional[np.ndarray] = None
    group_names: Optional[tuple] = None         # per group, for messages (default: its index)
    prime: Optional[np.ndarray] = None
    prime_max_area: float = np.inf
    pik: Optional[np.ndarray] = None
    pik_min_share: float = 0.0
    nitrate: Optional[np.ndarray] = None        # kg N/a of leaching avoided per part (NaN counts 0)
    nitrate_min: float = 0.0
    carbon: Optional[np.ndarray] = None         # t CO2/a stored per part (NaN counts 0)
    carbon_min: float = 0.0
    lock: Optional[np.ndarray] = None
    together: Optional[np.ndarray] = None
    pairs: Optional[tuple] = None
    time_limit: float = 60.0
    mip_gap: float = 0.005


@dataclass(frozen=True)
class SelectionSolution:
    """The selection and how good it is proven to be."""

    selected: np.ndarray    # bool per part
    status: str             # one of STATUS_IDS
    objective: float        # Σ cost - Σ bonus of the selection
    bound: float            # proven lower bound of the objective
    gap: float              # (objective - bound) / |objective|, 0 when both are 0
    seconds: float
    rounds: int             # core MIPs solved
    core: int               # free units in the last core MIP


@dataclass
class _Model:
    """The MIP over units (and pair variables): ``min c·x``, ``row_lb <= A x <= row_ub``, ``lb <= x <= ub``."""

    c: np.ndarray
    A: sparse.csr_matrix
    row_lb: np.ndarray
    row_ub: np.ndarray
    kind: np.ndarray        # row kind per row
    row_group: np.ndarray   # group index per row (-1: none)
    lb: np.ndarray
    ub: np.ndarray
    n_units: int
    unit_of_part: np.ndarray
    points_row: np.ndarray  # eco-points per column (0 for pair columns)


# --------------------------------------------------------------------------- building the model


def _part_array(problem, name, n, dtype=float, default=None):
    value = getattr(problem, name)
    if value is None:
        return default
    value = np.asarray(value, dtype=dtype)
    if value.shape != (n,):
        raise ValueError(f"SelectionProblem.{name} has shape {value.shape}, expected ({n},)")
    if dtype is float and not np.isfinite(value).all():
        raise ValueError(f"SelectionProblem.{name} has values that are not finite")
    return value


def _units(problem, n):
    """(unit index per part, unit count, P: units × parts 0/1 matrix)."""
    together = _part_array(problem, "together", n, dtype=np.int64)
    if together is None:
        unit = np.arange(n)
    else:
        _, unit = np.unique(together, return_inverse=True)
    m = int(unit.max()) + 1 if n else 0
    P = sparse.csr_matrix((np.ones(n), (unit, np.arange(n))), shape=(m, n))
    return unit, m, P


def _unit_bounds(problem, n, unit, m):
    """Lower and upper bound per unit from the locks; both in and out in one unit: KernelError."""
    lock = _part_array(problem, "lock", n, dtype=np.int8, default=np.zeros(n, dtype=np.int8))
    locked_in = np.bincount(unit, lock == 1, m) > 0
    locked_out = np.bincount(unit, lock == -1, m) > 0
    both = locked_in & locked_out
    if both.any():
        raise KernelError(N_("{count} parcels have parts locked in and parts locked out; a parcel is selected "
                             "whole or not at all. Correct the locks."), count=int(both.sum()))
    return locked_in.astype(float), np.where(locked_out, 0.0, 1.0)


def _group_rows(problem, n, points, area):
    """Rows (part-level sparse matrix, lb, ub, kind, group) of the municipality constraints."""
    group = _part_array(problem, "group", n, dtype=np.int64)
    if group is None:
        return []
    caps = {AREA_CAP: (problem.group_max_area, area, "ub"),
            MIN_POINTS: (problem.group_min_points, points, "lb"),
            MAX_POINTS: (problem.group_max_points, points, "ub")}
    blocks = []
    inside = np.flatnonzero(group >= 0)
    for kind, (limits, weight, side) in caps.items():
        if limits is None:
            continue
        limits = np.asarray(limits, dtype=float)
        active = np.flatnonzero(np.isfinite(limits) & (limits > 0) if side == "lb" else np.isfinite(limits))
        if not len(active):
            continue
        if group.max(initial=-1) >= len(limits):
            raise ValueError("SelectionProblem.group has an index beyond the group limits")
        row_of_group = np.full(len(limits), -1)
        row_of_group[active] = np.arange(len(active))
        keep = inside[row_of_group[group[inside]] >= 0]
        R = sparse.csr_matrix((weight[keep], (row_of_group[group[keep]], keep)), shape=(len(active), n))
        lim = limits[active]
        inf = np.full(len(active), np.inf)
        blocks.append((R, lim if side == "lb" else -inf, inf if side == "lb" else lim, kind, active))
    return blocks


def _soil_rows(problem, n, area):
    """Rows of the prime-soil cap and the PIK share."""
    blocks = []
    prime = _part_array(problem, "prime", n, dtype=bool)
    if prime is not None and np.isfinite(problem.prime_max_area):
        blocks.append((sparse.csr_matrix((area * prime)[None, :]), np.array([-np.inf]),
                       np.array([float(problem.prime_max_area)]), PRIME, np.array([-1])))
    pik = _part_array(problem, "pik", n, dtype=bool)
    if pik is not None and problem.pik_min_share > 0:
        weight = area * (pik.astype(float) - float(problem.pik_min_share))
        blocks.append((sparse.csr_matrix(weight[None, :]), np.array([0.0]), np.array([np.inf]), PIK,
                       np.array([-1])))
    return blocks


def _benefit_rows(problem, n):
    """Rows of the least nitrate leaching avoided and the least soil carbon stored."""
    blocks = []
    for name, kind in (("nitrate", NITRATE), ("carbon", CARBON)):
        minimum = float(getattr(problem, f"{name}_min"))
        if minimum > 0:
            raw = getattr(problem, name)
            values = np.zeros(n) if raw is None else np.nan_to_num(np.asarray(raw, dtype=float), nan=0.0)
            if values.shape != (n,):
                raise ValueError(f"SelectionProblem.{name} has shape {values.shape}, expected ({n},)")
            blocks.append((sparse.csr_matrix(values[None, :]), np.array([minimum]), np.array([np.inf]), kind,
                           np.array([-1])))
    return blocks


def _pair_terms(problem, n, unit, m):
    """(bonus inside units per unit, unit pairs a < b, their summed bonus)."""
    inner = np.zeros(m)
    if problem.pairs is None or not len(problem.pairs[0]):
        return inner, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    i, j, bonus = (np.asarray(a) for a in problem.pairs)
    bonus = bonus.astype(float)
    if (bonus < 0).any() or not np.isfinite(bonus).all() or i.max() >= n or j.max() >= n:
        raise ValueError("SelectionProblem.pairs: bonuses must be finite and >= 0, indices parts")
    ui, uj = unit[i], unit[j]
    same = ui == uj
    inner += np.bincount(ui[same], bonus[same], m)
    a, b = np.minimum(ui, uj)[~same], np.maximum(ui, uj)[~same]
    keys, index = np.unique(a * m + b, return_inverse=True)
    return inner, keys // m, keys % m, np.bincount(index, bonus[~same], len(keys))


def _build(problem):
    """The unit model of *problem* (see the module docstring)."""
    points = np.asarray(problem.points, dtype=float)
    n = len(points)
    points = _part_array(problem, "points", n)
    area = _part_array(problem, "area", n)
    cost = _part_array(problem, "cost", n)
    unit, m, P = _units(problem, n)
    lb_u, ub_u = _unit_bounds(problem, n, unit, m)
    inner, pa, pb, bonus = _pair_terms(problem, n, unit, m)
    k = len(bonus)
    blocks = [(sparse.csr_matrix(points[None, :]), np.array([float(problem.demand)]), np.array([np.inf]),
               COVER, np.array([-1]))]
    blocks += _group_rows(problem, n, points, area) + _soil_rows(problem, n, area) + _benefit_rows(problem, n)
    A_units = sparse.vstack([R for R, *_ in blocks]).tocsr() @ P.T
    kind = np.concatenate([np.full(len(lo), kd) for _, lo, _, kd, _ in blocks])
    rows = [sparse.hstack([A_units, sparse.csr_matrix((A_units.shape[0], k))])]
    if k:
        eye = sparse.identity(k, format="csr")
        for ends in (pa, pb):
            rows.append(sparse.hstack([-sparse.csr_matrix((np.ones(k), (np.arange(k), ends)), shape=(k, m)), eye]))
        kind = np.r_[kind, np.full(2 * k, PAIR)]
    A = sparse.vstack(rows).tocsr()
    row_lb = np.concatenate([lo for _, lo, _, _, _ in blocks] + [np.full(2 * k, -np.inf)])
    row_ub = np.concatenate([hi for _, _, hi, _, _ in blocks] + [np.zeros(2 * k)])
    row_group = np.concatenate([g for *_, g in blocks] + [np.full(2 * k, -1)])
    return _Model(c=np.r_[P @ cost - inner, -bonus], A=A, row_lb=row_lb, row_ub=row_ub, kind=kind,
                  row_group=row_group, lb=np.r_[lb_u, np.zeros(k)], ub=np.r_[ub_u, np.ones(k)], n_units=m,
                  unit_of_part=unit, points_row=np.r_[P @ points, np.zeros(k)])


# --------------------------------------------------------------------------- infeasibility


def _activity_range(A, lb, ub):
    """Smallest and largest value of each row of ``A x`` over ``lb <= x <= ub``."""
    pos, neg = A.maximum(0), A.minimum(0)
    return pos @ lb + neg @ ub, pos @ ub + neg @ lb


def _tol(value):
    """The feasibility tolerance of a limit (array): relative, at least TOLERANCE."""
    return TOLERANCE * np.maximum(1.0, np.abs(value))


def _name(problem, group):
    return str(problem.group_names[group]) if problem.group_names is not None else str(group)


def _precheck(problem, model):
    """KernelError for the first row no selection within the locks can meet (step 1 of the docstring)."""
    low, high = _activity_range(model.A, model.lb, model.ub)
    short = np.flatnonzero(high < model.row_lb - _tol(model.row_lb))
    over = np.flatnonzero(low > model.row_ub + _tol(model.row_ub))
    failed = np.sort(np.r_[short, over])
    if len(failed):
        r = failed[0]
        limit = model.row_lb[r] if r in short else model.row_ub[r]
        raise KernelError(PRECHECK_MESSAGES[int(model.kind[r])], limit=float(limit), low=float(low[r]),
                          high=float(high[r]), name=_name(problem, int(model.row_group[r])))


PRECHECK_MESSAGES = {
    COVER: N_("The demand of {limit:,.0f} eco-points cannot be covered: all candidates that are not locked out "
              "give at most {high:,.0f} eco-points."),
    AREA_CAP: N_("Municipality {name}: the locked-in parcels take {low:,.0f} m², more than its area cap of "
                 "{limit:,.0f} m². Unlock parcels or raise the cap."),
    MIN_POINTS: N_("Municipality {name}: at least {limit:,.0f} eco-points are required from it, but its "
                   "candidates give at most {high:,.0f}. Lower its minimum."),
    MAX_POINTS: N_("Municipality {name}: the locked-in parcels give {low:,.0f} eco-points, more than its "
                   "maximum of {limit:,.0f}. Unlock parcels or raise the maximum."),
    PRIME: N_("The locked-in parcels take {low:,.0f} m² of prime soil, more than the maximum of {limit:,.0f} m². "
              "Unlock parcels or raise the maximum."),
    PIK: N_("The minimum PIK share cannot be reached: the locked-in parcels without PIK are too large. Unlock "
            "parcels or lower the minimum PIK share."),
    NITRATE: N_("At least {limit:,.0f} kg N/a of nitrate leaching avoided are required, but all candidates that "
                "are not locked out avoid at most {high:,.0f} kg N/a. Lower the minimum."),
    CARBON: N_("At least {limit:,.1f} t CO2/a of soil carbon stored are required, but all candidates that are "
               "not locked out store at most {high:,.1f} t CO2/a. Lower the minimum."),
}


def _max_points(model, rows, solver):
    """LP maximum of the eco-points under the rows *rows* (and the locks); None when infeasible."""
    lp = solver.lp(replace(_restricted(model, rows), c=-model.points_row))
    return None if lp is None else -lp["fun"]


def _diagnose(problem, model, solver):
    """KernelError naming the family of constraints that makes the LP infeasible (step 2 of the docstring)."""
    demand = float(problem.demand)
    cover = model.kind == COVER
    for family in FAMILIES:
        rows = np.flatnonzero(model.kind == family)
        if not len(rows):
            continue
        if solver.lp(_restricted(model, cover | (model.kind == family))) is None:
            reachable = _max_points(model, rows, solver)
            raise KernelError(FAMILY_MESSAGES[family], demand=demand, reachable=reachable or 0.0)
    reachable = _max_points(model, np.flatnonzero(~cover), solver)
    raise KernelError(N_("The demand of {demand:,.0f} eco-points cannot be covered under all constraints "
                         "together: at most {reachable:,.0f} eco-points are reachable. Relax a cap or lower the "
                         "demand."), demand=demand, reachable=reachable or 0.0)


def _restricted(model, keep):
    """*model* with only the rows *keep* (mask or indices)."""
    return _Model(c=model.c, A=model.A[keep], row_lb=model.row_lb[keep], row_ub=model.row_ub[keep],
                  kind=model.kind[keep], row_group=model.row_group[keep], lb=model.lb, ub=model.ub,
                  n_units=model.n_units, unit_of_part=model.unit_of_part, points_row=model.points_row)


# --------------------------------------------------------------------------- solving


def _solve_task(task):
    """Run one LP (``linprog``) or MIP (``milp``) and return plain arrays (runs in a worker or here)."""
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp

    what, c, A, row_lb, row_ub, lb, ub, integrality, options = task
    if what == "lp":
        upper, lower = np.isfinite(row_ub), np.isfinite(row_lb)
        A_ub = sparse.vstack([A[upper], -A[lower]]).tocsr()
        b_ub = np.r_[row_ub[upper], -row_lb[lower]]
        res = linprog(c, A_ub=A_ub, b_ub=b_ub, bounds=np.column_stack([lb, ub]), method="highs-ipm",
                      options=dict(options, presolve=True))
        if res.status != 0:
            return {"status": int(res.status)}
        return {"status": 0, "fun": float(res.fun), "x": res.x,
                "dual_bound": _dual_bound(c, A_ub, b_ub, (lb, ub), res.ineqlin.marginals)}
    res = milp(c, constraints=LinearConstraint(A, row_lb, row_ub), integrality=integrality,
               bounds=Bounds(lb, ub), options=options)
    bound = getattr(res, "mip_dual_bound", None)
    return {"status": int(res.status), "x": res.x, "fun": None if res.fun is None else float(res.fun),
            "bound": None if bound is None else float(bound)}


def _dual_bound(c, A_ub, b_ub, bounds, marginals):
    """(L0, d): weak-duality bound ``L0 = λ·b + Σ min(d·lb, d·ub)`` and reduced costs ``d = c - A_ubᵀλ`` (λ <= 0)."""
    lb, ub = bounds
    lam = np.minimum(np.asarray(marginals, dtype=float), 0.0)
    d = c - A_ub.T @ lam
    return float(lam @ b_ub + np.minimum(d * lb, d * ub).sum()), d


def _fork_allowed():
    return workers.can_fork() and os.environ.get("WERTVOLL_WORKERS", "").strip() != "1"


class _Solver:
    """Runs the solves in one forked worker (Linux) so that a cancel can stop them, else in this process."""

    def __init__(self, run, deadline):
        self.run = run
        self.deadline = deadline
        self.pool = None

    def __enter__(self):
        if _fork_allowed():
            self.pool = workers.Workers(1, lambda connection: workers.serve_tasks(connection, _solve_task))
        return self

    def __exit__(self, kind, value, traceback):
        if self.pool is not None:
            (self.pool.close if kind is None else self.pool.kill)()

    def remaining(self):
        return max(0.5, self.deadline - time.perf_counter())

    def call(self, task):
        self.run.check()
        if self.pool is None:
            answer = _solve_task(task)
            self.run.check()
            return answer
        self.pool.submit(self.pool.idle()[0], task)
        while True:
            answers = self.pool.results(POLL_S)
            if answers:
                return answers[0][1]
            self.run.check()

    def lp(self, model):
        """The LP relaxation: dict with fun, x, dual_bound (L0, d); None when infeasible."""
        answer = self.call(("lp", model.c, model.A, model.row_lb, model.row_ub, model.lb, model.ub, None,
                            {"time_limit": self.remaining()}))
        if answer["status"] == 2:
            return None
        if answer["status"] != 0:
            raise _TimeUp()
        return answer

    def mip(self, model, lb, ub, mip_gap):
        integrality = np.r_[np.ones(model.n_units), np.zeros(len(model.c) - model.n_units)]
        return self.call(("mip", model.c, model.A, model.row_lb, model.row_ub, lb, ub, integrality,
                          {"time_limit": self.remaining(), "mip_rel_gap": mip_gap, "disp": False}))


class _TimeUp(Exception):
    """The time limit ended before any selection was found."""


def solve(problem, *, is_cancelled=None, log=None):
    """The optimal selection of *problem*: a :class:`SelectionSolution` (rules: module docstring).

    Raises :class:`~.errors.KernelError` when no selection meets the constraints (naming the
    constraint) or none was found within the time limit, :class:`~.errors.Cancelled` on a cancel.
    """
    t0 = time.perf_counter()
    run = Run(None, is_cancelled, log)
    if not 0 <= problem.pik_min_share <= 1 or problem.time_limit <= 0 or problem.mip_gap < 0:
        raise ValueError("SelectionProblem: pik_min_share must be 0-1, time_limit > 0, mip_gap >= 0")
    model = _build(problem)
    _precheck(problem, model)
    run.step(0, N_("Selecting optimally among {count} candidate parcels …"), count=model.n_units)
    try:
        with _Solver(run, t0 + float(problem.time_limit)) as solver:
            lp = solver.lp(model)
            if lp is None:
                _diagnose(problem, model, solver)
            result = _core_rounds(problem, model, solver, lp, run)
    except _TimeUp:
        raise KernelError(N_("No selection was found within the time limit of {seconds:.0f} s. Raise the time "
                             "limit."), seconds=float(problem.time_limit)) from None
    x, objective, bound, rounds, core = result
    gap = _gap(objective, bound)
    status = "optimal" if gap <= 1e-9 else "gap reached" if gap <= problem.mip_gap else "time limit"
    run.step(100, N_("Optimal selection: {status}, objective {objective:,.0f}, gap {gap:.2%} ({rounds} rounds)."),
             status=status, objective=objective, gap=gap, rounds=rounds)
    selected = x[:model.n_units][model.unit_of_part] > 0.5
    return SelectionSolution(selected=selected, status=status, objective=objective, bound=bound, gap=gap,
                             seconds=time.perf_counter() - t0, rounds=rounds, core=core)


def _gap(objective, bound):
    diff = max(0.0, objective - bound)
    return 0.0 if diff <= 1e-9 * max(1.0, abs(objective)) else diff / max(abs(objective), 1e-9)


def _core_rounds(problem, model, solver, lp, run):
    """Solve growing cores until the proven gap is reached (step 2-3 of the docstring)."""
    L0, d = lp["dual_bound"]
    m = model.n_units
    free = np.flatnonzero(model.lb[:m] < model.ub[:m])
    order = free[np.argsort(np.abs(d[free]), kind="stable")]
    side = np.where(d[:m] < 0, 1.0, 0.0)
    size, best, rounds = min(CORE_START, len(order)), None, 0
    while True:
        rounds += 1
        core, fixed = order[:size], order[size:]
        lb, ub = model.lb.copy(), model.ub.copy()
        lb[fixed] = ub[fixed] = side[fixed]
        answer = solver.mip(model, lb, ub, problem.mip_gap)
        outside = L0 + np.abs(d[fixed]).min() if len(fixed) else np.inf
        if answer["x"] is not None and (best is None or answer["fun"] < best[1]):
            best = (answer["x"], answer["fun"])
        if answer["status"] == 2 and not len(fixed):
            raise KernelError(N_("No selection of whole parcels meets all constraints (a selection of parcel "
                                 "fractions would). Relax a cap or lower the demand."))
        core_bound = answer["bound"] if answer["bound"] is not None and answer["x"] is not None else (
            np.inf if answer["status"] == 2 else L0)
        bound = min(core_bound, outside)
        if best is not None and (_gap(best[1], bound) <= problem.mip_gap or not len(fixed)
                                 or answer["status"] == 1 or solver.remaining() <= 0.5):
            return best[0], best[1], min(bound, best[1]), rounds, len(core)
        if best is None and (answer["status"] == 1 or solver.remaining() <= 0.5):
            raise _TimeUp()
        reach = best[1] - L0 - problem.mip_gap * abs(best[1]) if best is not None else np.inf
        size = min(len(order), max(size * CORE_GROWTH, int(np.searchsorted(np.abs(d[order]), reach)) + 1))
        run.step(0, N_("Optimal selection: gap {gap:.2%} not reached yet, solving again with {count} free "
                       "candidates …"), gap=_gap(best[1], bound) if best else 1.0, count=size)


# --------------------------------------------------------------------------- neighbours


def neighbour_pairs(geoms, min_shared=1.0):
    """Parts sharing a boundary of at least *min_shared* (m): arrays (i, j, shared length), i < j.

    Shared length = length of the intersection of the two boundaries (exact coordinates: parts cut
    from one cadastre share their vertices). STRtree bulk query, vectorised overlay; sorted by (i, j).
    """
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    tree = shapely.STRtree(geoms)
    i, j = tree.query(geoms, predicate="intersects")
    keep = i < j
    i, j = i[keep], j[keep]
    boundary = shapely.boundary(geoms)
    shared = shapely.length(shapely.intersection(boundary[i], boundary[j]))
    keep = shared >= min_shared
    order = np.lexsort((j[keep], i[keep]))
    return i[keep][order], j[keep][order], shared[keep][order]


__all__ = ["SelectionProblem", "SelectionSolution", "STATUS_IDS", "solve", "neighbour_pairs"]
