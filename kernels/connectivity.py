"""Connectivity gain per candidate: how much ECA would rise if a part got its target biotope.

The pure kernel behind the field ``gain_eca`` of the compensation screening. No
QGIS here: numpy, scipy and shapely 2 only. It reads the biotope-corridor tool's
results (:mod:`.corridors`): the least-cost links (their paths through cell
centres, ``from_id``, ``to_id``, ``cost``, ``prob``) and the patches
(``patch_id``, ``area_m2``), and the same dispersal kernel ``p = exp(-k·cost)``
(:func:`kernel_from_links` recovers *k* from the links' ``prob``).

Method (one network update per part, never one full corridor analysis per part)
    1. *Re-pricing.* A part with resistance ``r_now`` that would get ``r_target``
       changes the cost of every link whose current least-cost path crosses it:
       ``cost' = cost − length(path ∩ part) × (r_now − r_target)`` (at least 0).
       A step of a path costs its length times the mean resistance of its two
       cells, half of it in each cell, so for a part made of whole cells the
       length of the path inside the part is exactly the stretch whose
       resistance changes. The part's shapely intersection with the link lines
       is found for all parts at once (STRtree bulk query).
    2. *Network update.* ``d_ij`` is the least sum of link costs between
       patches i and j (as in :func:`.corridors.graph_metrics`). A link (a, b)
       that gets cheaper at ``c'`` changes it in O(n²), vectorised:
       ``d'_ij = min(d_ij, d_ia + c' + d_bj, d_ib + c' + d_aj)``, applied in turn
       for the links of one part (exact for decreases). A link that gets dearer
       (``r_target > r_now``) recomputes the least costs of its component with
       scipy's Dijkstra. Then ``ECA' = sqrt(ΣΣ a_i a_j exp(−k d'_ij))`` (m²) and
       ``gain_eca = ECA' − ECA``; only the components the part touches are
       recomputed.

Approximation (state it beside every use of ``gain_eca``)
    The path of each link keeps its shape; the old path is still there at the
    new price, so the true least cost is at most the re-priced one. The gain is
    therefore a LOWER bound of the true gain of ECA over the same set of links
    (also for a rise of resistance: then the loss may be overestimated), and it
    is exact when each cheapest path keeps its course. Not counted:

    * a part off every current path gets 0, even where it could open a new,
      cheaper path (e.g. a detour through the new habitat);
    * changes of the set of links: a pair that becomes adjacent, a link that
      falls under MAX_COST, or a path that would now cross a third patch
      (the corridor tool's rules);
    * a part that is not made of whole cells: the corridor tool rasterizes it
      by cell centres, this kernel takes its polygon; a part whose current
      resistance differs along the path from its ``r_now``.

Each part is valued alone (as if it were the only measure); gains of several
parts do not add up.
"""
import math
from typing import NamedTuple

import numpy as np
import shapely

from .corridors import _components, least_costs
from .errors import N_, KernelError
from .progress import Run

#: relative slack when checking that the links' probabilities follow one kernel
#: (Annahme / assumption: doubles written to a layer keep 15 digits; 1e-6 allows a Shapefile's rounding)
PROB_REL_TOL = 1e-6
#: parts between two cancellation checks in the network update (Annahme / assumption: a few ms of work)
CHECK_EVERY = 200


class GainResult(NamedTuple):
    """What :func:`connectivity_gain` returns; the per-part arrays follow the order of the parts."""

    gain_eca: np.ndarray   # ECA after − ECA before (m²); 0 off every link; NaN without kernel or resistance
    eca: float             # ECA of the network as it is (m²); NaN without a kernel
    affected: np.ndarray   # number of links whose path crosses the part (re-priced)
    cost_drop: np.ndarray  # Σ over those links of cost − new cost (cost units; negative for a rise)
    warnings: list         # (N_ template, params)


# --------------------------------------------------------------------------- the kernel coefficient

def kernel_from_links(link_cost, link_prob):
    """k (1 / cost unit) of ``prob = exp(-k·cost)`` from the links, or ``None`` when no link has a prob.

    *link_prob*: NULL (None/NaN) on every link means the corridor tool ran
    without a dispersal kernel. Raises :class:`KernelError` when only some links
    have one, or when they do not follow one kernel. Links of cost 0 (p = 1)
    or with p = 0 (a cost too high for a double) say nothing about k.
    """
    cost = np.asarray(link_cost, dtype=np.float64)
    prob = np.array([math.nan if p is None else p for p in link_prob], dtype=np.float64)
    missing = np.isnan(prob)
    if missing.all():
        return None
    if missing.any():
        raise KernelError(N_("{count} of {total} links have no probability (prob): the links layer is "
                             "incomplete. Run the biotope-corridor tool again with a dispersal kernel."),
                          count=int(missing.sum()), total=len(prob))
    usable = (cost > 0) & (prob > 0) & (prob < 1)
    if not usable.any():
        return None
    k = float(-np.log(prob[usable]).sum() / cost[usable].sum())
    expected = np.exp(-k * cost)
    off = np.abs(prob - expected) > PROB_REL_TOL * np.maximum(prob, expected) + 1e-12
    if off.any():
        raise KernelError(N_("The probabilities (prob) of {count} links do not follow one dispersal kernel "
                             "exp(-k·cost) with the others (k = {k}). Use the links of one run of the "
                             "biotope-corridor tool."), count=int(off.sum()), k=f"{k:.6g}")
    return k


# --------------------------------------------------------------------------- the network

class _Component(NamedTuple):
    nodes: np.ndarray      # patch indices
    areas: np.ndarray      # their areas (m²)
    d: np.ndarray          # least costs among them
    p: np.ndarray          # exp(-k d)
    links: np.ndarray      # link indices in this component


class _Graph:
    """The patches, links and least costs per component, and the ECA sum N = ΣΣ a_i a_j p*_ij."""

    def __init__(self, lo, hi, cost, areas, k):
        self.lo, self.hi, self.cost, self.k = lo, hi, cost, k
        count, component = _components(len(areas), lo, hi)
        self.link_comp = component[lo] - 1
        self.local = np.full(len(areas), -1, dtype=np.int64)
        self.parts = []
        for c in range(count):
            nodes = np.flatnonzero(component == c + 1)
            self.local[nodes] = np.arange(len(nodes))
            d = least_costs((lo, hi, cost), nodes, len(areas))
            self.parts.append(_Component(nodes, areas[nodes], d, np.exp(-k * d),
                                         np.flatnonzero(self.link_comp == c)))
        self.total = float(sum(c.areas @ c.p @ c.areas for c in self.parts))

    def gain(self, links, new_cost):
        """ECA' − ECA when *links* (indices) cost *new_cost* (the others unchanged)."""
        delta = 0.0
        for c in np.unique(self.link_comp[links]):
            mine = self.link_comp[links] == c
            delta += self._delta(self.parts[c], links[mine], new_cost[mine])
        return math.sqrt(max(self.total + delta, 0.0)) - math.sqrt(self.total)

    def _delta(self, comp, links, new_cost):
        """Change of ΣΣ a_i a_j p*_ij within *comp* when *links* cost *new_cost*."""
        if np.any(new_cost > self.cost[links]):
            return self._recomputed(comp, links, new_cost)
        d = comp.d
        for link, c in zip(links, new_cost):
            a, b = self.local[self.lo[link]], self.local[self.hi[link]]
            if c < d[a, b]:
                via = np.minimum(d[:, a, None] + c + d[None, b, :], d[:, b, None] + c + d[None, a, :])
                d = np.minimum(d, via)
        changed = d < comp.d
        if not changed.any():
            return 0.0
        rows, cols = np.nonzero(changed)
        weight = comp.areas[rows] * comp.areas[cols]
        return float(weight @ (np.exp(-self.k * d[changed]) - comp.p[changed]))

    def _recomputed(self, comp, links, new_cost):
        """As :meth:`_delta`, with the least costs of *comp* computed again (a link got dearer)."""
        cost = self.cost.copy()
        cost[links] = new_cost
        mine = comp.links
        d = least_costs((self.lo[mine], self.hi[mine], cost[mine]), comp.nodes, len(self.local))
        return float(comp.areas @ (np.exp(-self.k * d) - comp.p) @ comp.areas)


def _links(link_from, link_to, link_cost, patch_ids):
    """(lo, hi, cost): the links as patch indices and costs; KernelError on links to unknown patches."""
    index = {}
    for i, pid in enumerate(patch_ids):
        if pid in index:
            raise KernelError(N_("Patch id {id} occurs twice in the patches layer. Use the patches of one run "
                                 "of the biotope-corridor tool."), id=pid)
        index[pid] = i
    unknown = [pid for pid in list(link_from) + list(link_to) if pid not in index]
    if unknown:
        raise KernelError(N_("{count} links end at a patch that is not in the patches layer (e.g. id {id}). "
                             "Use the links and patches of one run of the biotope-corridor tool."),
                          count=len(unknown), id=unknown[0])
    cost = np.asarray(link_cost, dtype=np.float64)
    if len(cost) and not (np.isfinite(cost).all() and (cost >= 0).all()):
        raise KernelError(N_("The links layer has a cost that is empty, negative or not a number. Use the "
                             "links of the biotope-corridor tool unchanged."))
    lo = np.array([index[pid] for pid in link_from], dtype=np.int64)
    hi = np.array([index[pid] for pid in link_to], dtype=np.int64)
    return lo, hi, cost


# --------------------------------------------------------------------------- geometry

def _crossings(part_geoms, link_lines, run):
    """(part index, link index, length of the link's path inside the part) of every crossing (length > 0)."""
    parts = np.asarray(part_geoms, dtype=object)
    lines = np.asarray(link_lines, dtype=object)
    empty = np.zeros(0, dtype=np.int64)
    if not len(parts) or not len(lines):
        return empty, empty, np.zeros(0)
    bad = ~shapely.is_valid(parts) & ~shapely.is_missing(parts)
    if bad.any():
        parts = parts.copy()
        parts[bad] = shapely.make_valid(parts[bad])
    part_i, link_i = shapely.STRtree(lines).query(parts, predicate="intersects")
    lengths = run.map(lambda g, line: shapely.length(shapely.intersection(g, line)),
                      parts[part_i], lines[link_i], span=(0.0, 50.0))
    keep = lengths > 0
    return part_i[keep], link_i[keep], lengths[keep]


# --------------------------------------------------------------------------- the gain

class Candidates(NamedTuple):
    """The candidate parts: shapely polygons in the CRS of the links, and their resistance per metre now
    and with the target biotope (scalars or one per part; NaN: unknown)."""

    geoms: object
    r_now: object
    r_target: object


class Network(NamedTuple):
    """The biotope-corridor tool's result: the links' least-cost paths (LineStrings through cell centres),
    their patch ids and costs, the dispersal kernel *k* (:func:`kernel_from_links`; ``None``: none) and
    the patches' ids and areas (m²)."""

    link_lines: object
    link_from: object
    link_to: object
    link_cost: object
    k: object
    patch_ids: object
    patch_areas: object


def connectivity_gain(candidates, network, *, progress=None, is_cancelled=None):
    """ECA gain per part if it got the resistance of its target biotope (module docstring: method, limits).

    *candidates*: :class:`Candidates`; *network*: :class:`Network` (without a
    kernel only ``affected`` and ``cost_drop`` are computed, with a warning).
    Returns a :class:`GainResult`; raises :class:`KernelError` on inconsistent
    links and patches and :class:`.errors.Cancelled` on a cancel.
    """
    run = Run(progress, is_cancelled)
    n_parts = len(candidates.geoms)
    drop_per_m = np.broadcast_to(np.asarray(candidates.r_now, dtype=np.float64)
                                 - np.asarray(candidates.r_target, dtype=np.float64), (n_parts,))
    lo, hi, cost = _links(network.link_from, network.link_to, network.link_cost, network.patch_ids)
    part_i, link_i, lengths = _crossings(candidates.geoms, network.link_lines, run)
    new_cost = np.maximum(cost[link_i] - lengths * drop_per_m[part_i], 0.0)
    affected = np.bincount(part_i, minlength=n_parts)
    known = np.isfinite(new_cost)
    cost_drop = np.bincount(part_i[known], weights=cost[link_i[known]] - new_cost[known], minlength=n_parts)
    unknown = np.zeros(n_parts, dtype=bool)
    unknown[part_i[~known]] = True
    warnings = []
    if unknown.any():
        warnings.append((N_("{count} candidate parts on a biotope link have no resistance now or as target: "
                            "their connectivity gain is left empty."), {"count": int(unknown.sum())}))
    if network.k is None:
        warnings.append((N_("The biotope links have no dispersal kernel (prob is empty): the connectivity gain "
                            "(gain_eca) is left empty. Run the biotope-corridor tool with a SPECIES_PRESET or "
                            "DISPERSAL_COST."), {}))
        return GainResult(np.full(n_parts, math.nan), math.nan, affected, cost_drop, warnings)
    graph = _Graph(lo, hi, cost, np.asarray(network.patch_areas, dtype=np.float64), network.k)
    gain = np.zeros(n_parts)
    gain[unknown] = math.nan
    _gains(graph, (part_i, link_i, new_cost), gain, run)
    run.report(100.0)
    return GainResult(gain, math.sqrt(graph.total), affected, cost_drop, warnings)


def _gains(graph, crossings, gain, run):
    """Fill *gain* (per part, in place) from the :class:`_Graph` update with each part's re-priced links;
    *crossings*: (part index, link index, new cost) per crossing."""
    order = np.argsort(crossings[0], kind="stable")
    part_i, link_i, new_cost = (a[order] for a in crossings)
    starts = np.flatnonzero(np.r_[True, part_i[1:] != part_i[:-1]]) if len(part_i) else np.zeros(0, dtype=int)
    ends = np.r_[starts[1:], len(part_i)]
    for count, (s, e) in enumerate(zip(starts, ends)):
        if count % CHECK_EVERY == 0:
            run.report(50.0 + 50.0 * count / len(starts))
        if np.isfinite(new_cost[s:e]).all():
            gain[part_i[s]] = graph.gain(link_i[s:e], new_cost[s:e])
