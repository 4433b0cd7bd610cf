"""Optimal selection kernel: every optimum checked against an enumeration of all subsets.

The enumeration (:func:`best_by_enumeration`) is written here independently of the kernel:
2^n subsets as a boolean matrix, each constraint a plain sum over the subset. Each case is built
so that the constraint binds (its optimum differs from the one without it) and so that the
greedy walk down the ranks takes more than the optimum.
"""
import os

import numpy as np
import pytest
import shapely

from wertvoll.kernels import ranking, selection
from wertvoll.kernels.errors import Cancelled, KernelError
from wertvoll.kernels.selection import SelectionProblem, neighbour_pairs, solve

# 10 parts, 3 municipalities (values chosen by hand; points = gain * area)
AREA = np.array([8.0, 3.0, 4.0, 5.0, 2.0, 6.0, 7.0, 3.0, 4.0, 5.0])
GAIN = np.array([9.0, 6.0, 5.0, 4.0, 8.0, 3.0, 2.0, 7.0, 5.0, 6.0])
POINTS = GAIN * AREA            # 72 18 20 20 16 18 14 21 20 30  (sum 249)
GROUP = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2, 2])
DEMAND = 110.0


def subsets(n):
    """Every subset of n parts as rows of a boolean matrix (2^n × n)."""
    return ((np.arange(2 ** n)[:, None] >> np.arange(n)) & 1).astype(bool)


def best_by_enumeration(points, cost, demand, feasible=None, bonus=None):
    """(minimum objective, its subsets) over all subsets covering *demand* that *feasible* accepts."""
    masks = subsets(len(points))
    objective = masks @ cost
    if bonus is not None:
        for i, j, b in zip(*bonus):
            objective = objective - b * (masks[:, i] & masks[:, j])
    ok = masks @ points >= demand - 1e-9
    if feasible is not None:
        ok &= feasible(masks)
    best = objective[ok].min()
    return best, masks[ok & np.isclose(objective, best)]


def problem(**kw):
    base = dict(points=POINTS, area=AREA, demand=DEMAND, cost=AREA, mip_gap=0.0)
    base.update(kw)
    return SelectionProblem(**base)


def check(prob, feasible=None, bonus=None):
    """Solve *prob*; its objective equals the enumerated optimum and its selection is one of the optima."""
    solution = solve(prob)
    best, optima = best_by_enumeration(np.asarray(prob.points), np.asarray(prob.cost), prob.demand, feasible, bonus)
    assert solution.objective == pytest.approx(best)
    assert solution.status == "optimal" and solution.gap == pytest.approx(0.0, abs=1e-9)
    assert any((solution.selected == m).all() for m in optima)
    return solution, best


def greedy_area(points, area, demand):
    """Area the walk down the ranks takes (score = gain, as the screening's uplift term)."""
    order = ranking.rank_order(points / area, points, np.arange(len(points)))
    chosen, met = ranking.walk(points, order, demand)
    assert met
    return area[chosen].sum()


def test_greedy_takes_more_land_than_the_optimum():
    # by hand: the walk by gain takes 0 (72), 4 (16) -> 88, 7 (21) -> 109, then 9 (gain 6 like part 1,
    # more uplift: 30) -> 139 >= 110: area 8 + 2 + 3 + 5 = 18 m². Optimum: 0 + 1 + 7 = 111 points on 14 m².
    assert greedy_area(POINTS, AREA, DEMAND) == 18.0
    solution, best = check(problem())
    assert best == 14.0 and np.flatnonzero(solution.selected).tolist() == [0, 1, 7]


def test_small_case_by_hand():
    # parts: points 10, 6, 6, 3; area 10, 5, 5, 4; demand 12. Greedy by points: 10 + 6 -> area 15.
    # Optimum by hand: 6 + 6 = 12 -> area 10 (10 + 3 = 13 points has area 14).
    prob = SelectionProblem(points=np.array([10.0, 6, 6, 3]), area=np.array([10.0, 5, 5, 4]), demand=12,
                            cost=np.array([10.0, 5, 5, 4]))
    solution = solve(prob)
    assert solution.selected.tolist() == [False, True, True, False]
    assert solution.objective == 10.0 and solution.status == "optimal"


def test_municipality_area_cap_binds():
    cap = np.array([8.0, np.inf, np.inf])            # municipality 0: at most 8 m² (the optimum takes 11)
    unconstrained, _ = best_by_enumeration(POINTS, AREA, DEMAND)
    solution, best = check(problem(group=GROUP, group_max_area=cap),
                           lambda m: m[:, GROUP == 0] @ AREA[GROUP == 0] <= 8.0)
    assert best > unconstrained                        # the cap binds
    assert AREA[solution.selected & (GROUP == 0)].sum() <= 8.0


def test_municipality_min_and_max_points_bind():
    unconstrained, _ = best_by_enumeration(POINTS, AREA, DEMAND)
    low = np.array([0.0, 30.0, 0.0])                  # at least 30 points from municipality 1
    _, best_low = check(problem(group=GROUP, group_min_points=low),
                        lambda m: m[:, GROUP == 1] @ POINTS[GROUP == 1] >= 30.0)
    high = np.array([60.0, np.inf, np.inf])           # at most 60 points from municipality 0 (no part 0)
    solution, best_high = check(problem(group=GROUP, group_max_points=high),
                                lambda m: m[:, GROUP == 0] @ POINTS[GROUP == 0] <= 60.0)
    assert best_low > unconstrained and best_high > unconstrained
    assert not solution.selected[0]


def test_prime_soil_maximum_binds():
    prime = np.array([1, 0, 0, 0, 1, 0, 0, 1, 0, 1], dtype=bool)
    unconstrained, _ = best_by_enumeration(POINTS, AREA, DEMAND)
    _, best = check(problem(prime=prime, prime_max_area=8.0), lambda m: m @ (AREA * prime) <= 8.0)
    assert best > unconstrained


def test_pik_minimum_share_binds():
    pik = np.array([0, 1, 1, 0, 0, 1, 0, 0, 0, 0], dtype=bool)
    unconstrained, _ = best_by_enumeration(POINTS, AREA, DEMAND)
    solution, best = check(problem(pik=pik, pik_min_share=0.4),
                           lambda m: m @ (AREA * pik) >= 0.4 * (m @ AREA) - 1e-9)
    assert best > unconstrained
    sel = solution.selected
    assert AREA[sel & pik].sum() >= 0.4 * AREA[sel].sum() - 1e-9


NITRATE = np.array([0.0, 40.0, 35.0, 0.0, 0.0, 50.0, np.nan, 0.0, 30.0, 0.0])  # kg N/a; NaN: no estimate
CARBON = np.array([1.0, -0.5, 0.0, 2.0, 0.0, 0.5, 3.0, 0.0, 0.0, 1.5])   # t CO2/a


def test_least_nitrate_avoided_binds():
    unconstrained, optima = best_by_enumeration(POINTS, AREA, DEMAND)
    assert all(m @ np.nan_to_num(NITRATE) < 80 for m in optima)  # without the row the optimum avoids less
    solution, best = check(problem(nitrate=NITRATE, nitrate_min=80.0),
                           lambda m: m @ np.nan_to_num(NITRATE) >= 80.0 - 1e-9)
    assert best > unconstrained and np.nansum(NITRATE[solution.selected]) >= 80.0


def test_least_carbon_stored_binds():
    unconstrained, _ = best_by_enumeration(POINTS, AREA, DEMAND)
    solution, best = check(problem(carbon=CARBON, carbon_min=5.0), lambda m: m @ CARBON >= 5.0 - 1e-9)
    assert best > unconstrained and CARBON[solution.selected].sum() >= 5.0


def test_nitrate_minimum_out_of_reach_is_named():
    error = message(problem(nitrate=NITRATE, nitrate_min=200.0))  # all together avoid 155 kg N/a
    assert "nitrate leaching" in error.template and error.params["high"] == pytest.approx(155.0)
    error = message(problem(carbon=None, carbon_min=1.0))  # no estimates at all: nothing stores carbon
    assert "soil carbon" in error.template and error.params["high"] == 0.0


def test_locked_in_and_out():
    lock = np.zeros(10, dtype=np.int8)
    lock[6], lock[0] = 1, -1                           # the worst part (gain 2) in, the best out
    solution, _ = check(problem(lock=lock), lambda m: m[:, 6] & ~m[:, 0])
    assert solution.selected[6] and not solution.selected[0]


def test_parts_of_one_parcel_together():
    together = np.array([0, 1, 1, 2, 3, 4, 5, 6, 7, 7])   # parts 1+2 and 8+9 are two parcels
    unconstrained, _ = best_by_enumeration(POINTS, AREA, DEMAND)
    solution, best = check(problem(together=together),
                           lambda m: (m[:, 1] == m[:, 2]) & (m[:, 8] == m[:, 9]))
    assert best > unconstrained
    assert solution.selected[1] == solution.selected[2] and solution.selected[8] == solution.selected[9]


def test_pair_bonus_selects_neighbours():
    # by hand: 7 and 9 side by side earn 5: 0 + 7 + 9 = 123 points, 16 - 5 = 11 < 14 (0 + 1 + 7);
    # 3 and 5 earn 1, far too little for their 11 m²
    pairs = (np.array([7, 3]), np.array([9, 5]), np.array([5.0, 1.0]))
    solution, best = check(problem(pairs=pairs), bonus=pairs)
    assert best == 11.0 and np.flatnonzero(solution.selected).tolist() == [0, 7, 9]


def test_pair_inside_one_parcel_counts_as_its_bonus():
    pairs = (np.array([8]), np.array([9]), np.array([4.0]))
    together = np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 8])
    solution, best = check(problem(pairs=pairs, together=together),
                           lambda m: m[:, 8] == m[:, 9], bonus=pairs)
    assert solution.objective == pytest.approx(best)


def test_small_cores_grow_until_proven(monkeypatch):
    """Cores from 1 unit: the reduced-cost proof must make the core grow to reach the optimum."""
    monkeypatch.setattr(selection, "CORE_START", 1)
    monkeypatch.setattr(selection, "CORE_GROWTH", 2)
    rng = np.random.default_rng(7)
    area = rng.uniform(1, 10, 12).round(1)
    points = (area * rng.uniform(1, 10, 12)).round(1)
    prob = SelectionProblem(points=points, area=area, demand=0.5 * points.sum(), cost=area, mip_gap=0.0,
                            group=np.arange(12) % 3, group_max_area=np.full(3, area.sum() / 4))
    cap = area.sum() / 4
    solution, _ = check(prob, lambda m: np.all([m[:, np.arange(12) % 3 == g] @ area[np.arange(12) % 3 == g]
                                                <= cap + 1e-9 for g in range(3)], axis=0))
    assert solution.rounds > 1 and solution.core > 1     # the core had to grow


def test_same_input_same_selection_and_permuted_same_objective():
    prob = problem(group=GROUP, group_max_area=np.array([np.inf, np.inf, 9.0]))
    a, b = solve(prob), solve(prob)
    assert (a.selected == b.selected).all() and a.objective == b.objective
    perm = np.random.default_rng(3).permutation(10)
    permuted = problem(points=POINTS[perm], area=AREA[perm], cost=AREA[perm], group=GROUP[perm],
                       group_max_area=np.array([np.inf, np.inf, 9.0]))
    c = solve(permuted)
    assert c.objective == pytest.approx(a.objective)
    back = np.empty(10, dtype=bool)
    back[perm] = c.selected
    assert AREA[back & (GROUP == 2)].sum() <= 9.0 and POINTS[back].sum() >= DEMAND


# --------------------------------------------------------------------------- infeasible


def message(prob):
    with pytest.raises(KernelError) as info:
        solve(prob)
    return info.value


def test_demand_above_all_points_is_named():
    error = message(problem(demand=300.0))              # all give 249
    assert "cannot be covered" in error.template and error.params["high"] == pytest.approx(249.0)


def test_locked_in_parts_above_a_cap_name_the_municipality():
    lock = np.zeros(10, dtype=np.int8)
    lock[[6, 9]] = 1                                    # 7 + 5 = 12 m² in municipality "Borna"
    error = message(problem(group=GROUP, group_max_area=np.array([np.inf, np.inf, 10.0]), lock=lock,
                            group_names=("Grimma", "Wurzen", "Borna")))
    assert "area cap" in error.template
    assert error.params["name"] == "Borna" and error.params["low"] == 12.0 and error.params["limit"] == 10.0


def test_caps_that_keep_the_demand_out_of_reach_are_named_with_the_reachable_points():
    # each municipality at most 4 m²: by LP the best points per m² fill the caps:
    # municipality 0: part 0 (gain 9) 4 m² -> 36; 1: part 4 (gain 8) 2 m² + part 3 (gain 4) 2 m² -> 24;
    # 2: part 7 (gain 7) 3 m² + part 9 (gain 6) 1 m² -> 27. Sum 87 < 100.
    error = message(problem(group=GROUP, group_max_area=np.full(3, 4.0)))
    assert "municipality area caps" in error.template
    assert error.params["reachable"] == pytest.approx(87.0)


def test_minimum_pik_share_out_of_reach_is_named():
    pik = np.zeros(10, dtype=bool)
    pik[1] = True                                       # only 3 m² of PIK (18 points)
    error = message(problem(pik=pik, pik_min_share=0.5))
    # by LP: PIK area 3 allows 3 m² of other land at full share: best gain 9 -> 27 + 18 = 45
    assert "PIK share" in error.template and error.params["reachable"] == pytest.approx(45.0)


def test_parcel_locked_in_and_out_at_once():
    lock = np.zeros(10, dtype=np.int8)
    lock[0], lock[1] = 1, -1
    error = message(problem(lock=lock, together=np.array([0, 0, 1, 2, 3, 4, 5, 6, 7, 8])))
    assert "locked in and parts locked out" in error.template and error.params["count"] == 1


def test_integer_infeasible_named():
    # two parts of 10 points, demand 15: LP fine (1.5 parts), but with a cap of 1.5 parts' area no whole pair fits
    prob = SelectionProblem(points=np.array([10.0, 10.0]), area=np.array([1.0, 1.0]), demand=15.0,
                            cost=np.ones(2), group=np.zeros(2, dtype=int), group_max_area=np.array([1.5]))
    assert "whole parcels" in message(prob).template
    assert prob.demand == 15.0


# --------------------------------------------------------------------------- cancel, neighbours


def test_cancel_kills_the_worker_and_raises():
    seen = []

    def cancelled():
        seen.append(1)
        return len(seen) > 1                           # the first check passes, the next one cancels

    with pytest.raises(Cancelled):
        solve(problem(), is_cancelled=cancelled)
    if selection._fork_allowed():                      # no worker left behind
        with pytest.raises(ChildProcessError):
            os.waitpid(-1, os.WNOHANG)


def test_solves_in_process_without_workers(monkeypatch):
    monkeypatch.setenv("WERTVOLL_WORKERS", "1")
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked"))
    assert solve(problem()).objective == pytest.approx(best_by_enumeration(POINTS, AREA, DEMAND)[0])


def test_neighbour_pairs_shared_edges_only():
    geoms = np.array([shapely.box(0, 0, 10, 10), shapely.box(10, 0, 20, 10),     # 10 m edge
                      shapely.box(20, 10, 30, 20),                                # corner only with 1
                      shapely.box(0, 10, 10.5, 20), shapely.box(50, 50, 60, 60)], dtype=object)
    i, j, shared = neighbour_pairs(geoms)
    got = {(a, b): s for a, b, s in zip(i.tolist(), j.tolist(), shared.tolist())}
    # 0-1: 10 m; 0-3: 10 m (y = 10 from x 0 to 10); 1-3: 0.5 m (x 10 to 10.5) < 1 m: left out; 1-2: a point
    assert got == {(0, 1): pytest.approx(10.0), (0, 3): pytest.approx(10.0)}
    assert neighbour_pairs(geoms, min_shared=0.1)[0].tolist() == [0, 0, 1]


def test_status_ids_are_documented():
    assert selection.STATUS_IDS == ("optimal", "gap reached", "time limit")
    assert all(f"``{s}``" in selection.__doc__ for s in selection.STATUS_IDS)
