"""Progress and cancellation for one kernel call, shared by all kernels.

A kernel takes ``progress`` (``callable(percent)``), ``is_cancelled``
(``callable() -> bool``) and ``log`` (``callable(template, **params)``) and wraps them
in :class:`Run`; ``run.report(p)`` reports and checks for a cancel, ``run.step(p,
template)`` also names the step that starts, ``run.map(func, *arrays)`` applies a vectorised shapely
function in chunks so that a cancel is honoured within a fraction of a second.
"""
import numpy as np
import shapely

from .errors import Cancelled

DEFAULT_CHUNK = 8000  # geometries per vectorised call between cancellation checks


class Run:
    """Progress and cancellation for one call."""

    def __init__(self, progress, is_cancelled, log=None):
        self._progress = progress
        self._cancelled = is_cancelled
        self._log = log

    def step(self, percent, template, **params):
        """Report *percent* and tell the user, in planner's words, which step starts now.

        *template* is an ``N_()``-marked English text with ``{name}`` placeholders;
        the QGIS side translates it and shows it in the Processing log.
        """
        self.report(percent)
        if self._log is not None:
            self._log(template, **params)

    def is_cancelled(self):
        """Whether the user cancelled (for kernels that poll themselves, e.g. around a solver)."""
        return self._cancelled is not None and bool(self._cancelled())

    def log(self, template, **params):
        """Tell the user *template* (``N_()`` text) without reporting progress."""
        if self._log is not None:
            self._log(template, **params)

    def check(self):
        if self._cancelled is not None and self._cancelled():
            raise Cancelled()

    def report(self, percent):
        self.check()
        if self._progress is not None:
            self._progress(float(min(100.0, max(0.0, percent))))

    def map(self, func, *arrays, chunk=None, span=None):
        """``func(*arrays)`` in chunks, checking cancellation between chunks.

        A chunk holds at most *chunk* elements and about ``chunk * 60``
        coordinates of the geometry arguments, so that its time stays short
        also for big polygons.
        """
        chunk = chunk or DEFAULT_CHUNK
        n = len(arrays[0])
        if n == 0:
            self.check()
            return func(*arrays)
        cost = np.full(n, 20, dtype=np.int64)
        for a in arrays:
            if a.dtype == object:
                cost += shapely.get_num_coordinates(a)
        budget = chunk * 60
        if n <= chunk and cost.sum() <= budget:
            self.check()
            return func(*arrays)
        # chunk ends: every `chunk` elements and every `budget` of cumulated cost
        csum = np.cumsum(cost)
        ends = np.unique(np.r_[np.searchsorted(csum, np.arange(budget, csum[-1], budget), side="right"),
                               np.arange(chunk, n, chunk), n])
        ends = ends[ends > 0]
        out = []
        start = 0
        for end in ends:
            self.check()
            if span is not None and self._progress is not None:
                self._progress(float(span[0] + (span[1] - span[0]) * start / n))
            out.append(func(*[a[start:end] for a in arrays]))
            start = end
        return np.concatenate(out)
