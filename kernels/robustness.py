"""Robustness of the ranking: how often each candidate part is selected under random weightings.

Marxan's "selection frequency" for the compensation screening: would the list change if, say,
the water authority weighted drinking water higher? No QGIS here: numpy only.

Method
------
* ``runs`` random weightings around the user's weights. Weighting *i* multiplies each weight
  ``w_k`` (k in :data:`~.ranking.WEIGHT_KEYS`) by its own factor ``f_ik``, drawn independently
  and uniformly from ``[1 - spread, 1 + spread]``; ``spread`` 0.5 (±50 %) by default. The uniform
  distribution and the ±50 % are assumptions (Annahme) of the plugin: a planner's "somewhat
  more, somewhat less" with no weight more likely than another in that band and none ever
  negative (``spread`` is at most 1).
* A weight of 0 stays 0: a co-benefit the user left out is not brought back by the draws.
* The factors come from ``numpy.random.default_rng(seed).uniform(...)`` as one
  ``runs x 6`` matrix, row by row, in the order of the first six ``WEIGHT_KEYS``, and the factors
  of ``nitrate`` and ``climate`` from ``default_rng([seed, 1])`` the same way: the result
  depends only on the inputs, ``runs``, ``seed`` and ``spread`` - never on the chunking - and
  the first N weightings of a longer draw are the N weightings of a shorter one.
* The user's own weighting is NOT one of the runs (the screening's own ``selected`` column
  shows it); counting it would pull every frequency towards the user's pick by ``1/(runs+1)``.
* Each weighting is scored, ranked and walked exactly as the screening does
  (:func:`.ranking.score`, :func:`.ranking.rank_order`, :func:`.ranking.walk`, the same
  tie-breaks and the same demand). ``sel_freq`` = share of the weightings that select the
  part (0-1); ``rank_min`` / ``rank_max`` = its best / worst rank over them. With ``spread`` 0
  every weighting is the user's: ``sel_freq`` is the screening's selection as 0/1 and
  ``rank_min = rank_max = rank``. With demand 0 nothing is selected (``sel_freq`` 0).
* A robust pick is a part selected in at least :data:`ROBUST_SHARE` of the weightings.

Performance: the weightings run in chunks, each a ``chunk x parts`` score matrix sorted row by
row; the chunk is sized from the part count so that a chunk needs at most about
:data:`CHUNK_BYTES`, and cancellation is checked between chunks. 100 weightings of 300,000
parts: 6-12 s, peak RSS 123 MB on 2 shared cores (``make bench ONLY=robustness``).
"""
from typing import NamedTuple

import numpy as np

from ..kinds import ROBUST_SHARE
from . import ranking
from .errors import N_, KernelError, check_number
from .progress import Run

DEFAULT_RUNS = 100  # Annahme / assumption: enough for a frequency within about ±5 percentage points
DEFAULT_SPREAD = 0.5  # Annahme / assumption: each weight varies by up to ±50 %
CHUNK_BYTES = 50e6  # Annahme / assumption: memory of one chunk; 5 weightings of 300,000 parts, ≈ 0.5 s per chunk
BYTES_PER_CELL = 32  # Annahme / assumption: arrays alive per (weighting, part) cell; tracemalloc measured 26 B


class Parts(NamedTuple):
    """The candidate parts as the screening ranks them (see :mod:`.ranking`), one entry per part."""
    gain: np.ndarray  # value_target - value_now (points per m²)
    uplift: np.ndarray  # uplift_pts (eco-points)
    src_fid: np.ndarray  # the feature id of the source parcel (a tie-break)
    shares: dict  # key of SHARE_LAYERS (and connectivity) -> 0-1 array


class Robustness(NamedTuple):
    """Per part: selection frequency (0-1), best and worst rank (1 = best); the number of weightings."""
    sel_freq: np.ndarray
    rank_min: np.ndarray
    rank_max: np.ndarray
    runs: int

    @property
    def robust(self):
        """True for a robust pick: selected in at least :data:`ROBUST_SHARE` of the weightings."""
        return self.sel_freq >= ROBUST_SHARE


#: the weight keys of the first draw; the keys added later (nitrate, climate: issue 24) come from a
#: second generator, so that the weightings of the first six keys stay those of earlier versions
FIRST_DRAW = 6


def factors(runs, seed, spread):
    """The weight factors, ``runs x len(WEIGHT_KEYS)``: row = weighting, column = weight key."""
    low, high = 1.0 - spread, 1.0 + spread
    first = np.random.default_rng(seed).uniform(low, high, size=(runs, FIRST_DRAW))
    later = np.random.default_rng([seed, 1]).uniform(low, high, size=(runs, len(ranking.WEIGHT_KEYS) - FIRST_DRAW))
    return np.hstack([first, later])


def chunk_rows(parts, runs):
    """Weightings per chunk: as many as fit into :data:`CHUNK_BYTES` for *parts* parts, at least one."""
    return int(max(1, min(runs, CHUNK_BYTES // (BYTES_PER_CELL * max(parts, 1)))))


def selection_frequency(parts, weights, demand, *, runs=DEFAULT_RUNS, seed=1, spread=DEFAULT_SPREAD,
                        is_cancelled=None, progress=None):
    """Selection frequency and rank range of each part under *runs* random weightings.

    *parts*: :class:`Parts`; *weights*: the user's weights (a key of
    :data:`~.ranking.WEIGHT_KEYS` missing counts 0); *demand*: eco-points to cover.
    progress: ``callable(percent)``; is_cancelled: ``callable() -> bool``.

    Raises :class:`~.errors.KernelError` for a bad RUNS, SEED or SPREAD,
    :class:`~.errors.Cancelled` when *is_cancelled* returns True.
    """
    runs, seed, spread = _checked(runs, seed, spread)
    demand = check_number("DEMAND", demand, 0)
    run = Run(progress, is_cancelled)
    m = len(parts.gain)
    drawn = factors(runs, seed, spread)
    step = chunk_rows(m, runs)
    count = np.zeros(m, dtype=np.int64)
    rank_min = np.full(m, m, dtype=np.int64)
    rank_max = np.ones(m, dtype=np.int64) if m else np.zeros(0, dtype=np.int64)
    for start in range(0, runs, step):
        run.report(100.0 * start / runs)
        rows = drawn[start:start + step]
        chosen, rank = _weightings(parts, _scaled(weights, rows), demand)
        count += chosen.sum(axis=0)
        np.minimum(rank_min, rank.min(axis=0), out=rank_min)
        np.maximum(rank_max, rank.max(axis=0), out=rank_max)
    run.report(100.0)
    return Robustness(count / runs, rank_min, rank_max, runs)


def _scaled(weights, rows):
    """The weights of a chunk: each key a column ``chunk x 1`` of weight x factor."""
    return {key: weights.get(key, 0.0) * rows[:, [j]] for j, key in enumerate(ranking.WEIGHT_KEYS)}


def _weightings(parts, weights, demand):
    """(selected, rank) of a chunk of weightings, one row each: the screening's score, order and walk."""
    order = ranking.rank_order(ranking.score(parts.gain, parts.shares, weights), parts.uplift, parts.src_fid)
    selected, _ = ranking.walk(parts.uplift, order, demand)
    return selected, ranking.ranks(order)


def _checked(runs, seed, spread):
    """RUNS (whole, >= 1), SEED (whole, >= 0) and SPREAD (0-1), checked."""
    runs_value = _whole("RUNS", runs, 1)
    seed_value = _whole("SEED", seed, 0)
    spread_value = check_number("SPREAD", spread, 0)
    if spread_value > 1:
        raise KernelError(N_("{name} is '{value}'; it must be between {minimum} and {maximum}. Correct it."),
                          name="SPREAD", value=spread, minimum=0, maximum=1)
    return runs_value, seed_value, spread_value


def _whole(name, value, minimum):
    number = check_number(name, value, minimum)
    if number != int(number):
        raise KernelError(N_("{name} is '{value}'; it must be a whole number. Correct it."),
                          name=name, value=value)
    return int(number)
