"""Small test grids of the corridor kernels: cells of 10 m, the upper-left corner at (0, H); cell
(row r, col c) spans x = 10c..10c+10."""
import numpy as np
from shapely.geometry import box

from wertvoll.kernels.grid import Grid

CELL = 10.0


def grid_of(values):
    values = np.asarray(values, dtype=float)
    return Grid(values, 0.0, values.shape[0] * CELL, CELL, CELL)


def dot(grid, row, col, half=1.0):
    """A 2 × 2 m square in the middle of cell (row, col)."""
    x, y = grid.centre_of(row, col)
    return box(float(x) - half, float(y) - half, float(x) + half, float(y) + half)


def cells_box(grid, r0, c0, r1, c1):
    """The rectangle covering cells rows r0..r1, cols c0..c1 exactly."""
    return box(grid.x0 + c0 * CELL, grid.y0 - (r1 + 1) * CELL, grid.x0 + (c1 + 1) * CELL, grid.y0 - r0 * CELL)
