"""Robustness of the ranking (selection frequency): hand cases, the seed, the chunking.

Hand case (weights: uplift 0, water 1, flood 1, riparian 0, corridor 0; every part 100 points;
demand 150 = the best part plus the next one):

    C  water 1, flood 1   score f_w + f_f      best under every weighting -> always selected
    A  flood 1            score f_f
    B  water 5/6          score 5/6 f_w        beats A iff f_w > 1.2 f_f
    D  no share, gain 24  score 0 (the uplift weight 0 stays 0) -> never selected, always 4th

With f_w, f_f independent and uniform on [0.5, 1.5] (spread 0.5):
P(f_w > 1.2 f_f) = ∫_{0.5}^{1.25} (1.5 - 1.2 x) dx = [1.5 x - 0.6 x²]_{0.5}^{1.25} = 0.9375 - 0.6 = 0.3375.
B can win only when (1 + s) 5/6 > 1 - s, i.e. spread s > 1/11.
"""
import numpy as np
import pytest

from wertvoll.kernels import ranking, robustness
from wertvoll.kernels.errors import Cancelled, KernelError
from wertvoll.kernels.robustness import ROBUST_SHARE, Parts, selection_frequency

WEIGHTS = {"uplift": 0.0, "water": 1.0, "flood": 1.0, "riparian": 0.0, "corridor": 0.0}
P_B = 0.3375  # worked out above


def hand_case():
    gain = np.array([1.0, 1.0, 1.0, 24.0])  # C, A, B, D
    uplift = np.full(4, 100.0)
    src_fid = np.array([1, 2, 3, 4])
    shares = {"water": np.array([1.0, 0.0, 5 / 6, 0.0]), "flood": np.array([1.0, 1.0, 0.0, 0.0]),
              "riparian": np.zeros(4), "corridor": np.zeros(4)}
    return Parts(gain, uplift, src_fid, shares)


def freq(runs=200, seed=1, spread=0.5, demand=150.0, **kw):
    return selection_frequency(hand_case(), WEIGHTS, demand, runs=runs, seed=seed, spread=spread, **kw)


def chunk(monkeypatch, rows, parts):
    """Make every chunk *rows* weightings long for *parts* parts."""
    monkeypatch.setattr(robustness, "CHUNK_BYTES", rows * parts * robustness.BYTES_PER_CELL)


def test_always_never_and_the_water_threshold():
    r = freq(runs=4000, seed=3)
    c, a, b, d = r.sel_freq
    assert c == 1.0 and d == 0.0
    tolerance = 4 * np.sqrt(P_B * (1 - P_B) / 4000)  # 4 standard deviations of a binomial share
    assert abs(b - P_B) < tolerance
    assert a + b == pytest.approx(1.0)  # exactly one of A and B is the second pick
    assert r.rank_min.tolist() == [1, 2, 2, 4] and r.rank_max.tolist() == [1, 3, 3, 4]
    assert r.runs == 4000 and r.robust.tolist() == [True, False, False, False]


def test_exact_with_the_seed():
    """The documented draw: default_rng(seed).uniform(1 - s, 1 + s, (runs, 6)), columns in WEIGHT_KEYS order."""
    drawn = np.random.default_rng(7).uniform(0.5, 1.5, size=(300, 6))
    water, flood = drawn[:, 1], drawn[:, 2]
    b_wins = (5 / 6 * water > flood).sum()
    r = freq(runs=300, seed=7)
    assert r.sel_freq[2] == b_wins / 300 and r.sel_freq[1] == (300 - b_wins) / 300


def test_spread_zero_is_the_plain_selection():
    r = freq(spread=0.0, runs=5)
    assert r.sel_freq.tolist() == [1.0, 1.0, 0.0, 0.0]  # A (score 1) beats B (5/6)
    assert r.rank_min.tolist() == r.rank_max.tolist() == [1, 2, 3, 4]


def test_spread_below_the_threshold_never_lets_b_win():
    r = freq(spread=0.05, runs=500)  # 0.05 < 1/11
    assert r.sel_freq.tolist() == [1.0, 1.0, 0.0, 0.0]
    assert r.rank_min.tolist() == r.rank_max.tolist() == [1, 2, 3, 4]


def test_demand_zero_selects_nothing_and_short_demand_selects_all():
    zero = freq(demand=0.0)
    assert zero.sel_freq.tolist() == [0.0] * 4
    assert zero.rank_min.tolist() == [1, 2, 2, 4]  # the ranks are still known
    assert freq(demand=401.0).sel_freq.tolist() == [1.0] * 4  # 400 points in all: every part


def test_robust_pick_threshold():
    r = robustness.Robustness(np.array([0.9, 0.89, 1.0, 0.0]), np.ones(4, int), np.ones(4, int), 100)
    assert ROBUST_SHARE == 0.9
    assert r.robust.tolist() == [True, False, True, False]
    assert (90 / 100 >= ROBUST_SHARE) and not (89 / 100 >= ROBUST_SHARE)


def random_case(m=500, seed=5):
    rng = np.random.default_rng(seed)
    gain = rng.integers(1, 16, m).astype(float)
    uplift = gain * rng.lognormal(7, 1, m)
    shares = {k: np.round(rng.uniform(0, 1, m), 1) for k in ranking.SHARE_LAYERS}  # rounded: many ties
    src_fid = rng.integers(0, m // 3, m)  # several parts per source feature
    weights = dict.fromkeys(ranking.WEIGHT_KEYS[:5], 1.0)
    return Parts(gain, uplift, src_fid, shares), weights, float(uplift.sum() * 0.3)


def test_same_seed_same_bytes_and_other_seed_differs():
    case = random_case()
    one, two = selection_frequency(*case, seed=11), selection_frequency(*case, seed=11)
    for field in ("sel_freq", "rank_min", "rank_max"):
        assert getattr(one, field).tobytes() == getattr(two, field).tobytes()
    assert not np.array_equal(one.sel_freq, selection_frequency(*case, seed=12).sel_freq)


def test_result_independent_of_the_chunk_size(monkeypatch):
    case = random_case()
    reference = selection_frequency(*case, runs=37, seed=4)
    assert robustness.chunk_rows(500, 37) == 37  # the default: one chunk
    for rows in (1, 5, 36, 37, 100):
        chunk(monkeypatch, rows, 500)
        r = selection_frequency(*case, runs=37, seed=4)
        assert np.array_equal(r.sel_freq, reference.sel_freq)
        assert np.array_equal(r.rank_min, reference.rank_min) and np.array_equal(r.rank_max, reference.rank_max)


def test_first_weightings_of_a_longer_draw_are_the_shorter_draw():
    assert np.array_equal(robustness.factors(50, 9, 0.5), robustness.factors(100, 9, 0.5)[:50])


def test_spread_zero_equals_the_screening_ranking_on_a_random_case():
    parts, weights, demand = random_case()
    gain, uplift, src_fid, shares = parts
    r = selection_frequency(parts, weights, demand, runs=3, spread=0.0)
    score = ranking.score(gain, shares, weights)
    # the screening's rank order, written out: score desc, uplift desc, src_fid asc, part order
    order = np.lexsort((np.arange(len(gain)), src_fid, -uplift, -score))
    rank = np.empty(len(gain), int)
    rank[order] = np.arange(1, len(gain) + 1)
    covered = np.cumsum(uplift[order]) >= demand
    selected = np.zeros(len(gain), bool)
    selected[order[:np.argmax(covered) + 1]] = True
    assert np.array_equal(r.sel_freq, selected.astype(float))
    assert np.array_equal(r.rank_min, rank) and np.array_equal(r.rank_max, rank)


def test_stacked_ranking_equals_one_row_at_a_time():
    (gain, uplift, src_fid, shares), weights, demand = random_case(m=300)
    rows = np.random.default_rng(2).uniform(0.5, 1.5, size=(6, 1))
    stacked = {k: v * rows for k, v in weights.items()}
    order = ranking.rank_order(ranking.score(gain, shares, stacked), uplift, src_fid)
    selected, met = ranking.walk(uplift, order, demand)
    for i in range(6):
        one = ranking.rank_order(ranking.score(gain, shares, {k: v * rows[i, 0] for k, v in weights.items()}),
                                 uplift, src_fid)
        assert np.array_equal(order[i], one)
        assert np.array_equal(ranking.ranks(order)[i], ranking.ranks(one))
        assert np.array_equal(selected[i], ranking.walk(uplift, one, demand)[0])
    assert met.tolist() == [True] * 6


def test_no_parts():
    empty = {k: np.zeros(0) for k in ranking.SHARE_LAYERS}
    r = selection_frequency(Parts(np.zeros(0), np.zeros(0), np.zeros(0, int), empty), WEIGHTS, 10.0, runs=4)
    assert len(r.sel_freq) == len(r.rank_min) == len(r.rank_max) == 0


def test_chunk_rows_bounds_the_memory():
    assert robustness.chunk_rows(300_000, 100) * 300_000 * robustness.BYTES_PER_CELL <= robustness.CHUNK_BYTES
    assert robustness.chunk_rows(10, 100) == 100 and robustness.chunk_rows(10**9, 100) == 1


def test_progress_and_cancel(monkeypatch):
    chunk(monkeypatch, 3, 4)
    seen = []
    freq(runs=10, progress=seen.append)
    assert seen == [0.0, 30.0, 60.0, 90.0, 100.0]
    calls = []

    def cancel_second_chunk():
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(Cancelled):
        freq(runs=10, is_cancelled=cancel_second_chunk)


@pytest.mark.parametrize("kw, name", [({"spread": 1.5}, "SPREAD"), ({"spread": -0.1}, "SPREAD"),
                                      ({"runs": 0}, "RUNS"), ({"runs": 2.5}, "RUNS"), ({"seed": -1}, "SEED"),
                                      ({"demand": -1.0}, "DEMAND")])
def test_bad_parameters(kw, name):
    with pytest.raises(KernelError) as error:
        freq(**kw)
    assert error.value.params["name"] == name
