"""The score, the rank and the walk down the ranks of the compensation screening.

One definition, used by the screening (:mod:`.screening`) and by the robustness of the
ranking (:mod:`.robustness`), so that a random weighting ranks exactly as the screening would.
No QGIS here: numpy only.

* ``score = w_uplift * gain / 24 + Σ w_k * share_k`` (k in :data:`SHARE_LAYERS` and, when
  given, ``connectivity``, ``nitrate`` and ``climate``); the division by 24 (top of the BKompV scale) and the equal default
  weights are assumptions (Annahme) of the plugin: the score only orders the candidates.
* rank 1 = best: by score descending, then larger uplift, then smaller ``src_fid``, then the
  order of the parts.
* the walk selects down the ranks until the selected uplift reaches the demand; the candidate
  that crosses the line is selected.
"""
import numpy as np

WEIGHT_KEYS = ("uplift", "water", "flood", "riparian", "corridor", "connectivity", "nitrate", "climate")
SHARE_LAYERS = ("water", "flood", "riparian", "corridor")
#: the weight of a key not given: 1, but 0 for nitrate and climate (issue 24), so that a ranking
#: without them stays what it was; the equal weights 1 are assumptions (Annahme) of the plugin
DEFAULT_WEIGHTS = {**dict.fromkeys(WEIGHT_KEYS, 1.0), "nitrate": 0.0, "climate": 0.0}
SCALE_MAX = 24.0


def score(gain, shares, weights):
    """The score of each part: *gain* = value_target - value_now; *shares*: dict key -> 0-1 array.

    Keys of *weights* without a share (e.g. ``connectivity`` when no network was given) add nothing.
    """
    out = weights["uplift"] * np.asarray(gain, dtype=float) / SCALE_MAX
    for key, share in shares.items():
        out = out + weights.get(key, 0.0) * share
    return out


def rank_order(scores, uplift, src_fid):
    """The parts in rank order (best first): score desc, uplift desc, src_fid asc, part order.

    *scores* may also hold one row per weighting (``runs x parts``): then one order per row.
    The ties are ordered once; a stable sort by score keeps that order among equal scores.
    """
    scores = np.asarray(scores)
    m = scores.shape[-1]
    tie = np.lexsort((np.arange(m), src_fid, -np.asarray(uplift)))
    return tie[np.argsort(-scores[..., tie], axis=-1, kind="stable")]


def ranks(order):
    """Rank (1 = best) of each part from :func:`rank_order` (per row for a stack of orders)."""
    order = np.asarray(order)
    rank = np.empty(order.shape, dtype=np.int64)
    np.put_along_axis(rank, order, np.arange(1, order.shape[-1] + 1), axis=-1)
    return rank


def walk(uplift, order, demand):
    """Select down *order* until the selected uplift reaches *demand*: (selected, demand met).

    The part that crosses the line is selected; all are when they fall short; none with demand 0.
    For a stack of orders (one row per weighting) both come per row.
    """
    order = np.asarray(order)
    selected = np.zeros(order.shape, dtype=bool)
    if demand <= 0:
        return selected, True
    m = order.shape[-1]
    cum = np.cumsum(np.asarray(uplift)[order], axis=-1)
    sentinel = np.ones(order.shape[:-1] + (1,), dtype=bool)  # "none covers": first = m
    first = np.argmax(np.concatenate([cum >= demand, sentinel], axis=-1), axis=-1)
    met = first < m
    count = np.where(met, first + 1, m)
    np.put_along_axis(selected, order, np.arange(m) < np.expand_dims(count, -1), axis=-1)
    return selected, (bool(met) if np.ndim(met) == 0 else met)
