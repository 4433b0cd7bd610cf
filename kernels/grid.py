"""A raster in memory for the kernels: values plus the north-up grid they sit on.

The QGIS side reads a raster layer into a :class:`Grid` (``algorithms/base.py``
``read_raster``) and writes one back (``write_raster``); kernels only see numpy.
Nodata is NaN in ``values`` (float64), so kernels need no nodata bookkeeping.
Rotated rasters are not supported (the reader refuses them with a clear message).
"""
from dataclasses import dataclass

import numpy as np


@dataclass
class Grid:
    """``values[row, col]``; cell (0, 0) is the upper-left; ``dy`` is positive (rows go south)."""

    values: np.ndarray
    x0: float  # x of the left edge
    y0: float  # y of the top edge
    dx: float  # cell width (m)
    dy: float  # cell height (m), positive

    @property
    def shape(self):
        return self.values.shape

    @property
    def bounds(self):
        """(xmin, ymin, xmax, ymax)"""
        rows, cols = self.shape
        return (self.x0, self.y0 - rows * self.dy, self.x0 + cols * self.dx, self.y0)

    def geotransform(self):
        """The GDAL geotransform of this grid."""
        return (self.x0, self.dx, 0.0, self.y0, 0.0, -self.dy)

    def cell_of(self, x, y):
        """(row, col) integer arrays of the cells holding points x, y (may lie outside)."""
        col = np.floor((np.asarray(x, dtype=float) - self.x0) / self.dx).astype(np.int64)
        row = np.floor((self.y0 - np.asarray(y, dtype=float)) / self.dy).astype(np.int64)
        return row, col

    def centre_of(self, row, col):
        """(x, y) arrays of the centres of cells (row, col)."""
        x = self.x0 + (np.asarray(col, dtype=float) + 0.5) * self.dx
        y = self.y0 - (np.asarray(row, dtype=float) + 0.5) * self.dy
        return x, y

    def inside(self, row, col):
        """Boolean array: which (row, col) lie on the grid."""
        rows, cols = self.shape
        row = np.asarray(row)
        col = np.asarray(col)
        return (row >= 0) & (row < rows) & (col >= 0) & (col < cols)

    def sample(self, row, col):
        """The values of the cells (*row*, *col*) (integer arrays, on the grid)."""
        return self.values[row, col]

    def at(self, x, y, fill=np.nan):
        """The values of the cells holding points *x*, *y*; *fill* for points off the grid."""
        row, col = self.cell_of(x, y)
        on = self.inside(row, col)
        found = np.asarray(self.sample(row[on], col[on]))  # sample: grids read by windows override it
        out = np.full(on.shape, fill, dtype=np.result_type(found.dtype, np.asarray(fill).dtype))
        out[on] = found
        return out

    def with_values(self, values):
        """A grid with the same geometry and other values."""
        return Grid(values, self.x0, self.y0, self.dx, self.dy)
