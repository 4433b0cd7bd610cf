"""Connectivity gain per candidate (kernels/connectivity.py): hand-solved networks and the exact
recomputation with the corridor kernel.

Grids as in test_corridors.py: cells of 10 m, the upper-left corner at (0, H), cell (row r, col c)
spans x = 10c..10c+10. Patches are 2 × 2 m squares in the middle of a cell (area 4 m², one cell).
A step costs its length × the mean resistance of its two cells. ECA = sqrt(ΣΣ a_i a_j p*_ij) with
p*_ij = exp(−k d_ij), d_ij the least sum of link costs (Saura & Pascual-Hortal 2007).
"""
import math

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, box

from wertvoll.kernels.connectivity import Candidates, Network, connectivity_gain, kernel_from_links
from wertvoll.kernels.corridors import CorridorOptions, biotope_corridors
from wertvoll.kernels.errors import Cancelled, KernelError
from grids import cells_box, dot, grid_of









def corridors(values, patches, dispersal_cost):
    grid = grid_of(values)
    return biotope_corridors(grid, [dot(grid, r, c) for r, c in patches], list(range(1, len(patches) + 1)),
                             CorridorOptions(min_patch_area=0.0, dispersal_cost=dispersal_cost))


def network_of(result):
    """The :class:`Network` of a corridor result, k recovered from the links' prob as the screening will."""
    links = result.links
    k = kernel_from_links(links["cost"], links["prob"])
    return Network(result.link_geometries, links["from_id"].tolist(), links["to_id"].tolist(),
                   links["cost"].to_numpy(), k, result.patches["patch_id"].tolist(),
                   result.patches["area_m2"].to_numpy())


def eca(areas, d, k):
    """sqrt(ΣΣ a_i a_j exp(-k d_ij)) from a full matrix *d* of least costs (by hand)."""
    a = np.asarray(areas, dtype=float)
    return math.sqrt(float(a @ np.exp(-k * np.asarray(d, dtype=float)) @ a))


# --------------------------------------------------------------------------- (a) stepping stone by hand

def test_stepping_stone_between_two_patches_by_hand():
    # 5 × 9 cells of resistance 10; A in (2, 0), B in (2, 8), both cells resistance 1. The path runs
    # straight along row 2: 10·(1+10)/2 + 6 × 10·10 + 10·(10+1)/2 = 710. The candidate covers cells
    # rows 1-3, cols 3-5 (30 × 30 m) and would get resistance 1: 30 m of the path inside it,
    # cost' = 710 − 30 × (10 − 1) = 440 (= 55 + 100 + 55 + 10 + 10 + 55 + 100 + 55).
    values = np.full((5, 9), 10.0)
    values[2, 0] = values[2, 8] = 1.0
    result = corridors(values, [(2, 0), (2, 8)], dispersal_cost=500.0)
    assert result.links["cost"].tolist() == pytest.approx([710.0])
    k = math.log(2.0) / 500.0
    grid = grid_of(values)
    stone = cells_box(grid, 1, 3, 3, 5)
    gain = connectivity_gain(Candidates([stone], 10.0, 1.0), network_of(result))
    before = math.sqrt(16 + 16 + 2 * 16 * math.exp(-k * 710.0))
    after = math.sqrt(16 + 16 + 2 * 16 * math.exp(-k * 440.0))
    assert gain.eca == pytest.approx(before, rel=1e-12)
    assert gain.gain_eca[0] == pytest.approx(after - before, rel=1e-9)
    assert gain.affected.tolist() == [1] and gain.cost_drop[0] == pytest.approx(270.0)
    # the corridor tool on the landscape with the stone agrees (the path keeps its course)
    values[1:4, 3:6] = 1.0
    exact = corridors(values, [(2, 0), (2, 8)], dispersal_cost=500.0)
    assert exact.links["cost"].tolist() == pytest.approx([440.0]) and exact.eca == pytest.approx(after)


# --------------------------------------------------------------------------- (b) against the exact recomputation

def exact_eca(values, patches, cells, r_target, dispersal_cost):
    changed = values.copy()
    for r, c in cells:
        changed[r, c] = r_target
    return corridors(changed, patches, dispersal_cost).eca


def test_estimate_against_the_exact_recomputation():
    # 7 × 13 cells of resistance 20, patches (3, 0) and (3, 12) of resistance 1: one straight link along
    # row 3. Each candidate (whole cells) would get resistance 1 (the barrier 100); the exact ECA comes
    # from the corridor kernel run again on the changed grid.
    values = np.full((7, 13), 20.0)
    patches = [(3, 0), (3, 12)]
    for r, c in patches:
        values[r, c] = 1.0
    result = corridors(values, patches, dispersal_cost=400.0)
    grid = grid_of(values)
    candidates = {
        "a block on the path": ({(r, c) for r in range(2, 5) for c in range(4, 7)}, 1.0),
        "a block half on the path": ({(r, c) for r in range(3, 6) for c in range(8, 10)}, 1.0),
        "one cell on the path, a lane beside it": ({(3, 3)} | {(4, c) for c in range(3, 11)}, 1.0),
        "a barrier across the path": ({(r, 6) for r in range(2, 5)}, 100.0),
    }
    geoms = [shapely.union_all([cells_box(grid, r, c, r, c) for r, c in cells]) for cells, _ in candidates.values()]
    targets = np.array([target for _, target in candidates.values()])
    gain = connectivity_gain(Candidates(geoms, 20.0, targets), network_of(result))
    assert gain.eca == pytest.approx(result.eca, rel=1e-12)
    assert gain.affected.tolist() == [1, 1, 1, 1]
    exact = {name: exact_eca(values, patches, cells, target, 400.0) - result.eca
             for name, (cells, target) in candidates.items()}
    estimate = dict(zip(candidates, gain.gain_eca))
    # the cheapest path keeps its course: exact
    for name in ("a block on the path", "a block half on the path"):
        assert estimate[name] == pytest.approx(exact[name], rel=1e-9)
    # the new path follows the lane: the estimate counts only the one cell on the old path (a lower bound)
    lane = "one cell on the path, a lane beside it"
    assert 0.0 < estimate[lane] < 0.5 * exact[lane]
    # the barrier: the path detours around it, the estimate keeps it on the old path (a lower bound)
    barrier = "a barrier across the path"
    assert estimate[barrier] < exact[barrier] < 0.0


# --------------------------------------------------------------------------- (c) the kernel from the links

def test_kernel_from_the_links_prob():
    k = math.log(2.0) / 80.0
    costs = [100.0, 250.0, 0.0, 40.0]
    assert kernel_from_links(costs, [math.exp(-k * c) for c in costs]) == pytest.approx(k, rel=1e-12)
    assert kernel_from_links(costs, [None] * 4) is None                     # the tool ran without a kernel
    assert kernel_from_links(costs, [math.nan] * 4) is None
    assert kernel_from_links([], []) is None
    with pytest.raises(KernelError, match="1 of 4 links have no probability"):
        kernel_from_links(costs, [0.5, None, 1.0, 0.7])
    with pytest.raises(KernelError, match="do not follow one dispersal kernel"):
        kernel_from_links(costs, [math.exp(-k * 100.0), math.exp(-2 * k * 250.0), 1.0, math.exp(-k * 40.0)])


def test_prob_of_the_corridor_links_is_the_kernel_of_their_cost():
    # three in a row on resistance 1: A-B 60, B-C 100; p = 0.5 at DISPERSAL_COST 100
    result = corridors(np.ones((1, 17)), [(0, 0), (0, 6), (0, 16)], dispersal_cost=100.0)
    assert result.links["prob"].tolist() == pytest.approx([0.5 ** 0.6, 0.5])
    no_kernel = corridors(np.ones((1, 17)), [(0, 0), (0, 6), (0, 16)], dispersal_cost=0.0)
    assert no_kernel.links["prob"].isna().all()


# --------------------------------------------------------------------------- (d) parts off every link

def test_parts_crossing_no_link_get_zero():
    values = np.full((5, 9), 10.0)
    values[2, 0] = values[2, 8] = 1.0
    result = corridors(values, [(2, 0), (2, 8)], dispersal_cost=500.0)
    grid = grid_of(values)
    beside = cells_box(grid, 3, 1, 4, 7)             # the two rows below the path: a cheaper lane, not counted
    above = cells_box(grid, 0, 3, 1, 5)              # rows 0-1: 5 m off the path
    far = box(1000.0, 1000.0, 1010.0, 1010.0)
    gain = connectivity_gain(Candidates([beside, above, far, None], 10.0, 1.0), network_of(result))
    assert gain.gain_eca.tolist() == [0.0, 0.0, 0.0, 0.0]
    assert gain.affected.tolist() == [0, 0, 0, 0] and gain.cost_drop.tolist() == [0.0, 0.0, 0.0, 0.0]
    # the lane would in truth open a cheaper path: the estimate is a lower bound there
    values[3:5, 1:8] = 1.0
    assert corridors(values, [(2, 0), (2, 8)], dispersal_cost=500.0).eca > result.eca


# --------------------------------------------------------------------------- (e) shortest-path update

def test_a_stone_on_one_link_shortens_the_way_through_the_middle_patch():
    # one row of 17 cells of resistance 10: A (0, 0), B (0, 6), C (0, 16); links A-B 6 × 100 = 600 and
    # B-C 1000, no link A-C (their zones do not touch): d_AC = 1600. The candidate, cells 2-3, would get
    # resistance 1: A-B = 100 + 55 + 10 + 55 + 100 + 100 = 420, so d_AC = 1420.
    values = np.full((1, 17), 10.0)
    patches = [(0, 0), (0, 6), (0, 16)]
    result = corridors(values, patches, dispersal_cost=1000.0)
    assert sorted(result.links["cost"].tolist()) == pytest.approx([600.0, 1000.0])
    k = math.log(2.0) / 1000.0
    gain = connectivity_gain(Candidates([cells_box(grid_of(values), 0, 2, 0, 3)], 10.0, 1.0), network_of(result))
    areas = [4.0, 4.0, 4.0]
    before = eca(areas, [[0, 600, 1600], [600, 0, 1000], [1600, 1000, 0]], k)
    after = eca(areas, [[0, 420, 1420], [420, 0, 1000], [1420, 1000, 0]], k)
    assert gain.eca == pytest.approx(before, rel=1e-12)
    assert gain.gain_eca[0] == pytest.approx(after - before, rel=1e-9)
    values[0, 2:4] = 1.0
    assert corridors(values, patches, dispersal_cost=1000.0).eca == pytest.approx(after, rel=1e-12)


def star():
    """A (0, 0), B (100, 0), C (200, 0); links A-B 100, B-C 100 and a direct A-C of 150 (an arc above);
    areas 100, 200, 300 m²; k = ln 2 / 100."""
    lines = [LineString([(0, 0), (100, 0)]), LineString([(100, 0), (200, 0)]),
             LineString([(0, 0), (0, 50), (200, 50), (200, 0)])]
    return Network(lines, ["A", "B", "A"], ["B", "C", "C"], [100.0, 100.0, 150.0], math.log(2.0) / 100.0,
                   ["A", "B", "C"], [100.0, 200.0, 300.0])


def test_several_links_a_rise_and_the_network_with_a_direct_link():
    network = star()
    k, areas = network.k, network.patch_areas
    parts = [box(20, -5, 50, 5),          # 30 m of A-B: 100 − 30 × (3 − 1) = 40; d_AC = min(150, 140)
             box(90, -5, 110, 5),         # 10 m of A-B and of B-C: both 80; d_AC = min(150, 160) = 150
             box(20, -5, 50, 5),          # a rise to 5: A-B 100 + 30 × 2 = 160, but A-C-B... d_AB = 160
             box(50, 45, 150, 60)]        # 100 m of the arc A-C: 150 − 100 × 1 = 50; d_AB = min(100, 150)
    gain = connectivity_gain(Candidates(parts, 3.0, [1.0, 1.0, 5.0, 2.0]), network)
    before = eca(areas, [[0, 100, 150], [100, 0, 100], [150, 100, 0]], k)
    expected = [eca(areas, [[0, 40, 140], [40, 0, 100], [140, 100, 0]], k),
                eca(areas, [[0, 80, 150], [80, 0, 80], [150, 80, 0]], k),
                eca(areas, [[0, 160, 150], [160, 0, 100], [150, 100, 0]], k),
                eca(areas, [[0, 100, 50], [100, 0, 100], [50, 100, 0]], k)]
    assert gain.eca == pytest.approx(before, rel=1e-12)
    assert gain.gain_eca.tolist() == pytest.approx([e - before for e in expected], rel=1e-9)
    assert gain.affected.tolist() == [1, 2, 1, 1]
    assert gain.cost_drop.tolist() == pytest.approx([60.0, 40.0, -60.0, 100.0])


def test_unknown_resistance_no_kernel_and_bad_links():
    network = star()
    parts = [box(20, -5, 50, 5), box(500, 500, 510, 510)]
    gain = connectivity_gain(Candidates(parts, [math.nan, math.nan], 1.0), network)
    assert math.isnan(gain.gain_eca[0]) and gain.gain_eca[1] == 0.0           # off every link: 0 anyway
    assert any("have no resistance" in t for t, _p in gain.warnings)
    gain = connectivity_gain(Candidates(parts, 3.0, 1.0), network._replace(k=None))
    assert np.isnan(gain.gain_eca).all() and math.isnan(gain.eca)
    assert gain.cost_drop.tolist() == pytest.approx([60.0, 0.0])               # still re-priced
    assert any("no dispersal kernel" in t for t, _p in gain.warnings)
    with pytest.raises(KernelError, match="not in the patches layer"):
        connectivity_gain(Candidates(parts, 3.0, 1.0), network._replace(link_to=["B", "C", "D"]))
    with pytest.raises(KernelError, match="occurs twice"):
        connectivity_gain(Candidates(parts, 3.0, 1.0), network._replace(patch_ids=["A", "B", "A"]))
    with pytest.raises(Cancelled):
        connectivity_gain(Candidates(parts, 3.0, 1.0), network, is_cancelled=lambda: True)


def test_invalid_part_and_no_parts():
    network = star()
    bowtie = shapely.Polygon([(20, -5), (50, 5), (50, -5), (20, 5)])       # self-intersecting: repaired
    gain = connectivity_gain(Candidates([bowtie], 3.0, 1.0), network)
    assert gain.affected.tolist() == [1] and gain.cost_drop[0] == pytest.approx(60.0)
    empty = connectivity_gain(Candidates([], 3.0, 1.0), network)
    assert len(empty.gain_eca) == 0 and empty.eca == pytest.approx(eca(network.patch_areas, [
        [0, 100, 150], [100, 0, 100], [150, 100, 0]], network.k))
