"""Connectivity metrics of the biotope corridors (issue 17): a kernel fixed by the species, dPC by
removal with Saura & Rubio's fractions, isolated patches, and the same result every time.

Every expected value is worked out by hand below (graphs of three or four patches, grids of
10 m cells on uniform resistance 1, where a step between two cell centres along a row costs
10 × 1 = 10). p(d) = exp(−k·d) with k = ln 2 / D is 0.5 ** (d / D).
"""
import math
import random
import sys

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from wertvoll.kernels import workers
from wertvoll.kernels.corridors import CorridorOptions, biotope_corridors, graph_metrics
from wertvoll.kernels.grid import Grid

CELL = 10.0


def grid_of(values):
    values = np.asarray(values, dtype=float)
    return Grid(values, 0.0, values.shape[0] * CELL, CELL, CELL)


def cells_box(grid, r0, c0, r1, c1):
    """The rectangle covering cells rows r0..r1, cols c0..c1 exactly."""
    return box(grid.x0 + c0 * CELL, grid.y0 - (r1 + 1) * CELL, grid.x0 + (c1 + 1) * CELL, grid.y0 - r0 * CELL)


def run(grid, geoms, ids, **kwargs):
    kwargs.setdefault("min_patch_area", 0.0)
    return biotope_corridors(grid, geoms, ids, CorridorOptions(**kwargs))


def fractions_add_up(m):
    np.testing.assert_allclose(m.intra + m.flux + m.connector, m.dpc, rtol=0, atol=1e-9)
    assert (m.connector >= -1e-9).all()


# --------------------------------------------------------------------------- graphs by hand

def test_four_patch_graph_pc_eca_dpc_and_fractions_by_hand():
    # areas 1, 2, 3, 4; links 0-1 cost 10, 1-2 cost 20, 0-2 cost 40; patch 3 isolated; k = ln 2 / 10.
    # Best paths: p01 = 0.5, p12 = 0.25, p02 = max(0.5^4, 0.5 · 0.25) = 0.125.
    # N = ΣΣ a_i a_j p*_ij = (1 + 4 + 9 + 16) + 2 (1·2·0.5 + 2·3·0.25 + 1·3·0.125) = 30 + 5.75 = 35.75;
    # A_L = 10 -> PC = 0.3575, ECA = √35.75.
    # Removing a patch and recomputing the best paths among the others:
    #   without 0: 4 + 9 + 16 + 2·2·3·0.25 = 32;  without 1: p02 = 0.5^4 = 0.0625 (the path via 1 is
    #   gone): 1 + 9 + 16 + 2·1·3·0.0625 = 26.375;  without 2: 1 + 4 + 16 + 2·1·2·0.5 = 23;  without 3: 19.75.
    # dPC = 100 (N − N') / N: 3.75, 9.375, 12.75, 16 (× 100 / 35.75).
    # intra = a_k²: 1, 4, 9, 16; flux = 2 a_k Σ_j a_j p*_kj: 0: 2·1·(2·0.5 + 3·0.125) = 2.75,
    #   1: 2·2·(1·0.5 + 3·0.25) = 5, 2: 2·3·(1·0.125 + 2·0.25) = 3.75, 3: 0;
    # connector = dPC − intra − flux: 0, 0.375 (= 2·1·3·(0.125 − 0.0625): 1 carries 0-2), 0, 0.
    m = graph_metrics([1.0, 2.0, 3.0, 4.0], ([0, 1, 0], [1, 2, 2], [10.0, 20.0, 40.0]),
                      k=math.log(2) / 10.0, total_area=10.0)
    n = 35.75
    assert m.pc == pytest.approx(0.3575)
    assert m.eca == pytest.approx(math.sqrt(35.75))
    assert m.dpc == pytest.approx([100 * v / n for v in (3.75, 9.375, 12.75, 16.0)])
    assert m.intra == pytest.approx([100 * v / n for v in (1.0, 4.0, 9.0, 16.0)])
    assert m.flux == pytest.approx([100 * v / n for v in (2.75, 5.0, 3.75, 0.0)])
    assert m.connector == pytest.approx([0.0, 100 * 0.375 / n, 0.0, 0.0], abs=1e-9)
    assert m.components == 2 and m.component.tolist() == [1, 1, 1, 2]
    fractions_add_up(m)


def test_removed_patch_gives_back_the_link_that_crossed_it():
    # Three patches of area 1; kept links 0-2 and 2-1 of cost 10 each; the link 0-1 (cost 25) was
    # dropped because its path crosses patch 2. k = ln 2 / 10.
    # With 2: p01 = 0.5 · 0.5 = 0.25, N = 3 + 2 (0.5 + 0.5 + 0.25) = 5.5.
    # Without 2 the 0-1 path stands: p01 = 0.5^2.5, N' = 2 + 2 · 0.5^2.5 = 2.353553.
    # Without restoring it (the old rule) 0 and 1 would be cut apart: N' = 2.
    # dPC_2 = 100 (5.5 − N') / 5.5; intra_2 = 100 / 5.5; flux_2 = 100 · 2 (0.5 + 0.5) / 5.5;
    # connector_2 = 100 · 2 (0.25 − 0.5^2.5) / 5.5.
    links = ([0, 1], [2, 2], [10.0, 10.0])
    restored = (np.array([0]), np.array([1]), np.array([25.0]), np.array([2]))
    m = graph_metrics([1.0, 1.0, 1.0], links, k=math.log(2) / 10.0, total_area=1.0, restored=restored)
    without = 2 + 2 * 0.5 ** 2.5
    assert m.dpc[2] == pytest.approx(100 * (5.5 - without) / 5.5)
    assert m.intra[2] == pytest.approx(100 / 5.5)
    assert m.flux[2] == pytest.approx(200 / 5.5)
    assert m.connector[2] == pytest.approx(100 * 2 * (0.25 - 0.5 ** 2.5) / 5.5)
    fractions_add_up(m)
    old = graph_metrics([1.0, 1.0, 1.0], links, k=math.log(2) / 10.0, total_area=1.0)
    assert old.dpc[2] == pytest.approx(100 * 3.5 / 5.5)        # overstated without the restored link


def test_without_a_kernel_the_metrics_are_empty_but_components_stand():
    m = graph_metrics([1.0, 2.0, 3.0], ([0], [1], [5.0]), k=None, total_area=1.0)
    assert math.isnan(m.pc) and math.isnan(m.eca) and np.isnan(m.dpc).all()
    assert m.components == 2 and m.component.tolist() == [1, 1, 2]


# --------------------------------------------------------------------------- the stepping stone

def stepping_stone():
    """9 × 40 cells of resistance 1 (A_L = 360 cells × 100 m² = 36,000 m²). A = rows 3-5, cols 0-2 and
    C = rows 3-5, cols 37-39 (900 m² each); the stone S = cell (4, 20), 100 m²."""
    grid = grid_of(np.ones((9, 40)))
    return grid, cells_box(grid, 3, 0, 5, 2), cells_box(grid, 3, 37, 5, 39), cells_box(grid, 4, 20, 4, 20)


def test_stepping_stone_raises_pc_and_eca_and_its_dpc_is_the_true_drop():
    # D = DISPERSAL_COST 200: p(d) = 0.5^(d / 200).
    # Without S: one link A-C from column 2 to column 37 = 35 steps = 350.
    #   N0 = 2 · 900² + 2 · 900² · p(350).
    # With S: A-S from column 2 to 20 = 180, S-C from 20 to 37 = 170; the zone of S separates A and C
    #   (no A-C pair), p*_AC = p(180) · p(170) = p(350).
    #   N1 = 2 · 900² + 100² + 2 · 900² · p(350) + 2 · 900 · 100 · (p(180) + p(170)).
    # The old rule (p = 0.5 at the median link cost: 350 without S, 175 with S) made PC fall here:
    #   0.001875 -> 0.001709. With the species' kernel PC rises, and A_L stays 36,000 m².
    # dPC of S = 100 (N1 − N0) / N1 (removing S and rejoining A and C through S's cell gives back
    #   the cost 350, the same as the analysis without S); intra_S = 100 · 100² / N1,
    #   flux_S = 100 · 2 · 100 · 900 (p(180) + p(170)) / N1, connector_S = 0 (the way through S is
    #   no cheaper than without it).
    grid, a, c, s = stepping_stone()

    def p(d):
        return 0.5 ** (d / 200.0)

    n0 = 2 * 900.0 ** 2 + 2 * 900.0 ** 2 * p(350)
    n1 = 2 * 900.0 ** 2 + 100.0 ** 2 + 2 * 900.0 ** 2 * p(350) + 2 * 900 * 100 * (p(180) + p(170))
    without = run(grid, [a, c], [1, 3], dispersal_cost=200.0)
    with_s = run(grid, [c, s, a], [3, 2, 1], dispersal_cost=200.0)
    assert without.links["cost"].tolist() == pytest.approx([350.0])
    assert with_s.links["cost"].tolist() == pytest.approx([180.0, 170.0])
    assert without.pc == pytest.approx(n0 / 36000.0 ** 2)
    assert with_s.pc == pytest.approx(n1 / 36000.0 ** 2)
    assert with_s.pc > without.pc and with_s.eca > without.eca
    assert with_s.eca == pytest.approx(math.sqrt(n1))
    stone = with_s.patches.set_index("patch_id").loc[2]
    assert stone["dPC"] == pytest.approx(100 * (n1 - n0) / n1)
    assert stone["dPC"] == pytest.approx(100 * (with_s.pc - without.pc) / with_s.pc)
    assert stone["dPCintra"] == pytest.approx(100 * 100.0 ** 2 / n1)
    assert stone["dPCflux"] == pytest.approx(100 * 2 * 100 * 900 * (p(180) + p(170)) / n1)
    assert stone["dPCconnector"] == pytest.approx(0.0, abs=1e-9)


def test_the_kernel_ignores_the_link_costs():
    # the same kernel with and without the stone: k = ln 2 / 200 in both (the old rule gave
    # ln 2 / 350 and ln 2 / 175); with MAX_COST 1000 only: p = 0.5 at 500 (half of it, an assumption)
    grid, a, c, s = stepping_stone()
    for geoms in ([a, c], [a, c, s]):
        ids = [1, 3, 2][:len(geoms)]
        assert run(grid, geoms, ids, dispersal_cost=200.0).k == pytest.approx(math.log(2) / 200.0)
        assert run(grid, geoms, ids, max_cost=1000.0).k == pytest.approx(math.log(2) / 500.0)


# --------------------------------------------------------------------------- isolated patches

def test_all_links_above_max_cost_leaves_isolated_patches():
    # A (0, 0), B (0, 6), C (0, 16) on 1 × 17 cells: A-B costs 60, B-C 100; MAX_COST 50 drops both.
    # Dots of 2 × 2 m: a = 4 m² each; A_L = 17 × 100 = 1700 m². Isolated: N = 3 · 4² = 48,
    # PC = 48 / 1700², ECA = √48; dPC = intra = 100 · 16 / 48 each, flux = connector = 0.
    grid = grid_of(np.ones((1, 17)))
    dots = [box(x - 1, 4, x + 1, 6) for x in (5.0, 65.0, 165.0)]
    result = run(grid, dots, [1, 2, 3], max_cost=50.0, dispersal_cost=30.0)
    assert len(result.links) == 0 and len(result.corridors) == 0 and len(result.gaps) == 0
    assert result.components == 3 and result.patches["component"].tolist() == [1, 2, 3]
    assert result.pc == pytest.approx(48.0 / 1700.0 ** 2)
    assert result.eca == pytest.approx(math.sqrt(48.0))
    assert result.patches["dPC"].tolist() == pytest.approx([100 * 16 / 48] * 3)
    assert result.patches["dPCintra"].tolist() == pytest.approx([100 * 16 / 48] * 3)
    assert result.patches["dPCflux"].tolist() == pytest.approx([0.0] * 3)
    assert result.patches["dPCconnector"].tolist() == pytest.approx([0.0] * 3, abs=1e-9)
    texts = [t.format(**p) for t, p in result.warnings]
    assert any("the 3 patches are isolated" in t and "cheapest costs at least 60" in t for t in texts)


# --------------------------------------------------------------------------- same input, same output

def tie_landscape():
    """Uniform resistance (every link has many equally cheap paths) with a few walls, 14 patches
    (one of them in two features with the same id)."""
    rng = np.random.default_rng(3)
    values = np.ones((150, 150))
    values[40, 10:100] = 30.0
    values[20:120, 90] = 30.0
    grid = grid_of(values)
    geoms, ids = [], []
    corners = []
    while len(corners) < 13:
        r, c = (int(v) for v in rng.integers(3, 140, 2))
        if all(abs(r - r2) > 12 or abs(c - c2) > 12 for r2, c2 in corners):
            corners.append((r, c))
    for number, (r, c) in enumerate(corners, start=1):
        geoms.append(cells_box(grid, r, c, r + 2, c + 2))
        ids.append(number * 10)
    geoms += [cells_box(grid, 70, 60, 72, 61), cells_box(grid, 70, 62, 72, 63)]   # one patch, two parts
    ids += [999, 999]
    return grid, geoms, ids


def assert_same(one, other):
    for name in ("links", "corridors", "patches", "gaps"):
        pd.testing.assert_frame_equal(getattr(one, name), getattr(other, name), check_exact=True)
    for name in ("link_geometries", "corridor_geometries", "gap_geometries", "patch_geometries"):
        a, b = getattr(one, name), getattr(other, name)
        assert len(a) == len(b) and all(shapely.equals_exact(x, y, 0.0) for x, y in zip(a, b)), name
    np.testing.assert_array_equal(one.corridor_raster.values, other.corridor_raster.values)
    assert (one.pc, one.eca, one.components) == (other.pc, other.eca, other.components)


def test_one_and_several_worker_processes_and_any_feature_order_give_the_same_result(monkeypatch):
    if not workers.can_fork():
        pytest.skip(f"worker processes need os.fork on Linux; this is {sys.platform}")
    grid, geoms, ids = tie_landscape()
    options = {"dispersal_cost": 400.0, "corridor_raster": True}
    monkeypatch.setenv("WERTVOLL_WORKERS", "1")
    serial = run(grid, geoms, ids, **options)
    assert serial.stats["workers"] == 1 and len(serial.links) >= 15
    monkeypatch.setenv("WERTVOLL_WORKERS", "2")
    parallel = run(grid, geoms, ids, **options)
    assert parallel.stats["workers"] == 2
    assert_same(serial, parallel)
    order = list(range(len(geoms)))
    for seed in (1, 2):
        random.Random(seed).shuffle(order)
        shuffled = run(grid, [geoms[i] for i in order], [ids[i] for i in order], **options)
        assert_same(serial, shuffled)
    # the patches come out in the order of their ids, whatever the feature order
    assert serial.patches["patch_id"].tolist() == sorted(set(ids))
