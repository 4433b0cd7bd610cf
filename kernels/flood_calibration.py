"""The flood-zone height fitted on the official flood zones and carried over to the rivers without one.

Official flood zones (HQ100: WHG §76, in Saxony SächsWG §72) are designated for the larger rivers
only. Where they exist, the height above the river that reproduces them best is a measured value,
not an assumption; this module fits it per river class and applies it to the rivers of the same
class that have no official zone. No QGIS here: numpy and pandas; ``kernels/flood.py`` calls it.

Rules
-----
River class
    Each river line has a class: the value of a class field (text; NULL = no class), or by
    default its Strahler order (Strahler 1957, "Quantitative analysis of watershed geomorphology",
    Trans. AGU 38: a line without inflow has order 1; where two or more lines of the highest
    inflowing order m meet, the line below has m + 1, else m), computed on the network of
    ``kernels/flood.py`` (a line flows into the line starting in the cell where it ends). A river
    cell takes the highest class of the lines through it (the larger river wins), and every other
    cell the class of its reference river cell (the one its height is measured from).
Gauged river cells
    A river cell inside the official zone (cell-centre rule) belongs to a river with an official
    zone. The calibration cells are the cells with a height whose reference river cell is gauged.
Fit (per class)
    Candidate thresholds t_k = k × :data:`STEP_M` for k = 0 … :data:`MAX_THRESHOLD_M` / STEP_M; a
    cell is estimated for t_k when ceil(height / STEP_M) <= k (height <= t_k up to rounding; heights
    <= 0 always). Agreement is the critical success index CSI = hits / (hits + misses + false
    alarms) over the calibration cells of the class (Wing et al. 2017, Water Resour. Res. 53,
    doi:10.1002/2017WR020917; Bates & De Roo 2000 "F"), maximised; ties go to the smallest
    threshold. A class with fewer than :data:`MIN_OFFICIAL_CELLS` official calibration cells, or
    no class, takes the threshold fitted on all calibration cells together ("all classes").
Calibrated zone
    A cell is in the calibrated zone when it qualifies for the threshold of its class (as above)
    and is 8-connected to a river cell through qualifying cells (river cells always qualify: the
    connectivity rule of the estimated zones). The output zone ``kinds.CALIBRATED_ZONE`` (100, "estimated
    HQ100, calibrated") is the part whose reference river cell is not gauged: the rivers without
    an official zone. The measures of the table (hit rate, false-alarm ratio, CSI, areas) are
    those of this same rule on the calibration cells of each class, connectivity included; the
    row "all classes" gives them for the one threshold fitted on all calibration cells, drawn the
    same way (what a single regional threshold would achieve).
What it is not: a hydraulic model. It transfers how high HQ100 reaches above the river on the
gauged rivers to similar ones; a class whose rivers differ (steeper, embanked) transfers badly.
"""
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..kinds import FLOOD_CALIBRATION

STEP_M = 0.05            # m between candidate thresholds (Annahme / assumption: below DEM accuracy of ~0.15 m)
MAX_THRESHOLD_M = 20.0   # m: the highest candidate threshold (Annahme / assumption)
MIN_OFFICIAL_CELLS = 50  # official calibration cells a class needs for its own fit (Annahme / assumption)
ALL_CLASSES = -1         # class code of the fit over all calibration cells (and of lines without class)
#: the columns of the calibration table
COLUMNS = FLOOD_CALIBRATION.names()


class RiverClasses(NamedTuple):
    """The class of every river line part: an integer code (-1: none) and the name of each code."""

    codes: np.ndarray  # int, one per line part
    names: tuple       # names[code]


def strahler_orders(n_lines, up, down):
    """Strahler order of *n_lines* lines joined by the edges *up*[i] -> *down*[i] (see module docstring).

    Lines in a loop are ordered from the lines already ordered when the loop is reached (Kahn's
    order over the edges; what is left is taken in index order), so every line gets an order.
    """
    preds = [[] for _ in range(n_lines)]
    succs = [[] for _ in range(n_lines)]
    for u, d in zip(np.asarray(up).tolist(), np.asarray(down).tolist()):
        preds[d].append(u)
        succs[u].append(d)
    waiting = [len(p) for p in preds]
    order = np.zeros(n_lines, dtype=np.int64)
    ready = [i for i in range(n_lines) if waiting[i] == 0]
    for line in _kahn(ready, waiting, succs, n_lines):
        order[line] = _strahler_of([order[p] for p in preds[line] if order[p] > 0])
    return order


def _kahn(ready, waiting, succs, n_lines):
    """Yield every line once, each after all its inflows where the graph allows (loops: index order)."""
    seen = np.zeros(n_lines, dtype=bool)
    rest = 0
    while True:
        while ready:
            line = ready.pop()
            if seen[line]:
                continue
            seen[line] = True
            yield line
            for d in succs[line]:
                waiting[d] -= 1
                if waiting[d] == 0:
                    ready.append(d)
        while rest < n_lines and seen[rest]:
            rest += 1
        if rest == n_lines:
            return
        ready.append(rest)


def _strahler_of(inflow_orders):
    """The order of a line from the orders of the lines flowing into it."""
    if not inflow_orders:
        return 1
    top = max(inflow_orders)
    return top + 1 if inflow_orders.count(top) >= 2 else top


def classes_from_orders(orders):
    """:class:`RiverClasses` of Strahler *orders* (codes = order - 1, names '1', '2', …)."""
    orders = np.asarray(orders, dtype=np.int64)
    top = int(orders.max()) if len(orders) else 0
    return RiverClasses(orders - 1, tuple(str(k) for k in range(1, top + 1)))


def classes_from_values(values):
    """:class:`RiverClasses` of class field *values* (text; NULL/NaN/'' = no class), codes in sorted order."""
    texts = [_class_text(v) for v in values]
    names = tuple(sorted({t for t in texts if t}))
    index = {name: code for code, name in enumerate(names)}
    return RiverClasses(np.array([index.get(t, ALL_CLASSES) for t in texts], dtype=np.int64), names)


def _class_text(value):
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --------------------------------------------------------------------------- the fit

def height_bins(height):
    """ceil(height / STEP_M) as int32: 0 for heights <= 0, a bin above every candidate for NaN."""
    top = int(round(MAX_THRESHOLD_M / STEP_M)) + 1
    with np.errstate(invalid="ignore"):
        bins = np.ceil(np.clip(height, 0.0, MAX_THRESHOLD_M + STEP_M) / STEP_M)
    bins[np.isnan(bins)] = top
    return bins.astype(np.int32)


class Fit(NamedTuple):
    """The fitted threshold bin per class code (``bins[code]``; ``pooled`` for all classes), or None."""

    bins: np.ndarray    # int, per class code: the bin k of its threshold (t = k × STEP_M)
    own: np.ndarray     # bool, per class code: fitted on its own cells (else: on all classes)
    pooled: int         # the bin of the fit over all classes


def fit_thresholds(bins, official, ref_class, n_classes):
    """The :class:`Fit` on the calibration cells (*bins*, *official*, *ref_class*: 1-d, one per cell),
    or None when none of them is official."""
    top = int(round(MAX_THRESHOLD_M / STEP_M)) + 2
    cls = np.where(ref_class < 0, n_classes, ref_class).astype(np.int64)   # no class: one more row
    key = cls * top + np.minimum(bins, top - 1)
    inside = np.bincount(key[official], minlength=(n_classes + 1) * top).reshape(-1, top)
    outside = np.bincount(key[~official], minlength=(n_classes + 1) * top).reshape(-1, top)
    pooled = _best_bin(inside.sum(axis=0), outside.sum(axis=0))
    if pooled is None:
        return None
    own = inside[:n_classes].sum(axis=1) >= MIN_OFFICIAL_CELLS
    fitted = [_best_bin(inside[c], outside[c]) if own[c] else pooled for c in range(n_classes)]
    return Fit(np.array(fitted, dtype=np.int64), own, pooled)


def _best_bin(inside, outside):
    """The candidate bin k with the highest CSI (the smallest k of equal ones); None without official cells."""
    official = inside.sum()
    if official == 0:
        return None
    hits = np.cumsum(inside[:-1])           # the last bin holds the cells above every candidate
    false_alarms = np.cumsum(outside[:-1])
    csi = hits / (official + false_alarms)
    return int(np.argmax(csi))


def qualifies(bins, ref_class, fit, pooled=False):
    """Bool per cell: its height is within the fitted threshold of its class (see module docstring);
    *pooled*: within the one threshold fitted on all classes."""
    if pooled:
        return bins <= fit.pooled
    limit = np.append(fit.bins, fit.pooled)          # code -1 (no class) -> the pooled fit
    return bins <= limit[ref_class]


# --------------------------------------------------------------------------- the measures

class Cells(NamedTuple):
    """Per calibration cell (1-d): in the zone drawn with each class's threshold, in the zone drawn with
    the one threshold of all classes, in the official zone, and the class code of its river cell."""

    calibrated: np.ndarray
    pooled: np.ndarray
    official: np.ndarray
    ref_class: np.ndarray


def measures(cells, names, fit, cell_area):
    """The calibration table (:data:`COLUMNS` but the last) of the :class:`Cells` *cells*: one row per
    class with calibration cells, then the row of all classes with the one threshold fitted on all
    of them; areas in m² (*cell_area* per cell)."""
    rows = []
    for c in range(len(names)):
        mine = cells.ref_class == c
        if mine.any():
            label = (names[c], fit.bins[c] * STEP_M, "own class" if fit.own[c] else "all classes")
            rows.append(label + _agreement(cells.calibrated[mine], cells.official[mine], cell_area))
    rows.append(("", fit.pooled * STEP_M, "all classes") + _agreement(cells.pooled, cells.official, cell_area))
    return pd.DataFrame(rows, columns=COLUMNS[:-1])


def _agreement(estimated, official, cell_area):
    """(official m², estimated m², hit rate, false-alarm ratio, CSI) of two bool arrays."""
    hits = int(np.count_nonzero(estimated & official))
    n_official, n_estimated = int(np.count_nonzero(official)), int(np.count_nonzero(estimated))
    union = n_official + n_estimated - hits
    return (n_official * cell_area, n_estimated * cell_area,
            hits / n_official if n_official else np.nan,
            (n_estimated - hits) / n_estimated if n_estimated else np.nan,
            hits / union if union else np.nan)
