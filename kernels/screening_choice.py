"""Beyond the walk down the ranks: the optimal selection, the robustness of the ranking and the
connectivity gain, as the screening (:mod:`.screening`) uses them. No QGIS here.

Each is optional; the settings come in :class:`~.screening.ScreeningOptions`:

* :class:`NetworkSettings` - the biotope network (links and patches of
  ``wertvoll:biotopecorridors``): per part ``gain_eca`` (m²) from :mod:`.connectivity`, and the
  score's connectivity share ``min(1, gain_eca / (CONNECTIVITY_FULL × ECA))``, weighted by
  ``W_CONNECTIVITY``. CONNECTIVITY_FULL = 1 %: a part that raises the network's ECA by 1 % counts
  like a part lying wholly in a co-benefit layer (Annahme / assumption of the plugin).
* :class:`OptimalSettings` - the selection as a mixed-integer program (:mod:`.selection`). The walk
  down the ranks is always computed as well (``sel_greedy``) so that the report can compare them.
* :class:`RobustnessSettings` - the selection frequency over random weightings (:mod:`.robustness`).

Farmland (fields ``farmland``, ``prime_soil``): a part is *farmland taken out of farming* when
its value-table row has a landuse_kind of :data:`FARMLAND_KINDS` (all of ALKIS 43001
Landwirtschaft) and no PIK is proposed (PIK keeps the land in production, BNatSchG §15(3));
*prime soil* when it is such farmland with a known soil index at or above the PIK soil
threshold the screening used (the same threshold that marks prime soil for PIK, BKompV §10(2)).
"""
from dataclasses import dataclass
from typing import NamedTuple, Optional

import numpy as np

from .errors import check_number

FARMLAND_KINDS = ("arable", "grassland", "orchard", "fallow")
CONNECTIVITY_FULL = 0.01  # Annahme / assumption: 1 % more ECA counts as a full co-benefit share
OBJECTIVES = ("farmland", "area", "cost", "score")
#: tie-break of every objective: least total area (m² × this), so that parts that cost nothing
#: (PIK under the farmland objective) are not taken beyond need
AREA_TIE = 1e-6


@dataclass(frozen=True, eq=False)
class NetworkSettings:
    """The biotope network: links (lines, from/to patch ids, cost, probability), patches (ids,
    areas m²), the resistance now of each candidate *feature* and the target resistance."""

    link_lines: np.ndarray
    link_from: np.ndarray
    link_to: np.ndarray
    link_cost: np.ndarray
    link_prob: np.ndarray
    patch_ids: np.ndarray
    patch_areas: np.ndarray
    resistance_now: np.ndarray  # per candidate feature
    resistance_target: float


@dataclass(frozen=True, eq=False)
class OptimalSettings:
    """The optimal selection's objective and constraints (per-feature arrays follow the candidates).

    objective: one of :data:`OBJECTIVES`; price: per feature and m² (objective "cost");
    municipality_max_share: 0-1 of each municipality's candidate area; municipality_min_points /
    _max_points: {name: eco-points}; prime_max_area: m² of prime soil taken out of farming;
    pik_min_share: 0-1 of the selected area under PIK; nitrate_min: kg N/a of leaching avoided and
    carbon_min: t CO2/a stored that the selection must at least give; lock: per feature 1 in, -1 out, 0 free;
    keep_parcels_whole: the parts of one parcel together; adjacency_bonus: objective units per
    metre of boundary shared by two selected parts; time_limit: s; mip_gap: relative (0-1).
    """

    objective: str = "farmland"
    price: Optional[np.ndarray] = None
    municipality_max_share: float = 1.0
    municipality_min_points: Optional[dict] = None
    municipality_max_points: Optional[dict] = None
    prime_max_area: float = np.inf
    pik_min_share: float = 0.0
    nitrate_min: float = 0.0
    carbon_min: float = 0.0
    lock: Optional[np.ndarray] = None
    keep_parcels_whole: bool = False
    adjacency_bonus: float = 0.0
    time_limit: float = 60.0
    mip_gap: float = 0.005


@dataclass(frozen=True)
class RobustnessSettings:
    """N random weightings around the user's weights (see :mod:`.robustness`; its defaults are the
    Processing parameters' defaults)."""

    runs: int
    seed: int
    spread: float


class PartView(NamedTuple):
    """The candidate parts as stage 8 sees them (one entry per part, in part order)."""

    geoms: np.ndarray
    feat: np.ndarray        # index of the candidate feature
    src_fid: np.ndarray
    area: np.ndarray
    kind: np.ndarray        # landuse_kind of the value-table row
    pik: np.ndarray
    gain: np.ndarray        # value_target - value_now
    uplift: np.ndarray
    score: np.ndarray
    shares: dict
    municipality: np.ndarray
    walk: np.ndarray        # selected by the walk down the ranks
    n_kg: Optional[np.ndarray] = None   # kg N/a of leaching avoided (water_climate; None without)
    co2_t: Optional[np.ndarray] = None  # t CO2/a stored


def farmland_flags(kind, pik, soil, threshold):
    """Per part: (farmland taken out of farming, prime soil taken out of farming)."""
    farmland = np.isin(np.asarray(kind, dtype=object), FARMLAND_KINDS) & ~np.asarray(pik, dtype=bool)
    prime = np.zeros(len(farmland), dtype=bool)
    if soil is not None and threshold is not None:
        prime = farmland & ~np.isnan(soil) & (soil >= threshold)
    return farmland, prime


# --------------------------------------------------------------------------- connectivity

def connectivity(network, part_geoms, part_feat, run):
    """Per part: (gain_eca m², connectivity share 0-1, ECA before or None, warnings); NaN/0 without a network."""
    m = len(part_geoms)
    if network is None or m == 0:
        return np.full(m, np.nan), np.zeros(m), None, []
    from .connectivity import Candidates, Network, connectivity_gain, kernel_from_links

    k = kernel_from_links(network.link_cost, network.link_prob)
    result = connectivity_gain(
        Candidates(part_geoms, network.resistance_now[part_feat], float(network.resistance_target)),
        Network(network.link_lines, network.link_from, network.link_to, network.link_cost, k,
                network.patch_ids, network.patch_areas), is_cancelled=run.is_cancelled)
    gain = np.asarray(result.gain_eca, dtype=float)
    eca = float(result.eca) if np.isfinite(result.eca) and result.eca > 0 else None
    share = np.zeros(m) if eca is None else np.clip(np.nan_to_num(gain) / (CONNECTIVITY_FULL * eca), 0.0, 1.0)
    return gain, share, eca, list(result.warnings)


# --------------------------------------------------------------------------- optimal selection

def objective(settings, view, farmland):
    """The cost of each part under the objective chosen (minimised), plus the area tie-break."""
    area, score = view.area, view.score
    if settings.objective == "farmland":
        cost = np.where(farmland, area, 0.0)
    elif settings.objective == "area":
        cost = area.copy()
    elif settings.objective == "cost":
        if settings.price is None:
            raise ValueError("objective 'cost' needs a price per feature")
        cost = np.nan_to_num(settings.price[view.feat], nan=0.0) * area
    elif settings.objective == "score":
        best = float(score.max()) if len(score) and score.max() > 0 else 1.0
        cost = area * np.clip(best - score, 0.0, None) / best
    else:
        raise ValueError("unknown objective %r" % (settings.objective,))
    return cost + AREA_TIE * area


def group_bounds(settings, municipality, area):
    """(group index per part, max area, min points, max points, names per group) for the municipalities."""
    names, group = np.unique(np.asarray(municipality, dtype=object).astype(str), return_inverse=True)
    group = np.where(names[group] == "", -1, group)
    cand_area = np.bincount(group[group >= 0], weights=area[group >= 0], minlength=len(names))
    share = min(check_number("MUNICIPALITY_MAX_SHARE", settings.municipality_max_share, 0.0), 1.0)
    max_area = np.where(share < 1.0, share * cand_area, np.inf)
    lo = _per_group(names, settings.municipality_min_points, 0.0)
    hi = _per_group(names, settings.municipality_max_points, np.inf)
    return group, max_area, lo, hi, tuple(names)


def _per_group(names, values, default):
    """Per municipality name the value from *values* ({name: number}; missing: *default*)."""
    out = np.full(len(names), default, dtype=float)
    for i, name in enumerate(names):
        value = (values or {}).get(name)
        if value is not None and not (isinstance(value, float) and np.isnan(value)):
            out[i] = float(value)
    return out


def optimal_selection(settings, view, flags, demand, run):
    """The selection of the mixed-integer program: (selected, solution) (see :mod:`.selection`)."""
    from .selection import SelectionProblem, neighbour_pairs, solve

    group, max_area, lo, hi, names = group_bounds(settings, view.municipality, view.area)
    pairs = None
    if settings.adjacency_bonus > 0 and len(view.geoms):
        import shapely

        from .geometry import as_shapely

        i, j, shared = neighbour_pairs(shapely.get_geometry(as_shapely(view.geoms), 0))
        pairs = (i, j, settings.adjacency_bonus * shared)
    run.check()
    lock = None if settings.lock is None else np.asarray(settings.lock, dtype=np.int8)[view.feat]
    problem = SelectionProblem(
        points=view.uplift, area=view.area, demand=demand, cost=objective(settings, view, flags[0]),
        group=group, group_max_area=max_area, group_min_points=lo, group_max_points=hi, group_names=names,
        prime=flags[1], prime_max_area=settings.prime_max_area, pik=view.pik,
        pik_min_share=settings.pik_min_share, nitrate=view.n_kg, nitrate_min=settings.nitrate_min,
        carbon=view.co2_t, carbon_min=settings.carbon_min, lock=lock,
        together=view.src_fid if settings.keep_parcels_whole else None, pairs=pairs,
        time_limit=settings.time_limit, mip_gap=settings.mip_gap)
    solution = solve(problem, is_cancelled=run.is_cancelled, log=run.log)
    return np.asarray(solution.selected, dtype=bool), solution


# --------------------------------------------------------------------------- robustness

def robustness(settings, view, weights, demand, run):
    """Per part (sel_freq, rank_min, rank_max); NaN without robustness settings."""
    m = len(view.uplift)
    if settings is None or settings.runs <= 0 or m == 0:
        return np.full(m, np.nan), np.full(m, np.nan), np.full(m, np.nan)
    from .robustness import Parts, selection_frequency  # here: the plugin loads without shapely

    r = selection_frequency(Parts(view.gain, view.uplift, view.src_fid, view.shares), weights, demand,
                            runs=settings.runs, seed=settings.seed, spread=settings.spread,
                            is_cancelled=run.is_cancelled)
    return (np.asarray(r.sel_freq, dtype=float), np.asarray(r.rank_min, dtype=float),
            np.asarray(r.rank_max, dtype=float))


